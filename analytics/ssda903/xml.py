"""Reading the SSDA903 return from the one XML file DfE's collection takes (INDICATORS.md 1.2).

The root is `EXPSSDA903`, with one `CHILD` per child. A child's `HEADER` holds the Header
fields and, as loose leaves, the fields of the tables a child has at most one row of: UASC
(the `UASC` flag and `DUC`), OC3 (`IN_TOUCH`, `ACTIV`, `ACCOM`) and AD1 (`DATE_INT` to
`LS_ADOPTR`). Repeating records are elements of their own: `AREVIEW`, `AMISSING`, `OC2`,
`PERMANENCE`, `AD_PLACED` and `SW_EPISODE` inside `HEADER`, `EPISODE` beside it. That layout is
csc-validator-be-903's (`lac_validator/ingress.py`, `tests/fake_data/fake_903.xml`); `SW_EPISODE`
is from its later ingress, and the DoLo record's tag is not known (unverified).

The tables come out in `read_table`'s shape, so the rest of the engine cannot tell CSV from XML:
every value text (blank or empty tag as null, stripped), `CHILDID` as `CHILD`, `PL` as `PLACE`,
the child's `CHILD`, `DOB` and `SEX` copied onto its other rows, and `_ROW` the line of the
element a row came from. Choices where the validator is silent or loose:

- Leaves are read at any depth: wrapper elements between `CHILD`, `HEADER` and the fields are
  looked through, since wrappers may differ between schema versions (unverified).
- An element Pledge does not know whose fields all belong to one repeating table is read as a
  row of it (how a DoLo record is found), and the file is told so.
- A UASC row needs `DUC` or a `UASC` flag other than `0`; an OC3, AD1 or record row needs at
  least one of its own fields to have a value. The validator keys on the tag alone.
- A file that is not well-formed gives no rows at all: a return cut short cannot be trusted.

The file is streamed: libxml2 builds each `CHILD`, which is read when it closes and then
dropped, and each table's columns are collected as lists and made into a DataFrame once, at the
end (measured: a 90 MB file of 104,000 children in 17 s, peaking at 380 MB, most of it those
lists). Entities are never expanded, nothing is fetched and libxml2's limits on depth and size
stand, so a hostile file cannot read local files or exhaust memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import polars as pl
from lxml import etree

from analytics.ssda903.read import FileProblem
from analytics.ssda903.spec import Spec, SpecError, Table, spec_for

ROOT = "EXPSSDA903"
CHILD = "CHILD"
HEADER = "HEADER"
RENAMED = {"CHILDID": "CHILD", "PL": "PLACE"}
# Copied from the child's HEADER onto its other rows, never read from a record itself.
COPIED = frozenset({"CHILD", "DOB", "SEX"})
# Tables of at most one row per child, whose fields sit loose in HEADER.
LOOSE_TABLES = ("header", "uasc", "oc3", "ad1")
UASC_FLAG = "UASC"
# The element that holds each row of a repeating table.
RECORD_TAGS = {
    "EPISODE": "episodes",
    "AREVIEW": "reviews",
    "AMISSING": "missing",
    "OC2": "oc2",
    "PERMANENCE": "previous_permanence",
    "AD_PLACED": "placed_for_adoption",
    "SW_EPISODE": "sw_episodes",
}
EXPORT_AGAIN = "Export the return again from your case management system"
# libxml2 ends some messages with the position, which the problem already gives.
POSITION_SUFFIX = re.compile(r"(, line \d+)?, column \d+\s*$")
# libxml2 quotes the bytes it could not decode: part of a child's row, so never shown.
QUOTED_BYTES = re.compile(r"\s*Bytes:.*$", re.DOTALL)
# The frame's bookkeeping columns, in `read_table`'s order and types.
BOOKKEEPING: dict[str, type[pl.DataType]] = {
    "_FILE": pl.String,
    "_ROW": pl.Int64,
    "LA": pl.String,
    "YEAR": pl.Int32,
}


@dataclass(frozen=True)
class _Layout:
    """Where each field and record of one collection year's tables sits in the XML."""

    spec: Spec
    own: Mapping[str, frozenset[str]]  # table key -> its columns other than those copied
    owner: Mapping[str, str]  # field -> the one table it belongs to
    records: Mapping[str, str]  # record tag -> table key
    record_tables: frozenset[str]
    loose_fields: frozenset[str]  # fields read from HEADER's own leaves
    known: frozenset[str]  # every field of the year's return


def _layout(spec: Spec) -> _Layout:
    own = {key: table.column_names - COPIED for key, table in spec.tables.items()}
    claims: dict[str, set[str]] = {}
    for key, names in own.items():
        for name in names:
            claims.setdefault(name, set()).add(key)
    loose = [key for key in LOOSE_TABLES if key in spec.tables]
    return _Layout(
        spec=spec,
        own=own,
        owner={name: next(iter(keys)) for name, keys in claims.items() if len(keys) == 1},
        records={tag: key for tag, key in RECORD_TAGS.items() if key in spec.tables},
        record_tables=frozenset(spec.tables) - set(loose),
        loose_fields=frozenset(
            {UASC_FLAG, *COPIED}.union(*(spec.tables[key].column_names for key in loose))
        ),
        known=frozenset({UASC_FLAG}.union(*(t.column_names for t in spec.tables.values()))),
    )


@dataclass
class _Columns:
    """One table's rows as they are read, a list per column."""

    table: Table
    values: dict[str, list[str | None]] = field(init=False)
    lines: list[int | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.values = {column.name: [] for column in self.table.columns}

    def add(self, row: Mapping[str, str | None], line: int | None) -> None:
        for name, column in self.values.items():
            column.append(row.get(name))
        self.lines.append(line)

    def frame(self, *, path: Path, la: str | None, year: int) -> pl.DataFrame:
        return pl.DataFrame(
            {**self.values, "_ROW": self.lines},
            schema={**dict.fromkeys(self.values, pl.String), "_ROW": pl.Int64},
        ).select(
            *self.values,
            pl.lit(str(path), dtype=pl.String).alias("_FILE"),
            "_ROW",
            pl.lit(la, dtype=pl.String).alias("LA"),
            pl.lit(year, dtype=pl.Int32).alias("YEAR"),
        )


@dataclass
class _Record:
    table: str
    tag: str
    line: int | None
    values: dict[str, str | None] = field(default_factory=dict)


@dataclass
class _Child:
    """What one CHILD element holds, before it becomes rows."""

    line: int | None
    header_line: int | None = None
    loose: dict[str, str | None] = field(default_factory=dict)
    loose_lines: dict[str, int | None] = field(default_factory=dict)
    records: list[_Record] = field(default_factory=list)
    leaves: int = 0


class _Notes:
    """Problems that are not fatal, each said once per file however often it happens."""

    def __init__(self) -> None:
        self._said: dict[str, str] = {}

    def add(self, key: str, message: str) -> None:
        self._said.setdefault(key, message)

    def problems(self, path: Path) -> list[FileProblem]:
        return [FileProblem(path, message) for message in self._said.values()]


class _UnusableFileError(Exception):
    """The file cannot be read as an SSDA903 return; the message says why and what to do."""


def read_xml(
    path: Path, *, year: int, la: str | None
) -> tuple[dict[str, pl.DataFrame], list[FileProblem]]:
    """Every table of the collection year ending March `year` from one SSDA903 XML file.

    Gives one frame per table of the year's spec, in `read_table`'s shape (with `_ROW` the
    line of the element a row came from), and the file's problems in plain English. Bad input
    never raises: a file that cannot be read, is not well-formed XML, is not an SSDA903 return
    or holds no children gives empty frames and one problem saying what to do.
    """
    try:
        spec = spec_for(year)
    except SpecError as error:
        return {}, [FileProblem(path, str(error))]
    layout = _layout(spec)
    tables = {key: _Columns(table) for key, table in spec.tables.items()}
    notes = _Notes()
    try:
        with path.open("rb") as file:
            children = _read(file, layout, tables, notes)
    except _UnusableFileError as error:
        return _empty(spec, path, la), [FileProblem(path, str(error))]
    except OSError as error:
        return _empty(spec, path, la), [
            FileProblem(path, f"Pledge cannot open it: {error.strerror or error}")
        ]
    if children == 0:
        return _empty(spec, path, la), [
            FileProblem(
                path,
                f"It has no <{CHILD}> elements, so it holds no children. Check it is the "
                f"SSDA903 return, or {EXPORT_AGAIN[0].lower()}{EXPORT_AGAIN[1:]}",
            )
        ]
    frames = {key: columns.frame(path=path, la=la, year=year) for key, columns in tables.items()}
    return frames, notes.problems(path)


def _empty(spec: Spec, path: Path, la: str | None) -> dict[str, pl.DataFrame]:
    return {
        key: _Columns(table).frame(path=path, la=la, year=spec.year)
        for key, table in spec.tables.items()
    }


def _not_well_formed(error: etree.XMLSyntaxError, log: Iterable[etree._LogEntry]) -> str:
    """The parser's first complaint, with where it is: the later ones follow from it."""
    first = next(iter(log), None)
    if first is not None and first.line:
        line, column, reason = first.line, first.column, str(first.message)
    else:
        (line, column), reason = error.position or (0, 0), str(error.msg or "")
    reason = POSITION_SUFFIX.sub("", QUOTED_BYTES.sub("", reason.strip())).rstrip(".")
    if not line or not reason:
        return f"It is empty, or not XML at all. {EXPORT_AGAIN}"
    return (
        f"It is not well-formed XML: line {line}, column {column}: {reason[0].lower()}"
        f"{reason[1:]}. {EXPORT_AGAIN}"
    )


def _name(element: etree._Element) -> str:
    """The element's tag without any namespace, upper case, renamed as the CSV names it."""
    return _tag_name(str(element.tag))


@lru_cache(maxsize=4096)  # a return uses a few dozen tags, millions of times
def _tag_name(tag: str) -> str:
    name = tag.rpartition("}")[2].upper()
    return RENAMED.get(name, name)


def _elements(element: etree._Element) -> Iterator[etree._Element]:
    """Child elements only: not comments, processing instructions or unexpanded entities."""
    return element.iterchildren(tag=etree.Element)  # type: ignore[no-any-return]


def _is_leaf(element: etree._Element) -> bool:
    return len(element) == 0 or next(_elements(element), None) is None


def _text(leaf: etree._Element) -> str | None:
    """The leaf's own text, stripped, or None if empty. An unexpanded entity adds nothing."""
    if len(leaf) == 0:
        return (leaf.text or "").strip() or None
    parts = [leaf.text or "", *(node.tail or "" for node in leaf)]
    return "".join(parts).strip() or None


def _read(file: BinaryIO, layout: _Layout, tables: dict[str, _Columns], notes: _Notes) -> int:
    """Stream the file, turning each CHILD into rows as it closes; the number of CHILDs.

    Only CHILD elements come back to Python as the file streams (libxml2 builds the rest), so
    the cost is in reading the children, not in walking the file.
    """
    events = etree.iterparse(
        file,
        events=("end",),
        tag=f"{{*}}{CHILD}",
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    children = 0
    try:
        for _event, element in events:
            if children == 0:
                _check_root(element.getroottree().getroot())
            if next(element.iterancestors(f"{{*}}{CHILD}"), None) is not None:
                continue  # inside another CHILD: read with it, as a wrapper
            children += 1
            _add_child(element, layout, tables, notes)
            _drop(element, notes)
    except etree.XMLSyntaxError as error:
        raise _UnusableFileError(_not_well_formed(error, events.error_log)) from error
    _check_root(events.root)
    _outside(events.root, notes, itself=False)
    return children


def _check_root(root: etree._Element) -> None:
    name = _name(root)
    if name != ROOT:
        raise _UnusableFileError(
            f"Its outermost element is <{name}>, not <{ROOT}>, so it is not an SSDA903 "
            f"return. {EXPORT_AGAIN}, as the XML file for DfE"
        )


def _drop(child: etree._Element, notes: _Notes) -> None:
    """Free a CHILD once read, and what came before it, so the file streams through memory."""
    child.clear(keep_tail=False)
    parent = child.getparent()
    if parent is not None:
        while (before := child.getprevious()) is not None:
            _outside(before, notes)
            del parent[0]


def _outside(element: etree._Element, notes: _Notes, *, itself: bool = True) -> None:
    """Report the fields in `element` that are in no CHILD (read CHILDs are empty by now)."""
    for node in element.iter(etree.Element):
        name = _name(node)
        if (itself or node is not element) and name != CHILD and _is_leaf(node):
            notes.add(
                f"outside:{name}",
                f"It has <{name}> elements outside any <{CHILD}>: Pledge ignored them",
            )


def _add_child(
    element: etree._Element, layout: _Layout, tables: dict[str, _Columns], notes: _Notes
) -> None:
    child = _Child(line=element.sourceline)
    _walk(element, None, child, layout, notes)
    if child.leaves == 0 and not child.records:
        notes.add(
            "empty child",
            f"The <{CHILD}> at line {child.line} holds nothing: Pledge skipped it",
        )
        return
    for row in _rows(child, layout, notes):
        key, values, line = row
        tables[key].add(values, line)


def _walk(
    element: etree._Element,
    record: _Record | None,
    child: _Child,
    layout: _Layout,
    notes: _Notes,
) -> None:
    """Read the leaves under `element` into the record they belong to, or the child's HEADER."""
    for node in _elements(element):
        name = _name(node)
        leaf = _is_leaf(node)
        if leaf and name in (HEADER, ROOT):
            continue
        if leaf and name not in layout.records:
            child.leaves += 1
            _leaf(
                name,
                _text(node),
                node.sourceline,
                record=record,
                child=child,
                layout=layout,
                notes=notes,
            )
            continue
        inside = record.table if record else None
        table = layout.records.get(name) or _recognised(node, name, inside, layout, notes)
        if table is not None:
            inner = _Record(table=table, tag=name, line=node.sourceline)
            child.records.append(inner)
            _walk(node, inner, child, layout, notes)
            continue
        if name == HEADER and child.header_line is None:
            child.header_line = node.sourceline
        _walk(node, record, child, layout, notes)  # a wrapper: read through it


def _recognised(
    node: etree._Element, name: str, inside: str | None, layout: _Layout, notes: _Notes
) -> str | None:
    """The repeating table an unknown element is a row of, judged by the fields it holds;
    None if it is only a wrapper, such as one inside a row of the same table."""
    if name in (CHILD, HEADER, ROOT):
        return None
    fields = [_name(leaf) for leaf in _elements(node) if _is_leaf(leaf)]
    if not fields or any(f not in layout.owner and f not in COPIED for f in fields):
        return None
    owners = {layout.owner[f] for f in fields if f in layout.owner}
    if len(owners) != 1 or not owners <= layout.record_tables or owners == {inside}:
        return None
    table = owners.pop()
    notes.add(
        f"recognised:{name}",
        f"It has <{name}> elements, which Pledge does not know; their fields are those of "
        f"{layout.spec.tables[table].name}, so Pledge read each as one of its rows",
    )
    return table


def _leaf(
    name: str,
    value: str | None,
    line: int | None,
    *,
    record: _Record | None,
    child: _Child,
    layout: _Layout,
    notes: _Notes,
) -> None:
    if record is not None:
        if name in layout.own[record.table]:
            _keep(record.values, name, value, record.tag, notes)
        elif name not in COPIED:
            _misplaced(name, f"inside <{record.tag}>", layout, notes)
        return
    if name in layout.loose_fields:
        if _keep(child.loose, name, value, HEADER, notes):
            child.loose_lines[name] = line
    else:
        _misplaced(name, f"loose in <{HEADER}>", layout, notes)


def _keep(
    values: dict[str, str | None], name: str, value: str | None, where: str, notes: _Notes
) -> bool:
    """Keep the first value given for a field; say so if a later one differs."""
    if values.get(name) is None:
        values[name] = value
        return True
    if value is not None and value != values[name]:
        notes.add(
            f"twice:{where}:{name}",
            f"One <{where}> has more than one <{name}>, with different values: Pledge read "
            "the first",
        )
    return False


def _misplaced(name: str, where: str, layout: _Layout, notes: _Notes) -> None:
    if name in layout.known:
        notes.add(
            f"misplaced:{name}",
            f"It has <{name}> elements {where}, where they do not belong: Pledge ignored them",
        )
    else:
        notes.add(
            f"unknown:{name}",
            f"It has <{name}> elements, which are not in the SSDA903 return for "
            f"{layout.spec.label}: Pledge ignored them. Check the file is for that year",
        )


def _rows(
    child: _Child, layout: _Layout, notes: _Notes
) -> Iterable[tuple[str, dict[str, str | None], int | None]]:
    """The child's rows, as (table, values, line)."""
    copied = {name: child.loose.get(name) for name in COPIED}
    loose = child.loose
    yield "header", loose, child.header_line or child.line
    for key in LOOSE_TABLES[1:]:
        if key not in layout.spec.tables:
            continue
        given = [name for name in sorted(layout.own[key]) if loose.get(name) is not None]
        if key == "uasc" and loose.get(UASC_FLAG) not in (None, "0"):
            given.append(UASC_FLAG)
        if given:
            lines = [loose_line for n in given if (loose_line := child.loose_lines.get(n))]
            yield key, loose, min(lines, default=child.header_line or child.line)
    for record in child.records:
        if any(value is not None for value in record.values.values()):
            yield record.table, {**record.values, **copied}, record.line
        else:
            notes.add(
                f"empty:{record.tag}",
                f"The <{record.tag}> at line {record.line} holds no values: Pledge skipped it",
            )
