"""The public headline page: the board's 903 figures, each through DfE's suppression, beside
England's, the region's and the statistical neighbours' published figures."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from analytics.indicators.catalogue import CATALOGUE
from pledge.comparators import services as comparator_services
from pledge.core.models import Authority, Person, Role
from pledge.reports.headline import EES_MEASURES, SECTIONS, headline_figures
from pledge.reports.tests.helpers import stored
from tests.shared import COMPARATORS

D = datetime.date
NORTHFIELDS = ["336", "333", "335", "861", "894", "332", "331", "354", "831", "371"]


def row_of(page: str, title: str) -> str:
    """The table row whose header is `title`, as HTML."""
    match = re.search(
        rf"<tr[^>]*>\s*<th scope=\"row\"[^>]*>{re.escape(title)}</th>(.*?)</tr>", page, re.S
    )
    assert match, f"no row for {title}"
    return match.group(1)


@pytest.mark.shared
def test_every_code_is_the_engines_and_every_measure_is_in_dfes_sample() -> None:
    codes = {indicator.code for indicator in CATALOGUE}
    assert {code for _title, section in SECTIONS for code in section} <= codes
    header = (COMPARATORS / "ees_cla_la_indicators_sample.csv").read_text().splitlines()[0]
    assert set(EES_MEASURES.values()) <= set(header.split(","))


def test_with_no_903_the_page_says_so(client: Client, authority: Authority) -> None:
    page = client.get(reverse("reports:headline")).content.decode()
    assert (
        "There are no figures yet: Northfield Council has not loaded its children looked " in page
    )
    assert "<table" not in page
    assert reverse("returns:loads") not in page  # the public are not sent to sign in


def test_with_no_903_an_analyst_is_shown_where_to_load_one(
    make_person: Callable[..., Person], client_for: Callable[[Person], Client], authority: Authority
) -> None:
    analyst = client_for(make_person(Role.PERFORMANCE_ANALYST))
    page = analyst.get(reverse("reports:headline")).content.decode()
    assert f'href="{reverse("returns:loads")}">Load the 903 return</a>' in page


def test_a_small_count_is_shown_as_c_with_its_reason(client: Client, authority: Authority) -> None:
    stored(
        authority,
        ("cla_count", D(2026, 3, 31), 612, None),
        ("cla_count", D(2025, 3, 31), 603, None),
        ("uasc_count", D(2026, 3, 31), 3, None),  # 3 children: too few to show
        ("placement_stability_3plus", D(2026, 3, 31), 4, 560),  # a share of 4 children
    )

    page = client.get(reverse("reports:headline")).content.decode().replace("\xa0", " ")

    cla = row_of(page, "Children looked after")
    assert "612" in cla
    assert "603" in cla  # a year before
    assert "at 31 Mar 2026" in cla
    uasc = row_of(page, "Unaccompanied asylum-seeking children looked after")
    assert ">3<" not in uasc
    assert re.search(
        r">\s*c <a class=\"govuk-link govuk-body-s\" href=\"#headline-note-(\d)\"", uasc
    )
    note = re.search(r'href="#headline-note-(\d)"', uasc)
    assert note
    notes = re.findall(r'<li id="headline-note-(\d)">([^<]*)</li>', page)
    assert (note.group(1), "A count of 1 to 5 children: suppressed (c)") in notes
    three = row_of(page, "Children looked after with 3 or more placements in the year")
    assert "c <a" in three
    assert "Built from a count of 1 to 5 children: suppressed (c)" in dict(notes).values()
    assert "1%" not in three  # 4 of 560 is never shown


@pytest.mark.shared
def test_ours_beside_england_the_region_and_the_neighbours(authority: Authority) -> None:
    comparator_services.comparators_import(
        actor=None,
        filename="ees_cla_la_indicators_sample.csv",
        data=(COMPARATORS / "ees_cla_la_indicators_sample.csv").read_bytes(),
    )
    comparator_services.authority_comparators_set(
        actor=None,
        authority=authority,
        old_la_code="999",
        region_code="E12000005",
        statistical_neighbours=NORTHFIELDS,
    )
    stored(authority, ("placement_stability_long_term", D(2025, 3, 31), 140, 200))

    headline = headline_figures(authority)
    spaced = str.maketrans("\xa0", " ")  # dates do not break across lines: non-breaking spaces

    stability = next(s for s in headline.sections if s.title == "Stability")
    row = next(r for r in stability.rows if r.code == "placement_stability_long_term")
    assert row.latest is not None
    assert (row.latest.shown, row.latest.when.translate(spaced)) == ("70%", "Apr 2024 to Mar 2025")
    assert row.year_before is None
    assert row.england is not None
    assert (row.england.shown, row.england.when.translate(spaced)) == ("69%", "at 31 Mar 2025")
    assert row.region is not None
    assert row.region.shown == "69%"
    # Wolverhampton 76, Sandwell 63, Walsall 69, Dudley 66: 68.5, rounded half up.
    assert row.neighbours is not None
    assert (row.neighbours.shown, row.neighbours.detail) == ("69%", "4 of 10 neighbours")
    assert headline.region_name == "West Midlands"
    uncompared = next(r for r in stability.rows if r.code == "placement_stability_3plus")
    assert uncompared.latest is None  # not in the load: no figure, not a zero


def test_the_public_can_find_the_page(client: Client, authority: Authority) -> None:
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("reports:headline")}"' in home


@pytest.mark.django_db
def test_the_page_is_not_found_before_the_board_is_set_up(client: Client) -> None:
    assert client.get(reverse("reports:headline")).status_code == 404
