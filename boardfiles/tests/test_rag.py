"""KPI RAG: worked examples for each kind of target, and properties that hold for any reading:
a better reading never gets a worse RAG, and a reading short by no more than the tolerance is
amber."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from boardfiles.rag import Direction, Rag, direction, expected_value, rate
from boardfiles.targets import Comparison, Target, TargetKind, parse_target
from boardfiles.units import Polarity

D = Decimal
K = TargetKind
HIGHER, LOWER, NEITHER = Polarity.HIGHER, Polarity.LOWER, Polarity.NEITHER
GREEN, AMBER, RED = Rag.GREEN, Rag.AMBER, Rag.RED
ON = datetime.date(2016, 9, 30)
TARGET_SET = datetime.date(2016, 3, 31)


def rated(
    words: str,
    value: str,
    polarity: Polarity = HIGHER,
    *,
    tolerance: str = "2",
    on: datetime.date = ON,
    comparator_value: Decimal | None = None,
    trajectory_start_date: datetime.date | None = None,
) -> Rag:
    return rate(
        parse_target(words),
        D(value),
        polarity=polarity,
        tolerance=D(tolerance),
        on=on,
        comparator_value=comparator_value,
        trajectory_start_date=trajectory_start_date,
    )


@pytest.mark.parametrize(
    ("words", "value", "polarity", "rag"),
    [
        # "less than 10%", tolerance 2 points
        ("less than 10% (currently 12%)", "9.9", LOWER, GREEN),
        ("less than 10% (currently 12%)", "10", LOWER, AMBER),  # on a strict bound: not met
        ("less than 10% (currently 12%)", "12", LOWER, AMBER),
        ("less than 10% (currently 12%)", "12.1", LOWER, RED),
        ("no more than 5", "5", LOWER, GREEN),
        ("should be higher than 70%", "70.1", HIGHER, GREEN),
        ("should be higher than 70%", "70", HIGHER, AMBER),
        ("should be higher than 70%", "67.9", HIGHER, RED),
        ("95% or above", "95", HIGHER, GREEN),
        ("95% or above", "93", HIGHER, AMBER),
        # the words set the direction of a bound, even when the polarity is "neither"
        ("at least 90%", "91", NEITHER, GREEN),
        ("at least 90%", "80", NEITHER, RED),
        # bands: in the KPI's polarity
        ("maintain 95-100%", "97", NEITHER, GREEN),
        ("maintain 95-100%", "94", NEITHER, AMBER),
        ("between 60% and 70%", "71", NEITHER, AMBER),
        ("between 60% and 70%", "73", NEITHER, RED),
        ("between 60% and 70%", "80", HIGHER, GREEN),  # over the band is better, not worse
        ("between 60% and 70%", "59", HIGHER, AMBER),
        ("between 60% and 70%", "50", LOWER, GREEN),
        ("between 60% and 70%", "71", LOWER, AMBER),
        # a bare number is hit in the KPI's direction
        ("95%", "96", HIGHER, GREEN),
        ("10%", "9", LOWER, GREEN),
        ("10%", "11", LOWER, AMBER),
        ("10%", "11", NEITHER, AMBER),
        ("10%", "10", NEITHER, GREEN),
        # relative to baseline
        ("An increase in the number of local foster carers (currently 149).", "152", HIGHER, GREEN),
        ("An increase in the number of local foster carers (currently 149).", "145", HIGHER, RED),
    ],
)
def test_rates_a_reading_against_its_target(
    words: str, value: str, polarity: Polarity, rag: Rag
) -> None:
    assert rated(words, value, polarity) == rag


def test_no_tolerance_means_no_amber() -> None:
    assert rated("95% or above", "94.9", HIGHER, tolerance="0") == RED
    assert rated("less than 10%", "10", LOWER, tolerance="0") == RED


@pytest.mark.parametrize("words", ["no target", "contextual", "", "We will do our best"])
def test_no_target_is_no_target(words: str) -> None:
    assert rated(words, "50") == Rag.NO_TARGET


# --- trajectories: the expected value on the day ---------------------------------------------

TRAJECTORY = "from 87% to 100% by March 2017"  # set on 31 March 2016: 365 days to run


def test_a_trajectory_expects_the_straight_line_value_on_the_day() -> None:
    target = parse_target(TRAJECTORY)
    halfway = expected_value(target, on=ON, start_date=TARGET_SET)  # 183 of 365 days
    assert halfway == D(87) + D(13) * D(183) / D(365)
    assert expected_value(target, on=TARGET_SET, start_date=TARGET_SET) == D(87)
    assert expected_value(target, on=datetime.date(2015, 1, 1), start_date=TARGET_SET) == D(87)
    assert expected_value(target, on=datetime.date(2018, 1, 1), start_date=TARGET_SET) == D(100)
    assert expected_value(parse_target("at least 90%"), on=ON, start_date=TARGET_SET) is None


@pytest.mark.parametrize(
    ("value", "on", "rag"),
    [
        ("94", ON, GREEN),  # expected about 93.5
        ("93", ON, AMBER),
        ("92", ON, RED),
        ("91", ON, RED),
        ("99", datetime.date(2017, 3, 31), AMBER),  # from `by` on: the end value
        ("100", datetime.date(2017, 6, 30), GREEN),
        ("87", TARGET_SET, GREEN),
    ],
)
def test_a_rising_trajectory_is_met_on_or_above_the_line(
    value: str, on: datetime.date, rag: Rag
) -> None:
    assert (
        rated(
            TRAJECTORY,
            value,
            HIGHER,
            tolerance="1",
            on=on,
            trajectory_start_date=TARGET_SET,
        )
        == rag
    )


def test_a_falling_trajectory_is_met_on_or_below_the_line() -> None:
    words = "from 12% down to 10% by March 2017"  # expected about 11.0 on 30 September 2016
    for value, rag in [("10.9", GREEN), ("11.4", AMBER), ("11.6", RED)]:
        found = rated(words, value, LOWER, tolerance="0.5", trajectory_start_date=TARGET_SET)
        assert found == rag


def test_a_trajectory_without_its_start_date_is_held_to_its_end_value() -> None:
    assert rated(TRAJECTORY, "94", HIGHER, tolerance="1") == RED
    assert rated(TRAJECTORY, "99.5", HIGHER, tolerance="1") == AMBER


# --- comparators ------------------------------------------------------------------------------


def test_a_comparator_target_awaits_the_comparator_value() -> None:
    assert rated("at or above the England average", "80") == Rag.AWAITED


@pytest.mark.parametrize(
    ("words", "value", "polarity", "rag"),
    [
        ("at or above the England average", "80", HIGHER, GREEN),
        ("at or above the England average", "79", HIGHER, AMBER),
        ("at or above the England average", "70", HIGHER, RED),
        ("below the statistical neighbour average", "79", LOWER, GREEN),
        ("below the statistical neighbour average", "80", LOWER, AMBER),
        ("better than the regional average", "81", HIGHER, GREEN),
        ("better than the regional average", "79", LOWER, GREEN),
        ("better than the regional average", "81", NEITHER, Rag.NO_TARGET),
        ("England average or better", "80", LOWER, GREEN),
        # in line: within the tolerance (2) is on target, within twice it close
        ("in line with national", "78.5", NEITHER, GREEN),
        ("in line with national", "83", NEITHER, AMBER),
        ("in line with national", "85", NEITHER, RED),
        ("in line with national", "90", HIGHER, GREEN),
    ],
)
def test_rates_against_the_comparator_value(
    words: str, value: str, polarity: Polarity, rag: Rag
) -> None:
    assert rated(words, value, polarity, comparator_value=D(80)) == rag


def test_a_relative_target_awaits_its_baseline_figure() -> None:
    target = parse_target("10% Less cared for children offend compared with 2013/14")
    settled = target.with_baseline(D(50))  # at most 45
    for rule, value, rag in [
        (target, "40", Rag.AWAITED),
        (settled, "45", GREEN),
        (settled, "46", AMBER),
    ]:
        assert rate(rule, D(value), polarity=LOWER, tolerance=D(1), on=ON) == rag


def test_every_status_has_words_and_a_shape_of_its_own() -> None:
    assert [rag.label for rag in Rag] == [
        "On target",
        "Close to target",
        "Off target",
        "No target",
        "Comparison awaited",
    ]
    shapes = [rag.shape for rag in Rag]
    assert len(set(shapes)) == len(shapes)


# --- direction of travel -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "latest", "polarity", "expected", "words"),
    [
        ("80", "85", HIGHER, Direction.IMPROVING, "Improving"),
        ("80", "75", HIGHER, Direction.WORSENING, "Worsening"),
        ("12", "10", LOWER, Direction.IMPROVING, "Improving"),
        ("12", "14", LOWER, Direction.WORSENING, "Worsening"),
        ("80", "85", NEITHER, Direction.UP, "Up"),
        ("80", "75", NEITHER, Direction.DOWN, "Down"),
        ("80", "80.0004", HIGHER, Direction.NO_CHANGE, "No change"),
        (None, "80", HIGHER, Direction.NOT_APPLICABLE, "No earlier figure"),
    ],
)
def test_direction_of_travel(
    previous: str | None, latest: str, polarity: Polarity, expected: Direction, words: str
) -> None:
    found = direction(None if previous is None else D(previous), D(latest), polarity)
    assert (found, found.words) == (expected, words)


# --- properties ------------------------------------------------------------------------------

values = st.decimals(min_value=-50, max_value=200, places=2)
tolerances = st.decimals(min_value=0, max_value=10, places=1)
RANK = {GREEN: 0, AMBER: 1, RED: 2}


@st.composite
def targets_for(draw: st.DrawFn, polarity: Polarity) -> tuple[Target, Decimal | None]:
    """A target that agrees with the polarity, and a comparator value for comparator targets."""
    a, b = sorted([draw(values), draw(values)])
    up = polarity == HIGHER
    kind = draw(
        st.sampled_from(
            [
                K.MORE_THAN if up else K.LESS_THAN,
                K.AT_LEAST if up else K.AT_MOST,
                K.BETWEEN,
                K.MAINTAIN,
                K.TRAJECTORY,
                K.COMPARATOR,
            ]
        )
    )
    if kind == K.TRAJECTORY:
        start, end = (a, b) if up else (b, a)
        by = datetime.date(2017, 3, 31)
        return Target(words="", kind=kind, start=start, end=end, by=by), None
    if kind == K.COMPARATOR:
        comparison = draw(
            st.sampled_from(
                [
                    Comparison.MORE_THAN if up else Comparison.LESS_THAN,
                    Comparison.AT_LEAST if up else Comparison.AT_MOST,
                    Comparison.IN_LINE,
                    Comparison.BETTER_THAN,
                    Comparison.NO_WORSE_THAN,
                ]
            )
        )
        return Target(words="", kind=kind, comparison=comparison), a
    return Target(words="", kind=kind, low=a, high=b), None


def _rank(
    target: Target,
    value: Decimal,
    polarity: Polarity,
    tolerance: Decimal,
    comparator_value: Decimal | None,
) -> int:
    rag = rate(
        target,
        value,
        polarity=polarity,
        tolerance=tolerance,
        on=ON,
        comparator_value=comparator_value,
        trajectory_start_date=TARGET_SET,
    )
    return RANK[rag]


@given(data=st.data(), polarity=st.sampled_from([HIGHER, LOWER]), tolerance=tolerances)
def test_a_better_reading_never_gets_a_worse_rag(
    data: st.DataObject, polarity: Polarity, tolerance: Decimal
) -> None:
    target, comparator_value = data.draw(targets_for(polarity))
    x, y = data.draw(values), data.draw(values)
    better, worse = (max(x, y), min(x, y)) if polarity == HIGHER else (min(x, y), max(x, y))
    better_rank = _rank(target, better, polarity, tolerance, comparator_value)
    assert better_rank <= _rank(target, worse, polarity, tolerance, comparator_value)


@given(
    kind=st.sampled_from([K.AT_LEAST, K.MORE_THAN, K.AT_MOST, K.LESS_THAN]),
    bound=values,
    tolerance=st.decimals(min_value=D("0.1"), max_value=10, places=1),
    fraction=st.decimals(min_value=0, max_value=1, places=3),
    polarity=st.sampled_from(list(Polarity)),
)
def test_short_of_a_bound_by_no_more_than_the_tolerance_is_amber(
    kind: TargetKind, bound: Decimal, tolerance: Decimal, fraction: Decimal, polarity: Polarity
) -> None:
    shortfall = tolerance * fraction
    floor = kind in (K.AT_LEAST, K.MORE_THAN)
    assume(shortfall > 0 or kind in (K.MORE_THAN, K.LESS_THAN))  # on an inclusive bound: met
    target = Target(
        words="", kind=kind, low=bound if floor else None, high=None if floor else bound
    )
    value = bound - shortfall if floor else bound + shortfall
    beyond = bound - tolerance - D("0.01") if floor else bound + tolerance + D("0.01")
    inside = bound + D("0.01") if floor else bound - D("0.01")
    for reading, rag in [(value, AMBER), (beyond, RED), (inside, GREEN)]:
        assert rate(target, reading, polarity=polarity, tolerance=tolerance, on=ON) == rag


@given(
    low=values,
    width=st.decimals(min_value=0, max_value=20, places=1),
    tolerance=st.decimals(min_value=D("0.1"), max_value=10, places=1),
    fraction=st.decimals(min_value=D("0.001"), max_value=1, places=3),
    above=st.booleans(),
)
def test_outside_a_band_by_no_more_than_the_tolerance_is_amber(
    low: Decimal, width: Decimal, tolerance: Decimal, fraction: Decimal, above: bool
) -> None:
    high = low + width
    target = Target(words="", kind=K.MAINTAIN, low=low, high=high)
    value = high + tolerance * fraction if above else low - tolerance * fraction
    for reading, rag in [(value, AMBER), ((low + high) / 2, GREEN)]:
        assert rate(target, reading, polarity=NEITHER, tolerance=tolerance, on=ON) == rag


@given(previous=values, latest=values, polarity=st.sampled_from([HIGHER, LOWER]))
def test_reversing_a_change_reverses_its_direction(
    previous: Decimal, latest: Decimal, polarity: Polarity
) -> None:
    forwards, backwards = (
        direction(previous, latest, polarity),
        direction(latest, previous, polarity),
    )
    flipped = {
        Direction.IMPROVING: Direction.WORSENING,
        Direction.WORSENING: Direction.IMPROVING,
        Direction.NO_CHANGE: Direction.NO_CHANGE,
    }
    assert backwards == flipped[forwards]
