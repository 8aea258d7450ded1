"""Audit: every change of state is recorded with who, what, old and new values, and why.

Services are the only code that changes state (pledge/*/services.py). Each is wrapped in
`@service`, which runs it in one transaction and refuses to commit unless the service recorded an
audit event (or said explicitly that nothing changed). tests/test_audit_meta.py proves every public
function in every services module carries the decorator. See docs/adr/0002-audit.md.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from pledge.core.models import AuditEvent, Person, Versioned

P = ParamSpec("P")
R = TypeVar("R")


class AuditMissingError(RuntimeError):
    """A service finished without recording what it changed: a programming error, never user's."""


@dataclass
class _Scope:
    recorded: list[AuditEvent] = field(default_factory=list)
    unchanged: bool = False


_scope: ContextVar[_Scope | None] = ContextVar("audit_scope", default=None)


def service(func: Callable[P, R]) -> Callable[P, R]:
    """Run a state-changing service atomically and insist that it leaves an audit record."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        outer = _scope.get()
        scope = _Scope()
        token = _scope.set(scope)
        try:
            with transaction.atomic():
                result = func(*args, **kwargs)
                if not scope.recorded and not scope.unchanged:
                    raise AuditMissingError(f"{func.__module__}.{func.__qualname__}")
        finally:
            _scope.reset(token)
        if outer is not None:  # a service called by another counts towards the caller's record
            outer.recorded.extend(scope.recorded)
        return result

    wrapper.__pledge_service__ = True  # type: ignore[attr-defined]
    return wrapper


def audit_record(
    *,
    actor: Person | None,
    verb: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Record one change. `changes` maps each field to [old, new]; `actor` None means the system."""
    (event,) = audit_record_many(
        actor=actor, verb=verb, changes_by_target=[(target, changes or {})], reason=reason
    )
    return event


def audit_record_many(
    *,
    actor: Person | None,
    verb: str,
    changes_by_target: list[tuple[models.Model, dict[str, Any]]],
    reason: str = "",
) -> list[AuditEvent]:
    """`audit_record` for many targets in one insert (an import of hundreds of actions).

    Each `Versioned` target's version moves on by one, and its event records the new version.
    """
    _bump_versions([target for target, _ in changes_by_target if isinstance(target, Versioned)])
    events = AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            actor_label=str(actor) if actor else "Pledge (automatic)",
            verb=verb,
            target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            target_id=str(target.pk),
            target_label=str(target)[:300],
            changes=changes,
            reason=reason.strip(),
            target_version=target.version if isinstance(target, Versioned) else None,
        )
        for target, changes in changes_by_target
    )
    scope = _scope.get()
    if scope is not None:
        scope.recorded.extend(events)
    return events


def _bump_versions(targets: list[Versioned]) -> None:
    """Add one to each record's version in the database, and read back what it became: the
    UPDATE holds the rows until the transaction ends, so the number read is this change's."""
    by_model: dict[type[models.Model], list[Versioned]] = {}
    for target in targets:
        by_model.setdefault(target._meta.concrete_model or type(target), []).append(target)
    for model, records in by_model.items():
        if len({record.pk for record in records}) != len(records):
            raise ValueError("One audit call records one change to each record")
        rows = model._base_manager.filter(pk__in=[record.pk for record in records])
        rows.update(version=models.F("version") + 1)
        versions = dict(rows.values_list("pk", "version"))
        for record in records:
            record.version = versions[record.pk]


def record_unchanged() -> None:
    """Tell `@service` that this call changed nothing, so there is nothing to audit."""
    scope = _scope.get()
    if scope is not None:
        scope.unchanged = True


def as_audit_value(value: Any) -> Any:
    """A JSON-safe, human-readable form of a field value for the audit log."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.Manager):  # a many-to-many field: what it links to, by name
        return sorted(str(item) for item in value.all())
    if isinstance(value, Iterable):
        return sorted(as_audit_value(item) for item in value)
    return str(value)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_TIME = re.compile(r"\d{2}:\d{2}(:\d{2})?")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)")


def audit_value_text(value: Any) -> str:
    """How a value from the audit log reads on a history panel: dates and times as people write
    them ("28 December 2026", "2:30pm"), not as they are stored ("2026-12-28", "14:30:00")."""
    if value in (None, "", []):
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return _as_written(value)
    return str(value)


def _as_written(text: str) -> str:
    if ISO_DATE.fullmatch(text):
        day = datetime.date.fromisoformat(text)
        return f"{day.day} {day:%B %Y}"
    if ISO_TIME.fullmatch(text):
        return clock(datetime.time.fromisoformat(text))
    if ISO_DATETIME.fullmatch(text):
        moment = timezone.localtime(datetime.datetime.fromisoformat(text))
        return f"{moment.day} {moment:%B %Y} at {clock(moment.time())}"
    return text


def clock(time: datetime.time) -> str:
    """ "2pm", "2:30pm", "12pm": a time as GOV.UK style writes it."""
    hour = time.hour % 12 or 12
    minutes = f":{time.minute:02d}" if time.minute else ""
    return f"{hour}{minutes}{'am' if time.hour < 12 else 'pm'}"


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audit form of `fields` on `instance`, taken before and after a change."""
    return {name: as_audit_value(getattr(instance, name)) for name in fields}


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Only the fields whose values differ, as {field: [old, new]}."""
    return {
        name: [before.get(name), after[name]] for name in after if before.get(name) != after[name]
    }


def audit_update(
    *,
    actor: Person | None,
    verb: str,
    target: models.Model,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str = "",
) -> None:
    """Record an edit as the fields that changed, or note that the edit changed nothing."""
    changes = changes_between(before, after)
    if changes:
        audit_record(actor=actor, verb=verb, target=target, changes=changes, reason=reason)
    else:
        record_unchanged()


def history_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    """Selector: the audit events about one record, newest first, for its history panel."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
    ).select_related("actor")


def latest_change() -> int | None:
    """The newest audit event's id. Every change of state writes one, so a page built from the
    database can be cached under this: one indexed query says whether anything has changed."""
    return AuditEvent.objects.aggregate(latest=models.Max("pk"))["latest"]
