"""Reviews on time on hand-made children, each due date worked out by hand."""

from __future__ import annotations

import datetime

import polars as pl

from analytics.indicators.reviews import reviews_on_time

D = datetime.date
EASTER_2024 = [D(2024, 3, 29), D(2024, 4, 1)]
YEAR_START, YEAR_END = D(2023, 4, 1), D(2024, 3, 31)


def periods(*rows: tuple[str, datetime.date]) -> pl.DataFrame:
    return pl.DataFrame(
        [("E1", child, start) for child, start in rows],
        schema={"LA": pl.String, "CHILD": pl.String, "PERIOD_START": pl.Date},
        orient="row",
    )


def reviews(*rows: tuple[str, datetime.date]) -> pl.DataFrame:
    return pl.DataFrame(
        [("E1", child, day) for child, day in rows],
        schema={"LA": pl.String, "CHILD": pl.String, "REVIEW": pl.Date},
        orient="row",
    ).sort("LA", "CHILD", "REVIEW")


# A period from Saturday 1 January 2022: first review due on the 20th working day, Friday 28
# January; then 3 months after the first; then every 6 months after the one before.
ON_TIME = [
    D(2022, 1, 20),  # due 28/01/2022
    D(2022, 4, 15),  # due 20/04/2022
    D(2022, 10, 10),  # due 15/10/2022
    D(2023, 4, 5),  # due 10/04/2023, in P
    D(2023, 10, 1),  # due 05/10/2023, in P; the next is due 01/04/2024, after D
]


def run(
    cohort: pl.DataFrame,
    held: pl.DataFrame,
    *,
    start: datetime.date = YEAR_START,
    end: datetime.date = YEAR_END,
    holidays: list[datetime.date] | None = None,
) -> tuple[int, int]:
    row = reviews_on_time(cohort, held, start, end, holidays or []).row(0, named=True)
    return row["numerator"], row["denominator"]


def test_every_review_by_its_due_date_is_on_time() -> None:
    cohort = periods(("a", D(2022, 1, 1)))
    assert run(cohort, reviews(*(("a", day) for day in ON_TIME))) == (1, 1)


def test_a_review_a_day_late_in_the_year_is_missed() -> None:
    late = [*ON_TIME[:-1], D(2023, 10, 6)]
    assert run(periods(("a", D(2022, 1, 1))), reviews(*(("a", day) for day in late))) == (0, 1)


def test_a_late_review_before_the_year_does_not_count_against_it() -> None:
    # Second review late (due 20/04/2022, held 02/05/2022); the rest follow from it on time.
    held = [D(2022, 1, 20), D(2022, 5, 2), D(2022, 10, 30), D(2023, 4, 28), D(2023, 10, 20)]
    assert run(periods(("a", D(2022, 1, 1))), reviews(*(("a", day) for day in held))) == (1, 1)


def test_a_review_that_fell_due_and_was_not_held_is_missed() -> None:
    # Last held 05/04/2023: the next fell due 05/10/2023 and none was held by D.
    assert run(periods(("a", D(2022, 1, 1))), reviews(*(("a", d) for d in ON_TIME[:-1]))) == (0, 1)


def test_a_child_whose_first_review_is_not_yet_due_is_not_counted() -> None:
    cohort = periods(("a", D(2022, 1, 1)), ("new", D(2024, 3, 20)))
    assert run(cohort, reviews(*(("a", day) for day in ON_TIME))) == (1, 1)


def test_a_first_review_not_held_within_20_working_days_is_missed() -> None:
    # From Thursday 1 February 2024 the 20th working day is Thursday 29 February.
    cohort = periods(("a", D(2024, 2, 1)), ("b", D(2024, 2, 1)))
    held = reviews(("a", D(2024, 2, 29)), ("b", D(2024, 3, 1)))
    assert run(cohort, held) == (1, 2)


def test_reviews_of_an_earlier_period_do_not_count() -> None:
    cohort = periods(("a", D(2024, 2, 1)))
    assert run(cohort, reviews(("a", D(2024, 1, 15)))) == (0, 1)


def test_bank_holidays_are_not_working_days() -> None:
    # From Monday 4 March 2024, the 20th working day is 1 April, or 3 April with Easter's
    # Good Friday and Easter Monday off.
    cohort = periods(("a", D(2024, 3, 4)))
    held = reviews(("a", D(2024, 4, 2)))
    start, end = D(2023, 5, 1), D(2024, 4, 30)
    assert run(cohort, held, start=start, end=end) == (0, 1)
    assert run(cohort, held, start=start, end=end, holidays=EASTER_2024) == (1, 1)


def test_a_review_overdue_since_before_the_year_is_missed_in_it() -> None:
    # Last held 20/01/2022; the next fell due 20/04/2022 and was never held.
    assert run(periods(("a", D(2022, 1, 1))), reviews(("a", D(2022, 1, 20)))) == (0, 1)
