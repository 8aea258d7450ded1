"""Time the SSDA903 engine on synthetic returns: one authority's year, and England.

    uv run python bench/ssda903.py [--authorities 150] [--years 10] [--children 670]

Generates the returns (analytics/synthetic.py, seeded) into a temporary folder, then:
- one authority's year (about 670 children looked after): engine time in this process, median
  of 5 runs, for finding, reading and validating the files, then stitching and every indicator
  in the catalogue at 31 March;
- national scale (150 authorities x 10 years, about 100,000 looked after at a time): the
  `pledge-903 indicators` command (which validates first) for the core indicators at 12 month
  ends, run as an analyst would, with its wall time and peak memory (the child process's
  maximum resident set size).
Targets: one year well under 1 second of engine time; national under 60 s and 4 GiB.
Figures, not assertions. No Django: the engine stands alone.
"""

from __future__ import annotations

import argparse
import datetime
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.indicators.catalogue import CATALOGUE, compute
from analytics.run import month_ends_covered
from analytics.ssda903.dataset import prepare, read_tables
from analytics.ssda903.episodes import Coverage
from analytics.ssda903.read import discover
from analytics.ssda903.validation.validate import validate
from analytics.synthetic import generate


def month_ends(last_year: int) -> tuple[datetime.date, ...]:
    """The 12 month ends of the collection year ending 31 March `last_year`."""
    year = Coverage(datetime.date(last_year - 1, 4, 1), datetime.date(last_year, 3, 31))
    return month_ends_covered([year])


def one_year(folder: Path, runs: int = 5) -> tuple[float, float]:
    """Median engine time for validation alone, and for validation plus every indicator."""
    checking, everything = [], []
    for _ in range(runs):
        start = time.perf_counter()
        found = discover([folder])
        tables = read_tables(found)
        report = validate(found, tables)
        checking.append(time.perf_counter() - start)
        data = prepare(tables, unusable=report.unusable_rows())
        compute(data, [datetime.date(2026, 3, 31)], CATALOGUE)
        everything.append(time.perf_counter() - start)
    return statistics.median(checking), statistics.median(everything)


def national(folder: Path, last_year: int) -> tuple[float, float, int]:
    command = [sys.executable, "-m", "analytics", "indicators", str(folder), "--core"]
    for day in month_ends(last_year):
        command += ["--as-at", day.isoformat()]
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kib / 1024 / 1024, len(done.stdout.splitlines()) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--authorities", type=int, default=150)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--children", type=int, default=670)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        generate(root / "one", children=args.children, last_year=2026)
        checking, everything = one_year(root / "one")
        print(
            f"one authority, one year (median of 5): validate {checking * 1000:.0f} ms; "
            f"validate and every indicator {everything * 1000:.0f} ms engine time"
        )
        start = time.perf_counter()
        generate(
            root / "england",
            authorities=args.authorities,
            years=args.years,
            last_year=2026,
            children=args.children,
        )
        rows = sum(
            sum(1 for _ in p.open()) - 1 for p in (root / "england").glob("*/*/episodes.csv")
        )
        print(
            f"national data: {args.authorities} authorities x {args.years} years, "
            f"{rows:,} episode rows, generated in {time.perf_counter() - start:.0f} s"
        )
        wall, peak_gib, readings = national(root / "england", 2026)
        print(f"national, 12 month ends: {wall:.1f} s wall, {peak_gib:.2f} GiB peak")
        print(f"readings: {readings:,}")


if __name__ == "__main__":
    main()
