"""Load the Open Referral UK API with 50 concurrent clients on loopback and print its latency.

    uv run python bench/offer_api.py [--entries 500] [--clients 50] [--seconds 10]

Builds a throwaway SQLite file (or uses the PostgreSQL database DATABASE_URL names: give it an
empty one), loads the demo board, tops the Local Offer up to --entries published entries,
then starts the production shape (gunicorn, two workers, production settings) and drives it
with wrk (scripts/install-system-packages installs it) for --seconds per URL. Prints requests a
second and the median, 95th and 99th percentile latency in milliseconds, and the time of the
first request to each URL, before anything is cached. Target: /services p95
under 100 ms with 500 entries and 50 clients. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766
TOP_UP = """
import django; django.setup()
from pledge.core.models import Agency
from pledge.offer.models import LocalOfferEntry
from pledge.offer.tests.helpers import make_entry
agencies = list(Agency.objects.all())
areas = ["health-and-wellbeing", "relationships", "financial-stability",
         "participation-in-society", "accommodation", "education-and-training", "employment"]
for n in range(LocalOfferEntry.objects.count(), {entries}):
    make_entry(agencies[n % len(agencies)], title=f"Synthetic entry {{n}}",
               description=f"You can get help with this, number {{n}}.",
               areas=[areas[n % 7], areas[(n * 3) % 7]],
               minimum_age=16 + n % 3, maximum_age=20 + n % 5)
print(LocalOfferEntry.objects.order_by("pk").first().uuid)
"""
WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("REPORT %d %d %.2f %.2f %.2f %d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors))
end
"""


def environment(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "HTTPS_ONLY": "false",
    }
    return env


def build(env: dict[str, str], entries: int) -> str:
    """A database with the demo board and `entries` published entries; one entry's id."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--no-input"], ["load_demo", "--allow-production"]):
        subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True, capture_output=True)
    done = subprocess.run(
        [sys.executable, "-c", TOP_UP.format(entries=entries)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


def load(url: str, clients: int, seconds: int, script: Path) -> list[float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "-s", str(script), url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    report = next(line for line in out.splitlines() if line.startswith("REPORT"))
    requests, duration_us, p50, p95, p99, errors = (float(x) for x in report.split()[1:])
    return [requests / (duration_us / 1e6), p50, p95, p99, errors]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: run scripts/install-system-packages (or make install)")

    with tempfile.TemporaryDirectory() as workdir:
        env = environment(Path(workdir))
        print(f"database: {env['DATABASE_URL'].split(':', 1)[0]}, building {args.entries} entries")
        entry_id = build(env, args.entries)
        script = Path(workdir) / "report.lua"
        script.write_text(WRK_REPORT)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", "2",
             "--bind", f"127.0.0.1:{PORT}"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{PORT}/api/oruk"
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            urls = {
                "/services (first page of 50)": f"{base}/services",
                "/services?search=help&minimum_age=17": (
                    f"{base}/services?search=help&minimum_age=17"
                ),
                "/services?per_page=500": f"{base}/services?per_page=500",
                "/services/{id}": f"{base}/services/{entry_id}",
            }
            print(f"{args.clients} clients, {args.seconds} s each, gunicorn with 2 workers")
            print("cold: one request with nothing cached, as after any change to the board")
            print(
                f"{'url':<40} {'cold ms':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
                f"{'p99 ms':>7} {'errors':>6}"
            )
            for name, url in urls.items():
                start = time.perf_counter()
                urllib.request.urlopen(url, timeout=10).read()
                cold = (time.perf_counter() - start) * 1000
                load(url, args.clients, 2, script)  # warm up both workers
                rate, p50, p95, p99, errors = load(url, args.clients, args.seconds, script)
                print(
                    f"{name:<40} {cold:>7.1f} {rate:>7.0f} {p50:>7.1f} {p95:>7.1f} "
                    f"{p99:>7.1f} {errors:>6.0f}"
                )
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
