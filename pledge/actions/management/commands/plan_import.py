"""python manage.py plan_import FILE: read an action plan from CSV, XLSX or DOCX, and save it.

    manage.py plan_import plan.docx --dry-run --format json
    manage.py plan_import plan.xlsx --title "Action plan 2026-27" --starts 2026-04-01 \\
        --ends 2027-03-31 [--strategy 3]

With --dry-run nothing is saved. Without it the plan is saved only if the file has no errors,
all or nothing. --format json prints every action (reference, action, parent_reference,
agencies, leads, due with the original words and the parsed rule, success, measure) and every
problem with its row.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from boardfiles.plans import ParsedPlan, parse_plan
from boardfiles.problems import FileError
from boardfiles.tables import read_tables
from pledge.actions.services import plan_import
from pledge.core.errors import UserError
from pledge.core.management.arguments import iso_date
from pledge.core.models import Person
from pledge.core.selectors import AgencyMatcher
from pledge.strategy.models import Strategy
from pledge.strategy.selectors import strategy_current


class Command(BaseCommand):
    help = "Import an action plan from a CSV, XLSX or DOCX file (see --help)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="read and report; save nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--title", help="the plan's title (default: the file's name)")
        parser.add_argument("--starts", type=iso_date, help="first day of the plan, YYYY-MM-DD")
        parser.add_argument("--ends", type=iso_date, help="last day of the plan, YYYY-MM-DD")
        parser.add_argument("--strategy", type=int, help="strategy id (default: the current)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            tables = read_tables(path.name, path.read_bytes())
        except FileNotFoundError as error:
            raise CommandError(f"There is no file at {path}") from error
        except FileError as error:
            raise CommandError(str(error)) from error
        strategy = self._strategy(options["strategy"])
        authority = strategy.authority if strategy else None
        parsed = parse_plan(
            tables,
            plan_start=options["starts"],
            known_agencies=AgencyMatcher(authority.pk).names() if authority else [],
            known_people=[p.full_name for p in Person.objects.filter(is_active=True)],
        )
        saved = None
        if not options["dry_run"] and not parsed.has_errors:
            saved = self._save(path, parsed, strategy, options)
        self._report(parsed, options["format"], saved)
        if parsed.has_errors:
            raise CommandError("The file has errors (listed above): nothing was saved")

    def _strategy(self, pk: int | None) -> Strategy | None:
        if pk is None:
            return strategy_current()
        strategy = Strategy.objects.filter(pk=pk).first()
        if strategy is None:
            raise CommandError(f"There is no strategy {pk}")
        return strategy

    def _save(
        self, path: Path, parsed: ParsedPlan, strategy: Strategy | None, options: dict[str, Any]
    ) -> int:
        if strategy is None:
            raise CommandError("There is no strategy to put the plan under: create one first")
        if not options["starts"] or not options["ends"]:
            raise CommandError("Give the plan's --starts and --ends dates (or use --dry-run)")
        try:
            plan = plan_import(
                actor=None,
                strategy=strategy,
                title=options["title"] or path.stem,
                starts_on=options["starts"],
                ends_on=options["ends"],
                parsed=parsed,
                source_file=path.name,
            )
        except UserError as error:
            raise CommandError(error.message) from error
        return plan.pk

    def _report(self, parsed: ParsedPlan, output: str, saved: int | None) -> None:
        if output == "json":
            self.stdout.write(json.dumps(parsed.as_dict() | {"saved_plan": saved}, indent=2))
            return
        for action in parsed.actions:
            lead = ", ".join(action.agencies + action.leads) or "no lead"
            self.stdout.write(
                f"{action.where:>22}  {action.reference or '-':<8} "
                f"{action.action[:60]!r} | {lead} | {action.due.text or '-'}"
            )
        for problem in parsed.problems:
            self.stdout.write(f"{problem.severity.upper():>7} {problem.where}: {problem.message}")
        verb = f"Saved as plan {saved}" if saved else "Nothing saved"
        self.stdout.write(f"{len(parsed.actions)} actions, {len(parsed.problems)} notes. {verb}.")
