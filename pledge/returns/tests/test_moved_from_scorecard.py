"""The 903 loads and DfE's comparators moved out of the scorecard app with their rows: a board
that had loaded returns and comparators before the move finds every row, audit event and target
where it was after `migrate` (ADR 0017)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from pledge.comparators.models import ComparatorImport, ComparatorValue
from pledge.core.audit import history_for
from pledge.core.models import AuditEvent, Authority
from pledge.returns.models import IndicatorValue, ReturnLoad
from pledge.scorecard.models import KpiTarget

BEFORE = [
    ("scorecard", "0005_kpi_version"),
    ("returns", None),
    ("comparators", None),
]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def _latest() -> list[tuple[str, str | None]]:
    """Every app's last migration: going back to BEFORE also undid the apps that depend on the
    scorecard (meetings), and the tests after this one need them."""
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_row_audit_event_and_target() -> None:
    authority = Authority.objects.create(name="Northfield", code="E09999999")
    now = timezone.now()
    old = _migrate(BEFORE).loader.project_state(("scorecard", "0005_kpi_version")).apps
    load = old.get_model("scorecard", "ReturnLoad").objects.create(
        authority_id=authority.pk, started_at=now, state="stored", values_stored=1
    )
    old.get_model("scorecard", "IndicatorValue").objects.create(
        load=load,
        code="cla_rate",
        la=authority.code,
        as_at=datetime.date(2025, 3, 31),
        period_start=datetime.date(2024, 4, 1),
        period_end=datetime.date(2025, 3, 31),
        value=Decimal("70.5"),
        status="ok",
    )
    source = old.get_model("scorecard", "ComparatorImport").objects.create(
        filename="cla_2025.csv", imported_at=now, values=1
    )
    old.get_model("scorecard", "ComparatorValue").objects.create(
        measure="rate",
        geography_level="national",
        area_code="E92000001",
        area_name="England",
        period="2025",
        value=Decimal("70"),
        source=source,
    )
    kpi = old.get_model("scorecard", "Kpi").objects.create(
        authority_id=authority.pk, name="Care leavers in EET", unit="percentage"
    )
    old.get_model("scorecard", "KpiTarget").objects.create(
        kpi=kpi,
        applies_from=datetime.date(2025, 4, 1),
        words="60%",
        rule={"words": "60%", "kind": "between", "low": "60", "high": "60", "unit": "percent"},
        set_at=now,
    )
    old_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="scorecard", model="returnload"
    )[0]
    old.get_model("core", "AuditEvent").objects.create(
        actor_label="Pledge",
        verb="return.stored",
        target_type_id=old_type.pk,
        target_id=str(load.pk),
        target_label="903 return",
    )

    _migrate(_latest())
    ContentType.objects.clear_cache()

    moved = ReturnLoad.objects.get(pk=load.pk)
    assert (moved.authority, moved.state) == (authority, "stored")
    assert IndicatorValue.objects.get(load=moved).value == Decimal("70.5")
    assert ComparatorValue.objects.get().source == ComparatorImport.objects.get(pk=source.pk)
    assert [event.verb for event in history_for(moved)] == ["return.stored"]
    assert not AuditEvent.objects.filter(target_type__app_label="scorecard").exists()
    assert KpiTarget.objects.get().rule["unit"] == "percentage"  # a target's unit is a KPI unit


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone() -> None:
    _migrate(BEFORE)
    tables = connection.introspection.table_names()
    assert "scorecard_returnload" in tables
    assert "returns_returnload" not in tables
    _migrate(_latest())
    tables = connection.introspection.table_names()
    assert {"returns_returnload", "meetings_meeting"} <= set(tables)  # everything is back
