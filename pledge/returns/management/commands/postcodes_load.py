"""python manage.py postcodes_load PATH: load the ONS postcode directory for the board's 903 loads.

    manage.py postcodes_load ONSPD_NOV_2025_UK/Data/ONSPD_NOV_2025_UK.csv

PATH is what `pledge-903 --postcodes` reads: the ONSPD or NSPL CSV, or a folder of its CSVs
(docs/howto/use-a-postcode-lookup.md). For a directory too large to upload through the app.
The file is read where it lies and left there. Exit status 1, with the reasons, if it cannot be
used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pledge.core.selectors import authority_current
from pledge.returns.models import PostcodeLookup
from pledge.returns.services import postcodes_read, postcodes_start


class Command(BaseCommand):
    help = "Load the ONS postcode directory the 903 loads use (see --help)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="PATH")

    def handle(self, *args: Any, **options: Any) -> None:
        authority = authority_current()
        if authority is None:
            raise CommandError("No board is set up yet")
        path: Path = options["path"]
        lookup = postcodes_start(actor=None, authority=authority, filename=path.name)
        lookup = postcodes_read(lookup=lookup, path=path, remove=False)
        for problem in lookup.problems:
            self.stderr.write(problem)
        if lookup.state != PostcodeLookup.State.LOADED:
            raise CommandError("The postcode lookup was not loaded")
        self.stdout.write(f"Loaded {lookup.postcodes:,} postcodes from {path}")
