"""The files boards keep, read without Django: action plans, KPI lists and scorecards, figures,
DfE comparator downloads and statistical neighbours, from CSV, XLSX and DOCX.

Each reader returns plain dataclasses; the apps only turn them into models. A file that cannot
be read at all raises `problems.FileError`; anything read with a doubt is a `problems.Problem`.
No Django and no `pledge` imports (import-linter contract in pyproject.toml); mypy strict.
"""
