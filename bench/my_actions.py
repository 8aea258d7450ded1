"""Time the "My actions" page for an agency lead with 500 live actions, and count its queries.

    uv run python bench/my_actions.py [--actions 500] [--runs 10]

Imports a synthetic 500-action plan (bench/plan_import.py's workbook) into a throwaway test
database with the demo board, gives every action to the agency the demo trust lead leads for,
then requests /plans/mine/ --runs times. Prints the median and slowest time and the queries.
"""

from __future__ import annotations

import argparse
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
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.common import synthetic_plan, throwaway_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    from pledge.actions.models import Action
    from pledge.core.models import Agency, Person
    from pledge.demo import load_demo

    with throwaway_database():
        load_demo(log=lambda _: None, scorecard=False)
        plan = synthetic_plan(args.actions)
        trust = Agency.objects.get(name="Northfield Children's Trust")
        Action.agencies.through.objects.bulk_create(
            Action.agencies.through(action_id=pk, agency_id=trust.pk)
            for pk in plan.actions.values_list("pk", flat=True)
        )
        client = Client()
        client.force_login(Person.objects.get(email="lead.trust@northfield.example"))
        client.get("/plans/mine/")
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get("/plans/mine/")
                times.append(time.perf_counter() - start)
            assert response.status_code == 200
        print(
            f'"My actions" with {args.actions} actions, {args.runs} runs '
            f"({connection.vendor}): median {statistics.median(times):.2f} s, "
            f"slowest {max(times):.2f} s, {len(queries.captured_queries)} queries"
        )


if __name__ == "__main__":
    main()
