import datetime

import pytest

from boardfiles.periods import latest_period_end, period_ends, period_start

D = datetime.date


@pytest.mark.parametrize(
    ("frequency", "ends"),
    [
        ("monthly", [D(2025, 4, 30), D(2025, 5, 31), D(2025, 6, 30)]),
        ("bimonthly", [D(2025, 5, 31)]),
        ("quarterly", [D(2025, 6, 30)]),
        ("annual", []),
    ],
)
def test_period_ends_in_a_quarter(frequency: str, ends: list[datetime.date]) -> None:
    assert list(period_ends(frequency, D(2025, 4, 1), D(2025, 6, 30))) == ends


@pytest.mark.parametrize("frequency", ["monthly", "bimonthly", "quarterly", "annual"])
def test_every_frequency_ends_a_period_on_31_march(frequency: str) -> None:
    assert D(2026, 3, 31) in period_ends(frequency, D(2025, 4, 1), D(2026, 3, 31))
    assert latest_period_end(frequency, D(2026, 3, 31)) == D(2026, 3, 31)


def test_latest_period_end_is_the_last_whole_period() -> None:
    assert latest_period_end("quarterly", D(2026, 11, 23)) == D(2026, 9, 30)
    assert latest_period_end("annual", D(2026, 11, 23)) == D(2026, 3, 31)
    assert latest_period_end("monthly", D(2026, 3, 1)) == D(2026, 2, 28)
    assert latest_period_end("bimonthly", D(2026, 1, 15)) == D(2025, 11, 30)


def test_period_start() -> None:
    assert period_start("quarterly", D(2026, 3, 31)) == D(2026, 1, 1)
    assert period_start("annual", D(2026, 3, 31)) == D(2025, 4, 1)
    assert period_start("bimonthly", D(2026, 1, 31)) == D(2025, 12, 1)
    assert period_start("monthly", D(2024, 2, 29)) == D(2024, 2, 1)
