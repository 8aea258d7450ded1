"""A board meeting in a real browser: the board officer arranges it from the list, records who
came (a young co-chair, a member's apologies), builds the agenda in its two sessions with items
linked to the plan and the scorecard, records a decision to act that puts a new action in the
plan (whose page says the board agreed it), writes and publishes the minutes, makes the board
pack for the last quarter, reads it and publishes it for the public; a board member then reads
the meeting without any way to change it. Every page scanned with axe."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from boardfiles.periods import latest_period_end
from pledge.actions.models import Action, ActionPlan
from pledge.meetings.models import AgendaItem, Attendee, Meeting, Outcome
from tests.browser.conftest import axe_violations, screenshot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ACTION = "1.2 Cut waits for emotional health assessment to 6 weeks"
KPI = "S1 Children with three or more placements in a year"
BUSINESS_ITEM = "Emotional health and placement stability"
ENGAGEMENT_ITEM = "You said, we did: the Children in Care Council's report"
NEW_ACTION = "Offer every child coming into care an emotional health check within 4 weeks"
MINUTES = [
    "Present: the young co-chair and six members. Apologies: Dr Priya Patel.",
    "The board agreed a new action on emotional health checks.",
]
# What the officer may do with a meeting, which a board member is not shown.
MANAGEMENT_LINKS = (
    "Arrange a meeting",
    "Change the meeting",
    "Write the minutes",
    "Cancel the meeting",
    "Archive the meeting",
    "Add someone",
    "Add an agenda item",
)


def _heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def _item(page: Page, title: str) -> Locator:
    """An agenda item on the meeting page: its list entry, found by its heading."""
    return page.locator("li").filter(has=page.get_by_role("heading", name=re.compile(title)))


def test_officer_runs_a_board_meeting_and_a_member_reads_it(
    page: Page, live_server: LiveServer, demo_with_scorecard: None, tmp_path: Path
) -> None:
    base = live_server.url
    held_on = timezone.localdate() + datetime.timedelta(weeks=3)
    meeting_name = f"Corporate Parenting Board, {held_on:%-d %B %Y}"
    sign_in(page, base, "officer@northfield.example")

    # The list, from the navigation.
    page.get_by_role("link", name="Meetings", exact=True).click()
    expect(_heading(page)).to_have_text("Board meetings")
    screenshot(page, "meetings-list-empty")
    assert axe_violations(page) == []

    meeting = _arrange(page, held_on)
    _add_people(page, meeting)
    _build_agenda(page, meeting_name)
    _attach_a_paper(page, tmp_path)
    plan = _record_a_new_action(page, meeting_name)

    # The new action's page says where it came from.
    business = _item(page, BUSINESS_ITEM)
    expect(business).to_contain_text(f"New action in {plan.title}: {NEW_ACTION}")
    business.get_by_role("link", name=NEW_ACTION).click()
    expect(_heading(page)).to_have_text(NEW_ACTION)
    origin = page.locator(".govuk-inset-text").filter(has_text="Agreed by the board at")
    expect(origin).to_contain_text(f"Agreed by the board at {meeting_name}: {BUSINESS_ITEM}.")
    expect(page.locator("main")).to_contain_text("March 2027")
    expect(page.locator("main")).to_contain_text("Northfield and Vale Integrated Care Board")
    screenshot(page, "meetings-agreed-action")
    assert axe_violations(page) == []
    origin.get_by_role("link", name=meeting_name).click()
    expect(_heading(page)).to_have_text(f"{held_on:%A %-d %B %Y}")

    _write_and_publish_minutes(page, meeting)
    page.get_by_role("link", name="Board meetings").click()
    coming_up = page.get_by_role("table", name="Coming up")
    expect(coming_up.locator("tbody tr").get_by_role("cell")).to_have_text(
        [meeting_name, "Committee Room 2, Northfield Council House", "2", "Published"]
    )
    screenshot(page, "meetings-list")
    assert axe_violations(page) == []

    _make_read_and_publish_the_pack(page)
    page.get_by_role("button", name="Sign out").click()
    _member_reads(page, base, meeting_name)


def _make_read_and_publish_the_pack(page: Page) -> None:
    """The pack for the last quarter: made, read (a chart beside its table, the plan with its
    counts), published, then found by the public on the board papers page."""
    quarter_end = latest_period_end("quarterly", timezone.localdate())
    title = f"Board pack: Quarter to {quarter_end:%-d %B %Y}"
    page.get_by_role("link", name="Board packs", exact=True).click()
    expect(_heading(page)).to_have_text("Board packs")
    expect(page.get_by_label("Quarter")).to_be_checked()
    expect(page.get_by_label("The period ends on")).to_have_value(f"{quarter_end:%-d/%-m/%Y}")
    assert axe_violations(page) == []
    # Made within the request in the embedded default (tasks run inline): seconds, not one.
    page.get_by_role("button", name="Make the pack").click(timeout=90_000)
    expect(_heading(page)).to_have_text(title, timeout=90_000)
    contents = page.get_by_role("navigation", name="Contents")
    expect(contents.get_by_role("link")).to_have_text(
        [
            "Headline data",
            "Needs assessment",
            "Scorecard",
            "Exceptions",
            "Action plan",
            "Young people's voice",
            "Key to symbols",
        ]
    )
    chart = page.get_by_role("img", name=re.compile(r"^Line chart: Children looked after: "))
    expect(chart).to_be_visible()
    expect(
        page.get_by_role("table", name="Children looked after by year", exact=True)
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Children looked after by age")).to_be_visible()
    expect(
        page.get_by_role("heading", level=2, name=re.compile("^Action plan as at"))
    ).to_be_visible()
    screenshot(page, "pack")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").first.click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.get_by_role("button", name="Publish the pack for the public").click()
    expect(page.get_by_text("The pack is published on the board papers page")).to_be_visible()
    page.get_by_role("link", name="see it as the public does").click()
    expect(_heading(page)).to_have_text(title)
    expect(page.locator("main")).to_contain_text("The public: small numbers are not shown")
    screenshot(page, "pack-public")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Board papers").first.click()
    expect(
        page.get_by_role("link", name=f"Board pack: Quarter to {quarter_end:%-d %B %Y}")
    ).to_be_visible()
    assert axe_violations(page) == []


def _arrange(page: Page, held_on: datetime.date) -> Meeting:
    """From the list: the form says what is missing first, then the meeting is arranged."""
    page.get_by_role("link", name="Arrange a meeting").click()
    expect(_heading(page)).to_have_text("Arrange a meeting")
    expect(page.get_by_label("Title")).to_have_value("Corporate Parenting Board")
    page.get_by_label("Business session starts").fill("half two")
    page.get_by_role("button", name="Arrange the meeting").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Enter the date of the meeting")).to_be_visible()
    expect(
        summary.get_by_role("link", name="Enter the time the business session starts, like 2pm")
    ).to_be_visible()
    screenshot(page, "meetings-arrange-errors")
    assert axe_violations(page) == []

    page.get_by_label("Date").fill(f"{held_on:%-d/%-m/%Y}")
    page.get_by_label("Place").fill("Committee Room 2, Northfield Council House")
    page.get_by_label("Business session starts").fill("2pm")
    page.get_by_label("Engagement session starts").fill("4pm")
    page.get_by_role("button", name="Arrange the meeting").click()

    expect(
        page.get_by_text(f"Corporate Parenting Board, {held_on:%-d %B %Y} arranged")
    ).to_be_visible()
    expect(_heading(page)).to_have_text(f"{held_on:%A %-d %B %Y}")
    expect(page.locator(".govuk-summary-list__row")).to_have_text(
        [
            re.compile(r"Place\s+Committee Room 2, Northfield Council House"),
            re.compile(r"Business session\s+2pm"),
            re.compile(r"Engagement session\s+4pm"),
            re.compile(r"Minutes\s+None yet"),
        ]
    )
    assert axe_violations(page) == []
    return Meeting.objects.get(held_on=held_on)


def _add_people(page: Page, meeting: Meeting) -> None:
    """Who came: a young co-chair, then a member who sent apologies."""
    page.get_by_role("link", name="Add someone").click()
    expect(_heading(page)).to_have_text("Add someone to the meeting")
    expect(page.locator(".govuk-caption-l")).to_have_text(str(meeting))
    page.get_by_label("Name").fill("Jordan")
    page.get_by_label("Role").select_option(label="Co-chair")
    page.get_by_label("A care-experienced young person").check()
    page.get_by_label("Present").check()
    screenshot(page, "meetings-add-someone")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add, then add someone else").click()

    expect(page.get_by_text("Jordan added")).to_be_visible()
    expect(_heading(page)).to_have_text("Add someone to the meeting")
    page.get_by_label("Name").fill("Dr Priya Patel")
    page.get_by_label("Agency").select_option(label="Northfield and Vale Integrated Care Board")
    page.get_by_label("Role").select_option(label="Member")
    page.get_by_label("Apologies").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add to the meeting").click()

    people = page.get_by_role(
        "table", name="Chairs, members and officers, present or sending apologies"
    ).locator("tbody tr")
    expect(people).to_have_count(2)
    expect(people.first.get_by_role("cell")).to_have_text(
        [re.compile(r"^Jordan\s+Young person$"), "", "Co-chair", "Present", re.compile("Remove")]
    )
    expect(people.nth(1).get_by_role("cell")).to_have_text(
        [
            "Dr Priya Patel",
            "Northfield and Vale Integrated Care Board",
            "Member",
            "Apologies",
            re.compile("Remove"),
        ]
    )
    assert list(meeting.attendees.values_list("name", "young_person", "attendance")) == [
        ("Jordan", True, "present"),
        ("Dr Priya Patel", False, "apologies"),
    ]
    assert Attendee.objects.get(name="Dr Priya Patel").agency is not None


def _build_agenda(page: Page, meeting_name: str) -> None:
    """A business item on the plan and the scorecard, then one for the engagement session."""
    page.get_by_role("link", name="Add an agenda item").click()
    expect(_heading(page)).to_have_text("Add an agenda item")
    expect(page.locator(".govuk-caption-l")).to_have_text(meeting_name)
    page.get_by_label("Business session").check()
    page.get_by_label("Title").fill(BUSINESS_ITEM)
    page.get_by_label("Presented by").fill("Head of Service, Children in Care")
    page.get_by_label("What it is for").fill("Progress on waits for assessment, and moves.")
    page.get_by_label(ACTION).check()
    page.get_by_label(KPI).check()
    screenshot(page, "meetings-agenda-item")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.get_by_text(f"{BUSINESS_ITEM} added to the agenda")).to_be_visible()

    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Engagement session").check()
    page.get_by_label("Title").fill(ENGAGEMENT_ITEM)
    page.get_by_label("Presented by").fill("Jordan, young co-chair")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.get_by_text(f"{ENGAGEMENT_ITEM} added to the agenda")).to_be_visible()

    expect(page.get_by_role("heading", level=3)).to_have_text(
        ["Business session", "Engagement session"]
    )
    # Numbered through the meeting, so the minutes' "item 2" is one item.
    expect(page.get_by_role("heading", level=4)).to_have_text(
        [f"1. {BUSINESS_ITEM}", f"2. {ENGAGEMENT_ITEM}"]
    )
    business = _item(page, BUSINESS_ITEM)
    expect(business.get_by_role("link", name=ACTION)).to_be_visible()
    expect(business.get_by_role("link", name=KPI)).to_be_visible()
    screenshot(page, "meetings-meeting-agenda")
    assert axe_violations(page) == []


def _attach_a_paper(page: Page, tmp_path: Path) -> None:
    paper = tmp_path / "q2-scorecard.pdf"
    paper.write_bytes(b"%PDF-1.7 the quarter's scorecard")
    _item(page, BUSINESS_ITEM).get_by_role(
        "link", name=f"Attach a paper to {BUSINESS_ITEM}"
    ).click()
    expect(_heading(page)).to_have_text("Attach a paper")
    page.get_by_label("Title").fill("Quarter 2 scorecard")
    page.get_by_label("Paper").set_input_files(paper)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Attach the paper").click()
    expect(
        _item(page, BUSINESS_ITEM).get_by_role("link", name="Quarter 2 scorecard")
    ).to_be_visible()


def _record_a_new_action(page: Page, meeting_name: str) -> ActionPlan:
    """The business item's outcome: a new action in the demo plan, led by one agency."""
    business = _item(page, BUSINESS_ITEM)
    business.get_by_role("link", name=f"Record the outcome of {BUSINESS_ITEM}").click()
    expect(_heading(page)).to_have_text(f"What the board did with “{BUSINESS_ITEM}”")
    expect(page.locator(".govuk-caption-l")).to_have_text(meeting_name)
    page.get_by_role("radio", name="New action").check()
    page.get_by_label("What was agreed").fill(
        "The board asked the ICB to offer a check to every child within 4 weeks of coming "
        "into care."
    )
    plan = ActionPlan.objects.latest("starts_on")  # this year's, not last year's
    page.get_by_label("Plan the new action goes in").select_option(label=plan.title)
    page.get_by_role("textbox", name="The new action", exact=True).fill(NEW_ACTION)
    page.get_by_label("By when").fill("March 2027")
    page.get_by_label("Northfield and Vale Integrated Care Board").check()
    screenshot(page, "meetings-outcome")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Record the outcome").click()

    expect(page.get_by_text(f"Outcome recorded for {BUSINESS_ITEM}")).to_be_visible()
    expect(_item(page, BUSINESS_ITEM)).to_contain_text("New action")
    item = AgendaItem.objects.get(title=BUSINESS_ITEM)
    assert item.outcome == Outcome.NEW_ACTION
    assert item.new_action is not None
    assert item.new_action.plan == plan
    assert Action.objects.filter(plan=plan, text=NEW_ACTION).count() == 1
    assert axe_violations(page) == []
    return plan


def _write_and_publish_minutes(page: Page, meeting: Meeting) -> None:
    """From the meeting page: saved as a draft, then published."""
    page.get_by_role("link", name="Write the minutes").click()
    expect(_heading(page)).to_have_text(f"Minutes of {meeting}")
    page.get_by_label("Minutes").fill("\n\n".join(MINUTES))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Minutes saved")
    expect(page.get_by_label("Minutes")).to_have_value(re.compile(f"^{re.escape(MINUTES[0])}"))
    screenshot(page, "meetings-minutes")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Minutes published")
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is not None
    expect(page.get_by_role("heading", name="Minutes", exact=True)).to_be_visible()
    assert axe_violations(page) == []


def _member_reads(page: Page, base: str, meeting_name: str) -> None:
    """A board member reads the meeting and is offered nothing to change."""
    sign_in(page, base, "member@northfield.example")
    page.get_by_role("link", name="Meetings", exact=True).click()
    expect(_heading(page)).to_have_text("Board meetings")
    expect(page.get_by_role("link", name="Arrange a meeting")).to_have_count(0)
    assert axe_violations(page) == []
    page.get_by_role("link", name=meeting_name).click()
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_contain_text(meeting_name.split(", ")[1])
    expect(main).to_contain_text("Jordan")
    expect(main).to_contain_text(ENGAGEMENT_ITEM)
    # The minutes' paragraphs, as written (a textarea sends its blank line as CRLF CRLF).
    expect(main.locator("h2:text-is('Minutes') ~ p.govuk-body")).to_have_text(MINUTES)
    for name in MANAGEMENT_LINKS:
        expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^(Record|Change) the outcome"))).to_have_count(
        0
    )
    expect(main.get_by_role("button")).to_have_count(0)
    screenshot(page, "meetings-meeting-member")
    assert axe_violations(page) == []
