"""Writes for the core app: the authority, agencies, people, roles and sign-in state.

Each function is a `@service`: atomic, keyword-only, given the acting person, and audited.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

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
from pledge.core.models import (
    Agency,
    AgencyKind,
    Authority,
    Person,
    Role,
    RoleGrant,
    SignInAttempt,
)
from pledge.core.sign_in import account_key, window_start, wrong_password_count
from pledge.core.staging import staged_expire, staged_models
from pledge.core.tasks import send_password_link

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


AUTHORITY_FIELDS = (
    "name",
    "board_name",
    "return_files_kept_hours",
    "uploads_kept_days",
    "plain_reading_age",
    "safeguarding_contact",
    "safeguarding_phone",
)


@service
def authority_update(
    *, actor: Person, authority: Authority, reason: str = "", **fields: Any
) -> Authority:
    """Rename the authority or its board (the board's name is in every page's header), change
    how long uploads wait for a decision before they are deleted, the reading age the board
    aims for in its words to young people, or who hears at once of a flagged message."""
    before = snapshot(authority, AUTHORITY_FIELDS)
    for name in AUTHORITY_FIELDS:
        setattr(authority, name, fields.get(name, getattr(authority, name)))
    authority.full_clean()
    authority.save()
    audit_update(
        actor=actor,
        verb="authority.updated",
        target=authority,
        before=before,
        after=snapshot(authority, AUTHORITY_FIELDS),
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
    inviter = actor.full_name if actor else ""
    transaction.on_commit(  # the link is made in the worker: never a task's argument
        lambda: send_password_link.enqueue(
            person_id=person.pk, base_url=base_url, kind="invitation", inviter=inviter
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
    """Let someone try signing in again now: forget the account's wrong passwords, from every
    address (pledge/core/sign_in.py)."""
    attempts = SignInAttempt.objects.filter(account=account_key(person.email))
    if person.locked_until is None and not attempts.exists():
        record_unchanged()
        return person
    wrong = attempts.count()
    attempts.delete()
    changes: dict[str, list[object]] = {
        "locked_until": [_iso(person.locked_until), None],
        "wrong_passwords": [wrong, 0],
    }
    person.locked_until = None
    person.save(update_fields=["locked_until"])
    audit_record(actor=actor, verb="person.unlocked", target=person, changes=changes, reason=reason)
    return person


@service
def sign_in_attempt_start(*, address: str, account: str, now: datetime.datetime) -> SignInAttempt:
    """Count an attempt to sign in before its password is checked, and forget those too old to
    count. Bookkeeping for the limits, not a change to anyone's record: nothing is audited here,
    but a lock it leads to is (`sign_in_attempt_failed`)."""
    SignInAttempt.objects.filter(occurred_at__lt=window_start(now)).delete()
    attempt = SignInAttempt.objects.create(occurred_at=now, address=address, account=account)
    record_unchanged()
    return attempt


@service
def sign_in_attempt_refused(*, attempt: SignInAttempt) -> None:
    """Uncount an attempt refused by a limit: trying again while refused never extends it."""
    SignInAttempt.objects.filter(pk=attempt.pk).delete()
    record_unchanged()


@service
def sign_in_attempt_failed(
    *, attempt: SignInAttempt, email: str, now: datetime.datetime
) -> Person | None:
    """A wrong password: the attempt stays counted. When it brings the account to a limit (from
    this address, or from everywhere) and the account exists, record the lock for the People
    pages and the audit log. The same queries run for an address with no account."""
    from_here, from_anywhere = wrong_password_count(
        address=attempt.address, account=attempt.account, now=now
    )
    person = Person.objects.filter(email__iexact=email.strip()).first()
    here = from_here == settings.SIGN_IN_FAILURE_LIMIT
    anywhere = from_anywhere == settings.SIGN_IN_ACCOUNT_LIMIT
    if person is None or not (here or anywhere):
        record_unchanged()
        return person
    rows = SignInAttempt.objects.filter(occurred_at__gte=window_start(now), account=attempt.account)
    if here:
        rows = rows.filter(address=attempt.address)
    oldest = rows.order_by("occurred_at").values_list("occurred_at", flat=True).first() or now
    old = person.locked_until
    person.locked_until = max(old or now, oldest + (now - window_start(now)))
    person.save(update_fields=["locked_until"])
    refused_from = attempt.address if here else "every browser it has not signed in on before"
    audit_record(
        actor=None,
        verb="person.locked",
        target=person,
        changes={
            "locked_until": [_iso(old), _iso(person.locked_until)],
            "refused_from": [None, refused_from],
        },
    )
    return person


@service
def person_signed_in(*, person: Person, attempt: SignInAttempt | None = None) -> Person:
    """Record a successful sign-in, and forget the wrong passwords for this account from this
    address (others' stay counted until they age out or an administrator unlocks)."""
    if attempt is not None:
        SignInAttempt.objects.filter(account=attempt.account, address=attempt.address).delete()
    audit_record(actor=person, verb="person.signed_in", target=person)
    return person


@service
def person_password_set(*, person: Person, password: str) -> Person:
    """Set a password from an invitation or reset link; this also lifts any lockout."""
    person.set_password(password)
    had_lock = person.locked_until is not None
    person.locked_until = None
    person.save(update_fields=["password", "locked_until"])
    SignInAttempt.objects.filter(account=account_key(person.email)).delete()
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


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


@service
def uploads_expire(*, now: datetime.datetime) -> int:
    """Delete every kind of upload left unconfirmed past the board's `uploads_kept_days` (a
    periodic job: pledge/core/periodic.py); how many."""
    expired = 0
    for model in staged_models():
        expired += staged_expire(model._default_manager.all(), now=now)
    return expired
