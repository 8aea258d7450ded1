"""Sign-in on the embedded default: 20 at once, and how long each kind of refusal takes.

    uv run python bench/sign_in.py [--clients 20] [--samples 15] [--root PATH]

Starts the embedded default as `make run` does (`manage.py runserver`, threaded, settings
config.settings.local with DEBUG off) on a throwaway SQLite file, with accounts hashed by the
production password hasher. Then:

1. --clients browsers sign in at the same moment (each fetches the form first, then all post
   together), then as many post a wrong password to as many accounts at once: the answers by
   HTTP status. Before SQLite ran in WAL mode with a busy timeout most were 500s, "database is
   locked".
2. One at a time, interleaved, --samples attempts of each kind: a real account with a wrong
   password, an address with no account, and an account past its limit. The median and 90th
   percentile in milliseconds, and whether the pages said the same. Equal times mean the clock
   does not tell a guesser which addresses have accounts or which are locked.

--root serves another checkout of Pledge (`git archive HEAD | tar -x -C /tmp/before`) with this
checkout's Python environment, to compare. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-long-enough"  # noqa: S105 - invented accounts on a throwaway db
CREATE_PEOPLE = """
from pledge.core.services import person_create
for n in range({count}):
    person_create(actor=None, email=f"bench{{n}}@example.org", full_name=f"Bench {{n}}",
                  password="{password}")
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """One client with its own cookies: fetch the form, then post it."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        self.token = ""

    def open_form(self) -> None:
        html = self.opener.open(f"{self.base}/sign-in/", timeout=60).read().decode()
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, html[:500]
        self.token = match.group(1)

    def post(self, email: str, password: str) -> tuple[int, float, str]:
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": self.token, "username": email, "password": password}
        ).encode()
        request = urllib.request.Request(
            f"{self.base}/sign-in/", data=data, headers={"Referer": f"{self.base}/sign-in/"}
        )
        started = time.perf_counter()
        try:
            response = self.opener.open(request, timeout=120)
            status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode(errors="replace")
        elapsed = (time.perf_counter() - started) * 1000
        summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', body, re.S)
        message = re.sub(r"<[^>]+>|\s+", " ", summary.group(1)).strip() if summary else ""
        return status, elapsed, message


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(root: Path, folder: Path, people: int) -> tuple[subprocess.Popen[bytes], str]:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{folder / 'pledge.sqlite3'}",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        # Every request comes from 127.0.0.1 here: let the per-address limit not stop the bench.
        "SIGN_IN_ADDRESS_LIMIT": "100000",
        "LOG_LEVEL": "ERROR",
    }
    manage = [sys.executable, str(root / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=root, env=env, check=True)
    code = CREATE_PEOPLE.format(count=people, password=PASSWORD)
    subprocess.run([*manage, "shell", "-c", code], cwd=root, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(folder / "server.log").open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz/", timeout=2).read()
            return server, base
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start: see " + str(folder / "server.log"))


def at_once(base: str, logins: list[tuple[str, str]]) -> tuple[Counter[int], list[float], float]:
    browsers = [Browser(base) for _ in logins]
    for browser in browsers:
        browser.open_form()
    barrier = threading.Barrier(len(logins))
    results: list[tuple[int, float, str]] = []

    def run(browser: Browser, email: str, password: str) -> None:
        barrier.wait()
        results.append(browser.post(email, password))

    threads = [
        threading.Thread(target=run, args=(b, e, p))
        for b, (e, p) in zip(browsers, logins, strict=True)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = (time.perf_counter() - started) * 1000
    return Counter(status for status, _, _ in results), [ms for _, ms, _ in results], wall


def summary(times: list[float]) -> str:
    times = sorted(times)
    p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
    return f"median {statistics.median(times):6.0f} ms, p90 {p90:6.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve")
    args = parser.parse_args()
    people = max(args.clients, args.samples) + 1
    with tempfile.TemporaryDirectory(prefix="pledge-bench-sign-in-") as tmp:
        folder = Path(tmp)
        server, base = start(args.root.resolve(), folder, people)
        try:
            print(f"Serving {args.root} ({base}), SQLite file, runserver, DEBUG off")
            ok = [(f"bench{n}@example.org", PASSWORD) for n in range(args.clients)]
            statuses, times, wall = at_once(base, ok)
            print(
                f"{args.clients} sign-ins at once: {dict(sorted(statuses.items()))} "
                f"(302 = signed in), {summary(times)}, all done in {wall:.0f} ms"
            )
            wrong = [(f"bench{n}@example.org", "wrong-password") for n in range(args.clients)]
            statuses, times, wall = at_once(base, wrong)
            print(
                f"{args.clients} wrong passwords at once: {dict(sorted(statuses.items()))} "
                f"(200 = the form again), {summary(times)}, all done in {wall:.0f} ms"
            )

            browser = Browser(base)
            browser.open_form()
            locked = f"bench{people - 1}@example.org"
            for _ in range(6):  # past the per-account limit from this address
                browser.post(locked, "wrong-password")
            kinds: dict[str, list[float]] = {"real account": [], "no account": [], "locked": []}
            messages: dict[str, set[str]] = {kind: set() for kind in kinds}
            for n in range(args.samples):
                attempts = {
                    # A different account each time, so none reaches its limit.
                    "real account": f"bench{n}@example.org",
                    "no account": f"nobody{n}-{secrets.token_hex(3)}@example.org",
                    "locked": locked,
                }
                for kind, email in attempts.items():
                    status, ms, message = browser.post(email, "wrong-password")
                    kinds[kind].append(ms)
                    messages[kind].add(f"{status} {message}")
            print(f"One at a time, wrong password, {args.samples} each:")
            for kind, times in kinds.items():
                print(f"  {kind:13} {summary(times)}   says: {' | '.join(sorted(messages[kind]))}")
        finally:
            server.terminate()
            server.wait(timeout=10)
        errors = (folder / "server.log").read_text(errors="replace").count("database is locked")
        print(f'"database is locked" in the server log: {errors}')


if __name__ == "__main__":
    main()
