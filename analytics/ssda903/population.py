"""Under-18 population estimates per authority, for rates per 10,000 (INDICATORS.md 4.2).

Two shapes are read, recognised by their columns: the EES-style file DfE publishes and uses
(`time_period`, `geographic_level`, `new_la_code`, `age_group`, `population_estimate`) and
the plainest an analyst would make (`la_code`, `year`, `population_0_17`). `time_period` or
`year` is the year of the ONS mid-year (30 June) estimate.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analytics.ssda903.read import header_row

EES = frozenset({"TIME_PERIOD", "GEOGRAPHIC_LEVEL", "NEW_LA_CODE", "POPULATION_ESTIMATE"})
SIMPLE = frozenset({"LA_CODE", "YEAR", "POPULATION_0_17"})


def read_population(path: Path) -> tuple[pl.DataFrame, list[str]]:
    """(LA, YEAR, POPULATION) rows, and what is wrong with the file if it cannot be used."""
    names = header_row(path) if path.is_file() else "There is no file here"
    if isinstance(names, str):
        return _empty(), [f"{path}: {names}"]
    columns = frozenset(names)
    raw = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    raw = raw.rename({name: name.strip().upper() for name in raw.columns})
    if columns >= EES:
        rows = raw.filter(pl.col("GEOGRAPHIC_LEVEL") == "Local authority")
        if "AGE_GROUP" in raw.columns:
            rows = rows.filter(pl.col("AGE_GROUP").str.contains("0 to 17"))
        rows = rows.select(
            pl.col("NEW_LA_CODE").alias("LA"),
            pl.col("TIME_PERIOD").alias("YEAR"),
            pl.col("POPULATION_ESTIMATE").alias("POPULATION"),
        )
    elif columns >= SIMPLE:
        rows = raw.select(
            pl.col("LA_CODE").alias("LA"),
            pl.col("YEAR"),
            pl.col("POPULATION_0_17").alias("POPULATION"),
        )
    else:
        needs = (
            "time_period, geographic_level, new_la_code and population_estimate (as DfE "
            "publishes it), or la_code, year and population_0_17"
        )
        return _empty(), [f"{path}: it is not a population file. It needs the columns {needs}"]
    typed = rows.with_columns(
        pl.col("YEAR").str.slice(0, 4).cast(pl.Int32, strict=False),
        pl.col("POPULATION").str.replace_all(",", "").cast(pl.Int64, strict=False),
    )
    problems = [
        f"{path}: the population for {row['LA']} ({row['YEAR']}) is not a whole number"
        for row in typed.filter(pl.col("POPULATION").is_null() | pl.col("YEAR").is_null())
        .select("LA", "YEAR")
        .to_dicts()
    ]
    return typed.drop_nulls(), problems


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema={"LA": pl.String, "YEAR": pl.Int32, "POPULATION": pl.Int64})
