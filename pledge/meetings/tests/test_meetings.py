"""A board's meetings kept in the app: arranged, changed, cancelled and archived; who came; the
agenda in its sessions; outcomes, including a decision that puts a new action in the plan; the
minutes; and what changed for each linked action since the last meeting. Every change audited."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pledge.actions.models import Action, ActionPlan
from pledge.actions.services import action_update_progress
from pledge.core.audit import history_for
from pledge.core.errors import UserError
from pledge.core.models import Agency, AuditEvent, Authority, Person, Role
from pledge.meetings import services
from pledge.meetings.models import AgendaItem, Meeting, MeetingStatus, Outcome, Session
from pledge.meetings.selectors import changes_since_last
from pledge.scorecard.tests.factories import KpiFactory
from pledge.strategy.tests.factories import StrategyFactory, StrategyItemFactory
from pledge.voice.models import Channel, YouSaid

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
# The last meeting, two months ago, and the next, in a fortnight.
MAY, JULY = TODAY - datetime.timedelta(days=60), TODAY + datetime.timedelta(days=14)


@pytest.fixture
def officer(make_person: Callable[..., Person]) -> Person:
    return make_person(Role.BOARD_OFFICER)


@pytest.fixture
def plan(authority: Authority) -> ActionPlan:
    strategy = StrategyFactory.create(authority=authority)
    return ActionPlan.objects.create(
        strategy=strategy,
        title="2026-27 plan",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )


@pytest.fixture
def meeting(authority: Authority, officer: Person) -> Meeting:
    return services.meeting_create(
        actor=officer,
        authority=authority,
        title="Corporate Parenting Board",
        held_on=JULY,
        place="Council House",
        business_starts=datetime.time(14),
        engagement_starts=datetime.time(16),
    )


def _item(meeting: Meeting, officer: Person, title: str, **links: Any) -> AgendaItem:
    return services.agenda_item_add(
        actor=officer, meeting=meeting, session=Session.BUSINESS, title=title, **links
    )


def test_a_meeting_is_arranged_changed_cancelled_put_back_and_archived(
    meeting: Meeting, officer: Person
) -> None:
    services.meeting_update(
        actor=officer,
        meeting=meeting,
        title="Corporate Parenting Board",
        held_on=JULY,
        place="Youth Centre",
        business_starts=datetime.time(14),
        engagement_starts=None,
        version=meeting.version,
    )
    with pytest.raises(UserError, match="Say why"):
        services.meeting_cancel(actor=officer, meeting=meeting, reason=" ")
    services.meeting_cancel(actor=officer, meeting=meeting, reason="Not quorate")
    assert meeting.status == MeetingStatus.CANCELLED
    services.meeting_reinstate(actor=officer, meeting=meeting)
    services.meeting_archive(actor=officer, meeting=meeting)
    with pytest.raises(UserError, match="archived"):
        _item(meeting, officer, "Too late")
    verbs = list(history_for(meeting).order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "meeting.created",
        "meeting.updated",
        "meeting.cancelled",
        "meeting.reinstated",
        "meeting.archived",
    ]


def test_who_came_with_a_young_co_chair_and_apologies(
    meeting: Meeting, officer: Person, agency: Agency
) -> None:
    services.attendee_add(
        actor=officer,
        meeting=meeting,
        name="Sam",
        role="co_chair",
        attendance="present",
        young_person=True,
    )
    sent = services.attendee_add(
        actor=officer, meeting=meeting, name="Dr Patel", role="member", attendance="apologies",
        agency=agency,
    )  # fmt: skip
    assert [(a.name, a.young_person) for a in meeting.attendees.all()] == [
        ("Sam", True),
        ("Dr Patel", False),
    ]
    services.attendee_remove(actor=officer, attendee=sent)
    removed = AuditEvent.objects.get(verb="meeting.attendee_removed")
    assert removed.changes["attendee"][0].startswith("Dr Patel, Northfield Children's Trust")


def test_the_agenda_is_kept_in_order_within_each_session(meeting: Meeting, officer: Person) -> None:
    first, second = _item(meeting, officer, "Scorecard"), _item(meeting, officer, "Plan")
    voice = services.agenda_item_add(
        actor=officer, meeting=meeting, session=Session.ENGAGEMENT, title="You said, we did"
    )
    services.agenda_item_move(actor=officer, item=second, up=True)
    assert list(meeting.items.all()) == [second, first, voice]
    with pytest.raises(UserError, match="already first"):
        services.agenda_item_move(actor=officer, item=second, up=True)
    services.agenda_item_remove(actor=officer, item=first)
    assert list(meeting.items.all()) == [second, voice]


def test_a_decision_to_act_puts_the_action_in_the_plan_with_its_origin(
    meeting: Meeting, officer: Person, plan: ActionPlan, agency: Agency
) -> None:
    priority = StrategyItemFactory.create(strategy=plan.strategy, title="Health")
    item = _item(meeting, officer, "Health passports", priorities=[priority])
    with pytest.raises(UserError, match="Choose the plan"):
        services.agenda_item_outcome(actor=officer, item=item, outcome=Outcome.NEW_ACTION)
    services.agenda_item_outcome(
        actor=officer,
        item=item,
        outcome=Outcome.NEW_ACTION,
        outcome_text="Every care leaver to be offered a health passport.",
        plan=plan,
        action_text="Offer every care leaver a health passport",
        action_due="December 2026",
        action_agencies=[agency],
        action_priority=priority,
        version=item.version,
    )
    action = Action.objects.get(agreed_at=item)
    assert (action.plan, action.priority, action.due_date) == (
        plan,
        priority,
        datetime.date(2026, 12, 31),
    )
    assert list(action.agencies.all()) == [agency]
    created = AuditEvent.objects.get(verb="action.created")
    assert created.reason == f"Agreed at {meeting}: Health passports"
    with pytest.raises(UserError, match="has its outcome recorded"):
        services.agenda_item_remove(actor=officer, item=item)


@pytest.mark.parametrize(
    ("outcome", "message"),
    [(Outcome.DECISION, "what the board decided"), (Outcome.REFERRED, "the sub-group")],
)
def test_a_decision_says_what_and_a_referral_says_where(
    meeting: Meeting, officer: Person, outcome: str, message: str
) -> None:
    item = _item(meeting, officer, "Housing")
    with pytest.raises(UserError, match=message):
        services.agenda_item_outcome(actor=officer, item=item, outcome=outcome)


def test_minutes_are_drafted_published_and_taken_back(meeting: Meeting, officer: Person) -> None:
    with pytest.raises(UserError, match="Write the minutes"):
        services.minutes_publish(actor=officer, meeting=meeting, published=True)
    services.minutes_save(actor=officer, meeting=meeting, minutes="The board met.")
    services.minutes_publish(actor=officer, meeting=meeting, published=True)
    assert meeting.minutes_published_at is not None
    services.minutes_publish(actor=officer, meeting=meeting, published=False)
    assert meeting.minutes_published_at is None


def test_each_linked_action_shows_what_changed_since_the_last_meeting(
    authority: Authority, meeting: Meeting, officer: Person, plan: ActionPlan
) -> None:
    services.meeting_create(actor=officer, authority=authority, title="Board", held_on=MAY)
    action = Action.objects.create(plan=plan, text="Open the drop-in", due_kind="ongoing")
    item = _item(meeting, officer, "Drop-in", actions=[action], kpis=[KpiFactory.create()])
    action_update_progress(
        actor=officer,
        action=action,
        status="in_progress",
        rag="green",
        commentary="Open on Tuesdays",
        as_at=TODAY,
    )
    previous, changes = changes_since_last(meeting)
    assert previous is not None
    assert previous.held_on == MAY
    by_record = {str(change.record): change.events for change in changes[item.pk]}
    assert [event.verb for event in by_record[str(action)]] == ["action.progress_updated"]


def test_an_officer_runs_a_meeting_through_the_pages(
    officer: Person,
    plan: ActionPlan,
    agency: Agency,
    client_for: Callable[[Person], Client],
    make_person: Callable[..., Person],
) -> None:
    client = client_for(officer)
    response = client.post(
        reverse("meetings:create"),
        {"title": "Corporate Parenting Board", "held_on": "9/7/2026", "business_starts": "2pm",
         "engagement_starts": "4.30pm", "place": "Council House"},
    )  # fmt: skip
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("meetings:meeting", kwargs={"pk": meeting.pk})
    assert meeting.engagement_starts == datetime.time(16, 30)
    client.post(
        reverse("meetings:attendee-add", kwargs={"pk": meeting.pk}),
        {"name": "Sam", "role": "co_chair", "young_person": "on", "attendance": "present"},
    )
    client.post(
        reverse("meetings:item-create", kwargs={"pk": meeting.pk}),
        {"session": "engagement", "title": "Health passports"},
    )
    item = meeting.items.get()
    client.post(
        reverse("meetings:item-outcome", kwargs={"pk": item.pk}),
        {"outcome": "new_action", "plan": plan.pk, "action_text": "Offer a health passport",
         "action_due": "December 2026", "action_agencies": [agency.pk], "version": item.version},
    )  # fmt: skip
    page = client.get(reverse("meetings:meeting", kwargs={"pk": meeting.pk})).content.decode()
    assert "Sam" in page
    assert "Young person" in page
    assert "Engagement session" in page
    assert "New action" in page
    action = Action.objects.get(agreed_at__meeting=meeting)
    action_page = client.get(reverse("actions:action", kwargs={"pk": action.pk})).content.decode()
    assert "Agreed by the board" in action_page
    assert reverse("meetings:meeting", kwargs={"pk": meeting.pk}) in action_page
    member = client_for(make_person(Role.BOARD_MEMBER))
    assert member.get(reverse("meetings:meeting", kwargs={"pk": meeting.pk})).status_code == 200
    assert member.get(reverse("meetings:create")).status_code == 403


def test_a_time_that_is_not_one_is_said_so(
    officer: Person, client_for: Callable[[Person], Client]
) -> None:
    page = (
        client_for(officer)
        .post(
            reverse("meetings:create"),
            {"title": "Board", "held_on": "9/7/2026", "business_starts": "25pm"},
        )
        .content.decode()
    )
    assert "Enter the time the business session starts, like 2pm" in page
    assert not Meeting.objects.exists()


def test_published_minutes_are_for_anyone_and_drafts_for_no_one_outside(
    meeting: Meeting, officer: Person
) -> None:
    item = _item(meeting, officer, "Housing")
    services.agenda_item_outcome(
        actor=officer, item=item, outcome=Outcome.DECISION, outcome_text="Review the protocol"
    )
    services.attendee_add(
        actor=officer, meeting=meeting, name="Sam", role="co_chair", attendance="present"
    )
    services.minutes_save(actor=officer, meeting=meeting, minutes="The board met.\n\nIt agreed.")
    public = Client()
    minutes = reverse("papers:minutes", kwargs={"pk": meeting.pk})
    assert public.get(minutes).status_code == 404  # a draft
    assert "No minutes are published yet" in public.get(reverse("papers:list")).content.decode()
    services.minutes_publish(actor=officer, meeting=meeting, published=True)
    page = public.get(minutes).content.decode()
    assert '<p class="govuk-body">It agreed.</p>' in page
    assert "Decision: Review the protocol" in page
    assert "Sam" not in page  # who came is not published
    assert minutes in public.get(reverse("papers:list")).content.decode()


def test_publishing_publishes_what_is_in_the_box(
    meeting: Meeting, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    """Typed, then "Publish" without "Save" first: what was typed is saved, then published."""
    client_for(officer).post(
        reverse("meetings:minutes", kwargs={"pk": meeting.pk}),
        {
            "minutes": "The board met.\r\n\r\nIt agreed.",
            "step": "publish",
            "version": meeting.version,
        },
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "The board met.\n\nIt agreed."  # lines as typed, in any browser
    assert meeting.minutes_published_at is not None
    page = Client().get(reverse("papers:minutes", kwargs={"pk": meeting.pk})).content.decode()
    assert '<p class="govuk-body">It agreed.</p>' in page


def test_papers_are_attached_read_by_those_signed_in_and_taken_off(
    django_capture_on_commit_callbacks: Any,
    meeting: Meeting,
    officer: Person,
    client_for: Callable[[Person], Client],
    make_person: Callable[..., Person],
) -> None:
    item = _item(meeting, officer, "Scorecard")
    client = client_for(officer)
    refused = client.post(
        reverse("meetings:paper-add", kwargs={"pk": item.pk}),
        {"file": SimpleUploadedFile("run.exe", b"MZ")},
    )
    assert "is not a document boards circulate" in refused.content.decode()
    client.post(
        reverse("meetings:paper-add", kwargs={"pk": item.pk}),
        {"title": "Q2 scorecard", "file": SimpleUploadedFile("q2.pdf", b"%PDF-1.7 paper")},
    )
    paper = item.papers.get()
    member = client_for(make_person(Role.BOARD_MEMBER))
    download = member.get(reverse("meetings:paper", kwargs={"pk": paper.pk}))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 paper"  # type: ignore[attr-defined]
    assert 'filename="Q2 scorecard.pdf"' in download["Content-Disposition"]
    assert Client().get(reverse("meetings:paper", kwargs={"pk": paper.pk})).status_code == 302
    stored = paper.file.name or ""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:paper-remove", kwargs={"pk": paper.pk}))
    assert not item.papers.exists()
    assert not default_storage.exists(stored)
    verbs = [event.verb for event in history_for(item)]
    assert verbs[:2] == ["agenda_item.paper_removed", "agenda_item.paper_added"]


def test_an_archived_meeting_leaves_the_list_and_comes_back_when_restored(
    meeting: Meeting, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    client = client_for(officer)
    link = reverse("meetings:meeting", kwargs={"pk": meeting.pk})
    services.meeting_archive(actor=officer, meeting=meeting)
    assert link not in client.get(reverse("meetings:list")).content.decode()
    services.meeting_restore(actor=officer, meeting=meeting)
    assert link in client.get(reverse("meetings:list")).content.decode()


def test_an_agenda_item_carries_what_young_people_said_and_its_history_names_it(
    meeting: Meeting, officer: Person
) -> None:
    said = YouSaid.objects.create(
        authority=meeting.authority,
        said="More trips in the holidays",
        heard_on=meeting.held_on,
        channel=Channel.CARE_LEAVERS_FORUM,
    )
    item = services.agenda_item_add(
        actor=officer, meeting=meeting, session=Session.BUSINESS, title="Voice", you_said=[said]
    )
    assert list(item.you_said.all()) == [said]
    # A many-to-many field is audited by the names of what it links, not its manager's repr.
    [event] = history_for(item)
    assert event.changes["you_said"] == [None, ["More trips in the holidays"]]
