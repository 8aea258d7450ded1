"""Running the engine over files, a few authorities at a time: what the command and the app call.

Every rule and indicator is per authority, so a regional or national run is split into parts of
`SHARD` authorities, each read, validated, prepared and computed and then dropped, two at a
time in worker processes where there are two cores. Memory is bounded by two parts' rows
instead of England's; the results are the same as one pass (a test compares them). Files that
name no authority (combined files with an `LA` column) cannot be split before reading, so they
are read as one part. A single authority is one part, run in this process.
"""

from __future__ import annotations

import dataclasses
import datetime
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from analytics.indicators.catalogue import CATALOGUE, CORE, Indicator, compute
from analytics.indicators.reading import Reading
from analytics.ssda903.dataset import prepare, read_tables
from analytics.ssda903.episodes import Coverage
from analytics.ssda903.read import Discovery, FileProblem, discover
from analytics.ssda903.validation.issues import Report
from analytics.ssda903.validation.validate import combine, validate

# Authorities per part: measured, 25 keeps a national run under 2 GiB without slowing it.
SHARD = 25
# Parts run side by side on a machine with cores to spare.
WORKERS = min(2, os.cpu_count() or 1)
Progress = Callable[[str], None]


@dataclass
class Result:
    report: Report
    problems: list[FileProblem]
    files: int
    readings: list[Reading] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    episodes: int = 0  # how many episodes the indicators used, after stitching
    rows: dict[str, int] = field(default_factory=dict)  # rows read, by table
    children: int = 0  # children with a header row, each counted once per authority
    years: list[int] = field(default_factory=list)  # the collection years read


@dataclass(frozen=True)
class Inputs:
    """The optional inputs some indicators need (see Return903)."""

    population: pl.DataFrame | None = None
    postcodes: pl.DataFrame | None = None
    bank_holidays: frozenset[datetime.date] | None = None


@dataclass(frozen=True)
class Job:
    """One part of a run, as a worker process is given it (indicators by code: picklable)."""

    shard: Discovery
    dates: tuple[datetime.date, ...] = ()
    inputs: Inputs = Inputs()
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Done:
    report: Report
    problems: list[FileProblem]
    readings: list[Reading]
    left_out: dict[str, int]
    episodes: int
    rows: dict[str, int]
    children: int
    years: list[int]


def validate_paths(
    paths: Sequence[Path],
    *,
    year: int | None = None,
    la: str | None = None,
    progress: Progress | None = None,
) -> Result:
    return _run(paths, year=year, la=la, progress=progress, job=Job(Discovery()))


def indicators_for_paths(
    paths: Sequence[Path],
    as_at: Sequence[datetime.date],
    *,
    year: int | None = None,
    la: str | None = None,
    inputs: Inputs = Inputs(),
    indicators: Sequence[Indicator] = CORE,
    progress: Progress | None = None,
) -> Result:
    """The indicators at each date of `as_at`; when it is empty, at every month end the loaded
    years cover (what the app stores from an upload)."""
    codes = tuple(indicator.code for indicator in indicators)
    job = Job(Discovery(), tuple(as_at), inputs, codes)
    return _run(paths, year=year, la=la, progress=progress, job=job)


def _run(
    paths: Sequence[Path],
    *,
    year: int | None,
    la: str | None,
    progress: Progress | None,
    job: Job,
) -> Result:
    say = progress or (lambda _text: None)
    say("Finding files")
    found = discover(paths, year=year, la=la)
    done = _parts([dataclasses.replace(job, shard=shard) for shard in shards(found)], say)
    return _combined(found, done, job)


def _parts(jobs: list[Job], say: Progress) -> list[Done]:
    """Each part read, validated and computed: in parallel when there are several, each in its
    own process with one polars thread (two cores kept busy, where one process leaves much of
    the second idle)."""
    if len(jobs) > 1 and WORKERS > 1:
        done = []
        spawn = multiprocessing.get_context("spawn")
        with _one_polars_thread(), ProcessPoolExecutor(WORKERS, mp_context=spawn) as pool:
            for number, finished in enumerate(pool.map(_part, jobs), start=1):
                say(f"Read, validated and computed part {number} of {len(jobs)}")
                done.append(finished)
        return done
    done = []
    for number, each in enumerate(jobs, start=1):
        say(f"Reading, validating and computing part {number} of {len(jobs)}")
        done.append(_part(each))
    return done


def _combined(found: Discovery, done: list[Done], job: Job) -> Result:
    """The parts' results as one, readings in the order the dates and indicators were asked
    for (by date when the run chose them)."""
    readings = [reading for part in done for reading in part.readings]
    order = {code: number for number, code in enumerate(job.codes)}
    when = {day: n for n, day in enumerate(job.dates or sorted({r.as_at for r in readings}))}
    readings.sort(key=lambda r: (when[r.as_at], order[r.code.split(":")[0]], r.la))
    return Result(
        report=combine([part.report for part in done], found.problems),
        problems=found.problems + [problem for part in done for problem in part.problems],
        files=len(found.files) + len(found.xml) + len(found.problems),
        readings=readings,
        left_out=_summed(part.left_out for part in done),
        episodes=sum(part.episodes for part in done),
        rows=_summed(part.rows for part in done),
        children=sum(part.children for part in done),
        years=sorted({year for part in done for year in part.years}),
    )


def _summed(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for each in counts:
        for key, count in each.items():
            total[key] = total.get(key, 0) + count
    return total


def _part(job: Job) -> Done:
    """Read, validate and (when asked) compute one part of a run."""
    tables = read_tables(job.shard)
    report = validate(job.shard, tables)
    header = tables["header"]
    read = Done(
        report,
        job.shard.problems,
        readings=[],
        left_out={},
        episodes=0,
        rows={key: len(frame) for key, frame in tables.items() if len(frame)},
        children=header.select("LA", "CHILD").drop_nulls().unique().height,
        years=sorted({year for frame in tables.values() for year in frame["YEAR"].drop_nulls()}),
    )
    if not job.codes:
        return read
    data = prepare(tables, unusable=report.unusable_rows(), **dataclasses.asdict(job.inputs))
    del tables
    chosen = [indicator for indicator in CATALOGUE if indicator.code in job.codes]
    readings = compute(data, job.dates or month_ends_covered(data.coverage.values()), chosen)
    return dataclasses.replace(
        read,
        readings=readings,
        left_out=_summed(data.left_out.values()),
        episodes=len(data.episodes),
    )


def month_ends_covered(coverage: Iterable[Coverage]) -> tuple[datetime.date, ...]:
    """Every month end from the first loaded year's start to the last one's end."""
    spans = list(coverage)
    if not spans:
        return ()
    start, end = min(c.start for c in spans), max(c.end for c in spans)
    ends, year, month = [], start.year, start.month
    while (day := _month_end(year, month)) <= end:
        ends.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(ends)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)


@contextmanager
def _one_polars_thread() -> Iterator[None]:
    """Worker processes started meanwhile give polars one thread (read when it is imported)."""
    before = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["POLARS_MAX_THREADS"]
        else:
            os.environ["POLARS_MAX_THREADS"] = before


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
