"""pledge-903: validate an SSDA903 return and compute the board's indicators, from a terminal.

    pledge-903 indicators PATH... --as-at YYYY-MM-DD [--as-at ...] [--population FILE]
                                  [--year YYYY] [--format csv|json]

PATH is a folder of one authority's CSVs (year folders named by the collection year's end
year), a folder of such folders, or CSV files. Exit status: 0 when it ran, 2 when the files
cannot be used (the problems are printed on stderr).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from analytics.indicators.catalogue import compute
from analytics.indicators.reading import Reading
from analytics.ssda903.dataset import load
from analytics.ssda903.population import read_population

CSV_COLUMNS = ["indicator", "la", "period_end", "numerator", "denominator", "value"]


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-03-31") from None


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def write_csv(readings: Sequence[Reading]) -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(CSV_COLUMNS)
    for r in readings:
        out.writerow(
            [
                r.code,
                r.la,
                r.as_at.isoformat(),
                _number(r.numerator),
                _number(r.denominator),
                _number(r.value),
            ]
        )


def write_json(readings: Sequence[Reading]) -> None:
    json.dump(
        [
            {
                "indicator": r.code,
                "la": r.la,
                "as_at": r.as_at.isoformat(),
                "period_start": r.period_start.isoformat(),
                "period_end": r.period_end.isoformat(),
                "numerator": r.numerator,
                "denominator": r.denominator,
                "value": r.value,
                "status": r.status,
                "note": r.note,
            }
            for r in readings
        ],
        sys.stdout,
        indent=2,
    )
    sys.stdout.write("\n")


def indicators(args: argparse.Namespace) -> int:
    population = None
    if args.population is not None:
        population, population_problems = read_population(args.population)
        for message in population_problems:
            print(message, file=sys.stderr)
    data, found = load(args.paths, year=args.year, population=population)
    for problem in found.problems:
        print(f"{problem.path}: {problem.message}", file=sys.stderr)
    if data.episodes.is_empty():
        print("No episodes file was found, so nothing can be computed.", file=sys.stderr)
        return 2
    readings = compute(data, args.as_at)
    (write_json if args.format == "json" else write_csv)(readings)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pledge-903", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("indicators", help="compute indicators as at month ends")
    run.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    run.add_argument("--as-at", action="append", type=_date, required=True, dest="as_at")
    run.add_argument("--year", type=int, help="the collection year's end year, for loose files")
    run.add_argument(
        "--population",
        type=Path,
        help="ONS estimates of 0 to 17 year olds per authority (CSV), for rates per 10,000",
    )
    run.add_argument("--format", choices=["csv", "json"], default="csv")
    run.set_defaults(handler=indicators)
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
