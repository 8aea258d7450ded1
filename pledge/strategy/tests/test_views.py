"""Strategy pages through the interface a board officer uses."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from pledge.core.models import AuditEvent, Authority, Person
from pledge.strategy import services
from pledge.strategy.models import Principle, Strategy, StrategyItem
from pledge.strategy.tests.factories import (
    PledgePromiseFactory,
    StrategyFactory,
    StrategyItemFactory,
)


@pytest.fixture
def strategy(authority: Authority) -> Strategy:
    return StrategyFactory.create(authority=authority)


@pytest.fixture
def client(officer: Person, client_for: Callable[[Person], Client]) -> Client:
    return client_for(officer)


def test_officer_creates_a_priority_maps_it_and_sees_it_on_the_strategy(
    client: Client, strategy: Strategy
) -> None:
    response = client.post(
        reverse("strategy:item-create", kwargs={"pk": strategy.pk}),
        {
            "kind": "priority",
            "reference": "1",
            "title": "Health and wellbeing",
            "plain_text": "We will look after your health.",
        },
    )
    item = StrategyItem.objects.get(reference="1")
    assert response["Location"] == reverse("strategy:item-map", kwargs={"pk": item.pk})
    client.post(
        reverse("strategy:item-map", kwargs={"pk": item.pk}),
        {"principles": [Principle.objects.get(number=1).pk], "reviewed": "on"},
    )
    html = client.get(reverse("strategy:detail", kwargs={"pk": strategy.pk})).content.decode()
    assert "Health and wellbeing" in html
    assert "We will look after your health." in html
    assert "Best interests, health and well-being" in html
    assert "Mapping reviewed" in html


def test_bad_item_input_is_explained_and_nothing_saved(client: Client, strategy: Strategy) -> None:
    response = client.post(
        reverse("strategy:item-create", kwargs={"pk": strategy.pk}),
        {"kind": "priority", "reference": "1 .1!", "title": ""},
    )
    html = response.content.decode()
    assert "<title>Error:" in html
    assert "Enter a title, like Health and wellbeing" in html
    assert "Enter a reference made of numbers and letters" in html
    assert not StrategyItem.objects.exists()


def test_duplicate_reference_is_explained_on_the_form(client: Client, strategy: Strategy) -> None:
    StrategyItemFactory.create(strategy=strategy, reference="2")
    html = client.post(
        reverse("strategy:item-create", kwargs={"pk": strategy.pk}),
        {"kind": "priority", "reference": "2", "title": "Another"},
    ).content.decode()
    assert "Reference 2 is already used" in html
    assert 'href="#id_reference"' in html
    assert StrategyItem.objects.count() == 1


def test_bad_strategy_dates_are_explained(client: Client, authority: Authority) -> None:
    html = client.post(
        reverse("strategy:create"),
        {"title": "S", "starts_on": "31/02/2026", "ends_on": "1/4/2025"},
    ).content.decode()
    assert "Enter the start date as a real date" in html
    assert not Strategy.objects.exists()
    html = client.post(
        reverse("strategy:create"),
        {"title": "S", "starts_on": "1/4/2026", "ends_on": "1/4/2025"},
    ).content.decode()
    assert "The end date must be after the start date" in html


def test_principles_view_shows_gaps(client: Client, strategy: Strategy) -> None:
    html = client.get(reverse("strategy:principles")).content.decode()
    assert len(re.findall(r">\s*Gap\s*<", html)) == 7
    assert "0 of 7 principles" in html


def test_item_page_shows_its_history_with_the_reason(client: Client, strategy: Strategy) -> None:
    item = StrategyItemFactory.create(strategy=strategy, reference="1", title="Old title")
    client.post(
        reverse("strategy:item-edit", kwargs={"pk": item.pk}),
        {"kind": "priority", "reference": "1", "title": "New title", "reason": "Board asked"},
    )
    html = client.get(reverse("strategy:item", kwargs={"pk": item.pk})).content.decode()
    assert "Old title" in html
    assert "New title" in html
    assert "Board asked" in html


def test_archive_asks_first_then_keeps_the_item(client: Client, strategy: Strategy) -> None:
    item = StrategyItemFactory.create(strategy=strategy)
    url = reverse("strategy:item-archive", kwargs={"pk": item.pk})
    assert "Nothing is deleted" in client.get(url).content.decode()
    client.post(url, {"reason": "Done"})
    item.refresh_from_db()
    assert item.is_archived


@pytest.mark.parametrize("value", ["abc", "²", "-1", "99999"])
def test_odd_query_values_are_ignored_not_a_crash(
    client: Client, strategy: Strategy, value: str
) -> None:
    create = reverse("strategy:item-create", kwargs={"pk": strategy.pk})
    assert client.get(f"{create}?parent={value}").status_code == 200
    principles = reverse("strategy:principles")
    assert client.get(f"{principles}?strategy={value}").status_code in {200, 404}


def test_moving_an_item_archived_since_the_page_opened_changes_nothing(
    officer: Person, client: Client, strategy: Strategy
) -> None:
    live = StrategyItemFactory.create(strategy=strategy, position=0)
    item = StrategyItemFactory.create(strategy=strategy, position=1)
    services.strategy_item_archive(actor=officer, item=item)
    response = client.post(
        reverse("strategy:item-move", kwargs={"pk": item.pk}), {"direction": "up"}
    )
    assert response.status_code == 302
    live.refresh_from_db()
    item.refresh_from_db()
    assert (live.position, item.position) == (0, 1)  # not swapped with the live item above it
    assert not AuditEvent.objects.filter(verb="strategy_item.moved").exists()


def test_archived_item_cannot_be_edited_through_its_url(
    officer: Person, client: Client, strategy: Strategy
) -> None:
    item = StrategyItemFactory.create(strategy=strategy, title="Before")
    services.strategy_item_archive(actor=officer, item=item)
    html = client.post(
        reverse("strategy:item-edit", kwargs={"pk": item.pk}),
        {"kind": "priority", "reference": item.reference, "title": "After"},
    ).content.decode()
    assert "Restore it before changing it" in html
    assert StrategyItem.objects.get(pk=item.pk).title == "Before"


def test_saving_a_mapping_keeps_a_link_to_a_promise_archived_since(
    officer: Person, client: Client, strategy: Strategy
) -> None:
    item = StrategyItemFactory.create(strategy=strategy)
    promise = PledgePromiseFactory.create(authority=strategy.authority)
    services.strategy_item_map(
        actor=officer, item=item, principles=[], promises=[promise], reviewed=False
    )
    services.promise_archive(actor=officer, promise=promise)
    page = client.get(reverse("strategy:item-map", kwargs={"pk": item.pk}))
    assert f'value="{promise.pk}" checked' in page.content.decode()
    client.post(reverse("strategy:item-map", kwargs={"pk": item.pk}), {"promises": [promise.pk]})
    assert list(item.promises.all()) == [promise]
