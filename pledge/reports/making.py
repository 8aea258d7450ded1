"""Making a requested board pack, in the background: claimed, its contents worked out once, its
PDF and Word files written for the board and for the public, then kept. The slow part runs
outside any transaction, saying how far it has got for the pack's progress page."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from pledge.reports.formats import pack_docx, pack_pdf
from pledge.reports.models import BoardPack
from pledge.reports.pack import pack_contents
from pledge.reports.services import pack_start, pack_store


def pack_make(pack: BoardPack) -> BoardPack:
    if not pack_start(pack=pack):
        return pack  # taken by another worker, or given up
    say = progress_writer(pack)
    contents = pack_contents(
        pack.authority, pack.covers, version=pack.version, made_at=pack.requested_at
    )
    files: dict[str, bytes] = {}
    for audience in ("board", "public"):
        say(f"Writing the PDF for the {audience}")
        files[f"{audience}.pdf"] = pack_pdf(contents[audience])
        say(f"Writing the Word document for the {audience}")
        files[f"{audience}.docx"] = pack_docx(contents[audience])
    return pack_store(pack=pack, contents=contents, files=files)


def progress_writer(pack: BoardPack) -> Callable[[str], None]:
    """How far making the pack has got, where its page reads it, with when it was said: a pack
    whose making falls silent is given up (`packs_tidy`)."""

    def say(words: str) -> None:
        BoardPack.objects.filter(pk=pack.pk).update(
            progress=words[:200], heartbeat_at=timezone.now()
        )

    return say
