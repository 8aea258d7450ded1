"""Reads for young people's voice: screening with the board's phrases, the queues, and the
public "You said, we did"."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from analytics.publication import Policy
from pledge.actions.models import Action, ActionStatus, ProgressUpdate
from pledge.core.models import Authority, Person, Role
from pledge.strategy.models import PledgePromise
from pledge.voice.models import (
    CheckAnswer,
    CheckRound,
    Message,
    Rating,
    Review,
    ScreenPhrase,
    YouSaid,
    YouSaidState,
)
from pledge.voice.screening import Screening, screen
from pledge.youngpeople.selectors import YOUNG_STATUS, YoungStatus


def screened(text: str, *, authority: Authority | None) -> Screening:
    """`text` screened with the screen's phrases and the board's own (the form, the pledge
    check's comments, survey imports and `manage.py voice_screen` all screen through here)."""
    phrases = (
        ScreenPhrase.objects.live().filter(authority=authority).values_list("phrase", flat=True)
        if authority
        else []
    )
    return screen(text, board_phrases=phrases)


def actions_for(authority: Authority, *, live: bool = True) -> QuerySet[Action]:
    """The actions an answer may point at: the live ones of the board's plans (all of them,
    archived too, with `live=False`)."""
    actions = Action.objects.live() if live else Action.objects.all()
    return (
        actions.filter(plan__strategy__authority=authority)
        .select_related("plan")
        .order_by("plan__starts_on", "reference", "pk")
    )


def alert_recipients(authority: Authority) -> list[Person]:
    """Who a flagged message's alert goes to: the named safeguarding contact, or with nobody
    named (or the contact's account closed), every board officer and participation worker."""
    contact = authority.safeguarding_contact
    if contact is not None and contact.is_active:
        return [contact]
    return list(
        Person.objects.filter(
            is_active=True,
            role_grants__role__in=(Role.BOARD_OFFICER, Role.PARTICIPATION_WORKER),
        ).distinct()
    )


# Queues ----------------------------------------------------------------------------------------


def inbox(authority: Authority) -> QuerySet[Message]:
    """Messages for a participation worker to answer: not yet dealt with, and not withheld."""
    return (
        Message.objects.filter(authority=authority, handled_at__isnull=True)
        .exclude(review__in=(Review.WAITING, Review.CONCERN))
        .order_by("received_at", "pk")
    )


def safeguarding_queue(authority: Authority) -> QuerySet[Message]:
    """Flagged messages waiting for a person, oldest first: the order they must be read in."""
    return Message.objects.filter(authority=authority, review=Review.WAITING).order_by(
        "received_at", "pk"
    )


def safeguarding_reviewed(authority: Authority) -> QuerySet[Message]:
    return (
        Message.objects.filter(authority=authority, flagged=True)
        .exclude(review=Review.WAITING)
        .select_related("reviewed_by")
        .order_by("-reviewed_at", "-pk")
    )


# "You said, we did" ----------------------------------------------------------------------------


def you_said_readable_by(person: Person) -> QuerySet[YouSaid]:
    """What someone may read: everything for those who answer young people; published answers
    for everyone else (a draft may still hold a name young people wrote)."""
    if person.has_perm("voice.answer"):
        return YouSaid.objects.all()
    return YouSaid.objects.filter(state=YouSaidState.PUBLISHED)


@dataclass(frozen=True)
class Progress:
    """An action's live progress beside what young people said: its status and latest update."""

    action: Action
    young: YoungStatus | None  # None for a cancelled action
    latest: ProgressUpdate | None


def progress_of(items: Iterable[YouSaid]) -> dict[int, list[Progress]]:
    """Each item's actions with their live status and latest update, in two queries."""
    items = list(items)
    links = YouSaid.actions.through.objects.filter(yousaid__in=items).select_related("action__plan")
    latest: dict[int, ProgressUpdate] = {}
    for update in ProgressUpdate.objects.filter(
        action__in={link.action_id for link in links}
    ).order_by("action", "-as_at", "-posted_at"):
        latest.setdefault(update.action_id, update)
    progress: dict[int, list[Progress]] = {item.pk: [] for item in items}
    for link in sorted(links, key=lambda link: (link.action.reference, link.action.pk)):
        action = link.action
        young = YOUNG_STATUS.get(ActionStatus(action.status))
        progress[link.yousaid_id].append(Progress(action, young, latest.get(action.pk)))
    return progress


@dataclass
class PublicSaid:
    item: YouSaid
    progress: list[Progress]

    @property
    def shown_actions(self) -> list[Progress]:
        """The actions a young person sees: not cancelled or archived."""
        return [p for p in self.progress if p.young and not p.action.is_archived]


@dataclass
class PublicTheme:
    heading: str
    anchor: str
    items: list[PublicSaid] = field(default_factory=list)


def you_said_public(authority: Authority) -> list[PublicTheme]:
    """The published items, grouped by the first promise each touches (in the pledge's order),
    then by priority, then "Other things you told us"; newest first within each."""
    items = list(
        YouSaid.objects.filter(authority=authority, state=YouSaidState.PUBLISHED)
        .prefetch_related("promises", "priorities")
        .order_by("-heard_on", "-pk")
    )
    progress = progress_of(items)
    themes: dict[str, PublicTheme] = {}
    order: dict[str, tuple[int, int, int]] = {}
    for item in items:
        promises = sorted(item.promises.all(), key=lambda p: (p.position, p.pk))
        priorities = sorted(item.priorities.all(), key=lambda p: (p.position, p.pk))
        if promises:
            promise = promises[0]
            key = f"promise-{promise.pk}"
            heading = promise.plain_approved or f"Our promise {promise.reference}"
            order[key] = (0, promise.position, promise.pk)
        elif priorities:
            priority = priorities[0]
            key, heading = f"priority-{priority.pk}", priority.title
            order[key] = (1, priority.position, priority.pk)
        else:
            key, heading = "other", "Other things you told us"
            order[key] = (2, 0, 0)
        theme = themes.setdefault(key, PublicTheme(heading, key))
        theme.items.append(PublicSaid(item, progress[item.pk]))
    return [themes[key] for key in sorted(themes, key=order.__getitem__)]


# The pledge check ------------------------------------------------------------------------------

RATINGS = tuple(Rating)  # the table's columns, "Always" first
TOO_FEW = "Too few answers to show, so that no one can be recognised"


def open_round(authority: Authority, *, on: datetime.date) -> CheckRound | None:
    return CheckRound.objects.filter(
        authority=authority, opens_on__lte=on, closes_on__gte=on
    ).first()


@dataclass(frozen=True)
class Cell:
    """One number of the results as it may be shown: "12 (40%)", "c" when suppressed, "-" when
    nobody answered."""

    count: int | None  # None when suppressed
    shown: str

    @property
    def suppressed(self) -> bool:
        return self.count is None


HIDDEN = Cell(None, "c")
NO_ANSWERS = Cell(0, "-")


@dataclass(frozen=True)
class PromiseResult:
    promise: PledgePromise
    answers: Cell
    ratings: dict[Rating, Cell]
    kept: Cell  # "always" and "mostly" together, as a share of the answers


def results_withheld(check_round: CheckRound, *, on: datetime.date) -> str:
    """Why a round's results are not shown yet ("" when they are): only once it has closed and
    every flagged comment is reviewed, so that no one can read one young person's answers from
    the difference between two looks at the results."""
    if check_round.closes_on >= on:
        return f"The results show once the round has closed on {check_round.closes_on:%-d %B %Y}."
    if Message.objects.filter(check_response__round=check_round, review=Review.WAITING).exists():
        return "The results show once the flagged comments of this round have been reviewed."
    return ""


def check_results(check_round: CheckRound) -> list[PromiseResult]:
    """Each promise's answers in a round, suppressed as the public indicators are
    (analytics.publication) and then more: answers whose comment is withheld are not counted."""
    counts: dict[int, Counter[int]] = defaultdict(Counter)
    for promise_id, rating in (
        CheckAnswer.objects.filter(response__round=check_round)
        .exclude(response__comment__review__in=(Review.WAITING, Review.CONCERN))
        .values_list("promise_id", "rating")
    ):
        counts[promise_id][rating] += 1
    promises = check_round.authority.promises.live().order_by("position", "pk")
    return [_result(promise, counts[promise.pk], check_round.closes_on) for promise in promises]


def _result(promise: PledgePromise, counts: Counter[int], on: datetime.date) -> PromiseResult:
    """A promise's row, with no count of 1 to 5 shown or recoverable (the public indicators'
    threshold, analytics.publication.Policy). Stricter than their secondary suppression: when
    any answer is 1 to 5, every non-zero answer is hidden (what is hidden second is known to be
    the smallest shown, and with the total that can give a count away), and only "kept always
    or mostly" is shown, if neither it nor the rest is 1 to 5. With 1 to 5 answers in all,
    nothing is shown, not even which answers are 0."""
    total = sum(counts.values())
    if not total:
        return PromiseResult(promise, Cell(0, "0"), dict.fromkeys(RATINGS, NO_ANSWERS), NO_ANSWERS)
    small = Policy().hides
    if small(Decimal(total)):
        return PromiseResult(promise, HIDDEN, dict.fromkeys(RATINGS, HIDDEN), HIDDEN)
    kept = counts[Rating.ALWAYS] + counts[Rating.MOSTLY]
    detailed = not any(small(Decimal(counts[rating])) for rating in RATINGS)

    def cell(count: int) -> Cell:
        share = (Decimal(count) * 100 / total).to_integral_value(rounding=ROUND_HALF_UP)
        return Cell(count, f"{count:,} ({share}%)")

    shown_kept = detailed or not (small(Decimal(kept)) or small(Decimal(total - kept)))
    return PromiseResult(
        promise,
        Cell(total, f"{total:,}"),
        {
            rating: cell(counts[rating]) if detailed or not counts[rating] else HIDDEN
            for rating in RATINGS
        },
        cell(kept) if shown_kept else HIDDEN,
    )


@dataclass(frozen=True)
class Trend:
    promise: PledgePromise
    kept: list[tuple[CheckRound, Cell]]  # oldest round first


def check_trend(authority: Authority, *, on: datetime.date) -> list[Trend]:
    """How the share who say each promise is kept "always" or "mostly" moved, round by round:
    the rounds whose results show on `on` (`results_withheld`)."""
    query = CheckRound.objects.filter(authority=authority, closes_on__lt=on)
    rounds = [r for r in query.order_by("opens_on", "pk") if not results_withheld(r, on=on)]
    by_round = {r.pk: {res.promise.pk: res for res in check_results(r)} for r in rounds}
    return [
        Trend(promise, [(r, by_round[r.pk][promise.pk].kept) for r in rounds])
        for promise in authority.promises.live().order_by("position", "pk")
        if rounds
    ]
