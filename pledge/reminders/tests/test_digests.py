"""Reminder digests: one email per person on their chosen day, never the same reminder twice in a
period, nothing for what is done, and links that work for the person they go to."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pledge.actions.models import Action, ActionPlan, ActionStatus
from pledge.actions.services import action_update_progress
from pledge.core.errors import UserError
from pledge.core.models import Agency, AgencyKind, AuditEvent, Authority, Person, Role
from pledge.meetings.models import AgendaItem, Meeting
from pledge.reminders import services
from pledge.reminders.digest import is_digest_day, items_by_person
from pledge.reminders.models import (
    Frequency,
    ReminderChoice,
    ReminderKind,
    SendState,
    SentReminder,
)
from pledge.reminders.tasks import send_reminder
from pledge.scorecard.models import Source
from pledge.scorecard.tests.factories import KpiFactory
from pledge.strategy.tests.factories import StrategyFactory

# Reminders are sent once the log of them is committed: these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)

WEDNESDAY = datetime.date(2026, 11, 25)
LONG_AGO = datetime.date(2026, 6, 30)


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def agencies(authority: Authority) -> list[Agency]:
    return [
        Agency.objects.create(authority=authority, name=name, kind=kind)
        for name, kind in (
            ("Northfield Family Trust", AgencyKind.CHILDRENS_TRUST),
            ("Northfield and Vale ICB", AgencyKind.NHS),
            ("Northfield College", AgencyKind.COLLEGE),
        )
    ]


@pytest.fixture
def plan(authority: Authority) -> ActionPlan:
    strategy = StrategyFactory.create(authority=authority)
    return ActionPlan.objects.create(
        strategy=strategy,
        title="Plan",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )


@pytest.fixture
def lead(make_person: Callable[..., Person], agencies: list[Agency], officer: Person) -> Person:
    person = make_person(Role.AGENCY_LEAD, full_name="Lee Lead", lead_agencies=agencies)
    services.reminder_choice_set(
        actor=person, person=person, frequency=Frequency.WEEKLY, weekday=WEDNESDAY.weekday()
    )
    return person


def _action(plan: ActionPlan, agency: Agency, number: int, **fields: Any) -> Action:
    defaults: dict[str, Any] = {
        "text": f"Action number {number}",
        "due_kind": "date",
        "due_date": LONG_AGO,
        "due_text": "June 2026",
    }
    action = Action.objects.create(
        plan=plan, reference=f"{number}", position=number, **defaults | fields
    )
    action.agencies.set([agency])
    return action


@pytest.fixture
def overdue(plan: ActionPlan, agencies: list[Agency]) -> list[Action]:
    """Twelve actions past their deadline, four for each of the lead's three agencies."""
    return [_action(plan, agencies[n % 3], n + 1) for n in range(12)]


def _sent_to(person: Person) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [person.email]]


def test_twelve_overdue_items_across_three_agencies_come_in_one_digest_on_the_chosen_day(
    plan: ActionPlan, agencies: list[Agency], overdue: list[Action], lead: Person
) -> None:
    _action(plan, agencies[0], 20, status=ActionStatus.COMPLETE)  # done: never a reminder
    _action(plan, agencies[1], 21, status=ActionStatus.CANCELLED)

    services.reminders_send(now=_noon(WEDNESDAY - datetime.timedelta(days=1)))  # a Tuesday
    assert _sent_to(lead) == []

    services.reminders_send(now=_noon(WEDNESDAY))
    services.reminders_send(now=_noon(WEDNESDAY))  # the job runs every ten minutes
    (email,) = _sent_to(lead)
    assert email.subject == f"12 things for you to do for {lead_board(lead)}"
    html = email.alternatives[0][0]  # type: ignore[attr-defined]
    for action in overdue:
        assert f"- {action.reference} {action.text} (by 30 June 2026)" in email.body
        assert f"{action.reference} {action.text}</a>" in html
    for done in ("Action number 20", "Action number 21"):
        assert done not in email.body
    assert "Actions past their deadline (12)" in email.body
    reminder = SentReminder.objects.get(person=lead)
    assert (reminder.kind, reminder.state, len(reminder.items)) == ("digest", "sent", 12)
    assert AuditEvent.objects.filter(verb="reminder.sent").count() == 1


def lead_board(person: Person) -> str:
    return Authority.objects.get().board_name


def test_none_after_the_items_are_updated(overdue: list[Action], lead: Person) -> None:
    services.reminders_send(now=_noon(WEDNESDAY))
    for action in overdue:
        action_update_progress(
            actor=lead,
            action=action,
            status="in_progress",
            rag="amber",
            commentary="Late: the new date is agreed",
            as_at=WEDNESDAY,
        )
    services.reminders_send(now=_noon(WEDNESDAY + datetime.timedelta(days=7)))
    assert len(_sent_to(lead)) == 1  # only last week's
    # A week with no update after that, and they are past their deadline still: reminded again.
    services.reminders_send(now=_noon(WEDNESDAY + datetime.timedelta(days=14)))
    assert len(_sent_to(lead)) == 2


def test_the_links_work_when_followed_by_the_person(
    overdue: list[Action], lead: Person, client_for: Callable[[Person], Client], settings: Any
) -> None:
    settings.SITE_URL = "https://pledge.northfield.example"
    services.reminders_send(now=_noon(WEDNESDAY))
    (email,) = _sent_to(lead)
    links = re.findall(r"https://pledge\.northfield\.example(/\S+)", str(email.body))
    assert len(links) == 13  # each action, and the page to change when reminders come
    client = client_for(lead)
    for link in links:
        path, _, anchor = link.partition("#")
        page = client.get(path)
        assert page.status_code == 200, link
        if anchor:
            assert f'id="{anchor}"' in page.content.decode(), link


def test_an_update_asked_at_once_is_emailed_now_and_not_again_in_that_weeks_digest(
    plan: ActionPlan,
    agencies: list[Agency],
    lead: Person,
    officer: Person,
    client_for: Callable[[Person], Client],
) -> None:
    action = _action(plan, agencies[2], 1, due_date=datetime.date(2027, 3, 31))
    page = client_for(officer).post(
        reverse("actions:action-chase", kwargs={"pk": action.pk}), {"when": "now"}, follow=True
    )
    assert "Update requested for 1: emailed to Lee Lead" in page.content.decode()
    (email,) = _sent_to(lead)
    assert email.subject == "Update asked for: 1 Action number 1"
    today = timezone.localdate()
    services.reminder_choice_set(
        actor=lead, person=lead, frequency=Frequency.WEEKLY, weekday=today.weekday()
    )
    services.reminders_send(now=_noon(today))  # their digest day: the request is not repeated
    assert len(_sent_to(lead)) == 1
    assert not SentReminder.objects.filter(kind=ReminderKind.DIGEST).exists()


def test_an_update_asked_through_the_digest_heads_it(
    plan: ActionPlan, agencies: list[Agency], lead: Person, officer: Person
) -> None:
    action = _action(plan, agencies[2], 1, due_date=datetime.date(2027, 3, 31))
    services.update_request_send(actor=officer, action=action, at_once=False)
    assert _sent_to(lead) == []
    items = items_by_person(Authority.objects.get(), on=timezone.localdate())[lead.pk]
    assert [item.kind for item in items] == ["update_requested"]


def test_asking_for_an_update_nobody_can_give_says_so(
    plan: ActionPlan,
    agencies: list[Agency],
    officer: Person,
    client_for: Callable[[Person], Client],
) -> None:
    action = _action(plan, agencies[0], 1)
    page = client_for(officer).post(
        reverse("actions:action-chase", kwargs={"pk": action.pk}), {"when": "now"}, follow=True
    )
    assert "Nobody with an account leads this action" in page.content.decode()
    action.refresh_from_db()
    assert action.update_requested_at is None


def test_a_failed_send_is_logged_and_tried_again(
    overdue: list[Action], lead: Person, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "pledge.reminders.tests.test_digests.RefusingBackend"
    services.reminders_send(now=_noon(WEDNESDAY))
    reminder = SentReminder.objects.get(person=lead)
    assert (reminder.state, reminder.attempts, reminder.error) == (
        SendState.FAILED,
        1,
        "ConnectionRefusedError",
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    done = services.reminders_send(now=_noon(WEDNESDAY))
    assert done == {"queued": 0, "retried": 1}
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (SendState.SENT, 2)
    assert len(_sent_to(lead)) == 1


class RefusingBackend:
    """An email backend whose server is down."""

    def __init__(self, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        raise ConnectionRefusedError("SMTP server at mail.example refused lead@example")


def test_figures_due_go_to_the_kpis_agency_leads_else_the_analysts(
    authority: Authority,
    agencies: list[Agency],
    lead: Person,
    make_person: Callable[..., Person],
) -> None:
    analyst = make_person(Role.PERFORMANCE_ANALYST)
    led = KpiFactory.create(authority=authority, lead_agency=agencies[1], source=Source.MANUAL)
    unled = KpiFactory.create(authority=authority, lead_agency=None, source=Source.MANUAL)
    KpiFactory.create(authority=authority, lead_agency=agencies[1], source=Source.ENGINE)
    items = items_by_person(authority, on=WEDNESDAY)
    assert {item.key.split(":")[1] for item in items[lead.pk]} == {str(led.pk)}
    assert {item.key.split(":")[1] for item in items[analyst.pk]} == {str(unled.pk)}


def test_papers_and_updates_are_asked_for_before_the_next_meeting(
    authority: Authority,
    plan: ActionPlan,
    agencies: list[Agency],
    lead: Person,
    officer: Person,
) -> None:
    meeting = Meeting.objects.create(
        authority=authority, held_on=WEDNESDAY + datetime.timedelta(days=14)
    )
    action = _action(plan, agencies[0], 1, due_kind="ongoing", due_date=None, due_text="ongoing")
    item = AgendaItem.objects.create(meeting=meeting, title="Health of children in care")
    item.actions.add(action)
    items = items_by_person(authority, on=WEDNESDAY)
    (paper,) = items[officer.pk]
    assert (paper.kind, paper.due) == ("paper_due", WEDNESDAY + datetime.timedelta(days=7))
    (update,) = items[lead.pk]
    assert update.kind == "meeting_update"


@pytest.mark.parametrize(
    ("frequency", "days_after", "sent"),
    [
        (Frequency.WEEKLY, 7, 2),
        (Frequency.FORTNIGHTLY, 7, 1),
        (Frequency.FORTNIGHTLY, 14, 2),
        (Frequency.NEVER, 7, 0),
    ],
)
def test_each_person_chooses_how_often(
    overdue: list[Action], lead: Person, frequency: str, days_after: int, sent: int
) -> None:
    services.reminder_choice_set(
        actor=lead, person=lead, frequency=frequency, weekday=WEDNESDAY.weekday()
    )
    first = WEDNESDAY if frequency != Frequency.FORTNIGHTLY else _fortnight_day(WEDNESDAY)
    for day in (first, first + datetime.timedelta(days=days_after)):
        services.reminders_send(now=_noon(day))
    assert len(_sent_to(lead)) == sent


def _fortnight_day(day: datetime.date) -> datetime.date:
    """`day`, or a week later: the first of the fortnightly digest days."""
    for candidate in (day, day + datetime.timedelta(days=7)):
        if is_digest_day(
            ReminderChoice(frequency=Frequency.FORTNIGHTLY, weekday=day.weekday()),
            candidate,
            [],
        ):
            return candidate
    raise AssertionError("no fortnightly day")


def test_before_each_meeting_comes_a_week_before_it(
    authority: Authority, overdue: list[Action], lead: Person
) -> None:
    services.reminder_choice_set(
        actor=lead, person=lead, frequency=Frequency.BEFORE_MEETING, weekday=0
    )
    Meeting.objects.create(authority=authority, held_on=WEDNESDAY + datetime.timedelta(days=9))
    services.reminders_send(now=_noon(WEDNESDAY))
    assert _sent_to(lead) == []
    services.reminders_send(now=_noon(WEDNESDAY + datetime.timedelta(days=2)))
    assert len(_sent_to(lead)) == 1


def test_someone_chooses_their_reminders_and_sees_what_would_come(
    overdue: list[Action], lead: Person, client_for: Callable[[Person], Client]
) -> None:
    client = client_for(lead)
    page = client.get(reverse("reminders:mine")).content.decode()
    assert "Actions past their deadline (12)" in page
    client.post(reverse("reminders:mine"), {"frequency": "fortnightly", "weekday": "4"})
    lead.reminders.refresh_from_db()
    assert (lead.reminders.frequency, lead.reminders.weekday) == ("fortnightly", 4)
    event = AuditEvent.objects.filter(verb="reminders.chosen").order_by("pk").last()
    assert event is not None
    assert event.changes == {"frequency": ["weekly", "fortnightly"], "weekday": [2, 4]}


def test_the_log_shows_officers_what_went_to_whom(
    overdue: list[Action], lead: Person, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    services.reminders_send(now=_noon(WEDNESDAY))
    page = client_for(officer).get(reverse("reminders:log")).content.decode()
    assert lead.email in page
    assert "Action number 1" in page
    assert SentReminder.objects.get().kind == ReminderKind.DIGEST


def test_the_dry_run_lists_each_person_once_and_sends_nothing(
    overdue: list[Action], lead: Person, make_person: Callable[..., Person]
) -> None:
    make_person(Role.AGENCY_LEAD, full_name="Second Lead")  # leads the default agency only
    out = StringIO()
    call_command(
        "send_reminders", "--date", WEDNESDAY.isoformat(), "--dry-run", "--format", "json",
        stdout=out,
    )  # fmt: skip
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    emails = [record["email"] for record in records]
    assert emails == [lead.email]
    assert records[0]["sent_on_this_day"] is True
    assert len(records[0]["items"]) == 12
    assert mail.outbox == []
    assert not SentReminder.objects.exists()


def test_asking_again_or_for_a_finished_action_is_refused_plainly(
    plan: ActionPlan, agencies: list[Agency], lead: Person, officer: Person
) -> None:
    action = _action(plan, agencies[0], 1)
    services.update_request_send(actor=officer, action=action, at_once=True)
    action.refresh_from_db()
    with pytest.raises(UserError, match="An update was asked for on"):
        services.update_request_send(actor=officer, action=action, at_once=False)
    done = _action(plan, agencies[0], 2, status=ActionStatus.COMPLETE)
    with pytest.raises(UserError, match="no update is due"):
        services.update_request_send(actor=officer, action=done, at_once=True)
    assert len(_sent_to(lead)) == 1


def test_a_reminder_is_sent_once_however_often_its_task_runs(
    overdue: list[Action], lead: Person
) -> None:
    services.reminders_send(now=_noon(WEDNESDAY))
    reminder = SentReminder.objects.get()
    for _ in range(2):
        assert send_reminder.call(reminder_id=reminder.pk).startswith("nothing to send")
    assert len(_sent_to(lead)) == 1


def test_what_a_stopped_worker_left_is_sent_and_a_switched_off_account_is_not(
    overdue: list[Action], lead: Person, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "pledge.reminders.tests.test_digests.RefusingBackend"
    services.reminders_send(now=_noon(WEDNESDAY))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    failed = SentReminder.objects.get()
    stuck = SentReminder.objects.create(
        person=lead, kind=ReminderKind.UPDATE_REQUEST, sent_for=WEDNESDAY, items=failed.items
    )
    SentReminder.objects.filter(pk=stuck.pk).update(
        state=SendState.SENDING, attempted_at=_noon(WEDNESDAY) - datetime.timedelta(hours=2)
    )
    lead.is_active = False
    lead.save()
    assert services.reminders_send(now=_noon(WEDNESDAY))["retried"] == 0
    lead.is_active = True
    lead.save()
    assert services.reminders_send(now=_noon(WEDNESDAY))["retried"] == 2
    assert len(_sent_to(lead)) == 2


def test_digests_wait_for_the_working_day(overdue: list[Action], lead: Person) -> None:
    early = timezone.make_aware(datetime.datetime.combine(WEDNESDAY, datetime.time(3)))
    assert services.reminders_send(now=early)["queued"] == 0
    assert services.reminders_send(now=_noon(WEDNESDAY))["queued"] == 1


def test_a_subject_is_one_line_and_not_escaped(
    plan: ActionPlan, agencies: list[Agency], lead: Person, officer: Person
) -> None:
    action = _action(plan, agencies[0], 1, text="Review children's\nplacements & moves")
    services.update_request_send(actor=officer, action=action, at_once=True)
    (email,) = _sent_to(lead)
    assert email.subject == "Update asked for: 1 Review children's placements & moves"


def test_no_email_goes_for_a_request_whose_record_is_rolled_back(
    plan: ActionPlan, agencies: list[Agency], lead: Person, officer: Person
) -> None:
    action = _action(plan, agencies[0], 1)

    def ask_then_fail() -> None:
        with transaction.atomic():
            services.update_request_send(actor=officer, action=action, at_once=True)
            raise RuntimeError("the page failed after asking")

    with pytest.raises(RuntimeError):
        ask_then_fail()
    assert _sent_to(lead) == []
    assert not SentReminder.objects.exists()
