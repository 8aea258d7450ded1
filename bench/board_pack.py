"""Time and peak memory to make the demo board's pack as HTML, PDF and Word.

    uv run python bench/board_pack.py [--runs 3]

Loads the Northfield demo board (its invented three-year 903 return, KPIs and action plan) into
a throwaway SQLite file, then makes the pack for the quarter to the demo return's last 31 March,
once per format and run, each in a fresh process whose peak resident memory is read from the
kernel (wait4). Two times: making it (contents and file) in a process already started, as the
worker does, and the whole of `manage.py board_pack` from cold, which adds starting Django and
importing WeasyPrint. Target: under 10 s each.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("html", "pdf", "docx")


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds, peak resident memory (MiB) and output of one command in its own process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read() if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed")
    return seconds, usage.ru_maxrss / 1024, output


def make_one(kind: str, end: datetime.date, out: Path) -> None:
    """In the child: make the pack once, and print the seconds that took."""
    import django

    django.setup()
    from django.utils import timezone

    from pledge.core.selectors import authority_current
    from pledge.reports.management.commands.board_pack import WRITERS
    from pledge.reports.models import PackPeriod, Period
    from pledge.reports.pack import pack_contents

    authority = authority_current()
    assert authority is not None
    started = time.perf_counter()
    period = Period.ending(PackPeriod.QUARTER, end)
    contents = pack_contents(authority, period, version=1, made_at=timezone.now())
    out.write_bytes(WRITERS[kind](contents["board"]))
    print(time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", choices=FORMATS, help=argparse.SUPPRESS)  # the child's part
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    manage = [sys.executable, "manage.py"]
    today = datetime.datetime.now(tz=datetime.UTC).date()
    end = datetime.date(today.year if today.month > 3 else today.year - 1, 3, 31)
    if args.one:
        make_one(args.one, end, args.out)
        return
    with tempfile.TemporaryDirectory(prefix="pledge-bench-pack-") as work:
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"sqlite:///{work}/bench.sqlite3",
            "PYTHONPATH": str(ROOT),
        }
        print("Loading the demo board...", flush=True)
        run([*manage, "migrate", "-v0"], env)
        run([*manage, "load_demo", "--allow-production"], env)  # a throwaway database
        print(f"The pack for the quarter to {end:%-d %B %Y}, {args.runs} runs each:")
        for kind in FORMATS:
            out = Path(work) / f"pack.{kind}"
            making = [
                run([sys.executable, __file__, "--one", kind, "--out", str(out)], env)
                for _ in range(args.runs)
            ]
            command = [*manage, "board_pack", "--period-end", f"{end}", "--format", kind]
            cold = [run([*command, "--out", str(out)], env)[0] for _ in range(args.runs)]
            made = [float(output) for _s, _m, output in making]
            pages = f", {len(PdfReader(out).pages)} pages" if kind == "pdf" else ""
            print(
                f"  {kind:>4}: made in {statistics.median(made):5.2f} s (slowest {max(made):.2f}),"
                f" {statistics.median(cold):5.2f} s as a command from cold; peak memory "
                f"{max(m for _s, m, _o in making):4.0f} MiB; {out.stat().st_size / 1024:,.0f} "
                f"KiB{pages}"
            )


if __name__ == "__main__":
    main()
