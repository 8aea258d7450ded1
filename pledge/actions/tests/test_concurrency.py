"""Real concurrent requests on PostgreSQL (ADR 0014): officers editing an action while its lead
posts updates, all at once. Every save either applies on top of exactly what its person saw or
is refused as a conflict; none silently reverts another; the action's status is always its
latest update's; every change is audited."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pledge.actions.models import Action, ActionPlan, ProgressUpdate
from pledge.core.models import Agency, AuditEvent, Person, Role
from pledge.core.tests.conflicts import CONFLICT, version_in

PAIRS = 20
MOST_TRIES = 200
STATUSES = ("in_progress", "ongoing", "complete", "rescheduled", "not_started")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite runs one write at a time, so nothing races",
    ),
]


@dataclass
class Saved:
    """One person's attempts: the version each was made from and what came back."""

    token: str
    attempts: list[tuple[int, int]] = field(default_factory=list)  # (version sent, status code)
    failures: list[str] = field(default_factory=list)

    @property
    def applied_from(self) -> int:
        (version,) = [sent for sent, code in self.attempts if code == 302]
        return version


def _keep_saving(
    client: Client, url: str, data: Callable[[int], dict[str, str]], saved: Saved, start: Callable
) -> None:
    """Open the page, save; on a conflict, do what a person would: save again from the page
    shown, which carries the current version. Runs in its own thread and connection."""
    try:
        start()
        html = client.get(url).content.decode()
        for _ in range(MOST_TRIES):
            version = version_in(html)
            response = client.post(url, data(version))
            saved.attempts.append((version, response.status_code))
            if response.status_code == 302:
                return
            html = response.content.decode()
            if response.status_code != 200 or CONFLICT not in html:
                saved.failures.append(f"{response.status_code}: {html[:3000]}")
                return
        saved.failures.append("never saved")
    except Exception as error:  # reported by the test, not lost in a thread
        saved.failures.append(repr(error))
    finally:
        connection.close()


@pytest.fixture
def action(plan: ActionPlan, agency: Agency) -> Action:
    action = Action.objects.create(
        plan=plan, reference="1", text="Report to providers", due_kind="ongoing", due_text="ongoing"
    )
    action.agencies.set([agency])
    return action


def _edit_form(agency: Agency, saved: Saved, i: int) -> Callable[[int], dict[str, str]]:
    """Officer edit `i`'s form, made from the version its page showed."""
    return lambda version: {
        "reference": "1",
        "text": f"Text from officer edit {i}",
        "agencies": str(agency.pk),
        "due_text": "ongoing",
        "reason": saved.token,
        "version": str(version),
    }


def _update_form(saved: Saved, i: int, today: str) -> Callable[[int], dict[str, str]]:
    """Lead update `i`'s form, made from the version its page showed."""
    status = STATUSES[i % len(STATUSES)]
    return lambda version: {
        "status": status,
        "rag": "green" if status != "complete" else "",
        "commentary": saved.token,
        "as_at": today,
        "version": str(version),
    }


def _save_all_at_once(
    saves: list[tuple[Client, str, Callable[[int], dict[str, str]], Saved]],
) -> None:
    """Start every save in its own thread, all released together, and wait for them all."""
    everyone = threading.Barrier(len(saves))
    threads = [
        threading.Thread(target=_keep_saving, args=(client, url, data, saved, everyone.wait))
        for client, url, data, saved in saves
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)


def _assert_each_change_starts_from_the_last(action: Action, events: list[AuditEvent]) -> None:
    """Read in order, each change starts from what the one before it left: nothing in between
    undid a change without an audit event saying so."""
    text, status = "Report to providers", "not_started"
    for event in events:
        if "text" in event.changes:
            assert event.changes["text"][0] == text, event.reason
            text = event.changes["text"][1]
        if "status" in event.changes:
            assert event.changes["status"][0] == status, event.reason
            status = event.changes["status"][1]
    action.refresh_from_db()
    assert (action.text, action.status) == (text, status)


def _assert_the_last_of_each_kind_stands(action: Action, events: list[AuditEvent]) -> None:
    """The action is what the last of each kind of change made it, and its status is its
    latest update's."""
    action.refresh_from_db()
    last_edit = next(e for e in reversed(events) if e.verb == "action.edited")
    last_update = next(e for e in reversed(events) if e.verb == "action.progress_updated")
    assert action.text == last_edit.changes["text"][1]
    latest = ProgressUpdate.objects.filter(action=action).first()
    assert latest is not None
    assert latest.commentary == last_update.reason
    assert action.status == latest.status
    assert ProgressUpdate.objects.filter(action=action).count() == PAIRS
    assert action.version == 2 * PAIRS


def test_officers_edits_and_leads_updates_at_once_never_revert_each_other(
    action: Action,
    agency: Agency,
    officer: Person,
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
) -> None:
    lead = make_person(Role.AGENCY_LEAD, full_name="Lee Lead")
    edit_url = reverse("actions:action-edit", kwargs={"pk": action.pk})
    update_url = reverse("actions:action-update", kwargs={"pk": action.pk})
    today = timezone.localdate().strftime("%d/%m/%Y")
    edits = [Saved(f"officer edit {i}") for i in range(PAIRS)]
    updates = [Saved(f"lead update {i}") for i in range(PAIRS)]
    _save_all_at_once(
        [
            (client_for(officer), edit_url, _edit_form(agency, saved, i), saved)
            for i, saved in enumerate(edits)
        ]
        + [
            (client_for(lead), update_url, _update_form(saved, i, today), saved)
            for i, saved in enumerate(updates)
        ]
    )

    # Every save was made, after as many conflicts as it took; nothing else went wrong.
    assert [s.failures for s in edits + updates] == [[] for _ in edits + updates]

    # Every change is audited, once, each with the next version: no two saves from one version.
    events = list(AuditEvent.objects.filter(target_id=str(action.pk)).order_by("target_version"))
    assert [e.target_version for e in events] == list(range(1, 2 * PAIRS + 1))
    by_token = {e.reason: e for e in events}
    assert sorted(by_token) == sorted(s.token for s in edits + updates)

    # No lost update: each save applied on top of exactly the version its person saw, so no
    # save wrote over a change its person had not been shown.
    for saved in edits + updates:
        assert by_token[saved.token].target_version == saved.applied_from + 1, saved.token

    _assert_each_change_starts_from_the_last(action, events)

    conflicts = sum(len(s.attempts) - 1 for s in edits + updates)
    assert conflicts > 0, "the requests never overlapped: nothing was tested"

    _assert_the_last_of_each_kind_stands(action, events)
