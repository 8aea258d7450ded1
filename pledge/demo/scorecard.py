"""Northfield's scorecard: KPIs worked out from an invented 903 return (three years, made by
`analytics.synthetic` and loaded through the same path as an analyst's upload), KPIs whose
figures are entered by hand, and one whose figures come from a team's spreadsheet. Targets are
written the way seeds 002 and 003 write them. Loaded by `load_demo`, through the audited
services; no child-level data is kept.
"""

from __future__ import annotations

import datetime
import io
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from analytics.synthetic import generate
from boardfiles.periods import latest_period_end, period_ends, period_start
from pledge.actions.models import ActionPlan
from pledge.comparators import services as comparator_services
from pledge.core.models import Agency, Authority, Person
from pledge.returns.models import ReturnLoad
from pledge.returns.scheduled import return_load
from pledge.returns.services import postcodes_read, postcodes_start
from pledge.scorecard import services
from pledge.scorecard.models import Kpi
from pledge.scorecard.ready_made import READY_MADE, figures_template
from pledge.scorecard.selectors import headline_from_files
from pledge.strategy.models import StrategyItem

# (reference, name, unit, polarity, frequency, source, target, priority, lead). The source is a
# 903 indicator code, "manual" (entered by hand) or "csv" (loaded from a spreadsheet).
KPIS: list[tuple[str, str, str, str, str, str, str, str, str]] = [
    (
        "S1",
        "Children with three or more placements in a year",
        "percentage",
        "lower",
        "quarterly",
        "placement_stability_3plus",
        "less than 10% (currently 12%)",
        "3",
        "NCT",
    ),
    (
        "S2",
        "Children looked after for 2.5 years who have lived in the same placement for 2 years",
        "percentage",
        "higher",
        "quarterly",
        "placement_stability_long_term",
        "higher than 70%",
        "3",
        "NCT",
    ),
    (
        "S3",
        "Children looked after",
        "count",
        "neither",
        "quarterly",
        "cla_count",
        "no target",
        "3",
        "NC Children's",
    ),
    (
        "H1",
        "Reviews held on time",
        "percentage",
        "higher",
        "quarterly",
        "reviews_on_time",
        "maintain 95-100%",
        "1",
        "NC Children's",
    ),
    (
        "L1",
        "Care leavers aged 19 to 21 in education, employment or training",
        "percentage",
        "higher",
        "annual",
        "care_leavers_eet_19_21",
        "at least 60%",
        "5",
        "DWP",
    ),
    (
        "V1",
        "Young people who are members of the Children in Care Council",
        "count",
        "higher",
        "quarterly",
        "manual",
        "at least 20",
        "2",
        "NCT",
    ),
    (
        "E1",
        "Personal education plans reviewed on time",
        "percentage",
        "higher",
        "quarterly",
        "manual",
        "from 80% to 95% by March 2027",
        "4",
        "Virtual School",
    ),
    (
        "L2",
        "Care leavers aged 17 to 21 the leaving care team is in touch with",
        "percentage",
        "higher",
        "quarterly",
        "csv",
        "at least 95%",
        "5",
        "NC Children's",
    ),
]
PUBLISHED = Path(__file__).resolve().parent / "data"
# The published measure shown beside each 903 KPI (columns of data/ees_cla_la_indicators_sample.csv)
COMPARATORS = {
    "S1": "three_or_more_placements_percent",
    "S2": "same_carer_2_years_percent",
    "S3": "cla_31_march_count",
    "L1": "care_leavers_19_to_21_eet_percent",
}
# The actions in the year's plan (pledge/demo/plan.py) that serve each KPI
SERVED_BY = {
    "H1": ("1.1",),
    "S1": ("3.1", "3.2"),
    "S2": ("3.2", "3.3"),
    "E1": ("4.1",),
    "L1": ("5.1", "5.2"),
}
# Figures entered by hand or in the spreadsheet, oldest first, for the quarters up to the latest
# one due.
FIGURES: dict[str, list[float]] = {
    "V1": [12, 14, 15, 17, 18, 21],
    "E1": [78, 81, 84, 83, 87, 90],
    "L2": [93.1, 94, 95.2, 96.4, 95.8, 94.6],
}


def load_scorecard(
    *,
    authority: Authority,
    officer: Person,
    today: datetime.date,
    log: Callable[[str], None],
    plan: ActionPlan | None = None,
) -> None:
    """The KPIs, their targets and figures; each linked to the actions in `plan` that serve it."""
    if Kpi.objects.filter(authority=authority).exists():
        return
    agencies = {a.short_name: a for a in Agency.objects.filter(authority=authority)}
    priorities = {
        item.reference: item
        for item in StrategyItem.objects.filter(strategy__authority=authority, parent=None)
    }
    actions = {a.reference: a for a in plan.actions.all()} if plan else {}
    for position, row in enumerate(KPIS):
        reference, name, unit, polarity, frequency, source, words, priority, lead = row
        indicator = "" if source in ("manual", "csv") else source
        fields: dict[str, Any] = {
            "reference": reference,
            "name": name,
            "unit": unit,
            "polarity": polarity,
            "frequency": frequency,
            "source": "engine" if indicator else source,
            "indicator": indicator,
            "tolerance": Decimal(2) if unit == "percentage" else Decimal(1),
            "lead_agency": agencies.get(lead),
            "position": position,
            "comparator_measure": COMPARATORS.get(reference, ""),
            "actions": [actions[r] for r in SERVED_BY.get(reference, ()) if r in actions],
            "priorities": [priorities[priority]] if priority in priorities else [],
        }
        kpi = services.kpi_create(actor=officer, authority=authority, **fields)
        services.target_set(
            actor=officer, kpi=kpi, applies_from=datetime.date(2023, 4, 1), words=words
        )
        if source == "manual":
            _enter_figures(kpi, officer, today, FIGURES[reference])
        elif source == "csv":
            _load_spreadsheet(kpi, authority, officer, today, FIGURES[reference])
    log(f"Created {len(KPIS)} KPIs")
    _fill_the_headline_template(authority, officer, today, log)
    _import_comparators(officer, log)
    _load_return(authority, today, log)  # after the population, for its rates per 10,000


def _recent_ends(kpi: Kpi, today: datetime.date, count: int) -> list[datetime.date]:
    last = latest_period_end(kpi.frequency, today)
    return list(period_ends(kpi.frequency, datetime.date(2020, 4, 1), last))[-count:]


def _enter_figures(kpi: Kpi, officer: Person, today: datetime.date, values: list[float]) -> None:
    for end, value in zip(_recent_ends(kpi, today, len(values)), values, strict=False):
        services.reading_record(
            actor=officer,
            kpi=kpi,
            period_start=period_start(kpi.frequency, end),
            period_end=end,
            value=Decimal(str(value)),
        )


def _load_spreadsheet(
    kpi: Kpi, authority: Authority, officer: Person, today: datetime.date, values: list[float]
) -> None:
    """As the leaving care team's analyst loads their spreadsheet: KPI, Period, Value."""
    rows = [
        f"{kpi.reference},{end:%d/%m/%Y},{value}"
        for end, value in zip(_recent_ends(kpi, today, len(values)), values, strict=False)
    ]
    services.figures_import(
        actor=officer,
        authority=authority,
        filename="leaving-care-contact.csv",
        data="\n".join(["KPI,Period,Value", *rows]).encode(),
    )


def _import_comparators(officer: Person, log: Callable[[str], None]) -> None:
    """DfE's published figures and the population, as an analyst imports them (data/README.md)."""
    for path in sorted(PUBLISHED.glob("*.csv")):
        count, _warnings = comparator_services.comparators_import(
            actor=officer, filename=path.name, data=path.read_bytes()
        )
        log(f"Imported {count} published figures from {path.name}")


def _load_return(authority: Authority, today: datetime.date, log: Callable[[str], None]) -> None:
    """Three years of an invented return to the last 31 March, at every quarter end, with the
    postcode lookup its distances need."""
    if ReturnLoad.objects.filter(authority=authority, state=ReturnLoad.State.STORED).exists():
        return
    last_year = today.year if today.month > 3 else today.year - 1
    with tempfile.TemporaryDirectory(prefix="pledge-demo-903-") as work:
        (folder,) = generate(Path(work), children=300, years=3, last_year=last_year, seed=7)
        # The invented return's postcodes are invented too: their lookup, loaded as a board
        # loads the ONS directory, so the distance measures are worked out. The generator
        # places them in its own authority's area (the folder's name): Northfield's here.
        lookup_file = Path(work) / "postcodes.csv"
        lookup_file.write_text(lookup_file.read_text().replace(folder.name, authority.code))
        lookup = postcodes_start(actor=None, authority=authority, filename="Invented postcodes")
        postcodes_read(lookup=lookup, path=lookup_file, remove=False)
        quarters = list(
            period_ends(
                "quarterly", datetime.date(last_year - 3, 4, 1), datetime.date(last_year, 3, 31)
            )
        )
        load = return_load(
            actor=None,
            authority=authority,
            paths=[folder],
            filenames=["Northfield 903 (invented)"],
            as_at=quarters,
        )
    log(f"Loaded an invented 903 return: {load.values_stored:,} indicator figures")


# The ready-made headline measures' invented figures (ready_made.READY_MADE), the latest last:
# a percentage as (numerator, denominator), a score as itself.
HEADLINE_FIGURES: dict[str, list[tuple[int, int] | float]] = {
    "HD1": [(251, 293), (262, 290), (270, 301)],
    "HD2": [(41, 58), (47, 61), (52, 64)],
    "HD3": [(24, 38), (29, 40), (33, 41)],
    "HD4": [(101, 182), (109, 186), (118, 190)],
    "HD5": [(158, 182), (163, 186), (170, 190)],
    "HD6": [(31, 52), (33, 54), (36, 55)],
    "HD7": [(188, 214), (197, 216), (205, 219)],
    "HD8": [(46, 210), (44, 214), (40, 219)],
    "HD9": [(9, 17), (10, 18), (11, 19)],
    "HD10": [(11, 26), (12, 25), (13, 27)],
    "HD11": [21.4, 22.9, 24.2],
    "HD12": [-1.02, -0.88, -0.74],
}


def _fill_the_headline_template(
    authority: Authority, officer: Person, today: datetime.date, log: Callable[[str], None]
) -> None:
    """The ready-made measures from outside the 903, added, and three years of their figures
    loaded as a board does: the spreadsheet template filled in and imported."""
    services.kpis_add_ready_made(
        actor=officer, authority=authority, references=[ready.reference for ready in READY_MADE]
    )
    kpis = list(headline_from_files(authority))
    quarter_end = latest_period_end("quarterly", today)
    for years_ago in (2, 1, 0):
        on = quarter_end.replace(year=quarter_end.year - years_ago)
        book = openpyxl.load_workbook(io.BytesIO(figures_template(kpis, on)))
        sheet = book["Figures"]
        for row in sheet.iter_rows(min_row=2):
            figure = HEADLINE_FIGURES[str(row[0].value)][2 - years_ago]
            if isinstance(figure, tuple):
                numerator, denominator = figure
                row[3].value = round(100 * numerator / denominator, 1)
                row[4].value, row[5].value = numerator, denominator
            else:
                row[3].value = figure
        out = io.BytesIO()
        book.save(out)
        services.figures_import(
            actor=officer,
            authority=authority,
            filename="headline-figures.xlsx",
            data=out.getvalue(),
        )
    log(f"Added {len(kpis)} ready-made headline measures, with three years of their figures")
