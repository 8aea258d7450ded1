"""Making and publishing board packs. A pack is asked for (`pack_request`), made in the
background (making.py: claimed by `pack_start`, its contents worked out once and its PDF and
Word files written for the board and the public, then kept by `pack_store`), and approved for
the public by an officer (`pack_publish`)."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Max, Q
from django.utils import timezone

from pledge.core.audit import audit_record, record_unchanged, service
from pledge.core.errors import UserError
from pledge.core.models import Authority, Person
from pledge.reports.models import BoardPack, PackState, Period
from pledge.reports.pack import EmptyPeriodError, has_something

logger = logging.getLogger(__name__)
DAY = "%-d %B %Y"


@service
def pack_request(*, actor: Person | None, authority: Authority, period: Period) -> BoardPack:
    """Ask for a pack of the period: a new version if one was made before."""
    if period.end > timezone.localdate():
        raise UserError(
            f"The period you chose ({period.title}) has not ended yet: choose one that has",
            field="period_end",
        )
    if not has_something(authority, period):
        raise EmptyPeriodError(period)
    made = BoardPack.objects.filter(
        authority=authority, period=period.kind, period_end=period.end
    ).aggregate(latest=Max("version"))["latest"]
    pack = BoardPack.objects.create(
        authority=authority,
        period=period.kind,
        period_start=period.start,
        period_end=period.end,
        version=(made or 0) + 1,
        requested_by=actor,
        requested_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        verb="pack.requested",
        target=pack,
        changes={"period": [None, period.title], "version": [None, pack.version]},
    )
    return pack


@service
def pack_start(*, pack: BoardPack) -> bool:
    """Claim a requested pack for making; False (and nothing done) if it was taken or given up."""
    pack = BoardPack.objects.select_for_update().get(pk=pack.pk)
    if pack.state != PackState.QUEUED:
        record_unchanged()
        return False
    pack.state, pack.progress, pack.heartbeat_at = (
        PackState.MAKING,
        "Gathering the figures",
        timezone.now(),
    )
    pack.save(update_fields=["state", "progress", "heartbeat_at"])
    audit_record(
        actor=None,
        verb="pack.started",
        target=pack,
        changes={"state": [PackState.QUEUED.label, PackState.MAKING.label]},
    )
    return True


@service
def pack_store(*, pack: BoardPack, contents: dict[str, Any], files: dict[str, bytes]) -> BoardPack:
    for audience in ("board", "public"):
        for kind in ("pdf", "docx"):
            field = getattr(pack, kind if audience == "board" else f"public_{kind}")
            name = pack.filename(audience, kind)
            field.save(name, ContentFile(files[f"{audience}.{kind}"]), save=False)
    pack.contents, pack.state, pack.progress = contents, PackState.READY, ""
    pack.made_at = timezone.now()
    pack.save()
    audit_record(
        actor=None,
        verb="pack.made",
        target=pack,
        changes={"state": [PackState.MAKING.label, PackState.READY.label]},
    )
    return pack


@service
def pack_fail(*, pack: BoardPack, error: BaseException) -> BoardPack:
    """The pack could not be made: it says so, and the fault is logged for the maintainers."""
    logger.error("Board pack %s failed", pack.pk, exc_info=error)
    pack.state, pack.progress = PackState.FAILED, ""
    pack.failure = (
        "Pledge could not make this pack. Try making it again; if it fails again, tell "
        "your administrator the pack's number"
    )
    pack.save(update_fields=["state", "progress", "failure"])
    audit_record(actor=None, verb="pack.failed", target=pack, changes={"state": [None, pack.state]})
    return pack


@service
def pack_publish(*, actor: Person, pack: BoardPack, published: bool) -> BoardPack:
    """Approve a made pack for the public (its public version, through DfE's suppression), or
    take it back."""
    pack = BoardPack.objects.select_for_update().get(pk=pack.pk)
    if published and not pack.is_ready:
        raise UserError("The pack is not ready yet: publish it once it has been made")
    if published == pack.is_published:
        raise UserError(
            "This pack is already published" if published else "This pack is not published"
        )
    before = pack.published_at
    pack.published_at = timezone.now() if published else None
    pack.published_by = actor if published else None
    pack.save(update_fields=["published_at", "published_by"])
    audit_record(
        actor=actor,
        verb="pack.published" if published else "pack.withdrawn",
        target=pack,
        changes={"published": [before is not None, published]},
    )
    return pack


@service
def packs_tidy(*, now: datetime.datetime) -> dict[str, int]:
    """Give up the packs whose making has fallen silent (a worker stopped, or none is running):
    each says so, and can be made again. Run by the worker's periodic jobs."""
    stale = now - datetime.timedelta(minutes=settings.TASKS_STALE_MINUTES)
    silent = BoardPack.objects.filter(
        Q(state=PackState.QUEUED, requested_at__lt=stale)
        | Q(state=PackState.MAKING, heartbeat_at__lt=stale)
    )
    for pack in silent:
        pack.state, pack.progress = PackState.FAILED, ""
        pack.failure = "Pledge stopped before the pack was made (it was interrupted)"
        pack.save(update_fields=["state", "progress", "failure"])
        audit_record(
            actor=None,
            verb="pack.failed",
            target=pack,
            changes={"state": [None, PackState.FAILED.label]},
            reason="silent",
        )
    if not silent:
        record_unchanged()
    return {"failed": len(silent)}
