"""The periodic work, listed once: what the worker runs every `EVERY` between tasks
(`manage.py worker`) and `manage.py housekeeping` runs by hand or from cron
(docs/adr/0016-periodic-work-and-the-worker.md).

Each job is a function taking `now` and saying what it did; each is safe to run at any time
and as often as wanted. Jobs are named by path so that core needs no import of the apps.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from analytics.faults import scrubbed_traceback

logger = logging.getLogger(__name__)
EVERY = datetime.timedelta(minutes=10)
JOBS = (
    "pledge.returns.services.returns_tidy",  # stale and unconfirmed 903 loads, stray folders
    "pledge.core.services.uploads_expire",  # plans, KPIs, figures, comparators left unconfirmed
    "pledge.reports.services.packs_tidy",  # board packs whose making fell silent
    "pledge.core.periodic.task_results_tidy",
    "pledge.reminders.services.reminders_send",  # today's digests, and failed sends again
    "pledge.voice.tasks.safeguarding_alerts_send",  # flagged messages whose alert has not gone
)
# Finished task results are kept this long, for a maintainer to look at, then deleted.
TASK_RESULTS_KEPT = datetime.timedelta(days=7)


def run_periodic(*, now: datetime.datetime | None = None) -> dict[str, object]:
    """Run every job; one that fails is logged (by type and place only) and the rest still run."""
    now = now or timezone.now()
    done: dict[str, object] = {}
    for path in JOBS:
        try:
            done[path] = import_string(path)(now=now)
        except Exception as error:  # one job's fault must not stop the others or the worker
            logger.error("Periodic job %s failed:\n%s", path, scrubbed_traceback(error))
            done[path] = f"failed: {type(error).__name__}"
    return done


def task_results_tidy(*, now: datetime.datetime) -> dict[str, int]:
    """Mark as failed the tasks a killed worker left running, and delete finished results
    older than TASK_RESULTS_KEPT."""
    silent = now - datetime.timedelta(minutes=settings.TASKS_STALE_MINUTES)
    abandoned = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=silent
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="pledge.core.periodic.Abandoned",
        traceback="The worker running this task stopped before it finished.",
    )
    deleted, _ = (
        DBTaskResult.objects.finished().filter(finished_at__lt=now - TASK_RESULTS_KEPT).delete()
    )
    return {"abandoned": abandoned, "deleted": deleted}
