"""Edit conflicts on strategies, their items and pledge promises (ADR 0014): a save from a page
opened before someone else's change is refused, saying what changed, and saves nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pledge.core.concurrency import EditConflictError
from pledge.core.models import AuditEvent, Authority, Person
from pledge.core.tests.conflicts import check_edit_page_conflict
from pledge.strategy import services
from pledge.strategy.models import PledgePromise, Principle, Strategy, StrategyItem
from pledge.strategy.tests.factories import (
    PledgePromiseFactory,
    StrategyFactory,
    StrategyItemFactory,
)


@pytest.fixture
def strategy(authority: Authority) -> Strategy:
    return StrategyFactory.create(authority=authority, title="Strategy 2025 to 2028")


@pytest.fixture
def item(strategy: Strategy) -> StrategyItem:
    return StrategyItemFactory.create(strategy=strategy, reference="1", title="Health")


@pytest.fixture
def promise(authority: Authority) -> PledgePromise:
    return PledgePromiseFactory.create(authority=authority, reference="1", text="We will listen")


@pytest.fixture
def other(make_person: Callable[..., Person]) -> Person:
    return make_person("board_officer", full_name="Oscar Other")


def _strategy_values(strategy: Strategy, **changes: Any) -> dict[str, Any]:
    values = {name: getattr(strategy, name) for name in services.STRATEGY_FIELDS}
    return values | changes


def _item_values(item: StrategyItem, **changes: Any) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in services.ITEM_FIELDS}
    return values | changes


# The services -----------------------------------------------------------------------------------


def test_a_stale_strategy_edit_is_refused_and_saves_nothing(
    strategy: Strategy, officer: Person, other: Person
) -> None:
    opened = Strategy.objects.get(pk=strategy.pk)
    services.strategy_update(
        actor=other, strategy=strategy, version=0, **_strategy_values(strategy, title="New title")
    )
    events = AuditEvent.objects.count()
    with pytest.raises(EditConflictError) as refused:
        services.strategy_update(
            actor=officer,
            strategy=opened,
            version=0,
            **_strategy_values(opened, vision="Our vision", ends_on=datetime.date(2029, 3, 31)),
        )
    assert refused.value.message.startswith("This strategy was changed after you opened it.")
    assert "Changed by Oscar Other on " in refused.value.message
    assert "title from \u201cStrategy 2025 to 2028\u201d to \u201cNew title\u201d" in (
        refused.value.message
    )
    saved = Strategy.objects.get(pk=strategy.pk)
    assert (saved.title, saved.vision, saved.version) == ("New title", "", 1)
    assert AuditEvent.objects.count() == events


def test_a_stale_item_edit_is_refused_and_saves_nothing(
    item: StrategyItem, officer: Person, other: Person
) -> None:
    opened = StrategyItem.objects.get(pk=item.pk)
    services.strategy_item_update(
        actor=other, item=item, version=0, **_item_values(item, title="Health and wellbeing")
    )
    with pytest.raises(EditConflictError) as refused:
        services.strategy_item_update(
            actor=officer, item=opened, version=0, **_item_values(opened, plain_text="We will")
        )
    assert refused.value.message.startswith("This strategy item was changed after you opened it.")
    assert "title from \u201cHealth\u201d to \u201cHealth and wellbeing\u201d" in (
        refused.value.message
    )
    assert StrategyItem.objects.get(pk=item.pk).plain_text == ""


def test_a_stale_mapping_is_refused_naming_the_principles_mapped_since(
    item: StrategyItem, officer: Person, other: Person
) -> None:
    principle = Principle.objects.get(number=1)
    services.strategy_item_map(
        actor=other, item=item, principles=[principle], promises=[], reviewed=True, version=0
    )
    with pytest.raises(EditConflictError) as refused:
        services.strategy_item_map(
            actor=officer,
            item=StrategyItem.objects.get(pk=item.pk),
            principles=[],
            promises=[],
            reviewed=False,
            version=0,
        )
    assert f"principles set to \u201c{principle}\u201d" in refused.value.message
    assert "mapping reviewed from \u201cno\u201d to \u201cyes\u201d" in refused.value.message
    assert list(StrategyItem.objects.get(pk=item.pk).principles.all()) == [principle]


def test_a_stale_promise_edit_is_refused_and_saves_nothing(
    promise: PledgePromise, officer: Person, other: Person
) -> None:
    opened = PledgePromise.objects.get(pk=promise.pk)
    services.promise_update(
        actor=other, promise=promise, reference="1", text="We will listen to you", plain_text=""
    )
    with pytest.raises(EditConflictError) as refused:
        services.promise_update(
            actor=officer,
            promise=opened,
            reference="1",
            text="We will listen",
            plain_text="In plain words",
            version=0,
        )
    assert refused.value.message.startswith("This pledge promise was changed after you opened it.")
    assert "promise from \u201cWe will listen\u201d to \u201cWe will listen to you\u201d" in (
        refused.value.message
    )
    assert PledgePromise.objects.get(pk=promise.pk).plain_text == ""


def test_archiving_moves_the_version_so_an_open_edit_page_is_told(
    promise: PledgePromise, officer: Person, other: Person
) -> None:
    services.promise_archive(actor=other, promise=promise, reason="Replaced")
    with pytest.raises(EditConflictError) as refused:
        services.promise_update(
            actor=officer,
            promise=PledgePromise.objects.get(pk=promise.pk),
            reference="1",
            text="We will listen",
            plain_text="",
            version=0,
        )
    assert "Changed by Oscar Other on " in refused.value.message
    assert "archived at set to \u201c" in refused.value.message


# The pages --------------------------------------------------------------------------------------


def test_the_strategy_page_keeps_the_typing_and_saves_on_the_second_go(
    strategy: Strategy, officer: Person, other: Person, client_for: Callable[[Person], Client]
) -> None:
    check_edit_page_conflict(
        client=client_for(officer),
        url=reverse("strategy:edit", kwargs={"pk": strategy.pk}),
        record=strategy,
        typed={
            "title": "Strategy 2025 to 2028",
            "starts_on": "1/4/2025",
            "ends_on": "31/3/2028",
            "vision": "The vision I typed",
        },
        shown="The vision I typed",
        change_elsewhere=lambda version: services.strategy_update(
            actor=other,
            strategy=Strategy.objects.get(pk=strategy.pk),
            version=version,
            **_strategy_values(strategy, plain_vision="We want you to thrive"),
        ),
        told="vision in plain words set to \u201cWe want you to thrive\u201d",
        saved=lambda: Strategy.objects.filter(pk=strategy.pk, vision="The vision I typed").exists(),
    )


def test_the_item_page_keeps_the_typing_and_saves_on_the_second_go(
    item: StrategyItem, officer: Person, other: Person, client_for: Callable[[Person], Client]
) -> None:
    check_edit_page_conflict(
        client=client_for(officer),
        url=reverse("strategy:item-edit", kwargs={"pk": item.pk}),
        record=item,
        typed={"kind": "priority", "reference": "1", "title": "Health, typed"},
        shown="Health, typed",
        change_elsewhere=lambda version: services.strategy_item_update(
            actor=other,
            item=StrategyItem.objects.get(pk=item.pk),
            version=version,
            **_item_values(item, formal_text="The council will"),
        ),
        told="formal text set to \u201cThe council will\u201d",
        saved=lambda: StrategyItem.objects.filter(pk=item.pk, title="Health, typed").exists(),
    )


def test_the_mapping_page_keeps_the_choices_and_saves_on_the_second_go(
    item: StrategyItem, officer: Person, other: Person, client_for: Callable[[Person], Client]
) -> None:
    seven = Principle.objects.get(number=7)
    check_edit_page_conflict(
        client=client_for(officer),
        url=reverse("strategy:item-map", kwargs={"pk": item.pk}),
        record=item,
        typed={"principles": [seven.pk], "reason": "Mapped at the away day"},
        shown="Mapped at the away day",
        change_elsewhere=lambda version: services.strategy_item_update(
            actor=other,
            item=StrategyItem.objects.get(pk=item.pk),
            version=version,
            **_item_values(item, title="Health and wellbeing"),
        ),
        told="title from \u201cHealth\u201d to \u201cHealth and wellbeing\u201d",
        saved=lambda: list(StrategyItem.objects.get(pk=item.pk).principles.all()) == [seven],
    )


def test_the_promise_page_keeps_the_typing_and_saves_on_the_second_go(
    promise: PledgePromise, officer: Person, other: Person, client_for: Callable[[Person], Client]
) -> None:
    check_edit_page_conflict(
        client=client_for(officer),
        url=reverse("strategy:promise-edit", kwargs={"pk": promise.pk}),
        record=promise,
        typed={"reference": "1", "text": "We will listen, typed"},
        shown="We will listen, typed",
        change_elsewhere=lambda version: services.promise_update(
            actor=other,
            promise=PledgePromise.objects.get(pk=promise.pk),
            reference="1",
            text="We will listen",
            plain_text="We hear you",
            version=version,
        ),
        told="in plain words set to \u201cWe hear you\u201d",
        saved=lambda: PledgePromise.objects.filter(
            pk=promise.pk, text="We will listen, typed"
        ).exists(),
    )
