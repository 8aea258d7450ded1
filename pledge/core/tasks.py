"""Background work for the core app. Inline in the embedded default, on the worker in production.

Task arguments are kept in the database until the result is pruned, so they are ids and
addresses, never a secret: a link to choose a password is made here, just before it is sent.
"""

from typing import Literal

from django.conf import settings
from django.core.mail import send_mail
from django.template import loader
from django_tasks import task

from pledge.core.models import Authority, Person
from pledge.core.tokens import lifetime, set_password_path


@task()
def send_password_link(
    *, person_id: int, base_url: str, kind: Literal["invitation", "reset"], inviter: str = ""
) -> int:
    """Email someone a link to choose their password: an invitation or a reset they asked for.
    Returns how many were sent (none for an account gone or deactivated meanwhile)."""
    person = Person.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        return 0
    authority = Authority.objects.first()
    hours = int(lifetime(person).total_seconds() // 3600)
    context = {
        "person": person,
        "inviter": inviter or "The board's administrator",
        "board": authority.board_name if authority else "your Corporate Parenting Board",
        "link": base_url.rstrip("/") + set_password_path(person),
        "works_for": f"{hours // 24} days" if hours >= 48 else f"{hours} hours",
    }
    subject = loader.render_to_string(f"core/email/{kind}_subject.txt", context).strip()
    body = loader.render_to_string(f"core/email/{kind}.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])


@task()
def worker_ping() -> str:
    """A no-op the production smoke test enqueues to prove a worker is taking tasks."""
    return "pong"
