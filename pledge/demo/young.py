"""The demo board's words for young people: plain words for its actions, and approval of most of
its plain words, so the young person's version has something to show and the officers' page
something left to do (one promise waiting, one action with no words yet). Invented, like the
rest of the demo."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pledge.actions.models import Action, ActionPlan
from pledge.core.models import Person, PlainState
from pledge.strategy.models import Strategy
from pledge.youngpeople import services
from pledge.youngpeople.services import PlainRecord

# By action reference, for this year's plan and last year's (pledge/demo/plan.py).
ACTION_WORDS = {
    "1.1": "Your review will happen on time, and what you say will be written in it.",
    "1.2": "If you need help with how you feel, you will wait no more than 6 weeks to be seen.",
    "3.1": "We will find 20 more foster families who can look after brothers and sisters together.",
    "3.2": "If your home might end, we will meet within 5 days to try to keep it going.",
    "4.1": "Teachers will learn how to write a good education plan with you.",
    "5.1": "We will keep 10 apprenticeships a year just for care leavers.",
    "5.2": "If you are on Universal Credit, you will have your own adviser at the Jobcentre.",
    "L1": "Every care leaver now gets a birth certificate and passport free.",
    "L2": "Young people now run half of the board's meetings.",
    "L3": "Your personal adviser now texts you before your pathway plan review.",
    "L4": "Care leavers no longer pay council tax until they are 25.",
    "L5": "We opened a drop-in where you can see a nurse without booking.",
}
WAITING = {"10"}  # a promise whose plain words are left for someone to approve


def load_young_peoples_words(
    *,
    strategy: Strategy,
    plans: Iterable[ActionPlan],
    officer: Person,
    log: Callable[[str], None],
) -> None:
    actions = Action.objects.filter(plan__in=list(plans), reference__in=ACTION_WORDS)
    for action in actions.filter(plain_text=""):
        services.plain_words_write(
            actor=officer, record=action, words=ACTION_WORDS[action.reference]
        )
    records: list[PlainRecord] = [strategy, *strategy.items.live(), *actions]
    records += [p for p in strategy.authority.promises.live() if p.reference not in WAITING]
    approved = 0
    for record in records:
        if record.plain_state == PlainState.WAITING:
            services.plain_words_approve(actor=officer, record=record)
            approved += 1
    if approved:
        log(f"Approved the plain words of {approved} texts for the young person's version")
