"""Archiving instead of deleting, for every app: history and old board papers keep their links."""

from __future__ import annotations

from django.utils import timezone

from pledge.core.audit import audit_update, record_unchanged, snapshot
from pledge.core.concurrency import lock_for_edit
from pledge.core.models import Archivable, Person, Versioned


def set_archived(
    *, actor: Person | None, target: Archivable, archived: bool, verb: str, reason: str = ""
) -> None:
    """Archive or restore `target` and audit it; call from inside a `@service`."""
    if isinstance(target, Versioned):  # as it is now: an edit may have saved it since
        lock_for_edit(target, version=None)
    if target.is_archived == archived:
        record_unchanged()
        return
    before = snapshot(target, ("archived_at",))
    target.archived_at = timezone.now() if archived else None
    target.save(update_fields=["archived_at"])
    audit_update(
        actor=actor,
        verb=verb,
        target=target,
        before=before,
        after=snapshot(target, ("archived_at",)),
        reason=reason,
    )
