"""Reads for the strategy: the current strategy, its tree, and how it answers the principles."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from pledge.core.models import Authority
from pledge.strategy.models import PledgePromise, Principle, Strategy, StrategyItem


@dataclass
class TreeNode:
    item: StrategyItem
    children: list[TreeNode] = field(default_factory=list)


@dataclass
class PrincipleCoverage:
    principle: Principle
    items: list[StrategyItem]

    @property
    def is_gap(self) -> bool:
        return not self.items


def strategy_current(*, on: datetime.date | None = None) -> Strategy | None:
    """The live strategy whose period includes `on` (today by default), else the latest live one."""
    on = on or timezone.localdate()
    live = Strategy.objects.live()
    return (
        live.filter(starts_on__lte=on, ends_on__gte=on).order_by("-starts_on").first()
        or live.order_by("-starts_on").first()
    )


def strategy_items(strategy: Strategy, *, include_archived: bool = False) -> QuerySet[StrategyItem]:
    items = strategy.items.prefetch_related(
        "principles", Prefetch("promises", queryset=PledgePromise.objects.order_by("position"))
    ).select_related("mapping_reviewed_by", "plain_approved_by")
    return items if include_archived else items.live()


def strategy_tree(strategy: Strategy, *, include_archived: bool = False) -> list[TreeNode]:
    """The strategy's items as a tree in board order, from one query plus two prefetches."""
    nodes = {
        item.pk: TreeNode(item)
        for item in strategy_items(strategy, include_archived=include_archived)
    }
    roots: list[TreeNode] = []
    for node in nodes.values():  # already ordered by position, so children keep their order
        parent = nodes.get(node.item.parent_id) if node.item.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def tree_order(nodes: list[TreeNode]) -> list[StrategyItem]:
    """The items of a tree as the strategy reads: each one followed by everything under it."""
    return [item for node in nodes for item in (node.item, *tree_order(node.children))]


def item_descendant_ids(item: StrategyItem) -> set[int]:
    """Every item below `item` in its strategy's tree, archived ones included."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in item.strategy.items.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    stack = list(children.get(item.pk, []))
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def principle_coverage(strategy: Strategy | None) -> list[PrincipleCoverage]:
    """Each of the seven principles with the live items that answer it; none means a gap."""
    answering: dict[int, list[StrategyItem]] = {}
    if strategy is not None:
        for item in tree_order(strategy_tree(strategy)):
            for principle in item.principles.all():
                answering.setdefault(principle.pk, []).append(item)
    return [PrincipleCoverage(p, answering.get(p.pk, [])) for p in Principle.objects.all()]


def promise_list(
    authority: Authority, *, include_archived: bool = False
) -> QuerySet[PledgePromise]:
    promises = authority.promises.all()
    return promises if include_archived else promises.live()


def items_under(item: StrategyItem) -> set[int]:
    """The ids of `item` and of every item under it in its strategy's tree."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in StrategyItem.objects.filter(strategy=item.strategy_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent, []).append(pk)
    found, waiting = set(), [item.pk]
    while waiting:
        pk = waiting.pop()
        found.add(pk)
        waiting += children.get(pk, [])
    return found
