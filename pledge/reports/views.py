"""Pages that draw on several apps: the board's home page and the public headline data (next,
the board pack)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pledge.core.audit import latest_change
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.views import authority_or_404
from pledge.meetings.selectors import next_meeting
from pledge.reports.headline import headline_figures
from pledge.reports.selectors import waiting_for
from pledge.strategy.selectors import strategy_current

CACHE_SECONDS = 600


@permission_required("core.view_board")
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each person's home: what is theirs to do today, then the way into everything else."""
    on, authority = timezone.localdate(), authority_or_404()
    return render(
        request,
        "reports/dashboard.html",
        {
            "strategy": strategy_current(),
            "waiting_for": waiting_for(request.user, authority, on=on),
            "next_meeting": next_meeting(authority, on=on),
            "on": on,
        },
    )


@login_not_required
def headline(request: HttpRequest) -> HttpResponse:
    """Public: the board's headline figures from its 903 return beside England's, the region's
    and the statistical neighbours' published figures, every one of ours through DfE's
    suppression (headline.py). Built once per change to the board, then served from the cache."""
    authority = authority_or_404()
    key = f"headline:{authority.pk}:{latest_change()}"
    figures = cache.get(key)
    if figures is None:
        figures = headline_figures(authority)
        cache.set(key, figures, CACHE_SECONDS)
    return render(
        request,
        "reports/headline.html",
        {"headline": figures, "can_load": request.user.has_perm("returns.load")},
    )
