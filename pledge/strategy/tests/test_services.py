"""Strategy, items, mapping and pledge services: rules, audit and ordering."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from pledge.core.errors import UserError
from pledge.core.models import AuditEvent, Authority, Person, Role
from pledge.strategy import services
from pledge.strategy.models import ItemKind, Principle, Strategy, StrategyItem
from pledge.strategy.selectors import principle_coverage, strategy_current, strategy_tree
from pledge.strategy.tests.factories import (
    PledgePromiseFactory,
    StrategyFactory,
    StrategyItemFactory,
)


@pytest.fixture
def strategy(officer: Person) -> Strategy:
    return StrategyFactory.create()


def _add(
    officer: Person, strategy: Strategy, reference: str, parent: StrategyItem | None = None
) -> StrategyItem:
    return services.strategy_item_create(
        actor=officer,
        strategy=strategy,
        kind=ItemKind.PRIORITY,
        reference=reference,
        title=f"Item {reference}",
        parent=parent,
    )


def test_seven_principles_ship_with_the_product(db: None) -> None:
    principles = list(Principle.objects.values_list("number", "short_name"))
    assert [n for n, _ in principles] == [1, 2, 3, 4, 5, 6, 7]
    assert Principle.objects.get(number=7).statutory_text.endswith(
        "for adulthood and independent living"
    )


def test_items_form_a_tree_in_the_order_added(officer: Person, strategy: Strategy) -> None:
    one = _add(officer, strategy, "1")
    _add(officer, strategy, "1.1", one)
    _add(officer, strategy, "1.2", one)
    _add(officer, strategy, "2")
    tree = strategy_tree(strategy)
    assert [n.item.reference for n in tree] == ["1", "2"]
    assert [n.item.reference for n in tree[0].children] == ["1.1", "1.2"]


def test_reference_must_be_unique_among_live_items(officer: Person, strategy: Strategy) -> None:
    _add(officer, strategy, "3e")
    with pytest.raises(UserError, match="already used"):
        _add(officer, strategy, "3E")


def test_an_archived_items_reference_can_be_reused(officer: Person, strategy: Strategy) -> None:
    item = _add(officer, strategy, "1")
    services.strategy_item_archive(actor=officer, item=item)
    assert _add(officer, strategy, "1").reference == "1"


def test_archiving_an_item_archives_everything_under_it(
    officer: Person, strategy: Strategy
) -> None:
    one = _add(officer, strategy, "1")
    child = _add(officer, strategy, "1.1", one)
    grandchild = _add(officer, strategy, "1.1.1", child)
    services.strategy_item_archive(actor=officer, item=one, reason="Merged into 2")
    for item in (one, child, grandchild):
        item.refresh_from_db()
        assert item.is_archived
    assert strategy_tree(strategy) == []
    assert StrategyItem.objects.count() == 3  # never deleted
    assert AuditEvent.objects.filter(verb="strategy_item.archived").count() == 3


def test_an_item_cannot_move_under_its_own_child(officer: Person, strategy: Strategy) -> None:
    one = _add(officer, strategy, "1")
    child = _add(officer, strategy, "1.1", one)
    with pytest.raises(UserError, match="under itself"):
        services.strategy_item_update(
            actor=officer,
            item=one,
            kind=one.kind,
            reference="1",
            title="x",
            parent=child,
            formal_text="",
            plain_text="",
        )


def test_moving_swaps_neighbours_and_is_audited(officer: Person, strategy: Strategy) -> None:
    _add(officer, strategy, "1")
    two = _add(officer, strategy, "2")
    services.strategy_item_move(actor=officer, item=two, direction="up")
    assert [n.item.reference for n in strategy_tree(strategy)] == ["2", "1"]
    assert AuditEvent.objects.get(verb="strategy_item.moved").changes == {"position": [2, 1]}


def test_moving_the_first_item_up_changes_nothing(officer: Person, strategy: Strategy) -> None:
    one = _add(officer, strategy, "1")
    services.strategy_item_move(actor=officer, item=one, direction="up")
    assert not AuditEvent.objects.filter(verb="strategy_item.moved").exists()


def test_mapping_records_principles_promises_and_the_review(
    officer: Person, strategy: Strategy
) -> None:
    item = _add(officer, strategy, "1")
    promise = PledgePromiseFactory.create(authority=strategy.authority, reference="8")
    principle = Principle.objects.get(number=2)
    services.strategy_item_map(
        actor=officer, item=item, principles=[principle], promises=[promise], reviewed=True
    )
    item.refresh_from_db()
    assert item.mapping_reviewed_by == officer
    event = AuditEvent.objects.get(verb="strategy_item.mapped")
    assert event.changes["principles"] == [[], [str(principle)]]
    assert event.changes["mapping_reviewed"] == [False, True]


def test_changing_a_reviewed_mapping_re_stamps_the_review(
    officer: Person, make_person: Callable[..., Person], strategy: Strategy
) -> None:
    item = StrategyItemFactory.create(strategy=strategy)
    first, second = Principle.objects.filter(number__in=[1, 2])
    services.strategy_item_map(
        actor=officer, item=item, principles=[first], promises=[], reviewed=True
    )
    colleague = make_person(Role.BOARD_OFFICER)
    services.strategy_item_map(
        actor=colleague, item=item, principles=[second], promises=[], reviewed=True
    )
    item.refresh_from_db()
    assert item.mapping_reviewed_by == colleague


def test_principles_nothing_answers_are_gaps(officer: Person, strategy: Strategy) -> None:
    item = _add(officer, strategy, "1")
    services.strategy_item_map(
        actor=officer,
        item=item,
        principles=Principle.objects.filter(number__in=[1, 2]),
        promises=[],
        reviewed=False,
    )
    gaps = [row.principle.number for row in principle_coverage(strategy) if row.is_gap]
    assert gaps == [3, 4, 5, 6, 7]


def test_archived_items_do_not_answer_principles(officer: Person, strategy: Strategy) -> None:
    item = _add(officer, strategy, "1")
    services.strategy_item_map(
        actor=officer,
        item=item,
        principles=Principle.objects.filter(number=1),
        promises=[],
        reviewed=True,
    )
    services.strategy_item_archive(actor=officer, item=item)
    assert principle_coverage(strategy)[0].is_gap


def test_strategy_must_end_after_it_starts(officer: Person, authority: Authority) -> None:
    with pytest.raises(UserError, match="after the start"):
        services.strategy_create(
            actor=officer,
            authority=authority,
            title="Backwards",
            starts_on=datetime.date(2026, 4, 1),
            ends_on=datetime.date(2025, 4, 1),
        )


def test_current_strategy_is_the_one_whose_period_includes_the_date(authority: Authority) -> None:
    old = StrategyFactory.create(
        starts_on=datetime.date(2020, 3, 1), ends_on=datetime.date(2023, 3, 31)
    )
    new = StrategyFactory.create(
        starts_on=datetime.date(2025, 4, 1), ends_on=datetime.date(2028, 3, 31)
    )
    assert strategy_current(on=datetime.date(2021, 1, 1)) == old
    assert strategy_current(on=datetime.date(2026, 1, 1)) == new


def test_promise_order_and_archive(officer: Person, authority: Authority) -> None:
    first = services.promise_create(actor=officer, authority=authority, reference="1", text="A")
    second = services.promise_create(actor=officer, authority=authority, reference="2", text="B")
    services.promise_move(actor=officer, promise=second, direction="up")
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.position < first.position
    services.promise_archive(actor=officer, promise=first, reason="Replaced")
    with pytest.raises(UserError):
        services.promise_create(actor=officer, authority=authority, reference="2", text="Dup")
