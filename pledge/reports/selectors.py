"""What each person has to do, drawn from every app, for the signed-in home page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from pledge.actions.selectors import ActionRow, action_rows, my_actions, overdue_actions
from pledge.core.models import Authority, Person, Role
from pledge.scorecard.selectors import DataState, KpiStatus, exceptions, kpi_statuses
from pledge.voice.models import YouSaid, YouSaidState
from pledge.voice.selectors import inbox, safeguarding_queue
from pledge.youngpeople.selectors import waiting_for_approval, words_to_check

# Who is shown the board's exceptions on their home page.
SEE_EXCEPTIONS = (Role.BOARD_MEMBER, Role.BOARD_OFFICER, Role.PERFORMANCE_ANALYST)


@dataclass
class Waiting:
    requested: list[ActionRow]  # the actions an officer has asked them to update
    overdue: list[ActionRow]  # their actions past the deadline
    figures: list[KpiStatus]  # figures they enter that are due or overdue
    exceptions: list[KpiStatus] | None  # the board's, for those who answer for it
    overdue_actions: int  # the board's overdue actions, with `exceptions`
    words_to_approve: int  # words for young people waiting for them to approve
    flagged: int  # young people's messages flagged and waiting for their safeguarding review
    to_read: int  # young people's messages waiting in the inbox
    to_review: int  # answers to young people waiting for review before they are published

    @property
    def nothing(self) -> bool:
        return not (
            self.requested
            or self.overdue
            or self.figures
            or self.exceptions
            or self.words_to_approve
            or self.flagged
            or self.to_read
            or self.to_review
        )


def waiting_for(person: Person, authority: Authority, *, on: datetime.date) -> Waiting:
    """What is `person`'s to do on `on`: updates asked of them, their overdue actions, the
    figures they enter that are due, words for young people they approve, and (for board members
    and officers) the exceptions."""
    mine = action_rows(my_actions(person), on=on)
    statuses = kpi_statuses(authority, on)
    sees_exceptions = any(person.has_role(role) for role in SEE_EXCEPTIONS)
    answers = person.has_perm("voice.answer")
    return Waiting(
        requested=[row for row in mine if row.action.update_requested_at],
        overdue=[row for row in mine if row.overdue and not row.action.update_requested_at],
        figures=[
            status
            for status in statuses
            if status.data != DataState.IN
            and person.has_perm("scorecard.enter_reading", status.kpi)
        ],
        exceptions=exceptions(statuses) if sees_exceptions else None,
        overdue_actions=len(overdue_actions(on=on)) if sees_exceptions else 0,
        words_to_approve=(
            len(waiting_for_approval(words_to_check(authority, on=on)))
            if person.has_perm("youngpeople.approve_words")
            else 0
        ),
        flagged=(
            safeguarding_queue(authority).count() if person.has_perm("voice.review_flagged") else 0
        ),
        to_read=inbox(authority).count() if answers else 0,
        to_review=(
            YouSaid.objects.filter(authority=authority, state=YouSaidState.IN_REVIEW).count()
            if answers
            else 0
        ),
    )
