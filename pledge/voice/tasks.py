"""Emails of young people's voice: the safeguarding alert, at once, and the note to a group's
participation worker that an answer to the group is published. Task arguments are ids."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.urls import reverse
from django_tasks import task

from pledge.voice.models import Message, Review, YouSaid
from pledge.voice.selectors import alert_recipients
from pledge.voice.services import ALERT_ATTEMPTS, ALERT_PATIENCE, safeguarding_alert_sent


@task()
def send_safeguarding_alert(*, message_id: int) -> str:
    """Email a flagged message to the safeguarding contact; a failure is tried again by the
    periodic job (services.safeguarding_alerts_send)."""
    message = Message.objects.select_related("authority").get(pk=message_id)
    if message.alerted_at is not None:
        return "already sent"
    recipients = [person.email for person in alert_recipients(message.authority)]
    contact = message.authority.safeguarding_contact
    if not recipients:
        safeguarding_alert_sent(message=message, sent=False)
        return "nobody to send to"
    context = {
        "message": message,
        "board": message.authority.board_name,
        "review_link": _link("voice:review", message.pk),
        "named": bool(contact and contact.is_active),
    }
    try:
        _email("safeguarding_alert", context, recipients).send()
    except Exception:  # an SMTP fault of any kind: noted and tried again, never lost
        safeguarding_alert_sent(message=message, sent=False)
        return "failed"
    safeguarding_alert_sent(message=message, sent=True)
    return "sent"


@task()
def send_answer_published(*, you_said_id: int) -> str:
    """Tell a group's participation worker that the answer to what the group said is public."""
    item = YouSaid.objects.select_related("group__worker", "authority").get(pk=you_said_id)
    worker = item.group.worker if item.group else None
    if worker is None or not worker.is_active:
        return "no worker to tell"
    context = {
        "item": item,
        "worker": worker,
        "board": item.authority.board_name,
        "public_link": settings.SITE_URL.rstrip("/")
        + reverse("voice_public:you_said_we_did")
        + f"#said-{item.pk}",
        "item_link": _link("voice:you_said", item.pk),
    }
    _email("answer_published", context, [worker.email]).send()
    return "sent"


def safeguarding_alerts_send(*, now: datetime.datetime) -> dict[str, int]:
    """The periodic job: queue again each flagged message's alert that has not gone (a failed
    send, a worker stopped before sending), up to ALERT_ATTEMPTS times."""
    unsent = Message.objects.filter(
        review=Review.WAITING,
        alerted_at__isnull=True,
        alert_attempts__lt=ALERT_ATTEMPTS,
        received_at__lt=now - ALERT_PATIENCE,
    ).values_list("pk", flat=True)
    for pk in unsent:
        send_safeguarding_alert.enqueue(message_id=pk)
    return {"queued": len(unsent)}


def _link(name: str, pk: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[pk])


def _email(name: str, context: dict[str, object], to: list[str]) -> EmailMultiAlternatives:
    # One line, whatever the words hold: a line break in a header is refused.
    subject = " ".join(loader.render_to_string(f"voice/email/{name}_subject.txt", context).split())
    email = EmailMultiAlternatives(
        subject=subject,
        body=loader.render_to_string(f"voice/email/{name}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    email.attach_alternative(
        loader.render_to_string(f"voice/email/{name}.html", context), "text/html"
    )
    return email
