"""What every page needs: the board's name and the service navigation for the signed-in person."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse

from pledge.core.selectors import authority_current

# (label, url name, permission needed, url prefix that marks it as the current section)
NAVIGATION = (
    ("Home", "reports:dashboard", "core.view_board", "/board/"),
    ("Strategy", "strategy:list", "strategy.view", "/strategy/"),
    ("Principles", "strategy:principles", "strategy.view", "/strategy/principles/"),
    ("Pledge", "strategy:pledge", "strategy.view", "/strategy/pledge/"),
    ("Plans", "actions:plans", "actions.view", "/plans/"),
    ("My actions", "actions:mine", "actions.my_actions", "/plans/mine/"),
    ("Scorecard", "scorecard:scorecard", "scorecard.view", "/scorecard/"),
    ("Meetings", "meetings:list", "meetings.view", "/meetings/"),
    ("Young people", "voice:home", "voice.view_said", "/voice/"),
    ("Board packs", "reports:packs", "reports.view_pack", "/board-packs/"),
    ("Local Offer", "offer:manage", "offer.view", "/local-offer/"),
    ("Agencies", "agencies", "core.view_board", "/board/agencies/"),
    ("People", "people", "core.manage_people", "/board/people/"),
)


# What young people and the public can use without signing in.
PUBLIC_NAVIGATION = (
    ("Our pledge to you", "young:pledge", "/our-pledge/"),
    ("Have your say", "voice_public:have_your_say", "/have-your-say/"),
    ("You said, we did", "voice_public:you_said_we_did", "/you-said-we-did/"),
    ("Local Offer", "offer:directory", "/local-offer/"),
    ("Headline data", "reports:headline", "/scorecard/headline/"),
    ("Board papers", "papers:list", "/board-papers/"),
)


def _href(name: str) -> str:
    return _reversed(name, get_script_prefix())


@functools.cache
def _reversed(name: str, prefix: str) -> str:
    """A page's address: the same for the life of the process, once its prefix is known."""
    return reverse(name)


def board(request: HttpRequest) -> dict[str, Any]:
    # No user when a request is refused before AuthenticationMiddleware (an unknown host).
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # The most specific prefix wins, so /strategy/principles/ is not also "Strategy".
        matching = [n for n in NAVIGATION if request.path.startswith(n[3])]
        current = max(matching, key=lambda n: len(n[3]))[1] if matching else None
        items = [
            {"text": label, "href": _href(name), "active": name == current}
            for label, name, perm, _prefix in NAVIGATION
            if user.has_perm(perm)
        ]
    else:
        items = [
            {"text": label, "href": _href(name), "active": request.path.startswith(prefix)}
            for label, name, prefix in PUBLIC_NAVIGATION
        ]
    return {"authority": authority_current(), "navigation": items}


def csp_nonce(request: HttpRequest) -> dict[str, Any]:
    """This response's Content-Security-Policy nonce, under the name GOV.UK Frontend's page
    template gives its inline script (pledge/core/middleware.py)."""
    return {"cspNonce": getattr(request, "csp_nonce", "")}
