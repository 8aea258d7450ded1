"""Making and publishing board packs. A pack is asked for (`pack_request`), made in the
background (`pack_make`: its contents worked out once, then its PDF and Word files for the board
and for the public), and approved for the public by an officer (`pack_publish`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone

from pledge.core.audit import audit_record, service
from pledge.core.errors import UserError
from pledge.core.models import Authority, Person
from pledge.reports.formats import pack_docx, pack_pdf
from pledge.reports.models import BoardPack, PackPeriod, PackState
from pledge.reports.pack import EmptyPeriodError, Period, has_something, pack_contents

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


def pack_make(pack: BoardPack, say: Callable[[str], None] | None = None) -> BoardPack:
    """Make a requested pack: claimed once, its contents worked out, then its four files. The
    slow part runs outside any transaction so the progress page can follow it."""
    say = say or (lambda words: _say(pack, words))
    if not BoardPack.objects.filter(pk=pack.pk, state=PackState.QUEUED).update(
        state=PackState.MAKING, progress="Gathering the figures"
    ):
        return pack  # already taken
    period = Period(PackPeriod(pack.period), pack.period_start, pack.period_end)
    contents = pack_contents(
        pack.authority, period, version=pack.version, made_at=pack.requested_at
    )
    files: dict[str, bytes] = {}
    for audience in ("board", "public"):
        say(f"Writing the PDF for the {audience}")
        files[f"{audience}.pdf"] = pack_pdf(contents[audience])
        say(f"Writing the Word document for the {audience}")
        files[f"{audience}.docx"] = pack_docx(contents[audience])
    return pack_store(pack=pack, contents=contents, files=files)


@service
def pack_store(*, pack: BoardPack, contents: dict[str, Any], files: dict[str, bytes]) -> BoardPack:
    stem = f"{pack.authority.code}-board-pack-{pack.period}-{pack.period_end}-v{pack.version}"
    for field, name in (
        ("pdf", "board.pdf"),
        ("docx", "board.docx"),
        ("public_pdf", "public.pdf"),
        ("public_docx", "public.docx"),
    ):
        public = "-public" if name.startswith("public") else ""
        getattr(pack, field).save(
            f"{stem}{public}.{name.rsplit('.', 1)[1]}", ContentFile(files[name]), save=False
        )
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


def _say(pack: BoardPack, words: str) -> None:
    """How far making the pack has got, for its progress page."""
    BoardPack.objects.filter(pk=pack.pk).update(progress=words[:200])
