"""Background tasks as production runs them, for the tests that must see what a worker keeps:
the database backend (which stores arguments, results and tracebacks) and its worker."""

from django_tasks_db.management.commands.db_worker import Worker

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_queued_tasks() -> None:
    """Run every task queued so far, as the production worker would, then return."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    ).run()
