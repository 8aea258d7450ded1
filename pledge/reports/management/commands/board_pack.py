"""python manage.py board_pack --period-end YYYY-MM-DD: the board pack for a period, as a file.

    manage.py board_pack --period-end 2026-03-31 --format pdf --out pack.pdf
    manage.py board_pack --period-end 2026-03-31 --period year --format docx --out p.docx --public

Writes the pack the app would make for the period, from the same template: the board's version,
or with --public the public's (every figure of ours through DfE's suppression). It is a copy for
the terminal: to keep a dated version the board can publish, make the pack in the app. Exit
status 1, with the reason, for a period with nothing dated in it.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from boardfiles.periods import month_end
from pledge.core.management.arguments import iso_date
from pledge.core.selectors import authority_current
from pledge.reports.formats import pack_docx, pack_html, pack_pdf
from pledge.reports.models import PackPeriod, Period
from pledge.reports.pack import EmptyPeriodError, pack_contents

WRITERS = {
    "html": lambda pack: pack_html(pack).encode(),
    "pdf": pack_pdf,
    "docx": pack_docx,
}


class Command(BaseCommand):
    help = "Write the board pack for a period as HTML, PDF or Word (see --help)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period-end",
            type=iso_date,
            required=True,
            help="the last day of the period, YYYY-MM-DD (a month end)",
        )
        parser.add_argument(
            "--period", choices=[kind.value for kind in PackPeriod], default=PackPeriod.QUARTER
        )
        parser.add_argument("--format", choices=sorted(WRITERS), required=True, dest="format")
        parser.add_argument("--out", type=Path, required=True, help="the file to write")
        parser.add_argument(
            "--public", action="store_true", help="the public's version (small numbers hidden)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        end: datetime.date = options["period_end"]
        if end != month_end(end.year, end.month):
            raise CommandError(
                f"--period-end {end} is not the last day of a month: did you mean "
                f"{month_end(end.year, end.month)}?"
            )
        authority = authority_current()
        if authority is None:
            raise CommandError("No board is set up yet: run `manage.py load_demo` or set one up")
        period = Period.ending(PackPeriod(options["period"]), end)
        try:
            contents = pack_contents(authority, period, version=None, made_at=timezone.now())
        except EmptyPeriodError as error:
            raise CommandError(error.message) from None
        pack = contents["public" if options["public"] else "board"]
        out: Path = options["out"]
        out.write_bytes(WRITERS[options["format"]](pack))
        self.stdout.write(f"Wrote the board pack for {period.in_words} to {out}")
