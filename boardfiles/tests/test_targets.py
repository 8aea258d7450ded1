"""The target parser: every phrase from the seed strategies, other council phrasings, and
properties that hold for any text or any generated phrase."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boardfiles.targets import Comparator, Comparison, Target, TargetKind, parse_target
from boardfiles.units import Unit

D = Decimal
K = TargetKind
PERCENT, COUNT = Unit.PERCENTAGE, Unit.COUNT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Single bounds, as the seed strategies write them
        (
            "less than 10% (currently 12%)",
            {
                "kind": K.LESS_THAN,
                "high": D(10),
                "low": None,
                "unit": PERCENT,
                "baseline": "currently 12%",
                "baseline_value": D(12),
            },
        ),
        (
            (
                "The number of children who experience three moves or more within a year is less "
                "than 10% (currently 12%)"
            ),
            {
                "kind": K.LESS_THAN,
                "high": D(10),
                "unit": PERCENT,
                "baseline": "currently 12%",
                "baseline_value": D(12),
            },
        ),
        ("should be higher than 70%", {"kind": K.MORE_THAN, "low": D(70), "unit": PERCENT}),
        (
            (
                "The number of young people looked after for 2.5 years who have been in the same "
                "placement for 2 years should be higher than 70%"
            ),
            {"kind": K.MORE_THAN, "low": D(70), "high": None, "unit": PERCENT},
        ),
        ("at most 5", {"kind": K.AT_MOST, "high": D(5), "unit": COUNT}),
        ("no more than 5", {"kind": K.AT_MOST, "high": D(5), "unit": COUNT}),
        ("5 or fewer", {"kind": K.AT_MOST, "high": D(5), "unit": COUNT}),
        ("95% or above", {"kind": K.AT_LEAST, "low": D(95), "unit": PERCENT}),
        (
            "Reviews held on time (i.e. 95% or above)",
            {"kind": K.AT_LEAST, "low": D(95), "unit": PERCENT, "baseline": None},
        ),
        ("at least 90%", {"kind": K.AT_LEAST, "low": D(90), "unit": PERCENT}),
        (
            (
                "Maintain the rolling programme of apprenticeships with at least 5 in placement at "
                "any time"
            ),
            {"kind": K.AT_LEAST, "low": D(5), "unit": COUNT},
        ),
        # Bands and levels to keep
        ("between 60% and 70%", {"kind": K.BETWEEN, "low": D(60), "high": D(70), "unit": PERCENT}),
        ("60-70%", {"kind": K.BETWEEN, "low": D(60), "high": D(70), "unit": PERCENT}),
        ("60\u201370%", {"kind": K.BETWEEN, "low": D(60), "high": D(70), "unit": PERCENT}),
        ("maintain 95-100%", {"kind": K.MAINTAIN, "low": D(95), "high": D(100), "unit": PERCENT}),
        (
            "maintain 95% to 100%",
            {"kind": K.MAINTAIN, "low": D(95), "high": D(100), "unit": PERCENT},
        ),
        # Trajectories
        (
            "Increase the level of good or outstanding placements utilised from 87 % to 100%",
            {"kind": K.TRAJECTORY, "start": D(87), "end": D(100), "unit": PERCENT, "by": None},
        ),
        (
            "from 87% to 100% by March 2017",
            {
                "kind": K.TRAJECTORY,
                "start": D(87),
                "end": D(100),
                "unit": PERCENT,
                "by": datetime.date(2017, 3, 31),
            },
        ),
        (
            "from 87% to 100% by 2018",
            {"kind": K.TRAJECTORY, "by": datetime.date(2018, 12, 31)},
        ),
        # Against published averages
        (
            "at or above the England average",
            {
                "kind": K.COMPARATOR,
                "comparator": Comparator.ENGLAND,
                "comparison": Comparison.AT_LEAST,
                "unit": None,
            },
        ),
        (
            "below the statistical neighbour average",
            {
                "kind": K.COMPARATOR,
                "comparator": Comparator.STATISTICAL_NEIGHBOURS,
                "comparison": Comparison.LESS_THAN,
            },
        ),
        (
            "in line with national",
            {
                "kind": K.COMPARATOR,
                "comparator": Comparator.ENGLAND,
                "comparison": Comparison.IN_LINE,
            },
        ),
        (
            "better than the regional average",
            {
                "kind": K.COMPARATOR,
                "comparator": Comparator.REGION,
                "comparison": Comparison.BETTER_THAN,
            },
        ),
        # No target
        ("no target", {"kind": K.NONE, "understood": True}),
        ("contextual", {"kind": K.NONE, "understood": True}),
        ("n/a", {"kind": K.NONE, "understood": True}),
        ("", {"kind": K.NONE, "understood": True}),
        # Aims with a baseline and no number: better than the baseline
        (
            "An increase in the number of local foster carers (currently 149).",
            {
                "kind": K.MORE_THAN,
                "low": D(149),
                "unit": COUNT,
                "baseline": "currently 149",
                "baseline_value": D(149),
            },
        ),
        (
            (
                "Increase in the % of children waiting less than 18 months to be adopted "
                "(currently 53% in 2013)."
            ),
            {
                "kind": K.MORE_THAN,
                "low": D(53),
                "high": None,
                "unit": PERCENT,
                "baseline": "currently 53% in 2013",
                "baseline_value": D(53),
            },
        ),
        # A relative reduction: a bound once the 2013/14 figure is known
        (
            "10% Less cared for children offend compared with 2013/14",
            {
                "kind": K.AT_MOST,
                "change": D(-10),
                "high": None,
                "unit": None,
                "baseline": "compared with 2013/14",
            },
        ),
        (
            (
                "Number of care experienced young people attending university to increase year by "
                "year aiming for 30% of the EET population 18+"
            ),
            {"kind": K.AT_LEAST, "low": D(30), "unit": PERCENT},
        ),
    ],
)
def test_reads_the_phrases_in_the_seed_strategies(text: str, expected: dict[str, object]) -> None:
    target = parse_target(text)
    assert {name: getattr(target, name) for name in expected} == expected
    assert target.words == text.strip()
    assert target.understood


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("95%", {"kind": K.BETWEEN, "low": D(95), "high": D(95), "unit": PERCENT}),
        ("Target: 95%", {"kind": K.BETWEEN, "low": D(95), "high": D(95)}),
        ("10% or better", {"kind": K.BETWEEN, "low": D(10), "high": D(10)}),
        ("maintain 95%", {"kind": K.MAINTAIN, "low": D(95), "high": D(95)}),
        ("95 per cent or above", {"kind": K.AT_LEAST, "low": D(95), "unit": PERCENT}),
        ("Less than 8 percent", {"kind": K.LESS_THAN, "high": D(8), "unit": PERCENT}),
        ("no fewer than 1,250 visits", {"kind": K.AT_LEAST, "low": D(1250), "unit": COUNT}),
        (">= 95%", {"kind": K.AT_LEAST, "low": D(95)}),
        ("95%+", {"kind": K.AT_LEAST, "low": D(95)}),
        ("Under 60 per 10,000", {"kind": K.LESS_THAN, "high": D(60), "unit": None}),
        ("less than 426 days", {"kind": K.LESS_THAN, "high": D(426), "unit": None}),
        ("Average days to adoption below 426 days by 2016/17", {"by": datetime.date(2017, 3, 31)}),
        (
            "Improve health checks to 95% by the end of March 2018",
            {"kind": K.AT_LEAST, "low": D(95), "by": datetime.date(2018, 3, 31)},
        ),
        ("Reduce repeat missing to 20%", {"kind": K.AT_MOST, "high": D(20)}),
        (
            "less than 10%, currently 12%",
            {"kind": K.LESS_THAN, "high": D(10), "baseline_value": D(12)},
        ),
        (
            "The % of children with 3 or more placements in a year is less than 10%",
            {"kind": K.LESS_THAN, "high": D(10), "low": None},
        ),
        (
            "Care leavers aged 19 or over in education, employment or training: at least 60%",
            {"kind": K.AT_LEAST, "low": D(60)},
        ),
        (
            "Children placed more than 20 miles from home to be no more than 12%",
            {"kind": K.AT_MOST, "high": D(12)},
        ),
        (
            "from 12% down to 9% by 31 March 2017",
            {"kind": K.TRAJECTORY, "start": D(12), "end": D(9), "by": datetime.date(2017, 3, 31)},
        ),
        ("Maintain at or above 95%", {"kind": K.AT_LEAST, "low": D(95)}),
        (
            "England average or better",
            {"kind": K.COMPARATOR, "comparison": Comparison.NO_WORSE_THAN},
        ),
        (
            "Reduce first time entrants by 10%",
            {"kind": K.AT_MOST, "change": D(-10), "high": None},
        ),
        (
            "Reduce offending by 10% compared with 2013/14 (currently 40)",
            {"kind": K.AT_MOST, "change": D(-10), "high": D(36), "baseline_value": D(40)},
        ),
        ("Contextual - no target set", {"kind": K.NONE, "understood": True}),
        ("N/A", {"kind": K.NONE, "understood": True}),
        (
            "TBC",
            {"kind": K.NONE, "understood": True, "note": "The target is still to be confirmed."},
        ),
    ],
)
def test_reads_other_council_phrasings(text: str, expected: dict[str, object]) -> None:
    target = parse_target(text)
    assert {name: getattr(target, name) for name in expected} == expected
    assert target.understood


def test_a_month_with_no_year_gives_no_date_but_keeps_the_words() -> None:
    target = parse_target("from 87% to 100% by March")
    assert (target.kind, target.start, target.end, target.by) == (
        K.TRAJECTORY,
        D(87),
        D(100),
        None,
    )
    assert "March" in target.words
    assert "No year" in target.note


def test_a_definitional_less_than_is_not_taken_for_the_target() -> None:
    target = parse_target(
        "Increase in the % of children waiting less than 18 months to be adopted "
        "(currently 53% in 2013)."
    )
    assert target.kind == K.MORE_THAN  # not less_than 18
    assert target.high is None
    assert target.low == D(53)
    assert "more than the current 53%" in target.note


def test_a_relative_target_gets_its_bound_from_the_baseline_figure() -> None:
    target = parse_target("10% Less cared for children offend compared with 2013/14")
    assert "10% fewer" in target.note
    settled = target.with_baseline(D(50))
    assert (settled.kind, settled.high, settled.baseline_value) == (K.AT_MOST, D(45), D(50))


@pytest.mark.parametrize(
    "text",
    [
        "We will do our best",
        "Improve outcomes for children in care",
        "???",
        "TBA soon",
        # Seed 002: a bare range in brackets names the ages measured, not a band to hit
        "Increase in Care Leavers engaged with an annual health review (16-18)",
    ],
)
def test_words_without_a_target_are_kept_and_flagged(text: str) -> None:
    target = parse_target(text)
    assert target.kind == K.NONE
    assert not target.understood
    assert target.words == text
    assert target.note


def test_as_dict_is_json_ready_and_round_trips() -> None:
    target = parse_target("from 87.5% to 100% by March 2017 (currently 87.5%)")
    data = target.as_dict()
    assert data == {
        "words": "from 87.5% to 100% by March 2017 (currently 87.5%)",
        "kind": "trajectory",
        "low": None,
        "high": None,
        "start": "87.5",
        "end": "100",
        "by": "2017-03-31",
        "unit": "percentage",
        "comparator": None,
        "comparison": None,
        "baseline": "currently 87.5%",
        "baseline_value": "87.5",
        "change": None,
        "understood": True,
        "note": "",
    }
    assert Target.from_dict(data) == target


# --- properties ------------------------------------------------------------------------------

MEASURES = [
    "",
    "The number of children who experience three moves or more within a year is",
    "Care leavers aged 19 to 21 in suitable accommodation should be",
    "% of children waiting less than 18 months to be adopted:",
    "Initial health assessments within 20 working days",
]
numbers = st.one_of(
    st.integers(min_value=0, max_value=100_000).map(Decimal),
    st.decimals(min_value=0, max_value=1000, places=1),
    st.decimals(min_value=0, max_value=100, places=2),
)
percentages = st.decimals(min_value=0, max_value=100, places=1)
months = st.integers(min_value=1, max_value=12)
years = st.integers(min_value=2000, max_value=2099)  # the parser reads 1900 to 2099 as years


@given(st.text())
def test_never_raises_and_always_keeps_the_words(text: str) -> None:
    target = parse_target(text)
    assert target.words == text.strip()
    assert target.kind in TargetKind
    assert Target.from_dict(target.as_dict()) == target


@given(
    measure=st.sampled_from(MEASURES),
    bound=percentages,
    current=st.none() | percentages,
)
def test_less_than_reads_back_the_number(
    measure: str, bound: Decimal, current: Decimal | None
) -> None:
    text = f"{measure} less than {bound}%" + (
        f" (currently {current}%)" if current is not None else ""
    )
    target = parse_target(text)
    assert (target.kind, target.high, target.unit) == (K.LESS_THAN, bound, PERCENT)
    assert target.baseline_value == current


@given(
    template=st.sampled_from(
        [
            ("at least {n}", K.AT_LEAST, "low"),
            ("no less than {n}", K.AT_LEAST, "low"),
            ("{n} or more", K.AT_LEAST, "low"),
            ("higher than {n}", K.MORE_THAN, "low"),
            ("above {n}", K.MORE_THAN, "low"),
            ("at most {n}", K.AT_MOST, "high"),
            ("no more than {n}", K.AT_MOST, "high"),
            ("{n} or fewer", K.AT_MOST, "high"),
            ("fewer than {n}", K.LESS_THAN, "high"),
        ]
    ),
    measure=st.sampled_from(MEASURES),
    n=numbers,
    percent=st.booleans(),
)
def test_single_bounds_read_back_the_number(
    template: tuple[str, TargetKind, str], measure: str, n: Decimal, percent: bool
) -> None:
    words, kind, field = template
    number = f"{n}%" if percent else f"{n:,}"
    target = parse_target(f"{measure} {words.format(n=number)}")
    assert (target.kind, getattr(target, field)) == (kind, n)
    assert target.unit == (PERCENT if percent else COUNT)


@given(start=percentages, end=percentages, month=months, short=st.booleans(), year=years)
def test_trajectories_read_back_the_numbers_and_the_month_end(
    start: Decimal, end: Decimal, month: int, short: bool, year: int
) -> None:
    name = (calendar.month_abbr if short else calendar.month_name)[month]
    target = parse_target(f"from {start}% to {end}% by {name} {year}")
    last_day = calendar.monthrange(year, month)[1]
    assert (target.kind, target.start, target.end, target.unit) == (
        K.TRAJECTORY,
        start,
        end,
        PERCENT,
    )
    assert target.by == datetime.date(year, month, last_day)


@given(
    a=percentages,
    b=percentages,
    template=st.sampled_from(
        [
            ("maintain {a}-{b}%", K.MAINTAIN),
            ("maintain {a}% to {b}%", K.MAINTAIN),
            ("between {a}% and {b}%", K.BETWEEN),
            ("{a}-{b}%", K.BETWEEN),
        ]
    ),
)
def test_bands_read_back_low_and_high(
    a: Decimal, b: Decimal, template: tuple[str, TargetKind]
) -> None:
    words, kind = template
    target = parse_target(words.format(a=a, b=b))
    assert (target.kind, target.low, target.high) == (kind, min(a, b), max(a, b))


@given(
    comparison=st.sampled_from(
        [
            ("at or above", Comparison.AT_LEAST),
            ("below", Comparison.LESS_THAN),
            ("in line with", Comparison.IN_LINE),
            ("better than", Comparison.BETTER_THAN),
        ]
    ),
    who=st.sampled_from(
        [
            ("the England average", Comparator.ENGLAND),
            ("national", Comparator.ENGLAND),
            ("the regional average", Comparator.REGION),
            ("our statistical neighbours", Comparator.STATISTICAL_NEIGHBOURS),
        ]
    ),
)
def test_comparators_read_back_the_average_and_the_way(
    comparison: tuple[str, Comparison], who: tuple[str, Comparator]
) -> None:
    target = parse_target(f"{comparison[0]} {who[0]}")
    assert (target.kind, target.comparison, target.comparator) == (
        K.COMPARATOR,
        comparison[1],
        who[1],
    )
