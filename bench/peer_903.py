"""Time our SSDA903 validator against the one authorities use today, on the same invented files.

    uv run python bench/peer_903.py [--children 600 3000] [--runs 3] [--venv DIR] [--show 10]

The peer is data-to-insight's csc-validator-be-903 (import name `lac_validator`, pandas),
pinned below and installed from PyPI into its own virtual environment, outside the repository
(by default `<temp dir>/pledge-peer-903/<version>`, reused on later runs). It needs Python 3.11
or older (it pins pandas < 2 and numpy < 1.25), which is the project's own Python.

For each --children size: generates one authority's returns for 2022-23 and 2023-24
(analytics/synthetic.py, seeded) into a temporary folder, then runs, each in a fresh process
as an analyst would, best wall time of --runs with the highest peak memory (the child's maximum
resident set size):
- the peer, the way its web front end does (`rpc_main.lac_validate`): `LacValidator` on the
  2023-24 CSVs as "This year" and 2022-23 as "Prev year", the 2023-24 rule set, then its
  `Report` and issue table. Its postcode and authority lookups are its own PyPI packages;
- ours, `pledge-903 validate ROOT --format json` (its year folders name both years).
Then prints both and the ratio, and the peer's commonest findings (how real our invented
returns look to it). Figures, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.synthetic import generate

PEER = "csc-validator-be-903"
PEER_VERSION = "0.1.17"
YEAR = 2024

# Runs inside the peer's environment: argv is this year's folder, last year's, the year, the LA.
PEER_RUN = """
import json, logging, sys
from pathlib import Path
from lac_validator import lac_validator
from lac_validator.report import Report
from lac_validator.rules.ruleset_utils import get_year_ruleset
from lac_validator.utils import process_uploaded_files
logging.getLogger().setLevel(logging.ERROR)
this, last, year, la = sys.argv[1:]
files = {"This year": sorted(map(str, Path(this).glob("*.csv"))),
         "Prev year": sorted(map(str, Path(last).glob("*.csv")))}
registry = get_year_ruleset(year)
v = lac_validator.LacValidator(metadata={"collectionYear": year, "localAuthority": la},
                               files=process_uploaded_files(files), registry=registry)
report = Report(v.ds_results, registry)
lac_validator.create_issue_df(report.report, report.error_report)
found = report.error_report[report.error_report["Count"] > 0]
print(json.dumps({"rules": len(registry), "ran": len(v.dones), "skipped": len(v.skips),
                  "failed": v.fails,
                  "findings": [[c, m, int(n)] for c, m, n in
                               zip(found["Code"], found["Description"], found["Count"])]}))
"""


@dataclass
class Timing:
    wall: float
    peak_mib: float
    returncode: int
    stdout: str
    stderr: str


def measured(command: list[str]) -> Timing:
    """Run `command`; its wall time and its own peak RSS (os.wait4, not RUSAGE_CHILDREN, which
    would be the largest of every child this process has had, the pip install included)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        with subprocess.Popen(command, stdout=out, stderr=err, text=True) as process:
            _pid, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Timing(wall, usage.ru_maxrss / 1024, process.returncode, out.read(), err.read())


def best_of(command: list[str], runs: int, ok: tuple[int, ...] = (0,)) -> Timing:
    timings = []
    for _ in range(runs):
        timing = measured(command)
        if timing.returncode not in ok:
            sys.exit(f"{command[0]} exited {timing.returncode}:\n{timing.stderr[-3000:]}")
        timings.append(timing)
    best = min(timings, key=lambda t: t.wall)
    best.peak_mib = max(t.peak_mib for t in timings)
    return best


def peer_python(venv: Path) -> Path:
    """The peer's interpreter, installing the pinned version first if the venv lacks it."""
    python = venv / "bin" / "python"
    check = f"import importlib.metadata as m; assert m.version({PEER!r}) == {PEER_VERSION!r}"
    if python.exists() and subprocess.run([python, "-c", check], check=False).returncode == 0:
        return python
    print(f"installing {PEER}=={PEER_VERSION} into {venv}")
    subprocess.run([sys.executable, "-m", "venv", "--clear", venv], check=True)
    pip: list[str | Path] = [
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    done = subprocess.run([*pip, f"{PEER}=={PEER_VERSION}"], check=False, capture_output=True)
    if done.returncode:
        sys.exit(f"pip install {PEER}=={PEER_VERSION} failed:\n{done.stderr.decode()[-3000:]}")
    return python


def ours_exists() -> bool:
    command = [sys.executable, "-m", "analytics", "validate", "--help"]
    return subprocess.run(command, check=False, capture_output=True).returncode == 0


def count_findings(output: str) -> str:
    """How many findings our JSON holds: a list of them, or the longest list in an object."""
    try:
        found = json.loads(output)
    except ValueError:
        return "?"
    if isinstance(found, dict):
        lists = [v for v in found.values() if isinstance(v, list)]
        found = max(lists, key=len) if lists else None
    return f"{len(found):,}" if isinstance(found, list) else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, nargs="+", default=[600, 3000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--venv",
        type=Path,
        default=Path(tempfile.gettempdir()) / "pledge-peer-903" / PEER_VERSION,
        help="the peer's virtual environment, made if missing (default: %(default)s)",
    )
    parser.add_argument("--show", type=int, default=10, help="the peer's commonest findings")
    args = parser.parse_args()
    python = peer_python(args.venv)
    ours = ours_exists()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for size in args.children:
            root = Path(work) / str(size)
            (folder,) = generate(root, years=2, last_year=YEAR, children=size)
            this, last = folder / str(YEAR), folder / str(YEAR - 1)
            children = sum(1 for _ in (this / "header.csv").open()) - 1
            episodes = sum(1 for _ in (this / "episodes.csv").open()) - 1
            label = f"--children {size}: {children:,} children, {episodes:,} episodes"
            command = [str(python), "-c", PEER_RUN, str(this), str(last), str(YEAR), folder.name]
            peer = best_of(command, args.runs)
            result = json.loads(peer.stdout.splitlines()[-1])
            findings = result["findings"]
            total = sum(n for _code, _message, n in findings)
            rows.append((label, "peer", peer, f"{total:,}"))
            if ours:
                command = [sys.executable, "-m", "analytics", "validate", str(root)]
                mine = best_of([*command, "--format", "json"], args.runs, (0, 1))
                rows.append((label, "ours", mine, count_findings(mine.stdout)))
            print(
                f"{label}: the peer ran {result['ran']} of {result['rules']} rules "
                f"({result['skipped']} skipped for want of a table, failed: "
                f"{', '.join(result['failed']) or 'none'}); {total:,} findings, commonest:"
            )
            for code, message, n in sorted(findings, key=lambda f: -f[2])[: args.show]:
                print(f"  {n:>6,}  {code:<5}  {message[:90]}")
    print(f"\n{PEER} {PEER_VERSION} (pandas) against pledge-903 validate (polars)")
    print(f"wall: best of {args.runs}, peak RSS: highest of {args.runs}; each a fresh process")
    print(f"{'size':<48} {'tool':<5} {'wall s':>7} {'peak MiB':>9} {'findings':>9}")
    for label, tool, timing, found in rows:
        print(f"{label:<48} {tool:<5} {timing.wall:>7.2f} {timing.peak_mib:>9.0f} {found:>9}")
    if not ours:
        print("ours not measured: `pledge-903 validate` does not exist yet")
    for label, tool, timing, _found in rows:
        if tool == "ours":
            peer = next(t for lb, tl, t, _f in rows if lb == label and tl == "peer")
            print(
                f"{label}: the peer takes {peer.wall / timing.wall:.1f}x our wall time "
                f"and {peer.peak_mib / timing.peak_mib:.1f}x our peak memory"
            )


if __name__ == "__main__":
    main()
