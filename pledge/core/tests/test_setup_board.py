"""Setting up a board from the command line (`manage.py setup_board`): all or nothing."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from pledge.core.models import Authority


def test_setup_board_saves_nothing_when_the_invitation_fails(db: None) -> None:
    arguments = [
        "--authority",
        "Eastshire County Council",
        "--code",
        "E10000099",
        "--board",
        "Eastshire Board",
        "--admin-name",
        "A",
        "--site-url",
        "https://x",
    ]
    with pytest.raises(CommandError):
        call_command("setup_board", *arguments, "--admin-email", "not-an-email")
    assert not Authority.objects.exists()
    call_command("setup_board", *arguments, "--admin-email", "a@example.org")
    assert Authority.objects.count() == 1
