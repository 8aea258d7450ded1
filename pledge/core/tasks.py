"""Background work for the core app. Inline in the embedded default, on the worker in production."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text email; returns how many were sent."""
    return send_mail(subject, body, None, to)


@task()
def worker_ping() -> str:
    """A no-op the production smoke test enqueues to prove a worker is taking tasks."""
    return "pong"
