"""The shared edit-conflict piece (ADR 0014): versions moved by the audit log, the conflict's words,
and how an edit form shows it."""

from __future__ import annotations

import pytest
from django import forms

from pledge.core.audit import audit_record, service
from pledge.core.concurrency import EditConflictError, conflict_message, lock_for_edit
from pledge.core.forms import EditForm, run_service
from pledge.core.govuk import form_error_list
from pledge.core.models import AuditEvent, Authority, Person
from pledge.strategy import services
from pledge.strategy.models import PledgePromise


@pytest.fixture
def promise(authority: Authority, officer: Person) -> PledgePromise:
    return services.promise_create(
        actor=officer, authority=authority, reference="1", text="We will listen"
    )


def _change(promise: PledgePromise, officer: Person, text: str) -> None:
    services.promise_update(actor=officer, promise=promise, reference="1", text=text, plain_text="")


def test_creating_a_record_makes_version_1_and_each_audited_change_adds_one(
    promise: PledgePromise, officer: Person
) -> None:
    assert promise.version == 1
    _change(promise, officer, "We will listen to you")
    _change(promise, officer, "We will listen to you")  # no change, no event: same version
    promise.refresh_from_db()
    assert promise.version == 2
    events = AuditEvent.objects.order_by("pk")
    assert [(e.verb, e.target_version) for e in events] == [
        ("promise.created", 1),
        ("promise.updated", 2),
    ]


def test_a_record_without_audited_changes_since_cannot_say_who(promise: PledgePromise) -> None:
    PledgePromise.objects.filter(pk=promise.pk).update(version=5)  # changed outside the services
    assert conflict_message(promise, since=1) == (
        "This pledge promise was changed after you opened it. We cannot say who changed it or "
        "how: check its history. Your changes have not been saved. Check them, then save again."
    )


def test_many_changes_are_summed_up_after_the_first_five(
    promise: PledgePromise, officer: Person
) -> None:
    for number in range(7):
        _change(promise, officer, f"Text {number}")
    message = conflict_message(promise, since=1)
    assert message.count("Changed by Olive Officer on ") == 5
    assert "And 2 more changes, shown in its history." in message
    assert "promise from \u201cWe will listen\u201d to \u201cText 0\u201d" in message


def test_long_values_are_cut_short(promise: PledgePromise, officer: Person) -> None:
    _change(promise, officer, "We will " + "really " * 30 + "listen")
    message = conflict_message(promise, since=1)
    assert "to \u201cWe will really really" in message
    assert "\u2026\u201d" in message
    assert "listen\u201d" not in message.split("to \u201cWe will really")[1]


def test_the_lock_reads_the_record_afresh(promise: PledgePromise, officer: Person) -> None:
    stale = PledgePromise.objects.get(pk=promise.pk)
    _change(promise, officer, "We will listen to you")

    @service
    def read_and_touch(*, record: PledgePromise) -> None:
        lock_for_edit(record, version=None)
        audit_record(actor=officer, verb="promise.touched", target=record)

    read_and_touch(record=stale)
    assert (stale.text, stale.version) == ("We will listen to you", 3)


class _PromiseForm(EditForm):
    text = forms.CharField()


def test_an_edit_form_shows_the_conflict_first_and_carries_the_current_version(
    promise: PledgePromise, officer: Person
) -> None:
    form = _PromiseForm({"text": "Typed", "version": "1"})
    form.start_from(promise)
    assert form.is_valid()
    _change(promise, officer, "We will listen to you")

    def update(**kwargs: object) -> None:
        services.promise_update(
            actor=officer,
            promise=PledgePromise.objects.get(pk=promise.pk),
            reference="1",
            text=str(kwargs["text"]),
            plain_text="",
            version=form.cleaned_data["version"],
        )

    assert run_service(form, update, text="Typed") is None
    assert form["version"].value() == "2"
    assert form["text"].value() == "Typed"
    (summary,) = form_error_list(form)
    assert summary["text"].startswith("This pledge promise was changed after you opened it.")
    assert summary["href"] == "#id_text"  # the first field a person can see, not the hidden one


def test_a_new_record_form_has_no_version() -> None:
    form = _PromiseForm()
    form.start_from(None)
    assert "version" not in form.fields


def test_the_conflict_is_a_user_error() -> None:
    error = EditConflictError("Changed", current_version=3)
    assert (error.message, error.field, error.current_version) == ("Changed", None, 3)
