"""Edge cases found in review: odd query strings, stale pages, expired invitations, archives."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from pledge.core.models import AuditEvent, Authority, Person, Role
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
def officer_client(officer: Person, client_for: Callable[[Person], Client]) -> Client:
    return client_for(officer)


@pytest.mark.parametrize("value", ["abc", "²", "-1", "99999"])
def test_odd_query_values_are_ignored_not_a_crash(
    officer_client: Client, strategy: Strategy, value: str
) -> None:
    create = reverse("strategy:item-create", kwargs={"pk": strategy.pk})
    assert officer_client.get(f"{create}?parent={value}").status_code == 200
    principles = reverse("strategy:principles")
    assert officer_client.get(f"{principles}?strategy={value}").status_code in {200, 404}


def test_moving_an_item_archived_since_the_page_opened_changes_nothing(
    officer: Person, officer_client: Client, strategy: Strategy
) -> None:
    live = StrategyItemFactory.create(strategy=strategy, position=0)
    item = StrategyItemFactory.create(strategy=strategy, position=1)
    services.strategy_item_archive(actor=officer, item=item)
    response = officer_client.post(
        reverse("strategy:item-move", kwargs={"pk": item.pk}), {"direction": "up"}
    )
    assert response.status_code == 302
    live.refresh_from_db()
    item.refresh_from_db()
    assert (live.position, item.position) == (0, 1)  # not swapped with the live item above it
    assert not AuditEvent.objects.filter(verb="strategy_item.moved").exists()


def test_archived_item_cannot_be_edited_through_its_url(
    officer: Person, officer_client: Client, strategy: Strategy
) -> None:
    item = StrategyItemFactory.create(strategy=strategy, title="Before")
    services.strategy_item_archive(actor=officer, item=item)
    html = officer_client.post(
        reverse("strategy:item-edit", kwargs={"pk": item.pk}),
        {"kind": "priority", "reference": item.reference, "title": "After"},
    ).content.decode()
    assert "Restore it before changing it" in html
    assert StrategyItem.objects.get(pk=item.pk).title == "Before"


def test_saving_a_mapping_keeps_a_link_to_a_promise_archived_since(
    officer: Person, officer_client: Client, strategy: Strategy
) -> None:
    item = StrategyItemFactory.create(strategy=strategy)
    promise = PledgePromiseFactory.create(authority=strategy.authority)
    services.strategy_item_map(
        actor=officer, item=item, principles=[], promises=[promise], reviewed=False
    )
    services.promise_archive(actor=officer, promise=promise)
    page = officer_client.get(reverse("strategy:item-map", kwargs={"pk": item.pk}))
    assert f'value="{promise.pk}" checked' in page.content.decode()
    officer_client.post(
        reverse("strategy:item-map", kwargs={"pk": item.pk}), {"promises": [promise.pk]}
    )
    assert list(item.promises.all()) == [promise]


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


def test_signed_in_person_sent_to_sign_in_again_goes_to_the_board(
    officer_client: Client,
) -> None:
    response = officer_client.get(reverse("sign-in") + "?next=/sign-in/")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_an_email_address_too_long_to_store_is_explained(
    administrator: Person, client_for: Callable[[Person], Client]
) -> None:
    email = "a" * 243 + "@example.org"  # 255 characters: one more than an address may have
    html = (
        client_for(administrator)
        .post(
            reverse("person-invite"),
            {"email": email, "full_name": "Long", "roles": [Role.BOARD_MEMBER]},
        )
        .content.decode()
    )
    assert "govuk-error-summary" in html
    assert not Person.objects.filter(full_name="Long").exists()


def test_an_invited_person_whose_link_expired_can_ask_for_a_new_one(
    make_person: Callable[..., Person],
) -> None:
    person = make_person(Role.BOARD_MEMBER)
    person.set_unusable_password()
    person.save()
    Client().post(reverse("password-reset"), {"email": person.email})
    assert len(mail.outbox) == 1


def test_setup_board_saves_nothing_when_the_invitation_fails(db: None) -> None:
    arguments = [
        "--authority",
        "Eastshire County Council",
        "--code",
        "E10000099",
        "--board",
        "Eastshire Board",
        "--admin-name",
        "A",
        "--site-url",
        "https://x",
    ]
    with pytest.raises(CommandError):
        call_command("setup_board", *arguments, "--admin-email", "not-an-email")
    assert not Authority.objects.exists()
    call_command("setup_board", *arguments, "--admin-email", "a@example.org")
    assert Authority.objects.count() == 1
