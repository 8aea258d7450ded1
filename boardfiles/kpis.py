"""Read KPIs from the files boards hold: a list of measures under outcome headings (Cheshire
East's scorecard measures, with targets written inside the measure), a KPI framework whose KPIs
have actions under them (Lancashire's), and the scorecard tables councils put in committee
papers (indicator, latest value, target, previous period, comparator, direction, RAG, in any
order and wording, sometimes one column per period).

`parse_kpis` takes the tables `boardfiles.tables.read_tables` reads and returns a
`ParsedKpis`: every KPI as it would be saved and every problem with its row. It never writes;
saving is `services.kpi_import`, after the officer has checked the preview.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from boardfiles.periods import MONTHS_IN, month_end
from boardfiles.plans import ParsedPlan, heading_key, parse_plan
from boardfiles.problems import Problem, Severity
from boardfiles.tables import Row, Table
from boardfiles.targets import Target, TargetKind, parse_target
from boardfiles.units import Frequency, Polarity, Unit
from boardfiles.words import counted

NAME_LENGTH = 300  # Kpi.name


class Role(StrEnum):
    REFERENCE = "reference"
    NAME = "name"
    OUTCOME = "outcome"
    LEAD = "lead_agency"
    UNIT = "unit"
    POLARITY = "polarity"
    FREQUENCY = "frequency"
    TARGET = "target"
    LATEST = "latest"
    PREVIOUS = "previous"
    PERIOD = "period"
    COMPARATOR = "comparator"
    DIRECTION = "direction"
    RAG = "rag"
    COMMENTARY = "commentary"


# Headings as scorecards write them, after `heading_key`. A heading may also carry a period
# ("Latest (Q2 2025/26)", "Target 2025/26"), which is read separately.
HEADINGS: dict[str, Role] = {
    **dict.fromkeys(("ref", "reference", "no", "id", "pi ref", "code", "kpi ref"), Role.REFERENCE),
    **dict.fromkeys(
        (
            "measure",
            "measures",
            "indicator",
            "performance indicator",
            "kpi",
            "key performance indicator",
            "measure description",
            "description",
            "indicator name",
            "kpi name",
            "metric",
        ),
        Role.NAME,
    ),
    **dict.fromkeys(("outcome", "priority", "theme", "area", "section", "domain"), Role.OUTCOME),
    **dict.fromkeys(
        ("lead agency", "kpi lead agency", "lead", "owner", "responsible", "lead officer"),
        Role.LEAD,
    ),
    **dict.fromkeys(("unit", "units", "measure type", "format"), Role.UNIT),
    **dict.fromkeys(
        ("polarity", "good is", "better is", "higher or lower is better", "good performance is"),
        Role.POLARITY,
    ),
    **dict.fromkeys(("frequency", "reporting frequency", "reported"), Role.FREQUENCY),
    **dict.fromkeys(("target", "targets", "annual target", "target value"), Role.TARGET),
    **dict.fromkeys(
        (
            "latest",
            "latest value",
            "latest figure",
            "latest data",
            "latest performance",
            "current",
            "current value",
            "current performance",
            "actual",
            "value",
            "performance",
            "this period",
            "outturn",
        ),
        Role.LATEST,
    ),
    **dict.fromkeys(
        (
            "previous",
            "previous period",
            "previous value",
            "previous figure",
            "last period",
            "last year",
            "prior period",
            "previous year",
            "same period last year",
        ),
        Role.PREVIOUS,
    ),
    **dict.fromkeys(
        ("period", "as at", "date", "latest period", "data period", "reporting period"),
        Role.PERIOD,
    ),
    **dict.fromkeys(
        (
            "comparator",
            "comparators",
            "england",
            "national",
            "england average",
            "national average",
            "region",
            "regional",
            "regional average",
            "statistical neighbours",
            "stat neighbours",
            "sn average",
            "benchmark",
            "west midlands",
            "north west",
        ),
        Role.COMPARATOR,
    ),
    **dict.fromkeys(("direction of travel", "dot", "trend", "direction"), Role.DIRECTION),
    **dict.fromkeys(("rag", "rag status", "status", "rag on kpi", "rating"), Role.RAG),
    **dict.fromkeys(
        ("commentary", "comments", "comment", "narrative", "notes", "progress report"),
        Role.COMMENTARY,
    ),
}

SYMBOLS = {"c", "x", "z", "k", "u", "-", "\u2013", "n/a", "na", "tbc", "*", ":", "~", "low"}
NUMBER = re.compile(r"^[£]?\s*(-?\d[\d,]*(?:\.\d+)?)\s*(%|per\s?cent|[km])?$", re.IGNORECASE)
_MONTH = (
    r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[\s\-/]*"
    r"(?P<my>(?:19|20)?\d\d)"
)
PERIODS = (
    # Q2 2025/26, Q2 25/26, 2025/26 Q2
    re.compile(
        r"^q(?P<q>[1-4])\s*(?P<fy>(?:19|20)?\d\d)\s*[/\-]\s*\d\d(?:\d\d)?$|"
        r"^(?P<fy2>(?:19|20)?\d\d)\s*[/\-]\s*\d\d(?:\d\d)?\s*q(?P<q2>[1-4])$",
        re.IGNORECASE,
    ),
    re.compile(r"^(?:fy\s*)?(?P<year>(?:19|20)\d\d)\s*[/\-]\s*(?P<next>\d\d(?:\d\d)?)$", re.I),
    re.compile(rf"^{_MONTH}$", re.IGNORECASE),
    re.compile(r"^(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>(?:19|20)?\d\d)$"),
    re.compile(r"^(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)$"),
    re.compile(r"^(?P<single>(?:19|20)\d\d)$"),
)
MEASURES_HEADING = re.compile(r"\b(?:measures?|scorecard|indicators?|kpis?)\b", re.IGNORECASE)
PERIOD_WORDS = re.compile(
    r"\b(?:actual|outturn|value|figure|result|performance|as at|year end|ye|data)\b|[()]",
    re.IGNORECASE,
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
LOWER_WORDS = re.compile(
    r"\b(?:reduc\w*|fewer|less|lower|decrease\w*|down|minimis\w*|no child)\b", re.I
)
HIGHER_WORDS = re.compile(r"\b(?:increas\w*|improv\w*|more|higher|rais\w*|maximis\w*|all)\b", re.I)


@dataclass
class Figure:
    """A value a file gives, as written and as read, with its period when it has one."""

    words: str
    value: Decimal | None = None
    period: str = ""
    period_end: datetime.date | None = None
    percent: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "words": self.words,
            "value": None if self.value is None else str(self.value),
            "period": self.period,
            "period_end": self.period_end.isoformat() if self.period_end else None,
        }


@dataclass
class ParsedKpi:
    key: str
    where: str
    name: str
    reference: str = ""
    outcome: str = ""
    lead_agency: str = ""  # as written, notes in brackets left out
    unit: Unit = Unit.PERCENTAGE
    unit_given: bool = False  # False: guessed, for the officer to check
    polarity: Polarity = Polarity.NEITHER
    polarity_given: bool = False  # False: read from the words, or not known: to check
    frequency: Frequency = Frequency.QUARTERLY
    target: Target = field(default_factory=lambda: parse_target(""))
    latest: Figure | None = None
    previous: Figure | None = None
    comparators: dict[str, str] = field(default_factory=dict)  # heading -> words
    direction: str = ""  # as written: the app works direction out for itself
    rag: str = ""  # as written: the app works the RAG out for itself
    commentary: str = ""
    actions: list[str] = field(default_factory=list)  # references, or the text when unnumbered

    @property
    def shows_figures(self) -> bool:
        """Whether the file gave it figures, a RAG or a direction, for the preview to show."""
        return bool(self.latest or self.previous or self.rag or self.direction)

    def as_dict(self) -> dict[str, object]:
        return {
            "reference": self.reference,
            "name": self.name,
            "outcome": self.outcome,
            "lead_agency": self.lead_agency,
            "unit": str(self.unit),
            "polarity": str(self.polarity),
            "frequency": str(self.frequency),
            "target": _target_dict(self.target),
            "baseline": self.target.baseline or "",
            "latest": self.latest.as_dict() if self.latest else None,
            "previous": self.previous.as_dict() if self.previous else None,
            "comparators": self.comparators,
            "direction": self.direction,
            "rag": self.rag,
            "actions": self.actions,
            "row": self.where,
        }


@dataclass
class ParsedKpis:
    kpis: list[ParsedKpi] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # heading -> role, "" if not read

    @property
    def has_errors(self) -> bool:
        return any(p.severity == Severity.ERROR for p in self.problems)

    def as_dict(self) -> dict[str, object]:
        return {
            "kpis": [k.as_dict() for k in self.kpis],
            "problems": [p.as_dict() for p in self.problems],
            "columns": self.columns,
        }


def _target_dict(target: Target) -> dict[str, object]:
    rule = target.as_dict()
    return {
        "words": target.words,
        "kind": rule["kind"],
        "low": rule["low"],
        "high": rule["high"],
        "start": rule["start"],
        "end": rule["end"],
        "date": rule["by"],
        "comparator": rule["comparator"],
        "comparison": rule["comparison"],
        "change": rule["change"],
        "understood": target.understood,
        "note": target.note,
    }


def parse_kpis(tables: Iterable[Table], *, known_agencies: Iterable[str] = ()) -> ParsedKpis:
    """Every KPI in the tables, and every problem found reading them."""
    tables = list(tables)
    agencies = list(known_agencies)
    framework = parse_plan(tables, known_agencies=agencies)
    if any(a.is_kpi or a.kpi for a in framework.actions):
        parsed = _from_framework(framework)
    else:
        reader = _TableReader()
        for table in tables:
            reader.read(table, several=len(tables) > 1)
        parsed = reader.parsed
        if reader.unread:
            # Documents hold other tables too: only a file with no KPIs at all is an error.
            parsed.problems.append(
                Problem(
                    ", ".join(reader.unread),
                    "We could not find a header row naming the measures (like Measure, "
                    "Indicator or KPI, with Target, Latest or Outcome beside it), so "
                    f"{'this table was' if len(reader.unread) == 1 else 'these tables were'} "
                    "not imported. If it holds KPIs, add a header row above them.",
                    Severity.WARNING if parsed.kpis else Severity.ERROR,
                )
            )
    _finish(parsed)
    return parsed


# A KPI framework: KPIs with actions under them -----------------------------------------------


def _from_framework(plan: ParsedPlan) -> ParsedKpis:
    """Lancashire's framework, read by the plan importer: a KPI with several actions is a KPI
    node over them; a KPI with one action sits on that action."""
    parsed = ParsedKpis(
        columns={h: str(c) if c else "" for h, c in plan.columns.items()},
        problems=[p for p in plan.problems if p.severity == Severity.ERROR],
    )
    children: dict[str, list[str]] = {}
    for action in plan.actions:
        if action.parent_key:
            children.setdefault(action.parent_key, []).append(
                action_key(action.reference, action.action)
            )
    for action in plan.actions:
        if action.is_kpi:
            name, actions = action.action, children.get(action.key, [])
        elif action.kpi and not action.parent_key:
            name, actions = action.kpi, [action_key(action.reference, action.action)]
        else:
            continue
        kpi = ParsedKpi(
            key=f"k{len(parsed.kpis) + 1}",
            where=action.where,
            name=_one_line(name),
            reference=action.reference,
            outcome=action.priority,
            lead_agency=_lead(action.responsible),
            actions=actions,
        )
        _read_target(kpi, name, parsed, inside_name=True)
        parsed.kpis.append(kpi)
    return parsed


def action_key(reference: str, text: str) -> str:
    """How a KPI names an action that serves it: its reference, else the start of its words
    (Lancashire's unnumbered actions). `preview.kpi_rows` finds the plan's actions by it."""
    return reference or text[:80]


def _lead(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s*\([^)]*\)", "", text)).strip()


# Scorecard tables ---------------------------------------------------------------------------


@dataclass
class _Header:
    roles: list[Role | None]
    periods: list[Figure | None]  # a column per period: its period
    texts: list[str]


@dataclass
class _Cells:
    """A row's cells by what their columns hold."""

    values: dict[Role, str] = field(default_factory=dict)
    comparators: dict[str, str] = field(default_factory=dict)  # heading -> words
    by_period: list[Figure] = field(default_factory=list)  # a column per period: its figure


class _TableReader:
    def __init__(self) -> None:
        self.parsed = ParsedKpis()
        self.header: _Header | None = None
        self.outcome = ""
        self.unread: list[str] = []  # tables with no header we could find

    def read(self, table: Table, *, several: bool) -> None:
        for problem in table.problems:
            self.parsed.problems.append(Problem(table.name, problem, Severity.ERROR))
        start = self._find_header(table)
        if start is None and MEASURES_HEADING.search(table.heading) and self._headerless(table):
            start = 0
        elif start is None:
            continues = (
                self.header is not None
                and len(self.header.roles) == len(table.rows[0].cells)
                and not table.heading  # a heading of its own starts something else
            )
            if not continues:
                self.unread.append(table.name)
                return
            start = 0  # continued from the page before, under the same header
        if table.heading and several:
            self.outcome = _clean(table.heading)
        for row in table.rows[start:]:
            self._read_row(
                row, f"{table.name}, row {row.number}" if several else f"row {row.number}"
            )

    def _headerless(self, table: Table) -> bool:
        """A table with no header under a heading that says it lists measures (Cheshire East's
        "... based on the following measures:"): the measure alone, or its outcome then it."""
        width = len(table.rows[0].cells) if table.rows else 0
        roles = {1: [Role.NAME], 2: [Role.OUTCOME, Role.NAME]}.get(width)
        if roles is None:
            return False
        self.header = _Header(list[Role | None](roles), [None] * width, [""] * width)
        return True

    def _find_header(self, table: Table) -> int | None:
        for index, row in enumerate(table.rows[:15]):
            if row.spans_row or row.is_blank:
                continue
            texts = row.texts()
            roles: list[Role | None] = []
            periods: list[Figure | None] = []
            for text in texts:
                role, period = _heading(text)
                roles.append(role)
                periods.append(period)
            named = {r for r in roles if r is not None}
            if Role.NAME in named and (len(named) >= 2 or any(periods)):
                if Role.REFERENCE not in roles and not texts[0].strip():
                    roles[0] = Role.REFERENCE  # an unlabelled first column of numbers
                self.header = _Header(roles, periods, texts)
                for text, role, period in zip(texts, roles, periods, strict=True):
                    if text.strip():
                        label = f"figure for {period.period}" if period else str(role or "")
                        self.parsed.columns.setdefault(text.strip(), label)
                return index + 1
        return None

    def _read_row(self, row: Row, where: str) -> None:
        assert self.header is not None  # noqa: S101
        texts = [t.strip() for t in row.texts()]
        if row.is_blank or texts == [t.strip() for t in self.header.texts]:
            return
        cells = self._cells(texts)
        filled = [t for t in texts if t]
        if row.spans_row or (len(filled) == 1 and not cells.values.get(Role.NAME)):
            self.outcome = _clean(filled[0])
            return
        if cells.values.get(Role.OUTCOME):
            self.outcome = _clean(cells.values[Role.OUTCOME])
        name = _clean(cells.values.get(Role.NAME, ""))
        if name:
            self._add_kpi(name, where, cells)
        elif len(filled) > 1 or cells.values.get(Role.REFERENCE):
            self.parsed.problems.append(
                Problem(
                    where,
                    "This row has no measure name, so it was left out. Add the name, or "
                    "delete the row.",
                    Severity.WARNING,
                    "name",
                )
            )

    def _cells(self, texts: list[str]) -> _Cells:
        """The row's cells sorted by what their columns hold: the first text for each role, the
        comparators by heading, and the figures of the columns that are one period each."""
        assert self.header is not None  # noqa: S101
        cells = _Cells()
        for role, period, heading, text in zip(
            self.header.roles, self.header.periods, self.header.texts, texts, strict=False
        ):
            if period is not None and text:
                cells.by_period.append(
                    dataclasses.replace(
                        figure_of(text), period=period.period, period_end=period.period_end
                    )
                )
            elif role == Role.COMPARATOR and text:
                cells.comparators[heading.strip()] = text
            elif role is not None and text and not cells.values.get(role):
                cells.values[role] = text
        return cells

    def _add_kpi(self, name: str, where: str, cells: _Cells) -> None:
        """The row's KPI, with its target, figures, unit, polarity and frequency as given."""
        assert self.header is not None  # noqa: S101
        values = cells.values
        kpi = ParsedKpi(
            key=f"k{len(self.parsed.kpis) + 1}",
            where=where,
            name=name,
            reference=values.get(Role.REFERENCE, "").rstrip("."),
            outcome=self.outcome,
            lead_agency=_lead(values.get(Role.LEAD, "")),
            comparators=cells.comparators,
            direction=values.get(Role.DIRECTION, ""),
            rag=values.get(Role.RAG, ""),
            commentary=values.get(Role.COMMENTARY, ""),
        )
        if Role.TARGET in values or Role.TARGET in self.header.roles:
            _read_target(kpi, values.get(Role.TARGET, ""), self.parsed, inside_name=False)
        else:
            _read_target(kpi, name, self.parsed, inside_name=True)
        self._read_figures(kpi, values, cells.by_period)
        self._read_settings(kpi, values)
        self.parsed.kpis.append(kpi)

    def _read_figures(
        self, kpi: ParsedKpi, values: dict[Role, str], by_period: list[Figure]
    ) -> None:
        assert self.header is not None  # noqa: S101
        if Role.LATEST in values:
            kpi.latest = figure_of(values[Role.LATEST])
            heading = self.header.periods[self.header.roles.index(Role.LATEST)]
            period = period_of(values.get(Role.PERIOD, "")) or heading
            if period is not None:
                kpi.latest.period, kpi.latest.period_end = period.period, period.period_end
        if Role.PREVIOUS in values:
            kpi.previous = figure_of(values[Role.PREVIOUS])
            heading = self.header.periods[self.header.roles.index(Role.PREVIOUS)]
            if heading is not None:
                kpi.previous.period, kpi.previous.period_end = heading.period, heading.period_end
        if by_period:
            dated = sorted(by_period, key=lambda f: f.period_end or datetime.date.min)
            kpi.latest = kpi.latest or dated[-1]
            if len(dated) > 1:
                kpi.previous = kpi.previous or dated[-2]
        for figure in (kpi.latest, kpi.previous):
            if figure is not None and figure.value is None and figure.words.lower() not in SYMBOLS:
                self.parsed.problems.append(
                    Problem(
                        kpi.where,
                        f'"{figure.words}" is not a number, so that figure was not kept. Write '
                        "it as a number (12, 12.5%, 1,234), or c or x when it is withheld.",
                        Severity.WARNING,
                        "latest" if figure is kpi.latest else "previous",
                    )
                )

    def _read_settings(self, kpi: ParsedKpi, values: dict[Role, str]) -> None:
        if unit := _unit_named(values.get(Role.UNIT, "")):
            kpi.unit, kpi.unit_given = unit, True
        if polarity := _polarity_named(values.get(Role.POLARITY, "")):
            kpi.polarity, kpi.polarity_given = polarity, True
        if frequency := _frequency_named(values.get(Role.FREQUENCY, "")):
            kpi.frequency = frequency
        elif kpi.latest and kpi.latest.period:
            kpi.frequency = _frequency_of(kpi.latest.period)
        latest, previous = kpi.latest, kpi.previous
        if previous and not previous.period_end and latest and latest.period_end:
            # "Previous" beside a dated latest figure: the period before it
            end = latest.period_end.replace(day=1) - datetime.timedelta(days=1)
            for _ in range(MONTHS_IN[kpi.frequency] - 1):
                end = end.replace(day=1) - datetime.timedelta(days=1)
            previous.period_end, previous.period = (
                end,
                f"the {kpi.frequency.label.lower()} period before",
            )


def _heading(text: str) -> tuple[Role | None, Figure | None]:
    """What a heading holds, and the period it names when it is a column of one period's
    figures ("2024/25", "Q2 2025/26") or gives the period of its role ("Latest (Mar 2025)")."""
    first_line = text.split("\n", 1)[0]
    for candidate in (text, first_line, re.sub(r"\(.*?\)", "", text)):
        key = heading_key(candidate)
        if key in HEADINGS:
            return HEADINGS[key], _period_inside(text)
    period = period_of(PERIOD_WORDS.sub(" ", text))
    if period is not None:
        return None, period
    key = heading_key(first_line)
    for words, role in HEADINGS.items():
        if key.startswith(f"{words} ") and role in (Role.TARGET, Role.LATEST, Role.PREVIOUS):
            return role, _period_inside(text)
    return None, None


def _period_inside(text: str) -> Figure | None:
    """The period a heading names beside its role: "Latest (Q2 2025/26)", "Target 2025/26"."""
    found = re.search(r"\(([^)]*)\)", text)
    inside = found.group(1) if found else " ".join(text.split()[1:])
    return period_of(PERIOD_WORDS.sub(" ", inside))


def period_of(text: str) -> Figure | None:
    """A period as boards write it, with the day it ends. A bare year ("2024") is the year to 31
    March, as DfE's published years are."""
    words = " ".join(text.split())
    for pattern in PERIODS:
        found = pattern.match(words)
        if not found:
            continue
        groups = {k: v for k, v in found.groupdict().items() if v}
        if "q" in groups or "q2" in groups:
            quarter = int(groups.get("q") or groups["q2"])
            year = _year(groups.get("fy") or groups["fy2"])
            end_year, month = (year + 1, 3) if quarter == 4 else (year, 3 + 3 * quarter)
            return Figure(words, period=words, period_end=month_end(end_year, month))
        if "year" in groups:
            return Figure(
                words, period=words, period_end=datetime.date(int(groups["year"]) + 1, 3, 31)
            )
        if "month" in groups:
            month = MONTHS.index(groups["month"][:3].lower()) + 1
            return Figure(words, period=words, period_end=month_end(_year(groups["my"]), month))
        try:
            if "d" in groups:
                day = datetime.date(_year(groups["y"]), int(groups["m"]), int(groups["d"]))
            elif "iy" in groups:
                day = datetime.date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
            else:
                day = datetime.date(int(groups["single"]), 3, 31)
        except ValueError:
            return None
        return Figure(words, period=words, period_end=day)
    return None


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def figure_of(text: str) -> Figure:
    words = " ".join(text.split())
    found = NUMBER.match(words.replace(" ", "") if words.endswith("%") else words)
    if not found:
        return Figure(words)
    try:
        value = Decimal(found.group(1).replace(",", ""))
    except InvalidOperation:
        return Figure(words)
    suffix = (found.group(2) or "").lower()
    if suffix == "k":
        value *= 1000
    elif suffix == "m":
        value *= 1_000_000
    return Figure(words, value=value, percent=suffix.startswith(("%", "per")))


def _read_target(kpi: ParsedKpi, text: str, parsed: ParsedKpis, *, inside_name: bool) -> None:
    """The target, from its own column or from inside the measure's words ("... is less than
    10% (currently 12%)"). A measure with no target is contextual."""
    target = parse_target(text)
    if inside_name:  # a measure with no target in it is contextual
        target = parse_target("") if target.kind == TargetKind.NONE else _shortest_phrase(target)
    elif not target.understood:
        parsed.problems.append(
            Problem(
                kpi.where,
                f'We could not read a target from "{text}", so the KPI was kept with no target. '
                'Write it as boards do ("less than 10%", "at least 95%", "from 80% to 95% by '
                'March 2027") or set it on the KPI after importing.',
                Severity.WARNING,
                "target",
            )
        )
    kpi.target = target


def _shortest_phrase(target: Target) -> Target:
    """The target's own words inside a measure: the shortest ending of the sentence that reads
    as the same target ("less than 10% (currently 12%)"), so the scorecard shows the target
    rather than the whole measure again."""
    words = target.words.split(" ")
    for start in range(len(words) - 1, 0, -1):
        ending = " ".join(words[start:])
        if ending.count(")") > ending.count("("):  # "95% or above)" from "(i.e. 95% or above)"
            ending = ending.rstrip(" .)")
        shorter = parse_target(ending)
        if _same_rule(shorter, target):
            return shorter
    return target


def _same_rule(a: Target, b: Target) -> bool:
    keys = ("kind", "low", "high", "start", "end", "by", "comparator", "comparison", "change")
    return all(getattr(a, k) == getattr(b, k) for k in keys) and a.baseline == b.baseline


# Units, polarity and frequency ---------------------------------------------------------------


def _unit_named(text: str) -> Unit | None:
    key = heading_key(text)
    if not key:
        return None
    for words, unit in (
        (("%", "percent", "percentage", "per cent", "proportion"), Unit.PERCENTAGE),
        (("rate", "per 10", "10,000", "10000"), Unit.RATE),
        (("number", "count", "no", "num"), Unit.COUNT),
        (("day", "days"), Unit.DAYS),
        (("£", "money", "cost", "spend"), Unit.MONEY),
        (("score", "average score"), Unit.SCORE),
    ):
        if any(w in text.lower() or w == key for w in words):
            return unit
    return None


def _polarity_named(text: str) -> Polarity | None:
    key = heading_key(text)
    if re.search(r"\b(?:high|higher|up|increase|bigger|more)\b", key):
        return Polarity.HIGHER
    if re.search(r"\b(?:low|lower|down|decrease|smaller|less|fewer)\b", key):
        return Polarity.LOWER
    if re.search(r"\b(?:neither|context|contextual|none)\b", key):
        return Polarity.NEITHER
    return None


def _frequency_named(text: str) -> Frequency | None:
    key = heading_key(text)
    for words, frequency in (
        ("bi monthly", Frequency.BIMONTHLY),
        ("two month", Frequency.BIMONTHLY),
        ("month", Frequency.MONTHLY),
        ("quarter", Frequency.QUARTERLY),
        ("annual", Frequency.ANNUAL),
        ("year", Frequency.ANNUAL),
    ):
        if words in key:
            return frequency
    return None


def _frequency_of(period: str) -> Frequency:
    if re.search(r"q[1-4]", period, re.IGNORECASE):
        return Frequency.QUARTERLY
    if re.search(r"[a-z]{3}", period, re.IGNORECASE) or period.count("/") == 2:
        return Frequency.MONTHLY
    return Frequency.ANNUAL


# The words that give a KPI's unit away, in the order they are tried (after a percent sign).
UNIT_WORDS: tuple[tuple[Unit, re.Pattern[str]], ...] = (
    (Unit.RATE, re.compile(r"per 10,?000|rate per")),
    (Unit.DAYS, re.compile(r"\b(?:days?|time it takes)\b")),
    (Unit.SCORE, re.compile(r"\bscore\b")),
    (Unit.MONEY, re.compile(r"£|\b(?:cost|spend)\b")),
    (Unit.COUNT, re.compile(r"\bnumber\b")),
)


def _guess_unit(kpi: ParsedKpi) -> None:
    if kpi.unit_given:
        return
    figures = [f for f in (kpi.latest, kpi.previous) if f is not None and f.value is not None]
    if unit := _unit_said(kpi, figures):
        kpi.unit, kpi.unit_given = unit, True
    elif any(f.value is not None and f.value > 100 for f in figures):
        kpi.unit = Unit.COUNT  # more than 100 cannot be a percentage: still a guess


def _unit_said(kpi: ParsedKpi, figures: list[Figure]) -> Unit | None:
    """The unit the KPI's words, target or figures say, when they say one."""
    words = f"{kpi.name} {kpi.target.words}".lower()
    if kpi.target.unit == Unit.PERCENTAGE or "%" in words or any(f.percent for f in figures):
        return Unit.PERCENTAGE
    for unit, said in UNIT_WORDS:
        if said.search(words):
            return unit
    return Unit.COUNT if kpi.target.unit == Unit.COUNT else None


def _guess_polarity(kpi: ParsedKpi) -> None:
    """From the target when it says which way (a ceiling, a floor, a rising trajectory), else a
    guess from the words, flagged for the officer to check."""
    if kpi.polarity_given:
        return
    kind, target = kpi.target.kind, kpi.target
    kpi.polarity_given = True
    if kind in (TargetKind.LESS_THAN, TargetKind.AT_MOST):
        kpi.polarity = Polarity.LOWER
    elif kind in (TargetKind.MORE_THAN, TargetKind.AT_LEAST):
        kpi.polarity = Polarity.HIGHER
    elif kind == TargetKind.TRAJECTORY and target.start is not None and target.end is not None:
        kpi.polarity = Polarity.HIGHER if target.end > target.start else Polarity.LOWER
    else:
        # A guess: the first word that says which way ("Improve attendance ... and reduce ...")
        kpi.polarity_given = False
        lower, higher = LOWER_WORDS.search(kpi.name), HIGHER_WORDS.search(kpi.name)
        if lower and (not higher or lower.start() < higher.start()):
            kpi.polarity = Polarity.LOWER
        elif higher:
            kpi.polarity = Polarity.HIGHER


def _finish(parsed: ParsedKpis) -> None:
    guessed: list[str] = []
    for kpi in parsed.kpis:
        _guess_unit(kpi)
        _guess_polarity(kpi)
        if not kpi.unit_given:
            guessed.append(kpi.where)
        _check_figures(kpi, parsed)
        if len(kpi.name) > NAME_LENGTH:
            parsed.problems.append(
                Problem(
                    kpi.where,
                    f"The measure is {len(kpi.name)} characters long; a KPI's name is at most "
                    f"{NAME_LENGTH}. Shorten it in the file, or move the detail to a note.",
                    Severity.ERROR,
                    "name",
                )
            )
    if guessed:
        parsed.problems.append(
            Problem(
                _rows_text(guessed),
                f"The file does not say the unit of {counted(len(guessed), 'KPI')}, so they were "
                f"read as {Unit.PERCENTAGE.label.lower()}s. Check each one after importing and "
                "change it on the KPI if it is a count, a rate or days.",
                Severity.INFO,
                "unit",
            )
        )
    given = [k for k in parsed.kpis if k.rag or k.direction]
    if given:
        parsed.problems.append(
            Problem(
                "file",
                "The file's RAG ratings and directions of travel are shown here for checking but "
                "not imported: Pledge works them out from the figures and targets.",
                Severity.INFO,
                "rag",
            )
        )
    if not parsed.kpis and not parsed.has_errors:
        parsed.problems.append(
            Problem(
                "file",
                "We found no KPIs. Check the file has a header row (Measure or Indicator, with "
                "Target or Outcome beside it) with one KPI in each row below it.",
                Severity.ERROR,
            )
        )


def _check_figures(kpi: ParsedKpi, parsed: ParsedKpis) -> None:
    """A figure is kept as a reading only with a number and a period; say why one is not."""
    for name in ("latest", "previous"):
        figure: Figure | None = getattr(kpi, name)
        if figure is None or figure.value is None:
            continue
        if kpi.unit == Unit.PERCENTAGE and not 0 <= figure.value <= 100:
            problem = (
                f"The {name} figure, {figure.words}, is not a percentage from 0 to 100, so it "
                "was not kept. Give the KPI's unit in a Unit column, or correct the figure."
            )
        elif figure.period_end is None:
            problem = (
                f"The {name} figure, {figure.words}, has no period, so it was not kept. Add a "
                'Period column, or name the period in the heading ("Latest (Q2 2025/26)").'
            )
        else:
            continue
        setattr(kpi, name, dataclasses.replace(figure, value=None))
        parsed.problems.append(Problem(kpi.where, problem, Severity.WARNING, name))


def _rows_text(wheres: list[str]) -> str:
    """ "table 1, rows 1, 2 and 8; table 2, row 5" for ["table 1, row 1", "table 1, row 2", ...]."""
    rows: dict[str, list[str]] = {}
    for where in wheres:
        table, _, row = where.rpartition("row ")
        rows.setdefault(table.rstrip(", "), []).append(row)
    return "; ".join(
        f"{table + ', ' if table else ''}row{'s' if len(numbers) > 1 else ''} "
        + (", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1 else numbers[0])
        for table, numbers in rows.items()
    )


def _one_line(text: str) -> str:
    """A cell's lines as one line. A line followed by a new sentence gets its full stop: "...
    predicted grades" then "Young people Looked After to ..." (Lancashire's 1.9)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    ends = [
        nxt[:1].isupper() and not line.endswith((".", ":", ";", "?", "!"))
        for line, nxt in itertools.pairwise(lines)
    ]
    return " ".join(
        f"{line}." if end else line for line, end in zip(lines, [*ends, False], strict=True)
    )


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip("?").strip()
