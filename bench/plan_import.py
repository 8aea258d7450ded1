"""Time reading (the preview) and saving (the import) of a 500-row XLSX action plan.

    uv run python bench/plan_import.py [--rows 500] [--runs 5]

Builds a synthetic plan in the Derby layout (title rows, Ref / Action / By whom / By when, named
leads, month deadlines), then, in a throwaway test database with the demo board loaded, times
`read_tables` + `parse_plan` (what the preview does) and `plan_import` (the save, in one
transaction). Prints the median and slowest of --runs. Target: under 2 seconds each.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

import datetime

import openpyxl
from django.db import connection

from bench.common import throwaway_database

MONTHS = ["April", "May", "June", "July", "September", "October", "November", "March"]
PEOPLE = ["A Kaiser", "A Mains", "D Cartledge", "J Centro", "C Morley", "N Turner", "K Salt"]


def workbook(rows: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Synthetic action plan"])
    sheet.append([])
    sheet.append(["Ref", "Outcome", "Actions", "By whom", "By when", "Review"])
    for n in range(1, rows + 1):
        sheet.append(
            [
                f"{n}.",
                f"Outcome {n}: more care leavers in education, employment or training.",
                f"Action {n}: work with partners so that young people get the support they need.",
                f"{PEOPLE[n % 7]} {PEOPLE[(n + 3) % 7]}/{PEOPLE[(n + 5) % 7]}",
                f"{MONTHS[n % 8]} 2026" if n % 10 else "Every June and November from June 2026",
                "",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from boardfiles.plans import parse_plan
    from boardfiles.tables import read_tables
    from pledge.actions.services import plan_import
    from pledge.demo import load_demo
    from pledge.strategy.selectors import strategy_current

    data = workbook(args.rows)
    with throwaway_database():
        load_demo(log=lambda _: None, scorecard=False)
        strategy = strategy_current()
        assert strategy is not None
        preview, save = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            parsed = parse_plan(
                read_tables("plan.xlsx", data), plan_start=datetime.date(2026, 4, 1)
            )
            preview.append(time.perf_counter() - start)
            assert len(parsed.actions) == args.rows, len(parsed.actions)
            start = time.perf_counter()
            plan_import(
                actor=None,
                strategy=strategy,
                title="Bench",
                parsed=parsed,
                starts_on=datetime.date(2026, 4, 1),
                ends_on=datetime.date(2027, 3, 31),
            )
            save.append(time.perf_counter() - start)
        print(f"{args.rows}-row XLSX plan, {args.runs} runs ({connection.vendor})")
        print(
            f"  preview (read + parse): median {statistics.median(preview):.2f} s, "
            f"slowest {max(preview):.2f} s"
        )
        print(
            f"  import (save, audited): median {statistics.median(save):.2f} s, "
            f"slowest {max(save):.2f} s"
        )


if __name__ == "__main__":
    main()
