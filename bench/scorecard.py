"""Time the scorecard: loading a 903 return, and the scorecard page under 50 concurrent clients.

    uv run python bench/scorecard.py [--kpis 100] [--years 5] [--clients 50] [--seconds 10]

1. Loading a return as the app does (`returns.return_load`: check, compute every indicator at
   every month end covered, store the aggregates, feed the KPIs), for one authority's year and
   for five years (about 670 looked after, invented by analytics.synthetic), in a throwaway
   SQLite database (or the empty PostgreSQL one DATABASE_URL names).
2. The scorecard page with --kpis KPIs and --years of quarterly readings each, a target each,
   served by the production shape (gunicorn, two workers) and driven by wrk with a signed-in
   board member's session. Target: p95 under 200 ms with 100 KPIs x 5 years and 50 clients,
   on PostgreSQL.
Figures, not assertions.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from offer_api import PORT, ROOT, WRK_REPORT, environment, load

UPLOAD = """
import django, datetime, tempfile, time; django.setup()
from pathlib import Path
from analytics.synthetic import generate
from pledge.core.models import Authority
from pledge.returns.scheduled import return_load
authority = Authority.objects.get(code="E06000999")
for years in (1, 5):
    with tempfile.TemporaryDirectory() as work:
        (folder,) = generate(Path(work), children=670, years=years, last_year=2026, seed=3)
        start = time.perf_counter()
        load = return_load(actor=None, authority=authority, paths=[folder], filenames=["903"])
        took = time.perf_counter() - start
        print(f"{years} year(s): {took:.1f} s, {load.as_at_dates} month ends, "
              f"{load.values_stored:,} figures stored")
"""
BUILD = """
import django, datetime; django.setup()
from decimal import Decimal
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from pledge.core.models import Authority, Person
from pledge.scorecard.models import Kpi, KpiTarget, Reading
from boardfiles.periods import period_ends, period_start
from boardfiles.targets import parse_target
authority = Authority.objects.get(code="E06000999")
now = timezone.now()
words = ["less than 10%", "higher than 70%", "maintain 95-100%", "from 80% to 95% by March 2027",
         "no target"]
ends = list(period_ends("quarterly", datetime.date(2021, 4, 1), datetime.date(2026, 9, 30)))
for n in range({kpis}):
    kpi = Kpi.objects.create(authority=authority, reference=f"B{{n}}", name=f"Measure {{n}}",
        unit="percentage", polarity="lower" if n % 2 else "higher", frequency="quarterly",
        source="manual", tolerance=Decimal(2), position=100 + n)
    target = parse_target(words[n % len(words)])
    KpiTarget.objects.create(kpi=kpi, applies_from=datetime.date(2021, 4, 1), words=target.words,
        rule=target.as_dict(), set_at=now)
    Reading.objects.bulk_create(Reading(kpi=kpi, period_start=period_start("quarterly", end),
        period_end=end, value=Decimal(50 + (n * 7 + i * 3) % 40), source="manual", entered_at=now)
        for i, end in enumerate(ends[-4 * {years}:]))
session = SessionStore()
member = Person.objects.get(email="member@northfield.example")
session["_auth_user_id"] = str(member.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = member.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def run(env: dict[str, str], code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kpis", type=int, default=100)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: run scripts/install-system-packages (or make install)")

    with tempfile.TemporaryDirectory() as workdir:
        env = environment(Path(workdir)) | {"RETURNS_WORK_DIR": str(Path(workdir) / "returns")}
        print(f"database: {env['DATABASE_URL'].split(':', 1)[0]}")
        manage = [sys.executable, str(ROOT / "manage.py")]
        steps = (
            ["migrate", "--no-input"],
            ["collectstatic", "--no-input"],
            ["load_demo", "--allow-production"],
        )
        for command in steps:
            subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True, capture_output=True)
        print("loading a 903 return (check, compute every month end, store, feed the KPIs):")
        print(run(env, UPLOAD))
        session = run(env, BUILD.format(kpis=args.kpis, years=args.years)).splitlines()[-1]
        script = Path(workdir) / "report.lua"
        script.write_text(WRK_REPORT + f'\nwrk.headers["Cookie"] = "sessionid={session}"\n')
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", "2",
             "--bind", f"127.0.0.1:{PORT}"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{PORT}/scorecard/"
            for _ in range(100):  # until the server answers (the sign-in page: nothing cached)
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/sign-in/", timeout=5)
                    break
                except OSError:
                    time.sleep(0.2)
            request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
            start = time.perf_counter()  # the first request builds the tables and caches them
            page = urllib.request.urlopen(request, timeout=30).read().decode()
            cold = (time.perf_counter() - start) * 1000
            if "Measure 0" not in page:
                sys.exit("the scorecard page did not show the KPIs: is the session signed in?")
            load(url, args.clients, 2, script)  # warm up both workers
            rate, p50, p95, p99, errors = load(url, args.clients, args.seconds, script)
            print(
                f"scorecard page, {args.kpis} KPIs x {args.years} years of quarterly readings, "
                f"{args.clients} clients, gunicorn with 2 workers:"
            )
            print(
                f"first request (builds the tables) {cold:.0f} ms; {rate:.0f} req/s; "
                f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms; {errors:.0f} errors"
            )
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
