"""Sign-in limits: the same answer, in the same time, for any address; limits per client address
and per account that end on their own and never let a stranger lock an officer out
(pledge/core/sign_in.py, docs/adr/0013-sign-in-limits-and-csp.md)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from pledge.core import sign_in
from pledge.core.models import AuditEvent, Person, SignInAttempt
from pledge.core.services import person_password_set
from pledge.core.tests.factories import TEST_PASSWORD, PersonFactory

STRANGER = "203.0.113.7"
OFFICE = "198.51.100.20"
TOO_MANY = "Too many attempts to sign in."
WRONG = "Enter a correct email address and password"


def _sign_in(client: Client, email: str, password: str, address: str = STRANGER) -> Any:
    return client.post(
        reverse("sign-in"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def _errors(response: Any) -> list[str]:
    """The error summary's messages: all a person (or a guesser) is told."""
    html = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, html
    return [re.sub(r"\s+", " ", m).strip() for m in re.findall(r"<a [^>]*>(.*?)</a>", summary[0])]


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each time the password hasher runs (the test settings use MD5, for speed)."""
    calls: list[str] = []
    encode = MD5PasswordHasher.encode

    def counting(self: MD5PasswordHasher, password: str, salt: str) -> str:
        calls.append(password)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    return calls


def test_known_unknown_and_locked_addresses_get_the_same_answer_and_hashing(
    officer: Person, hashes: list[str]
) -> None:
    calls = hashes
    answers: dict[str, list[list[str]]] = {officer.email: [], "nobody@example.org": []}
    for email, seen in answers.items():
        for _ in range(7):
            calls.clear()
            response = _sign_in(Client(), email, "wrong-password")
            assert response.status_code == 200
            assert len(calls) == 1, "the hasher runs exactly once for every attempt"
            seen.append(_errors(response))
    known, unknown = answers.values()
    assert known == unknown
    assert known[0] == [WRONG]
    assert known[-1] == [f"{TOO_MANY} Wait 15 minutes, then try again."]
    # Refused, the right password is hashed too but not accepted.
    calls.clear()
    response = _sign_in(Client(), officer.email, TEST_PASSWORD)
    assert _errors(response)[0].startswith(TOO_MANY)
    assert len(calls) == 1


def test_a_stranger_elsewhere_cannot_lock_the_officer_out(officer: Person) -> None:
    for _ in range(10):
        _sign_in(Client(), officer.email, "guess", address=STRANGER)
    assert _errors(_sign_in(Client(), officer.email, TEST_PASSWORD, address=STRANGER))[
        0
    ].startswith(TOO_MANY)
    assert _sign_in(Client(), officer.email, TEST_PASSWORD, address=OFFICE).status_code == 302
    event = AuditEvent.objects.get(verb="person.locked", target_id=officer.pk)
    assert event.changes["refused_from"] == [None, STRANGER]


def test_refused_attempts_do_not_extend_the_limit_and_it_ends(officer: Person) -> None:
    for _ in range(5):
        _sign_in(Client(), officer.email, "guess")
    for _ in range(20):  # trying on while refused counts for nothing
        _sign_in(Client(), officer.email, "guess")
    assert SignInAttempt.objects.count() == 5
    SignInAttempt.objects.update(occurred_at=timezone.now() - datetime.timedelta(minutes=16))
    assert _sign_in(Client(), officer.email, TEST_PASSWORD).status_code == 302


def test_the_wait_is_until_the_oldest_wrong_password_ages_out(officer: Person) -> None:
    for _ in range(5):
        _sign_in(Client(), officer.email, "guess")
    SignInAttempt.objects.update(occurred_at=timezone.now() - datetime.timedelta(minutes=11))
    response = _sign_in(Client(), officer.email, TEST_PASSWORD)
    assert _errors(response) == [f"{TOO_MANY} Wait 4 minutes, then try again."]


def test_one_address_cannot_work_through_many_accounts(
    officer: Person, settings: Any, db: None
) -> None:
    settings.SIGN_IN_ADDRESS_LIMIT = 6
    for n in range(6):
        _sign_in(Client(), f"guess{n}@example.org", "guess")
    # Under the per-account limit for the officer, but the address has used its allowance.
    assert _errors(_sign_in(Client(), officer.email, TEST_PASSWORD))[0].startswith(TOO_MANY)
    assert _sign_in(Client(), officer.email, TEST_PASSWORD, address=OFFICE).status_code == 302


def test_guessing_from_many_addresses_stops_but_not_for_the_owners_browser(
    officer: Person, settings: Any
) -> None:
    settings.SIGN_IN_ACCOUNT_LIMIT = 4
    owners_browser = Client()
    assert _sign_in(owners_browser, officer.email, TEST_PASSWORD, address=OFFICE).status_code == 302
    owners_browser.post(reverse("sign-out"))
    for n in range(4):
        _sign_in(Client(), officer.email, "guess", address=f"192.0.2.{n + 1}")
    new_browser = _sign_in(Client(), officer.email, TEST_PASSWORD, address="192.0.2.99")
    assert _errors(new_browser)[0].startswith(TOO_MANY)
    assert _sign_in(owners_browser, officer.email, TEST_PASSWORD, address=OFFICE).status_code == 302
    assert (
        AuditEvent.objects.get(verb="person.locked")
        .changes["refused_from"][1]
        .startswith("every browser")
    )


def test_a_forged_device_cookie_is_ignored(officer: Person, settings: Any) -> None:
    settings.SIGN_IN_ACCOUNT_LIMIT = 2
    for n in range(2):
        _sign_in(Client(), officer.email, "guess", address=f"192.0.2.{n + 1}")
    forged = Client()
    forged.cookies[sign_in.DEVICE_COOKIE] = sign_in.account_key(officer.email)
    assert _errors(_sign_in(forged, officer.email, TEST_PASSWORD, address=OFFICE))[0].startswith(
        TOO_MANY
    )


def test_a_new_password_from_the_emailed_link_lifts_the_limits(officer: Person) -> None:
    for _ in range(5):
        _sign_in(Client(), officer.email, "guess", address=OFFICE)
    person_password_set(person=officer, password="another long password")
    assert not SignInAttempt.objects.exists()
    assert _sign_in(Client(), officer.email, "another long password", OFFICE).status_code == 302


def test_old_attempts_are_deleted(db: None) -> None:
    old = SignInAttempt.objects.create(
        address=OFFICE, account="x", occurred_at=timezone.now() - datetime.timedelta(hours=1)
    )
    _sign_in(Client(), "nobody@example.org", "guess")
    assert not SignInAttempt.objects.filter(pk=old.pk).exists()
    assert SignInAttempt.objects.count() == 1


def test_attempts_store_no_email_address(db: None) -> None:
    _sign_in(Client(), "Someone@Example.org", "guess")
    attempt = SignInAttempt.objects.get()
    assert "someone" not in attempt.account.lower()
    assert attempt.account == sign_in.account_key("someone@example.org")


def test_switched_off_and_invited_accounts_answer_like_any_other(
    hashes: list[str], db: None
) -> None:
    calls = hashes
    off = PersonFactory.create(is_active=False)
    invited = PersonFactory.create(password=None)
    for person in (off, invited):
        calls.clear()
        response = _sign_in(Client(), person.email, TEST_PASSWORD)
        assert _errors(response) == [WRONG]
        assert len(calls) == 1


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.1", "10.0.0.1"),  # not configured: the header is ignored
        (1, "6.6.6.6, 198.51.100.1", "10.0.0.1", "198.51.100.1"),  # the proxy's own entry
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.9", "10.0.0.1", "198.51.100.1"),
        (1, "", "10.0.0.1", "10.0.0.1"),  # no header: the direct peer
        (0, "", "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ],
)
def test_client_address(
    settings: Any, proxies: int, forwarded: str, remote: str, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert sign_in.client_address(request) == expected
