"""manage.py ping_worker: prove a task worker is taking tasks (smoke tests and probes)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import TaskResultStatus

from pledge.core.tasks import worker_ping


class Command(BaseCommand):
    help = "Enqueue a no-op task and wait for a worker to run it; fails if none does in time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=30, help="seconds to wait")

    def handle(self, *args: Any, timeout: float = 30, **options: Any) -> None:
        result = worker_ping.enqueue()
        deadline = time.monotonic() + timeout
        while result.status not in {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}:
            if time.monotonic() > deadline:
                raise CommandError(f"No worker ran task {result.id} within {timeout:g} seconds")
            time.sleep(0.25)
            result.refresh()
        if result.status != TaskResultStatus.SUCCESSFUL:
            raise CommandError(f"The worker failed task {result.id}")
        self.stdout.write(self.style.SUCCESS(f"A worker ran task {result.id}"))
