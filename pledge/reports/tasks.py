"""Background work for reports: making a board pack. Inline in the embedded default, on the
worker in production (ADR 0005). Arguments are ids."""

from __future__ import annotations

from django_tasks import task

from pledge.reports.making import pack_make
from pledge.reports.models import BoardPack
from pledge.reports.services import pack_fail


@task()
def make_pack(*, pack_id: int) -> str:
    pack = BoardPack.objects.select_related("authority").get(pk=pack_id)
    try:
        return pack_make(pack).state
    except Exception as error:
        pack_fail(pack=pack, error=error)
        raise
