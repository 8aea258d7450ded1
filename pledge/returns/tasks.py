"""Background work for the scorecard: checking and storing a 903 return, and reading the
board's postcode lookup. Inline in the embedded default, on the worker in production (ADR
0005). Arguments are ids.

A fault is never raised as it came: its text may quote the return's rows, and the task runner
keeps a failed task's traceback in the database and the log. The load is marked failed (its
files deleted, the fault logged by type and place, `returns.return_fail`), and what is raised
names only that.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from django_tasks import task

from analytics.run import Progress
from pledge.core.models import Person
from pledge.returns.files import progress_writer
from pledge.returns.models import PostcodeLookup, ReturnLoad
from pledge.returns.scheduled import ReturnLoadFailedError
from pledge.returns.services import (
    postcodes_fail,
    postcodes_read,
    return_check,
    return_fail,
    return_store,
)


@task()
def check_return(*, load_id: int) -> str:
    return _step(load_id, lambda load, say: return_check(load=load, progress=say))


@task()
def store_return(*, load_id: int, actor_id: int | None) -> str:
    actor = Person.objects.filter(pk=actor_id).first() if actor_id else None
    return _step(load_id, lambda load, say: return_store(actor=actor, load=load, progress=say))


def _step(load_id: int, run: Callable[[ReturnLoad, Progress], ReturnLoad]) -> str:
    load = ReturnLoad.objects.select_related("authority").get(pk=load_id)
    try:
        return run(load, progress_writer(load)).state
    except Exception as error:
        return_fail(load=load, error=error)
        raise ReturnLoadFailedError(load, error) from None


@task()
def read_postcodes(*, lookup_id: int, folder: str) -> str:
    """Read an uploaded postcode directory (its folder under REFERENCE_DIR), then remove it."""
    lookup = PostcodeLookup.objects.select_related("authority", "loaded_by").get(pk=lookup_id)
    try:
        return postcodes_read(lookup=lookup, path=Path(folder), remove=True).state
    except Exception as error:
        shutil.rmtree(folder, ignore_errors=True)
        postcodes_fail(lookup=lookup, error=error)
        raise
