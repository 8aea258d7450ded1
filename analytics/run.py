"""Running the engine over files, a few authorities at a time: what the command and the app call.

Every rule and indicator is per authority, so a regional or national run is split into shards of
`SHARD` authorities, each read, validated, prepared and computed in turn and then dropped.
Memory is bounded by one shard's rows instead of England's; the results are the same as one
pass (a test compares them). Files that name no authority (combined files with an `LA` column)
cannot be split before reading, so they are read in one shard.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analytics.indicators.catalogue import CORE, Indicator, compute
from analytics.indicators.reading import Reading
from analytics.ssda903.dataset import prepare, read_tables
from analytics.ssda903.read import Discovery, FileProblem, discover
from analytics.ssda903.validation.issues import Report
from analytics.ssda903.validation.validate import combine, validate

# Authorities per shard: measured, 25 keeps a national run under 2 GiB without slowing it.
SHARD = 25
Progress = Callable[[str], None]


@dataclass
class Result:
    report: Report
    problems: list[FileProblem]
    files: int
    readings: list[Reading] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    episodes: int = 0  # how many episodes the indicators used, after stitching


@dataclass(frozen=True)
class Inputs:
    """The optional inputs some indicators need (see Return903)."""

    population: pl.DataFrame | None = None
    postcodes: pl.DataFrame | None = None
    bank_holidays: frozenset[datetime.date] | None = None


def validate_paths(
    paths: Sequence[Path], *, year: int | None = None, progress: Progress | None = None
) -> Result:
    return _run(paths, year=year, progress=progress)


def indicators_for_paths(
    paths: Sequence[Path],
    as_at: Sequence[datetime.date],
    *,
    year: int | None = None,
    inputs: Inputs = Inputs(),
    indicators: Sequence[Indicator] = CORE,
    progress: Progress | None = None,
) -> Result:
    return _run(paths, year=year, progress=progress, compute_at=(as_at, inputs, indicators))


def _run(
    paths: Sequence[Path],
    *,
    year: int | None,
    progress: Progress | None,
    compute_at: tuple[Sequence[datetime.date], Inputs, Sequence[Indicator]] | None = None,
) -> Result:
    say = progress or (lambda _text: None)
    say("Finding files")
    found = discover(paths, year=year)
    parts = list(shards(found))
    reports, problems = [], list(found.problems)
    result = Result(report=combine([], []), problems=problems, files=0)
    for number, shard in enumerate(parts, start=1):
        label = f"Part {number} of {len(parts)}" if len(parts) > 1 else "All files"
        say(f"{label}: reading and validating")
        tables = read_tables(shard)
        problems += shard.problems
        report = validate(shard, tables)
        reports.append(report)
        if compute_at is None:
            continue
        dates, inputs, chosen = compute_at
        data = prepare(tables, unusable=report.unusable_rows(), **dataclasses.asdict(inputs))
        del tables
        result.episodes += len(data.episodes)
        for tables_left_out in data.left_out.values():
            for table, count in tables_left_out.items():
                result.left_out[table] = result.left_out.get(table, 0) + count
        result.readings += compute(data, dates, chosen, progress=_prefixed(say, label))
    if compute_at is not None:  # in date, then catalogue, order across the parts
        dates, _inputs, chosen = compute_at
        order = {indicator.code: number for number, indicator in enumerate(chosen)}
        result.readings.sort(
            key=lambda r: (dates.index(r.as_at), order[r.code.split(":")[0]], r.la)
        )
    result.report = combine(reports, found.problems)
    result.files = len(found.files) + len(found.xml) + len(found.problems)
    return result


def _prefixed(say: Progress, label: str) -> Progress:
    return lambda text: say(f"{label}: {text}")


def shards(found: Discovery) -> Iterator[Discovery]:
    """`found`'s files in groups of SHARD authorities (all together when any file names none),
    without the problems found so far, which the combined report carries once."""
    places = [source.la for source in found.files] + [source.la for source in found.xml]
    if None in places:
        yield Discovery(files=found.files, xml=found.xml)
        return
    authorities = sorted({la for la in places if la is not None})
    for at in range(0, len(authorities), SHARD):
        chosen = set(authorities[at : at + SHARD])
        yield Discovery(
            files=[f for f in found.files if f.la in chosen],
            xml=[x for x in found.xml if x.la in chosen],
        )
