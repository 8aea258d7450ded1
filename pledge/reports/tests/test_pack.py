"""The board pack's contents: the period chosen (never the wall clock), the figures as they stood
at its end, the public's version through DfE's suppression, and a made pack that never changes."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from pledge.actions.models import Action, ActionPlan, ActionStatus, DeliveryRag
from pledge.actions.services import action_create, action_update_progress
from pledge.core.audit import history_for
from pledge.core.errors import UserError
from pledge.core.models import Authority, Person, Role
from pledge.reports import services
from pledge.reports.making import pack_make
from pledge.reports.models import BoardPack, PackPeriod, PackState, Period
from pledge.reports.pack import EmptyPeriodError, pack_contents
from pledge.reports.tests.helpers import stored
from pledge.scorecard.tests.test_services import make_kpi, record
from pledge.strategy.tests.factories import StrategyFactory

D = datetime.date
QUARTER = Period.ending(PackPeriod.QUARTER, D(2026, 3, 31))


@pytest.fixture
def plan(authority: Authority) -> ActionPlan:
    return ActionPlan.objects.create(
        strategy=StrategyFactory.create(authority=authority),
        title="2025-26 plan",
        starts_on=D(2025, 4, 1),
        ends_on=D(2026, 3, 31),
    )


def contents(authority: Authority, period: Period = QUARTER) -> dict[str, Any]:
    return pack_contents(authority, period, version=1, made_at=timezone.now())


def headline_row(pack: dict[str, Any], title: str) -> dict[str, Any]:
    rows = [row for section in pack["headline"]["sections"] for row in section["rows"]]
    return next(row for row in rows if row["title"] == title)


@pytest.mark.parametrize(
    ("kind", "end", "start"),
    [
        (PackPeriod.QUARTER, D(2026, 3, 31), D(2026, 1, 1)),
        (PackPeriod.BIMONTHLY, D(2026, 3, 31), D(2026, 2, 1)),
        (PackPeriod.YEAR, D(2026, 3, 31), D(2025, 4, 1)),
        (PackPeriod.QUARTER, D(2026, 2, 15), D(2025, 12, 1)),  # to the month's end
    ],
)
def test_a_period_is_the_months_up_to_its_end(
    kind: PackPeriod, end: datetime.date, start: datetime.date
) -> None:
    period = Period.ending(kind, end)
    assert (period.start, period.end.day) == (start, 28 if end.month == 2 else 31)


def test_a_period_with_nothing_in_it_is_refused_and_says_why(authority: Authority) -> None:
    stored(authority, ("cla_count", D(2025, 3, 31), 300, None))
    with pytest.raises(EmptyPeriodError, match=r"Nothing is dated in the quarter to 31 March 2026"):
        contents(authority)


def test_the_figures_are_the_latest_at_the_period_end_not_today(authority: Authority) -> None:
    stored(
        authority,
        ("cla_count", D(2024, 3, 31), 280, None),
        ("cla_count", D(2025, 3, 31), 290, None),
        ("cla_count", D(2026, 3, 31), 301, None),
        ("cla_count", D(2026, 6, 30), 333, None),  # after the period: not in its pack
    )
    row = headline_row(contents(authority)["board"], "Children looked after")
    assert row["latest"] == {"shown": "301", "when": "at 31\xa0Mar\xa02026", "detail": ""}
    assert row["year_before"]["shown"] == "290"
    assert [point["ours"] for point in row["trend"]] == ["280", "290", "301"]
    assert row["summary"].startswith(
        "Children looked after: 301 (at 31\xa0Mar\xa02026), up from 280"
    )
    assert row["chart"].startswith("<svg")


def test_the_public_version_hides_small_numbers_the_boards_shows_them(
    authority: Authority,
) -> None:
    stored(
        authority,
        ("cla_count", D(2026, 3, 31), 40, None),
        ("cla_gender_mix:male", D(2026, 3, 31), 37, 40),
        ("cla_gender_mix:female", D(2026, 3, 31), 3, 40),
    )
    pack = contents(authority)
    (board,) = pack["board"]["breakdowns"]
    (public,) = pack["public"]["breakdowns"]
    assert [(row["category"], row["count"]) for row in board["rows"][:2]] == [
        ("male", "37"),
        ("female", "3"),
    ]
    # Three girls are hidden, and so are the boys: 40 less 37 would give the three away.
    assert [row["count"] for row in public["rows"][:2]] == ["c", "c"]
    assert ">3<" not in public["chart"]
    assert "not shown" in public["chart"]


def test_a_kpi_count_of_a_few_children_is_hidden_from_the_public(authority: Authority) -> None:
    kpi = make_kpi(authority, unit="count", name="Children missing from care")
    record(kpi, D(2026, 3, 31), "4")
    pack = contents(authority)
    (board,) = pack["board"]["scorecard"]["groups"][0]["kpis"]
    (public,) = pack["public"]["scorecard"]["groups"][0]["kpis"]
    assert (board["latest"], public["latest"]) == ("4", "c")
    assert "c" in dict(pack["public"]["symbols"])


def test_each_action_stands_as_its_last_update_by_the_period_end_left_it(
    authority: Authority, plan: ActionPlan, make_person: Callable[..., Person]
) -> None:
    officer = make_person(Role.BOARD_OFFICER)
    action = action_create(
        actor=officer, plan=plan, text="Open a drop-in for care leavers", due_text="31/1/2026"
    )
    action_update_progress(
        actor=officer,
        action=action,
        status=ActionStatus.IN_PROGRESS,
        rag=DeliveryRag.RED,
        commentary="The venue fell through",
        as_at=D(2026, 3, 20),
    )
    action_update_progress(  # after the period end: not in this pack
        actor=officer,
        action=Action.objects.get(pk=action.pk),
        status=ActionStatus.COMPLETE,
        rag=DeliveryRag.GREEN,
        commentary="Opened",
        as_at=D(2026, 4, 20),
    )
    pack = contents(authority)["board"]
    (group,) = pack["plan"]["groups"]
    assert group["statuses"] == [("In progress", 1)]
    assert ("Red", 1) in group["rags"]
    (watched,) = group["watch"]
    assert (watched["commentary"], watched["as_at"]) == ("The venue fell through", "20 March 2026")
    (overdue,) = pack["exceptions"]["actions"]
    assert overdue["text"] == "Open a drop-in for care leavers"


@pytest.mark.django_db(transaction=True)
def test_a_made_pack_keeps_its_figures_and_making_it_again_is_a_new_version(
    authority: Authority, make_person: Callable[..., Person]
) -> None:
    officer = make_person(Role.BOARD_OFFICER)
    stored(authority, ("cla_count", D(2026, 3, 31), 301, None))
    first = pack_make(services.pack_request(actor=officer, authority=authority, period=QUARTER))
    assert (first.state, first.version) == (PackState.READY, 1)
    assert first.pdf.size > 0
    assert first.public_docx.size > 0

    stored(authority, ("cla_count", D(2026, 3, 31), 999, None))  # a later load changes the figure
    first.refresh_from_db()
    assert (
        headline_row(first.contents["board"], "Children looked after")["latest"]["shown"] == "301"
    )

    second = services.pack_request(actor=officer, authority=authority, period=QUARTER)
    assert second.version == 2
    assert BoardPack.objects.filter(period_end=QUARTER.end).count() == 2


def test_a_pack_of_a_period_not_yet_ended_is_refused(authority: Authority) -> None:
    stored(authority, ("cla_count", D(2026, 3, 31), 301, None))
    later = timezone.localdate() + datetime.timedelta(days=62)
    with pytest.raises(UserError, match="has not ended yet"):
        services.pack_request(
            actor=None, authority=authority, period=Period.ending(PackPeriod.QUARTER, later)
        )
    assert not BoardPack.objects.exists()


def test_only_a_made_pack_is_published_and_each_change_is_audited(
    authority: Authority, make_person: Callable[..., Person]
) -> None:
    officer = make_person(Role.BOARD_OFFICER)
    stored(authority, ("cla_count", D(2026, 3, 31), 301, None))
    pack = services.pack_request(actor=officer, authority=authority, period=QUARTER)
    with pytest.raises(UserError, match="not ready"):
        services.pack_publish(actor=officer, pack=pack, published=True)
    BoardPack.objects.filter(pk=pack.pk).update(state=PackState.READY)
    published = services.pack_publish(actor=officer, pack=pack, published=True)
    assert published.published_by == officer
    withdrawn = services.pack_publish(actor=officer, pack=pack, published=False)
    assert withdrawn.published_at is None
    verbs = [event.verb for event in history_for(pack)]
    assert verbs == ["pack.withdrawn", "pack.published", "pack.requested"]
