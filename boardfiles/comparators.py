"""Read the Department for Education's published comparator files into plain values.

The first step of importing comparators: a CSV from Explore Education Statistics (EES), in
either of its shapes, becomes a list of `ComparatorValue`s, one per figure, each knowing its
measure, area and period, and the GSS symbol when DfE published a symbol instead of a number.

- **Wide**: the geography and time columns, then one column per indicator
  (`cla_31_march_count`, `cla_31_march_rate_per_10000`, ...). Each indicator column is a measure.
- **Long (tidy)**: as published by EES, with filter columns (`population_type`) and value
  columns (`children_count`, `rate_per_10000`). Each combination of filter values and value
  column is a measure, named "<filter values>: <value column>", for example
  "Children looked after on 31 March each year: children_count".
- **Plain**: `la_code, la_name, year` and one column per figure, as an analyst might make it.

Columns are matched by name, never by position: the geography columns come in a different order
in each of DfE's files. A file that is not a comparator file at all raises `FileError`
with a message a person can act on; a cell that cannot be read becomes a `Problem` and the rest
of the file is kept. Nothing here touches the database.

Revisions: DfE re-issues the whole time series with every release (the 2025 release revised
England's 31 March 2024 count from 83,630 to 83,530). This reader only reports what the file
says; the importer replaces any value it already holds for the same (measure, area, period).

`read_statistical_neighbours` reads DfE's statistical neighbour groupings (NFER, for DfE) from
the LAIT workbook or the older CSV.

References: the EES data file conventions in DfE's `eesyscreener` and `dfeR` packages
(geography columns, time identifiers, GSS symbols); the EES methodology "Children looked after:
a focus on placement location" for the symbols' meanings.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final, Literal

from boardfiles.limits import (
    DAMAGED,
    MAX_FILE_BYTES,
    Budget,
    bounded_lines,
)
from boardfiles.problems import FileError, Problem, Severity, at_row

MAX_BYTES: Final = MAX_FILE_BYTES
MAX_ROWS: Final = 200_000
MAX_COLUMNS: Final = 1_000  # EES's widest files have tens of columns
MAX_PROBLEMS: Final = 500  # after this many, one summary: a person fixes the pattern, not each
NEIGHBOURS_PER_LA: Final = 10

DOWNLOAD_HINT: Final = (
    "Download the CSV from Explore Education Statistics ('Download data' → CSV) and upload "
    "it unchanged."
)
_TOO_BIG_HINT: Final = (
    "Download only the geographies and years you need: on Explore Education Statistics, choose "
    "'Create your own tables', pick them, and download that table as CSV."
)
_NEIGHBOURS_HINT: Final = (
    "Upload DfE's statistical neighbour list unchanged: the children's services statistical "
    "neighbour benchmarking tool from GOV.UK, or LAIT's list (sheet 'LA SN Groups')."
)

GeographyLevel = Literal["national", "regional", "local_authority"]

# GSS symbols as EES uses them. The current ones come from DfE's screener (eesyscreener:
# c, x, z, low) and the CLA methodology (k); u is in the GSS-aligned shorthand list. EES
# treats ":" and "~" as legacy symbols and documents no meaning for them; these meanings follow
# the older GSS and DfE tables, where ":" marked figures not available and "~" small figures.
SYMBOL_MEANINGS: Final[Mapping[str, str]] = {
    "c": "confidential: suppressed to protect individuals",
    "z": "not applicable",
    "x": "not available",
    "k": "rounds to 0 but is not 0",
    "low": "rounds to 0 but is not 0",
    "u": "low reliability",
    ":": "not available (an older symbol, now x)",
    "~": "rounds to 0 but is not 0 (an older symbol, now low)",
}

_LEVELS: Final[Mapping[str, GeographyLevel]] = {
    "national": "national",
    "regional": "regional",
    "local authority": "local_authority",
}
# Where each level's code and name are (dfeR's geography_matrix.csv).
_LEVEL_COLUMNS: Final[Mapping[GeographyLevel, tuple[str, str]]] = {
    "national": ("country_code", "country_name"),
    "regional": ("region_code", "region_name"),
    "local_authority": ("new_la_code", "la_name"),
}
# Every geography and time column EES allows (dfeR's geog_time_identifiers): never a measure
# or a filter, even at the levels Pledge skips.
_GEOGRAPHY_TIME_COLUMNS: Final = frozenset(
    {
        "time_period",
        "time_identifier",
        "geographic_level",
        "country_code",
        "country_name",
        "region_code",
        "region_name",
        "new_la_code",
        "old_la_code",
        "la_name",
        "lad_code",
        "lad_name",
        "rsc_region_lead_name",
        "pcon_code",
        "pcon_name",
        "lsip_code",
        "lsip_name",
        "local_enterprise_partnership_code",
        "local_enterprise_partnership_name",
        "english_devolved_area_code",
        "english_devolved_area_name",
        "opportunity_area_code",
        "opportunity_area_name",
        "ward_code",
        "ward_name",
        "trust_id",
        "trust_name",
        "sponsor_id",
        "sponsor_name",
        "school_urn",
        "school_name",
        "school_laestab",
        "provider_ukprn",
        "provider_name",
        "institution_id",
        "institution_name",
        "planning_area_code",
        "planning_area_name",
    }
)
_PLAIN_COLUMNS: Final = frozenset({"la_code", "la_name", "year", "old_la_code"})

_NUMBER = re.compile(r"-?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?")
_SCIENTIFIC = re.compile(r"-?\d+(?:\.\d+)?[eE][+-]?\d+")
_GSS_CODE = re.compile(r"[EWSNK]\d{8}")
_OLD_LA_NUMBER = re.compile(r"\d{3}")


def symbol_meaning(symbol: str) -> str:
    """What a GSS symbol means, in plain English ("c" → "confidential: ...")."""
    return SYMBOL_MEANINGS[symbol.lower()]


@dataclass(frozen=True, slots=True)
class ComparatorArea:
    geography_level: GeographyLevel
    area_code: str  # E92000001 for England, the region's code, or the LA's new_la_code
    area_name: str
    old_la_code: str | None = None  # the LA's three-digit number, where the file gives it


@dataclass(frozen=True, slots=True)
class ComparatorValue:
    """One published figure: a number, or the symbol DfE published in its place."""

    measure: str
    geography_level: GeographyLevel
    area_code: str
    area_name: str
    old_la_code: str | None
    period: str  # the time_period as written: "2025", "202425"
    year_ending: datetime.date | None  # see `year_ending`
    value: Decimal | None
    symbol: str | None  # lower case: "c", "x", "z", "k", "low", "u", ":" or "~"
    row: int  # the spreadsheet row, header being row 1

    @property
    def symbol_meaning(self) -> str | None:
        return symbol_meaning(self.symbol) if self.symbol else None


@dataclass
class ComparatorFile:
    filename: str
    values: list[ComparatorValue] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)  # in the order the file gives them
    areas: list[ComparatorArea] = field(default_factory=list)  # in the order first seen
    periods: list[str] = field(default_factory=list)  # sorted, oldest first
    problems: list[Problem] = field(default_factory=list)

    def get(self, measure: str, area_code: str, period: str) -> ComparatorValue | None:
        """The value for one measure, area and period, if the file has it."""
        return next(
            (
                v
                for v in self.values
                if (v.measure, v.area_code, v.period) == (measure, area_code, period)
            ),
            None,
        )


@dataclass(frozen=True, slots=True)
class StatisticalNeighbours:
    """One council's ten statistical neighbours, closest first, by old LA number."""

    la_number: str
    la_name: str
    neighbours: tuple[str, ...]
    region: str = ""  # the list's GOReg column, a region's name, when it has one


def year_ending(period: str, time_identifier: str | None) -> datetime.date | None:
    """The last day of the period, where the time identifier says what kind of year it is.

    A "Reporting year" ends on 31 March: DfE's children looked after figures are at 31 March
    (2025 → 31 March 2025). A six-digit "Financial year" such as 202425 ends on 31 March 2025,
    an "Academic year" on 31 August 2025, a "Tax year" on 5 April 2025; a "Calendar year" ends
    on 31 December. Anything else (terms, months, weeks, or no time_identifier column, as in a
    plain la_code/year file) gives None: the file does not say when the year ends. Note that
    DfE's population file labels mid-year estimates "Reporting year" too, so its 2024 means
    the mid-2024 estimate, which DfE divides by for the rates at 31 March 2025.
    """
    if not _is_period(period):
        return None
    kind = (time_identifier or "").strip().lower()
    start = int(period[:4])
    if len(period) == 4:
        ends = {
            "reporting year": datetime.date(start, 3, 31),
            "calendar year": datetime.date(start, 12, 31),
        }
    else:
        ends = {
            "reporting year": datetime.date(start + 1, 3, 31),
            "financial year": datetime.date(start + 1, 3, 31),
            "academic year": datetime.date(start + 1, 8, 31),
            "tax year": datetime.date(start + 1, 4, 5),
        }
    return ends.get(kind)


def read_comparators(filename: str, data: bytes) -> ComparatorFile:
    """The values in an EES comparator CSV. Raises FileError for a file that is not
    one; cells that cannot be read are skipped and listed in `problems`."""
    records = _csv_records(filename, data)
    header_number, header = next(
        ((number, cells) for number, cells in records if any(cells)), (0, [])
    )
    if not header:
        raise FileError(f"{filename} has no rows. {DOWNLOAD_HINT}")
    body = [(number, cells) for number, cells in records if number > header_number]
    if not any(any(cells) for _, cells in body):
        raise FileError(f"{filename} has a header row but no figures below it. {DOWNLOAD_HINT}")
    layout = _layout(filename, header_number, header, body)
    return _Reader(filename, layout).read(body)


def _csv_records(
    filename: str, data: bytes, hint: str = DOWNLOAD_HINT, too_big: str = _TOO_BIG_HINT
) -> list[tuple[int, list[str]]]:
    """Every record of a CSV with its spreadsheet row number, cells stripped. `hint` says
    where to get a good file; `too_big`, how to get a smaller one."""
    if not data.strip():
        raise FileError(f"{filename} is empty. {hint}")
    if len(data) > MAX_BYTES:
        raise FileError(f"{filename} is larger than {MAX_BYTES // 1024 // 1024} MB. {too_big}")
    _refuse_other_formats(filename, data, hint)
    text = _decode(filename, data, hint)
    first_line = text[:1_000_000].split("\n", 1)[0]
    # EES writes commas; a council's re-saved copy may use semicolons or tabs.
    delimiter = max(",;\t", key=first_line.count)
    # Lines of bounded length (a 20 MB line is refused before it is split), rows of bounded width.
    lines = bounded_lines(filename, io.StringIO(text, newline=""))
    reader = csv.reader(lines, csv.excel, delimiter=delimiter)
    budget = Budget(filename, max_columns=MAX_COLUMNS)
    records: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                raise FileError(f"{filename} has more than {MAX_ROWS:,} rows. {too_big}")
            budget.columns("", len(cells))
            records.append((number, [cell.strip() for cell in cells]))
    except csv.Error as error:
        raise FileError(f"{filename} is not a CSV file we can read ({error}). {hint}") from error
    return records


def _refuse_other_formats(filename: str, data: bytes, hint: str) -> None:
    if data.startswith(b"%PDF"):
        raise FileError(
            f"{filename} is a PDF. Pledge reads the data behind DfE's tables, not the "
            f"publication. {hint}"
        )
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise FileError(
            f"{filename} is an old Excel (.xls) workbook. {hint} If you changed it in "
            'Excel, save it as "CSV UTF-8 (Comma delimited)".'
        )
    if zipfile.is_zipfile(io.BytesIO(data)):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                is_workbook = "[Content_Types].xml" in archive.namelist()
        except DAMAGED:
            is_workbook = False
        if is_workbook:
            raise FileError(
                f"{filename} is an Excel workbook. {hint} If you changed it in Excel, "
                'save it as "CSV UTF-8 (Comma delimited)".'
            )
        raise FileError(
            f"{filename} is a zip file. Unzip it and upload the CSV from its data folder (not "
            "the .meta.csv file)."
        )


def _decode(filename: str, data: bytes, hint: str) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark (Excel's
    "Unicode Text"), else Windows-1252, as Excel writes CSVs."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        try:
            # A UTF-8 file with one bad byte still starts with its byte-order mark.
            return data.decode("cp1252").removeprefix("\u00ef\u00bb\u00bf")
        except UnicodeDecodeError:
            pass
    raise FileError(
        f"{filename} is not a text file we can read. {hint} If you changed it in "
        'Excel, save it as "CSV UTF-8 (Comma delimited)".'
    )


def _key(name: str) -> str:
    """A column name as matched: case, spaces and hyphens do not matter."""
    return re.sub(r"[\s\-]+", "_", name.strip().removeprefix("\ufeff").lower())


@dataclass
class _Layout:
    plain: bool  # la_code, la_name, year: no geographic_level or time_identifier
    width: int  # the header's cells
    columns: dict[str, int]  # geography and time columns by key
    filters: list[int]
    indicators: list[tuple[int, str]]  # position and name as written
    problems: list[Problem]


def _layout(
    filename: str, header_number: int, header: list[str], body: list[tuple[int, list[str]]]
) -> _Layout:
    """Which column is which, by name."""
    keys = [_key(name) for name in header]
    seen = _positions(filename, header, keys)
    plain = _is_plain(filename, seen)
    known = _PLAIN_COLUMNS if plain else _GEOGRAPHY_TIME_COLUMNS
    layout = _Layout(
        plain=plain,
        width=len(header),
        columns={key: seen[key] for key in known if key in seen},
        filters=[],
        indicators=[],
        problems=[],
    )
    for position, key in enumerate(keys):
        if key not in known:
            _sort_column(layout, header_number, header[position], position, body)
    if not layout.indicators:
        raise FileError(
            f"{filename} has no columns of figures: every column beyond the geography and time "
            f"columns holds text. {DOWNLOAD_HINT}"
        )
    return layout


def _positions(filename: str, header: list[str], keys: list[str]) -> dict[str, int]:
    """Each column's position by its key; a name used for two columns is refused."""
    seen: dict[str, int] = {}
    for position, key in enumerate(keys):
        if key and key in seen:
            raise FileError(
                f"{filename} has two columns called {header[position]}. Give each column its "
                "own name and upload the file again."
            )
        seen[key] = position
    return seen


def _is_plain(filename: str, seen: Mapping[str, int]) -> bool:
    """Whether the file is the plain shape (la_code, la_name, year) rather than an EES one; a
    file that is neither is refused."""
    plain = "time_period" not in seen and {"la_code", "year"} <= seen.keys()
    if "time_period" not in seen and not plain:
        raise FileError(_not_comparator_message(filename, seen.keys()))
    if not plain and "geographic_level" not in seen:
        raise FileError(
            f"{filename} has no geographic_level column, so Pledge cannot tell England, "
            f"regions and councils apart. {DOWNLOAD_HINT}"
        )
    return plain


def _sort_column(
    layout: _Layout, header_number: int, name: str, position: int, body: list[tuple[int, list[str]]]
) -> None:
    """Add a column beyond the geography and time columns to the layout's filters or
    indicators, or say why it was not read."""
    key = _key(name)
    cells = [cells[position] for _, cells in body if position < len(cells)]
    filled = [cell for cell in cells if cell]
    if not filled:
        if key:
            layout.problems.append(
                Problem(
                    where=at_row(header_number),
                    column=name,
                    value="",
                    message=f"The {name} column is empty, so nothing was read from it. EES "
                    "files never leave a cell blank; use x for not available.",
                    severity=Severity.WARNING,
                )
            )
    elif not key:
        layout.problems.append(
            Problem(
                where=at_row(header_number),
                column=f"column {position + 1}",
                value="",
                message=f"Column {position + 1} has figures but no name in the header row, "
                "so nothing was read from it. Give it the name of the measure it holds.",
                severity=Severity.ERROR,
            )
        )
    # Any figure or symbol makes a value column, so that garbled cells are reported, not
    # turned into filter values; a filter is labels only. A filter of bare numbers (ages,
    # say) is then read as values, and its repeated (measure, area, period) are reported.
    elif any(_is_value(cell) for cell in filled):
        layout.indicators.append((position, name))
    else:
        layout.filters.append(position)


def _not_comparator_message(filename: str, keys: Iterable[str]) -> str:
    if {"col_name", "col_type"} <= set(keys):
        return (
            f"{filename} is the metadata file that comes with EES data (it describes the "
            "columns). Upload the data file beside it: the CSV without .meta in its name."
        )
    return (
        f"{filename} has no time_period column. {DOWNLOAD_HINT} If you made the file yourself, "
        "name its columns la_code, la_name, year and then one column for each figure."
    )


class _SkipRowError(Exception):
    def __init__(self, column: str, value: str, message: str) -> None:
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


class _OtherLevelError(Exception):
    """A row at a geographic level Pledge does not compare at (school, ward, ...)."""


class _Reader:
    def __init__(self, filename: str, layout: _Layout) -> None:
        self.filename = filename
        self.layout = layout
        self.result = ComparatorFile(filename=filename)
        self.problems = list(layout.problems)
        self.more_problems = 0
        self.areas: dict[str, ComparatorArea] = {}
        self.measures: dict[str, None] = {}
        self.seen: dict[tuple[str, str, str], int] = {}
        self.other_levels: dict[str, list[int]] = {}

    def read(self, body: list[tuple[int, list[str]]]) -> ComparatorFile:
        layout = self.layout
        used = [*layout.columns.values(), *layout.filters, *(p for p, _ in layout.indicators)]
        needed = max(used) + 1
        for number, cells in body:
            if not any(cells):
                continue
            # Too few cells, or figures beyond the header: the cells have shifted (an unquoted
            # comma in "Bristol, City of", say), so no cell in the row can be trusted.
            if len(cells) < needed or any(cells[layout.width :]):
                self._problem(
                    number,
                    "",
                    "",
                    f"This row has {len(cells)} cells but the header has {layout.width}, so "
                    "the row was not read. Check for a comma inside a name without quotes "
                    "around it, or a missing comma.",
                )
                continue
            try:
                self._read_row(number, cells)
            except _SkipRowError as problem:
                self._problem(number, problem.column, problem.value, problem.message)
            except _OtherLevelError as other:
                self.other_levels.setdefault(str(other), []).append(number)
        for level, rows in self.other_levels.items():
            self._problem(
                rows[0],
                "geographic_level",
                level,
                f"{len(rows):,} rows at the {level} level (the first is row {rows[0]}) were "
                "not read: Pledge compares councils with England, regions and other councils. "
                "Nothing needs fixing unless you expected them.",
                severity=Severity.WARNING,
            )
        if self.more_problems:
            self.problems.append(
                Problem(
                    where="",
                    message=f"There are {self.more_problems:,} more problems like these. Fix "
                    "those listed and upload the file again to see the rest.",
                    severity=Severity.ERROR,
                )
            )
        self.result.problems = self.problems
        self.result.measures = list(self.measures)
        self.result.areas = list(self.areas.values())
        self.result.periods = sorted({v.period for v in self.result.values})
        return self.result

    def _read_row(self, number: int, cells: list[str]) -> None:
        period, ending = self._period(cells)
        area = self._area(cells)
        self.areas.setdefault(area.area_code, area)
        prefix = ", ".join(cells[p] for p in self.layout.filters if cells[p])
        for position, column in self.layout.indicators:
            measure = f"{prefix}: {column}" if prefix else column
            text = cells[position]
            if not text:
                self._problem(
                    number,
                    column,
                    text,
                    "This cell is blank, so nothing was read from it. EES files never leave a "
                    "cell blank; use x for not available.",
                    severity=Severity.WARNING,
                )
                continue
            try:
                value, symbol = _parse_value(text)
            except ValueError as error:
                self._problem(number, column, text, str(error))
                continue
            key = (measure, area.area_code, period)
            if key in self.seen:
                self._problem(
                    number,
                    column,
                    text,
                    f"Row {self.seen[key]} already gives {measure} for {area.area_name} in "
                    f"{period}, so this row's value was not read. Remove one of the two rows.",
                )
                continue
            self.seen[key] = number
            self.measures.setdefault(measure, None)
            self.result.values.append(
                ComparatorValue(
                    measure=measure,
                    geography_level=area.geography_level,
                    area_code=area.area_code,
                    area_name=area.area_name,
                    old_la_code=area.old_la_code,
                    period=period,
                    year_ending=ending,
                    value=value,
                    symbol=symbol,
                    row=number,
                )
            )

    def _cell(self, cells: list[str], key: str) -> str:
        position = self.layout.columns.get(key)
        return cells[position] if position is not None else ""

    def _period(self, cells: list[str]) -> tuple[str, datetime.date | None]:
        column = "year" if self.layout.plain else "time_period"
        period = self._cell(cells, column)
        if not _is_period(period):
            raise _SkipRowError(
                column,
                period,
                f"The {column} must be a year such as 2025, or two years run together such as "
                "202425 for 2024-25, so this row was not read.",
            )
        if self.layout.plain:
            return period, None
        return period, year_ending(period, self._cell(cells, "time_identifier"))

    def _area(self, cells: list[str]) -> ComparatorArea:
        if self.layout.plain:
            return self._plain_area(cells)
        written = self._cell(cells, "geographic_level")
        level = _LEVELS.get(written.lower())
        if level is None:
            if not written:
                raise _SkipRowError(
                    "geographic_level",
                    written,
                    "The geographic_level is blank, so this row was not read. Enter National, "
                    "Regional or Local authority.",
                )
            raise _OtherLevelError(written)
        code_column, name_column = _LEVEL_COLUMNS[level]
        for column in (code_column, name_column):
            if column not in self.layout.columns:
                raise FileError(
                    f"{self.filename} has {written} rows but no {column} column. {DOWNLOAD_HINT}"
                )
        code = self._cell(cells, code_column)
        if not code:
            raise _SkipRowError(
                code_column,
                code,
                f"This {written} row has no {code_column}, so it was not read. Enter the "
                "area's nine-character ONS code, such as E08000028 for Sandwell.",
            )
        old = self._cell(cells, "old_la_code") if level == "local_authority" else ""
        return ComparatorArea(level, code, self._cell(cells, name_column), old or None)

    def _plain_area(self, cells: list[str]) -> ComparatorArea:
        code = self._cell(cells, "la_code")
        if not _GSS_CODE.fullmatch(code):
            hint = " That looks like an old LA number." if _OLD_LA_NUMBER.fullmatch(code) else ""
            raise _SkipRowError(
                "la_code",
                code,
                f"The la_code must be a nine-character ONS code such as E08000028 for "
                f"Sandwell, so this row was not read.{hint}",
            )
        level: GeographyLevel = (
            "national"
            if code.startswith("E92")
            else "regional"
            if code.startswith(("E12", "E13"))  # E13: Inner and Outer London, as EES uses them
            else "local_authority"
        )
        old = self._cell(cells, "old_la_code")
        return ComparatorArea(level, code, self._cell(cells, "la_name"), old or None)

    def _problem(
        self,
        row: int,
        column: str,
        value: str,
        message: str,
        severity: Severity = Severity.ERROR,
    ) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.more_problems += 1
            return
        self.problems.append(Problem(at_row(row), message, severity, column, value))


def _is_period(text: str) -> bool:
    if re.fullmatch(r"\d{4}", text):
        return True
    return bool(re.fullmatch(r"\d{6}", text)) and int(text[4:]) == (int(text[2:4]) + 1) % 100


def _is_value(text: str) -> bool:
    try:
        _parse_value(text)
    except ValueError:
        return False
    return True


def _parse_value(text: str) -> tuple[Decimal | None, str | None]:
    """A cell as a number or a GSS symbol. Raises ValueError with what to do about it.

    EES writes plain numbers, and percentages as plain numbers (54 for 54%). A council's
    re-saved copy may have thousands separators (12,183,016) or a percent sign (54%); both are
    read as EES would have written them. A symbol is a whole cell: EES puts a symbol in place
    of a number, never beside one, so "12u" is unreadable, not 12 of low reliability.
    """
    if text.lower() in SYMBOL_MEANINGS:
        return None, text.lower()
    number = text.removesuffix("%").strip()
    if _NUMBER.fullmatch(number):
        return Decimal(number.replace(",", "")), None
    if _SCIENTIFIC.fullmatch(number):
        raise ValueError(
            f"{text} is a number Excel has shortened into scientific notation, losing digits. "
            "Upload the file as downloaded, or format the column as Number in Excel before "
            "saving it as CSV."
        )
    raise ValueError(
        f"{text} is not a number or an EES symbol (c, x, z, k, low or u), so it was not read. "
        "Correct it to a number such as 12.5 or 12,300, or a symbol, and upload the file again."
    )


def read_statistical_neighbours(filename: str, data: bytes) -> dict[str, StatisticalNeighbours]:
    """Each council's ten statistical neighbours, by its old LA number ("333" for Sandwell).

    Reads DfE's groupings as LAIT ships them (an .xlsx with the sheet "LA SN Groups", two index
    rows above the header) or as the April 2021 CSV (header on line 1). The header row is found
    by its names: "LA num" (or "LA number"), "LA Name" and "SN1" to "SN10"; the "SNP" closeness
    columns are not read. Raises FileError for anything else.
    """
    if not data.strip():
        raise FileError(f"{filename} is empty. {_NEIGHBOURS_HINT}")
    if len(data) > MAX_BYTES:
        raise FileError(
            f"{filename} is larger than {MAX_BYTES // 1024 // 1024} MB. {_NEIGHBOURS_HINT}"
        )
    if zipfile.is_zipfile(io.BytesIO(data)):
        rows = list(_xlsx_rows(filename, data))
    else:
        records = _csv_records(filename, data, _NEIGHBOURS_HINT, _NEIGHBOURS_HINT)
        rows = [cells for _, cells in records]
    return _neighbours(filename, rows)


def _xlsx_rows(filename: str, data: bytes) -> Iterator[list[str]]:
    """The rows of the neighbours sheet, streamed within the budgets in `limits.py`."""
    from boardfiles.tables import SheetStream, open_workbook  # noqa: PLC0415

    try:
        book = open_workbook(filename, data)
    except FileError as error:
        raise FileError(f"{error}. {_NEIGHBOURS_HINT}") from error
    try:
        names = book.sheetnames
        sheet = book["LA SN Groups"] if "LA SN Groups" in names else book.worksheets[0]
        budget = Budget(filename, max_rows=MAX_ROWS)
        stream = SheetStream(filename, sheet, budget)
        seen = 0
        for number, cells in stream:
            budget.add_rows(stream.where, number - seen)
            budget.add_cells(stream.where, len(cells))
            yield from ([] for _ in range(seen + 1, number))  # the empty rows between
            row = [""] * max(cell.column for cell in cells)
            for cell in cells:
                row[cell.column - 1] = _xlsx_text(cell.value)
            yield row
            seen = number
    finally:
        book.close()


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _neighbours(filename: str, rows: list[list[str]]) -> dict[str, StatisticalNeighbours]:
    index = _neighbours_header(filename, rows)
    columns = _NeighbourColumns.of(filename, rows[index])
    result: dict[str, StatisticalNeighbours] = {}
    for number, row in enumerate(rows[index + 1 :], start=index + 2):
        cells = row + [""] * (columns.width - len(row))
        if not any(cells[p] for p in columns.neighbours):
            continue  # a blank line or a note under the table
        council = columns.read(filename, number, cells)
        if council.la_number in result:
            raise FileError(
                f"{filename} lists LA {council.la_number} ({council.la_name}) twice, the second "
                f"time in row {number}. {_NEIGHBOURS_HINT}"
            )
        result[council.la_number] = council
    if not result:
        raise FileError(f"{filename} has a header but no councils. {_NEIGHBOURS_HINT}")
    return result


def _neighbours_header(filename: str, rows: list[list[str]]) -> int:
    """The index of the header row: the first of the top ten with LA Name and SN1."""
    index = next(
        (i for i, row in enumerate(rows[:10]) if {"la_name", "sn1"} <= {_key(c) for c in row}),
        None,
    )
    if index is None:
        raise FileError(
            f"{filename} is not a statistical neighbour list: no row near the top has the "
            f"headings LA Name and SN1 to SN{NEIGHBOURS_PER_LA}. {_NEIGHBOURS_HINT}"
        )
    return index


@dataclass(frozen=True)
class _NeighbourColumns:
    """Where a neighbour list's header puts each column it is read by."""

    width: int
    number: int
    name: int
    region: int | None  # GOReg, when the list has it
    neighbours: tuple[int, ...]  # SN1 to SN10

    @classmethod
    def of(cls, filename: str, header: list[str]) -> _NeighbourColumns:
        wanted = [f"sn{n}" for n in range(1, NEIGHBOURS_PER_LA + 1)]
        keys = [_key(cell) for cell in header]
        number_key = next((k for k in ("la_num", "la_number") if k in keys), None)
        missing = [f"SN{n}" for n, key in enumerate(wanted, start=1) if key not in keys]
        if number_key is None or missing:
            absent = ", ".join(([] if number_key else ["LA num"]) + missing)
            raise FileError(f"{filename} has no {absent} column. {_NEIGHBOURS_HINT}")
        return cls(
            width=len(keys),
            number=keys.index(number_key),
            name=keys.index("la_name"),
            region=keys.index("goreg") if "goreg" in keys else None,
            neighbours=tuple(keys.index(key) for key in wanted),
        )

    def read(self, filename: str, number: int, cells: list[str]) -> StatisticalNeighbours:
        """Row `number`'s council and its neighbours; a number that is not an LA number is
        refused."""
        la, found = cells[self.number], tuple(cells[p] for p in self.neighbours)
        if not _OLD_LA_NUMBER.fullmatch(la):
            raise FileError(
                f"Row {number} of {filename} has {la or 'nothing'} as its LA number; it should "
                f"be a three-digit number such as 333. {_NEIGHBOURS_HINT}"
            )
        bad = [n for n in found if not _OLD_LA_NUMBER.fullmatch(n)]
        if bad:
            raise FileError(
                f"Row {number} of {filename} ({cells[self.name]}) has "
                f"{len(found) - len(bad)} neighbours, not {NEIGHBOURS_PER_LA}: each neighbour "
                f"should be a three-digit LA number. {_NEIGHBOURS_HINT}"
            )
        region = cells[self.region] if self.region is not None else ""
        return StatisticalNeighbours(la, cells[self.name], found, region)
