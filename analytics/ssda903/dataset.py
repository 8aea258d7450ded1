"""A loaded return: every table the indicators use, read from files and prepared once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from analytics.ssda903.episodes import (
    SHORT_BREAKS,
    Coverage,
    coverage_by_la,
    parse_dates,
    stitched_episodes,
)
from analytics.ssda903.read import Discovery, SourceFile, discover, read_table
from analytics.ssda903.spec import spec_for

# Latest year wins for the same record in several years' files (liia-tools la-agg.yml).
MISSING_KEY = ("LA", "CHILD", "MISSING", "MIS_START")


@dataclass(frozen=True)
class Return903:
    """One or several authorities' returns over one or several years, ready for indicators.

    `episodes` are stitched and sorted (episodes.py); the annual tables (OC2, OC3) keep their
    `YEAR`; `population` is the optional ONS estimate of 0 to 17 year olds per authority.
    """

    episodes: pl.DataFrame
    # The short-break (V3, V4) episodes set aside from `episodes`, for the rules that ask
    # whether a child had any (CLA12, INDICATORS.md 5.4). Empty when they were kept in.
    short_breaks: pl.DataFrame
    missing: pl.DataFrame
    oc2: pl.DataFrame
    oc3: pl.DataFrame
    coverage: dict[str, Coverage]
    population: pl.DataFrame | None = None


def load(
    paths: Sequence[Path],
    *,
    year: int | None = None,
    drop_short_breaks: bool = True,
    population: pl.DataFrame | None = None,
) -> tuple[Return903, Discovery]:
    """Read every table under `paths`; the problems found while finding files come back too."""
    found = discover(paths, year=year)
    tables = {
        key: [f for f in found.files if f.table.key == key]
        for key in ("episodes", "missing", "oc2", "oc3")
    }
    raw_episodes = _read(tables["episodes"], "episodes")
    stitched = stitched_episodes(raw_episodes)
    breaks = pl.col("LS").is_in(SHORT_BREAKS) & drop_short_breaks
    episodes, short_breaks = stitched.filter(~breaks), stitched.filter(breaks)
    missing = parse_dates(_read(tables["missing"], "missing"), "MIS_START", "MIS_END", "DOB")
    missing = missing.sort(*MISSING_KEY, "YEAR").unique(MISSING_KEY, keep="last")
    return (
        Return903(
            episodes=episodes,
            short_breaks=short_breaks.select("LA", "CHILD", "DECOM", "DEC"),
            missing=missing,
            oc2=parse_dates(_read(tables["oc2"], "oc2"), "DOB"),
            oc3=parse_dates(_read(tables["oc3"], "oc3"), "DOB"),
            coverage=coverage_by_la(episodes),
            population=population,
        ),
        found,
    )


def _read(files: list[SourceFile], key: str) -> pl.DataFrame:
    """The table's rows, or an empty frame with its columns when no file held it."""
    if files:
        return read_table(files)
    columns = [c.name for c in spec_for(2024).tables[key].columns]
    schema = dict.fromkeys(columns, pl.String) | {"LA": pl.String, "YEAR": pl.Int32}
    return pl.DataFrame(schema=schema)
