"""Charts: round numbers on the axis, one figure in the middle."""

import datetime
from decimal import Decimal

from pledge.scorecard.charts import sparkline, trend

D = datetime.date


def test_chart_axes_step_in_round_numbers() -> None:
    series = [(D(2025, 3, 31), Decimal("13.7")), (D(2025, 6, 30), Decimal("16.6"))]
    chart = trend(series, Decimal(10))
    assert [value for _y, value in chart.ticks] == [0, 5, 10, 15, 20]
    assert chart.target_y is not None
    assert chart.ticks[-1][0] < chart.points[0].y < chart.target_y  # higher values sit higher


def test_one_figure_sits_in_the_middle() -> None:
    chart = trend([(D(2025, 3, 31), Decimal(88))])
    assert chart.points[0].x == (chart.left + chart.width - 16) / 2


def test_a_sparkline_needs_two_figures() -> None:
    assert sparkline([Decimal(1)]) == ""
    assert len(sparkline([Decimal(1), Decimal(2), Decimal(3)]).split()) == 3


def test_a_percentage_axis_stops_at_100() -> None:
    series = [(D(2025, 3, 31), Decimal("93.1")), (D(2025, 6, 30), Decimal("96.4"))]
    chart = trend(series, Decimal(95), ceiling=Decimal(100))
    assert [value for _y, value in chart.ticks] == [0, 25, 50, 75, 100]
    unbounded = trend(series, Decimal(95))
    assert unbounded.ticks[-1][1] > 100  # a count near 100 may go above it
