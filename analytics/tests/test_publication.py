"""Suppression and rounding for publication (INDICATORS.md 6.1), on hand-made readings."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.indicators.reading import Reading, Status, period_for
from analytics.publication import SECONDARY, Level, Policy, Published, publish

AS_AT = datetime.date(2024, 3, 31)
LA = "E06000001"
LOCAL = Policy()
NATIONAL = Policy(level="National")


def reading(
    code: str = "cla_count",
    numerator: float | None = 12,
    denominator: float | None = None,
    *,
    la: str = LA,
    as_at: datetime.date = AS_AT,
    status: Status = "ok",
    note: str = "",
    per: int = 1,
) -> Reading:
    start, end = period_for(as_at)
    return Reading(code, la, as_at, start, end, numerator, denominator, status, note, per)


def one(item: Reading, policy: Policy = LOCAL) -> Published:
    return publish([item], policy)[0]


def shown(items: list[Reading], policy: Policy = LOCAL) -> list[str]:
    return [p.shown for p in publish(items, policy)]


# Counts


def test_an_authoritys_count_is_shown_unrounded() -> None:
    published = one(reading(numerator=1234))
    assert (published.shown, published.value, published.symbol) == ("1,234", 1234.0, None)
    assert (published.code, published.la, published.as_at) == ("cla_count", LA, AS_AT)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_a_count_of_1_to_5_is_suppressed(count: int) -> None:
    published = one(reading(numerator=count))
    assert (published.shown, published.value, published.symbol) == ("c", None, "c")
    assert published.reason == "A count of 1 to 5 children: suppressed (c)"


def test_a_count_of_6_is_shown_and_a_zero_is_a_true_zero() -> None:
    assert shown([reading(numerator=6), reading(numerator=0)]) == ["6", "0"]
    assert one(reading(numerator=0)).value == 0.0


@pytest.mark.parametrize(
    ("count", "expected"), [(15, "20"), (25, "30"), (6, "10"), (1234, "1,230"), (0, "0")]
)
def test_national_counts_are_rounded_half_up_to_the_nearest_10(count: int, expected: str) -> None:
    assert one(reading(numerator=count), NATIONAL).shown == expected


def test_a_national_count_of_1_to_5_is_suppressed_not_rounded_to_a_false_zero() -> None:
    assert one(reading(numerator=3), Policy(level="Regional")).symbol == "c"


def test_a_count_that_rounds_to_zero_but_is_not_zero_is_k() -> None:
    published = one(reading(numerator=4), Policy(maximum=2, level="National"))
    assert (published.shown, published.value, published.symbol) == ("k", None, "k")


def test_the_suppressed_range_is_configurable() -> None:
    policy = Policy(minimum=1, maximum=9)
    assert shown([reading(numerator=9), reading(numerator=10)], policy) == ["c", "10"]
    assert one(reading(numerator=9), policy).reason == "A count of 1 to 9 children: suppressed (c)"


# Not available and not applicable


@pytest.mark.parametrize("status", ["not_available", "incomplete_window"])
def test_a_reading_that_is_not_ok_is_x_never_0(status: Status) -> None:
    published = one(reading(numerator=None, status=status, note="Needs last year's Reviews"))
    assert (published.shown, published.value, published.symbol) == ("x", None, "x")
    assert published.reason == "Not available (x): Needs last year's Reviews"


def test_an_ok_reading_without_a_figure_is_x() -> None:
    assert one(reading(numerator=None)).symbol == "x"
    assert one(reading("uasc_share", numerator=float("nan"), denominator=40)).symbol == "x"


def test_a_zero_base_is_not_applicable() -> None:
    zero_bases = [
        reading("adoption_share_of_ceases", 0, 0),
        reading("cla_rate_per_10k", 0, 0, per=10_000),
        reading("oc2_sdq_mean", 0, 0),
        reading("adoption_share_of_ceases", None, 0, status="not_available"),
    ]
    assert {(p.shown, p.value, p.symbol) for p in publish(zero_bases)} == {("z", None, "z")}


# Shares


def test_a_share_is_a_whole_percentage() -> None:
    published = one(reading("placement_foster_share", 8, 12))
    assert (published.shown, published.value, published.small_base) == ("67%", 67.0, False)


def test_percentages_round_half_up() -> None:
    assert round(12.5) == 12  # Python's own rounding, which DfE's is not
    assert one(reading("uasc_share", 6, 48)).shown == "13%"  # 12.5%
    assert one(reading("uasc_share", 6, 1200)).shown == "1%"  # 0.5%


def test_a_share_built_from_1_to_5_children_is_suppressed() -> None:
    published = one(reading("uasc_share", 3, 40))
    assert (published.shown, published.value, published.symbol) == ("c", None, "c")
    assert published.reason == "Built from a count of 1 to 5 children: suppressed (c)"


def test_a_share_out_of_1_to_5_children_is_suppressed_even_when_it_is_zero() -> None:
    published = one(reading("uasc_share", 0, 4))
    assert (published.shown, published.reason) == ("c", "Out of 1 to 5 children: suppressed (c)")


def test_a_share_that_rounds_to_zero_but_is_not_zero_is_k() -> None:
    assert one(reading("uasc_share", 6, 1300)).symbol == "k"  # 0.46%
    assert one(reading("uasc_share", 0, 1300)).shown == "0%"


def test_a_percentage_of_fewer_than_10_children_is_shown_with_its_numbers() -> None:
    published = one(reading("placement_foster_share", 6, 7))
    assert (published.shown, published.value) == ("86% (6 of 7)", 86.0)
    assert published.small_base
    assert published.symbol is None
    assert published.reason == "Small base: a percentage of fewer than 10 children"
    assert one(reading("uasc_share", 0, 8)).shown == "0% (0 of 8)"
    assert not one(reading("uasc_share", 6, 10)).small_base


def test_a_national_small_base_is_flagged_without_its_rounded_numbers() -> None:
    published = one(reading("placement_foster_share", 6, 7), NATIONAL)
    assert (published.shown, published.small_base) == ("86%", True)


def test_national_shares_are_worked_out_from_unrounded_numbers() -> None:
    assert one(reading("placement_foster_share", 44, 58), NATIONAL).shown == "76%"


# Rates and means


def test_a_rate_is_a_whole_number_per_10000() -> None:
    published = one(reading("cla_rate_per_10k", 412, 61234, per=10_000))
    assert (published.shown, published.value) == ("67", 67.0)  # 67.28
    assert one(reading("cla_rate_per_10k", 25, 100_000, per=10_000)).shown == "3"  # 2.5


def test_a_rate_built_from_1_to_5_children_is_suppressed() -> None:
    assert one(reading("cla_rate_per_10k", 3, 61234, per=10_000)).shown == "c"


def test_a_mean_is_a_whole_number_rounded_half_up() -> None:
    assert one(reading("oc2_sdq_mean", 125, 10)).shown == "13"  # 12.5
    assert one(reading("oc2_sdq_mean", 15, 6)).shown == "3"  # 2.5


def test_a_mean_over_1_to_5_children_is_suppressed() -> None:
    published = one(reading("oc2_sdq_mean", 60, 4))
    assert (published.shown, published.reason) == (
        "c",
        "A mean over 1 to 5 children: suppressed (c)",
    )


def test_units_can_be_named_where_the_code_does_not_say() -> None:
    days = reading("adoption_a1_days", 4500, 10)
    assert publish([days])[0].shown == "45,000%"  # taken for a share
    assert publish([days], units={"adoption_a1_days": "mean"})[0].shown == "450"
    cells = [reading("placement_moves_by_reason:R1", 7, 40)]
    assert publish(cells, units={"placement_moves_by_reason": "count"})[0].shown == "7"


# Mixes: secondary suppression


def mix(*cells: int, la: str = LA, as_at: datetime.date = AS_AT) -> list[Reading]:
    bands = ["under_1", "1_4", "5_9", "10_15", "16_over", "other", "more", "most"]
    total = sum(cells)
    return [
        reading(f"cla_age_band_mix:{band}", n, total, la=la, as_at=as_at)
        for band, n in zip(bands, cells, strict=False)
    ]


def test_one_suppressed_cell_takes_the_next_smallest_with_it() -> None:
    published = publish(mix(3, 10, 20, 40, 27))
    assert [p.shown for p in published] == ["c", "c", "20%", "40%", "27%"]
    assert published[0].reason == "Built from a count of 1 to 5 children: suppressed (c)"
    assert published[1].reason == SECONDARY


def test_two_suppressed_cells_need_no_more() -> None:
    assert shown(mix(2, 3, 20, 40)) == ["c", "c", "31%", "62%"]


def test_suppressed_cells_of_one_child_each_take_another() -> None:
    assert shown(mix(1, 1, 20, 40)) == ["c", "c", "c", "65%"]


def test_a_zero_cell_is_never_taken() -> None:
    assert shown(mix(3, 0, 10, 20)) == ["c", "0%", "c", "61%"]


def test_the_first_of_equal_cells_is_taken() -> None:
    assert shown(mix(3, 10, 10, 20)) == ["c", "c", "23%", "47%"]


def test_a_suppressed_total_suppresses_every_cell() -> None:
    assert shown(mix(2, 1, 0)) == ["c", "c", "c"]


def test_cells_are_grouped_by_authority_and_date() -> None:
    other_la = mix(3, 30, 20, la="E06000002")
    other_date = mix(30, 3, 20, as_at=datetime.date(2024, 4, 30))
    published = publish([*other_la, *mix(30, 10, 20), *other_date])
    assert [p.shown for p in published] == [
        *("c", "57%", "c"),
        *("50%", "17%", "33%"),
        *("57%", "c", "c"),
    ]


def test_readings_outside_a_mix_are_never_taken() -> None:
    cells = [reading("uasc_share", 3, 40), reading("uasc_count", 3), reading("cla_count", 40)]
    assert shown(cells) == ["c", "c", "40"]


def test_publish_keeps_the_order_and_leaves_the_readings_alone() -> None:
    readings = [reading(numerator=3), *mix(3, 10, 20), reading("uasc_share", 6, 7)]
    before = list(readings)
    published = publish(readings)
    assert [p.code for p in published] == [r.code for r in readings]
    assert readings == before
    assert readings[1].value == 3 / 33  # the unrounded figure stays in the reading


@pytest.mark.parametrize(("minimum", "maximum", "nearest"), [(0, 5, 10), (3, 2, 10), (1, 5, 0)])
def test_a_policy_must_suppress_from_1_and_round_to_a_whole_number(
    minimum: int, maximum: int, nearest: int
) -> None:
    with pytest.raises(ValueError, match="minimum"):
        Policy(minimum=minimum, maximum=maximum, nearest=nearest)


# Properties

extremes = st.sampled_from([10**400, -(10**400), 1e308, 5e-324, -0.0, 0.4, 2.5])
numbers = st.none() | st.integers() | st.integers(0, 12) | st.floats() | extremes
levels: st.SearchStrategy[Level] = st.sampled_from(["Local authority", "Regional", "National"])
any_reading = st.builds(
    reading,
    code=st.sampled_from(["cla_count", "uasc_share", "oc2_sdq_mean", "m:a", "m:b", "m:c"])
    | st.text(max_size=8),
    numerator=numbers,
    denominator=numbers,
    la=st.sampled_from([LA, "E06000002"]),
    status=st.sampled_from(["ok", "not_available", "incomplete_window"]),
    note=st.text(max_size=8),
    per=st.sampled_from([1, 1, 10_000]),
)


@given(readings=st.lists(any_reading, max_size=12), level=levels)
def test_any_readings_publish_in_order_with_symbols_never_digits(
    readings: list[Reading], level: Level
) -> None:
    published = publish(readings, Policy(level=level))
    assert [(p.code, p.la, p.as_at) for p in published] == [
        (r.code, r.la, r.as_at) for r in readings
    ]
    for item, out in zip(readings, published, strict=True):
        assert (out.symbol is None) == (out.value is not None)
        if out.symbol is not None:
            assert out.shown == out.symbol
            assert not any(character.isdigit() for character in out.shown)
        if out.value == 0:
            assert item.numerator == 0  # a shown 0 is a true zero


@given(count=st.integers(1, 5), level=levels)
def test_a_count_of_1_to_5_is_never_shown(count: int, level: Level) -> None:
    assert one(reading(numerator=count), Policy(level=level)).shown == "c"


@given(numerator=st.integers(0, 40), denominator=st.integers(1, 40))
def test_a_share_with_a_count_of_1_to_5_is_never_shown(numerator: int, denominator: int) -> None:
    published = one(reading("uasc_share", numerator, denominator))
    if 1 <= numerator <= 5 or 1 <= denominator <= 5:
        assert published.shown == "c"


@given(
    groups=st.lists(st.lists(st.integers(0, 30), min_size=1, max_size=8), min_size=1, max_size=3),
    data=st.data(),
)
def test_no_suppressed_cell_can_be_worked_out_from_its_total(
    groups: list[list[int]], data: st.DataObject
) -> None:
    readings = [cell for g, cells in enumerate(groups) for cell in mix(*cells, la=f"LA{g}")]
    readings = data.draw(st.permutations(readings))
    published = {(r.la, r.code): p for r, p in zip(readings, publish(readings), strict=True)}
    for g, cells in enumerate(groups):
        outs = [published[f"LA{g}", r.code] for r in mix(*cells)]
        hidden = [n for n, out in zip(cells, outs, strict=True) if out.symbol == "c"]
        if 1 <= sum(cells) <= 5:
            assert len(hidden) == len(cells)  # the total itself is suppressed
            continue
        assert len(hidden) != 1
        left = [n for n, out in zip(cells, outs, strict=True) if n and out.symbol != "c"]
        if hidden and left:  # with nothing left to take, the total must be suppressed (module doc)
            assert sum(hidden) > len(hidden)  # not all known to be one child
