"""The mixes (INDICATORS.md 4.3) on hand-made children, each category checked by hand.

Every result goes through `counted`, which also checks what every mix promises: each authority
has every category of the mix, in the documented order, and its numerators add up to its
denominator.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

import polars as pl
import pytest

from analytics.indicators import flows, mixes, placement, stock
from analytics.indicators.reading import period_for
from analytics.ssda903.dataset import load
from analytics.ssda903.episodes import parse_dates
from analytics.synthetic import generate

D = datetime.date
AS_AT = D(2024, 3, 31)
START, END = period_for(AS_AT)  # 01/04/2023 to 31/03/2024

EPISODE_COLUMNS = [
    "LA", "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
]  # fmt: skip
HEADER_COLUMNS = ["LA", "CHILD", "SEX", "DOB", "ETHNIC"]


def episode(
    child: str,
    decom: str,
    dec: str | None = None,
    rec: str | None = None,
    *,
    rne: str = "S",
    ls: str = "C2",
    cin: str | None = "N1",
    place: str = "U4",
    provider: str | None = "PR1",
    la: str = "E1",
) -> tuple[str | None, ...]:
    return (la, child, decom, rne, ls, cin, place, provider, dec, rec)


def episodes(*rows: tuple[str | None, ...]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=dict.fromkeys(EPISODE_COLUMNS, pl.String), orient="row")
    return parse_dates(frame, "DECOM", "DEC").sort("LA", "CHILD", "DECOM")


def child(
    name: str,
    dob: str | None = "01/01/2010",
    *,
    sex: str | None = "1",
    ethnic: str | None = "WBRI",
    la: str = "E1",
) -> tuple[str | None, ...]:
    return (la, name, sex, dob, ethnic)


def header(*rows: tuple[str | None, ...]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=dict.fromkeys(HEADER_COLUMNS, pl.String), orient="row")
    return parse_dates(frame, "DOB")


def counted(result: pl.DataFrame, categories: Sequence[str]) -> dict[str, dict[str, int]]:
    """Each authority's numerators by category, the non-zero ones; checks the promises."""
    assert result.columns == ["LA", "category", "numerator", "denominator"]
    found = {}
    for (la,), rows in result.group_by("LA", maintain_order=True):
        assert rows["category"].to_list() == list(categories), la
        assert rows["numerator"].sum() == rows["denominator"][0], la
        assert rows["denominator"].n_unique() == 1, la
        found[str(la)] = {
            row["category"]: row["numerator"]
            for row in rows.iter_rows(named=True)
            if row["numerator"]
        }
    return found


def denominators(result: pl.DataFrame) -> dict[str, int]:
    return dict(result.select("LA", "denominator").unique().iter_rows())


# Children looked after at 31/03/2024, one per age band edge, and another authority's child.
AGED = episodes(
    episode("newborn", "01/04/2023"),
    episode("one-today", "01/04/2023"),
    episode("four", "01/04/2023"),
    episode("five-today", "01/04/2023"),
    episode("nine", "01/04/2023"),
    episode("ten-today", "01/04/2023"),
    episode("fifteen", "01/04/2023"),
    episode("sixteen-today", "01/04/2023"),
    episode("seventeen", "01/04/2023"),
    episode("no-header", "01/04/2023"),
    episode("left-on-d", "01/04/2023", "31/03/2024", "E4A"),  # not looked after at D
    episode("other-la", "01/04/2023", la="E2"),
)
AGED_HEADER = header(
    child("newborn", "01/04/2023"),  # 1 tomorrow
    child("one-today", "31/03/2023"),
    child("four", "01/04/2019"),  # 5 tomorrow
    child("five-today", "31/03/2019"),
    child("nine", "01/04/2014"),
    child("ten-today", "31/03/2014"),
    child("fifteen", "01/04/2008"),
    child("sixteen-today", "31/03/2008"),
    child("seventeen", "15/01/2007"),
    child("left-on-d", "01/01/2012"),
    child("other-la", "01/01/2006", la="E2"),
)


def test_cla_age_bands_turn_on_the_birthday() -> None:
    result = mixes.cla_age_band_mix(AGED, AGED_HEADER, AS_AT)
    assert counted(result, mixes.CLA_AGE_BANDS) == {
        "E1": {
            "under_1": 1,
            "1_4": 2,
            "5_9": 2,
            "10_15": 2,
            "16_over": 2,
            "not_recorded": 1,
        },
        "E2": {"16_over": 1},
    }
    assert denominators(result) == {"E1": 10, "E2": 1}


def test_born_on_29_february_a_child_is_a_year_older_on_28_february() -> None:
    rows = episodes(episode("leap", "01/01/2020"))
    leap = header(child("leap", "29/02/2016"))
    before = mixes.cla_age_band_mix(rows, leap, D(2021, 2, 27))
    on = mixes.cla_age_band_mix(rows, leap, D(2021, 2, 28))
    assert counted(before, mixes.CLA_AGE_BANDS) == {"E1": {"1_4": 1}}
    assert counted(on, mixes.CLA_AGE_BANDS) == {"E1": {"5_9": 1}}


def test_gender_reads_both_code_lists_and_keeps_children_without_a_header_row() -> None:
    rows = episodes(*(episode(name, "01/04/2023") for name in "abcdefg"))
    sexes = header(
        child("a", sex="1"),
        child("b", sex="M"),
        child("c", sex="2"),
        child("d", sex="F"),
        child("e", sex="U"),
        child("f", sex=None),  # blank: not recorded
    )  # g: no Header row
    result = mixes.cla_gender_mix(rows, sexes, AS_AT)
    assert counted(result, mixes.GENDERS) == {
        "E1": {"male": 2, "female": 2, "unknown": 1, "not_recorded": 2}
    }


ETHNIC_CODES = {"w": "WBRI", "m": "MWBC", "a": "APKN", "b": "BAFR", "o": "OOTH", "c": "CHNE"}
ETHNIC_CODES |= {"r": "REFU", "n": "NOBT", "x": "XXXX"}


def test_ethnicity_groups_with_chinese_in_other_unless_asked() -> None:
    rows = episodes(*(episode(name, "01/04/2023") for name in [*ETHNIC_CODES, "none"]))
    ethnic = header(*(child(name, ethnic=code) for name, code in ETHNIC_CODES.items()))
    result = mixes.cla_ethnicity_mix(rows, ethnic, AS_AT)
    expected = {
        "white": 1,
        "mixed": 1,
        "asian": 1,
        "black": 1,
        "other": 2,  # OOTH, CHNE
        "refused_or_not_obtained": 2,
        "not_recorded": 2,  # an unlisted code, no Header row
    }
    assert counted(result, mixes.ETHNICITIES) == {"E1": expected}
    as_asian = mixes.cla_ethnicity_mix(rows, ethnic, AS_AT, chinese_as="asian")
    assert counted(as_asian, mixes.ETHNICITIES)["E1"] == expected | {"asian": 2, "other": 1}
    with pytest.raises(ValueError, match="chinese_as"):
        mixes.cla_ethnicity_mix(rows, ethnic, AS_AT, chinese_as="chinese")


def test_legal_status_is_the_open_episodes() -> None:
    rows = episodes(
        episode("interim", "01/04/2023", ls="C1"),
        episode("full", "01/04/2023", ls="C2"),
        # A care order, then a placement order from 01/09/2023: placement order at D.
        episode("changed", "01/04/2023", "01/09/2023", "X1", ls="C2"),
        episode("changed", "01/09/2023", rne="L", ls="E1"),
        episode("freed", "01/04/2023", ls="D1"),
        episode("s20", "01/04/2023", ls="V2"),
        episode("police", "01/04/2023", ls="L1"),
        episode("epo", "01/04/2023", ls="L2"),
        episode("remand", "01/04/2023", ls="J1"),
        episode("yro", "01/04/2023", ls="J3"),
        episode("break", "01/03/2024", ls="V3"),  # only when short breaks are kept in
        episode("ended", "01/04/2023", "31/03/2024", "E4A", ls="V2"),  # left on D
    )
    result = mixes.cla_legal_status_mix(rows, AS_AT)
    assert counted(result, mixes.LEGAL_STATUSES) == {
        "E1": {
            "care_order": 2,
            "placement_order": 2,
            "section_20": 1,
            "protection": 2,
            "youth_justice": 2,
            "other": 1,
        }
    }


def test_need_is_the_first_episode_of_the_current_period() -> None:
    rows = episodes(
        # Came in for abuse or neglect; a later episode of the same period says N4.
        episode("linked", "01/01/2023", "01/06/2023", "X1", cin="N1"),
        episode("linked", "01/06/2023", rne="P", cin="N4"),
        # An earlier period for disability; the current one began for family dysfunction.
        episode("returned", "01/01/2022", "01/06/2022", "E4A", cin="N2"),
        episode("returned", "01/01/2023", cin="N5"),
        # Its first remaining episode is a P (a short break before it was dropped).
        episode("after-break", "01/01/2024", rne="P", cin="N3"),
        episode("no-need", "01/01/2024", cin=None),
        episode("low-income", "01/01/2024", cin="N7"),
    )
    result = mixes.cla_need_mix(rows, AS_AT)
    assert counted(result, mixes.NEEDS) == {
        "E1": {
            "abuse_or_neglect": 1,
            "family_dysfunction": 1,
            "parental_illness_or_disability": 1,
            "low_income": 1,
            "not_recorded": 1,
        }
    }


def test_placement_types_by_age_band() -> None:
    placed = {
        # child: (PLACE, date of birth)
        "kinship": ("U1", "01/01/2021"),  # 3
        "foster": ("U5", "01/01/2012"),  # 12
        "adoptive": ("A5", "01/06/2022"),  # 1
        "holiday": ("T2", "01/01/2008"),  # 16: temporary, in other
        "supported": ("K3", "01/01/2007"),  # 17
        "semi": ("H5", None),  # no Header row
        "yoi": ("R5", "01/01/2009"),  # 15
        "school": ("S1", "01/01/2015"),  # 9
        "independent": ("P2", "01/01/2007"),  # 17
        "home": ("P1", "31/03/2019"),  # 5 today
        "dolo": ("Z11", "01/01/2010"),  # 14
    }
    rows = episodes(*(episode(name, "01/04/2023", place=p) for name, (p, _) in placed.items()))
    born = header(*(child(name, dob) for name, (_, dob) in placed.items() if dob))
    result = mixes.placement_type_mix_by_age(rows, born, AS_AT)
    assert len(mixes.PLACEMENT_TYPES_BY_AGE) == 9 * 6
    assert counted(result, mixes.PLACEMENT_TYPES_BY_AGE) == {
        "E1": {
            "foster_relative_friend:1_4": 1,
            "foster_other:10_15": 1,
            "adoption:1_4": 1,
            "other:16_over": 1,
            "secure_homes_semi_independent:16_over": 1,
            "secure_homes_semi_independent:not_recorded": 1,
            "other_residential:10_15": 1,
            "residential_school:5_9": 1,
            "other_community:16_over": 1,
            "parents:5_9": 1,
            "other:10_15": 1,
        }
    }


def test_foster_providers_of_foster_children_only() -> None:
    rows = episodes(
        episode("kin", "01/04/2023", place="U2", provider="PR1"),
        episode("council", "01/04/2023", place="U4", provider="PR1"),
        episode("private", "01/04/2023", place="U6", provider="PR4"),
        episode("charity", "01/04/2023", place="U5", provider="PR5"),
        episode("neighbour", "01/04/2023", place="U4", provider="PR2"),
        episode("blank", "01/04/2023", place="U6", provider=None),
        episode("home", "01/04/2023", place="K2", provider="PR4"),  # not fostered
        episode("not-fostered", "01/04/2023", place="K2", provider="PR4", la="E2"),
    )
    result = mixes.placement_foster_provider_mix(rows, AS_AT)
    assert counted(result, mixes.FOSTER_PROVIDERS) == {
        "E1": {"connected": 1, "in_house": 1, "agency": 2, "other_foster": 2},
        "E2": {},
    }
    assert denominators(result) == {"E1": 6, "E2": 0}


# Period starts (one child each) and the band at 31/03/2024, on either side of each edge.
DURATIONS = [
    ("31/03/2024", "under_2_weeks"),  # 0 days
    ("18/03/2024", "under_2_weeks"),  # 13 days
    ("17/03/2024", "2_8_weeks"),  # 14 days
    ("05/02/2024", "2_8_weeks"),  # 55 days
    ("04/02/2024", "8_weeks_6_months"),  # 56 days
    ("01/10/2023", "8_weeks_6_months"),  # 6 months on 01/04/2024
    ("30/09/2023", "6_12_months"),  # 6 months on 30/03/2024
    ("01/04/2023", "6_12_months"),
    ("01/04/2022", "1_2_years"),
    ("31/03/2022", "2_3_years"),
    ("01/04/2021", "2_3_years"),
    ("31/03/2021", "3_5_years"),
    ("01/04/2019", "3_5_years"),
    ("31/03/2019", "5_10_years"),
    ("01/04/2014", "5_10_years"),
    ("31/03/2014", "10_years_over"),
]


def test_duration_bands_include_their_lower_edge() -> None:
    rows = episodes(
        *(episode(f"started-{start}", start) for start, _ in DURATIONS),
        # A year to the day in care, over two episodes of one period: the period counts.
        episode("moved", "31/03/2023", "01/06/2023", "X1"),
        episode("moved", "01/06/2023", rne="P"),
    )
    expected: dict[str, int] = {}
    for _, band in [*DURATIONS, ("", "1_2_years")]:
        expected[band] = expected.get(band, 0) + 1
    result = mixes.cla_duration_band_mix(rows, AS_AT)
    assert counted(result, mixes.DURATION_BANDS) == {"E1": expected}


def test_calendar_months_and_years_end_on_the_month_end_or_28_february() -> None:
    # 31 August plus 6 months is 29 February 2024: 6 months in care that day.
    rows = episodes(episode("august", "31/08/2023"))
    assert counted(mixes.cla_duration_band_mix(rows, D(2024, 2, 28)), mixes.DURATION_BANDS) == {
        "E1": {"8_weeks_6_months": 1}
    }
    assert counted(mixes.cla_duration_band_mix(rows, D(2024, 2, 29)), mixes.DURATION_BANDS) == {
        "E1": {"6_12_months": 1}
    }
    # Started on 29 February 2020: a year in care on 28 February 2021, as ages.
    leap = episodes(episode("leap", "29/02/2020"))
    assert counted(mixes.cla_duration_band_mix(leap, D(2021, 2, 27)), mixes.DURATION_BANDS) == {
        "E1": {"6_12_months": 1}
    }
    assert counted(mixes.cla_duration_band_mix(leap, D(2021, 2, 28)), mixes.DURATION_BANDS) == {
        "E1": {"1_2_years": 1}
    }


def test_starts_by_age_on_the_first_start_in_the_year() -> None:
    rows = episodes(
        # 15 at the first start, 16 at the second: the first is counted.
        episode("twice", "01/06/2023", "05/06/2023", "E4A"),
        episode("twice", "10/06/2023"),
        episode("newborn", "10/10/2023"),
        episode("one", "10/10/2023"),
        episode("sixteen", "01/09/2023"),
        episode("seventeen", "01/09/2023"),
        episode("adult", "01/05/2023"),  # 18: rule 352 rejects it, shown as it is
        episode("no-header", "01/05/2023"),
        episode("moved", "01/05/2023", rne="P"),  # not a start
        episode("earlier", "31/03/2023"),  # before P
    )
    born = header(
        child("twice", "05/06/2007"),
        child("newborn", "10/10/2023"),
        child("one", "10/10/2022"),
        child("sixteen", "01/09/2007"),
        child("seventeen", "01/09/2006"),
        child("adult", "01/05/2005"),
        child("moved", "01/01/2010"),
        child("earlier", "01/01/2010"),
    )
    result = mixes.starts_age_band_mix(rows, born, START, END)
    assert counted(result, mixes.STARTS_AGE_BANDS) == {
        "E1": {
            "under_1": 1,
            "1_4": 1,
            "10_15": 1,
            "16": 1,
            "17": 1,
            "18_over": 1,
            "not_recorded": 1,
        }
    }
    assert denominators(result) == {"E1": flows.starts_in_year(rows, START, END)["numerator"][0]}


CEASES = episodes(
    # 15 at the first ending, 16 at the last: the last is counted (others without PR).
    episode("twice", "01/01/2023", "10/06/2023", "E4A"),
    episode("twice", "12/06/2023", "25/06/2023", "E13"),
    episode("seventeen", "01/01/2023", "01/01/2024", "E5"),
    episode("eighteen", "01/01/2023", "01/01/2024", "E17"),
    episode("adopted", "01/01/2023", "15/05/2023", "E12"),
    episode("baby", "01/05/2023", "30/11/2023", "E11"),
    episode("sgo", "01/01/2023", "31/12/2023", "E45"),
    episode("on-d", "01/01/2023", "31/03/2024", "E4B"),  # ended on D: ceased in P
    episode("no-header", "01/01/2023", "01/02/2024", "E99"),  # liia's repair marker
    episode("moved", "01/01/2023", "01/02/2024", "X1"),  # still in care
    episode("moved", "01/02/2024", rne="P"),
)
CEASES_HEADER = header(
    child("twice", "20/06/2007"),
    child("seventeen", "01/01/2007"),
    child("eighteen", "01/01/2006"),
    child("adopted", "15/05/2022"),
    child("baby", "01/05/2023"),
    child("sgo", "01/01/2016"),
    child("on-d", "01/06/2010"),
    child("moved", "01/01/2010"),
)


def test_ceases_by_age_on_the_last_ending_in_the_year() -> None:
    result = mixes.ceases_age_band_mix(CEASES, CEASES_HEADER, START, END)
    assert counted(result, mixes.CEASES_AGE_BANDS) == {
        "E1": {
            "under_1": 1,
            "1_4": 1,
            "5_9": 1,
            "10_15": 1,
            "16": 1,
            "17": 1,
            "18_over": 1,
            "not_recorded": 1,
        }
    }
    assert denominators(result) == {"E1": flows.ceases_in_year(CEASES, START, END)["numerator"][0]}


def test_ceases_age_on_a_29_february_birthday_in_a_common_year() -> None:
    rows = episodes(
        episode("day-before", "01/01/2020", "27/02/2021", "E4A"),
        episode("on-28th", "01/01/2020", "28/02/2021", "E4A"),
    )
    born = header(child("day-before", "29/02/2016"), child("on-28th", "29/02/2016"))
    result = mixes.ceases_age_band_mix(rows, born, *period_for(D(2021, 3, 31)))
    assert counted(result, mixes.CEASES_AGE_BANDS) == {"E1": {"1_4": 1, "5_9": 1}}


def test_ceases_by_reason_of_the_last_ending() -> None:
    result = mixes.ceases_reason_mix(CEASES, START, END)
    assert counted(result, mixes.CEASE_REASONS) == {
        "E1": {
            "home": 1,
            "adopted": 2,
            "sgo": 1,
            "independent_living": 1,
            "staying_put": 1,
            "others_without_pr": 1,
            "not_recorded": 1,
        }
    }


def test_every_reason_code_falls_in_its_group() -> None:
    codes = [code for codes in mixes.CEASE_REASON_GROUPS.values() for code in codes]
    rows = episodes(*(episode(code, "01/01/2023", "01/01/2024", code) for code in codes))
    result = mixes.ceases_reason_mix(rows, START, END)
    assert counted(result, mixes.CEASE_REASONS) == {
        "E1": {name: len(codes) for name, codes in mixes.CEASE_REASON_GROUPS.items()}
    }
    assert counted(result, mixes.CEASE_REASONS)["E1"]["sgo"] == 6


def test_no_children_give_no_rows() -> None:
    nobody = episodes(episode("gone", "01/01/2020", "01/01/2021", "E4A"))
    assert mixes.cla_age_band_mix(nobody, header(), AS_AT).is_empty()
    assert mixes.placement_foster_provider_mix(nobody, AS_AT).is_empty()
    assert mixes.ceases_reason_mix(nobody, START, END).is_empty()


def test_every_mix_on_a_synthetic_return_adds_up_to_its_cohort(tmp_path: Path) -> None:
    generate(tmp_path, years=2, children=200)
    data, _ = load([tmp_path])
    rows, people = data.episodes, data.header
    as_at = max(coverage.end for coverage in data.coverage.values())
    start, end = period_for(as_at)

    def sizes(frame: pl.DataFrame, column: str = "numerator") -> dict[str, int]:
        return dict(frame.select("LA", column).iter_rows())

    cla = sizes(stock.cla_count(rows, as_at))
    starts = sizes(flows.starts_in_year(rows, start, end))
    ceases = sizes(flows.ceases_in_year(rows, start, end))
    fostered = sizes(placement.share_placed_in(rows, as_at, placement.FOSTER))
    runs = [
        (mixes.cla_age_band_mix(rows, people, as_at), mixes.CLA_AGE_BANDS, cla),
        (mixes.cla_gender_mix(rows, people, as_at), mixes.GENDERS, cla),
        (mixes.cla_ethnicity_mix(rows, people, as_at), mixes.ETHNICITIES, cla),
        (mixes.cla_legal_status_mix(rows, as_at), mixes.LEGAL_STATUSES, cla),
        (mixes.cla_need_mix(rows, as_at), mixes.NEEDS, cla),
        (mixes.placement_type_mix_by_age(rows, people, as_at), mixes.PLACEMENT_TYPES_BY_AGE, cla),
        (mixes.placement_foster_provider_mix(rows, as_at), mixes.FOSTER_PROVIDERS, fostered),
        (mixes.cla_duration_band_mix(rows, as_at), mixes.DURATION_BANDS, cla),
        (mixes.starts_age_band_mix(rows, people, start, end), mixes.STARTS_AGE_BANDS, starts),
        (mixes.ceases_age_band_mix(rows, people, start, end), mixes.CEASES_AGE_BANDS, ceases),
        (mixes.ceases_reason_mix(rows, start, end), mixes.CEASE_REASONS, ceases),
    ]
    assert cla, "the synthetic return has children looked after"
    for result, categories, cohort in runs:
        counted(result, categories)
        assert denominators(result) == cohort
    # Every invented child has a Header row, a date of birth and a known sex.
    gender = mixes.cla_gender_mix(rows, people, as_at)
    assert gender.filter(pl.col("category") == "not_recorded")["numerator"].sum() == 0
    ages = mixes.cla_age_band_mix(rows, people, as_at)
    assert ages.filter(pl.col("category") == "not_recorded")["numerator"].sum() == 0
