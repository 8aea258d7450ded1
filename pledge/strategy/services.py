"""Writes for the strategy and pledge. Each is an audited `@service` given the acting person."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Literal

from django.db.models import Max, QuerySet
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
from pledge.core.concurrency import lock_for_edit
from pledge.core.errors import UserError
from pledge.core.models import ArchivableQuerySet, Authority, Person
from pledge.core.periods import check_period
from pledge.strategy.models import ItemKind, PledgePromise, Principle, Strategy, StrategyItem
from pledge.strategy.selectors import item_descendant_ids

STRATEGY_FIELDS = ("title", "starts_on", "ends_on", "vision", "plain_vision")
ITEM_FIELDS = ("parent", "kind", "reference", "title", "formal_text", "plain_text")
PROMISE_FIELDS = ("reference", "text", "plain_text")

Direction = Literal["up", "down"]


# Strategies -------------------------------------------------------------------------------------


@service
def strategy_create(
    *,
    actor: Person | None,
    authority: Authority,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    vision: str = "",
    plain_vision: str = "",
) -> Strategy:
    """Start a multi-year strategy for the board."""
    check_period(starts_on, ends_on)
    strategy = Strategy.objects.create(
        authority=authority,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        vision=vision,
        plain_vision=plain_vision,
    )
    _record_created(actor, "strategy.created", strategy, STRATEGY_FIELDS)
    return strategy


@service
def strategy_update(
    *,
    actor: Person,
    strategy: Strategy,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    vision: str,
    plain_vision: str,
    reason: str = "",
    version: int | None = None,
) -> Strategy:
    """Change a strategy's title, period or vision (from `version`: ADR 0014)."""
    lock_for_edit(strategy, version=version)
    _check_live(strategy)
    check_period(starts_on, ends_on)
    before = snapshot(strategy, STRATEGY_FIELDS)
    strategy.title, strategy.starts_on, strategy.ends_on = title, starts_on, ends_on
    strategy.vision, strategy.plain_vision = vision, plain_vision
    strategy.save()
    audit_update(
        actor=actor,
        verb="strategy.updated",
        target=strategy,
        before=before,
        after=snapshot(strategy, STRATEGY_FIELDS),
        reason=reason,
    )
    return strategy


@service
def strategy_archive(*, actor: Person, strategy: Strategy, reason: str = "") -> Strategy:
    """Archive a strategy that has ended or was replaced; it stays readable."""
    set_archived(
        actor=actor, target=strategy, archived=True, verb="strategy.archived", reason=reason
    )
    return strategy


@service
def strategy_restore(*, actor: Person, strategy: Strategy, reason: str = "") -> Strategy:
    """Bring an archived strategy back."""
    set_archived(
        actor=actor, target=strategy, archived=False, verb="strategy.restored", reason=reason
    )
    return strategy


# Strategy items ---------------------------------------------------------------------------------


@service
def strategy_item_create(
    *,
    actor: Person | None,
    strategy: Strategy,
    kind: str,
    reference: str,
    title: str,
    parent: StrategyItem | None = None,
    formal_text: str = "",
    plain_text: str = "",
) -> StrategyItem:
    """Add a priority, outcome or workstream at the end of its branch."""
    reference = reference.strip()
    _check_live(strategy)
    _check_parent(strategy, parent, item=None)
    _check_reference_free(strategy.items.all(), reference, exclude=None)
    item = StrategyItem.objects.create(
        strategy=strategy,
        parent=parent,
        kind=ItemKind(kind),
        reference=reference,
        title=title,
        formal_text=formal_text,
        plain_text=plain_text,
        position=_next_position(strategy.items.filter(parent=parent)),
    )
    _record_created(actor, "strategy_item.created", item, ITEM_FIELDS)
    return item


@service
def strategy_item_update(
    *,
    actor: Person,
    item: StrategyItem,
    kind: str,
    reference: str,
    title: str,
    parent: StrategyItem | None,
    formal_text: str,
    plain_text: str,
    reason: str = "",
    version: int | None = None,
) -> StrategyItem:
    """Change an item's words, reference or place in the tree (moving it to another parent),
    from `version` (ADR 0014)."""
    lock_for_edit(item, version=version)
    reference = reference.strip()
    _check_live(item)
    _check_parent(item.strategy, parent, item=item)
    _check_reference_free(item.strategy.items.all(), reference, exclude=item)
    before = snapshot(item, ITEM_FIELDS)
    if parent != item.parent:
        item.position = _next_position(item.strategy.items.filter(parent=parent))
    item.kind, item.reference, item.title = ItemKind(kind), reference, title
    item.parent, item.formal_text, item.plain_text = parent, formal_text, plain_text
    item.save()
    audit_update(
        actor=actor,
        verb="strategy_item.updated",
        target=item,
        before=before,
        after=snapshot(item, ITEM_FIELDS),
        reason=reason,
    )
    return item


@service
def strategy_item_move(*, actor: Person, item: StrategyItem, direction: Direction) -> StrategyItem:
    """Swap an item with its neighbour among its live siblings, to reorder the board's tree."""
    siblings = item.strategy.items.live().filter(parent=item.parent_id)
    _move(actor, item, siblings, direction, verb="strategy_item.moved")
    return item


@service
def strategy_item_archive(*, actor: Person, item: StrategyItem, reason: str = "") -> StrategyItem:
    """Archive an item and everything under it; they stay in history but leave the strategy."""
    if item.is_archived:
        record_unchanged()
        return item
    below = item.strategy.items.live().filter(pk__in=item_descendant_ids(item))
    for archived in [item, *below]:
        set_archived(
            actor=actor,
            target=archived,
            archived=True,
            verb="strategy_item.archived",
            reason=reason,
        )
    return item


@service
def strategy_item_restore(*, actor: Person, item: StrategyItem, reason: str = "") -> StrategyItem:
    """Bring one archived item back (its parent must be live)."""
    if item.parent is not None and item.parent.is_archived:
        raise UserError(f"Restore {item.parent} first: this item sits under it")
    _check_reference_free(item.strategy.items.all(), item.reference, exclude=item)
    set_archived(
        actor=actor, target=item, archived=False, verb="strategy_item.restored", reason=reason
    )
    return item


@service
def strategy_item_map(
    *,
    actor: Person,
    item: StrategyItem,
    principles: Iterable[Principle],
    promises: Iterable[PledgePromise],
    reviewed: bool,
    reason: str = "",
    version: int | None = None,
) -> StrategyItem:
    """Say which principles and pledge promises an item answers, and whether that was reviewed.

    Reviewing marks the mapping as checked by the acting person now, and any later change to a
    reviewed mapping re-stamps it with whoever made the change; clearing it removes the mark.
    The mapping is a change to the item: it is made from `version` (ADR 0014).
    """
    lock_for_edit(item, version=version)
    _check_live(item)
    before = _mapping_snapshot(item)
    item.principles.set(list(principles))
    item.promises.set(list(promises))
    if hasattr(item, "_prefetched_objects_cache"):
        item._prefetched_objects_cache.clear()
    changed = _mapping_snapshot(item) | {"mapping_reviewed": reviewed} != before
    if reviewed and changed:  # a review vouches for this mapping, so a new mapping is re-stamped
        item.mapping_reviewed_at, item.mapping_reviewed_by = timezone.now(), actor
    elif not reviewed:
        item.mapping_reviewed_at, item.mapping_reviewed_by = None, None
    item.save(update_fields=["mapping_reviewed_at", "mapping_reviewed_by"])
    audit_update(
        actor=actor,
        verb="strategy_item.mapped",
        target=item,
        before=before,
        after=_mapping_snapshot(item),
        reason=reason,
    )
    return item


# Pledge promises --------------------------------------------------------------------------------


@service
def promise_create(
    *, actor: Person | None, authority: Authority, reference: str, text: str, plain_text: str = ""
) -> PledgePromise:
    """Add a promise to the end of the board's pledge."""
    reference = reference.strip()
    _check_reference_free(authority.promises.all(), reference, exclude=None)
    promise = PledgePromise.objects.create(
        authority=authority,
        reference=reference,
        text=text,
        plain_text=plain_text,
        position=_next_position(authority.promises.all()),
    )
    _record_created(actor, "promise.created", promise, PROMISE_FIELDS)
    return promise


@service
def promise_update(
    *,
    actor: Person,
    promise: PledgePromise,
    reference: str,
    text: str,
    plain_text: str,
    reason: str = "",
    version: int | None = None,
) -> PledgePromise:
    """Change the words or reference of a promise, from `version` (ADR 0014)."""
    lock_for_edit(promise, version=version)
    reference = reference.strip()
    _check_live(promise)
    _check_reference_free(promise.authority.promises.all(), reference, exclude=promise)
    before = snapshot(promise, PROMISE_FIELDS)
    promise.reference, promise.text, promise.plain_text = reference, text, plain_text
    promise.save()
    audit_update(
        actor=actor,
        verb="promise.updated",
        target=promise,
        before=before,
        after=snapshot(promise, PROMISE_FIELDS),
        reason=reason,
    )
    return promise


@service
def promise_move(*, actor: Person, promise: PledgePromise, direction: Direction) -> PledgePromise:
    """Swap a promise with its neighbour in the pledge."""
    siblings = promise.authority.promises.live()
    _move(actor, promise, siblings, direction, verb="promise.moved")
    return promise


@service
def promise_archive(*, actor: Person, promise: PledgePromise, reason: str = "") -> PledgePromise:
    """Take a promise out of the pledge; items that answered it keep the link in history."""
    set_archived(actor=actor, target=promise, archived=True, verb="promise.archived", reason=reason)
    return promise


@service
def promise_restore(*, actor: Person, promise: PledgePromise, reason: str = "") -> PledgePromise:
    """Put an archived promise back in the pledge."""
    _check_reference_free(promise.authority.promises.all(), promise.reference, exclude=promise)
    set_archived(
        actor=actor, target=promise, archived=False, verb="promise.restored", reason=reason
    )
    return promise


# Shared steps -----------------------------------------------------------------------------------


def _record_created(
    actor: Person | None,
    verb: str,
    target: Strategy | StrategyItem | PledgePromise,
    fields: tuple[str, ...],
) -> None:
    audit_record(
        actor=actor, verb=verb, target=target, changes=changes_between({}, snapshot(target, fields))
    )


def _move(
    actor: Person,
    target: StrategyItem | PledgePromise,
    siblings: QuerySet[StrategyItem] | QuerySet[PledgePromise],
    direction: Direction,
    *,
    verb: str,
) -> None:
    lock_for_edit(target, version=None)
    ordered: list[StrategyItem | PledgePromise] = list(siblings.order_by("position", "pk"))
    index = next((i for i, s in enumerate(ordered) if s.pk == target.pk), None)
    if index is None:  # archived since the page was opened: nothing to move among the live
        record_unchanged()
        return
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        record_unchanged()  # already first or last
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, sibling in enumerate(ordered):  # renumber: positions may have had gaps or ties
        siblings.filter(pk=sibling.pk).update(position=position)
    audit_record(
        actor=actor,
        verb=verb,
        target=target,
        changes={"position": [index + 1, other + 1]},
    )


def _next_position(siblings: QuerySet[StrategyItem] | QuerySet[PledgePromise]) -> int:
    highest = siblings.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def _check_live(record: Strategy | StrategyItem | PledgePromise) -> None:
    if record.is_archived:
        raise UserError(f"{record} is archived. Restore it before changing it.")


def _check_reference_free(
    records: ArchivableQuerySet,
    reference: str,
    exclude: StrategyItem | PledgePromise | None,
) -> None:
    clash = records.live().filter(reference__iexact=reference)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise UserError(
            f"Reference {reference} is already used. Enter a different reference.",
            field="reference",
        )


def _check_parent(
    strategy: Strategy, parent: StrategyItem | None, *, item: StrategyItem | None
) -> None:
    if parent is None:
        return
    if parent.strategy_id != strategy.pk or parent.is_archived:
        raise UserError("Select a parent from this strategy's live items", field="parent")
    if item is not None and (parent.pk == item.pk or parent.pk in item_descendant_ids(item)):
        raise UserError("An item cannot sit under itself or under its own items", field="parent")


def _mapping_snapshot(item: StrategyItem) -> dict[str, object]:
    return {
        "principles": sorted(str(p) for p in item.principles.all()),
        "promises": sorted(str(p) for p in item.promises.all()),
        "mapping_reviewed": item.mapping_reviewed,
    }
