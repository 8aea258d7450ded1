"""Describing a fault without what it was about.

An exception raised while reading or checking a return may quote the files' rows in its message
(polars' CSV errors do: whole lines, children's identifiers and dates of birth among them). So
wherever a fault is kept or shown, in a report, a log line or a task's stored result, it is
described by its type and where in the code it happened, never by its message.
"""

from __future__ import annotations

import traceback

WITHHELD = "(message withheld: it may quote the files)"


def described(error: BaseException) -> str:
    """The fault's type and the innermost line of code it came from, e.g.
    "ComputeError in analytics/ssda903/read.py, line 230 (_scan)"."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return type(error).__name__
    last = frames[-1]
    return f"{type(error).__name__} in {_short(last.filename)}, line {last.lineno} ({last.name})"


def scrubbed_traceback(error: BaseException) -> str:
    """The whole traceback, causes included, as Python prints it but with every exception's
    message left out: enough for a maintainer to find the fault, nothing of the data."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        stack = traceback.StackSummary.extract(
            traceback.walk_tb(current.__traceback__), capture_locals=False
        )
        kind = type(current)
        parts.append(
            "Traceback (most recent call last):\n"
            + "".join(stack.format())
            + f"{kind.__module__}.{kind.__qualname__} {WITHHELD}\n"
        )
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "\nCaused by:\n".join(reversed(parts))


def _short(filename: str) -> str:
    """A file's path from its package down: no server folders."""
    for package in ("analytics/", "pledge/"):
        if package in filename:
            return package + filename.rsplit(package, 1)[1]
    return filename.rsplit("/", 1)[-1]
