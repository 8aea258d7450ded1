"""The Open Referral UK API, checked against the standard's own files (tests/oruk.py)."""

from __future__ import annotations

import itertools
import json
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledge.core import services as core_services
from pledge.core.models import Agency, Person
from pledge.core.tests.factories import AgencyFactory
from pledge.offer import services
from pledge.offer.models import LocalOfferEntry, Taxonomy, TaxonomyTerm
from pledge.offer.tests.helpers import area_terms, make_entry, make_place
from pledge.offer.tests.oruk import profile_paths, schema_errors

pytestmark = pytest.mark.django_db

API = "/api/oruk"
LISTS = ["/services", "/taxonomies", "/taxonomy_terms", "/service_at_locations"]
PAGE_FIELDS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}
WORDS = ["bursary", "housing", "forum"]
MINIMUMS = [None, 16, 17, 18, 21]
MAXIMUMS = [None, 18, 20, 21, 24]


@pytest.fixture
def offer(agency: Agency, officer: Person) -> list[LocalOfferEntry]:
    """23 published entries with every mix of ages, areas, types and words; a draft and an
    archived entry that must never appear; some entries at a place."""
    second = AgencyFactory.create(authority=agency.authority, name="Northfield College")
    place = make_place(agency.authority, officer)
    areas = [t.slug for t in area_terms()]
    entries = []
    for i in range(23):
        low = MINIMUMS[i % 5]
        high = MAXIMUMS[(i * 3) % 5]
        if low is not None and high is not None and low > high:
            low, high = high, low
        entries.append(
            make_entry(
                second if i % 4 == 0 else agency,
                officer,
                title=f"Entry {i:02d} {WORDS[i % 3]}",
                description=f"You can get help number {i}.",
                entitlement_type="statutory" if i % 3 == 0 else "discretionary",
                areas=sorted({areas[i % 7], areas[(i * 2) % 7]}),
                minimum_age=low,
                maximum_age=high,
                funder="Northfield Council" if i % 2 else "",
                contact_name="Sam Okafor" if i % 5 == 0 else "",
                amount=Decimal(2000) if i % 6 == 0 else None,
                locations=[place] if i % 3 == 1 else [],
            )
        )
    make_entry(agency, officer, title="Draft bursary", is_published=False)
    archived = make_entry(agency, officer, title="Archived bursary")
    services.entry_archive(actor=officer, entry=archived)
    return entries


def get(client: Client, path: str, **params: Any) -> Any:
    response = client.get(API + path, params)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"
    return response


def body(client: Client, path: str, **params: Any) -> Any:
    response = get(client, path, **params)
    assert response.status_code == 200, response.content
    return response.json()


def assert_no_empty_values(value: Any, where: str = "") -> None:
    """The profile wants optional fields with no value left out: never null, "" or []."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert item not in (None, "", []), f"{where}/{key} is {item!r}"
            assert_no_empty_values(item, f"{where}/{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            assert_no_empty_values(item, f"{where}/{n}")


def all_pages(client: Client, path: str, per_page: int, **params: Any) -> list[dict[str, Any]]:
    """Every record of a list, page by page, checking the paging fields on each page."""
    first = body(client, path, per_page=per_page, **params)
    total, pages = first["total_items"], first["total_pages"]
    assert pages == -(-total // per_page)
    records = []
    for number in range(1, pages + 2):  # one past the last: empty, not an error
        page = body(client, path, page=number, per_page=per_page, **params)
        assert set(page) == PAGE_FIELDS
        expected_size = max(0, min(per_page, total - (number - 1) * per_page))
        assert page["total_items"] == total
        assert page["total_pages"] == pages
        assert page["page_number"] == number
        assert page["size"] == len(page["contents"]) == expected_size
        assert page["first_page"] is (number == 1)
        assert page["last_page"] is (number >= pages)
        assert page["empty"] is (expected_size == 0)
        records += page["contents"]
    return records


# The standard's schemas --------------------------------------------------------------------------


@pytest.mark.shared
def test_every_endpoint_answers_in_the_uk_profiles_schemas(
    client: Client, offer: list[LocalOfferEntry]
) -> None:
    checked = {"/": body(client, "/")}
    for path in LISTS:
        checked[path] = body(client, path, per_page=1000)
    some_id = {
        "/services/{id}": checked["/services"]["contents"][0]["id"],
        "/taxonomies/{id}": checked["/taxonomies"]["contents"][0]["id"],
        "/taxonomy_terms/{id}": checked["/taxonomy_terms"]["contents"][0]["id"],
        "/service_at_locations/{id}": checked["/service_at_locations"]["contents"][0]["id"],
    }
    for path, id in some_id.items():
        checked[path] = body(client, path.replace("{id}", id))
    assert set(checked) == set(profile_paths())
    for path, response in checked.items():
        assert schema_errors(path, response) == [], path
        assert_no_empty_values(response, path)


@pytest.mark.shared
def test_every_service_in_full_matches_the_service_schema(
    client: Client, offer: list[LocalOfferEntry]
) -> None:
    for entry in offer:
        service = body(client, f"/services/{entry.uuid}")
        assert schema_errors("/services/{id}", service) == [], entry.title
        assert_no_empty_values(service)


def test_a_full_service_nests_what_belongs_to_it(
    client: Client, offer: list[LocalOfferEntry]
) -> None:
    entry = offer[6]  # at no place; a funder; a contact; a £2,000 grant; statutory
    service = body(client, f"/services/{entry.uuid}")
    assert service["organization"]["id"] == service["organization_id"] == str(entry.agency.uuid)
    kinds = [a["taxonomy_term"]["taxonomy"] for a in service["attributes"]]
    assert kinds.count("Local Offer entitlement type") == 1
    assert kinds.count("Care leavers' Local Offer areas") >= 1
    assert all(a["link_id"] == str(entry.uuid) for a in service["attributes"])
    assert service["cost_options"] == [
        {
            "id": service["cost_options"][0]["id"],
            "service_id": str(entry.uuid),
            "option": "Free",
            "amount": 0,
            "amount_description": "You pay nothing",
        }
    ]
    assert "£2,000 (two thousand pounds)" in service["description"]
    assert service["service_areas"][0]["uri"].endswith(entry.authority.code)
    assert "service_at_locations" not in service
    at_place = body(client, f"/services/{offer[1].uuid}")
    (link,) = at_place["service_at_locations"]
    assert link["location"]["addresses"][0]["postal_code"] == "NF1 2AB"


def test_ids_are_stable_between_requests_and_restarts(
    client: Client, offer: list[LocalOfferEntry]
) -> None:
    first = body(client, f"/services/{offer[0].uuid}")
    again = body(client, f"/services/{offer[0].uuid}")
    assert first == again
    assert first["id"] == str(LocalOfferEntry.objects.get(pk=offer[0].pk).uuid)
    taxonomy_ids = {t["id"] for t in body(client, "/taxonomies")["contents"]}
    assert taxonomy_ids == {
        "413640a1-986f-4187-bddb-0d384a6a4baf",
        "b5595196-cded-442b-83cc-de3cbe6845c0",
    }


def test_a_change_anywhere_is_served_at_once_not_a_cached_answer(
    client: Client, offer: list[LocalOfferEntry], officer: Person
) -> None:
    entry = offer[0]
    assert body(client, f"/services/{entry.uuid}")["organization"]["name"] == "Northfield College"
    assert body(client, f"/services/{entry.uuid}") == body(client, f"/services/{entry.uuid}")
    core_services.agency_update(
        actor=officer,
        agency=entry.agency,
        name="Northfield Sixth Form College",
        kind="college",
        short_name="",
    )
    renamed = body(client, f"/services/{entry.uuid}")
    assert renamed["organization"]["name"] == "Northfield Sixth Form College"
    services.entry_archive(actor=officer, entry=entry)
    assert get(client, f"/services/{entry.uuid}").status_code == 404
    assert str(entry.uuid) not in {
        s["id"] for s in body(client, "/services", per_page=1000)["contents"]
    }


@pytest.mark.shared
def test_the_root_names_the_profile_and_serves_the_openapi_file(client: Client) -> None:
    root = body(client, "/")
    assert root["version"] == "HSDS-UK-3.0"
    assert root["openapi_url"] == "http://testserver/api/oruk/openapi.json"
    openapi = json.loads(get(client, "/openapi.json").content)
    assert openapi["servers"] == [{"url": "http://testserver/api/oruk/"}]
    assert set(openapi["paths"]) == set(profile_paths())


def test_the_two_taxonomies_are_served_with_their_terms(client: Client) -> None:
    terms = body(client, "/taxonomy_terms", per_page=100)["contents"]
    assert len(terms) == 9
    areas = body(client, "/taxonomies/413640a1-986f-4187-bddb-0d384a6a4baf")
    assert [t["name"] for t in areas["taxonomy_terms"]] == [t.name for t in area_terms()]
    one = body(client, f"/taxonomy_terms/{areas['taxonomy_terms'][0]['id']}")
    assert one["taxonomy_id"] == areas["id"]
    assert one["term_uri"] == f"http://testserver/api/oruk/taxonomy_terms/{one['id']}"


# Paging ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("per_page", [1, 2, 5, 7, 23, 50, 1000])
@pytest.mark.parametrize("path", LISTS)
def test_paging_through_a_list_gives_every_record_once(
    client: Client, offer: list[LocalOfferEntry], path: str, per_page: int
) -> None:
    everything = body(client, path, per_page=1000)["contents"]
    paged = all_pages(client, path, per_page)
    assert [r["id"] for r in paged] == [r["id"] for r in everything]
    assert len({r["id"] for r in paged}) == len(paged)


def test_the_lists_hold_what_is_published_and_nothing_else(
    client: Client, offer: list[LocalOfferEntry]
) -> None:
    services_ = body(client, "/services", per_page=1000)["contents"]
    assert {s["id"] for s in services_} == {str(e.uuid) for e in offer}
    links = body(client, "/service_at_locations", per_page=1000)["contents"]
    assert len(links) == len([i for i in range(23) if i % 3 == 1])
    assert body(client, "/taxonomies")["total_items"] == Taxonomy.objects.count() == 2
    draft = LocalOfferEntry.objects.get(title="Draft bursary")
    assert get(client, f"/services/{draft.uuid}").status_code == 404


def test_paging_holds_when_a_filter_narrows_the_list(
    client: Client, offer: list[LocalOfferEntry]
) -> None:
    expected = [e for e in offer if "bursary" in e.title]
    for per_page in (1, 3, 100):
        records = all_pages(client, "/services", per_page, search="bursary")
        assert sorted(r["id"] for r in records) == sorted(str(e.uuid) for e in expected)


def test_an_empty_list_is_one_consistent_empty_page(client: Client, offer: object) -> None:
    page = body(client, "/services", search="nothing-matches-this")
    assert page == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


# Filters ------------------------------------------------------------------------------------------


def expected_services(entries: list[LocalOfferEntry], **params: Any) -> set[str]:
    """The profile's meaning of each filter, in plain Python over the entries."""
    kept = []
    for entry in entries:
        terms = list(entry.terms.select_related("taxonomy"))
        text = f"{entry.title} {entry.description} {entry.agency.name}".lower()
        low, high = params.get("minimum_age"), params.get("maximum_age")
        if (
            all(word in text for word in params.get("search", "").lower().split())
            and (
                "taxonomy_term_id" not in params
                or params["taxonomy_term_id"] in {str(t.uuid) for t in terms}
            )
            and (
                "taxonomy_id" not in params
                or params["taxonomy_id"] in {str(t.taxonomy.uuid) for t in terms}
            )
            and (low is None or (entry.minimum_age or 0) >= low)
            and (high is None or (entry.maximum_age is not None and entry.maximum_age <= high))
        ):
            kept.append(str(entry.uuid))
    return set(kept)


def filter_values() -> dict[str, list[Any]]:
    accommodation = TaxonomyTerm.objects.get(slug="accommodation")
    statutory = TaxonomyTerm.objects.get(slug="statutory")
    return {
        "search": [None, "bursary", "ENTRY 1", "help number 2", "college"],
        "taxonomy_term_id": [None, str(accommodation.uuid), str(statutory.uuid)],
        "taxonomy_id": [None, str(accommodation.taxonomy.uuid), str(statutory.taxonomy.uuid)],
        "minimum_age": [None, 0, 17, 18.5],
        "maximum_age": [None, 20, 24],
    }


def test_every_filter_and_every_combination_of_filters(
    client: Client, offer: list[LocalOfferEntry]
) -> None:
    values = filter_values()
    combinations = 0
    for chosen in itertools.product(*values.values()):
        params = {k: v for k, v in zip(values, chosen, strict=True) if v is not None}
        found = body(client, "/services", per_page=1000, **params)
        assert {s["id"] for s in found["contents"]} == expected_services(offer, **params), params
        assert found["total_items"] == len(found["contents"])
        combinations += 1
    assert combinations == 5 * 3 * 3 * 4 * 3


def test_filters_narrow_service_at_locations_too(
    client: Client, offer: list[LocalOfferEntry]
) -> None:
    links = body(client, "/service_at_locations", per_page=1000, minimum_age=18)["contents"]
    at_place = {str(e.uuid) for i, e in enumerate(offer) if i % 3 == 1}
    assert {link["service_id"] for link in links} == expected_services(
        offer, minimum_age=18
    ) & at_place


def test_ages_have_the_profiles_meaning(client: Client, agency: Agency) -> None:
    make_entry(agency, title="Sixteen to twenty-four", minimum_age=16, maximum_age=24)
    make_entry(agency, title="Any age", minimum_age=None, maximum_age=None)
    make_entry(agency, title="Up to twenty", minimum_age=None, maximum_age=20)

    def names(**params: Any) -> set[str]:
        return {s["name"] for s in body(client, "/services", **params)["contents"]}

    assert names(minimum_age=16) == {"Sixteen to twenty-four"}
    assert names(minimum_age=0) == {"Sixteen to twenty-four", "Any age", "Up to twenty"}
    assert names(maximum_age=24) == {"Sixteen to twenty-four", "Up to twenty"}
    assert names(maximum_age=20) == {"Up to twenty"}
    assert names(minimum_age=16, maximum_age=20) == set()


# Bad requests ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"minimum_age": "-1"}, "minimum_age must be an age"),
        ({"maximum_age": "old"}, "maximum_age must be an age"),
        ({"minimum_age": "NaN"}, "minimum_age must be an age"),
        ({"maximum_age": "Infinity"}, "maximum_age must be an age"),
        ({"minimum_age": "1e400"}, "minimum_age must be an age"),
        ({"page": "0"}, "page must be a whole number"),
        ({"page": "-1"}, "page must be a whole number"),
        ({"page": "two"}, "page must be a whole number"),
        ({"page": "1.5"}, "page must be a whole number"),
        ({"page": "9" * 40}, "page must be a whole number"),
        ({"per_page": "0"}, "per_page must be a whole number from 1 to 1000"),
        ({"per_page": "10000"}, "per_page must be a whole number from 1 to 1000"),
        ({"search": "x" * 201}, "search must be 200 characters or fewer"),
        ({"search": "bus\x00pass"}, "without the NUL character"),
        ({"taxonomy_term_id": "accommodation"}, "taxonomy_term_id must be an id"),
        ({"taxonomy_id": "1"}, "taxonomy_id must be an id"),
    ],
)
@pytest.mark.parametrize("path", ["/services", "/service_at_locations"])
def test_a_bad_parameter_is_a_400_saying_what_to_send(
    client: Client, offer: object, path: str, params: dict[str, str], message: str
) -> None:
    response = get(client, path, **params)
    assert response.status_code == 400
    assert message in response.json()["error"]


@pytest.mark.parametrize("path", ["/taxonomies", "/taxonomy_terms"])
def test_paging_parameters_are_checked_on_every_list(client: Client, path: str) -> None:
    assert get(client, path, per_page="10000").status_code == 400
    assert get(client, path, page="0").status_code == 400


def test_a_page_far_past_the_end_is_empty_not_an_error(client: Client, offer: object) -> None:
    page = body(client, "/services", page=1_000_000)
    assert page["empty"] is True
    assert page["last_page"] is True


@pytest.mark.parametrize(
    "kind", ["services", "taxonomies", "taxonomy_terms", "service_at_locations"]
)
@pytest.mark.parametrize("id", [str(uuid.uuid4()), "not-an-id", "1", "x" * 300])
def test_an_unknown_id_is_a_404(client: Client, kind: str, id: str) -> None:
    response = get(client, f"/{kind}/{id}")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_cors_on_every_response_with_or_without_an_origin(client: Client, offer: object) -> None:
    for path in ["/", "/services", "/nowhere", "/services?page=0"]:
        for headers in ({}, {"Origin": "https://example.org"}):
            response = client.get(API + path, headers=headers)
            assert response["Access-Control-Allow-Origin"] == "*", (path, headers)
    refused = client.post(API + "/services")
    assert refused.status_code == 405
    assert refused["Access-Control-Allow-Origin"] == "*"


def test_the_api_is_public_and_read_only(client: Client, offer: object) -> None:
    assert client.get(API + "/services").status_code == 200
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(API + "/services").status_code == 405
    assert client.head(API + "/services").status_code == 200


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "search",
                "page",
                "per_page",
                "taxonomy_term_id",
                "taxonomy_id",
                "minimum_age",
                "maximum_age",
            ]
        ),
        st.text(max_size=60) | st.integers(-(10**30), 10**30).map(str) | st.floats().map(str),
        max_size=7,
    )
)
def test_whatever_the_parameters_the_answer_is_a_page_or_a_400_never_a_500(
    client: Client, params: dict[str, str]
) -> None:
    for path in ("/services", "/service_at_locations", "/taxonomies"):
        response = get(client, path, **params)
        assert response.status_code in {200, 400}, (path, params)
        if response.status_code == 200:
            assert set(response.json()) == PAGE_FIELDS
        else:
            assert response.json()["error"]
