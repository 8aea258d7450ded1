"""The demo board's young people's voice: its groups, what they said and the answers (most
published, one waiting for review, one a draft), messages in the inbox, and two rounds of the
pledge check. Invented, like the rest of the demo; no message is flagged, so the safeguarding
queue starts empty (send one on the "Have your say" page to see it work)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from pledge.actions.models import Action, ActionPlan
from pledge.core import services as core_services
from pledge.core.models import Authority, Person
from pledge.strategy.models import PledgePromise
from pledge.voice import services
from pledge.voice.models import Channel, Rating, YouSaid, YouSaidState

GROUPS = ("Children in Care Council", "Care Leavers Forum")

# said, days ago, channel, group (index), promise references, action references,
# answer, we did, why not all of it, state
SAID = [
    (
        "Our reviews are at school in front of everyone. We want them somewhere private.",
        120, Channel.CHILDREN_IN_CARE_COUNCIL, 0, ["2"], ["1.1"], "accepted",
        "Your review now happens where you choose. Your worker asks you first.",
        "", YouSaidState.PUBLISHED,
    ),
    (
        "It takes too long to get help when you feel low.",
        90, Channel.CHILDREN_IN_CARE_COUNCIL, 0, ["5"], ["1.2"], "in_progress",
        "We are cutting the wait to see someone. It was 14 weeks; it is now 8.",
        "", YouSaidState.PUBLISHED,
    ),
    (
        "Care leavers should not have to pay council tax.",
        300, Channel.CARE_LEAVERS_FORUM, 1, ["8"], ["L4"], "accepted",
        "Care leavers in Northfield do not pay council tax until they are 25.",
        "", YouSaidState.PUBLISHED,
    ),
    (
        "We want free driving lessons.",
        60, Channel.CARE_LEAVERS_FORUM, 1, ["8"], ["5.1"], "partly",
        "We cannot pay for every lesson, but we now pay for your theory test and 5 lessons.",
        "The money we have would pay for lessons for only a few young people.",
        YouSaidState.PUBLISHED,
    ),
    (
        "Brothers and sisters should live together.",
        45, Channel.ENGAGEMENT, None, ["3"], ["3.1"], "in_progress",
        "We are looking for foster families who can take brothers and sisters together.",
        "", YouSaidState.IN_REVIEW,
    ),
    (
        "Can the forum meet in town, not at the council offices?",
        10, Channel.CARE_LEAVERS_FORUM, 1, [], [], "", "", "", YouSaidState.DRAFT,
    ),
]  # fmt: skip

MESSAGES = [
    ("The youth club near my placement has shut. There's nothing to do at weekends.", "", ""),
    ("Thank you for the laptop, it helps loads with college", "Kai", ""),
]

# Two rounds: answers to every promise, (always, mostly, sometimes, never, not sure) each.
ROUNDS = [
    ("Pledge check summer 2026", 170, 150, (9, 10, 8, 6, 0)),
    ("Pledge check winter 2026", 20, -20, (12, 11, 7, 6, 0)),
]


def load_voice(
    *,
    authority: Authority,
    plans: list[ActionPlan],
    officer: Person,
    log: Callable[[str], None],
) -> None:
    if YouSaid.objects.filter(authority=authority).exists():
        return
    worker = Person.objects.get(email="participation@northfield.example")
    if authority.safeguarding_contact is None:
        core_services.authority_update(
            actor=officer, authority=authority, safeguarding_contact=worker
        )
    # Their worker is named once the demo's answers are published: loading emails nobody.
    groups = [
        services.group_save(actor=officer, authority=authority, name=name, worker=None)
        for name in GROUPS
    ]
    promises = {p.reference: p for p in PledgePromise.objects.filter(authority=authority)}
    actions = {a.reference: a for a in Action.objects.filter(plan__in=plans)}
    today = timezone.localdate()
    for said, days_ago, channel, group_number, promise_refs, action_refs, *words, state in SAID:
        answer, we_did, why_not = words
        item = services.you_said_create(
            actor=worker,
            authority=authority,
            said=said,
            heard_on=today - datetime.timedelta(days=days_ago),
            channel=channel,
            group=groups[group_number] if group_number is not None else None,
            promises=[promises[r] for r in promise_refs if r in promises],
            actions=[actions[r] for r in action_refs if r in actions],
            answer=answer,
            we_did=we_did,
            why_not=why_not,
        )
        for to in _path_to(state):
            services.you_said_move(
                actor=officer if to == YouSaidState.PUBLISHED else worker, item=item, to=to
            )
    for named in groups:
        services.group_save(
            actor=officer, authority=authority, name=named.name, worker=worker, group=named
        )
    for text, name, contact in MESSAGES:
        services.message_receive(authority=authority, text=text, name=name, contact=contact)
    _load_rounds(authority, list(promises.values()), officer, today)
    log(f"Added what young people said: {len(SAID)} answers, 2 rounds of the pledge check")


def _path_to(state: YouSaidState) -> list[YouSaidState]:
    return {
        YouSaidState.DRAFT: [],
        YouSaidState.IN_REVIEW: [YouSaidState.IN_REVIEW],
        YouSaidState.PUBLISHED: [YouSaidState.IN_REVIEW, YouSaidState.PUBLISHED],
    }[state]


def _load_rounds(
    authority: Authority, promises: list[PledgePromise], officer: Person, today: datetime.date
) -> None:
    for number, (title, opened_ago, closes_ago, spread) in enumerate(ROUNDS):
        check_round = services.check_round_save(
            actor=officer,
            authority=authority,
            title=title,
            opens_on=today - datetime.timedelta(days=opened_ago),
            closes_on=today - datetime.timedelta(days=closes_ago),
        )
        when = timezone.make_aware(
            datetime.datetime.combine(check_round.opens_on, datetime.time(16))
        )
        ratings = [r for r, count in zip(RATINGS, spread, strict=True) for _ in range(count)]
        for person, rating in enumerate(ratings):
            # Each young person rates each promise a little differently, round by round.
            answers = {
                promise: RATINGS[min(RATINGS.index(rating) + (i + person + number) % 3 // 2, 3)]
                for i, promise in enumerate(promises)
            }
            services.check_response_receive(check_round=check_round, ratings=answers, now=when)


RATINGS = (Rating.ALWAYS, Rating.MOSTLY, Rating.SOMETIMES, Rating.NEVER, Rating.NOT_SURE)
