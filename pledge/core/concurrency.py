"""Edit conflicts: two people changing one record at once never silently undo each other.

Every record people edit in a form is `Versioned`: its version counts the audited changes made to
it (pledge/core/audit.py moves it on with each audit event). The edit form carries, hidden, the
version the person started from. The service calls `lock_for_edit` first: it holds the row
(`select_for_update`) until the service's transaction ends, reads it afresh and, if the version
has moved, refuses with an `EditConflictError` that says who changed what since, and when, from the
audit log. A second save from the re-shown form carries the new version, so it applies
deliberately. See docs/adr/0014-edit-conflicts.md.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format

from pledge.core.audit import audit_value_text
from pledge.core.errors import UserError
from pledge.core.models import AuditEvent, Versioned

V = TypeVar("V", bound=Versioned)

MOST_EVENTS_NAMED = 5
LONGEST_VALUE = 80
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+([+-]\d{2}:\d{2}|Z)?)?$")


class EditConflictError(UserError):
    """Someone changed the record after this person opened it; nothing of theirs was saved."""

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


def lock_for_edit(record: V, *, version: int | None) -> V:
    """Hold `record`'s row for the rest of the service's transaction and read it afresh, so the
    service changes the record as it is now. Call it first, inside an `@service`.

    `version` is the one the person started from (the edit form's hidden field); None means the
    caller is not a person's form (an import, the demo, a test) and is not checked.
    """
    model = type(record)
    record.refresh_from_db(from_queryset=model._base_manager.select_for_update())
    if version is not None and version != record.version:
        raise EditConflictError(
            conflict_message(record, since=version), current_version=record.version
        )
    return record


def conflict_message(record: Versioned, *, since: int) -> str:
    """What changed in `record` after `since`, by whom and when, in words, from the audit log."""
    thing = f"This {record._meta.verbose_name}"
    events = list(
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
            target_id=str(record.pk),
            target_version__gt=since,
        ).order_by("target_version", "pk")
    )
    told = [_event_text(record, event) for event in events[:MOST_EVENTS_NAMED]]
    if len(events) > MOST_EVENTS_NAMED:
        told.append(f"And {len(events) - MOST_EVENTS_NAMED} more changes, shown in its history")
    if not told:
        told = ["We cannot say who changed it or how: check its history"]
    return (
        f"{thing} was changed after you opened it. {'. '.join(told)}. "
        "Your changes have not been saved. Check them, then save again."
    )


def _event_text(record: Versioned, event: AuditEvent) -> str:
    when = when_text(event.occurred_at)
    changes = [_change_text(record, name, change) for name, change in event.changes.items()]
    what = "; ".join(changes) if changes else event.verb.split(".")[-1].replace("_", " ")
    return f"Changed by {event.actor_label} on {when}: {what}"


def _change_text(record: Versioned, name: str, change: Any) -> str:
    label = _field_label(record, name)
    old, new = [*change, None, None][:2] if isinstance(change, list) else (None, change)
    old_text, new_text = _value_text(record, name, old), _value_text(record, name, new)
    if old_text is None and new_text is None:
        return f"{label} changed"
    if old_text is None:  # a field newly filled in, or a note like a progress update's summary
        return f"{label} set to {new_text}" if _is_field(record, name) else f"{label}: {new_text}"
    if new_text is None:
        return f"{label} cleared (it was {old_text})"
    return f"{label} from {old_text} to {new_text}"


def _is_field(record: Versioned, name: str) -> bool:
    try:
        record._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _field_label(record: Versioned, name: str) -> str:
    try:
        field = record._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    label = getattr(field, "verbose_name", None)
    return str(label) if label else name.replace("_", " ")


def _value_text(record: Versioned, name: str, value: Any) -> str | None:
    """A value from the audit log as the person would read it, quoted; None when blank."""
    if value in (None, "", []):
        return None
    try:
        choices = dict(record._meta.get_field(name).flatchoices)  # type: ignore[union-attr]
    except (FieldDoesNotExist, AttributeError):
        choices = {}
    if isinstance(value, str) and value in choices:
        text = str(choices[value])
    elif isinstance(value, str) and _ISO_DATE.match(value):
        text = _date_text(value)
    else:
        text = audit_value_text(value)
    if len(text) > LONGEST_VALUE:
        text = text[: LONGEST_VALUE - 1].rstrip() + "…"
    return f"\u201c{text}\u201d"


def _date_text(value: str) -> str:
    parsed = datetime.datetime.fromisoformat(value)
    if "T" not in value:
        return date_format(parsed.date(), "j F Y")
    return when_text(parsed)


def when_text(value: datetime.datetime) -> str:
    """GOV.UK style, in the board's time zone: 4 June 2026 at 3:15pm."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{date_format(value, 'j F Y')} at {value:%-I:%M}{'am' if value.hour < 12 else 'pm'}"
