"""Adoption timeliness (scorecard A1, A2, A3, A10) and special guardianship, on hand-made
children, every interval counted by hand."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from analytics.indicators import adoption
from analytics.indicators.reading import period_for
from analytics.ssda903.dataset import Return903, empty_tables, load, prepare
from analytics.ssda903.episodes import parse_dates
from analytics.synthetic import generate

D = datetime.date
AS_AT = D(2024, 3, 31)  # the 36 months: 01/04/2021 to 31/03/2024

EPISODE_COLUMNS = ["LA", "CHILD", "DECOM", "RNE", "LS", "PLACE", "URN", "PL_POST", "DEC", "REC"]
AD1_COLUMNS = ["LA", "CHILD", "DATE_INT", "DATE_MATCH", "FOSTER_CARE"]


def episode(
    child: str,
    decom: str,
    rne: str,
    ls: str,
    place: str,
    dec: str | None = None,
    rec: str | None = None,
    *,
    post: str | None = None,
    la: str = "E1",
) -> tuple[str | None, ...]:
    # A new carer has a new postcode unless told otherwise: the place code stands in for it.
    return (la, child, decom, rne, ls, place, None, post or f"{child}-{place}", dec, rec)


EPISODES = [
    # first-day: adopted on the window's first day. In care 01/01/2020, placement order
    # 01/06/2020, placed for adoption 01/01/2021: A1 366 days (2020 is a leap year).
    episode("first-day", "01/01/2020", "S", "C1", "U4", "01/06/2020", "X1"),
    episode("first-day", "01/06/2020", "L", "E1", "U4", "01/01/2021", "X1"),
    episode("first-day", "01/01/2021", "P", "E1", "A6", "01/04/2021", "E11"),
    # before-window: adopted the day before the window: not counted at 31/03/2024. A1 152.
    episode("before-window", "01/01/2020", "S", "E1", "U4", "01/06/2020", "X1"),
    episode("before-window", "01/06/2020", "P", "E1", "A6", "31/03/2021", "E11"),
    # last-day: adopted on D. In care 01/06/2022, order 01/09/2022, placed 01/03/2023: A1 273;
    # matched 15/08/2022, before the order: A2 0.
    episode("last-day", "01/06/2022", "S", "C2", "U6", "01/09/2022", "X1"),
    episode("last-day", "01/09/2022", "L", "E1", "U6", "01/03/2023", "X1"),
    episode("last-day", "01/03/2023", "B", "E1", "A4", "31/03/2024", "E12"),
    # foster-carer: in care 01/01/2021; with the carers who adopt from 01/05/2021 (a holiday
    # placement and the return to them in between); they become adopters on 01/09/2022 (T:
    # same carer). A1 608 days; A10 to 01/05/2021: 120; order 01/03/2022, match 01/06/2022: 92.
    episode("foster-carer", "01/01/2021", "S", "C1", "U4", "01/05/2021", "X1"),
    episode("foster-carer", "01/05/2021", "P", "C1", "U6", "01/08/2021", "X1"),
    episode("foster-carer", "01/08/2021", "P", "C1", "T2", "10/08/2021", "X1"),
    episode("foster-carer", "10/08/2021", "P", "C1", "U6", "01/03/2022", "X1"),
    episode("foster-carer", "01/03/2022", "L", "E1", "U6", "01/09/2022", "X1"),
    episode("foster-carer", "01/09/2022", "T", "E1", "A5", "01/03/2023", "E11"),
    # no-adoptive: adopted with no A3-A6 placement recorded: left out of A1, A3, A10; under a
    # care order only, so not in A2's cohort either.
    episode("no-adoptive", "01/01/2022", "S", "C2", "U4", "01/01/2024", "E11"),
    # no-ad1: in care 01/02/2021, order 01/04/2021, placed 01/10/2021: A1 242; no AD1 row, so
    # left out of A2 and measured as A1 in A10.
    episode("no-ad1", "01/02/2021", "S", "C2", "U3", "01/04/2021", "X1"),
    episode("no-ad1", "01/04/2021", "L", "E1", "U3", "01/10/2021", "X1"),
    episode("no-ad1", "01/10/2021", "P", "E1", "A6", "01/06/2022", "E12"),
    # returned: an earlier period with an order and an adoptive placement that broke down; the
    # period ending in adoption started 01/06/2021, order 01/12/2021, placed 01/06/2022: A1
    # 365; match 01/03/2022: A2 90 (an AD1 row matched after the adoption is not this one's).
    episode("returned", "01/01/2018", "S", "C1", "U4", "01/03/2018", "X1"),
    episode("returned", "01/03/2018", "P", "E1", "A6", "01/01/2019", "E4B"),
    episode("returned", "01/06/2021", "S", "C2", "U4", "01/12/2021", "X1"),
    episode("returned", "01/12/2021", "L", "E1", "U4", "01/06/2022", "X1"),
    episode("returned", "01/06/2022", "P", "E1", "A4", "01/12/2022", "E11"),
    # Not adopted: went home; still placed for adoption at D.
    episode("home", "01/01/2022", "S", "C2", "U4", "01/01/2023", "E4A"),
    episode("waiting", "01/01/2023", "S", "E1", "U4", "01/06/2023", "X1"),
    episode("waiting", "01/06/2023", "P", "E1", "A6"),
    # Another authority: adopted with consent, no order. A1 181; A2 has nobody.
    episode("consent", "01/01/2022", "S", "V2", "U4", "01/07/2022", "X1", la="E2"),
    episode("consent", "01/07/2022", "P", "V2", "A4", "01/01/2023", "E11", la="E2"),
]
AD1 = [
    ("E1", "first-day", "01/07/2020", "01/12/2020", "0"),
    ("E1", "before-window", "01/06/2020", "01/04/2020", "0"),
    ("E1", "last-day", "01/08/2022", "15/08/2022", "0"),
    ("E1", "foster-carer", "01/02/2022", "01/06/2022", "1"),
    ("E1", "no-adoptive", "01/01/2023", "01/06/2023", "0"),
    ("E1", "returned", "01/11/2021", "01/03/2022", "0"),
    ("E1", "returned", "01/11/2022", "01/01/2023", "1"),  # after the adoption: not its row
    ("E2", "consent", "01/04/2022", "01/05/2022", "0"),
]


def returned(
    rows: Sequence[tuple[str | None, ...]] = EPISODES,
    ad1: Sequence[tuple[str | None, ...]] = AD1,
) -> Return903:
    frame = pl.DataFrame(rows, schema=dict.fromkeys(EPISODE_COLUMNS, pl.String), orient="row")
    episodes = parse_dates(frame, "DECOM", "DEC").sort("LA", "CHILD", "DECOM")
    adopted = pl.DataFrame(ad1, schema=dict.fromkeys(AD1_COLUMNS, pl.String), orient="row")
    nothing = prepare(empty_tables())
    return dataclasses.replace(
        nothing, episodes=episodes, ad1=parse_dates(adopted, "DATE_INT", "DATE_MATCH")
    )


def readings(result: pl.DataFrame) -> dict[str, tuple[int, int]]:
    assert result.columns[:3] == ["LA", "numerator", "denominator"]
    return {la: (numerator, denominator) for la, numerator, denominator, *_ in result.iter_rows()}


def notes(result: pl.DataFrame) -> dict[str, str | None]:
    return dict(result.select("LA", "note").iter_rows())


def test_the_window_is_36_months_to_d() -> None:
    assert adoption.adoption_window(AS_AT) == (D(2021, 4, 1), AS_AT)
    assert adoption.adoption_window(D(2024, 2, 29)) == (D(2021, 3, 1), D(2024, 2, 29))


def test_a1_from_entering_care_to_the_first_adoptive_placement() -> None:
    result = adoption.adoption_a1_days(returned(), AS_AT)
    # first-day 366, last-day 273, foster-carer 608, no-ad1 242, returned 365.
    assert readings(result) == {"E1": (1854, 5), "E2": (181, 1)}
    assert notes(result) == {
        "E1": "1 adopted children left out: no adoptive placement (A3 to A6) in the period of "
        "care that ended",
        "E2": None,
    }


def test_a1_window_edges_move_with_d() -> None:
    # At 30/03/2024 the window is 31/03/2021 to 30/03/2024: before-window (152) is in,
    # last-day (adopted 31/03/2024) is out.
    result = adoption.adoption_a1_days(returned(), D(2024, 3, 30))
    assert readings(result)["E1"] == (366 + 152 + 608 + 242 + 365, 5)


def test_a10_measures_foster_carer_adoptions_to_moving_in_with_the_carers() -> None:
    result = adoption.adoption_a10_days(returned(), AS_AT)
    # As A1, but foster-carer 120 instead of 608.
    assert readings(result) == {"E1": (1366, 5), "E2": (181, 1)}


def test_a10_when_the_adoptive_placement_is_recorded_as_a_move() -> None:
    # The carers became adopters, recorded with RNE P (a new carer) rather than T: the
    # placement before it still starts 01/05/2021.
    rows = [
        episode("foster-carer", "01/01/2021", "S", "C1", "U4", "01/05/2021", "X1"),
        episode("foster-carer", "01/05/2021", "P", "E1", "U6", "01/09/2022", "X1"),
        episode("foster-carer", "01/09/2022", "P", "E1", "A5", "01/03/2023", "E11"),
        # Placed for adoption with its first carers, straight into care: 0 days either way.
        episode("at-once", "01/01/2022", "S", "E1", "A5", "01/03/2023", "E11"),
    ]
    ad1 = [
        ("E1", "foster-carer", "01/02/2022", "01/06/2022", "1"),
        ("E1", "at-once", "01/01/2022", "01/01/2022", "1"),
    ]
    assert readings(adoption.adoption_a10_days(returned(rows, ad1), AS_AT)) == {"E1": (120, 2)}
    assert readings(adoption.adoption_a1_days(returned(rows, ad1), AS_AT)) == {"E1": (608, 2)}


def test_a2_from_the_placement_order_to_the_match() -> None:
    result = adoption.adoption_a2_days(returned(), AS_AT)
    # first-day 183, last-day 0 (matched before the order), foster-carer 92, returned 90.
    assert readings(result) == {"E1": (365, 4), "E2": (0, 0)}
    assert notes(result) == {
        "E1": "1 adopted children left out: a placement order but no AD1 row with a match date "
        "(DATE_MATCH) on or before the adoption",
        "E2": None,
    }


def test_within_14_months_is_under_426_days() -> None:
    result = adoption.adoption_within_14_months_share(returned(), AS_AT)
    # 366, 273, 242, 365 are; 608 is not.
    assert readings(result) == {"E1": (4, 5), "E2": (1, 1)}
    edge = [
        episode("424", "01/01/2021", "S", "C2", "U4", "01/03/2022", "X1"),  # 424 days
        episode("424", "01/03/2022", "P", "C2", "A4", "01/06/2022", "E11"),
        episode("426", "01/01/2021", "S", "C2", "U4", "03/03/2022", "X1"),  # 426 days
        episode("426", "03/03/2022", "P", "C2", "A4", "01/06/2022", "E11"),
    ]
    assert readings(adoption.adoption_within_14_months_share(returned(edge, []), AS_AT)) == {
        "E1": (1, 2)
    }


SGO_ROWS = [
    episode("sgo", "01/01/2023", "S", "C2", "U4", "01/06/2023", "E45"),
    episode("old-code", "01/01/2023", "S", "C2", "U4", "01/07/2023", "E43"),
    # Home, back in care, then a special guardianship order: the last ending counts.
    episode("home-then-sgo", "01/01/2023", "S", "C2", "U4", "01/05/2023", "E4A"),
    episode("home-then-sgo", "01/08/2023", "S", "C2", "U4", "01/12/2023", "E47"),
    # An order that broke down, then home: the last ending is not an SGO.
    episode("sgo-then-home", "01/01/2023", "S", "C2", "U4", "01/05/2023", "E46"),
    episode("sgo-then-home", "01/08/2023", "S", "C2", "U4", "01/12/2023", "E4A"),
    episode("adopted", "01/01/2022", "S", "E1", "A4", "01/02/2024", "E11"),
    episode("on-d", "01/01/2023", "S", "C2", "U4", "31/03/2024", "E48"),
    episode("before-p", "01/01/2023", "S", "C2", "U4", "31/03/2023", "E45"),
    episode("moved", "01/01/2023", "S", "C2", "U4", "01/02/2024", "X1"),
    episode("moved", "01/02/2024", "P", "C2", "U6"),
]


def test_sgo_share_of_ceases_counts_the_last_ending() -> None:
    rows = returned(SGO_ROWS, []).episodes
    result = adoption.sgo_share_of_ceases(rows, *period_for(AS_AT))
    # Ceased in P: sgo, old-code, home-then-sgo, sgo-then-home, adopted, on-d; SGO: 4.
    assert readings(result) == {"E1": (4, 6)}


def test_every_adoption_measure_on_a_synthetic_return(tmp_path: Path) -> None:
    generate(tmp_path, years=4, last_year=2024, children=300)
    data, _ = load([tmp_path])
    as_at = max(coverage.end for coverage in data.coverage.values())
    a1 = readings(adoption.adoption_a1_days(data, as_at))
    a10 = readings(adoption.adoption_a10_days(data, as_at))
    a2 = readings(adoption.adoption_a2_days(data, as_at))
    a3 = readings(adoption.adoption_within_14_months_share(data, as_at))
    sgo = readings(adoption.sgo_share_of_ceases(data.episodes, *period_for(as_at)))
    assert a1, "the synthetic return has adoptions"
    for la, (days, children) in a1.items():
        assert children > 0
        assert 200 <= days / children <= 1200, (la, days / children)
        # A10 only ever shortens A1, over the same children.
        assert a10[la][1] == children
        assert a10[la][0] <= days
        assert a3[la][1] == children
        assert 0 <= a3[la][0] <= children
        assert a2[la][1] <= children
        assert a2[la][0] >= 0
        assert a2[la][1] == 0 or a2[la][0] / a2[la][1] <= 1200
    for numerator, denominator in sgo.values():
        assert 0 <= numerator <= denominator
