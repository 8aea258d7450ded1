"""Approving words written to young people: only approved words are public, and a change to them
waits for approval again."""

from __future__ import annotations

import pytest
from django.utils import timezone

from pledge.core.concurrency import EditConflictError
from pledge.core.errors import UserError
from pledge.core.models import AuditEvent, Person, PlainState
from pledge.youngpeople import services
from pledge.youngpeople.selectors import young_version
from pledge.youngpeople.tests.conftest import Board


def _public_words(board: Board) -> list[str]:
    version = young_version(board.strategy.authority, on=timezone.localdate())
    return [words for _promise, words in version.promises] + [
        action.words for priority in version.priorities for action in priority.actions
    ]


def test_words_are_public_only_once_approved(board: Board, officer: Person) -> None:
    assert board.promise.plain_state == PlainState.WAITING
    assert _public_words(board) == []
    services.plain_words_approve(actor=officer, record=board.promise)
    services.plain_words_approve(actor=officer, record=board.doing)
    assert _public_words(board) == ["We will care for you with warmth."]  # its priority: not yet
    services.plain_words_approve(actor=officer, record=board.priority)
    assert _public_words(board) == [
        "We will care for you with warmth.",
        "You will wait less to get help with how you feel.",
    ]
    board.promise.refresh_from_db()
    assert board.promise.plain_state == PlainState.APPROVED
    assert board.promise.plain_approved_by == officer
    event = AuditEvent.objects.filter(verb="plain_words.approved").order_by("pk").first()
    assert event is not None
    assert event.changes["plain_approved"] == ["", "We will care for you with warmth."]


def test_a_change_waits_for_approval_and_the_approved_words_stay_public(
    board: Board, officer: Person
) -> None:
    services.plain_words_approve(actor=officer, record=board.promise)
    services.plain_words_write(actor=officer, record=board.promise, words="We will love you.")
    board.promise.refresh_from_db()
    assert board.promise.plain_state == PlainState.CHANGED
    assert _public_words(board) == ["We will care for you with warmth."]
    services.plain_words_approve(actor=officer, record=board.promise)
    assert _public_words(board) == ["We will love you."]


def test_withdrawing_takes_the_words_off_the_public_pages_and_keeps_the_draft(
    board: Board, officer: Person
) -> None:
    services.plain_words_approve(actor=officer, record=board.promise)
    services.plain_words_withdraw(actor=officer, record=board.promise, reason="Too vague")
    board.promise.refresh_from_db()
    assert (board.promise.plain_state, board.promise.plain_text) == (
        PlainState.WAITING,
        "We will care for you with warmth.",
    )
    assert _public_words(board) == []
    assert AuditEvent.objects.filter(verb="plain_words.withdrawn", reason="Too vague").exists()


def test_there_must_be_words_to_approve(board: Board, officer: Person) -> None:
    services.plain_words_write(actor=officer, record=board.doing, words="   ")
    with pytest.raises(UserError, match="no plain words to approve"):
        services.plain_words_approve(actor=officer, record=board.doing)


def test_words_changed_after_the_approver_read_them_are_not_approved(
    board: Board, officer: Person
) -> None:
    """The approver approves the words they read: from the version their page showed."""
    seen = board.promise.version
    services.plain_words_write(actor=None, record=board.promise, words="Something else.")
    with pytest.raises(EditConflictError):
        services.plain_words_approve(actor=officer, record=board.promise, version=seen)
    board.promise.refresh_from_db()
    assert board.promise.plain_approved == ""


def test_an_archived_record_is_not_approved(board: Board, officer: Person) -> None:
    board.promise.archived_at = timezone.now()
    board.promise.save()
    with pytest.raises(UserError, match="archived"):
        services.plain_words_approve(actor=officer, record=board.promise)


def test_the_state_of_a_record_with_no_words(board: Board) -> None:
    board.priority.plain_text = ""
    assert board.priority.plain_state == PlainState.MISSING
