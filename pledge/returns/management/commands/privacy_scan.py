"""python manage.py privacy_scan RETURN... [--log FILE]...: is anything of these children kept?

    manage.py privacy_scan /secure/903/2025 --log /var/log/pledge/web.log

RETURN is the 903 return's files as they were uploaded (CSV or XML, unpacked). Its children's
identifiers and dates of birth are searched for in every table of the database, the logs named,
the folder where uploads sit while they are checked (RETURNS_WORK_DIR) and MEDIA_ROOT. It prints
where any turns up (never the value), and exits 1 if anything was found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pledge.returns.privacy import marks_in, search_database, search_files


class Command(BaseCommand):
    help = "Search the database, logs and upload folders for a 903 return's children."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="RETURN")
        parser.add_argument("--log", type=Path, action="append", default=[], help="a log file")

    def handle(self, *args: Any, **options: Any) -> None:
        marks = marks_in(options["paths"])
        if not marks:
            raise CommandError("There are no children's identifiers or dates of birth in RETURN")
        in_tables, rows = search_database(marks)
        places = [*options["log"], Path(settings.RETURNS_WORK_DIR), Path(settings.MEDIA_ROOT)]
        in_files, files = search_files(marks, places)
        self.stdout.write(
            f"Searched {rows:,} database rows and {files:,} files for "
            f"{len(marks.identifiers):,} children's identifiers and "
            f"{len(marks.births):,} dates of birth."
        )
        for found in in_tables + in_files:
            self.stdout.write(f"Found {found.what} in {found.where}")
        if in_tables or in_files:
            raise CommandError(f"Found children's data in {len(in_tables) + len(in_files)} places")
        self.stdout.write("Nothing found.")
