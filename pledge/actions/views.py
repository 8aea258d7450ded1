"""Views for action plans: the plans, importing one through a preview, a plan by priority, and
each action with its history."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from pledge.actions import services
from pledge.actions.exporting import CONTENT_TYPES, EXPORTERS
from pledge.actions.forms import ColumnMappingForm, PlanUploadForm
from pledge.actions.importing.plan import Severity
from pledge.actions.importing.tables import PlanFileError, read_tables
from pledge.actions.models import Action, ActionPlan, PlanUpload
from pledge.actions.selectors import parse_upload, plan_by_priority, preview_rows
from pledge.core.audit import history_for
from pledge.core.forms import run_service
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.views import posted
from pledge.strategy.selectors import strategy_current


@permission_required("actions.view")
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    plans = ActionPlan.objects.filter(archived_at__isnull=True).select_related("strategy")
    return render(request, "actions/plan_list.html", {"plans": plans})


@permission_required("actions.view")
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(ActionPlan.objects.select_related("strategy"), pk=pk)
    return render(
        request,
        "actions/plan_detail.html",
        {"plan": plan, "groups": plan_by_priority(plan), "history": history_for(plan)},
    )


@permission_required("actions.view")
def action_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("plan", "priority", "parent"), pk=pk)
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "children": action.children.filter(archived_at__isnull=True),
            "updates": action.updates.select_related("author"),
            "history": history_for(action),
        },
    )


@permission_required("actions.view")
def plan_export(request: AuthenticatedHttpRequest, pk: int, extension: str) -> HttpResponse:
    plan = get_object_or_404(ActionPlan, pk=pk)
    if extension not in EXPORTERS:
        raise Http404("Plans download as .csv, .xlsx or .docx")
    response = HttpResponse(EXPORTERS[extension](plan), content_type=CONTENT_TYPES[extension])
    filename = slugify(plan.title) or "action-plan"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


@permission_required("actions.import")
def plan_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = strategy_current()
    form = PlanUploadForm(posted(request), request.FILES or None, initial={"strategy": current})
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        data = file.read()
        try:
            read_tables(file.name, data)  # refuse an unreadable file before keeping it
        except PlanFileError as error:
            form.add_error("file", str(error))
        else:
            upload = run_service(
                form,
                services.plan_upload_create,
                actor=request.user,
                filename=file.name,
                data=data,
                strategy=form.cleaned_data["strategy"],
                title=form.cleaned_data["title"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
            if upload:
                return redirect("actions:import-preview", pk=upload.pk)
    return render(request, "actions/plan_upload.html", {"form": form})


@permission_required("actions.import")
def plan_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(PlanUpload.objects.select_related("strategy"), pk=pk)
    parsed = parse_upload(upload)
    mapping = ColumnMappingForm(
        request.POST if request.POST.get("step") == "map" else None,
        headings=parsed.unrecognised_headings,
    )
    if request.method == "POST" and request.POST.get("step") == "map" and mapping.is_valid():
        services.plan_upload_map_columns(
            actor=request.user, upload=upload, choices=mapping.choices()
        )
        return redirect("actions:import-preview", pk=upload.pk)
    if request.method == "POST" and request.POST.get("step") == "confirm":
        plan = run_service(mapping, services.plan_upload_confirm, actor=request.user, upload=upload)
        if plan:
            messages.success(request, f"{plan} imported: {plan.actions.count()} actions")
            return redirect("actions:plan", pk=plan.pk)
    errors = [p for p in parsed.problems if p.severity == Severity.ERROR]
    return render(
        request,
        "actions/plan_preview.html",
        {
            "upload": upload,
            "parsed": parsed,
            "mapping": mapping,
            "rows": preview_rows(upload.strategy, parsed),
            "errors": errors,
            "error_list": [
                {
                    "text": f"{p.where}: {p.message}",
                    "href": "#columns" if p.where == "header" else "#main-content",
                }
                for p in errors
            ],
            "notes": [p for p in parsed.problems if p.severity != Severity.ERROR],
        },
    )
