"""python manage.py kpi_import FILE: read a board's KPIs from a CSV, XLSX or DOCX file.

    manage.py kpi_import cheshire_east_scorecard_measures_2015-17.docx --dry-run
    manage.py kpi_import scorecard.xlsx --dry-run --format json
    manage.py kpi_import lancashire_eet_kpi_framework.xlsx --plan 3 --targets-from 2026-04-01

The file is read as the app's import page reads it (`scorecard.importing.parse_kpis`). With
--dry-run nothing is saved: the KPIs and every problem are printed, as text or as JSON (each KPI
with reference, name, outcome, lead_agency, unit, polarity, target with its words and parsed
rule, baseline, latest, actions, row). Without it the KPIs are saved, all or none, exactly as
the app's confirm step saves them. Exit status 1 when the file has errors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from boardfiles.kpis import ParsedKpis, parse_kpis
from boardfiles.problems import FileError
from boardfiles.tables import read_tables
from boardfiles.words import counted
from pledge.actions.models import ActionPlan
from pledge.core.errors import UserError
from pledge.core.management.arguments import iso_date
from pledge.core.models import Agency, Authority
from pledge.scorecard import services


class Command(BaseCommand):
    help = "Read KPIs from a scorecard, measures list or KPI framework file (see --help)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="print what would be saved")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument(
            "--targets-from",
            type=iso_date,
            help="the day the targets apply from, YYYY-MM-DD (default: today)",
        )
        parser.add_argument("--plan", type=int, help="the plan (id) whose actions to link")
        parser.add_argument("--authority", help="the authority's ONS code (default: the only one)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"There is no file at {path}")
        # A dry run needs no board: it only reads the file.
        authority = None if options["dry_run"] else _authority(options["authority"])
        plan = ActionPlan.objects.filter(pk=options["plan"]).first() if options["plan"] else None
        if options["plan"] and plan is None:
            raise CommandError(f"There is no plan {options['plan']}")
        known = (
            Agency.objects.filter(authority=authority).values_list("name", flat=True)
            if authority
            else []
        )
        try:
            parsed = parse_kpis(read_tables(path.name, path.read_bytes()), known_agencies=known)
        except FileError as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            self.stdout.write(json.dumps(parsed.as_dict(), indent=2, ensure_ascii=False))
        else:
            self._print(parsed)
        if parsed.has_errors:
            raise CommandError("The file has errors (above): nothing was saved")
        if authority is None:
            return
        try:
            saved = services.kpi_import(
                actor=None,
                authority=authority,
                parsed=parsed,
                targets_from=options["targets_from"] or timezone.localdate(),
                plan=plan,
                source_file=path.name,
            )
        except UserError as error:
            raise CommandError(error.message) from error
        self.stderr.write(f"Saved {counted(len(saved), 'KPI')} to {authority}'s scorecard")

    def _print(self, parsed: ParsedKpis) -> None:
        for kpi in parsed.kpis:
            target = kpi.target
            self.stdout.write(f"{kpi.where}: {kpi.reference} {kpi.name}")
            self.stdout.write(
                f"    {kpi.outcome or 'no outcome'} | {kpi.unit.label} | {kpi.polarity.label} | "
                f"target: {target.words or 'none'} ({target.kind})"
            )
            if kpi.latest is not None:
                self.stdout.write(f"    latest: {kpi.latest.words} {kpi.latest.period}".rstrip())
            if kpi.actions:
                self.stdout.write(f"    actions: {', '.join(kpi.actions)}")
        for problem in parsed.problems:
            self.stdout.write(f"{problem.severity.upper()} {problem.where}: {problem.message}")
        self.stdout.write(
            f"{counted(len(parsed.kpis), 'KPI')}, {counted(len(parsed.problems), 'problem')}"
        )


def _authority(code: str | None) -> Authority:
    authorities = Authority.objects.filter(code=code) if code else Authority.objects.all()
    if len(authorities) != 1:
        raise CommandError(
            f"There is no authority {code} in Pledge"
            if code
            else "Say which authority with --authority CODE"
        )
    return authorities[0]
