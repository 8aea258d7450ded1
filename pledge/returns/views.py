"""The 903 return's pages: upload a return, watch it checked, read the report, then store or
discard it; and the board's postcode lookup the loads use. Writing happens in services; the
checking, storing and reading run in the worker."""

from __future__ import annotations

import shutil

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pledge.core.errors import UserError
from pledge.core.forms import run_service
from pledge.core.models import Authority
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.views import authority_or_404, posted
from pledge.returns import files as load_files
from pledge.returns import postcodes as postcode_files
from pledge.returns import selectors, services
from pledge.returns.forms import PostcodeLookupForm, ReturnUploadForm
from pledge.returns.models import PostcodeLookup, ReturnLoad
from pledge.returns.tasks import check_return, read_postcodes, store_return

REPORT_ROWS_SHOWN = 200


@permission_required("returns.load")
def load_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    authority = authority_or_404()
    # The worker tidies loads every ten minutes; the embedded default has no worker, so the
    # page that lists them tidies them first (and the list never shows a load that has died).
    services.returns_tidy(now=timezone.now())
    form = ReturnUploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        load = _start(request, form, authority, request.FILES.getlist("file"))
        if load:
            return redirect("returns:load", pk=load.pk)
    loads = ReturnLoad.objects.filter(authority=authority).select_related("loaded_by")[:20]
    return render(request, "returns/loads.html", {"form": form, "loads": loads})


def _start(
    request: AuthenticatedHttpRequest,
    form: ReturnUploadForm,
    authority: Authority,
    files: list[UploadedFile],
) -> ReturnLoad | None:
    """Keep the upload in its working folder and start checking it, or say what to change."""
    try:  # everything that can be wrong with the files, before anything is kept
        received = load_files.receive(files, form.cleaned_data["year"])
    except UserError as error:
        form.add_error(error.field, error.message)
        return None
    load = run_service(
        form,
        services.return_start,
        actor=request.user,
        authority=authority,
        filenames=[f.name or "" for f in files],
        received=received,
    )
    if load is not None:
        transaction.on_commit(lambda: check_return.enqueue(load_id=load.pk))
    return load


@permission_required("returns.load")
def load_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    load = get_object_or_404(ReturnLoad, pk=pk, authority=authority_or_404())
    rows = load_files.report_rows(load)
    return render(
        request,
        "returns/load.html",
        {
            "load": load,
            "rows": rows.head(REPORT_ROWS_SHOWN).to_dicts() if rows is not None else None,
            "row_count": len(rows) if rows is not None else 0,
            "working": load.state in {ReturnLoad.State.CHECKING, ReturnLoad.State.COMPUTING},
            "effect": selectors.what_storing_does(load) if load.state == "checked" else None,
            "expires_at": load_files.files_expire_at(load),
        },
    )


@permission_required("returns.load")
def load_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    load = get_object_or_404(ReturnLoad, pk=pk, authority=authority_or_404())
    path = load_files.work_folder(load) / load_files.REPORT
    if not path.exists():
        raise Http404("The row-level report goes with the files, once stored or discarded")
    response = HttpResponse(path.read_bytes(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="903-report-{load.pk}.csv"'
    return response


@require_POST
@permission_required("returns.load")
def load_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    load = get_object_or_404(ReturnLoad, pk=pk, authority=authority_or_404())
    decide = (
        services.return_confirm
        if request.POST.get("decision") == "store"
        else services.return_discard
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
    return redirect("returns:load", pk=load.pk)


@permission_required("returns.load")
def postcodes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The board's postcode lookup: which is in use, and loading a newer one (read in the
    background; the page says when it is done)."""
    authority = authority_or_404()
    form = PostcodeLookupForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            folder = postcode_files.receive(upload)
        except UserError as error:
            form.add_error(error.field, error.message)
        else:
            lookup = run_service(
                form,
                services.postcodes_start,
                actor=request.user,
                authority=authority,
                filename=upload.name or "lookup",
            )
            if lookup is not None:
                transaction.on_commit(
                    lambda: read_postcodes.enqueue(lookup_id=lookup.pk, folder=str(folder))
                )
                return redirect("returns:postcodes")
            shutil.rmtree(folder, ignore_errors=True)
    lookups = PostcodeLookup.objects.filter(authority=authority).select_related("loaded_by")
    return render(
        request,
        "returns/postcodes.html",
        {
            "form": form,
            "current": postcode_files.current_lookup(authority),
            "lookups": lookups[:10],
            "reading": any(lookup.state == PostcodeLookup.State.READING for lookup in lookups[:10]),
        },
    )
