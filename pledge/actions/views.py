"""Views for action plans: the plans, importing one through a preview, a plan by priority, and
each action with its history."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from boardfiles.problems import Severity
from boardfiles.words import and_join
from pledge.actions import services
from pledge.actions.exporting import CONTENT_TYPES, EXPORTERS
from pledge.actions.forms import (
    ActionEditForm,
    ActionFilterForm,
    AgencyMappingForm,
    BulkUpdateForm,
    ColumnMappingForm,
    PlanUploadForm,
    ProgressUpdateForm,
)
from pledge.actions.models import Action, ActionPlan, Evidence, PlanUpload
from pledge.actions.selectors import (
    ActionFilters,
    action_list,
    action_rows,
    my_actions,
    new_agency_names,
    parse_upload,
    plan_by_priority,
    preview_rows,
)
from pledge.core.audit import history_for
from pledge.core.concurrency import EditConflictError
from pledge.core.errors import UserError
from pledge.core.forms import run_service, show_current_version
from pledge.core.models import Agency, Person
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.views import authority_or_404, posted, whole_number
from pledge.reminders.services import update_request_send
from pledge.strategy.selectors import strategy_current


@permission_required("actions.view")
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    plans = ActionPlan.objects.live().select_related("strategy")
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
            "children": action.children.live(),
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
        upload = run_service(
            form,
            services.plan_upload_create,
            actor=request.user,
            filename=file.name,
            data=file.read(),
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
    agencies = AgencyMappingForm(
        request.POST if request.POST.get("step") == "agencies" else None,
        names=new_agency_names(upload.strategy, parsed),
        agencies=list(Agency.objects.live().filter(authority=upload.strategy.authority)),
        chosen=upload.agency_choices,
    )
    if request.method == "POST" and request.POST.get("step") == "agencies" and agencies.is_valid():
        services.plan_upload_map_agencies(
            actor=request.user, upload=upload, choices=agencies.choices()
        )
        messages.success(request, "Agencies matched")
        return redirect("actions:import-preview", pk=upload.pk)
    if request.method == "POST" and request.POST.get("step") == "confirm":
        try:
            plan = services.plan_upload_confirm(actor=request.user, upload=upload)
        except UserError as error:
            messages.error(request, error.message)
            if PlanUpload.objects.filter(pk=upload.pk).exists():
                return redirect("actions:import-preview", pk=upload.pk)
            return redirect("actions:plans")  # pressed twice: the first press imported it
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
            "rows": preview_rows(upload.strategy, parsed, upload.agency_choices),
            "agencies": agencies,
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


@permission_required("actions.my_actions")
def my_actions_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An agency lead's actions, most overdue first, updated many at once before a board."""
    on = timezone.localdate()
    rows = action_rows(my_actions(request.user), on=on)
    form = BulkUpdateForm(posted(request), actions=[r.action for r in rows])
    if request.method == "POST" and form.is_valid():
        saved = _post_bulk_updates(request, form, on)
        if saved is not None:
            messages.success(request, f"{saved} update{'s' if saved != 1 else ''} posted")
            return redirect("actions:mine")
        # Rolled back: show the actions as saved, with what was typed still in the form.
        rows = action_rows(my_actions(request.user), on=on)
    return render(request, "actions/my_actions.html", {"rows": rows, "form": form, "on": on})


def _post_bulk_updates(
    request: AuthenticatedHttpRequest, form: BulkUpdateForm, on: datetime.date
) -> int | None:
    """All the changed rows, or none: one refused row leaves every row unsaved."""
    changed = form.changed_actions()
    if not changed:
        form.add_error(None, "Change at least one action's status or RAG, or add a commentary")
        return None
    with transaction.atomic():
        for action, row in changed:
            try:
                services.action_update_progress(
                    actor=request.user,
                    action=action,
                    status=row["status"],
                    rag=row["rag"],
                    commentary=row["commentary"],
                    as_at=on,
                    links=[row["link"]] if row["link"] else [],
                    version=row["version"],
                )
            except UserError as error:
                field = {"new_due": "status"}.get(error.field or "", error.field or "commentary")
                if isinstance(error, EditConflictError):
                    field = "status"
                    show_current_version(form, error.current_version, f"version_{action.pk}")
                form.add_error(
                    f"{field}_{action.pk}",
                    f"Action {action.reference or action.text[:40]}: {error.message}",
                )
        if form.errors:
            transaction.set_rollback(True)
            return None
    return len(changed)


@permission_required("actions.view")
def action_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("plan"), pk=pk)
    if not request.user.has_perm("actions.update_action", action):
        raise PermissionDenied("actions.update_action")
    initial = {
        "status": action.status,
        "rag": action.rag,
        "as_at": timezone.localdate(),
        "version": action.version,
    }
    form = ProgressUpdateForm(posted(request), request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        update = run_service(
            form,
            services.action_update_progress,
            actor=request.user,
            action=action,
            status=data["status"],
            rag=data["rag"],
            commentary=data["commentary"],
            as_at=data["as_at"],
            links=[data["link"]] if data["link"] else [],
            files=[data["file"]] if data["file"] else [],
            new_due=data["new_due"],
            version=data["version"],
        )
        if update:
            messages.success(request, "Update posted")
            return redirect("actions:action", pk=action.pk)
    return render(request, "actions/action_update.html", {"form": form, "action": action})


@require_POST
@permission_required("actions.chase")
def action_chase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask the action's leads for an update: by email now, or (`when=digest`) at the head of
    their next reminder digest."""
    action = get_object_or_404(Action, pk=pk)
    at_once = request.POST.get("when") != "digest"
    name = action.reference or "the action"
    try:
        leads = update_request_send(actor=request.user, action=action, at_once=at_once)
    except UserError as error:
        messages.error(request, error.message)
    else:
        people = and_join([lead.full_name for lead in leads])
        messages.success(
            request,
            f"Update requested for {name}: emailed to {people}"
            if at_once
            else f"Update requested for {name}: it will head the next reminder digest of {people}",
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("actions:action", kwargs={"pk": pk})
    return redirect(back)


@permission_required("actions.view")
def evidence_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Evidence files are served only to people signed in, never from a public media URL."""
    evidence = get_object_or_404(Evidence.objects.exclude(file=""), pk=pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.description or str(evidence.file.name),
    )


@permission_required("actions.view")
def action_list_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every live action, filtered by plan, priority, agency, lead, status, RAG or overdue."""
    form = ActionFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else ActionFilters()
    on = timezone.localdate()
    return render(
        request,
        "actions/action_list.html",
        {"form": form, "rows": action_list(filters, on=on), "on": on},
    )


@permission_required("actions.import")
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("plan__strategy"), pk=pk)
    initial = {
        "reference": action.reference,
        "text": action.text,
        "plain_text": action.plain_text,
        "priority": action.priority,
        "principles": list(action.principles.all()),
        "all_partners": action.all_partners,
        "agencies": list(action.agencies.all()),
        "leads": list(action.leads.all()),
        "success": action.success,
        "measure": action.measure,
        "due_text": action.due_text,
    }
    form = ActionEditForm(posted(request), initial=initial, action=action)
    if request.method == "POST" and form.is_valid():
        edited = run_service(
            form, services.action_edit, actor=request.user, action=action, **form.cleaned_data
        )
        if edited:
            messages.success(request, "Action saved")
            return redirect("actions:action", pk=action.pk)
    return render(request, "actions/action_edit.html", {"form": form, "action": action})


@permission_required("actions.link_leads")
def named_leads(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The names the plans give as leads, and which account each belongs to."""
    authority = authority_or_404()
    leads = authority.leads.select_related("person").order_by("name")
    people = Person.objects.filter(is_active=True).order_by("full_name")
    if request.method == "POST":
        lead = get_object_or_404(leads, pk=whole_number(request.POST.get("lead", "")))
        chosen = request.POST.get("person", "")
        chosen_pk = whole_number(chosen)
        person = people.filter(pk=chosen_pk).first() if chosen_pk is not None else None
        if chosen and person is None:
            messages.error(request, "Choose a person from the list")
        else:
            services.named_lead_link(actor=request.user, lead=lead, person=person)
            linked = f"linked to {person}" if person else "not linked to an account"
            messages.success(request, f"{lead.name} is {linked}")
        return redirect("actions:leads")
    return render(request, "actions/named_leads.html", {"leads": leads, "people": people})
