"""The due-rule parser: every form the seed plans use, typos flagged, and properties that hold
for any date or any text."""

from __future__ import annotations

import calendar
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boardfiles.due import DueKind, parse_due

PLAN_START = datetime.date(2016, 4, 1)
D = datetime.date


@pytest.mark.parametrize(
    ("text", "kind", "due", "start", "months"),
    [
        # Derby's "By when" column, word for word (seed 004)
        ("April 2016", DueKind.DATE, D(2016, 4, 30), None, ()),
        ("April 2016.", DueKind.DATE, D(2016, 4, 30), None, ()),
        ("From March 2016", DueKind.FROM, None, D(2016, 3, 1), ()),
        ("Every June and November from June 2016", DueKind.RECURRING, None, D(2016, 6, 1), (6, 11)),
        ("With immediate effect.", DueKind.IMMEDIATE, PLAN_START, None, ()),
        ("September 2016", DueKind.DATE, D(2016, 9, 30), None, ()),
        # other forms boards write
        ("31/03/2016", DueKind.DATE, D(2016, 3, 31), None, ()),
        ("31.3.16", DueKind.DATE, D(2016, 3, 31), None, ()),
        ("2016-03-31", DueKind.DATE, D(2016, 3, 31), None, ()),
        ("31st March 2016", DueKind.DATE, D(2016, 3, 31), None, ()),
        ("By end of March 2017", DueKind.DATE, D(2017, 3, 31), None, ()),
        ("Sept 2016", DueKind.DATE, D(2016, 9, 30), None, ()),
        ("Q1 2016/17", DueKind.DATE, D(2016, 6, 30), None, ()),
        ("Q4 2016/17", DueKind.DATE, D(2017, 3, 31), None, ()),
        ("2016/17", DueKind.DATE, D(2017, 3, 31), None, ()),
        ("Spring 2016", DueKind.DATE, D(2016, 5, 31), None, ()),
        ("Winter 2016", DueKind.DATE, D(2017, 2, 28), None, ()),
        ("Summer term 2016", DueKind.DATE, D(2016, 7, 31), None, ()),
        ("twice yearly", DueKind.RECURRING, None, PLAN_START, (4, 10)),
        ("quarterly", DueKind.RECURRING, None, PLAN_START, (1, 4, 7, 10)),
        ("termly", DueKind.RECURRING, None, PLAN_START, (3, 7, 12)),
        ("Ongoing", DueKind.ONGOING, None, None, ()),
        ("March 2016 onwards", DueKind.FROM, None, D(2016, 3, 1), ()),
    ],
)
def test_reads_the_forms_boards_use(
    text: str,
    kind: DueKind,
    due: datetime.date | None,
    start: datetime.date | None,
    months: tuple[int, ...],
) -> None:
    rule = parse_due(text, plan_start=PLAN_START)
    assert (rule.kind, rule.due, rule.start, rule.months) == (kind, due, start, months)
    assert rule.text == text
    assert not rule.needs_confirmation


def test_a_dropped_digit_is_read_but_flagged_for_confirmation() -> None:
    rule = parse_due("March 216")  # Derby, action 12
    assert rule.due == D(2016, 3, 31)
    assert rule.needs_confirmation
    assert '"216" read as 2016' in rule.note


def test_a_misspelt_month_is_read_but_flagged() -> None:
    rule = parse_due("Apirl 2016")
    assert rule.due == D(2016, 4, 30)
    assert rule.needs_confirmation


@pytest.mark.parametrize("text", ["", "sometime soon", "30/02/2016", "TBC"])
def test_what_cannot_be_read_is_unknown_and_explained(text: str) -> None:
    rule = parse_due(text)
    assert rule.kind == DueKind.UNKNOWN
    assert rule.needs_confirmation
    assert rule.note


@pytest.mark.parametrize(
    "text",
    [
        "March 0000",
        "Winter 9999",
        "9999/00",
        "from March 0000",
        "Every June from June 9999",
        "29/02/2027",
    ],
)
def test_impossible_years_and_dates_are_unknown_not_errors(text: str) -> None:
    rule = parse_due(text)
    assert rule.kind == DueKind.UNKNOWN
    assert rule.needs_confirmation


def test_a_month_without_a_year_takes_the_plans_year() -> None:
    assert parse_due("March", plan_start=PLAN_START).due == D(2017, 3, 31)
    assert parse_due("June", plan_start=PLAN_START).due == D(2016, 6, 30)
    assert parse_due("June").needs_confirmation


def test_overdue_and_due_soon_for_a_single_deadline() -> None:
    rule = parse_due("April 2016")
    assert not rule.is_overdue(D(2016, 4, 30))
    assert rule.is_overdue(D(2016, 5, 1))
    assert not rule.is_overdue(D(2016, 5, 1), done=True)
    assert rule.is_due_soon(D(2016, 4, 10))
    assert not rule.is_due_soon(D(2016, 2, 1))


def test_recurring_is_overdue_until_an_update_follows_the_last_deadline() -> None:
    rule = parse_due("Every June and November from June 2016")
    assert rule.next_due(D(2016, 7, 1)) == D(2016, 11, 30)
    assert rule.is_overdue(D(2016, 7, 1), last_update=D(2016, 5, 1))
    assert not rule.is_overdue(D(2016, 7, 1), last_update=D(2016, 6, 20))
    assert not rule.is_overdue(D(2016, 5, 1))  # no deadline has passed yet


def test_ongoing_immediate_and_from_are_never_overdue() -> None:
    for text in ("Ongoing", "From March 2016", "With immediate effect"):
        assert not parse_due(text, plan_start=PLAN_START).is_overdue(D(2030, 1, 1))


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))


@given(dates)
def test_any_day_written_the_usual_ways_reads_back(day: datetime.date) -> None:
    for text in (
        day.strftime("%d/%m/%Y"),
        day.isoformat(),
        f"{day.day} {calendar.month_name[day.month]} {day.year}",
        day.strftime("%d.%m.%y"),
    ):
        rule = parse_due(text)
        assert (rule.kind, rule.due, rule.needs_confirmation) == (DueKind.DATE, day, False), text


@given(dates)
def test_a_month_means_its_last_day(day: datetime.date) -> None:
    rule = parse_due(f"{calendar.month_name[day.month]} {day.year}")
    assert rule.due == day.replace(day=calendar.monthrange(day.year, day.month)[1])


@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=12))
def test_a_year_missing_its_zero_is_always_flagged(year: int, month: int) -> None:
    typo = str(year)[0] + str(year)[2:]  # 2016 -> 216
    rule = parse_due(f"{calendar.month_name[month]} {typo}")
    assert rule.due is not None
    assert rule.due.year == year
    assert rule.needs_confirmation


@given(st.text(max_size=60))
def test_any_text_is_read_or_flagged_never_an_error(text: str) -> None:
    rule = parse_due(text, plan_start=PLAN_START)
    assert rule.text == text.strip()
    if rule.kind == DueKind.UNKNOWN:
        assert rule.needs_confirmation


@given(dates, st.sets(st.integers(min_value=1, max_value=12), min_size=1), dates)
def test_next_recurring_deadline_is_a_listed_month_end_on_or_after_the_date(
    start: datetime.date, months: set[int], on: datetime.date
) -> None:
    names = " and ".join(calendar.month_name[m] for m in sorted(months))
    rule = parse_due(f"Every {names} from {calendar.month_name[start.month]} {start.year}")
    upcoming = rule.next_due(on)
    assert upcoming is not None
    assert upcoming >= on
    assert upcoming.month in months
    assert upcoming == upcoming.replace(day=calendar.monthrange(upcoming.year, upcoming.month)[1])
