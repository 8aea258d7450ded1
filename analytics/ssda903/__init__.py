"""The SSDA903 return: its tables, columns and code lists per collection year, as data."""
