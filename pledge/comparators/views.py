"""The comparators page: DfE's published figures and the board's statistical neighbours."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from boardfiles.problems import FileError
from boardfiles.words import counted
from pledge.comparators import services
from pledge.comparators.forms import NeighboursForm, PublishedFiguresForm
from pledge.comparators.models import ComparatorUpload
from pledge.comparators.selectors import REGIONS, comparators_preview, neighbour_names
from pledge.core.errors import UserError
from pledge.core.forms import run_service
from pledge.core.models import Authority
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.views import authority_or_404, posted


@permission_required("comparators.load")
def comparators_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """DfE's published figures (an EES CSV) and, in the second form, the board's statistical
    neighbours (DfE's list). Each form's button says which was sent."""
    authority = authority_or_404()
    sent_neighbours = request.method == "POST" and request.POST.get("form") == "neighbours"
    form = PublishedFiguresForm(
        None if sent_neighbours else posted(request),
        None if sent_neighbours else (request.FILES or None),
    )
    neighbours_form = NeighboursForm(
        posted(request) if sent_neighbours else None,
        (request.FILES or None) if sent_neighbours else None,
        prefix="neighbours",
        initial={"old_la_code": authority.old_la_code},
    )
    if sent_neighbours:
        if neighbours_form.is_valid() and _neighbours_save(request, neighbours_form, authority):
            return redirect("comparators:import")
    elif request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        upload = run_service(
            form,
            services.comparator_upload_create,
            actor=request.user,
            authority=authority,
            filename=file.name,
            data=file.read(),
        )
        if upload:
            return redirect("comparators:preview", pk=upload.pk)
    return render(
        request,
        "comparators/import.html",
        {
            "form": form,
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


@permission_required("comparators.load")
def comparators_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What an uploaded file of published figures would import, and the button that does it."""
    upload = get_object_or_404(ComparatorUpload, pk=pk, authority=authority_or_404())
    preview = comparators_preview(upload)
    form = forms.Form(posted(request))
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form, services.comparator_upload_confirm, actor=request.user, upload=upload
        )
        if saved:
            count, warnings = saved
            messages.success(
                request,
                f"{counted(count, 'published figure')} imported from {upload.filename}"
                + (f" ({len(warnings)} warnings)" if warnings else ""),
            )
            return redirect("comparators:import")
    return render(
        request,
        "comparators/preview.html",
        {"upload": upload, "preview": preview, "form": form},
    )
