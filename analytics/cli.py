"""pledge-903: validate an SSDA903 return and compute the board's indicators, from a terminal.

    pledge-903 validate PATH... [--year YYYY] [--format text|json]
    pledge-903 indicators PATH... --as-at YYYY-MM-DD [--as-at ...] [--population FILE]
                                  [--postcodes FILE] [--bank-holidays FILE] [--year YYYY]
                                  [--core] [--format csv|json]

PATH is a folder of one authority's CSVs (year folders named by the collection year's end
year), a folder of such folders, combined CSVs with an `LA` column, or XML files. `indicators`
validates first and leaves out the rows with errors that make them unusable, saying how many;
it computes the whole catalogue (`--core`: the core indicators only). A mix gives one row per
category, coded `<indicator>:<category>`.

Exit status: `validate` 0 when there are no errors, 1 when there are; `indicators` 0 when it
ran, 2 when the files cannot be used (the problems are printed on stderr).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

from analytics.indicators.catalogue import CATALOGUE, CORE
from analytics.indicators.reading import Reading
from analytics.run import Inputs, indicators_for_paths, validate_paths
from analytics.ssda903.population import read_population
from analytics.ssda903.postcodes import read_postcode_lookup
from analytics.ssda903.validation.issues import Report
from analytics.ssda903.working_days import read_bank_holidays

T = TypeVar("T")
CSV_COLUMNS = ["indicator", "la", "period_end", "numerator", "denominator", "value"]


class Progress:
    """Steps of a long run on stderr, overwritten in place, only when it is a terminal."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream, self.started = stream, time.perf_counter()
        self.shown = stream.isatty()

    def step(self, text: str) -> None:
        if self.shown:
            seconds = time.perf_counter() - self.started
            self.stream.write(f"\r\033[K{seconds:5.1f}s  {text}")
            self.stream.flush()

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


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


def _summary(report: Report, files: int) -> str:
    def plural(count: int, word: str) -> str:
        return f"{count:,} {word}{'' if count == 1 else 's'}"

    return (
        f"{plural(report.errors, 'error')} and {plural(report.warnings, 'warning')} "
        f"in {plural(files, 'file')}"
    )


def write_report_text(report: Report, files: int) -> None:
    out = sys.stdout
    current = None
    for issue in report:
        if issue.file != current:
            current = issue.file
            out.write(f"\n{issue.file}\n")
        where = [f"line {issue.row}"] if issue.row is not None else []
        if issue.child:
            where.append(f"child {issue.child}")
        if issue.column:
            value = "blank" if issue.value is None else repr(issue.value)
            where.append(f"{issue.column} {value}")
        location = ", ".join(where)
        out.write(
            f"  {issue.severity} {issue.code}: "
            f"{location + ': ' if location else ''}{issue.message}\n"
        )
    out.write(f"\n{_summary(report, files)}.\n")
    for failure in report.failures:
        out.write(
            f"Pledge could not run the check on {failure.check} (our fault, not the file's): "
            f"{failure.error}\n"
        )


def write_report_json(report: Report, files: int) -> None:
    json.dump(
        {
            "summary": {"errors": report.errors, "warnings": report.warnings, "files": files},
            "issues": report.issues.to_dicts(),
            "failures": [vars(failure) for failure in report.failures],
        },
        sys.stdout,
        indent=2,
    )
    sys.stdout.write("\n")


def validate_command(args: argparse.Namespace) -> int:
    progress = Progress()
    result = validate_paths(args.paths, year=args.year, progress=progress.step)
    progress.done()
    (write_report_json if args.format == "json" else write_report_text)(result.report, result.files)
    return 1 if result.report.errors or result.report.failures else 0


def _optional_input(
    path: Path | None, reader: Callable[[Path], tuple[T | None, list[str]]]
) -> T | None:
    """An optional input file read, its problems printed; None when not given or unusable."""
    if path is None:
        return None
    value, problems = reader(path)
    for message in problems:
        print(message, file=sys.stderr)
    return value


def indicators_command(args: argparse.Namespace) -> int:
    progress = Progress()
    inputs = Inputs(
        population=_optional_input(args.population, read_population),
        postcodes=_optional_input(args.postcodes, read_postcode_lookup),
        bank_holidays=_optional_input(args.bank_holidays, read_bank_holidays),
    )
    result = indicators_for_paths(
        args.paths,
        args.as_at,
        year=args.year,
        inputs=inputs,
        indicators=CORE if args.core else CATALOGUE,
        progress=progress.step,
    )
    progress.done()
    for problem in result.problems:
        print(f"{problem.path}: {problem.message}", file=sys.stderr)
    report = result.report
    if report.errors or report.warnings:
        print(
            f"Validation found {_summary(report, result.files)}; "
            f"{sum(result.left_out.values()):,} rows with errors were left out of the "
            "indicators. Run pledge-903 validate for the list.",
            file=sys.stderr,
        )
    if not result.episodes:
        print("No episodes file was found, so nothing can be computed.", file=sys.stderr)
        return 2
    (write_json if args.format == "json" else write_csv)(result.readings)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pledge-903", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    year_help = "the collection year's end year (2024 for 2023-24), for files not in year folders"

    check = commands.add_parser("validate", help="check the files and print every problem")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--year", type=int, help=year_help)
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.set_defaults(handler=validate_command)

    run = commands.add_parser("indicators", help="compute indicators as at month ends")
    run.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    run.add_argument("--as-at", action="append", type=_date, required=True, dest="as_at")
    run.add_argument("--year", type=int, help=year_help)
    run.add_argument(
        "--population",
        type=Path,
        help="ONS estimates of 0 to 17 year olds per authority (CSV), for rates per 10,000",
    )
    run.add_argument(
        "--postcodes",
        type=Path,
        help="ONS Postcode Directory extract (CSV), for placement distance and location",
    )
    run.add_argument(
        "--bank-holidays",
        type=Path,
        dest="bank_holidays",
        help="dates that are not working days (CSV or text, one date a line), for reviews on "
        "time; without it, England's bank holidays",
    )
    run.add_argument(
        "--core", action="store_true", help="only the core indicators, not the whole catalogue"
    )
    run.add_argument("--format", choices=["csv", "json"], default="csv")
    run.set_defaults(handler=indicators_command)
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
