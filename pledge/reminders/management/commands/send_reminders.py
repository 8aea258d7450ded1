"""`manage.py send_reminders`: the day's reminder digests, as the worker sends them (ADR 0023)."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pledge.core.selectors import authority_current
from pledge.reminders.digest import digests_due
from pledge.reminders.services import reminders_send


class Command(BaseCommand):
    help = (
        "Build the reminder digests due on a day and send them (through the task worker, or "
        "inline in the embedded default). With --dry-run, send nothing and show every digest "
        "as on that day, each saying whether it is its person's day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="the day to build the digests for, as YYYY-MM-DD (default: today)",
        )
        parser.add_argument("--dry-run", action="store_true", help="show them, send nothing")
        parser.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        authority = authority_current()
        if authority is None:
            raise CommandError("The board is not set up yet: run `manage.py setup_board` first")
        on: datetime.date = options["date"] or timezone.localdate()
        if options["dry_run"]:
            self._show(digests_due(authority, on=on, any_day=True), options["format"])
            return
        noon = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
        done = reminders_send(now=noon)
        self.stdout.write(f"Queued {done['queued']} digests; tried {done['retried']} again")

    def _show(self, digests: list[Any], form: str) -> None:
        if form == "json":
            for digest in digests:
                record = {
                    "email": digest.person.email,
                    "sent_on_this_day": digest.due_today,
                    "items": [item.as_json(settings.SITE_URL) for item in digest.items],
                }
                self.stdout.write(json.dumps(record))
            return
        for digest in digests:
            when = "sent on this day" if digest.due_today else "not their day"
            self.stdout.write(f"{digest.person.full_name} <{digest.person.email}> ({when})")
            for item in digest.items:
                due = f" (by {item.due:%-d %B %Y})" if item.due else ""
                self.stdout.write(f"  {item.kind.heading}: {item.title}{due}")
        sent = sum(digest.due_today for digest in digests)
        self.stdout.write(f"{len(digests)} digests, {sent} of them sent on this day")
