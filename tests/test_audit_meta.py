"""Guard: every service that changes state is audited, in the same transaction as the change."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import pledge
from pledge.core.audit import AuditMissingError, audit_record, service
from pledge.core.models import Agency, AuditEvent


def _service_modules() -> list:
    names = [
        info.name
        for info in pkgutil.walk_packages(pledge.__path__, "pledge.")
        if info.name.endswith(".services") or ".services." in info.name
    ]
    return [importlib.import_module(name) for name in names]


def _public_functions(module) -> list:
    return [
        func
        for name, func in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and func.__module__ == module.__name__
    ]


def test_there_are_service_modules_to_check() -> None:
    assert len(_service_modules()) >= 2


@pytest.mark.parametrize(
    "func",
    [f for m in _service_modules() for f in _public_functions(m)],
    ids=lambda f: f"{f.__module__}.{f.__name__}",
)
def test_every_service_is_audited(func) -> None:
    assert getattr(func, "__pledge_service__", False), (
        f"{func.__module__}.{func.__name__} changes state but is not wrapped in @service"
    )


@pytest.mark.django_db
def test_a_service_that_records_nothing_is_rolled_back(agency: Agency) -> None:
    @service
    def rename_silently(*, agency: Agency) -> None:
        agency.name = "Renamed without a trace"
        agency.save()

    with pytest.raises(AuditMissingError):
        rename_silently(agency=agency)
    agency.refresh_from_db()
    assert agency.name != "Renamed without a trace"


@pytest.mark.django_db
def test_a_failing_service_leaves_no_audit_event(agency: Agency) -> None:
    @service
    def half_done(*, agency: Agency) -> None:
        audit_record(actor=None, verb="agency.updated", target=agency, changes={"name": [1, 2]})
        raise RuntimeError("the disk is full")

    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        half_done(agency=agency)
    assert AuditEvent.objects.count() == before
