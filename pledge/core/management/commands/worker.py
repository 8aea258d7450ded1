"""manage.py worker: the production task worker. django-tasks-db's worker, kept going.

    manage.py worker [--queue-name default] [--interval 1] [--longest-wait 60]

It takes tasks as `db_worker` does, and besides: runs the periodic jobs (pledge/core/periodic.py)
every ten minutes, and when the database goes away (a restart, a failover) waits and tries again,
1, 2, 4... seconds up to --longest-wait, instead of exiting. Run exactly one, under a supervisor
that restarts it if it stops for any other reason (docs/howto/deploy.md).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import InterfaceError, OperationalError, connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from pledge.core.periodic import EVERY, run_periodic

logger = logging.getLogger("pledge.worker")


class Command(BaseCommand):
    help = "Run the task worker and the periodic jobs; outlives database outages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue-name", default="default", help="queues, comma-separated")
        parser.add_argument(
            "--interval", type=float, default=1, help="seconds between looks for a task"
        )
        parser.add_argument(
            "--longest-wait",
            type=float,
            default=60,
            help="the most seconds between tries while the database is away",
        )

    def handle(
        self, *args: Any, queue_name: str, interval: float, longest_wait: float, **options: Any
    ) -> None:
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=True,  # each run takes every task ready, then returns here
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()  # a stop signal ends the loop once the current task is done
        keep_running(worker, interval=interval, longest_wait=longest_wait)


def keep_running(worker: Worker, *, interval: float, longest_wait: float) -> None:
    """Tasks and periodic jobs until the worker is told to stop, through database outages."""
    periodic_due = time.monotonic()
    wait = 1.0
    logger.info("Worker %s started", worker.worker_id)
    while worker.running:
        try:
            if time.monotonic() >= periodic_due:
                logger.info("Periodic jobs: %s", run_periodic())
                periodic_due = time.monotonic() + EVERY.total_seconds()
            worker.run()
        except (OperationalError, InterfaceError) as error:
            logger.warning(
                "The database is unavailable (%s); trying again in %g s", type(error).__name__, wait
            )
            connections.close_all()  # a broken connection is opened afresh next time
            time.sleep(wait)
            wait = min(wait * 2, longest_wait)
            continue
        if wait > 1:
            logger.info("The database is back")
            wait = 1.0
        if worker.running:
            time.sleep(interval)
