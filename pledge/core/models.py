"""The board's home: its authority, partner agencies, people and their roles, and the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import cached_property
from typing import Any, ClassVar, Self, cast

import rules
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class Authority(models.Model):
    """The local authority whose board this deployment serves (one per deployment)."""

    name = models.CharField(max_length=200)
    code = models.CharField(
        "ONS code",
        max_length=9,
        unique=True,
        validators=[
            RegexValidator(
                r"^E(06|08|09|10)\d{6}$",
                "Enter an ONS code for an English upper-tier authority, like E08000028",
            )
        ],
    )
    board_name = models.CharField(max_length=200)
    # Where the board sits among others, for DfE's comparators (pledge/scorecard/selectors.py):
    # DfE's files name councils by this old number as well as the ONS code, and its statistical
    # neighbour list by this number alone.
    old_la_code = models.CharField(
        "old LA number",
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^\d{3}$", "Enter the LA number as three digits, like 333")],
        help_text="DfE's three-digit number for the council, like 333 for Sandwell",
    )
    region_code = models.CharField(
        "region",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^E12\d{6}$", "Enter an ONS region code, like E12000005")],
        help_text="The ONS code of the council's region, like E12000005 for the West Midlands",
    )
    statistical_neighbours = models.JSONField(
        default=list,
        blank=True,
        help_text="DfE's statistical neighbours, by old LA number, closest first",
    )
    # How long uploaded files wait for someone to confirm them before they are deleted unused.
    return_files_kept_hours = models.PositiveIntegerField(
        "hours a 903 return's files are kept unconfirmed",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 7)],
        help_text="The children's files are deleted after this if nobody stores or discards them",
    )
    plain_reading_age = models.PositiveSmallIntegerField(
        "reading age for plain words",
        default=9,
        validators=[MinValueValidator(6), MaxValueValidator(16)],
        help_text="The reading age the board's words for young people should not go over",
    )
    safeguarding_contact = models.ForeignKey(
        "core.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Emailed at once when something a young person writes is flagged",
    )
    safeguarding_phone = models.CharField(
        "phone number for worries about a child",
        max_length=40,
        blank=True,
        help_text="The council's number for worries about a child's safety, shown to young people",
    )
    uploads_kept_days = models.PositiveIntegerField(
        "days other uploads are kept unconfirmed",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="Plans, KPI files and other uploads waiting for their preview to be confirmed",
    )

    class Meta:
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.name


class ArchivableQuerySet(models.QuerySet[Any]):
    def live(self) -> Self:
        """The records not archived: what every page, form and importer offers to choose from."""
        return self.filter(archived_at__isnull=True)


class Archivable(models.Model):
    """Records are archived, never deleted: history and past board papers still point at them."""

    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Versioned(models.Model):
    """A record people edit in forms, with the number of audited changes made to it.

    Edit forms carry the version the person started from; services lock the row and refuse a save
    from an older version (pledge/core/concurrency.py, docs/adr/0014-edit-conflicts.md). The
    audit log moves it on: every audit event about the record counts one (pledge/core/audit.py).
    """

    version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Counts the audited changes to this record"
    )

    class Meta:
        abstract = True


class PlainState(models.TextChoices):
    MISSING = "missing", "No plain words yet"
    WAITING = "waiting", "Waiting for approval"
    CHANGED = "changed", "Changed since approved"
    APPROVED = "approved", "Approved"


class PlainWords(models.Model):
    """A record with words written to children and young people beside its formal text.

    The words are drafted in the record's `plain_field` and shown to the public only once someone
    approves them: approving copies the draft to `plain_approved`, which is what the young
    person's version shows. A later change to the draft waits for approval again while the
    approved words stay public (pledge/youngpeople/, ADR 0022).
    """

    plain_field: ClassVar[str] = "plain_text"

    plain_approved = models.TextField("plain words as approved", blank=True)
    plain_approved_at = models.DateTimeField(null=True, blank=True)
    plain_approved_by = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def plain_draft(self) -> str:
        return cast(str, getattr(self, self.plain_field))

    @property
    def plain_state(self) -> PlainState:
        if self.plain_approved and self.plain_approved == self.plain_draft:
            return PlainState.APPROVED
        if self.plain_approved:
            return PlainState.CHANGED
        return PlainState.WAITING if self.plain_draft.strip() else PlainState.MISSING


class AgencyKind(models.TextChoices):
    COUNCIL_DIRECTORATE = "council_directorate", "Council directorate"
    CHILDRENS_TRUST = "childrens_trust", "Children's trust"
    NHS = "nhs", "NHS"
    DWP = "dwp", "Department for Work and Pensions"
    COLLEGE = "college", "College or education provider"
    DISTRICT_COUNCIL = "district_council", "District council"
    POLICE = "police", "Police"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    OTHER = "other", "Other partner"


class Agency(Archivable):
    """A partner agency that shares the corporate parenting duty and leads actions and KPIs."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=40, blank=True, help_text="What people call it in tables, like SCT or SMBC"
    )
    kind = models.CharField(max_length=30, choices=AgencyKind.choices)
    # The agency's identity as an Open Referral UK organization (pledge/offer/openreferral.py):
    # random, stored, so it survives restarts, renames and moves to another database.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "authority", Lower("name"), name="agency_name_unique_in_authority"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    BOARD_OFFICER = "board_officer", "Board officer"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
    BOARD_MEMBER = "board_member", "Board member"
    PARTICIPATION_WORKER = "participation_worker", "Participation worker"
    ADMINISTRATOR = "administrator", "Administrator"


ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.BOARD_OFFICER: "Sets up the strategy, pledge and plan, chases updates, runs meetings",
    Role.AGENCY_LEAD: "Updates the actions and KPIs of their own agencies",
    Role.PERFORMANCE_ANALYST: "Uploads data, reads validation reports, publishes indicators",
    Role.BOARD_MEMBER: "Reads everything, challenges and records decisions",
    Role.PARTICIPATION_WORKER: "Records what young people said and answers it",
    Role.ADMINISTRATOR: "Invites people and sets their roles",
}


class PersonManager(BaseUserManager["Person"]):
    def get_by_natural_key(self, username: str | None) -> Person:
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> Person:
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person


class Person(AbstractBaseUser):
    """Someone who signs in to Pledge. Roles decide what they may do (pledge/*/rules.py)."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text="The organisation they work for",
    )
    lead_agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="leads",
        help_text="As an agency lead, the agencies whose actions and KPIs they update",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    invited_at = models.DateTimeField(null=True, blank=True)
    # Until when sign-in is refused from at least one address (pledge/core/sign_in.py): shown
    # on the People pages so an administrator can see it and unlock.
    locked_until = models.DateTimeField(null=True, blank=True)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(grant.role for grant in self.role_grants.all())

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def role_labels(self) -> list[str]:
        return [label for value, label in Role.choices if value in self.roles]

    def has_perm(self, perm: str, obj: object = None) -> bool:
        """Permissions are `rules` predicates only (pledge/*/rules.py); there are no superusers.
        Those about no object are remembered for this instance (one request), as `roles` is:
        the navigation alone asks ten of them on every page."""
        if obj is not None:
            return self.is_active and rules.has_perm(perm, self, obj)
        if perm not in self._perms:
            self._perms[perm] = self.is_active and rules.has_perm(perm, self)
        return self._perms[perm]

    @cached_property
    def _perms(self) -> dict[str, bool]:
        return {}

    def has_perms(self, perms: Iterable[str], obj: object = None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perms)

    def is_locked(self, now: Any = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class SignInAttempt(models.Model):
    """One attempt to sign in, counted against the client's address and the account typed.

    Written before the password is checked and deleted if the attempt is refused or succeeds, so
    what stays is wrong passwords only: the limits in pledge/core/sign_in.py count them over the
    last SIGN_IN_LOCKOUT_MINUTES, and older rows are deleted as new attempts come in. The account
    is a keyed hash of the email address typed, known or not, so both are counted alike and
    nobody's mistyped addresses are stored.
    """

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    address = models.CharField(max_length=64, help_text="The client's IP address (IPv6: its /64)")
    account = models.CharField(max_length=64, help_text="Keyed hash of the email address typed")

    class Meta:
        indexes = [
            models.Index(fields=["address", "occurred_at"]),
            models.Index(fields=["account", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} from {self.address}"


class RoleGrant(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint("person", "role", name="role_grant_unique")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()}"


class AuditEvent(models.Model):
    """One change of state: who did what to which record, from what to what, and why.

    Written by services in the same transaction as the change (pledge/core/audit.py), so a change
    and its record commit or roll back together. Never updated or deleted.
    """

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    verb = models.CharField(max_length=80)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    # For a `Versioned` target, its version after this change: what an edit conflict reads to
    # say who changed the record, when and how, since the version a person started from.
    target_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "occurred_at"])]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.target_label}"
        )


class StagedUpload(models.Model):
    """A file kept for its preview until a person confirms it (pledge/core/staging.py).

    Kept in the database, not the session or local disk, so any web process can show the preview.
    Nothing in it is saved as the board's own until it is confirmed, once, under a lock; it is
    deleted then, or when unconfirmed after the days the board keeps uploads. It holds a board's
    plans, measures and aggregate figures, never child-level data (a 903 return is kept on disk
    only: pledge/returns/files.py).
    """

    audit_name: ClassVar[str]  # "kpi_upload": its audit events are kpi_upload.created, ...
    board_from: ClassVar[str] = "authority"  # the path to its board: "strategy.authority"

    uploaded_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.filename

    @property
    def board(self) -> Authority:
        """The authority whose upload it is: its `uploads_kept_days` say when it expires."""
        record: Any = self
        for name in self.board_from.split("."):
            record = getattr(record, name)
        return cast(Authority, record)
