"""A 903 load's life: its files are deleted whatever happens to it. A load whose task falls
silent (a killed worker) fails; one nobody decides on expires; a folder no load holds goes; a
load moves only along the allowed moves, and a fault mid-load leaves it failed, not hanging."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from analytics.synthetic import generate
from pledge.core.errors import UserError
from pledge.core.models import AuditEvent, Authority, Person, Role
from pledge.returns import services as load_services
from pledge.returns.files import files_expire_at, files_of, work_folder
from pledge.returns.models import ReturnLoad
from pledge.returns.services import HOLDING, MOVES, return_confirm, return_discard, returns_tidy

pytestmark = pytest.mark.django_db
State = ReturnLoad.State


def _load(authority: Authority, state: str, **fields: object) -> ReturnLoad:
    load = ReturnLoad.objects.create(
        authority=authority, started_at=timezone.now(), heartbeat_at=timezone.now(), state=state
    )
    ReturnLoad.objects.filter(pk=load.pk).update(**fields)
    files_of(load).mkdir(parents=True)
    (files_of(load) / "header.csv").write_text("CHILD,SEX,DOB\n")
    load.refresh_from_db()
    return load


def test_a_load_whose_task_fell_silent_fails_and_its_files_go(authority: Authority) -> None:
    now = timezone.now()
    silent = _load(authority, State.COMPUTING, heartbeat_at=now - datetime.timedelta(minutes=31))
    working = _load(authority, State.CHECKING, heartbeat_at=now - datetime.timedelta(minutes=5))
    done = returns_tidy(now=now)
    assert done == {"failed": 1, "expired": 0, "folders": 0}
    silent.refresh_from_db()
    assert silent.state == State.FAILED
    assert "interrupted" in silent.failure
    assert not work_folder(silent).exists()
    assert work_folder(working).exists()
    assert AuditEvent.objects.filter(verb="return.failed").count() == 1


def test_a_checked_load_nobody_decides_on_expires_after_the_boards_hours(
    authority: Authority,
) -> None:
    authority.return_files_kept_hours = 2
    authority.save()
    now = timezone.now()
    old = _load(authority, State.CHECKED, started_at=now - datetime.timedelta(hours=2, minutes=1))
    fresh = _load(authority, State.CHECKED, started_at=now - datetime.timedelta(hours=1))
    assert returns_tidy(now=now)["expired"] == 1
    old.refresh_from_db()
    assert old.state == State.EXPIRED
    assert not work_folder(old).exists()
    assert work_folder(fresh).exists()
    assert files_expire_at(fresh) == fresh.started_at + datetime.timedelta(hours=2)


def test_folders_no_load_is_holding_are_deleted_once_nobody_is_writing_them(
    authority: Authority,
) -> None:
    held = _load(authority, State.CHECKED)
    settled = _load(authority, State.CHECKED)
    ReturnLoad.objects.filter(pk=settled.pk).update(state=State.STORED)  # files left behind
    stray = Path(settings.RETURNS_WORK_DIR) / "incoming-0123"  # a process stopped mid-upload
    arriving = Path(settings.RETURNS_WORK_DIR) / "incoming-4567"  # an upload arriving now
    stray.mkdir()
    arriving.mkdir()
    long_ago = (timezone.now() - datetime.timedelta(hours=1)).timestamp()
    for folder in (work_folder(held), work_folder(settled), stray):
        os.utime(folder, (long_ago, long_ago))
    assert returns_tidy(now=timezone.now())["folders"] == 2
    assert work_folder(held).exists()
    assert not work_folder(settled).exists()
    assert not stray.exists()
    assert arriving.exists()


def test_a_load_moves_only_along_the_allowed_moves(
    authority: Authority, make_person: Callable[..., Person]
) -> None:
    analyst = make_person(Role.PERFORMANCE_ANALYST)
    stored = _load(authority, State.STORED)
    with pytest.raises(UserError, match="cannot be stored now"):
        return_confirm(actor=analyst, load=stored)
    with pytest.raises(UserError, match="cannot be discarded now"):
        return_discard(actor=analyst, load=stored)
    checked = _load(authority, State.CHECKED)
    return_confirm(actor=analyst, load=checked)
    with pytest.raises(UserError, match="cannot be stored now"):  # a second press
        return_confirm(actor=analyst, load=checked)
    assert set(MOVES) == HOLDING
    assert all(State.FAILED in moves or State.EXPIRED in moves for moves in MOVES.values())


def test_a_scheduled_load_that_breaks_is_failed_not_left_checking(
    authority: Authority, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder,) = generate(tmp_path, children=20, years=1, last_year=2025)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("E0600000100001,1,01/02/2010")  # as a parser's error quotes a row

    monkeypatch.setattr(load_services, "indicators_for_paths", broken)
    with pytest.raises(CommandError) as caught:
        call_command("return_903_load", str(folder), "--authority", authority.code)
    assert "01/02/2010" not in str(caught.value)
    assert "RuntimeError in pledge/returns/tests/test_return_life_cycle.py" in str(caught.value)
    load = ReturnLoad.objects.get()
    assert load.state == State.FAILED
    assert "01/02/2010" not in str(AuditEvent.objects.values_list("reason", flat=True))
