"""Views for the Local Offer: the public directory young people use, and the officers' pages.

The Open Referral UK API is in api.py.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from pledge.core.audit import history_for
from pledge.core.forms import run_service
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.views import archive_or_restore, authority_or_404, posted
from pledge.offer import services
from pledge.offer.forms import CheckForm, DirectorySearchForm, EntryForm, LocationForm
from pledge.offer.models import LocalOfferEntry, Location
from pledge.offer.selectors import (
    directory_entries,
    entries_due_for_review,
    grouped_by_area,
    published_entries,
    with_details,
)

view_required = permission_required("offer.view")
edit_required = permission_required("offer.edit")

REVIEW_AFTER = datetime.timedelta(days=182)  # the next check, suggested: about six months on


# The public directory ---------------------------------------------------------------------------


def _search(request: HttpRequest) -> dict[str, Any]:
    """The directory's search form and what it found, shared by the page and its print version."""
    form = DirectorySearchForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "search": data["q"],
            "age": data["age"],
            "area": data["area"],
            "entitlement": data["type"],
        }
    entries = [] if form.errors else directory_entries(**filters)
    return {
        "form": form,
        "filters": filters,
        "entries": entries,
        "groups": grouped_by_area(entries),
        "count": len(entries),
        "today": timezone.localdate(),
        "query": request.GET.urlencode(),
    }


@login_not_required
def directory(request: HttpRequest) -> HttpResponse:
    authority_or_404()
    return render(request, "offer/directory.html", _search(request))


@login_not_required
def directory_print(request: HttpRequest) -> HttpResponse:
    authority_or_404()
    return render(request, "offer/print.html", _search(request))


@login_not_required
def entry_public(request: HttpRequest, uuid: UUID) -> HttpResponse:
    entry = get_object_or_404(with_details(published_entries()), uuid=uuid)
    return render(request, "offer/entry.html", {"entry": entry, "today": timezone.localdate()})


# Officers ---------------------------------------------------------------------------------------


@view_required
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    show_archived = request.GET.get("archived") == "show"
    entries = with_details(
        LocalOfferEntry.objects.all() if show_archived else LocalOfferEntry.objects.live()
    )
    today = timezone.localdate()
    return render(
        request,
        "offer/manage.html",
        {
            "entries": entries,
            "due": entries_due_for_review(today),
            "today": today,
            "show_archived": show_archived,
        },
    )


@view_required
def entry_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        with_details(LocalOfferEntry.objects.select_related("last_checked_by")), pk=pk
    )
    return render(
        request,
        "offer/entry_detail.html",
        {"entry": entry, "today": timezone.localdate(), "history": history_for(entry)},
    )


@edit_required
def entry_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    authority = authority_or_404()
    initial = {"review_by": timezone.localdate() + REVIEW_AFTER, "you_pay": 0}
    form = EntryForm(posted(request), initial=initial, authority=authority)
    if request.method == "POST" and form.is_valid():
        entry = run_service(
            form,
            services.entry_create,
            actor=request.user,
            authority=authority,
            details=form.details(),
        )
        if entry:
            messages.success(request, f"{entry} added to the Local Offer")
            return redirect("offer:entry-detail", pk=entry.pk)
    return render(request, "offer/entry_form.html", {"form": form, "entry": None})


@edit_required
def entry_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(LocalOfferEntry.objects.select_related("authority"), pk=pk)
    form = EntryForm(
        posted(request),
        initial=EntryForm.initial_for(entry),
        authority=entry.authority,
        entry=entry,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.entry_update,
            actor=request.user,
            entry=entry,
            details=form.details(),
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )
    ):
        messages.success(request, f"{entry} updated")
        return redirect("offer:entry-detail", pk=entry.pk)
    return render(request, "offer/entry_form.html", {"form": form, "entry": entry})


@edit_required
def entry_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(LocalOfferEntry, pk=pk)
    today = timezone.localdate()
    form = CheckForm(posted(request), initial={"review_by": today + REVIEW_AFTER})
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.entry_check,
            actor=request.user,
            entry=entry,
            today=today,
            **form.cleaned_data,
        )
    ):
        messages.success(request, f"{entry} marked as checked today")
        return redirect("offer:entry-detail", pk=entry.pk)
    return render(request, "offer/entry_check.html", {"form": form, "entry": entry})


@edit_required
def entry_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(LocalOfferEntry, pk=pk)
    return archive_or_restore(
        request,
        record=entry,
        archive=services.entry_archive,
        restore=services.entry_restore,
        back_url=reverse("offer:entry-detail", kwargs={"pk": pk}),
        consequence="It leaves the public Local Offer and its API; officers can still read it.",
        record_kwarg="entry",
    )


@view_required
def locations(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "offer/locations.html", {"locations": Location.objects.all()})


@edit_required
def location_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = LocationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        location = run_service(
            form,
            services.location_create,
            actor=request.user,
            authority=authority_or_404(),
            **form.cleaned_data,
        )
        if location:
            messages.success(request, f"{location} added. You can now link entries to it.")
            return redirect("offer:locations")
    return render(request, "offer/location_form.html", {"form": form, "location": None})


@edit_required
def location_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    location = get_object_or_404(Location, pk=pk)
    initial = {name: getattr(location, name) for name in services.LOCATION_FIELDS}
    form = LocationForm(posted(request), initial=initial, location=location)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.location_update,
            actor=request.user,
            location=location,
            **form.cleaned_data,
        )
    ):
        messages.success(request, f"{location} updated")
        return redirect("offer:locations")
    return render(request, "offer/location_form.html", {"form": form, "location": location})
