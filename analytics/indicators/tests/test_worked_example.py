"""INDICATORS.md section 8: the worked example, hand-checked, as a golden test."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import polars as pl
import pytest

from analytics.indicators.catalogue import compute
from analytics.ssda903.dataset import Return903, load

HEADER = """CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A,1,10/06/2015,WBRI,UN2,,
B,2,03/03/2021,MWBC,UN1,,
C,2,20/08/2007,BAFR,UN2,,
D,1,30/11/2012,WBRI,UN2,,
"""
COLUMNS = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)
EPISODES_2024 = f"""{COLUMNS}
A,15/01/2023,S,C1,N1,U6,PR1,20/05/2023,X1,CREQB,,,
A,20/05/2023,P,C1,N1,U4,PR4,01/09/2023,X1,,,,
A,01/09/2023,L,C2,N1,U4,PR4,02/02/2024,X1,LAREQ,,,
A,02/02/2024,P,C2,N1,K2,PR4,,,,,,
B,10/10/2022,S,C1,N1,U3,PR1,05/06/2023,X1,CARPL,,,
B,05/06/2023,B,E1,N1,A6,PR1,12/12/2023,E12,,,,
C,03/07/2023,S,V2,N4,U6,PR1,29/09/2023,E4A,,,,
C,15/01/2024,S,V2,N4,K2,PR4,,,,,,
D,06/10/2023,S,V3,N2,U6,PR1,08/10/2023,E4A,,,,
D,29/03/2024,S,V3,N2,U6,PR1,,,,,,
"""
# The 2022-23 file holds A's and B's first episodes, still open at its year end.
EPISODES_2023 = f"""{COLUMNS}
A,15/01/2023,S,C1,N1,U6,PR1,,,,,,
B,10/10/2022,S,C1,N1,U3,PR1,,,,,,
"""
END_OF_MARCH = datetime.date(2024, 3, 31)
END_OF_SEPTEMBER = datetime.date(2023, 9, 30)


def write_return(root: Path, years: dict[str, str]) -> Path:
    for year, episodes in years.items():
        folder = root / "E08000099" / year
        folder.mkdir(parents=True)
        (folder / "header.csv").write_text(HEADER)
        # Named oddly on purpose: tables are recognised by their columns, not their names.
        (folder / f"903 extract {year}.csv").write_text(episodes)
    return root


def episodes_in(root: Path, *, drop_short_breaks: bool = True) -> Return903:
    data, found = load([root], drop_short_breaks=drop_short_breaks)
    assert found.problems == []
    return data


def values(data: Return903, as_at: datetime.date) -> dict[str, tuple[object, ...]]:
    return {r.code: (r.numerator, r.denominator, r.value, r.status) for r in compute(data, [as_at])}


def brief(data: Return903, as_at: datetime.date) -> dict[str, tuple[object, ...]]:
    """The five indicators section 8 of the brief gives expected values for."""
    return {code: value for code, value in values(data, as_at).items() if code in BRIEF}


BRIEF = {
    "cla_count",
    "starts_in_year",
    "ceases_in_year",
    "placement_stability_3plus",
    "adoption_share_of_ceases",
}


@pytest.fixture
def both_years(tmp_path: Path) -> Return903:
    return episodes_in(write_return(tmp_path, {"2023": EPISODES_2023, "2024": EPISODES_2024}))


def test_at_the_end_of_march_2024(both_years: Return903) -> None:
    assert brief(both_years, END_OF_MARCH) == {
        "cla_count": (2, None, 2.0, "ok"),  # A and C
        "starts_in_year": (1, None, 1.0, "ok"),  # C, once for two starts
        "ceases_in_year": (2, None, 2.0, "ok"),  # B adopted, C home
        "placement_stability_3plus": (1, 2, 0.5, "ok"),  # A: U6, U4, K2
        "adoption_share_of_ceases": (1, 2, 0.5, "ok"),
    }


def test_at_the_end_of_september_2023(both_years: Return903) -> None:
    assert brief(both_years, END_OF_SEPTEMBER) == {
        "cla_count": (2, None, 2.0, "ok"),  # A and B; C left on 29/09
        "starts_in_year": (3, None, 3.0, "ok"),
        "ceases_in_year": (1, None, 1.0, "ok"),
        "placement_stability_3plus": (0, 2, 0.0, "ok"),
        "adoption_share_of_ceases": (0, 1, 0.0, "ok"),
    }


def test_the_rest_of_the_core_on_the_same_children(both_years: Return903) -> None:
    """Hand-checked: at 31/03/2024 A and C are in children's homes (K2); only A was looked
    after all of 2023-24 and has no OC2 row; nobody went missing; there are no care leavers.
    Neither has been in care 2.5 years. There are no reviews: A's first fell due on 10/02/2023
    and C's on 12/02/2024, so both are overdue."""
    rest = {k: v for k, v in values(both_years, END_OF_MARCH).items() if k not in BRIEF}
    assert rest == {
        "cla_rate_per_10k": (None, None, None, "not_available"),  # no population given
        "placement_stability_long_term": (0, 0, None, "ok"),
        "reviews_on_time": (0, 2, 0.0, "ok"),
        "placement_foster_share": (0, 2, 0.0, "ok"),
        "placement_residential_share": (2, 2, 1.0, "ok"),
        "placement_childrens_home_share": (2, 2, 1.0, "ok"),
        "oc2_health_assessment": (0, 1, 0.0, "ok"),
        "oc2_teeth_check": (0, 1, 0.0, "ok"),
        "oc2_sdq_mean": (0, 0, None, "ok"),
        "care_leavers_eet_19_21": (0, 0, None, "ok"),
        "care_leavers_suitable_accom_19_21": (0, 0, None, "ok"),
        "missing_children_count": (0, None, 0.0, "ok"),
    }


def test_stitching_keeps_the_later_years_version_of_an_episode(both_years: Return903) -> None:
    first = both_years.episodes.filter(pl.col("CHILD") == "A").row(0, named=True)
    assert first["DEC"] == datetime.date(2023, 5, 20)
    assert first["YEAR"] == 2024


def test_with_one_year_loaded_a_window_reaching_before_it_is_incomplete(tmp_path: Path) -> None:
    one_year = episodes_in(write_return(tmp_path, {"2024": EPISODES_2024}))
    found = values(one_year, END_OF_SEPTEMBER)
    assert found["cla_count"] == (2, None, 2.0, "ok")
    for code in ("starts_in_year", "ceases_in_year", "placement_stability_3plus"):
        assert found[code][3] == "incomplete_window"
        assert found[code][2] is None
    # 30/09/2023's collection year is 2022-23, which is not loaded.
    assert found["oc2_health_assessment"][3] == "not_available"


def test_without_the_short_break_exclusion_the_v3_child_counts(tmp_path: Path) -> None:
    root = write_return(tmp_path, {"2023": EPISODES_2023, "2024": EPISODES_2024})
    assert values(episodes_in(root, drop_short_breaks=False), END_OF_MARCH)["cla_count"][0] == 3


def test_the_rate_per_10000_uses_the_mid_year_estimate_before_d(both_years: Return903) -> None:
    population = pl.DataFrame(
        {"LA": ["E08000099"] * 2, "YEAR": [2023, 2024], "POPULATION": [40_000, 50_000]},
        schema={"LA": pl.String, "YEAR": pl.Int32, "POPULATION": pl.Int64},
    )
    with_population = dataclasses.replace(both_years, population=population)
    (reading,) = [
        r for r in compute(with_population, [END_OF_MARCH]) if r.code == "cla_rate_per_10k"
    ]
    # 31/03/2024: mid-2023 is the latest estimate; 2 / 40,000 x 10,000 = 0.5.
    assert (reading.numerator, reading.denominator, reading.value) == (2, 40_000, 0.5)
    assert reading.note == "ONS mid-2023 estimate"
