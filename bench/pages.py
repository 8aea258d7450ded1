"""Time the main pages as a signed-in board officer (and the home page as an agency lead), and
count their database queries.

    uv run python bench/pages.py [--items 300] [--runs 30]

Loads the Northfield demo board into a throwaway test database (SQLite in memory unless
DATABASE_URL says otherwise), adds a large strategy of synthetic items to show how the tree
scales, then requests each page --runs times through Django's test client. Prints the median and
95th percentile in milliseconds and the number of queries per request. Figures, not assertions.
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

from bench.common import throwaway_database


def build(items: int) -> dict[str, str]:
    from pledge.core.models import Person
    from pledge.demo import load_demo
    from pledge.strategy import services
    from pledge.strategy.models import Principle
    from pledge.strategy.selectors import strategy_current

    load_demo(log=lambda _: None, scorecard=False)
    officer = Person.objects.get(email="officer@northfield.example")
    demo = strategy_current()
    assert demo is not None
    big = services.strategy_create(
        actor=officer,
        authority=demo.authority,
        title="Large synthetic strategy",
        starts_on=demo.starts_on,
        ends_on=demo.ends_on,
    )
    principles = list(Principle.objects.all())
    per_priority = 10
    for p in range(items // per_priority):
        parent = services.strategy_item_create(
            actor=officer,
            strategy=big,
            kind="priority",
            reference=str(p + 1),
            title=f"Priority {p + 1}",
        )
        for c in range(per_priority - 1):
            child = services.strategy_item_create(
                actor=officer,
                strategy=big,
                kind="outcome",
                reference=f"{p + 1}.{c + 1}",
                title=f"Outcome {p + 1}.{c + 1}",
                parent=parent,
                plain_text="We will help you.",
            )
            services.strategy_item_map(
                actor=officer,
                item=child,
                principles=principles[c % 7 : c % 7 + 2],
                promises=[],
                reviewed=True,
            )
    return {
        "home (officer)": "/board/",
        "home (agency lead)": "/board/#lead.health@northfield.example",
        "scorecard": "/scorecard/",
        "scorecard as at a quarter end": "/scorecard/?as_at=31/12/2025",
        "exceptions": "/scorecard/exceptions/",
        "demo strategy (15 items)": f"/strategy/{demo.pk}/",
        f"large strategy ({items} items)": f"/strategy/{big.pk}/",
        "principles": "/strategy/principles/",
        "pledge": "/strategy/pledge/",
        "people": "/board/people/",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    with throwaway_database():
        pages = build(args.items)
        from pledge.core.models import Person

        clients = {}
        for email in ("admin", "officer", "lead.health"):
            clients[email] = Client()
            clients[email].force_login(Person.objects.get(email=f"{email}@northfield.example"))
        print(f"{'page':<32} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, address in pages.items():
            # "/board/#lead.health@..." is the page as that person sees it.
            url, _, person = address.partition("#")
            who = clients[person.split("@")[0] if person else "officer"]
            if url == "/board/people/":
                who = clients["admin"]
            who.get(url)  # warm up
            times = []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = who.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            p95 = statistics.quantiles(times, n=20)[-1]
            print(
                f"{name:<32} {statistics.median(times):>10.1f} {p95:>8.1f} "
                f"{len(queries.captured_queries):>8}"
            )


if __name__ == "__main__":
    main()
