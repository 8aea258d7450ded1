"""Signing in, lockout after repeated failures, password reset and invitations."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse

from pledge.core.models import Agency, AuditEvent, Person, Role, SignInAttempt
from pledge.core.tests.factories import TEST_PASSWORD


def _sign_in(client: Client, email: str, password: str) -> Any:
    return client.post(reverse("sign-in"), {"username": email, "password": password})


def test_sign_in_with_correct_details_reaches_the_board(officer: Person) -> None:
    response = _sign_in(Client(), officer.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:dashboard")
    assert AuditEvent.objects.filter(verb="person.signed_in", target_id=officer.pk).exists()


def test_email_is_not_case_sensitive(officer: Person) -> None:
    response = _sign_in(Client(), officer.email.upper(), TEST_PASSWORD)
    assert response.status_code == 302


def test_wrong_password_shows_a_govuk_error(officer: Person) -> None:
    response = _sign_in(Client(), officer.email, "not-it")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in html
    assert "govuk-error-summary" in html
    assert "Enter a correct email address and password" in html


def test_empty_form_says_what_to_enter(db: None) -> None:
    html = _sign_in(Client(), "", "").content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html
    assert 'href="#id_username"' in html


def test_account_locks_after_five_failures_even_with_the_right_password(officer: Person) -> None:
    client = Client()
    for _ in range(5):
        _sign_in(client, officer.email, "wrong-password")
    officer.refresh_from_db()
    assert officer.is_locked()
    response = _sign_in(client, officer.email, TEST_PASSWORD)
    assert response.status_code == 200
    assert "Too many attempts to sign in. Wait 15 minutes, then try again." in (
        response.content.decode()
    )
    assert AuditEvent.objects.filter(verb="person.locked", target_id=officer.pk).count() == 1


def test_success_before_the_limit_clears_the_count(officer: Person) -> None:
    client = Client()
    for _ in range(4):
        _sign_in(client, officer.email, "wrong-password")
    assert _sign_in(client, officer.email, TEST_PASSWORD).status_code == 302
    officer.refresh_from_db()
    assert not SignInAttempt.objects.exists()
    assert not officer.is_locked()


def test_administrator_can_unlock_an_account(
    officer: Person, administrator: Person, client_for: Callable[[Person], Client]
) -> None:
    for _ in range(5):
        _sign_in(Client(), officer.email, "wrong-password")
    client_for(administrator).post(reverse("person-unlock", kwargs={"pk": officer.pk}))
    officer.refresh_from_db()
    assert not officer.is_locked()
    assert not SignInAttempt.objects.exists()
    assert AuditEvent.objects.filter(verb="person.unlocked", target_id=officer.pk).exists()
    assert _sign_in(Client(), officer.email, TEST_PASSWORD).status_code == 302


def test_switched_off_account_cannot_sign_in(make_person: Callable[..., Person]) -> None:
    person = make_person(Role.BOARD_MEMBER, is_active=False)
    assert _sign_in(Client(), person.email, TEST_PASSWORD).status_code == 200


def _link_in(message: object) -> str:
    match = re.search(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", str(message))
    assert match, message
    return match.group(1)


def test_password_reset_sends_a_link_that_sets_a_new_password(officer: Person) -> None:
    client = Client()
    response = client.post(reverse("password-reset"), {"email": officer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = _link_in(mail.outbox[0].body)
    form_page = client.get(link, follow=True)
    assert "Choose your password" in form_page.content.decode()
    new = "a brand new long password"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    assert _sign_in(Client(), officer.email, new).status_code == 302
    assert AuditEvent.objects.filter(verb="person.password_set", target_id=officer.pk).exists()


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(db: None) -> None:
    response = Client().post(reverse("password-reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_mismatched_new_passwords_get_an_error(officer: Person) -> None:
    client = Client()
    client.post(reverse("password-reset"), {"email": officer.email})
    page = client.get(_link_in(mail.outbox[0].body), follow=True)
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a brand new long password", "new_password2": "something else"},
    )
    assert "The passwords do not match" in response.content.decode()


def test_invitation_emails_a_link_to_choose_a_password(
    administrator: Person,
    agency: Agency,
    client_for: Callable[[Person], Client],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        response = client_for(administrator).post(
            reverse("person-invite"),
            {
                "email": "New.Lead@Example.org",
                "full_name": "Nia Lead",
                "roles": [Role.AGENCY_LEAD],
                "lead_agencies": [agency.pk],
            },
        )
    assert response.status_code == 302
    person = Person.objects.get(email="new.lead@example.org")
    assert person.has_role(Role.AGENCY_LEAD)
    assert not person.has_usable_password()
    assert len(mail.outbox) == 1
    assert "invited you to Pledge" in mail.outbox[0].body
    link = _link_in(mail.outbox[0].body)
    page = Client().get(link, follow=True)
    assert "Choose your password" in page.content.decode()


def test_signed_in_person_sent_to_sign_in_again_goes_to_the_board(
    officer: Person, client_for: Callable[[Person], Client]
) -> None:
    response = client_for(officer).get(reverse("sign-in") + "?next=/sign-in/")
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:dashboard")
