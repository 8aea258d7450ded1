"""Edit conflicts on an action (ADR 0014): an officer's edit and a lead's progress update never
silently undo each other, and a save from a page opened before the other's is refused, saying
who changed what, with what the person typed kept."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pledge.actions import services
from pledge.actions.models import Action, ActionPlan, ActionStatus, ProgressUpdate
from pledge.actions.tests.conftest import TODAY
from pledge.core.concurrency import EditConflictError
from pledge.core.models import Agency, AuditEvent, Person, Role


@pytest.fixture
def action(plan: ActionPlan, agency: Agency) -> Action:
    action = Action.objects.create(
        plan=plan,
        reference="1.2",
        text="Report to providers",
        due_kind="ongoing",
        due_text="ongoing",
    )
    action.agencies.set([agency])
    return action


@pytest.fixture
def lead(make_person: Callable[..., Person]) -> Person:
    return make_person(Role.AGENCY_LEAD, full_name="Lee Lead")


def _edit(officer: Person, action: Action, version: int | None, **changes: Any) -> Action:
    values: dict[str, Any] = {
        "reference": action.reference,
        "text": action.text,
        "plain_text": action.plain_text,
        "priority": None,
        "principles": [],
        "agencies": list(action.agencies.all()),
        "all_partners": False,
        "leads": [],
        "new_leads": [],
        "success": "",
        "measure": "",
        "due_text": action.due_text,
    }
    return services.action_edit(actor=officer, action=action, version=version, **values | changes)


def _update(lead: Person, action: Action, version: int | None, **changes: Any) -> None:
    values: dict[str, Any] = {
        "status": ActionStatus.IN_PROGRESS,
        "rag": "amber",
        "commentary": "Waiting on the contract",
        "as_at": TODAY,
    }
    services.action_update_progress(actor=lead, action=action, version=version, **values | changes)


def _fresh(action: Action) -> Action:
    return Action.objects.get(pk=action.pk)


def _version_in(html: str, name: str = "version") -> int:
    found = re.search(rf'name="{name}" value="(\d+)"', html)
    assert found, f"no hidden {name} in the page"
    return int(found.group(1))


# The services -----------------------------------------------------------------------------------


def test_an_edit_from_before_a_progress_update_is_refused_saying_what_changed(
    action: Action, officer: Person, lead: Person
) -> None:
    opened = _fresh(action)  # the officer opens the edit page
    _update(lead, _fresh(action), version=action.version)
    events = AuditEvent.objects.count()
    with pytest.raises(EditConflictError) as refused:
        _edit(officer, opened, version=opened.version, text="Report to every provider")
    message = refused.value.message
    assert message.startswith("This action was changed after you opened it.")
    assert "Changed by Lee Lead on " in message
    assert "status from \u201cNot started\u201d to \u201cIn progress\u201d" in message
    assert "delivery RAG set to \u201cAmber\u201d" in message
    assert "update: \u201cIn progress, as at 23 November 2026\u201d" in message
    assert message.endswith("Your changes have not been saved. Check them, then save again.")
    assert refused.value.current_version == _fresh(action).version
    saved = _fresh(action)
    assert (saved.text, saved.status) == ("Report to providers", ActionStatus.IN_PROGRESS)
    assert AuditEvent.objects.count() == events


def test_a_progress_update_from_before_an_edit_is_refused_and_posts_nothing(
    action: Action, officer: Person, lead: Person
) -> None:
    opened = _fresh(action)  # the lead opens the update page
    _edit(officer, _fresh(action), version=action.version, text="Report to every provider")
    with pytest.raises(EditConflictError) as refused:
        _update(lead, opened, version=opened.version)
    assert (
        "action from \u201cReport to providers\u201d to \u201cReport to every provider\u201d"
        in refused.value.message
    )
    assert "Changed by Olive Officer" in refused.value.message
    assert not ProgressUpdate.objects.exists()
    assert _fresh(action).status == ActionStatus.NOT_STARTED


def test_saving_again_from_the_new_version_applies(
    action: Action, officer: Person, lead: Person
) -> None:
    opened = _fresh(action)
    _update(lead, _fresh(action), version=action.version)
    with pytest.raises(EditConflictError) as refused:
        _edit(officer, opened, version=opened.version, text="Report to every provider")
    _edit(officer, opened, version=refused.value.current_version, text="Report to every provider")
    saved = _fresh(action)
    assert (saved.text, saved.status) == ("Report to every provider", ActionStatus.IN_PROGRESS)


def test_an_update_on_a_record_read_before_an_edit_keeps_the_edit(
    action: Action, officer: Person, lead: Person
) -> None:
    """Without a version (not from a form), the row is still read afresh under its lock, so the
    update cannot write back the words the officer has just changed."""
    stale = _fresh(action)
    _edit(officer, _fresh(action), version=None, text="Report to every provider")
    _update(lead, stale, version=None)
    saved = _fresh(action)
    assert (saved.text, saved.status) == ("Report to every provider", ActionStatus.IN_PROGRESS)


def test_an_edit_on_a_record_read_before_an_update_keeps_the_status(
    action: Action, officer: Person, lead: Person
) -> None:
    stale = _fresh(action)
    _update(lead, _fresh(action), version=None, status=ActionStatus.COMPLETE, rag="")
    _edit(officer, stale, version=None, text="Report to every provider")
    saved = _fresh(action)
    assert saved.status == ActionStatus.COMPLETE == ProgressUpdate.objects.get().status
    assert saved.text == "Report to every provider"


def test_every_audited_change_moves_the_version_and_is_recorded_with_it(
    action: Action, officer: Person, lead: Person
) -> None:
    start = action.version
    _update(lead, action, version=start)
    _edit(officer, action, version=start + 1, text="Report to every provider")
    services.action_request_update(actor=officer, action=action)
    assert _fresh(action).version == start + 3
    versions = AuditEvent.objects.filter(target_id=str(action.pk)).order_by("pk")
    assert [e.target_version for e in versions] == [start + 1, start + 2, start + 3]


# The pages --------------------------------------------------------------------------------------


def test_the_edit_page_keeps_the_typing_shows_the_conflict_and_saves_on_the_second_go(
    action: Action, officer: Person, lead: Person, client_for: Callable[[Person], Client]
) -> None:
    client = client_for(officer)
    url = reverse("actions:action-edit", kwargs={"pk": action.pk})
    opened = _version_in(client.get(url).content.decode())
    _update(lead, _fresh(action), version=opened)
    typed = {
        "reference": "1.2",
        "text": "Report to every provider, typed",
        "due_text": "ongoing",
        "version": opened,
    }
    response = client.post(url, typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html
    assert "This action was changed after you opened it." in html
    assert "Report to every provider, typed" in html
    assert _version_in(html) == _fresh(action).version
    assert _fresh(action).text == "Report to providers"

    again = client.post(url, typed | {"version": _version_in(html)})
    assert again.status_code == 302
    saved = _fresh(action)
    assert (saved.text, saved.status) == ("Report to every provider, typed", "in_progress")


def test_the_update_page_keeps_the_commentary_when_the_action_changed(
    action: Action, officer: Person, lead: Person, client_for: Callable[[Person], Client]
) -> None:
    client = client_for(lead)
    url = reverse("actions:action-update", kwargs={"pk": action.pk})
    opened = _version_in(client.get(url).content.decode())
    _edit(officer, _fresh(action), version=opened, text="Report to every provider")
    typed = {
        "status": "complete",
        "commentary": "Reported to all six providers",
        "as_at": "23/11/2026",
        "version": opened,
    }
    html = client.post(url, typed).content.decode()
    assert "This action was changed after you opened it." in html
    assert "Reported to all six providers" in html
    assert not ProgressUpdate.objects.exists()
    assert client.post(url, typed | {"version": _version_in(html)}).status_code == 302
    assert _fresh(action).status == ActionStatus.COMPLETE == ProgressUpdate.objects.get().status


def test_my_actions_refuses_every_row_when_one_action_changed(
    action: Action,
    plan: ActionPlan,
    agency: Agency,
    officer: Person,
    lead: Person,
    client_for: Callable[[Person], Client],
) -> None:
    other = Action.objects.create(plan=plan, reference="1.3", text="Other", due_kind="ongoing")
    other.agencies.set([agency])
    client = client_for(lead)
    url = reverse("actions:mine")
    html = client.get(url).content.decode()
    versions = {a.pk: _version_in(html, f"version_{a.pk}") for a in (action, other)}
    _edit(officer, _fresh(action), version=versions[action.pk], text="Report to every provider")
    typed = {
        **{f"status_{a.pk}": "in_progress" for a in (action, other)},
        **{f"commentary_{a.pk}": f"Typed for {a.reference}" for a in (action, other)},
        **{f"version_{pk}": version for pk, version in versions.items()},
    }
    html = client.post(url, typed).content.decode()
    assert "Action 1.2: This action was changed after you opened it." in html
    assert "Typed for 1.2" in html
    assert "Typed for 1.3" in html
    assert not ProgressUpdate.objects.exists()
    assert _version_in(html, f"version_{action.pk}") == _fresh(action).version
    response = client.post(url, typed | {f"version_{action.pk}": _fresh(action).version})
    assert response.status_code == 302
    assert ProgressUpdate.objects.count() == 2


def test_a_page_sent_without_a_version_still_saves(
    action: Action, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    url = reverse("actions:action-edit", kwargs={"pk": action.pk})
    data = {"reference": "1.2", "text": "New words", "due_text": "ongoing"}
    assert client_for(officer).post(url, data).status_code == 302
    assert _fresh(action).text == "New words"


def test_the_dates_in_a_conflict_read_as_words(
    action: Action, officer: Person, lead: Person
) -> None:
    opened = _fresh(action)
    _update(lead, _fresh(action), version=None, as_at=datetime.date(2026, 11, 2))
    with pytest.raises(EditConflictError) as refused:
        _edit(officer, opened, version=opened.version)
    assert "RAG as at set to \u201c2 November 2026\u201d" in refused.value.message
