"""Pages that draw on several apps: the board's home page, the public headline data, the board
pack (made, read, downloaded and published) and the public board papers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from boardfiles.periods import latest_period_end
from pledge.core.audit import history_for, latest_change
from pledge.core.forms import run_service
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.views import authority_or_404
from pledge.meetings.selectors import next_meeting, published
from pledge.reports import services
from pledge.reports.forms import PackForm, PublishForm
from pledge.reports.headline import headline_figures
from pledge.reports.models import BoardPack, PackPeriod, Period
from pledge.reports.selectors import waiting_for
from pledge.reports.tasks import make_pack
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


def _packs() -> QuerySet[BoardPack]:
    return BoardPack.objects.filter(authority=authority_or_404()).select_related(
        "requested_by", "published_by"
    )


@permission_required("reports.view_pack")
def packs(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The board's packs, newest period first, and (for officers and analysts) making one."""
    can_make = request.user.has_perm("reports.make_pack")
    posted = request.method == "POST"
    form = PackForm(request.POST if posted else None, initial={"period_end": _last_quarter_end()})
    if posted and can_make and form.is_valid():
        kind = PackPeriod(form.cleaned_data["period"])
        pack = run_service(
            form,
            services.pack_request,
            actor=request.user,
            authority=authority_or_404(),
            period=Period.ending(kind, form.cleaned_data["period_end"]),
        )
        if pack is not None:
            transaction.on_commit(lambda: make_pack.enqueue(pack_id=pack.pk))
            return redirect("reports:pack", pk=pack.pk)
    return render(
        request,
        "reports/packs.html",
        {"packs": _packs().defer("contents"), "form": form, "can_make": can_make},
    )


@permission_required("reports.view_pack")
def pack(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The pack itself, as the board reads it; while it is being made, how far it has got."""
    chosen = get_object_or_404(_packs(), pk=pk)
    return render(
        request,
        "reports/pack.html",
        {
            "board_pack": chosen,
            "pack": chosen.contents.get("board"),
            "history": history_for(chosen),
            "later": _packs().filter(
                period=chosen.period, period_end=chosen.period_end, version__gt=chosen.version
            ),
        },
    )


@permission_required("reports.view_pack")
def pack_file(request: AuthenticatedHttpRequest, pk: int, audience: str, kind: str) -> FileResponse:
    """The board's (or the public's) PDF or Word file: served to people signed in."""
    return _download(get_object_or_404(_packs(), pk=pk), audience, kind)


@require_POST
@permission_required("reports.publish_pack")
def pack_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    chosen = get_object_or_404(_packs(), pk=pk)
    form = PublishForm(request.POST)
    wanted = form.is_valid() and form.cleaned_data["published"]
    done = run_service(
        form, services.pack_publish, actor=request.user, pack=chosen, published=wanted
    )
    if done is None:
        for error in form.non_field_errors():
            messages.error(request, str(error))
    else:
        messages.success(
            request,
            "The pack is published on the board papers page"
            if wanted
            else "The pack is no longer published",
        )
    return redirect("reports:pack", pk=chosen.pk)


@login_not_required
def papers(request: HttpRequest) -> HttpResponse:
    """Public: the board's published packs and the minutes of its meetings."""
    authority = authority_or_404()
    return render(
        request,
        "reports/papers.html",
        {
            "packs": _public_packs().defer("contents"),
            "meetings": published(authority),
        },
    )


@login_not_required
def public_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: a published pack, its figures through DfE's suppression."""
    chosen = get_object_or_404(_public_packs(), pk=pk)
    context = {"board_pack": chosen, "pack": chosen.contents["public"]}
    return render(request, "reports/public_pack.html", context)


@login_not_required
def public_pack_file(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    return _download(get_object_or_404(_public_packs(), pk=pk), "public", kind)


def _public_packs() -> QuerySet[BoardPack]:
    return _packs().filter(published_at__isnull=False)


def _download(chosen: BoardPack, audience: str, kind: str) -> FileResponse:
    field = {
        ("board", "pdf"): chosen.pdf,
        ("board", "docx"): chosen.docx,
        ("public", "pdf"): chosen.public_pdf,
        ("public", "docx"): chosen.public_docx,
    }.get((audience, kind))
    if not field:
        raise Http404("No such file")
    filename = chosen.filename(audience, kind)
    return FileResponse(field.open("rb"), as_attachment=True, filename=filename)


def _last_quarter_end() -> str:
    """The end of the last quarter to have ended: the period a board most often asks for."""
    return f"{latest_period_end('quarterly', timezone.localdate()):%-d/%-m/%Y}"
