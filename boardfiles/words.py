"""Small helpers for the words the service shows people."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str = "") -> str:
    """ "1 figure", "2 figures", "1,234 KPIs": a count with its noun, GOV.UK style."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def and_join(items: list[str]) -> str:
    """June, July and November."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)
