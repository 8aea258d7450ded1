"""Each person's choice of when their reminders come, and the log of what was sent."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.views import authority_or_404, posted
from pledge.reminders import services
from pledge.reminders.digest import Digest, choice_for, digests_due
from pledge.reminders.forms import ReminderChoiceForm
from pledge.reminders.models import SentReminder

LOG_ROWS = 200


@permission_required("reminders.choose")
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose when your digest comes; see what it would list today, and what was sent to you."""
    person = request.user
    choice = choice_for(person)
    form = ReminderChoiceForm(
        posted(request), initial={"frequency": choice.frequency, "weekday": choice.weekday}
    )
    if request.method == "POST" and form.is_valid():
        services.reminder_choice_set(actor=person, person=person, **form.cleaned_data)
        messages.success(request, "Your reminders are set")
        return redirect("reminders:mine")
    today = timezone.localdate()
    digests = digests_due(authority_or_404(), on=today, any_day=True)
    return render(
        request,
        "reminders/mine.html",
        {
            "form": form,
            "digest": next((d for d in digests if d.person == person), Digest(person, [])),
            "today": today,
            "sent": SentReminder.objects.filter(person=person)[:20],
        },
    )


@permission_required("reminders.view_log")
def log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every reminder queued, sent or failed, newest first: to whom, what and when."""
    return render(
        request,
        "reminders/log.html",
        {"sent": SentReminder.objects.select_related("person")[:LOG_ROWS], "rows": LOG_ROWS},
    )
