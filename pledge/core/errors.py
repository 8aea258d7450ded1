"""Errors a person can fix, kept apart from programming errors (which are plain exceptions)."""

from __future__ import annotations

from collections.abc import Sequence


class UserError(Exception):
    """A request the service refuses for a reason the person can act on; the message says how."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class FileProblemsError(UserError):
    """A file with figures or rows that could not be read: nothing was saved. `problems` says
    where each one is, for the page to list them."""

    def __init__(self, message: str, problems: Sequence[object]) -> None:
        super().__init__(message, field="file")
        self.problems = list(problems)
