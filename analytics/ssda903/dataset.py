"""A loaded return: every table read from files once, then prepared for the indicators.

`read_tables` gives each table's rows as text, with where each came from (`_FILE`, `_ROW`), which
is what validation reports on. `prepare` types them, stitches years together and leaves out the
rows validation found unusable, for the indicators.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analytics.ssda903.episodes import (
    SHORT_BREAKS,
    Coverage,
    coverage_by_la,
    parse_dates,
    stitched_episodes,
)
from analytics.ssda903.read import Discovery, FileProblem, discover, read_table
from analytics.ssda903.spec import available_years, spec_for
from analytics.ssda903.xml import read_xml

Tables = dict[str, pl.DataFrame]

# Latest year wins for the same record in several years' files (liia-tools la-agg.yml).
LATEST_KEYS = {
    "header": ("LA", "CHILD"),
    "uasc": ("LA", "CHILD"),
    "reviews": ("LA", "CHILD", "REVIEW"),
    "missing": ("LA", "CHILD", "MISSING", "MIS_START"),
    "ad1": ("LA", "CHILD", "DATE_INT", "DATE_MATCH"),
    "placed_for_adoption": ("LA", "CHILD", "DATE_PLACED"),
}
# The date columns of every table but Episodes (which `stitched_episodes` types).
DATES = {
    "header": ("DOB", "MC_DOB"),
    "uasc": ("DOB", "DUC"),
    "reviews": ("DOB", "REVIEW"),
    "missing": ("DOB", "MIS_START", "MIS_END"),
    "oc2": ("DOB",),
    "oc3": ("DOB",),
    "ad1": ("DOB", "DATE_INT", "DATE_MATCH"),
    "placed_for_adoption": ("DOB", "DATE_PLACED", "DATE_PLACED_CEASED"),
    "previous_permanence": ("DOB",),
    "sw_episodes": ("DOB", "SW_DECOM", "SW_DEC"),
    "dolo": ("DOB", "DOLO_START", "DOLO_END"),
}
ROW = ("_FILE", "_ROW")


@dataclass(frozen=True)
class Return903:
    """One or several authorities' returns over one or several years, ready for indicators.

    `episodes` are stitched and sorted (episodes.py); the annual tables (OC2, OC3, AD1) keep
    their `YEAR`; the others hold each record once, the latest year's. `population` is the
    optional ONS estimate of 0 to 17 year olds per authority.
    """

    episodes: pl.DataFrame
    # The short-break (V3, V4) episodes set aside from `episodes`, for the rules that ask
    # whether a child had any (CLA12, INDICATORS.md 5.4). Empty when they were kept in.
    short_breaks: pl.DataFrame
    header: pl.DataFrame
    uasc: pl.DataFrame
    reviews: pl.DataFrame
    missing: pl.DataFrame
    oc2: pl.DataFrame
    oc3: pl.DataFrame
    ad1: pl.DataFrame
    placed_for_adoption: pl.DataFrame
    coverage: dict[str, Coverage]
    population: pl.DataFrame | None = None
    # Optional postcode lookup (postcodes.py): POSTCODE (upper case, no spaces), EASTING,
    # NORTHING (metres) and LA (upper-tier authority code), for the distance indicators.
    postcodes: pl.DataFrame | None = None
    # Days that are not working days besides weekends, for reviews on time; None for
    # England's bank holidays (working_days.py).
    bank_holidays: frozenset[datetime.date] | None = None
    # How many rows validation left out, per authority and table, for the readings' notes.
    left_out: dict[str, dict[str, int]] = field(default_factory=dict)


def read_tables(found: Discovery) -> Tables:
    """Every table of the latest spec, as text rows from all its files (empty when none).
    Problems reading XML files are added to `found.problems`."""
    tables = {key: _read(found, key) for key in spec_for(available_years()[-1]).tables}
    for source in found.xml:
        if source.year is None:
            found.problems.append(
                FileProblem(
                    source.path,
                    "No collection year: put it in a folder named by the year's end (2024 for "
                    "2023-24) or pass --year",
                )
            )
            continue
        frames, problems = read_xml(source.path, year=source.year, la=source.la)
        found.problems += problems
        for key, frame in frames.items():
            if not frame.is_empty():
                tables[key] = pl.concat([tables[key], frame], how="diagonal_relaxed")
    return tables


def prepare(
    tables: Tables,
    *,
    drop_short_breaks: bool = True,
    population: pl.DataFrame | None = None,
    postcodes: pl.DataFrame | None = None,
    bank_holidays: frozenset[datetime.date] | None = None,
    unusable: pl.DataFrame | None = None,
) -> Return903:
    """The tables typed and stitched for the indicators, with the optional inputs. `unusable`
    lists rows (`_FILE`, `_ROW`) with errors that make them unusable; they are left out."""
    left_out: dict[str, dict[str, int]] = {}
    if unusable is not None and not unusable.is_empty():
        kept = {}
        for key, frame in tables.items():
            dropped = frame.join(unusable, on=list(ROW), how="semi")
            for la, count in dropped.group_by("LA").len().iter_rows():
                left_out.setdefault(la, {})[key] = count
            kept[key] = frame.join(unusable, on=list(ROW), how="anti") if len(dropped) else frame
        tables = kept
    stitched = stitched_episodes(tables["episodes"])
    breaks = pl.col("LS").is_in(SHORT_BREAKS) & drop_short_breaks
    episodes, short_breaks = stitched.filter(~breaks), stitched.filter(breaks)
    typed = {key: parse_dates(tables[key], *columns) for key, columns in DATES.items()}
    latest = {
        key: typed[key].sort(*key_columns, "YEAR").unique(key_columns, keep="last")
        for key, key_columns in LATEST_KEYS.items()
    }
    return Return903(
        episodes=episodes,
        short_breaks=short_breaks.select("LA", "CHILD", "DECOM", "DEC"),
        header=latest["header"],
        uasc=latest["uasc"],
        reviews=latest["reviews"],
        missing=latest["missing"],
        oc2=typed["oc2"],
        oc3=typed["oc3"],
        ad1=latest["ad1"],
        placed_for_adoption=latest["placed_for_adoption"],
        coverage=coverage_by_la(episodes),
        population=population,
        postcodes=postcodes,
        bank_holidays=bank_holidays,
        left_out=left_out,
    )


def load(
    paths: Sequence[Path],
    *,
    year: int | None = None,
    drop_short_breaks: bool = True,
    population: pl.DataFrame | None = None,
) -> tuple[Return903, Discovery]:
    """Read and prepare every table under `paths`, without validating; the problems found
    while finding files come back too."""
    found = discover(paths, year=year)
    data = prepare(read_tables(found), drop_short_breaks=drop_short_breaks, population=population)
    return data, found


def empty_tables() -> Tables:
    """Every table with no rows, for building a return by hand."""
    return {key: empty_table(key) for key in spec_for(available_years()[-1]).tables}


def empty_table(key: str) -> pl.DataFrame:
    """A table with no rows: its columns as `read_table` gives them."""
    columns = [c.name for c in spec_for(available_years()[-1]).tables[key].columns]
    schema = dict.fromkeys(columns, pl.String) | {
        "LA": pl.String,
        "YEAR": pl.Int32,
        "_FILE": pl.String,
        "_ROW": pl.Int64,
    }
    return pl.DataFrame(schema=schema)


def _read(found: Discovery, key: str) -> pl.DataFrame:
    files = [f for f in found.files if f.table.key == key]
    frame = read_table(files, found.problems) if files else pl.DataFrame()
    return frame if frame.width else empty_table(key)
