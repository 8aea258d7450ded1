"""manage.py housekeeping: run the periodic jobs once (pledge/core/periodic.py).

The production worker (`manage.py worker`) runs them every ten minutes by itself; this is for the
embedded default, which has no worker, or for a cron line where an operator prefers one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pledge.core.periodic import run_periodic


class Command(BaseCommand):
    help = "Expire unconfirmed uploads, fail stale loads, prune old task results: once."

    def handle(self, *args: Any, **options: Any) -> None:
        for job, done in run_periodic().items():
            self.stdout.write(f"{job.rsplit('.', 1)[-1]}: {done}")
