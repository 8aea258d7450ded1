"""Errors a person can fix, kept apart from programming errors (which are plain exceptions)."""


class UserError(Exception):
    """A request the service refuses for a reason the person can act on; the message says how."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
