"""Managing agencies and people: validation, audit and history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from pledge.core import services
from pledge.core.errors import UserError
from pledge.core.models import Agency, AgencyKind, AuditEvent, Authority, Person, Role


def test_agency_edit_is_audited_with_old_and_new_values_and_reason(
    officer: Person, agency: Agency
) -> None:
    services.agency_update(
        actor=officer,
        agency=agency,
        name="Northfield Trust",
        kind=AgencyKind.CHILDRENS_TRUST,
        short_name="NT",
        reason="Renamed in April",
    )
    event = AuditEvent.objects.get(verb="agency.updated")
    assert event.actor == officer
    assert event.changes["name"] == ["Northfield Children's Trust", "Northfield Trust"]
    assert event.reason == "Renamed in April"


def test_saving_an_agency_unchanged_records_nothing(officer: Person, agency: Agency) -> None:
    before = AuditEvent.objects.count()
    services.agency_update(
        actor=officer,
        agency=agency,
        name=agency.name,
        kind=agency.kind,
        short_name=agency.short_name,
    )
    assert AuditEvent.objects.count() == before


def test_agency_page_shows_its_history(
    officer: Person, agency: Agency, client_for: Callable[[Person], Client]
) -> None:
    services.agency_archive(actor=officer, agency=agency, reason="Merged into the trust")
    html = client_for(officer).get(reverse("agency", kwargs={"pk": agency.pk})).content.decode()
    assert "History" in html
    assert "Merged into the trust" in html
    assert "Olive Officer" in html


def test_archiving_an_agency_keeps_it(
    officer: Person, agency: Agency, client_for: Callable[[Person], Client]
) -> None:
    response = client_for(officer).post(
        reverse("agency-archive", kwargs={"pk": agency.pk}), {"reason": "Closed"}
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.is_archived
    assert Agency.objects.filter(pk=agency.pk).exists()


def test_duplicate_agency_name_is_refused_and_nothing_saved(
    officer: Person, agency: Agency, client_for: Callable[[Person], Client]
) -> None:
    response = client_for(officer).post(
        reverse("agency-create"), {"name": agency.name.upper(), "kind": AgencyKind.NHS}
    )
    html = response.content.decode()
    assert "There is already an agency with this name" in html
    assert "<title>Error:" in html
    assert Agency.objects.count() == 1


def test_agency_form_without_kind_says_what_to_select(
    officer: Person, authority: Authority, client_for: Callable[[Person], Client]
) -> None:
    html = client_for(officer).post(reverse("agency-create"), {"name": "X"}).content.decode()
    assert "Select the kind of agency" in html
    assert 'href="#id_kind"' in html


def test_invite_needs_a_role_and_agencies_for_an_agency_lead(
    administrator: Person, client_for: Callable[[Person], Client]
) -> None:
    client = client_for(administrator)
    html = client.post(
        reverse("person-invite"), {"email": "x@example.org", "full_name": "X"}
    ).content.decode()
    assert "Select at least one role" in html
    html = client.post(
        reverse("person-invite"),
        {"email": "x@example.org", "full_name": "X", "roles": [Role.AGENCY_LEAD]},
    ).content.decode()
    assert "Select the agencies this agency lead updates for" in html
    assert not Person.objects.filter(email="x@example.org").exists()


def test_invite_refuses_an_address_that_already_has_an_account(
    administrator: Person, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    html = (
        client_for(administrator)
        .post(
            reverse("person-invite"),
            {"email": officer.email, "full_name": "Twin", "roles": [Role.BOARD_MEMBER]},
        )
        .content.decode()
    )
    assert "already has an account" in html


def test_role_change_is_audited(administrator: Person, officer: Person) -> None:
    services.person_update(
        actor=administrator,
        person=officer,
        full_name=officer.full_name,
        job_title="",
        agency=None,
        roles=[Role.BOARD_OFFICER, Role.BOARD_MEMBER],
        lead_agencies=[],
        is_active=True,
        reason="Joined the board",
    )
    event = AuditEvent.objects.get(verb="person.updated")
    assert event.changes["roles"] == [["Board officer"], ["Board member", "Board officer"]]
    assert Person.objects.get(pk=officer.pk).has_role(Role.BOARD_MEMBER)


def test_administrator_cannot_remove_their_own_administrator_role(administrator: Person) -> None:
    with pytest.raises(UserError):
        services.person_update(
            actor=administrator,
            person=administrator,
            full_name="A",
            job_title="",
            agency=None,
            roles=[Role.BOARD_MEMBER],
            lead_agencies=[],
            is_active=True,
        )
    assert Person.objects.get(pk=administrator.pk).has_role(Role.ADMINISTRATOR)


def test_own_role_removal_shows_as_a_form_error(
    administrator: Person, client_for: Callable[[Person], Client]
) -> None:
    html = (
        client_for(administrator)
        .post(
            reverse("person-edit", kwargs={"pk": administrator.pk}),
            {"full_name": "Ada", "roles": [Role.BOARD_MEMBER], "is_active": "on"},
        )
        .content.decode()
    )
    assert "You cannot remove your own administrator role" in html


def test_setup_board_creates_the_authority_and_invites_an_administrator(
    db: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "setup_board",
            "--authority",
            "Eastshire County Council",
            "--code",
            "E10000099",
            "--board",
            "Eastshire Corporate Parenting Board",
            "--admin-email",
            "a@example.org",
            "--admin-name",
            "Ana Admin",
            "--site-url",
            "https://pledge.example.org",
        )
    person = Person.objects.get(email="a@example.org")
    assert person.has_role(Role.ADMINISTRATOR)
    assert "https://pledge.example.org/password-reset/" in mail.outbox[0].body
    with pytest.raises(CommandError, match="already has an authority"):
        call_command(
            "setup_board",
            "--authority",
            "X",
            "--code",
            "E10000098",
            "--board",
            "X",
            "--admin-email",
            "b@example.org",
            "--admin-name",
            "B",
            "--site-url",
            "https://x",
        )


def test_setup_board_explains_a_bad_ons_code(db: None) -> None:
    with pytest.raises(CommandError, match="Enter an ONS code"):
        call_command(
            "setup_board",
            "--authority",
            "X",
            "--code",
            "W06000001",
            "--board",
            "X",
            "--admin-email",
            "b@example.org",
            "--admin-name",
            "B",
            "--site-url",
            "https://x",
        )
    assert not Person.objects.exists()


def test_renaming_the_board_changes_every_header_and_is_audited(
    officer: Person, client_for: Callable[[Person], Client]
) -> None:
    client = client_for(officer)
    client.post(
        reverse("board-settings"),
        {
            "name": "Northfield Council",
            "board_name": "Northfield Corporate Parents",
            "return_files_kept_hours": "24",
            "uploads_kept_days": "7",
            "plain_reading_age": "9",
            "reason": "Vote",
        },
    )
    assert "Northfield Corporate Parents" in client.get(reverse("agencies")).content.decode()
    event = AuditEvent.objects.get(verb="authority.updated")
    assert event.changes == {
        "board_name": ["Northfield Corporate Parenting Board", "Northfield Corporate Parents"]
    }
    assert event.reason == "Vote"


def test_the_board_sets_how_long_uploads_wait_and_the_change_is_audited(
    officer: Person, authority: Authority, client_for: Callable[[Person], Client]
) -> None:
    client = client_for(officer)
    form = {
        "name": authority.name,
        "board_name": authority.board_name,
        "plain_reading_age": "9",
        "reason": "",
    }
    refused = client.post(
        reverse("board-settings"),
        form | {"return_files_kept_hours": "200", "uploads_kept_days": "7"},
    )
    assert "for at most 168 hours (a week)" in refused.content.decode()
    client.post(
        reverse("board-settings"), form | {"return_files_kept_hours": "4", "uploads_kept_days": "2"}
    )
    authority.refresh_from_db()
    assert (authority.return_files_kept_hours, authority.uploads_kept_days) == (4, 2)
    event = AuditEvent.objects.get(verb="authority.updated")
    assert event.changes == {"return_files_kept_hours": [24, 4], "uploads_kept_days": [7, 2]}


def test_the_board_sets_the_reading_age_its_words_to_young_people_aim_for(
    officer: Person, authority: Authority, client_for: Callable[[Person], Client]
) -> None:
    client = client_for(officer)
    form = {
        "name": authority.name,
        "board_name": authority.board_name,
        "return_files_kept_hours": "24",
        "uploads_kept_days": "7",
    }
    refused = client.post(reverse("board-settings"), form | {"plain_reading_age": "30"})
    assert "Enter a reading age of 16 or less" in refused.content.decode()
    client.post(reverse("board-settings"), form | {"plain_reading_age": "11"})
    authority.refresh_from_db()
    assert authority.plain_reading_age == 11
    event = AuditEvent.objects.get(verb="authority.updated")
    assert event.changes == {"plain_reading_age": [9, 11]}


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
