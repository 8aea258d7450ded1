"""Argument types the management commands share."""

from __future__ import annotations

import argparse
import datetime


def iso_date(text: str) -> datetime.date:
    """A date given as YYYY-MM-DD; otherwise argparse says how to write it and exits."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a date: write it as YYYY-MM-DD'
        ) from error
