"""Making, reading, publishing and downloading a board pack through its pages, the public board
papers page, `manage.py board_pack`, and a pack whose making fell silent."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pledge.core.audit import history_for
from pledge.core.models import Authority, Person, Role
from pledge.reports.making import pack_make
from pledge.reports.models import BoardPack, PackPeriod, PackState, Period
from pledge.reports.services import pack_request, packs_tidy
from pledge.reports.tests.helpers import stored

D = datetime.date


@pytest.fixture
def figures(authority: Authority) -> None:
    stored(
        authority,
        ("cla_count", D(2026, 3, 31), 301, None),
        ("cla_gender_mix:male", D(2026, 3, 31), 298, 301),
        ("cla_gender_mix:female", D(2026, 3, 31), 3, 301),
    )


def make(client: Client, end: str = "31/3/2026") -> BoardPack:
    response = client.post(reverse("reports:packs"), {"period": "quarter", "period_end": end})
    assert response.status_code == 302, response.content.decode()
    return BoardPack.objects.get()


@pytest.mark.django_db(transaction=True)
def test_an_officer_makes_reads_and_publishes_a_pack_and_the_public_sees_it_suppressed(
    figures: None,
    make_person: Callable[..., Person],
    client_for: Callable[[Person], Client],
) -> None:
    officer = client_for(make_person(Role.BOARD_OFFICER))
    pack = make(officer)  # made at once: the embedded default runs tasks inline
    assert pack.state == PackState.READY
    page = officer.get(reverse("reports:pack", kwargs={"pk": pack.pk})).content.decode()
    assert "Board pack: Quarter to 31 March 2026" in page
    assert ">3<" in page  # the board's own version shows every figure
    download = officer.get(
        reverse("reports:pack-file", kwargs={"pk": pack.pk, "audience": "board", "kind": "pdf"})
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]

    public = Client()
    public_page = reverse("papers:pack", kwargs={"pk": pack.pk})
    assert public.get(public_page).status_code == 404  # not yet published
    assert "No board pack is published yet" in public.get(reverse("papers:list")).content.decode()

    response = officer.post(
        reverse("reports:pack-publish", kwargs={"pk": pack.pk}), {"published": "True"}
    )
    assert response.status_code == 302
    listed = public.get(reverse("papers:list")).content.decode()
    assert public_page in listed
    shown = public.get(public_page).content.decode()
    assert "Board pack: Quarter to 31 March 2026" in shown
    assert ">3<" not in shown  # three girls: suppressed for the public
    docx = public.get(reverse("papers:pack-file", kwargs={"pk": pack.pk, "kind": "docx"}))
    assert docx["Content-Disposition"].endswith('-public.docx"')

    officer.post(reverse("reports:pack-publish", kwargs={"pk": pack.pk}), {})
    assert public.get(public_page).status_code == 404  # taken back
    unknown = {"pk": pack.pk, "audience": "everyone", "kind": "pdf"}
    assert officer.get(reverse("reports:pack-file", kwargs=unknown)).status_code == 404

    made = pack_make(pack)  # a second worker, or the task run twice: made once only
    assert made.state == PackState.READY
    assert [e.verb for e in history_for(pack)].count("pack.made") == 1


def test_a_period_with_nothing_in_it_is_explained_on_the_form(
    figures: None, make_person: Callable[..., Person], client_for: Callable[[Person], Client]
) -> None:
    officer = client_for(make_person(Role.BOARD_OFFICER))
    response = officer.post(reverse("reports:packs"), {"period": "year", "period_end": "31/3/2019"})
    assert "Nothing is dated in the year to 31 March 2019" in response.content.decode()
    response = officer.post(reverse("reports:packs"), {"period": "year", "period_end": "30/3/2026"})
    assert "did you mean 31/3/2026?" in response.content.decode()
    assert not BoardPack.objects.exists()


def test_a_board_member_reads_packs_but_cannot_make_or_publish_one(
    figures: None, make_person: Callable[..., Person], client_for: Callable[[Person], Client]
) -> None:
    member = client_for(make_person(Role.BOARD_MEMBER))
    page = member.get(reverse("reports:packs")).content.decode()
    assert "Make the pack" not in page
    member.post(reverse("reports:packs"), {"period": "quarter", "period_end": "31/3/2026"})
    assert not BoardPack.objects.exists()


def test_a_pack_whose_making_fell_silent_is_given_up(figures: None, authority: Authority) -> None:
    pack = pack_request(
        actor=None, authority=authority, period=Period.ending(PackPeriod.QUARTER, D(2026, 3, 31))
    )
    assert packs_tidy(now=timezone.now()) == {"failed": 0}
    assert packs_tidy(now=timezone.now() + datetime.timedelta(hours=1)) == {"failed": 1}
    pack.refresh_from_db()
    assert pack.state == PackState.FAILED
    assert "interrupted" in pack.failure


def test_the_command_writes_the_pack_and_refuses_an_empty_period(
    figures: None, tmp_path: Path
) -> None:
    out = tmp_path / "pack.html"
    call_command("board_pack", "--period-end", "2026-03-31", "--format", "html", "--out", str(out))
    assert "Board pack: Quarter to 31 March 2026" in out.read_text()
    with pytest.raises(CommandError, match="Nothing is dated in the quarter to 31 March 2019"):
        call_command(
            "board_pack", "--period-end", "2019-03-31", "--format", "pdf", "--out", str(out)
        )
    with pytest.raises(CommandError, match="not the last day of a month: did you mean 2026-03-31"):
        call_command(
            "board_pack", "--period-end", "2026-03-30", "--format", "pdf", "--out", str(out)
        )
