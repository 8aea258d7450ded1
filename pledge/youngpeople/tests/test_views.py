"""The young person's version (public), its leaflet, and the officers' page of words."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pledge.actions.models import Action, ActionStatus
from pledge.core.models import Person, PlainState, Role
from pledge.youngpeople import services
from pledge.youngpeople.tests.conftest import Board

FORMAL_WORDS = (
    "We need more love in the care system.",
    "Commission a nurse-led drop-in",
    "Reduce waiting times for CAMHS assessment",
)


def _approve_everything(board: Board, officer: Person) -> None:
    for record in (
        board.strategy,
        board.priority,
        board.outcome,
        board.promise,
        board.done,
        board.doing,
    ):
        services.plain_words_approve(actor=officer, record=record)


def _walk(node: Any) -> Iterator[Any]:
    """Every element of a PDF's structure tree under `node`."""
    kids = node.get("/K", [])
    for reference in kids if isinstance(kids, list) else [kids]:
        kid = reference.get_object() if hasattr(reference, "get_object") else reference
        if isinstance(kid, dict) and "/S" in kid:
            yield kid
            yield from _walk(kid)


def _page(name: str) -> str:
    response = Client().get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_nothing_unapproved_is_public(board: Board) -> None:
    for name in ("young:pledge", "young:plan", "young:done"):
        page = _page(name)
        for words in (board.strategy.plain_vision, board.promise.plain_text, board.done.plain_text):
            assert words not in page, name
        for words in (*FORMAL_WORDS, board.priority.title):
            assert words not in page, name


def test_the_pledge_the_plan_and_what_is_done_in_approved_words(
    board: Board, officer: Person
) -> None:
    _approve_everything(board, officer)
    home = _page("young:pledge")
    for words in (
        "We want you to do well.",
        "We will care for you with warmth.",
        "We opened a drop-in where you can see a nurse.",
        "We will keep you well.",
    ):
        assert words in home
    assert f'href="{reverse("offer:directory")}"' in home
    plan = _page("young:plan")
    assert "You will see a dentist every year." in plan
    assert "You will wait less to get help with how you feel." in plan
    assert "Doing now" in plan
    assert "Done" in plan
    done = _page("young:done")
    done_on = board.done.updates.get().as_at
    assert "We opened a drop-in where you can see a nurse. (done in" in done
    assert f"(done in {done_on:%B %Y})" in done
    assert "You will wait less" not in done
    for words in FORMAL_WORDS:
        assert words not in home + plan + done


def test_cancelled_and_archived_actions_are_not_shown_or_counted(
    board: Board, officer: Person
) -> None:
    _approve_everything(board, officer)
    board.doing.status = ActionStatus.CANCELLED
    board.doing.save()
    Action.objects.filter(pk=board.done.pk).update(archived_at=timezone.now())
    plan = _page("young:plan")
    assert "You will wait less" not in plan
    assert "We opened a drop-in" not in plan + _page("young:done")
    assert "things in the plan" not in plan


def test_an_unwritten_action_is_counted_and_said_to_be_not_written_up(
    board: Board, officer: Person
) -> None:
    _approve_everything(board, officer)
    services.plain_words_withdraw(actor=officer, record=board.doing)
    plan = _page("young:plan")
    assert "2 things in the plan: 1 done, 1 being done." in plan
    assert "We have not written up the other one for you yet." in plan


def test_the_leaflet_is_a_tagged_pdf_of_the_approved_words(board: Board, officer: Person) -> None:
    _approve_everything(board, officer)
    services.plain_words_write(actor=officer, record=board.promise, words="Not approved yet.")
    response = Client().get(reverse("young:leaflet"))
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    catalog: Any = pdf.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en-GB"
    assert pdf.metadata is not None
    assert pdf.metadata.title == f"Our pledge to you: {board.strategy.authority.board_name}"
    tags = {element["/S"] for element in _walk(catalog["/StructTreeRoot"].get_object())}
    assert tags >= {"/H1", "/H2", "/H3", "/L", "/LI", "/P", "/Link"}
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "We will care for you with warmth." in text
    assert "Not approved yet." not in text
    assert "http://testserver/local-offer/" in text
    # Made again when the words change, not served stale from the cache.
    services.plain_words_approve(actor=officer, record=board.promise)
    again = PdfReader(io.BytesIO(Client().get(reverse("young:leaflet")).content))
    assert "Not approved yet." in " ".join(page.extract_text() for page in again.pages)


def test_an_empty_board_says_so_and_offers_no_leaflet(db: None, authority: object) -> None:
    page = _page("young:pledge")
    assert "has not written its pledge to you here yet" in page
    assert reverse("young:leaflet") not in page


# The officers' page -----------------------------------------------------------------------------


def test_officer_sees_what_lacks_approved_words_and_approves_it(
    board: Board, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    services.plain_words_approve(actor=officer, record=board.promise)
    services.plain_words_write(actor=officer, record=board.doing, words="")
    client = client_for(officer)
    page = client.get(reverse("plainwords:list") + "?show=attention").content.decode()
    assert "We will care for you with warmth." not in page  # approved: not listed
    assert "We want you to do well." in page  # the vision, waiting
    assert "No plain words yet: 1" in client.get(reverse("plainwords:list")).content.decode()
    url = reverse("plainwords:approve", kwargs={"kind": "strategy", "pk": board.strategy.pk})
    response = client.post(url, {"version": board.strategy.version}, follow=True)
    assert "are approved and public" in response.content.decode()
    board.strategy.refresh_from_db()
    assert board.strategy.plain_state == PlainState.APPROVED


def test_approving_words_that_changed_since_the_page_was_read_is_refused(
    board: Board, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    seen = board.promise.version
    services.plain_words_write(actor=None, record=board.promise, words="Changed meanwhile.")
    url = reverse("plainwords:approve", kwargs={"kind": "pledgepromise", "pk": board.promise.pk})
    response = client_for(officer).post(url, {"version": seen}, follow=True)
    assert "changed" in response.content.decode().lower()
    board.promise.refresh_from_db()
    assert board.promise.plain_approved == ""


def test_a_participation_worker_approves_and_an_agency_lead_cannot(
    board: Board,
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
) -> None:
    url = reverse("plainwords:approve", kwargs={"kind": "action", "pk": board.doing.pk})
    assert client_for(make_person(Role.AGENCY_LEAD)).post(url).status_code == 403
    client_for(make_person(Role.PARTICIPATION_WORKER)).post(url)
    board.doing.refresh_from_db()
    assert board.doing.plain_state == PlainState.APPROVED


def test_an_unknown_kind_of_record_is_not_found(
    officer: Person, client_for: Callable[[Person], Client]
) -> None:
    url = reverse("plainwords:approve", kwargs={"kind": "person", "pk": officer.pk})
    assert client_for(officer).post(url).status_code == 404


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Write something to see its reading age"),
        ("We will help you.", "<strong>Reading age 5</strong>: within the board"),
        (
            (
                "We will endeavour to facilitate comprehensive multi-agency interventions "
                "addressing individualised educational requirements."
            ),
            "harder than the board's aim of 9 or under",
        ),
    ],
)
def test_the_reading_age_as_the_officer_types(
    text: str,
    expected: str,
    officer: Person,
    client_for: Callable[[Person], Client],
) -> None:
    response = client_for(officer).post(reverse("reading-age"), {"text": text})
    assert expected in response.content.decode()
