"""Links to choose a password are secrets: never kept in the task queue, and short-lived (a
reset for 2 hours, an invitation for 3 days; ADR 0015)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from pledge.core import services
from pledge.core.models import Person, Role
from pledge.core.tests.tasks import DATABASE_TASKS, run_queued_tasks
from pledge.core.tokens import PasswordLinkTokens, tokens

LINK = re.compile(r"https?://[^/\s]+(/password-reset/[^/\s]+/[^/\s]+/)")


def _nothing_secret_queued() -> None:
    for kept in DBTaskResult.objects.values_list("args_kwargs", "return_value"):
        assert "password-reset" not in str(kept)
        assert not re.search(r"[0-9a-z]{6,}-[0-9a-f]{20,}", str(kept))  # a token's shape


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True)
def test_an_invitation_link_is_made_in_the_worker_and_never_queued(
    administrator: Person, client_for: Callable[[Person], Client]
) -> None:
    person = services.person_invite(
        actor=administrator,
        email="new.officer@example.org",
        full_name="New Officer",
        roles=[Role.BOARD_OFFICER],
        base_url="https://pledge.example.org",
    )
    _nothing_secret_queued()
    run_queued_tasks()
    _nothing_secret_queued()
    (sent,) = mail.outbox
    assert "invited you to Pledge" in sent.body
    assert "works once, for 3 days" in sent.body
    link = LINK.search(str(sent.body))
    assert link
    page = Client().get(link.group(1), follow=True)
    assert "New password" in page.content.decode()
    assert person.email in sent.to


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True)
def test_a_reset_link_is_made_in_the_worker_and_never_queued(
    make_person: Callable[..., Person],
) -> None:
    person = make_person(Role.BOARD_OFFICER, email="reset.me@example.org")
    Client().post(reverse("password-reset"), {"email": "reset.me@example.org"})
    _nothing_secret_queued()
    run_queued_tasks()
    (sent,) = mail.outbox
    assert "works once, for 2 hours" in sent.body
    assert LINK.search(str(sent.body))
    assert sent.to == [person.email]


class Clock(PasswordLinkTokens):
    def __init__(self, now: datetime.datetime) -> None:
        super().__init__()
        self.at = now

    def _now(self) -> datetime.datetime:
        return self.at


@pytest.mark.parametrize(
    ("has_password", "age", "works"),
    [
        (True, datetime.timedelta(hours=1, minutes=59), True),
        (True, datetime.timedelta(hours=2, minutes=1), False),
        (False, datetime.timedelta(days=2, hours=23), True),
        (False, datetime.timedelta(days=3, minutes=1), False),
    ],
)
def test_a_reset_works_for_2_hours_and_an_invitation_for_3_days(
    make_person: Callable[..., Person], has_password: bool, age: datetime.timedelta, works: bool
) -> None:
    person = make_person(Role.BOARD_OFFICER)
    if not has_password:
        person.set_unusable_password()
        person.save()
    made_at = datetime.datetime(2026, 12, 1, 9, 0)  # noqa: DTZ001 (naive, as Django's tokens count)
    token = Clock(made_at).make_token(person)
    assert Clock(made_at + age).check_token(person, token) is works
    assert tokens.check_token(person, "nonsense") is False


def test_a_token_for_someone_else_does_not_work(make_person: Callable[..., Person]) -> None:
    one, other = make_person(Role.BOARD_OFFICER), make_person(Role.BOARD_MEMBER)
    assert not tokens.check_token(other, tokens.make_token(one))
