"""The board's indicators from the SSDA903 return: one small module per family, pure functions.

Every indicator takes the prepared tables and the as-at date D (a month end; never the wall
clock) and returns one `Reading` per authority (INDICATORS.md 4.1).
"""
