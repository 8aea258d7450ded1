"""UASC, participation in reviews, moves by reason and stability over two years, on hand-made
children, each checked by hand."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import polars as pl

from analytics.indicators import children
from analytics.indicators.reading import period_for
from analytics.ssda903.dataset import Return903, empty_tables, load, prepare
from analytics.ssda903.episodes import parse_dates
from analytics.synthetic import generate

D = datetime.date
AS_AT = D(2024, 3, 31)
START, END = period_for(AS_AT)  # 01/04/2023 to 31/03/2024

EPISODE_COLUMNS = [
    "LA", "CHILD", "DECOM", "RNE", "LS", "PLACE", "URN", "PL_POST", "DEC", "REC",
    "REASON_PLACE_CHANGE",
]  # fmt: skip


def episode(
    child: str,
    decom: str,
    rne: str = "S",
    place: str = "U4",
    dec: str | None = None,
    rec: str | None = None,
    reason: str | None = None,
    *,
    post: str | None = None,
    la: str = "E1",
) -> tuple[str | None, ...]:
    # A placement's postcode defaults to one per child and place: a new place is a new carer.
    return (la, child, decom, rne, "C2", place, None, post or f"{child}-{place}", dec, rec, reason)


def returned(
    rows: list[tuple[str | None, ...]],
    *,
    uasc: list[tuple[str, str | None]] | None = None,
    reviews: list[tuple[str, str, str, str]] | None = None,
) -> Return903:
    frame = pl.DataFrame(rows, schema=dict.fromkeys(EPISODE_COLUMNS, pl.String), orient="row")
    nothing = prepare(empty_tables())
    found = pl.DataFrame(
        uasc or [], schema={"CHILD": pl.String, "DUC": pl.String}, orient="row"
    ).with_columns(LA=pl.lit("E1"))
    held = pl.DataFrame(
        reviews or [],
        schema=dict.fromkeys(["LA", "CHILD", "REVIEW", "REVIEW_CODE"], pl.String),
        orient="row",
    )
    return dataclasses.replace(
        nothing,
        episodes=parse_dates(frame, "DECOM", "DEC").sort("LA", "CHILD", "DECOM"),
        uasc=parse_dates(found, "DUC"),
        reviews=parse_dates(held, "REVIEW"),
    )


def readings(result: pl.DataFrame) -> dict[str, tuple[int, ...]]:
    return {la: tuple(values) for la, *values in result.drop("note", strict=False).iter_rows()}


def test_uasc_at_d_is_in_the_table_with_no_end_of_status_by_d() -> None:
    data = returned(
        [
            *(episode(name, "01/01/2023") for name in ("open", "later", "ceased", "on-d", "not")),
            episode("left", "01/01/2023", dec="01/01/2024", rec="E15"),  # not looked after at D
            episode("elsewhere", "01/01/2023", la="E2"),
        ],
        uasc=[
            ("open", None),  # still UASC
            ("later", "01/04/2024"),  # status ends after D
            ("ceased", "01/01/2024"),  # ended before D: former UASC
            ("on-d", "31/03/2024"),  # ended on D
            ("left", None),
        ],
    )
    assert readings(children.uasc_count(data, AS_AT)) == {"E1": (2,), "E2": (0,)}
    assert readings(children.uasc_share(data, AS_AT)) == {"E1": (2, 5), "E2": (0, 1)}
    # On 31/12/2023 every one of them was: `ceased` and `on-d` still UASC, `left` still in care.
    assert readings(children.uasc_count(data, D(2023, 12, 31))) == {"E1": (5,), "E2": (0,)}


def test_participation_counts_reviews_with_pn1_to_pn6_of_pn1_to_pn7() -> None:
    data = returned(
        [
            episode("a", "01/01/2023"),
            episode("b", "01/06/2023", dec="01/12/2023", rec="E4A"),
            episode("under-4", "01/01/2023", la="E2"),
            episode("no-reviews", "01/01/2023", la="E3"),
        ],
        reviews=[
            ("E1", "a", "01/04/2023", "PN1"),  # first day of P
            ("E1", "a", "01/07/2023", "PN4"),  # attends, no contribution: counts (unverified)
            ("E1", "a", "01/10/2023", "PN7"),  # views not conveyed: denominator only
            ("E1", "a", "31/03/2024", "PN6"),  # last day of P
            ("E1", "a", "31/03/2023", "PN1"),  # before P
            ("E1", "b", "01/07/2023", "PN0"),  # under 4: in neither
            ("E1", "b", "01/12/2023", "PN2"),  # on the day care ended: still in care
            ("E1", "b", "01/05/2023", "PN1"),  # before care began: left out
            ("E1", "short-breaks-only", "01/06/2023", "PN1"),  # no episode kept: left out
            ("E2", "under-4", "01/06/2023", "PN0"),
            ("E2", "under-4", "01/12/2023", "PN0"),
        ],
    )
    result = children.reviews_participation_share(data, START, END)
    assert readings(result) == {"E1": (4, 5), "E2": (0, 0), "E3": (0, 0)}
    assert dict(result.select("LA", "note").iter_rows()) == {
        "E1": "2 reviews in the period left out: not held while the child was looked after "
        "(short breaks aside)",
        "E2": None,
        "E3": None,
    }


MOVES = [
    # twice: moved twice in P, for different reasons, recorded on the episode each move ended.
    episode("twice", "01/01/2023", "S", "U4", "01/06/2023", "X1", "CREQB"),
    episode("twice", "01/06/2023", "P", "U6", "01/10/2023", "X1", "ALLEG"),
    episode("twice", "01/10/2023", "B", "K2"),
    # first-day: a move before P (not counted), then one on P's first day (counted).
    episode("first-day", "01/01/2022", "S", "U4", "01/02/2023", "X1", "CARPL"),
    episode("first-day", "01/02/2023", "P", "U6", "01/04/2023", "X1", "CHILD"),
    episode("first-day", "01/04/2023", "P", "K2"),
    # holiday: a temporary placement and the return are not moves; the move after is, with
    # no reason recorded.
    episode("holiday", "01/01/2023", "S", "U4", "01/07/2023", "X1", "OTHER"),
    episode("holiday", "01/07/2023", "P", "T2", "10/07/2023", "X1"),
    episode("holiday", "10/07/2023", "P", "U4", "01/09/2023", "X1"),
    episode("holiday", "01/09/2023", "P", "U6"),
    # legal: a change of legal status, and the same carer's change of placement: no moves.
    episode("legal", "01/01/2023", "S", "U4", "01/05/2023", "X1", "LAREQ"),
    episode("legal", "01/05/2023", "L", "U4", "01/08/2023", "X1", "PLACE"),
    episode("legal", "01/08/2023", "T", "U5"),
    # artefact: a "move" into the same PLACE, URN and postcode: not one.
    episode("artefact", "01/01/2023", "S", "U4", "01/05/2023", "X1", "CARPL"),
    episode("artefact", "01/05/2023", "P", "U4"),
    # liia: liia-tools' LIIAF marker: not_recorded.
    episode("liia", "01/01/2023", "S", "U4", "01/05/2023", "X1", "LIIAF"),
    episode("liia", "01/05/2023", "P", "U6"),
    # returned: a start of care, then a new period whose first episode is a P: no moves.
    episode("returned", "01/05/2023", "S", "U4", "01/06/2023", "E4A"),
    episode("returned", "01/08/2023", "P", "U6"),
    # Another authority: in care in P, never moved.
    episode("settled", "01/01/2023", la="E2"),
]


def test_moves_by_the_reason_on_the_episode_that_ended() -> None:
    result = children.placement_moves_by_reason(returned(MOVES), START, END)
    assert result.columns == ["LA", "category", "numerator", "denominator"]
    for (la,), rows in result.group_by("LA", maintain_order=True):
        assert rows["category"].to_list() == list(children.MOVE_REASONS), la
    counted = {
        (la, category): numerator for la, category, numerator, _ in result.iter_rows() if numerator
    }
    assert counted == {
        ("E1", "creqb"): 1,
        ("E1", "alleg"): 1,
        ("E1", "child"): 1,
        ("E1", "not_recorded"): 2,
    }
    assert dict(result.select("LA", "denominator").unique().iter_rows()) == {"E1": 5, "E2": 0}


def test_every_reason_code_of_the_latest_spec_is_a_category() -> None:
    assert children.MOVE_REASONS[-1] == "not_recorded"
    assert {"carpl", "close", "alleg", "stand", "apprr", "creqb", "creqo", "child", "lareq"} <= set(
        children.MOVE_REASONS
    )
    assert {"place", "custod", "other"} <= set(children.MOVE_REASONS)


# At 31/03/2024: looked after continuously since 31/03/2022 or earlier; placements counted over
# 01/04/2022 to 31/03/2024.
TWO_YEARS = [
    # three: the placement open on 01/04/2022 and two moves after it: 3.
    episode("three", "01/01/2022", "S", "U4", "01/03/2022", "X1"),
    episode("three", "01/03/2022", "P", "U6", "01/06/2022", "X1"),
    episode("three", "01/06/2022", "P", "K2", "01/01/2024", "X1"),
    episode("three", "01/01/2024", "P", "U4", post="three-again"),
    # exactly: in care from 31/03/2022, two years to the day: in the cohort, 2 placements.
    episode("exactly", "31/03/2022", "S", "U4", "01/07/2023", "X1"),
    episode("exactly", "01/07/2023", "P", "U6"),
    # day-short: in care from 01/04/2022: not in the cohort, whatever the moves.
    episode("day-short", "01/04/2022", "S", "U4", "01/05/2022", "X1"),
    episode("day-short", "01/05/2022", "P", "U6", "01/06/2022", "X1"),
    episode("day-short", "01/06/2022", "P", "K2"),
    # earlier: three moves in four years, two of the placements in the 24 months.
    episode("earlier", "01/01/2020", "S", "U4", "01/01/2021", "X1"),
    episode("earlier", "01/01/2021", "P", "U6", "01/01/2022", "X1"),
    episode("earlier", "01/01/2022", "P", "K2", "01/05/2023", "X1"),
    episode("earlier", "01/05/2023", "P", "U5"),
    # temporary: two temporary placements and the returns: 1.
    episode("temporary", "01/01/2021", "S", "U4", "01/06/2022", "X1"),
    episode("temporary", "01/06/2022", "P", "T2", "10/06/2022", "X1"),
    episode("temporary", "10/06/2022", "P", "U4", "01/09/2022", "X1"),
    episode("temporary", "01/09/2022", "P", "T1", "05/09/2022", "X1"),
    episode("temporary", "05/09/2022", "P", "U4"),
    # returned: in care 2019 to 2021, back from 01/06/2022: the current period is too short.
    episode("returned", "01/01/2019", "S", "U4", "01/01/2021", "E4A"),
    episode("returned", "01/06/2022", "S", "U6"),
    # linked: a legal status change before the window, then three moves: 4.
    episode("linked", "01/01/2022", "S", "U4", "01/02/2022", "X1"),
    episode("linked", "01/02/2022", "L", "U4", "01/06/2022", "X1"),
    episode("linked", "01/06/2022", "P", "U6", "01/06/2023", "X1"),
    episode("linked", "01/06/2023", "P", "K2", "01/01/2024", "X1"),
    episode("linked", "01/01/2024", "B", "U5"),
]


def test_stability_over_two_years_of_children_in_care_two_years() -> None:
    result = children.placement_stability_3plus_2yr(returned(TWO_YEARS), AS_AT)
    # Cohort: three, exactly, earlier, temporary, linked; 3 or more: three, linked.
    assert readings(result) == {"E1": (2, 5)}


def test_every_function_on_a_synthetic_return(tmp_path: Path) -> None:
    generate(tmp_path, years=4, last_year=2024, children=300)
    data, _ = load([tmp_path])
    as_at = max(coverage.end for coverage in data.coverage.values())
    start, end = period_for(as_at)
    count = readings(children.uasc_count(data, as_at))
    share = readings(children.uasc_share(data, as_at))
    reviews = readings(children.reviews_participation_share(data, start, end))
    stable = readings(children.placement_stability_3plus_2yr(data, as_at))
    moves = children.placement_moves_by_reason(data, start, end)
    assert count
    for la, (uasc,) in count.items():
        assert share[la] == (uasc, share[la][1])
        assert 0 < uasc < share[la][1]
        taking_part, held = reviews[la]
        assert held > 0
        assert 0.5 <= taking_part / held <= 1  # the generator's codes: 12 of 13 take part
        assert 0 <= stable[la][0] <= stable[la][1]
    for (la,), rows in moves.group_by("LA"):
        assert rows["numerator"].sum() == rows["denominator"][0] > 0, la
        assert rows["category"].to_list() == list(children.MOVE_REASONS)
