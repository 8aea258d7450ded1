"""Views for the scorecard: the KPIs by priority, exceptions, each KPI with its trend and
history, setting KPIs, targets and readings, and loading the 903 return and comparators."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from markupsafe import Markup

from boardfiles.problems import FileError, Severity
from boardfiles.words import counted
from pledge.core.audit import history_for, latest_change
from pledge.core.errors import UserError
from pledge.core.forms import run_service
from pledge.core.models import Authority
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.views import authority_or_404, posted
from pledge.scorecard import returns, services
from pledge.scorecard.charts import sparkline, trend
from pledge.scorecard.forms import (
    FileForm,
    KpiEditForm,
    KpiForm,
    KpiUploadForm,
    NeighboursForm,
    ReadingForm,
    ReturnUploadForm,
    TargetForm,
)
from pledge.scorecard.headline import headline_figures
from pledge.scorecard.models import Kpi, KpiUpload, ReturnLoad, Source, Unit
from pledge.scorecard.preview import kpi_rows, upload_parsed
from pledge.scorecard.selectors import (
    REGIONS,
    by_priority,
    exceptions,
    framework_row,
    framework_rows,
    indicator_definition,
    kpi_statuses,
    kpis,
    neighbour_names,
    status_of,
    summary_sentence,
    target_line,
)
from pledge.scorecard.tasks import check_return, store_return

REPORT_ROWS_SHOWN = 200
CACHE_SECONDS = 600


def _today() -> datetime.date:
    return timezone.localdate()


@permission_required("scorecard.view")
def scorecard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The tables are the same for everyone: built once per change to the board (every change
    writes an audit event) and per day (figures fall due by date), then served from the cache.
    A deployment serves one authority, so the key needs no more (and a hit no other query)."""
    today = _today()
    key = f"scorecard:{latest_change()}:{today}"
    cached = cache.get(key)
    if cached is None:
        statuses = kpi_statuses(authority_or_404(), today)
        tables = render_to_string(
            "scorecard/_tables.html",
            {
                "groups": by_priority(statuses),
                "sparkline": lambda status: sparkline(
                    [r.value for r in status.readings if r.value is not None]
                ),
            },
        )
        cached = (tables, len(exceptions(statuses)))
        cache.set(key, cached, CACHE_SECONDS)
    tables, exception_count = cached
    return render(
        request,
        "scorecard/scorecard.html",
        {"tables": Markup(tables), "exceptions": exception_count},  # noqa: S704 - our template
    )


@permission_required("scorecard.view")
def exception_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    statuses = exceptions(kpi_statuses(authority_or_404(), _today()))
    return render(request, "scorecard/exceptions.html", {"statuses": statuses})


@permission_required("scorecard.view")
def framework(request: AuthenticatedHttpRequest) -> HttpResponse:
    statuses = kpi_statuses(authority_or_404(), _today())
    return render(request, "scorecard/framework.html", {"groups": framework_rows(statuses)})


@permission_required("scorecard.view")
def kpi_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    kpi = get_object_or_404(kpis(authority_or_404()), pk=pk)
    status = status_of(kpi, _today())
    series = [(r.period_end, r.value) for r in status.readings if r.value is not None]
    return render(
        request,
        "scorecard/kpi_detail.html",
        {
            "kpi": kpi,
            "status": status,
            "summary": summary_sentence(status),
            "framework": framework_row(status),
            "definition": indicator_definition(kpi.indicator),
            "chart": trend(
                series,
                target_line(status.rule),
                ceiling=Decimal(100) if kpi.unit == Unit.PERCENTAGE else None,
            )
            if series
            else None,
            "all_readings": kpi.readings.select_related("entered_by").order_by(
                "-period_end", "-entered_at"
            ),
            "targets": kpi.targets.select_related("set_by"),
            "history": history_for(kpi),
            "can_enter": request.user.has_perm("scorecard.enter_reading", kpi),
        },
    )


@permission_required("scorecard.manage_kpis")
def kpi_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = KpiForm(posted(request))
    if request.method == "POST" and form.is_valid():
        kpi = run_service(
            form,
            services.kpi_create,
            actor=request.user,
            authority=authority_or_404(),
            **form.cleaned_data,
        )
        if kpi:
            messages.success(request, f"KPI added: {kpi.name}")
            return redirect("scorecard:kpi", pk=kpi.pk)
    return render(
        request,
        "scorecard/kpi_form.html",
        {"form": form, "heading": "Add a KPI", "back_url": reverse("scorecard:scorecard")},
    )


@permission_required("scorecard.manage_kpis")
def kpi_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    kpi = get_object_or_404(Kpi, pk=pk)
    initial = {name: getattr(kpi, name) for name in services.KPI_FIELDS} | {
        name: list(getattr(kpi, name).all()) for name in ("priorities", "principles")
    }
    form = KpiEditForm(posted(request), initial=initial, kpi=kpi)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        reason = fields.pop("reason")
        if run_service(
            form, services.kpi_update, actor=request.user, kpi=kpi, reason=reason, **fields
        ):
            messages.success(request, "KPI changed")
            return redirect("scorecard:kpi", pk=kpi.pk)
    return render(
        request,
        "scorecard/kpi_form.html",
        {
            "form": form,
            "heading": f"Change {kpi}",
            "back_url": reverse("scorecard:kpi", kwargs={"pk": kpi.pk}),
        },
    )


@permission_required("scorecard.manage_kpis")
def kpi_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The first step of importing KPIs: the file is read before it is kept, so an unreadable
    one is refused at once; a readable one waits, unsaved as KPIs, for its preview."""
    today = _today()
    financial_year = datetime.date(today.year if today.month > 3 else today.year - 1, 4, 1)
    form = KpiUploadForm(
        posted(request), request.FILES or None, initial={"targets_from": financial_year}
    )
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        upload = run_service(
            form,
            services.kpi_upload_create,
            actor=request.user,
            authority=authority_or_404(),
            filename=file.name,
            data=file.read(),
            targets_from=form.cleaned_data["targets_from"],
            plan=form.cleaned_data["plan"],
        )
        if upload:
            return redirect("scorecard:kpi-import", pk=upload.pk)
    return render(request, "scorecard/kpi_upload.html", {"form": form})


@permission_required("scorecard.manage_kpis")
def kpi_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every KPI as it will be saved, with what it matches on the board and every problem by
    row. Nothing is saved until the officer confirms; then all of it, or none."""
    upload = get_object_or_404(
        KpiUpload.objects.select_related("plan"), pk=pk, authority=authority_or_404()
    )
    parsed = upload_parsed(upload)
    form = forms.Form(posted(request))
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, services.kpi_upload_confirm, actor=request.user, upload=upload)
        if saved:
            messages.success(
                request, f"{counted(len(saved), 'KPI')} imported from {upload.filename}"
            )
            return redirect("scorecard:scorecard")
    errors = [p for p in parsed.problems if p.severity == Severity.ERROR]
    return render(
        request,
        "scorecard/kpi_import.html",
        {
            "upload": upload,
            "parsed": parsed,
            "rows": kpi_rows(upload.authority, parsed, upload.plan),
            "form": form,
            "errors": errors,
            "error_list": [{"text": f"{p.where}: {p.message}", "href": "#errors"} for p in errors],
            "notes": [p for p in parsed.problems if p.severity != Severity.ERROR],
        },
    )


@permission_required("scorecard.manage_kpis")
def target_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    kpi = get_object_or_404(Kpi, pk=pk)
    form = TargetForm(posted(request), initial={"applies_from": _today()}, kpi=kpi)
    if request.method == "POST" and form.is_valid():
        target = run_service(
            form, services.target_set, actor=request.user, kpi=kpi, **form.cleaned_data
        )
        if target:
            messages.success(request, f"Target set: {target.text}")
            return redirect("scorecard:kpi", pk=kpi.pk)
    return render(
        request,
        "scorecard/target_form.html",
        {
            "form": form,
            "kpi": kpi,
            "heading": "Set a target",
            "back_url": reverse("scorecard:kpi", kwargs={"pk": kpi.pk}),
        },
    )


@permission_required("scorecard.view")
def reading_enter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    kpi = get_object_or_404(Kpi, pk=pk)
    if kpi.source == Source.ENGINE:  # nobody types these in: say why, rather than "not allowed"
        messages.error(request, f"{kpi}'s figures are worked out from the 903 return")
        return redirect("scorecard:kpi", pk=kpi.pk)
    if not request.user.has_perm("scorecard.enter_reading", kpi):
        raise PermissionDenied("scorecard.enter_reading")
    form = ReadingForm(posted(request), kpi=kpi)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reading = run_service(
            form,
            services.reading_record,
            actor=request.user,
            kpi=kpi,
            period_start=form.period_start,
            period_end=data["period_end"],
            value=data["value"],
            numerator=data["numerator"],
            denominator=data["denominator"],
            not_available=data["not_available"],
            commentary=data["commentary"],
            reason=data["reason"],
            version=data["version"],
        )
        if reading:
            messages.success(
                request, f"Figure recorded for the period to {reading.period_end:%-d %B %Y}"
            )
            return redirect("scorecard:kpi", pk=kpi.pk)
    return render(
        request,
        "scorecard/reading_form.html",
        {
            "form": form,
            "kpi": kpi,
            "heading": "Enter a figure",
            "back_url": reverse("scorecard:kpi", kwargs={"pk": kpi.pk}),
        },
    )


@permission_required("scorecard.load_data")
def comparators_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """DfE's published figures (an EES CSV) and, in the second form, the board's statistical
    neighbours (DfE's list). Each form's button says which was sent."""
    authority = authority_or_404()
    sent_neighbours = request.method == "POST" and request.POST.get("form") == "neighbours"
    form = FileForm(
        None if sent_neighbours else posted(request),
        None if sent_neighbours else (request.FILES or None),
    )
    neighbours_form = NeighboursForm(
        posted(request) if sent_neighbours else None,
        (request.FILES or None) if sent_neighbours else None,
        prefix="neighbours",
        initial={"old_la_code": authority.old_la_code},
    )
    problems: list[object] = []
    if sent_neighbours:
        if neighbours_form.is_valid() and _neighbours_save(request, neighbours_form, authority):
            return redirect("scorecard:comparators")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            saved = services.comparators_import(
                actor=request.user, filename=upload.name, data=upload.read()
            )
        except FileError as error:
            form.add_error("file", str(error))
        except services.FileProblemsError as error:
            form.add_error("file", error.message)
            problems = list(error.problems)
        except UserError as error:
            form.add_error("file", error.message)
        else:
            count, warnings = saved
            messages.success(
                request,
                f"{count:,} published figures imported from {upload.name}"
                + (f" ({len(warnings)} warnings)" if warnings else ""),
            )
            return redirect("scorecard:comparators")
    return render(
        request,
        "scorecard/comparators.html",
        {
            "form": form,
            "problems": problems,
            "neighbours_form": neighbours_form,
            "authority": authority,
            "neighbours": neighbour_names(authority),
            "region": REGIONS.get(authority.region_code, authority.region_code),
        },
    )


def _neighbours_save(
    request: AuthenticatedHttpRequest, form: NeighboursForm, authority: Authority
) -> bool:
    """Save the neighbours from DfE's list and say which, or put what is wrong on the form."""
    upload = form.cleaned_data["file"]
    try:
        saved = services.statistical_neighbours_import(
            actor=request.user,
            authority=authority,
            filename=upload.name,
            data=upload.read(),
            old_la_code=form.cleaned_data["old_la_code"],
        )
    except FileError as error:
        form.add_error("file", str(error))
        return False
    except UserError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return False
    named = [f"{name} ({code})" if name else f"LA {code}" for code, name in saved]
    messages.success(
        request,
        f"{len(saved)} statistical neighbours saved for {authority.name}, closest first: "
        + ", ".join(named),
    )
    return True


@permission_required("scorecard.load_data")
def figures_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """KPI figures from a spreadsheet (for KPIs whose source is a CSV import): all rows or none."""
    form = FileForm(posted(request), request.FILES or None)
    problems: list[object] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            saved = services.figures_import(
                actor=request.user,
                authority=authority_or_404(),
                filename=upload.name,
                data=upload.read(),
            )
        except FileError as error:
            form.add_error("file", str(error))
        except services.FileProblemsError as error:
            form.add_error("file", error.message)
            problems = list(error.problems)
        except UserError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, f"{counted(len(saved), 'figure')} loaded from {upload.name}")
            return redirect("scorecard:scorecard")
    from_files = Kpi.objects.live().filter(source=Source.CSV)
    return render(
        request,
        "scorecard/figures_import.html",
        {"form": form, "problems": problems, "kpis": from_files},
    )


@permission_required("scorecard.load_data")
def return_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    authority = authority_or_404()
    # The worker tidies loads every ten minutes; the embedded default has no worker, so the
    # page that lists them tidies them first (and the list never shows a load that has died).
    returns.returns_tidy(now=timezone.now())
    form = ReturnUploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        load = _start(request, form, authority, request.FILES.getlist("file"))
        if load:
            return redirect("scorecard:return", pk=load.pk)
    loads = ReturnLoad.objects.filter(authority=authority).select_related("loaded_by")[:20]
    return render(request, "scorecard/returns.html", {"form": form, "loads": loads})


def _start(
    request: AuthenticatedHttpRequest,
    form: ReturnUploadForm,
    authority: Authority,
    files: list[UploadedFile],
) -> ReturnLoad | None:
    """Keep the upload in its working folder and start checking it, or say what to change."""
    try:  # everything that can be wrong with the files, before anything is kept
        received = returns.receive(files, form.cleaned_data["year"])
    except UserError as error:
        form.add_error(error.field, error.message)
        return None
    load = run_service(
        form,
        returns.return_start,
        actor=request.user,
        authority=authority,
        filenames=[f.name or "" for f in files],
        received=received,
    )
    if load is not None:
        transaction.on_commit(lambda: check_return.enqueue(load_id=load.pk))
    return load


@permission_required("scorecard.load_data")
def return_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    load = get_object_or_404(ReturnLoad, pk=pk, authority=authority_or_404())
    rows = returns.report_rows(load)
    return render(
        request,
        "scorecard/return_detail.html",
        {
            "load": load,
            "rows": rows.head(REPORT_ROWS_SHOWN).to_dicts() if rows is not None else None,
            "row_count": len(rows) if rows is not None else 0,
            "working": load.state in {ReturnLoad.State.CHECKING, ReturnLoad.State.COMPUTING},
            "effect": returns.what_storing_does(load) if load.state == "checked" else None,
            "expires_at": returns.files_expire_at(load),
        },
    )


@permission_required("scorecard.load_data")
def return_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    load = get_object_or_404(ReturnLoad, pk=pk, authority=authority_or_404())
    path = returns.work_folder(load) / returns.REPORT
    if not path.exists():
        raise Http404("The row-level report goes with the files, once stored or discarded")
    response = HttpResponse(path.read_bytes(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="903-report-{load.pk}.csv"'
    return response


@require_POST
@permission_required("scorecard.load_data")
def return_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    load = get_object_or_404(ReturnLoad, pk=pk, authority=authority_or_404())
    decide = (
        returns.return_confirm
        if request.POST.get("decision") == "store"
        else returns.return_discard
    )
    try:
        decide(actor=request.user, load=load)
    except UserError as error:
        messages.error(request, error.message)
    else:
        if load.state == ReturnLoad.State.COMPUTING:
            transaction.on_commit(
                lambda: store_return.enqueue(load_id=load.pk, actor_id=request.user.pk)
            )
    return redirect("scorecard:return", pk=load.pk)


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
        "scorecard/headline.html",
        {"headline": figures, "can_load": request.user.has_perm("scorecard.load_data")},
    )
