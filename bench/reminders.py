"""Time building every reminder digest for a board of 500 actions and 100 KPIs.

    uv run python bench/reminders.py [--actions 500] [--kpis 100] [--runs 5]

Loads the demo board into a throwaway test database, imports a synthetic plan (bench/
plan_import.py's workbook: dates spread over the year, one in ten recurring), spreads its
actions over the demo's agencies, adds KPIs entered by hand led by them (one in five by nobody,
so the analysts'), then builds the digests due on a Monday as `send_reminders --dry-run` does
(everyone's, whatever their day). Prints the median and slowest time, the queries, the digests
and their items.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.common import synthetic_plan, throwaway_database

MONDAY = datetime.date(2026, 11, 23)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--kpis", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from pledge.actions.models import Action
    from pledge.core.models import Agency, Authority
    from pledge.demo import load_demo
    from pledge.reminders.digest import digests_due
    from pledge.scorecard.models import Kpi

    with throwaway_database():
        load_demo(log=lambda _: None, scorecard=False)
        authority = Authority.objects.get()
        plan = synthetic_plan(args.actions)
        agencies = list(Agency.objects.filter(authority=authority))
        Action.agencies.through.objects.bulk_create(
            Action.agencies.through(action_id=pk, agency_id=agencies[n % len(agencies)].pk)
            for n, pk in enumerate(plan.actions.values_list("pk", flat=True))
        )
        Kpi.objects.bulk_create(
            Kpi(
                authority=authority,
                reference=f"B{n}",
                name=f"Bench measure {n}",
                unit="count",
                polarity="higher",
                frequency=("monthly", "quarterly", "annual")[n % 3],
                source="manual",
                lead_agency=None if n % 5 == 0 else agencies[n % len(agencies)],
                position=n,
            )
            for n in range(args.kpis)
        )
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                digests = digests_due(authority, on=MONDAY, any_day=True)
                times.append(time.perf_counter() - start)
        items = sum(len(digest.items) for digest in digests)
        print(
            f"Digests for {args.actions} actions and {args.kpis} KPIs, {args.runs} runs "
            f"({connection.vendor}): median {statistics.median(times):.2f} s, "
            f"slowest {max(times):.2f} s, {len(queries.captured_queries)} queries; "
            f"{len(digests)} digests listing {items} items"
        )


if __name__ == "__main__":
    main()
