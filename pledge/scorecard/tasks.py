"""Background work for the scorecard: checking and storing a 903 return. Inline in the
embedded default, on the worker in production (ADR 0005). Arguments are ids."""

from __future__ import annotations

from collections.abc import Callable

from django_tasks import task

from pledge.core.models import Person
from pledge.scorecard.models import ReturnLoad
from pledge.scorecard.returns import remove_files, return_check, return_store


def _progress(load: ReturnLoad) -> Callable[[str], None]:
    """The engine's progress, written where the load's page reads it."""

    def say(text: str) -> None:
        ReturnLoad.objects.filter(pk=load.pk).update(progress=text[:300])

    return say


@task()
def check_return(*, load_id: int) -> str:
    return _step(load_id, lambda load, say: return_check(load=load, progress=say))


@task()
def store_return(*, load_id: int, actor_id: int | None) -> str:
    actor = Person.objects.filter(pk=actor_id).first() if actor_id else None
    return _step(load_id, lambda load, say: return_store(actor=actor, load=load, progress=say))


def _step(load_id: int, run: Callable[[ReturnLoad, Callable[[str], None]], ReturnLoad]) -> str:
    """One step of a load, its progress written where the load's page reads it; a fault marks
    the load failed (and removes its files) before it is raised for the worker's log."""
    load = ReturnLoad.objects.select_related("authority").get(pk=load_id)
    try:
        return run(load, _progress(load)).state
    except Exception as error:
        _failed(load, error)
        raise


def _failed(load: ReturnLoad, error: Exception) -> None:
    """A fault in Pledge, not in the files: say so on the load's page; its files go."""
    remove_files(load)
    ReturnLoad.objects.filter(pk=load.pk).update(
        state=ReturnLoad.State.FAILED,
        failure=f"Pledge could not finish this ({type(error).__name__}). Nothing was stored. "
        "Try again; if it fails again, tell the board's administrator.",
    )
