"""Views for the scorecard: the KPIs by priority, exceptions, each KPI with its trend and
history, setting KPIs, targets and readings, and loading the 903 return and comparators."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from markupsafe import Markup

from boardfiles.problems import Severity
from boardfiles.units import Unit
from boardfiles.words import counted
from pledge.actions.selectors import overdue_actions
from pledge.core.audit import history_for, latest_change
from pledge.core.forms import FileForm, run_service
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.views import authority_or_404, posted
from pledge.returns.selectors import indicator_definition
from pledge.scorecard import services
from pledge.scorecard.charts import sparkline, trend
from pledge.scorecard.forms import (
    KpiEditForm,
    KpiForm,
    KpiUploadForm,
    ReadingForm,
    ReadyMadeForm,
    ScorecardForm,
    TargetForm,
)
from pledge.scorecard.models import FiguresUpload, Kpi, KpiUpload, Source
from pledge.scorecard.preview import figures_preview as figures_preview_of
from pledge.scorecard.preview import kpi_rows, upload_parsed
from pledge.scorecard.ready_made import READY_MADE
from pledge.scorecard.ready_made import figures_template as ready_made_template
from pledge.scorecard.selectors import (
    by_priority,
    chosen,
    exceptions,
    framework_row,
    framework_rows,
    headline_from_files,
    kpi_statuses,
    kpis,
    status_counts,
    status_of,
    summary_sentence,
    target_line,
)

REPORT_ROWS_SHOWN = 200
CACHE_SECONDS = 600


def _today() -> datetime.date:
    return timezone.localdate()


@permission_required("scorecard.view")
def scorecard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The scorecard as at a day (today unless asked), for one priority or lead agency or all,
    with counts by rating. The tables are built once per change to the board (every change
    writes an audit event), per day and per choice, then served from the cache. A deployment
    serves one authority, so the key needs no more (and a hit no other query)."""
    form = ScorecardForm(request.GET or None)
    chosen_by = form.cleaned_data if form.is_valid() else {}
    on = chosen_by.get("as_at") or _today()
    priority, agency = chosen_by.get("priority"), chosen_by.get("agency")
    key = ":".join(
        str(part)
        for part in ("scorecard", latest_change(), on, _pk(priority), _pk(agency), _today())
    )
    cached = cache.get(key)
    if cached is None:
        statuses = chosen(kpi_statuses(authority_or_404(), on), priority=priority, agency=agency)
        tables = render_to_string(
            "scorecard/_tables.html",
            {
                "groups": by_priority(statuses),
                "sparkline": lambda status: sparkline(
                    [r.value for r in status.readings if r.value is not None]
                ),
            },
        )
        cached = (tables, len(exceptions(statuses)), status_counts(statuses))
        cache.set(key, cached, CACHE_SECONDS)
    tables, exception_count, counts = cached
    return render(
        request,
        "scorecard/scorecard.html",
        {
            "tables": Markup(tables),  # noqa: S704 - our template
            "exceptions": exception_count,
            "counts": counts,
            "form": form,
            "on": on,
            "filtered": on != _today() or priority is not None or agency is not None,
        },
    )


def _pk(record: Any) -> object:
    return record.pk if record is not None else ""


@permission_required("scorecard.view")
def exception_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """KPIs off target, close and worsening, or with a figure overdue; and overdue actions."""
    on = _today()
    statuses = exceptions(kpi_statuses(authority_or_404(), on))
    return render(
        request,
        "scorecard/exceptions.html",
        {"statuses": statuses, "actions": overdue_actions(on=on)},
    )


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
def figures_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The first step of loading KPI figures from a spreadsheet: a readable file waits, unsaved
    as figures, for its preview."""
    form = FileForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        upload = run_service(
            form,
            services.figures_upload_create,
            actor=request.user,
            authority=authority_or_404(),
            filename=file.name,
            data=file.read(),
        )
        if upload:
            return redirect("scorecard:figures-preview", pk=upload.pk)
    from_files = Kpi.objects.live().filter(source=Source.CSV)
    return render(
        request,
        "scorecard/figures_import.html",
        {"form": form, "kpis": from_files},
    )


@permission_required("scorecard.load_data")
def figures_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every figure as it will be loaded, with the one it corrects; or every row that stops the
    file, by row. Nothing is saved until the officer confirms; then all of it, or none."""
    upload = get_object_or_404(FiguresUpload, pk=pk, authority=authority_or_404())
    rows, problems = figures_preview_of(upload)
    form = forms.Form(posted(request))
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form, services.figures_upload_confirm, actor=request.user, upload=upload
        )
        if saved:
            messages.success(
                request, f"{counted(len(saved), 'figure')} loaded from {upload.filename}"
            )
            return redirect("scorecard:scorecard")
    return render(
        request,
        "scorecard/figures_preview.html",
        {"upload": upload, "rows": rows, "problems": problems, "form": form},
    )


@permission_required("scorecard.manage_kpis")
def ready_made(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The headline measures from outside the 903, ready to add, and the spreadsheet to fill."""
    authority = authority_or_404()
    held = set(Kpi.objects.live().filter(authority=authority).values_list("reference", flat=True))
    waiting = [ready for ready in READY_MADE if ready.reference not in held]
    form = ReadyMadeForm(posted(request), choices=[(r.reference, r.name) for r in waiting])
    if request.method == "POST" and form.is_valid():
        added = run_service(
            form,
            services.kpis_add_ready_made,
            actor=request.user,
            authority=authority,
            references=form.cleaned_data["references"],
        )
        if added:
            messages.success(request, f"{counted(len(added), 'measure')} added to the scorecard")
            return redirect("scorecard:ready-made")
    return render(
        request,
        "scorecard/ready_made.html",
        {"form": form, "waiting": waiting, "added": headline_from_files(authority)},
    )


@permission_required("scorecard.load_data")
def figures_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The spreadsheet to fill with the headline measures' figures for the latest periods."""
    kpis = headline_from_files(authority_or_404())
    response = HttpResponse(
        ready_made_template(kpis, timezone.localdate()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="headline-figures.xlsx"'
    return response
