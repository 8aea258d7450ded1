"""python manage.py return_903_load PATH... --authority CODE: a scheduled load of the 903 return.

    manage.py return_903_load /data/903/2025 /data/903/2026 --authority E06000999
    manage.py return_903_load return.xml --authority E06000999 --as-at 2026-03-31

PATH is what `pledge-903` reads: a folder of the authority's CSVs (year folders named by the
collection year's end year), combined CSVs, or XML files. The engine checks the files and, unless
they cannot be used, stores every indicator at every month end they cover (or at each --as-at
date): aggregates only. Rows with errors are left out of the indicators and counted. Exit status
1 when the return was refused; the issues are printed either way, counted by rule.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pledge.core.management.arguments import iso_date
from pledge.core.models import Authority
from pledge.returns.models import ReturnLoad
from pledge.returns.scheduled import ReturnLoadFailedError, return_load


class Command(BaseCommand):
    help = "Check an SSDA903 return and store its indicators (see --help)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--authority", required=True, help="the authority's ONS code")
        parser.add_argument(
            "--as-at",
            type=iso_date,
            action="append",
            default=[],
            dest="as_at",
            help="a month end to compute, YYYY-MM-DD (repeat; default: every one covered)",
        )
        parser.add_argument(
            "--year", type=int, help="the collection year's end year, for files with no year folder"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        authority = Authority.objects.filter(code=options["authority"]).first()
        if authority is None:
            raise CommandError(f"There is no authority {options['authority']} in Pledge")
        paths: list[Path] = options["paths"]
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"There is nothing at {', '.join(missing)}")
        try:
            load = return_load(
                actor=None,
                authority=authority,
                paths=paths,
                filenames=[path.name for path in paths],
                as_at=options["as_at"],
                year=options["year"],
                progress=self._progress if sys.stderr.isatty() else None,
            )
        except ReturnLoadFailedError as error:  # named by type and place: it may quote rows
            raise CommandError(f"Nothing was stored: {error}") from None
        for issue in load.summary:
            self.stdout.write(
                f"{issue['count']:>7}  {issue['severity']:<7}  {issue['code']:<6}  "
                f"{issue['table'] or '-'}: {issue['message']}"
            )
        if load.state != ReturnLoad.State.STORED:
            raise CommandError(f"Nothing was stored: {load.failure}")
        self.stdout.write(
            f"Stored {load.values_stored:,} indicator values at {load.as_at_dates} month ends "
            f"({load.errors:,} errors, {load.warnings:,} warnings)."
        )

    def _progress(self, text: str) -> None:
        self.stderr.write(text)
