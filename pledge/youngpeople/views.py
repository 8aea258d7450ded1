"""The young person's version of the strategy, pledge and plan (public), its printable leaflet,
and the officers' page of every text written to young people, where they approve it."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pledge.core.errors import UserError
from pledge.core.pdf import tagged_pdf
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.views import authority_or_404, whole_number
from pledge.youngpeople import services
from pledge.youngpeople.selectors import (
    needing_attention,
    state_counts,
    words_to_check,
    young_version,
)

LEAFLET_STYLESHEET = Path(__file__).with_name("leaflet.css")  # the leaflet on paper
LEAFLET_CACHE_SECONDS = 24 * 60 * 60
# The newest done shown on the version's first page; the rest are a link away.
DONE_ON_FIRST_PAGE = 5


# The public pages -------------------------------------------------------------------------------


def _version() -> dict[str, object]:
    """The young person's version as it stands today, and whose it is."""
    authority = authority_or_404()
    return {"authority": authority, "version": young_version(authority, on=timezone.localdate())}


@login_not_required
def our_pledge(request: HttpRequest) -> HttpResponse:
    context = _version() | {"done_shown": DONE_ON_FIRST_PAGE}
    return render(request, "youngpeople/our_pledge.html", context)


@login_not_required
def plan(request: HttpRequest) -> HttpResponse:
    return render(request, "youngpeople/plan.html", _version())


@login_not_required
def done(request: HttpRequest) -> HttpResponse:
    return render(request, "youngpeople/done.html", _version())


@login_not_required
def leaflet(request: HttpRequest) -> HttpResponse:
    """The version as a short printable leaflet: a tagged PDF, made again only when its words
    change (the public can ask for it as often as they like)."""
    context = _version() | {
        "pledge_url": request.build_absolute_uri(reverse("young:pledge")),
        "offer_url": request.build_absolute_uri(reverse("offer:directory")),
    }
    html = render_to_string("youngpeople/leaflet.html", context)
    key = "leaflet:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = tagged_pdf(html, LEAFLET_STYLESHEET)
        cache.set(key, pdf, LEAFLET_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="our-pledge-to-you.pdf"'
    return response


# The officers' page -----------------------------------------------------------------------------


@permission_required("youngpeople.view_words")
def words(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every text written to young people, its state and reading age, with approve buttons."""
    authority = authority_or_404()
    sections = words_to_check(authority, on=timezone.localdate())
    attention_only = request.GET.get("show") == "attention"
    return render(
        request,
        "youngpeople/words.html",
        {
            "sections": needing_attention(sections) if attention_only else sections,
            "attention_only": attention_only,
            "counts": state_counts(sections),
            "target": authority.plain_reading_age,
            "can_approve": request.user.has_perm("youngpeople.approve_words"),
        },
    )


@require_POST
@permission_required("youngpeople.approve_words")
def approve(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    """Approve (or, with `withdraw`, take back) one record's plain words."""
    record = _record(kind, pk)
    version = whole_number(request.POST.get("version", ""))
    try:
        if "withdraw" in request.POST:
            services.plain_words_withdraw(actor=request.user, record=record, version=version)
            messages.success(request, f"The words for {record} are no longer public")
        else:
            services.plain_words_approve(actor=request.user, record=record, version=version)
            messages.success(request, f"The words for {record} are approved and public")
    except UserError as error:
        messages.error(request, error.message)
    return redirect(reverse("plainwords:list") + f"#{kind}-{pk}")


def _record(kind: str, pk: int) -> services.PlainRecord:
    model = services.KINDS.get(kind)
    if model is None:
        raise Http404("No such kind of record")
    return cast(services.PlainRecord, get_object_or_404(model, pk=pk))
