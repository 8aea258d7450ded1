"""Writes for the core app: the authority, agencies, people, roles and sign-in state.

Each function is a `@service`: atomic, keyword-only, given the acting person, and audited.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pledge.core.archiving import set_archived
from pledge.core.audit import (
    audit_record,
    audit_update,
    changes_between,
    record_unchanged,
    service,
    snapshot,
)
from pledge.core.errors import UserError
from pledge.core.models import Agency, AgencyKind, Authority, Person, Role, RoleGrant
from pledge.core.tasks import send_email

AGENCY_FIELDS = ("name", "short_name", "kind")
PERSON_FIELDS = ("full_name", "job_title", "agency", "is_active")


@service
def authority_create(*, actor: Person | None, name: str, code: str, board_name: str) -> Authority:
    """Set up the authority this deployment serves."""
    authority = Authority(name=name, code=code, board_name=board_name)
    authority.full_clean()
    authority.save()
    audit_record(
        actor=actor,
        verb="authority.created",
        target=authority,
        changes={"name": [None, name], "code": [None, code], "board_name": [None, board_name]},
    )
    return authority


@service
def authority_update(
    *, actor: Person, authority: Authority, name: str, board_name: str, reason: str = ""
) -> Authority:
    """Rename the authority or its board (the board's name is in every page's header)."""
    before = snapshot(authority, ("name", "board_name"))
    authority.name, authority.board_name = name, board_name
    authority.full_clean()
    authority.save()
    audit_update(
        actor=actor,
        verb="authority.updated",
        target=authority,
        before=before,
        after=snapshot(authority, ("name", "board_name")),
        reason=reason,
    )
    return authority


@service
def agency_create(
    *, actor: Person | None, authority: Authority, name: str, kind: str, short_name: str = ""
) -> Agency:
    """Add a partner agency to the board."""
    agency = Agency(authority=authority, name=name, kind=AgencyKind(kind), short_name=short_name)
    agency.full_clean()
    agency.save()
    audit_record(
        actor=actor,
        verb="agency.created",
        target=agency,
        changes={name_: [None, value] for name_, value in snapshot(agency, AGENCY_FIELDS).items()},
    )
    return agency


@service
def agency_update(
    *, actor: Person, agency: Agency, name: str, kind: str, short_name: str, reason: str = ""
) -> Agency:
    """Change an agency's name, short name or kind."""
    if agency.is_archived:
        raise UserError(f"{agency} is archived. Restore it before changing it.")
    before = snapshot(agency, AGENCY_FIELDS)
    agency.name, agency.kind, agency.short_name = name, AgencyKind(kind), short_name
    agency.full_clean()
    agency.save()
    audit_update(
        actor=actor,
        verb="agency.updated",
        target=agency,
        before=before,
        after=snapshot(agency, AGENCY_FIELDS),
        reason=reason,
    )
    return agency


@service
def agency_archive(*, actor: Person, agency: Agency, reason: str = "") -> Agency:
    """Archive an agency: it stays in history and past records but cannot be given new work."""
    set_archived(actor=actor, target=agency, archived=True, verb="agency.archived", reason=reason)
    return agency


@service
def agency_restore(*, actor: Person, agency: Agency, reason: str = "") -> Agency:
    """Bring an archived agency back."""
    set_archived(actor=actor, target=agency, archived=False, verb="agency.restored", reason=reason)
    return agency


@service
def person_create(
    *,
    actor: Person | None,
    email: str,
    full_name: str,
    job_title: str = "",
    agency: Agency | None = None,
    roles: Iterable[str] = (),
    lead_agencies: Iterable[Agency] = (),
    password: str | None = None,
) -> Person:
    """Give someone an account. Without a password they cannot sign in until they choose one."""
    person = Person(
        email=email.strip().lower(), full_name=full_name, job_title=job_title, agency=agency
    )
    person.set_password(password)  # None makes the password unusable
    person.full_clean()
    person.save()
    _set_roles(person, roles, lead_agencies)
    audit_record(
        actor=actor,
        verb="person.created",
        target=person,
        changes={"email": [None, person.email]} | changes_between({}, _person_snapshot(person)),
    )
    return person


@service
def person_invite(
    *,
    actor: Person | None,
    email: str,
    full_name: str,
    job_title: str = "",
    agency: Agency | None = None,
    roles: Iterable[str] = (),
    lead_agencies: Iterable[Agency] = (),
    base_url: str,
) -> Person:
    """Give someone an account and email them a link to choose their password.

    The email is sent only once the account is committed, by the task worker in production.
    """
    person = person_create(
        actor=actor,
        email=email,
        full_name=full_name,
        job_title=job_title,
        agency=agency,
        roles=roles,
        lead_agencies=lead_agencies,
    )
    person.invited_at = timezone.now()
    person.save(update_fields=["invited_at"])
    audit_record(actor=actor, verb="person.invited", target=person)
    link = base_url.rstrip("/") + _set_password_path(person)
    inviter = actor.full_name if actor else "The board's administrator"
    body = (
        f"{inviter} has invited you to Pledge, where {_board_name()} keeps its strategy, "
        f"pledge and plan.\n\nChoose your password to sign in:\n{link}\n\n"
        f"The link works for {settings.PASSWORD_RESET_TIMEOUT // 86400} days. "
        "If you were not expecting this email, you can ignore it."
    )
    transaction.on_commit(
        lambda: send_email.enqueue(
            subject="You have been invited to Pledge", body=body, to=[person.email]
        )
    )
    return person


@service
def person_update(
    *,
    actor: Person,
    person: Person,
    full_name: str,
    job_title: str,
    agency: Agency | None,
    roles: Iterable[str],
    lead_agencies: Iterable[Agency],
    is_active: bool,
    reason: str = "",
) -> Person:
    """Change someone's details, roles, agencies, or whether they can sign in."""
    if actor.pk == person.pk and Role.ADMINISTRATOR not in set(roles):
        raise UserError("You cannot remove your own administrator role", field="roles")
    if actor.pk == person.pk and not is_active:
        raise UserError("You cannot deactivate your own account", field="is_active")
    before = _person_snapshot(person)
    person.full_name, person.job_title, person.agency = full_name, job_title, agency
    person.is_active = is_active
    person.full_clean()
    person.save()
    _set_roles(person, roles, lead_agencies)
    audit_update(
        actor=actor,
        verb="person.updated",
        target=person,
        before=before,
        after=_person_snapshot(person),
        reason=reason,
    )
    return person


@service
def person_unlock(*, actor: Person, person: Person, reason: str = "") -> Person:
    """Let someone try signing in again before their lockout ends."""
    if person.locked_until is None and person.failed_sign_in_count == 0:
        record_unchanged()
        return person
    changes = {
        "locked_until": [_iso(person.locked_until), None],
        "failed_sign_in_count": [person.failed_sign_in_count, 0],
    }
    person.locked_until, person.failed_sign_in_count = None, 0
    person.save(update_fields=["locked_until", "failed_sign_in_count"])
    audit_record(actor=actor, verb="person.unlocked", target=person, changes=changes, reason=reason)
    return person


@service
def person_sign_in_failed(*, person: Person, now: datetime.datetime) -> Person:
    """Count a wrong password; lock the account for a while after too many in a row."""
    Person.objects.filter(pk=person.pk).update(failed_sign_in_count=F("failed_sign_in_count") + 1)
    person.refresh_from_db(fields=["failed_sign_in_count", "locked_until"])
    changes: dict[str, list[object]] = {
        "failed_sign_in_count": [person.failed_sign_in_count - 1, person.failed_sign_in_count]
    }
    verb = "person.sign_in_failed"
    if person.failed_sign_in_count >= settings.SIGN_IN_FAILURE_LIMIT:
        old = person.locked_until
        person.locked_until = now + datetime.timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
        person.failed_sign_in_count = 0
        person.save(update_fields=["locked_until", "failed_sign_in_count"])
        changes["locked_until"] = [_iso(old), _iso(person.locked_until)]
        verb = "person.locked"
    audit_record(actor=None, verb=verb, target=person, changes=changes)
    return person


@service
def person_signed_in(*, person: Person) -> Person:
    """Record a successful sign-in and clear any count of earlier failures."""
    changes: dict[str, list[object]] = {}
    if person.failed_sign_in_count:
        changes["failed_sign_in_count"] = [person.failed_sign_in_count, 0]
        person.failed_sign_in_count = 0
        person.save(update_fields=["failed_sign_in_count"])
    audit_record(actor=person, verb="person.signed_in", target=person, changes=changes)
    return person


@service
def person_password_set(*, person: Person, password: str) -> Person:
    """Set a password from an invitation or reset link; this also lifts any lockout."""
    person.set_password(password)
    had_lock = person.locked_until is not None
    person.locked_until, person.failed_sign_in_count = None, 0
    person.save(update_fields=["password", "locked_until", "failed_sign_in_count"])
    changes: dict[str, list[object]] = {"password": ["(hidden)", "(changed)"]}
    if had_lock:
        changes["locked_until"] = ["(locked)", None]
    audit_record(actor=person, verb="person.password_set", target=person, changes=changes)
    return person


def _set_roles(person: Person, roles: Iterable[str], lead_agencies: Iterable[Agency]) -> None:
    wanted = {Role(role) for role in roles}
    RoleGrant.objects.filter(person=person).exclude(role__in=wanted).delete()
    existing = set(RoleGrant.objects.filter(person=person).values_list("role", flat=True))
    RoleGrant.objects.bulk_create(
        [RoleGrant(person=person, role=role) for role in wanted - existing]
    )
    person.lead_agencies.set(list(lead_agencies) if Role.AGENCY_LEAD in wanted else [])
    person.__dict__.pop("roles", None)  # the cached role set is stale now
    if hasattr(person, "_prefetched_objects_cache"):
        person._prefetched_objects_cache.clear()


def _person_snapshot(person: Person) -> dict[str, object]:
    return snapshot(person, PERSON_FIELDS) | {
        "roles": sorted(person.role_labels()),
        "lead_agencies": sorted(str(a) for a in person.lead_agencies.all()),
    }


def _set_password_path(person: Person) -> str:
    return reverse(
        "password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )


def _board_name() -> str:
    authority = Authority.objects.order_by("pk").first()
    return authority.board_name if authority else "your Corporate Parenting Board"


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None
