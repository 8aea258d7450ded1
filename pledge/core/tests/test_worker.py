"""The worker keeps going through a database outage, and runs the periodic jobs."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pledge.core import periodic
from pledge.core.management.commands import worker as worker_command
from pledge.core.tasks import worker_ping


class FlakyWorker:
    """Fails as a worker does while the database is away, then stops when told."""

    worker_id = "test"

    def __init__(self, failures: int) -> None:
        self.failures, self.runs, self.running = failures, 0, True

    def run(self) -> None:
        self.runs += 1
        if self.runs <= self.failures:
            raise OperationalError("connection refused")
        self.running = False


def test_the_worker_waits_longer_each_time_the_database_is_away_then_carries_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slept: list[float] = []
    jobs: list[int] = []
    monkeypatch.setattr(worker_command.time, "sleep", slept.append)
    monkeypatch.setattr(worker_command, "run_periodic", lambda: jobs.append(1))
    flaky = FlakyWorker(failures=5)
    worker_command.keep_running(flaky, interval=1, longest_wait=4)  # type: ignore[arg-type]
    assert flaky.runs == 6  # it came back and took tasks again
    assert slept == [1, 2, 4, 4, 4]
    assert jobs == [1]  # once at the start; not again until ten minutes have passed


def test_a_failing_job_does_not_stop_the_others(monkeypatch: pytest.MonkeyPatch, db: None) -> None:
    monkeypatch.setattr(periodic, "JOBS", ("pledge.core.tests.test_worker._broken", *periodic.JOBS))
    done = periodic.run_periodic()
    assert done["pledge.core.tests.test_worker._broken"] == "failed: ZeroDivisionError"
    assert done["pledge.core.periodic.task_results_tidy"] == {"abandoned": 0, "deleted": 0}


def _broken(**_: Any) -> None:
    1 / 0  # noqa: B018


@pytest.mark.django_db
def test_tasks_a_killed_worker_left_running_are_failed_and_old_results_deleted(
    settings: Any,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    abandoned, recent, old = (DBTaskResult.objects.get(id=worker_ping.enqueue().id) for _ in "abc")
    DBTaskResult.objects.filter(id=abandoned.id).update(
        status=TaskResultStatus.RUNNING, started_at=now - datetime.timedelta(hours=1)
    )
    DBTaskResult.objects.filter(id=recent.id).update(
        status=TaskResultStatus.RUNNING, started_at=now - datetime.timedelta(minutes=5)
    )
    DBTaskResult.objects.filter(id=old.id).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=now - datetime.timedelta(days=8)
    )
    assert periodic.task_results_tidy(now=now) == {"abandoned": 1, "deleted": 1}
    assert DBTaskResult.objects.get(id=abandoned.id).status == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(id=recent.id).status == TaskResultStatus.RUNNING
    assert not DBTaskResult.objects.filter(id=old.id).exists()
