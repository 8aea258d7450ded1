from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from pledge.core.models import Agency, AuditEvent, Person, Role
from pledge.offer.models import LocalOfferEntry
from pledge.offer.tests.helpers import make_entry, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(agency: Agency) -> dict[str, LocalOfferEntry]:
    return {
        "bursary": make_entry(
            agency,
            title="Higher education bursary",
            entitlement_type="statutory",
            areas=["education-and-training", "financial-stability"],
            minimum_age=18,
            maximum_age=24,
        ),
        "staying put": make_entry(
            agency, title="Staying Put", areas=["accommodation"], minimum_age=18, maximum_age=20
        ),
        "health": make_entry(
            agency,
            title="Your health history",
            areas=["health-and-wellbeing"],
            minimum_age=16,
            maximum_age=17,
        ),
        "draft": make_entry(agency, title="Secret draft", is_published=False),
    }


def titles_in(html: str, entries: dict[str, LocalOfferEntry]) -> set[str]:
    return {key for key, entry in entries.items() if entry.title in html}


def test_what_can_i_get_at_19_shows_every_entry_for_that_age_grouped_by_area(
    client: Client, directory: dict[str, LocalOfferEntry]
) -> None:
    html = client.get(reverse("offer:directory"), {"age": "19"}).content.decode()
    assert "<title>What you can get at 19" in html
    assert "2 things you can get at 19" in html
    assert titles_in(html, directory) == {"bursary", "staying put"}
    # Grouped by area in the guidance's order, an entry in two areas under both.
    order = [
        html.index(heading)
        for heading in ("Financial stability", "Accommodation", "Education and training")
    ]
    assert order == sorted(order)
    assert html.count("Higher education bursary") == 2


def test_search_area_and_type_filters_combine(
    client: Client, directory: dict[str, LocalOfferEntry]
) -> None:
    def found(**params: str) -> set[str]:
        return titles_in(client.get(reverse("offer:directory"), params).content.decode(), directory)

    assert found() == {"bursary", "staying put", "health"}
    assert found(q="bursary education") == {"bursary"}
    assert found(area="accommodation") == {"staying put"}
    assert found(type="statutory") == {"bursary"}
    assert found(type="discretionary", age="17") == {"health"}


@pytest.mark.parametrize("age", ["nineteen", "-1", "200", "19.5"])
def test_an_age_that_is_not_one_is_explained(client: Client, directory: object, age: str) -> None:
    response = client.get(reverse("offer:directory"), {"age": age})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert "Enter your age as a number, like 19" in html


def test_a_very_long_search_is_explained(client: Client, directory: object) -> None:
    html = client.get(reverse("offer:directory"), {"q": "x" * 5000}).content.decode()
    assert "Search for 200 characters or fewer" in html


def test_an_entry_page_says_how_to_get_it_and_drafts_stay_private(
    client: Client, directory: dict[str, LocalOfferEntry]
) -> None:
    bursary = directory["bursary"]
    html = client.get(reverse("offer:entry", kwargs={"uuid": bursary.uuid})).content.decode()
    assert "Statutory entitlement" in html
    assert "18 to 24" in html
    draft = directory["draft"]
    assert client.get(reverse("offer:entry", kwargs={"uuid": draft.uuid})).status_code == 404


def test_the_printable_version_explains_a_bad_age(client: Client, directory: object) -> None:
    html = client.get(reverse("offer:print"), {"age": "old"}).content.decode()
    assert "<title>Error:" in html
    assert "Enter your age as a number, like 19" in html
    assert 'href="/local-offer/?age=old#id_age"' in html  # to the field, on the search page


def test_the_printable_version_holds_every_entry_in_full(
    client: Client, directory: dict[str, LocalOfferEntry]
) -> None:
    html = client.get(reverse("offer:print"), {"age": "19"}).content.decode()
    assert titles_in(html, directory) == {"bursary", "staying put"}
    assert "Who provides it" in html


def test_an_officer_adds_an_entry_through_the_form(
    agency: Agency, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    response = client_for(officer).post(
        reverse("offer:entry-create"),
        {
            "title": "Free prescriptions",
            "description": "You do not pay for prescriptions.",
            "entitlement_type": term("discretionary").pk,
            "areas": [term("health-and-wellbeing").pk],
            "minimum_age": "18",
            "maximum_age": "24",
            "you_pay": "0",
            "agency": agency.pk,
            "review_by": "1/6/2027",
            "how_to_get_it": "Show your care leaver card at the pharmacy.",
            "is_published": "on",
        },
    )
    entry = LocalOfferEntry.objects.get(title="Free prescriptions")
    assert response.status_code == 302
    assert response["Location"] == reverse("offer:entry-detail", kwargs={"pk": entry.pk})
    assert entry.review_by == datetime.date(2027, 6, 1)
    assert AuditEvent.objects.filter(verb="offer_entry.created", actor=officer).exists()


def test_ages_the_wrong_way_round_are_explained_and_nothing_saved(
    agency: Agency, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    html = (
        client_for(officer)
        .post(
            reverse("offer:entry-create"),
            {"title": "X", "minimum_age": "24", "maximum_age": "18", "amount": "lots"},
        )
        .content.decode()
    )
    assert "Oldest age must be the same as or more than youngest age" in html
    assert "Value in pounds must be an amount in pounds, like 2000 or 57.50" in html
    assert 'value="X"' in html  # what they typed is kept
    assert not LocalOfferEntry.objects.exists()


def test_entries_past_their_review_date_are_listed_for_checking(
    agency: Agency, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    make_entry(agency, title="Overdue entry", review_by=datetime.date(2020, 1, 1))
    make_entry(agency, title="Fine entry")
    client = client_for(officer)
    html = client.get(reverse("offer:manage")).content.decode()
    due = html.split("Due for checking")[1].split("All entries")[0]
    assert "Overdue entry" in due
    assert "Fine entry" not in due
    assert "Check overdue" in html


def test_marking_an_entry_as_checked(
    agency: Agency, officer: Person, client_for: Callable[[Person], Client]
) -> None:
    entry = make_entry(agency, review_by=datetime.date(2020, 1, 1))
    response = client_for(officer).post(
        reverse("offer:entry-check", kwargs={"pk": entry.pk}), {"review_by": "1/1/2099"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.last_checked_by == officer
    assert entry.review_by == datetime.date(2099, 1, 1)


def test_a_board_member_reads_but_cannot_change(
    agency: Agency, make_person: Callable[..., Person], client_for: Callable[[Person], Client]
) -> None:
    entry = make_entry(agency)
    member = client_for(make_person(Role.BOARD_MEMBER))
    html = member.get(reverse("offer:entry-detail", kwargs={"pk": entry.pk})).content.decode()
    assert entry.title in html
    assert "Mark as checked" not in html
    assert member.post(reverse("offer:entry-check", kwargs={"pk": entry.pk})).status_code == 403
