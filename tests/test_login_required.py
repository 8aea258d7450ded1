"""Guard: every page needs a signed-in person, except the few that are public on purpose."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from pledge.core.models import Authority

# Changing this set is a decision: a new public page must be added here by hand.
PUBLIC = {
    "home",
    "accessibility",
    "privacy",
    "healthz",
    "sign-in",
    "signed-out",
    "password-reset",
    "password-reset-sent",
    "password-reset-confirm",
    "password-reset-complete",
    # The Local Offer is for young people, who have no accounts, and for other services.
    "offer:directory",
    "offer:print",
    "offer:entry",
    "oruk:root",
    "oruk:openapi",
    "oruk:services",
    "oruk:service",
    "oruk:taxonomies",
    "oruk:taxonomy",
    "oruk:taxonomy-terms",
    "oruk:taxonomy-term",
    "oruk:service-at-locations",
    "oruk:service-at-location",
    "oruk:not-found",
    # The packs and minutes the board has published, for anyone to read.
    "papers:list",
    "papers:minutes",
    "papers:pack",
    "papers:pack-file",
    # The board's headline figures, every one through DfE's suppression: for anyone to read.
    "reports:headline",
    # The young person's version of the strategy, pledge and plan: approved plain words only.
    "young:pledge",
    "young:plan",
    "young:done",
    "young:leaflet",
    "voice_public:have_your_say",
    "voice_public:sent",
    "voice_public:you_said_we_did",
    "voice_public:pledge_check",
    "voice_public:checked",
}

SAMPLE_ARGUMENTS = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((namespace + pattern.name, route))
    return found


def _concrete(route: str) -> str:
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "x", route)  # a regular expression's named group
    route = route.replace("^", "").replace("$", "").replace("/?", "")
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGUMENTS[m.group(1) or "str"], route)


ROUTES = _walk(get_resolver().url_patterns)


def test_the_public_list_names_real_pages() -> None:
    assert {name for name, _ in ROUTES} >= PUBLIC


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), [r for r in ROUTES if r[0] not in PUBLIC])
def test_page_requires_sign_in(name: str, route: str) -> None:
    url = _concrete(route)
    for method in ("get", "post"):
        response = getattr(Client(), method)(url)
        assert response.status_code == 302, f"{method.upper()} {url} ({name})"
        assert response["Location"].startswith("/sign-in/?next="), f"{url} ({name})"


@pytest.mark.parametrize(("name", "route"), [r for r in ROUTES if r[0] in PUBLIC])
def test_public_page_opens_without_sign_in(name: str, route: str, authority: Authority) -> None:
    response = Client().get(_concrete(route))
    # The reset link with made-up values shows "link expired" (200); a public page about a
    # record, given a made-up id, is Not Found (404) rather than a sign-in page.
    expected = {200, 302, 404} if re.search(r"<|\(\?P", route) else {200, 302}
    assert response.status_code in expected, name
    if response.status_code == 302:
        assert not response["Location"].startswith("/sign-in/"), name
