"""The HTTP checks of scripts/smoke-production, run against a started production shape.

Standard library only, so it tests the deployment rather than the code it shares.
"""

from __future__ import annotations

import datetime
import http.cookiejar
import json
import os
import re
import sys
import time
import urllib.parse
import urllib.request

BASE = os.environ["SMOKE_URL"]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def fetch(path: str) -> bytes:
    with opener.open(BASE + path, timeout=10) as response:
        return response.read()


def get(path: str) -> str:
    return fetch(path).decode()


def post(path: str, data: dict[str, str]) -> tuple[str, str]:
    """The page the form leads to: its path (after any redirect) and its text."""
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **data}).encode()
    request = urllib.request.Request(BASE + path, data=body, headers={"Referer": BASE + path})
    with opener.open(request, timeout=30) as response:
        return urllib.parse.urlparse(response.geturl()).path, response.read().decode()


def check(label: str, condition: bool) -> None:
    print(("ok   " if condition else "FAIL ") + label)
    if not condition:
        sys.exit(1)


def main() -> None:
    check("health", '"ok"' in get("/healthz/"))
    home = get("/")
    check("public home page", "Northfield Corporate Parenting Board" in home)
    css = re.search(r'href="(/static/pledge\.[0-9a-f]+\.css)"', home)
    check("hashed stylesheet linked", css is not None)
    check("stylesheet served", "govuk" in get(css.group(1)))  # type: ignore[union-attr]
    check("Local Offer at 19", "things you can get at 19" in get("/local-offer/?age=19"))
    with urllib.request.urlopen(BASE + "/api/oruk/services?per_page=5", timeout=10) as api:
        page = json.load(api)
        cors = api.headers["Access-Control-Allow-Origin"]
    check("Open Referral UK API with CORS", page["total_items"] >= 20 and cors == "*")
    get("/sign-in/")
    _path, board = post(
        "/sign-in/", {"username": "officer@northfield.example", "password": "northfield-demo"}
    )
    check("sign in as the demo officer", "Signed in as Priya Shah" in board)
    check("strategy page", "Health and wellbeing" in get("/strategy/1/"))
    check("principles view shows the gap", "Access to services" in get("/strategy/principles/"))
    check_board_pack()


def check_board_pack() -> None:
    """The pack for the last quarter, made by the worker (WeasyPrint and all), read and
    downloaded."""
    today = datetime.date.today()  # noqa: DTZ011 - the server's day is the one it uses
    first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    end = first - datetime.timedelta(days=1)
    path, _page = post("/board-packs/", {"period": "quarter", "period_end": f"{end:%d/%m/%Y}"})
    check("board pack requested", re.fullmatch(r"/board-packs/\d+/", path) is not None)
    for _ in range(120):
        page = get(path)
        if "Download the board" in page or "was not made" in page:
            break
        time.sleep(1)
    check("board pack made by the worker", "Download the board" in page)
    pdf = fetch(f"{path}board.pdf")
    check("board pack PDF", pdf.startswith(b"%PDF"))


if __name__ == "__main__":
    main()
