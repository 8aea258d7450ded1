"""A scheduled 903 load (`manage.py return_903_load`, the demo): the services one after another
on files where they lie, each committing on its own, so that a fault leaves the load failed and
said so rather than rolled back out of sight."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from analytics.faults import described
from analytics.run import Progress
from pledge.core.errors import UserError
from pledge.core.models import Authority, Person
from pledge.returns.models import ReturnLoad
from pledge.returns.services import return_confirm, return_fail, return_start, return_store


def return_load(
    *,
    actor: Person | None,
    authority: Authority,
    paths: Sequence[Path],
    filenames: Sequence[str],
    as_at: Sequence[datetime.date] = (),
    year: int | None = None,
    progress: Progress | None = None,
) -> ReturnLoad:
    """A scheduled load: check and store in one go, on files where they lie. A fault marks the
    load failed and is raised as `ReturnLoadFailedError`, which names it without its text."""
    if not paths:
        raise UserError("Name the return's files")
    load = return_start(actor=actor, authority=authority, filenames=filenames)
    return_confirm(actor=actor, load=load)
    try:
        return return_store(
            actor=actor, load=load, paths=paths, as_at=as_at, year=year, progress=progress
        )
    except Exception as error:
        return_fail(load=load, error=error)
        raise ReturnLoadFailedError(load, error) from None


class ReturnLoadFailedError(RuntimeError):
    """A load stopped by a fault in Pledge: named by its type and place in the code only."""

    def __init__(self, load: ReturnLoad, error: BaseException) -> None:
        super().__init__(f"903 load {load.pk} failed: {described(error)}")
