"""The HTTP checks of scripts/smoke-production, run against a started production shape.

Standard library only, so it tests the deployment rather than the code it shares.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import sys
import urllib.parse
import urllib.request

BASE = os.environ["SMOKE_URL"]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def get(path: str) -> str:
    with opener.open(BASE + path, timeout=10) as response:
        return response.read().decode()


def post(path: str, data: dict[str, str]) -> str:
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **data}).encode()
    request = urllib.request.Request(BASE + path, data=body, headers={"Referer": BASE + path})
    with opener.open(request, timeout=10) as response:
        return response.read().decode()


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
    board = post(
        "/sign-in/", {"username": "officer@northfield.example", "password": "northfield-demo"}
    )
    check("sign in as the demo officer", "Signed in as Priya Shah" in board)
    check("strategy page", "Health and wellbeing" in get("/strategy/1/"))
    check("principles view shows the gap", "Access to services" in get("/strategy/principles/"))


if __name__ == "__main__":
    main()
