"""The Local Offer's search finds what young people type: word forms, misspellings, everyday
words, best first; and a page that says what to do at every age."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from pledge.core.spelling import is_misspelling
from pledge.demo import load_demo
from pledge.offer.search import words_of
from pledge.offer.selectors import directory_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    load_demo(log=lambda _: None, scorecard=False, plan=False)


def titles(search: str, age: int | None = None) -> list[str]:
    return [entry.title for entry in directory_entries(search=search, age=age)]


def test_word_forms_are_one_word() -> None:
    assert words_of("Bursaries and grants") == words_of("bursary grant")


@pytest.mark.parametrize(
    ("typed", "known", "close"),
    [
        ("burseri", "bursari", True),  # bursery: one letter wrong
        ("allwoanc", "allowanc", True),  # two letters swapped and one dropped, in a long word
        ("rent", "tent", False),  # short words must be spelt right
        ("money", "honey", True),
        ("apprentic", "prescript", False),
    ],
)
def test_a_misspelling_is_within_a_letter_or_two(typed: str, known: str, close: bool) -> None:
    assert is_misspelling(typed, known) is close


def test_a_misspelt_word_finds_what_it_meant(demo: None) -> None:
    found = titles("bursery")
    assert found[:3] == ["16 to 19 bursary", "Apprenticeship bursary", "Higher education bursary"]


def test_an_everyday_word_finds_the_words_services_use(demo: None) -> None:
    money = titles("money", age=19)
    assert {"Higher education bursary", "Apprenticeship bursary", "Setting up home allowance"} <= (
        set(money)
    )
    flat = titles("flat")
    assert {"Priority on the housing register", "Rent deposit and first month's rent"} <= set(flat)
    assert "Free bus travel" not in flat


def test_a_services_own_word_finds_only_itself(demo: None) -> None:
    """ "money" widens to bursaries; "bursary", and its misspelling, do not widen to all money."""
    bursaries = ["Apprenticeship bursary", "Higher education bursary"]
    assert titles("bursary", age=19) == bursaries
    assert titles("bursery", age=19) == bursaries


def test_a_word_inside_another_is_not_a_match(demo: None) -> None:
    # "rent" is in "apprenticeship", but it is not the word.
    assert "Apprenticeship bursary" not in titles("rent")
    assert titles("rent")[0] == "Rent deposit and first month's rent"  # its title first


def test_entries_with_every_word_come_before_those_with_some(demo: None) -> None:
    found = titles("money for college")
    assert found[0] == "Help with college from the Virtual School"
    assert "Free prescriptions" not in found


def test_the_page_signposts_at_25_and_says_one_thing_for_a_bad_age(
    client: Client, demo: None
) -> None:
    at_25 = client.get(reverse("offer:directory"), {"age": "25"}).content.decode()
    assert "From 25, a personal adviser's support usually ends" in at_25
    assert "ask your personal adviser" not in at_25.lower()
    bad = client.get(reverse("offer:directory"), {"age": "200"}).content.decode()
    assert "Enter your age as a number, like 19" in bad
    assert 'id="results"' not in bad  # no empty list under the error
    form = client.get(reverse("offer:directory")).content.decode()
    assert 'action="/local-offer/#results"' in form  # a search opens at its results
