"""Figures for KPIs from a team's spreadsheet: one figure a row (KPI, period, value, and
optionally numerator, denominator and commentary), each checked against the board's KPIs. Any
problem means none of the rows should be saved. A row with no figure and no commentary is a
template's row not filled in, and is left out."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from boardfiles.kpis import figure_of, period_of
from boardfiles.plans import heading_key
from boardfiles.problems import Problem, Severity
from boardfiles.tables import Row, Table
from boardfiles.units import Unit

FIGURE_HEADINGS: dict[str, str] = {
    **dict.fromkeys(("kpi", "reference", "ref", "kpi reference", "measure", "indicator"), "kpi"),
    **dict.fromkeys(
        ("period", "period end", "period ending", "date", "as at", "quarter"), "period"
    ),
    **dict.fromkeys(("value", "figure", "result", "actual"), "value"),
    "numerator": "numerator",
    "denominator": "denominator",
    **dict.fromkeys(("commentary", "comment", "comments", "notes", "reason"), "commentary"),
}


@dataclass
class KpiKey:
    """What a figures file needs to know of a KPI to check a row for it."""

    pk: int
    unit: str
    from_return: bool  # its figures come from the 903 return, not from files


@dataclass
class FigureRow:
    where: str
    kpi: int
    period: str
    period_end: datetime.date
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    commentary: str


def parse_figures(
    tables: Iterable[Table], kpis: dict[str, KpiKey]
) -> tuple[list[FigureRow], list[Problem]]:
    """Each row of a figures file (KPI, period, value, and optionally numerator, denominator and
    commentary) checked against the board's KPIs, by reference or name (`kpis`' keys, lower
    case). Any problem means none of the rows should be saved."""
    rows: list[FigureRow] = []
    problems: list[Problem] = []
    for table in tables:
        header = next((r for r in table.rows[:10] if not r.is_blank), None)
        columns = [FIGURE_HEADINGS.get(heading_key(t)) for t in header.texts()] if header else []
        missing = [c for c in ("kpi", "period", "value") if c not in columns]
        if header is None or missing:
            problems.append(
                Problem(
                    table.name,
                    f"The file needs columns headed KPI, Period and Value (it has no "
                    f"{' or '.join(missing or ['header'])}). Numerator, Denominator and "
                    "Commentary may follow.",
                    Severity.ERROR,
                )
            )
            continue
        for row in table.rows[table.rows.index(header) + 1 :]:
            if row.is_blank or _not_filled_in(row, columns):
                continue
            try:
                rows.append(_figure_row(row, columns, kpis))
            except _RowRefusedError as refused:
                problems.append(
                    Problem(f"row {row.number}", refused.message, Severity.ERROR, refused.column)
                )
    seen: dict[tuple[int, datetime.date], str] = {}
    for figure in rows:
        first = seen.setdefault((figure.kpi, figure.period_end), figure.where)
        if first != figure.where:
            problems.append(
                Problem(
                    figure.where,
                    f"This KPI has a figure for the same period on {first}. Keep one of them.",
                    Severity.ERROR,
                    "period",
                )
            )
    return rows, problems


def _not_filled_in(row: Row, columns: list[str | None]) -> bool:
    """A template's row left as it came: a KPI and a period, with no figure and no commentary
    (`pledge.scorecard.ready_made.figures_template`)."""
    cells = {c: t.strip() for c, t in zip(columns, row.texts(), strict=False) if c}
    return not any(cells.get(c) for c in ("value", "numerator", "denominator", "commentary"))


class _RowRefusedError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


def _figure_row(row: Row, columns: list[str | None], kpis: dict[str, KpiKey]) -> FigureRow:
    """The row's figure, or `_RowRefusedError` with the column and what to do."""
    cells = {c: t.strip() for c, t in zip(columns, row.texts(), strict=False) if c}
    kpi = kpis.get(cells.get("kpi", "").lower())
    if kpi is None:
        raise _RowRefusedError(
            "kpi",
            f"\"{cells.get('kpi', '')}\" is not one of the scorecard's KPIs. Use the KPI's "
            "reference (like S1) or its name as the scorecard shows it.",
        )
    if kpi.from_return:
        raise _RowRefusedError(
            "kpi",
            f"{cells['kpi']} takes its figures from the 903 return, so they cannot be loaded "
            "from a file. Remove the row, or change the KPI's source.",
        )
    period = period_of(cells.get("period", ""))
    if period is None or period.period_end is None:
        raise _RowRefusedError(
            "period",
            f'"{cells.get("period", "")}" is not a period we can read. Write the day it ends '
            "(31/03/2026) or the period (Q4 2025/26, March 2026, 2025/26).",
        )
    numbers: dict[str, Decimal | None] = {}
    for column in ("value", "numerator", "denominator"):
        text = cells.get(column, "")
        numbers[column] = figure_of(text).value if text else None
        if text and numbers[column] is None:
            raise _RowRefusedError(
                column, f'The {column} "{text}" is not a number. Write it as 12 or 12.5.'
            )
    value = numbers["value"]
    if value is None and not cells.get("commentary"):
        raise _RowRefusedError(
            "value", "There is no value. Give the figure, or say why in Commentary."
        )
    if kpi.unit == Unit.PERCENTAGE and value is not None and not 0 <= value <= 100:
        raise _RowRefusedError(
            "value", f"{value} is not a percentage from 0 to 100: for 12.5%, write 12.5."
        )
    return FigureRow(
        f"row {row.number}",
        kpi.pk,
        period.period,
        period.period_end,
        value,
        numbers["numerator"],
        numbers["denominator"],
        cells.get("commentary", ""),
    )
