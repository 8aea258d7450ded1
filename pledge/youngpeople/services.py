"""Approving the words written to young people: only approved words reach the public pages."""

from __future__ import annotations

from django.utils import timezone

from pledge.actions.models import Action
from pledge.core.audit import audit_update, record_unchanged, service, snapshot
from pledge.core.concurrency import lock_for_edit
from pledge.core.errors import UserError
from pledge.core.models import Person, PlainState
from pledge.strategy.models import PledgePromise, Strategy, StrategyItem

# Every kind of record with plain words, by the model name its addresses use.
KINDS: dict[str, type[Strategy | StrategyItem | PledgePromise | Action]] = {
    str(model._meta.model_name): model for model in (Strategy, StrategyItem, PledgePromise, Action)
}
APPROVAL_FIELDS = ("plain_approved", "plain_approved_at", "plain_approved_by")

PlainRecord = Strategy | StrategyItem | PledgePromise | Action


@service
def plain_words_write(
    *, actor: Person | None, record: PlainRecord, words: str, version: int | None = None
) -> PlainRecord:
    """Write (or rewrite) a record's plain words; they wait for approval before they are public."""
    lock_for_edit(record, version=version)
    field = record.plain_field
    before = snapshot(record, (field,))
    setattr(record, field, words)
    record.save(update_fields=[field])
    audit_update(
        actor=actor,
        verb="plain_words.written",
        target=record,
        before=before,
        after=snapshot(record, (field,)),
    )
    return record


@service
def plain_words_approve(
    *, actor: Person | None, record: PlainRecord, version: int | None = None
) -> PlainRecord:
    """Approve the record's plain words as they are now, for the young person's version.

    From `version` (ADR 0014): the words approved are the words the approver read.
    """
    lock_for_edit(record, version=version)
    if record.is_archived:
        raise UserError(f"{record} is archived. Restore it before approving its words.")
    if not record.plain_draft.strip():
        raise UserError("There are no plain words to approve. Write them first.")
    if record.plain_state == PlainState.APPROVED:
        record_unchanged()
        return record
    _set_approved(actor, record, record.plain_draft, verb="plain_words.approved")
    return record


@service
def plain_words_withdraw(
    *, actor: Person, record: PlainRecord, reason: str = "", version: int | None = None
) -> PlainRecord:
    """Take the record's approved words off the public pages; the draft stays to work on."""
    lock_for_edit(record, version=version)
    if not record.plain_approved:
        record_unchanged()
        return record
    _set_approved(actor, record, "", verb="plain_words.withdrawn", reason=reason)
    return record


def _set_approved(
    actor: Person | None, record: PlainRecord, words: str, *, verb: str, reason: str = ""
) -> None:
    before = snapshot(record, APPROVAL_FIELDS)
    record.plain_approved = words
    record.plain_approved_at = timezone.now() if words else None
    record.plain_approved_by = actor if words else None
    record.save(update_fields=list(APPROVAL_FIELDS))
    audit_update(
        actor=actor,
        verb=verb,
        target=record,
        before=before,
        after=snapshot(record, APPROVAL_FIELDS),
        reason=reason,
    )
