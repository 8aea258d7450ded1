"""Turn the tables of a plan file into actions: find the header, recognise its columns, join
continuation rows, carry merged values down, build the KPI tree, and read each "By when".

`parse_plan` returns a `ParsedPlan`: every action as it would be saved, and every problem with
the row it is on (what, where, how to fix). It never writes anything; saving is a service.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from boardfiles.due import DueRule, parse_due
from boardfiles.problems import Problem, Severity
from boardfiles.responsible import split_responsible
from boardfiles.tables import Row, Table


class Column(StrEnum):
    REFERENCE = "reference"
    PRIORITY = "priority"
    ACTION = "action"
    KPI = "kpi"
    RESPONSIBLE = "responsible"
    LEADS = "leads"
    DUE = "due"
    SUCCESS = "success"
    MEASURE = "measure"
    RAG = "rag"
    PROGRESS = "progress"
    IGNORE = "ignore"


COLUMN_LABELS = {
    Column.REFERENCE: "Reference",
    Column.PRIORITY: "Priority",
    Column.ACTION: "Action",
    Column.KPI: "KPI (actions are grouped under it)",
    Column.RESPONSIBLE: "Who is responsible",
    Column.LEADS: "Named leads (people or roles)",
    Column.DUE: "By when",
    Column.SUCCESS: "What success will look like",
    Column.MEASURE: "How we will measure success",
    Column.RAG: "Delivery RAG",
    Column.PROGRESS: "Progress",
    Column.IGNORE: "Do not import",
}

# Headings as the seed plans and their variants write them, after `heading_key`.
HEADINGS: dict[str, Column] = {
    **dict.fromkeys(("ref", "reference", "ref no", "no", "number", "id"), Column.REFERENCE),
    **dict.fromkeys(
        ("priority group", "priority", "theme", "workstream", "section"), Column.PRIORITY
    ),
    **dict.fromkeys(
        (
            "action",
            "actions",
            "actions to meet kpi",
            "activity",
            "activities",
            "what we will do",
            "task",
            "tasks",
        ),
        Column.ACTION,
    ),
    **dict.fromkeys(("kpi", "key performance indicator", "indicator"), Column.KPI),
    **dict.fromkeys(
        (
            "who",
            "who will be responsible",
            "by whom",
            "lead",
            "leads",
            "lead officer",
            "kpi lead agency",
            "lead agency",
            "responsible",
            "owner",
            "responsibility",
            "lead agencies",
        ),
        Column.RESPONSIBLE,
    ),
    **dict.fromkeys(("named leads", "lead officers", "lead people"), Column.LEADS),
    **dict.fromkeys(
        (
            "by when",
            "timescale",
            "timescales",
            "deadline",
            "due",
            "due date",
            "target date",
            "when",
            "completion date",
        ),
        Column.DUE,
    ),
    **dict.fromkeys(
        (
            "what will success look like",
            "success",
            "outcome",
            "outcomes",
            "expected outcome",
            "success criteria",
        ),
        Column.SUCCESS,
    ),
    **dict.fromkeys(
        (
            "how will we measure success",
            "how we will measure success",
            "measure",
            "measures",
            "evidence",
            "how will we know",
        ),
        Column.MEASURE,
    ),
    **dict.fromkeys(("rag", "rag status", "rag status on progress", "delivery rag"), Column.RAG),
    "status": Column.IGNORE,  # progress is posted in Pledge, not imported from a file
    **dict.fromkeys(
        (
            "progress report",
            "progress",
            "update",
            "progress update",
            "commentary",
            "review",
            "comments",
        ),
        Column.PROGRESS,
    ),
    # The KPI's own RAG belongs to the scorecard, not to the actions.
    "rag on kpi": Column.IGNORE,
}
AGENCY_HEADINGS = ("agenc", "responsible")  # "Who will be responsible?" names agencies

REFERENCE = re.compile(r"^\s*(\d+[a-z]?(?:\.\d+[a-z]?)*)\.?\s*$", re.IGNORECASE)
SENTENCE_END = (".", "!", "?", ":")


@dataclass
class ParsedAction:
    key: str  # unique within the import, for the preview and the tree
    where: str
    reference: str = ""
    parent_key: str = ""
    parent_reference: str = ""
    is_kpi: bool = False  # a KPI or outcome with actions under it
    priority: str = ""
    action: str = ""
    responsible: str = ""  # the cell as written
    named_leads: str = ""  # a separate column of people or roles, as written
    agencies: list[str] = field(default_factory=list)
    all_partners: bool = False
    leads: list[str] = field(default_factory=list)
    due: DueRule = field(default_factory=lambda: parse_due("ongoing"))
    success: str = ""
    measure: str = ""
    rag: str = ""
    progress: str = ""
    kpi: str = ""  # the KPI column, while the tree is built; it ends up in `measure` or a parent

    def as_dict(self) -> dict[str, object]:
        return {
            "reference": self.reference,
            "action": self.action,
            "parent_reference": self.parent_reference,
            "is_kpi": self.is_kpi,
            "priority": self.priority,
            "agencies": (["All partner agencies"] if self.all_partners else []) + self.agencies,
            "leads": self.leads,
            "due": self.due.as_dict(),
            "success": self.success,
            "measure": self.measure,
            "rag": self.rag,
            "progress": self.progress,
            "row": self.where,
        }


@dataclass
class ParsedPlan:
    actions: list[ParsedAction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: dict[str, Column | None] = field(default_factory=dict)  # heading -> column

    @property
    def unrecognised_headings(self) -> list[str]:
        return [heading for heading, column in self.columns.items() if column is None]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == Severity.ERROR for p in self.problems) or bool(
            self.unrecognised_headings
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "actions": [a.as_dict() for a in self.actions],
            "problems": [p.as_dict() for p in self.problems],
            "columns": {h: (str(c) if c else None) for h, c in self.columns.items()},
        }


def heading_key(text: str) -> str:
    return re.sub(r"[^a-z0-9&]+", " ", text.lower()).strip()


def parse_plan(
    tables: Iterable[Table],
    *,
    plan_start: datetime.date | None = None,
    column_choices: dict[str, Column] | None = None,
    known_agencies: Iterable[str] = (),
    known_people: Iterable[str] = (),
) -> ParsedPlan:
    """Every action in the tables, and every problem found reading them.

    `column_choices` maps a heading (as `heading_key` gives it) to a column, for headings the
    officer mapped by hand in the preview.
    """
    reader = _PlanReader(
        plan_start=plan_start,
        choices={heading_key(k): v for k, v in (column_choices or {}).items()},
        known_agencies=list(known_agencies),
        known_people=list(known_people),
    )
    tables = list(tables)
    for table in tables:
        reader.read(table, several=len(tables) > 1)
    reader.finish()
    return reader.plan


@dataclass
class _Header:
    columns: list[Column | None]
    texts: list[str]
    agencies_column: bool


def _names_a_priority(
    row: Row, texts: list[str], filled: list[str], values: dict[Column, str]
) -> bool:
    """Whether a row only names the priority of the actions under it: a row across the table,
    or one cell of words in the first column that is neither an action nor a reference."""
    return row.spans_row or bool(
        len(filled) == 1
        and texts[0].strip()
        and not values.get(Column.ACTION)
        and not REFERENCE.match(texts[0])
    )


class _PlanReader:
    def __init__(
        self,
        *,
        plan_start: datetime.date | None,
        choices: dict[str, Column],
        known_agencies: list[str],
        known_people: list[str],
    ) -> None:
        self.plan = ParsedPlan()
        self.plan_start = plan_start
        self.choices = choices
        self.known_agencies = known_agencies
        self.known_people = known_people
        self.header: _Header | None = None
        self.priority = ""
        self.carried: dict[Column, str] = {}
        self.last: ParsedAction | None = None

    # Tables and headers ------------------------------------------------------------------

    def read(self, table: Table, *, several: bool) -> None:
        for problem in table.problems:
            self.plan.problems.append(Problem(table.name, problem, Severity.ERROR))
        start = self._find_header(table)
        if start is None:
            if self.header is None or len(self.header.columns) != len(table.rows[0].cells):
                self.plan.problems.append(
                    Problem(
                        table.name,
                        "We could not find a header row (like Action, Who, By when) in "
                        "this table, so it was not imported. Add a header row above the actions.",
                        Severity.ERROR,
                    )
                )
                return
            start = 0  # a table continued from the page before, under the same header
        if table.heading and several:
            self._set_priority(table.heading)
        for row in table.rows[start:]:
            self._read_row(table, row, several=several)

    def _find_header(self, table: Table) -> int | None:
        for index, row in enumerate(table.rows[:15]):
            if row.spans_row or row.is_blank:
                continue
            texts = row.texts()
            columns = [self._column_for(text) for text in texts]
            named = {c for c in columns if c not in (None, Column.IGNORE)}
            if Column.ACTION in named and len(named) >= 2:
                if Column.REFERENCE not in columns and not texts[0].strip():
                    columns[0] = Column.REFERENCE  # an unlabelled first column of numbers
                columns = self._resolve_repeats(table, texts, columns)
                for text, column in zip(texts, columns, strict=True):
                    if text.strip():
                        self.plan.columns.setdefault(text.strip(), column)
                key = heading_key(
                    next(
                        (t for t, c in zip(texts, columns, strict=True) if c == Column.RESPONSIBLE),
                        "",
                    )
                )
                self.carried = {}  # values carried down belong to the columns they came from
                self.header = _Header(
                    columns, texts, agencies_column=any(w in key for w in AGENCY_HEADINGS)
                )
                return index + 1
        return None

    def _resolve_repeats(
        self, table: Table, texts: list[str], columns: list[Column | None]
    ) -> list[Column | None]:
        """A heading written twice (Sandwell's last table has "Who will be responsible?" where
        "What will success look like?" belongs): take the role the same column had under the
        header before, or leave it for the officer to choose."""
        seen: set[Column] = set()
        for index, column in enumerate(columns):
            if column is None or column == Column.IGNORE:
                continue
            if column in seen:
                before = self.header.columns if self.header else []
                earlier = before[index] if len(before) == len(columns) else None
                if earlier is not None and earlier not in seen:
                    columns[index] = earlier
                    self.plan.problems.append(
                        Problem(
                            table.name,
                            f'"{texts[index].strip()}" heads two columns. The tables '
                            f"before have {COLUMN_LABELS[earlier]} in the same place, so we "
                            "read it as that. Check it.",
                            Severity.WARNING,
                            texts[index].strip(),
                        )
                    )
                else:
                    columns[index] = Column.IGNORE
                    self.plan.problems.append(
                        Problem(
                            table.name,
                            f'"{texts[index].strip()}" heads two columns, so the second '
                            "was not imported. Rename one of them in the file and upload it again.",
                            Severity.WARNING,
                            texts[index].strip(),
                        )
                    )
            seen.add(columns[index] or Column.IGNORE)
        return columns

    def _column_for(self, text: str) -> Column | None:
        """The column a heading names; a note under it ("(to be identified by ...)") aside."""
        for candidate in (text, text.split("\n", 1)[0], re.sub(r"\(.*?\)", "", text)):
            key = heading_key(candidate)
            if key and (column := self.choices.get(key) or HEADINGS.get(key)):
                return column
        return None

    # Rows ----------------------------------------------------------------------------------

    def _read_row(self, table: Table, row: Row, *, several: bool) -> None:
        assert self.header is not None  # noqa: S101 - read() found one first
        where = f"{table.name}, row {row.number}" if several else f"row {row.number}"
        texts = row.texts()
        if row.is_blank or [t.strip() for t in texts] == [t.strip() for t in self.header.texts]:
            return
        values = self._values(row)
        filled = [t for t in texts if t.strip()]
        if _names_a_priority(row, texts, filled, values):
            self._set_priority(filled[0])
        elif not values.get(Column.ACTION):
            self._read_actionless_row(row, values, where)
        elif self._continues(row, values):
            self._join(values, where)
        else:
            if values.get(Column.PRIORITY):
                self._set_priority(values[Column.PRIORITY])
            self._new_action(values, where)

    def _read_actionless_row(self, row: Row, values: dict[Column, str], where: str) -> None:
        """A row with no action: the end of the action above it, or a reference left with no
        action, which is reported; anything else is passed over."""
        says_something = any(
            values.get(c) for c in (Column.RESPONSIBLE, Column.DUE, Column.SUCCESS)
        )
        if says_something and self._continues(row, values):
            self._join(values, where)
        elif values.get(Column.REFERENCE):
            self.plan.problems.append(
                Problem(
                    where,
                    f"Reference {values[Column.REFERENCE]} has no action, so the row "
                    "was left out. Add the action, or delete the row.",
                    Severity.WARNING,
                    "reference",
                )
            )

    def _values(self, row: Row) -> dict[Column, str]:
        assert self.header is not None  # noqa: S101
        values: dict[Column, str] = {}
        for column, cell in zip(self.header.columns, row.cells, strict=False):
            if column is None or column == Column.IGNORE:
                continue
            text = cell.text.strip()
            if text and not values.get(column):
                values[column] = text
        return values

    def _continues(self, row: Row, values: dict[Column, str]) -> bool:
        """A row that finishes the one above it: no reference of its own, and either it starts
        mid-sentence or it says nothing about when while the row above did."""
        if self.last is None or values.get(Column.REFERENCE):
            return False
        assert self.header is not None  # noqa: S101
        reference_index = _index(self.header.columns, Column.REFERENCE)
        if reference_index is not None and row.cells[reference_index].merged:
            return False  # the same (merged) reference: a second action, not a continuation
        first = next((t.strip() for t in row.texts() if t.strip()), "")
        if first[:1].islower():
            return True
        has_due_column = Column.DUE in self.header.columns
        return bool(
            has_due_column
            and not values.get(Column.DUE)
            and self.last.due.text
            and reference_index is not None
        )

    def _join(self, values: dict[Column, str], where: str) -> None:
        assert self.last is not None  # noqa: S101
        for column, text in values.items():
            attribute = FIELDS.get(column)
            if attribute:
                before = getattr(self.last, attribute)
                setattr(self.last, attribute, f"{before} {text}".strip() if before else text)
        if Column.RESPONSIBLE in values or Column.LEADS in values:
            self._split(self.last)
        self.plan.problems.append(
            Problem(
                where,
                f"This row finishes the row above ({self.last.where}), so the two were "
                "joined into one action.",
                Severity.INFO,
            )
        )

    def _new_action(self, values: dict[Column, str], where: str) -> None:
        for column in (Column.KPI, Column.RESPONSIBLE):
            if values.get(column):
                self.carried[column] = values[column]
            elif self.carried.get(column):
                values[column] = self.carried[column]
                if column == Column.RESPONSIBLE:
                    self.plan.problems.append(
                        Problem(
                            where,
                            f'"Who" was blank, so it was taken from the row above '
                            f'("{values[column]}"), as a merged cell would be. Check it.',
                            Severity.INFO,
                            "responsible",
                        )
                    )
        reference = values.get(Column.REFERENCE, "")
        match = REFERENCE.match(reference)
        action = ParsedAction(
            key=f"a{len(self.plan.actions) + 1}",
            where=where,
            reference=match.group(1) if match else reference,
            priority=self.priority,
            action=values.get(Column.ACTION, ""),
            responsible=values.get(Column.RESPONSIBLE, ""),
            named_leads=values.get(Column.LEADS, ""),
            success=values.get(Column.SUCCESS, ""),
            measure=values.get(Column.MEASURE, ""),
            rag=values.get(Column.RAG, ""),
            progress=values.get(Column.PROGRESS, ""),
            due=parse_due(values.get(Column.DUE, "ongoing"), plan_start=self.plan_start),
        )
        action.kpi = values.get(Column.KPI, "")
        self._split(action)
        if Column.DUE in values and action.due.needs_confirmation:
            self.plan.problems.append(Problem(where, action.due.note, Severity.WARNING, "due"))
        self.plan.actions.append(action)
        self.last = action

    def _split(self, action: ParsedAction) -> None:
        assert self.header is not None  # noqa: S101
        found = split_responsible(
            action.responsible,
            agencies_column=self.header.agencies_column,
            known_agencies=self.known_agencies,
            known_people=self.known_people,
        )
        named = split_responsible(
            action.named_leads,
            agencies_column=False,
            known_people=self.known_people,
        )
        action.agencies, action.all_partners = found.agencies, found.all_partners
        action.leads = found.leads + [
            lead for lead in named.agencies + named.leads if lead not in found.leads
        ]

    def _set_priority(self, text: str) -> None:
        self.priority = re.sub(r"\s+", " ", text).strip()
        self.carried.pop(Column.KPI, None)
        self.carried.pop(Column.RESPONSIBLE, None)

    # The whole plan ------------------------------------------------------------------------

    def finish(self) -> None:
        self._kpi_tree()
        self._reference_tree()
        counts = Counter(a.reference for a in self.plan.actions if a.reference)
        for reference, count in counts.items():
            if count > 1:
                rows = ", ".join(a.where for a in self.plan.actions if a.reference == reference)
                self.plan.problems.append(
                    Problem(
                        rows,
                        f"Reference {reference} is used {count} times. All were imported; "
                        "give each action its own reference after importing.",
                        Severity.WARNING,
                        "reference",
                    )
                )
        for heading in self.plan.unrecognised_headings:
            self.plan.problems.append(
                Problem(
                    "header",
                    f'We do not recognise the column "{heading}". Choose what it holds, '
                    'or "Do not import".',
                    Severity.ERROR,
                    heading,
                )
            )
        if not self.plan.actions and not self.plan.has_errors:
            self.plan.problems.append(
                Problem(
                    "file",
                    "We found no actions. Check the file has a header row (Action, Who, "
                    "By when) with one action in each row below it.",
                    Severity.ERROR,
                )
            )

    def _kpi_tree(self) -> None:
        """Actions under the same KPI become children of a KPI node (Lancashire's framework)."""
        groups: list[list[ParsedAction]] = []
        for action in self.plan.actions:
            kpi = action.kpi
            if (
                kpi
                and groups
                and groups[-1][0].kpi == kpi
                and (groups[-1][0].priority == action.priority)
            ):
                groups[-1].append(action)
            elif kpi:
                groups.append([action])
        for group in groups:
            kpi = group[0].kpi
            if len(group) == 1:
                group[0].measure = group[0].measure or kpi
                continue
            numbered = [a for a in group if a.reference]
            reference = _common_prefix([a.reference for a in group])
            if not reference and len(numbered) == 1:
                # "1.13" on the first row only, its other actions unnumbered: the number is
                # the KPI's own, as the framework's other KPIs (1.12, 1.14) show.
                reference, numbered[0].reference = numbered[0].reference, ""
            parent = ParsedAction(
                key=f"k{group[0].key}",
                where=group[0].where,
                reference=reference,
                is_kpi=True,
                priority=group[0].priority,
                action=kpi,
                responsible=group[0].responsible,
                agencies=list(group[0].agencies),
                leads=list(group[0].leads),
                all_partners=group[0].all_partners,
                measure=kpi,
            )
            for child in group:
                child.parent_key, child.parent_reference = parent.key, parent.reference
            index = self.plan.actions.index(group[0])
            self.plan.actions.insert(index, parent)

    def _reference_tree(self) -> None:
        """1.1.1 sits under 1.1 when the plan has an action 1.1."""
        by_reference = {a.reference: a for a in self.plan.actions if a.reference}
        for action in self.plan.actions:
            if action.parent_key or "." not in action.reference:
                continue
            parts = action.reference.split(".")
            for cut in range(len(parts) - 1, 0, -1):
                parent = by_reference.get(".".join(parts[:cut]))
                if parent is not None and parent is not action:
                    action.parent_key, action.parent_reference = parent.key, parent.reference
                    break


FIELDS = {
    Column.ACTION: "action",
    Column.RESPONSIBLE: "responsible",
    Column.LEADS: "named_leads",
    Column.SUCCESS: "success",
    Column.MEASURE: "measure",
    Column.PROGRESS: "progress",
}


def _index(columns: list[Column | None], wanted: Column) -> int | None:
    return next((i for i, c in enumerate(columns) if c == wanted), None)


def _common_prefix(references: list[str]) -> str:
    """1.1 for 1.1.1 to 1.1.4; empty when the numbered actions share no shorter prefix."""
    numbered = [r.split(".") for r in references if r]
    if not numbered:
        return ""
    prefix: list[str] = []
    for parts in zip(*numbered, strict=False):
        if len(set(parts)) != 1:
            break
        prefix.append(parts[0])
    shortest = min(len(parts) for parts in numbered)
    return ".".join(prefix) if prefix and len(prefix) < shortest else ""
