"""Placement location and distance on hand-made postcodes, each distance worked out by hand,
and on a synthetic return whose placements are outside the authority by construction."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import polars as pl

from analytics.indicators.location import (
    NEEDS_LOOKUP,
    placement_20plus_miles_share,
    placement_outside_la_20plus_miles_share,
    placement_outside_la_share,
    with_locations,
)
from analytics.indicators.stock import looked_after_at
from analytics.ssda903.dataset import Return903, empty_tables, load, prepare
from analytics.ssda903.episodes import parse_dates
from analytics.ssda903.postcodes import read_postcode_lookup
from analytics.synthetic import generate

D = datetime.date(2024, 3, 31)
HERE = "E08000001"

POSTCODES = pl.DataFrame(
    [
        ("AA11AA", 400_000, 300_000, HERE),  # home
        ("AA11AB", 403_000, 304_000, HERE),  # 5,000 m: 3.107 miles, 3.1
        ("BB11AA", 432_250, 300_000, "E08000002"),  # 32,250 m: 20.0398 miles, 20.0
        ("BB11AB", 432_270, 300_000, "E08000002"),  # 32,270 m: 20.0522 miles, 20.1
        ("CF101AA", 300_000, 200_000, "W06000015"),  # 141,421 m: 87.877 miles, 87.9
        ("EH11AA", 400_000, 700_000, "S12000036"),  # 400,000 m: 248.555 miles, 248.6
        ("NOGRID", None, None, HERE),  # known authority, no grid reference
    ],
    schema={"POSTCODE": pl.String, "EASTING": pl.Int64, "NORTHING": pl.Int64, "LA": pl.String},
    orient="row",
)

# (LA, CHILD, HOME_POST, PL_POST, expected PL_DISTANCE, PL_LA, PL_LOCATION)
PLACEMENTS: list[tuple[str, str, str | None, str | None, float | None, str | None, str | None]] = [
    (HERE, "local", "aa1 1aa", "AA1 1AB", 3.1, HERE, "IN"),
    (HERE, "just-20", "AA1 1AA", "BB1 1AA", 20.0, "E08000002", "OUT"),
    (HERE, "over-20", "AA1 1AA", "BB1 1AB", 20.1, "E08000002", "OUT"),
    (HERE, "wales", "AA1 1AA", "CF10 1AA", 87.9, "WAL", "OUT"),
    (HERE, "scotland", "AA1 1AA", "EH1 1AA", 248.6, "SCO", "OUT"),
    (HERE, "no-grid", "AA1 1AA", "NOGRID", None, HERE, "IN"),
    (HERE, "home-unknown", "ZZ9 9ZZ", "BB1 1AB", None, "E08000002", "OUT"),
    (HERE, "blank", "AA1 1AA", None, None, None, None),
    (HERE, "invalid", "AA1 1AA", "not a postcode", None, None, None),
    (HERE, "uasc", None, "AA1 1AB", None, None, None),
    (HERE, "former-uasc", "AA1 1AA", "BB1 1AB", None, None, None),
    ("E08000003", "all-known", "AA1 1AA", "AA1 1AB", 3.1, HERE, "OUT"),
    ("Northfield", "local", "AA1 1AA", "AA1 1AB", 3.1, HERE, None),  # not an ONS code
]
UASC = pl.DataFrame(
    {"LA": [HERE, HERE], "CHILD": ["uasc", "former-uasc"], "DUC": [None, "01/01/2022"]}
)


def episodes(rows: list[tuple[str, str, str | None, str | None]]) -> pl.DataFrame:
    data = pl.DataFrame(
        [(la, child, "01/01/2023", None, home, placed) for la, child, home, placed in rows],
        schema=dict.fromkeys(["LA", "CHILD", "DECOM", "DEC", "HOME_POST", "PL_POST"], pl.String),
        orient="row",
    )
    return parse_dates(data, "DECOM", "DEC").sort("LA", "CHILD", "DECOM")


EPISODES = episodes([row[:4] for row in PLACEMENTS])


def returned(postcodes: pl.DataFrame | None = POSTCODES) -> Return903:
    ended = episodes([(HERE, "left", "AA1 1AA", "BB1 1AB")]).with_columns(
        DEC=pl.lit(datetime.date(2024, 1, 1))
    )
    nothing = prepare(empty_tables())
    return dataclasses.replace(
        nothing, episodes=pl.concat([EPISODES, ended]), uasc=UASC, postcodes=postcodes
    )


def test_with_locations_derives_dfe_fields_from_the_postcodes() -> None:
    located = with_locations(EPISODES, POSTCODES, uasc=UASC)
    assert located.columns == [*EPISODES.columns, "PL_DISTANCE", "PL_LA", "PL_LOCATION"]
    found = {
        (row["LA"], row["CHILD"]): (row["PL_DISTANCE"], row["PL_LA"], row["PL_LOCATION"])
        for row in located.to_dicts()
    }
    assert found == {(row[0], row[1]): row[4:] for row in PLACEMENTS}


def test_a_distance_is_rounded_before_it_is_compared_with_20_miles() -> None:
    # just-20 is 20.04 miles, 20.0 rounded, so not more than 20; over-20 is 20.05, 20.1.
    located = with_locations(EPISODES, POSTCODES, uasc=UASC).filter(pl.col("PL_DISTANCE") > 20)
    assert sorted(located["CHILD"]) == ["over-20", "scotland", "wales"]


def readings(found: pl.DataFrame) -> dict[str, tuple[object, ...]]:
    columns = ("numerator", "denominator", "not_known", "note")
    return {row["LA"]: tuple(row[c] for c in columns) for row in found.to_dicts()}


def test_placed_outside_counts_the_unlocated_in_the_base() -> None:
    # Of the 11 looked after at D in E08000001 (`left` left before D): outside are just-20,
    # over-20, wales, scotland, home-unknown; not known blank, invalid, uasc, former-uasc.
    found = readings(placement_outside_la_share(returned(), D))
    assert found[HERE] == (5, 11, 4, "4 of 11 children's placements could not be located")
    assert found["E08000003"] == (1, 1, 0, None)
    reason = (
        "Northfield is not an ONS code like E08000028, so placements in and outside it cannot "
        "be told apart: give the authority's ONS code as its folder name or LA column"
    )
    assert found["Northfield"] == (None, None, None, reason)


def test_placed_outside_and_far_needs_both_known_or_either_ruled_out() -> None:
    # Counted: over-20, wales, scotland. Not known: the four above, and home-unknown (outside,
    # distance unknown); no-grid is inside, so it does not count whatever its distance.
    found = readings(placement_outside_la_20plus_miles_share(returned(), D))
    assert found[HERE] == (3, 11, 5, "5 of 11 children's placements could not be located")
    assert found["Northfield"][:3] == (None, None, None)


def test_placed_far_needs_only_the_distance() -> None:
    # Counted: over-20, wales, scotland. Not known: no-grid, home-unknown and the four above.
    found = readings(placement_20plus_miles_share(returned(), D))
    assert found[HERE] == (3, 11, 6, "6 of 11 children's placements could not be located")
    assert found["Northfield"] == (0, 1, 0, None)  # distance needs no authority code


def test_without_a_lookup_each_authority_is_not_available_with_the_reason() -> None:
    for indicator in (
        placement_outside_la_share,
        placement_outside_la_20plus_miles_share,
        placement_20plus_miles_share,
    ):
        found = readings(indicator(returned(postcodes=None), D))
        everyone = (HERE, "E08000003", "Northfield")
        assert found == dict.fromkeys(everyone, (None, None, None, NEEDS_LOOKUP))


def test_a_synthetic_return_places_about_a_fifth_outside(tmp_path: Path) -> None:
    generate(tmp_path, years=2, children=200)
    data, _ = load([tmp_path])
    lookup, problems = read_postcode_lookup(tmp_path / "postcodes.csv")
    assert problems == []
    assert lookup is not None
    data = dataclasses.replace(data, postcodes=lookup)
    (outside,) = placement_outside_la_share(data, D).to_dicts()
    (far,) = placement_20plus_miles_share(data, D).to_dicts()
    (outside_far,) = placement_outside_la_20plus_miles_share(data, D).to_dicts()
    # The generator places a new carer outside the authority one time in five.
    assert 0.1 < outside["numerator"] / outside["denominator"] < 0.3
    # Unaccompanied children (a quarter of those starting at 14 or over) are not known.
    assert 0 < outside["not_known"] < outside["denominator"] * 0.15
    # Its authorities are 40 km apart and a postcode at most 8 km either way from the centre,
    # so no placement inside is 20 miles (32 km) from home, and most outside are.
    assert far["numerator"] == outside_far["numerator"]
    assert outside_far["numerator"] > outside["numerator"] * 0.6
    located = with_locations(looked_after_at(data.episodes, D), lookup, uasc=data.uasc)
    inside = located.filter(pl.col("PL_LOCATION") == "IN")["PL_DISTANCE"].drop_nulls()
    assert len(inside) > 0
    assert max(inside.to_list()) <= 14.1  # 16 km by 16 km at most: 22.6 km
