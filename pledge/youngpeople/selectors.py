"""Reads for the young person's version: what the public pages show (approved words only), and
the officer's list of every text written to young people, with its state and reading age."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Max, Q

from pledge.actions.models import Action, ActionPlan, ActionStatus
from pledge.core.models import Authority, PlainState
from pledge.core.readability import Readability, readability
from pledge.strategy.models import PledgePromise, Strategy, StrategyItem
from pledge.strategy.selectors import TreeNode, strategy_current, strategy_tree, tree_order
from pledge.youngpeople.services import PlainRecord


@dataclass(frozen=True)
class YoungStatus:
    """An action's status as the public pages say it: on its tag ("Doing now"), when counting
    ("2 being done"), and the tag's colour, beside the words, never instead of them."""

    words: str
    counted: str
    colour: str

    def __str__(self) -> str:
        return self.words


# In the order the pages count them; cancelled actions are not shown.
YOUNG_STATUS = {
    ActionStatus.COMPLETE: YoungStatus("Done", "done", "green"),
    ActionStatus.IN_PROGRESS: YoungStatus("Doing now", "being done", "blue"),
    ActionStatus.ONGOING: YoungStatus("We keep doing this", "we keep doing", "blue"),
    ActionStatus.NOT_STARTED: YoungStatus("Not started yet", "not started yet", "grey"),
    ActionStatus.RESCHEDULED: YoungStatus("Moved to later", "moved to later", "yellow"),
}


# The public pages ------------------------------------------------------------------------------


@dataclass
class YoungAction:
    words: str  # as approved; empty if not (yet)
    status: YoungStatus
    done_on: datetime.date | None
    priority_id: int | None


@dataclass
class YoungPriority:
    item: StrategyItem
    words: str
    outcomes: list[tuple[StrategyItem, str]]
    actions: list[YoungAction] = field(default_factory=list)
    # Every live action under the priority, written up for young people or not, by status.
    counts: Counter[YoungStatus] = field(default_factory=Counter)

    @property
    def anchor(self) -> str:
        return f"priority-{self.item.reference}"

    @property
    def not_written(self) -> int:
        return self.counts.total() - len(self.actions)

    @property
    def counts_in_words(self) -> str:
        return counts_in_words(self.counts)


@dataclass
class YoungVersion:
    strategy: Strategy | None
    vision: str
    promises: list[tuple[PledgePromise, str]]
    priorities: list[YoungPriority]
    done: list[YoungAction]
    plan: ActionPlan | None

    @property
    def counts(self) -> Counter[YoungStatus]:
        return sum((p.counts for p in self.priorities), Counter())

    @property
    def counts_in_words(self) -> str:
        return counts_in_words(self.counts)

    @property
    def is_empty(self) -> bool:
        return not (self.vision or self.promises or self.priorities)


def counts_in_words(counts: Counter[YoungStatus]) -> str:
    """ "3 things in the plan: 1 done, 2 being done." """
    total = counts.total()
    parts = [f"{counts[s]} {s.counted}" for s in YOUNG_STATUS.values() if counts[s]]
    return f"{total} thing{'s' if total != 1 else ''} in the plan: {', '.join(parts)}."


def young_version(authority: Authority, *, on: datetime.date) -> YoungVersion:
    """The strategy, pledge and plan as young people read them: approved plain words only.

    The plan is the strategy's live plan for `on` (else its latest begun); "done" is every
    completed action of the strategy's plans begun by then, newest first.
    """
    strategy = strategy_current(on=on)
    promises = [
        (promise, promise.plain_approved)
        for promise in authority.promises.live()
        if promise.plain_approved
    ]
    if strategy is None:
        return YoungVersion(None, "", promises, [], [], None)
    plans = strategy.plans.live().filter(starts_on__lte=on)
    plan = plans.filter(ends_on__gte=on).first() or plans.order_by("-starts_on").first()
    tree = strategy_tree(strategy)
    priorities = {node.item.pk: _young_priority(node) for node in tree}
    top = {item.pk: root.item.pk for root in tree for item in tree_order([root])}
    for action in _public_actions(plan=plan):
        root = top.get(action.priority_id) if action.priority_id else None
        priority = priorities.get(root) if root else None
        if priority is None:
            continue  # an action under no priority: the plan page lists priorities only
        priority.counts[action.status] += 1
        if action.words:
            priority.actions.append(action)
    done = sorted(
        (
            action
            for action in _public_actions(plan__in=plans, status=ActionStatus.COMPLETE)
            if action.words
        ),
        key=lambda action: action.done_on or datetime.date.min,
        reverse=True,
    )
    return YoungVersion(
        strategy=strategy,
        vision=strategy.plain_approved,
        promises=promises,
        # A priority's title is shown with its approved words, never without them.
        priorities=[p for p in priorities.values() if p.words],
        done=done,
        plan=plan,
    )


def _young_priority(node: TreeNode) -> YoungPriority:
    outcomes = [(item, item.plain_approved) for item in tree_order(node.children)]
    return YoungPriority(
        item=node.item,
        words=node.item.plain_approved,
        outcomes=[(item, words) for item, words in outcomes if words],
    )


def _public_actions(**filters: object) -> list[YoungAction]:
    """Live actions (not groups of them) of live plans, in plan order, with the day each was
    marked done. Words only if approved."""
    actions = (
        Action.objects.live()
        .filter(plan__archived_at__isnull=True, is_kpi=False, **filters)
        .exclude(status=ActionStatus.CANCELLED)
        .annotate(done_on=Max("updates__as_at", filter=Q(updates__status=ActionStatus.COMPLETE)))
        .order_by("position", "pk")
        .values_list("plain_approved", "status", "done_on", "priority_id")
    )
    return [
        YoungAction(words, YOUNG_STATUS[ActionStatus(status)], done_on, priority_id)
        for words, status, done_on, priority_id in actions
    ]


# The officer's list ----------------------------------------------------------------------------


@dataclass
class WordsRow:
    record: PlainRecord
    name: str
    edit_url_name: str

    @property
    def kind(self) -> str:
        """Its key in services.KINDS."""
        return self.record._meta.model_name or ""

    @property
    def state(self) -> PlainState:
        return self.record.plain_state

    @cached_property
    def readability(self) -> Readability:
        return readability(self.record.plain_draft)


@dataclass
class WordsSection:
    heading: str
    rows: list[WordsRow]


def words_to_check(authority: Authority, *, on: datetime.date) -> list[WordsSection]:
    """Every text of the current strategy, pledge and plans that young people could read, in
    the order the young person's version shows them, each with its state."""
    strategy = strategy_current(on=on)
    promises = [
        WordsRow(p, f"Promise {p.reference}", "strategy:promise-edit")
        for p in authority.promises.live().select_related("plain_approved_by")
    ]
    if strategy is None:
        return [WordsSection("Pledge promises", promises)]
    items = [
        WordsRow(item, f"{item.get_kind_display()} {item}", "strategy:item-edit")
        for item in tree_order(strategy_tree(strategy))
    ]
    sections = [
        WordsSection("Vision", [WordsRow(strategy, strategy.title, "strategy:edit")]),
        WordsSection("Pledge promises", promises),
        WordsSection("Priorities and outcomes", items),
    ]
    for plan in strategy.plans.live().order_by("-starts_on"):
        actions = plan.actions.live().filter(is_kpi=False).exclude(status=ActionStatus.CANCELLED)
        rows = [
            WordsRow(action, f"Action {action}", "actions:action-edit")
            for action in actions.select_related("plain_approved_by")
        ]
        sections.append(WordsSection(f"Actions: {plan}", rows))
    return sections


def state_counts(sections: list[WordsSection]) -> list[tuple[PlainState, int]]:
    counts = Counter(row.state for section in sections for row in section.rows)
    return [(state, counts[state]) for state in PlainState if counts[state]]


def waiting_for_approval(sections: list[WordsSection]) -> list[WordsRow]:
    """The texts with words written or changed that nobody has approved yet."""
    waiting = (PlainState.WAITING, PlainState.CHANGED)
    return [row for section in sections for row in section.rows if row.state in waiting]


def needing_attention(sections: list[WordsSection]) -> list[WordsSection]:
    """Only the texts not yet approved as they stand: no words, or words waiting for approval."""
    return [
        WordsSection(section.heading, rows)
        for section in sections
        if (rows := [row for row in section.rows if row.state != PlainState.APPROVED])
    ]
