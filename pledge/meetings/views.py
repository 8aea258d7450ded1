"""The board's meetings: the list, a meeting with its agenda, people and outcomes, and the forms
that arrange it. Writing happens in services."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pledge.core.audit import history_for
from pledge.core.errors import UserError
from pledge.core.forms import run_service
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.views import archive_or_restore, authority_or_404, posted
from pledge.meetings import services
from pledge.meetings.forms import (
    AgendaItemForm,
    AttendeeForm,
    CancelForm,
    MeetingForm,
    MinutesForm,
    OutcomeForm,
    PaperForm,
)
from pledge.meetings.models import AgendaItem, Attendee, Meeting, Paper
from pledge.meetings.selectors import agenda, changes_since_last, meetings, published


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting, pk=pk, authority=authority_or_404())


def _item(pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting"), pk=pk, meeting__authority=authority_or_404()
    )


@permission_required("meetings.view")
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    every = list(meetings(authority_or_404()))
    return render(
        request,
        "meetings/list.html",
        {
            "upcoming": sorted((m for m in every if m.held_on >= today), key=lambda m: m.held_on),
            "past": [m for m in every if m.held_on < today],
        },
    )


@permission_required("meetings.view")
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    previous, changes = changes_since_last(meeting)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "sessions": agenda(meeting),
            "attendees": meeting.attendees.select_related("agency"),
            "previous": previous,
            "changes": changes,
            "history": history_for(meeting),
            "upcoming": meeting.held_on > timezone.localdate(),
        },
    )


@permission_required("meetings.manage")
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MeetingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        meeting = run_service(
            form,
            services.meeting_create,
            actor=request.user,
            authority=authority_or_404(),
            **form.cleaned_data,
        )
        if meeting:
            messages.success(request, f"{meeting} arranged")
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "heading": "Arrange a meeting", "back_url": reverse("meetings:list")},
    )


@permission_required("meetings.manage")
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    form = MeetingForm(posted(request), initial=initial, meeting=meeting)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form, services.meeting_update, actor=request.user, meeting=meeting, **form.cleaned_data
        )
    ):
        messages.success(request, "Meeting updated")
        return redirect("meetings:meeting", pk=meeting.pk)
    back = reverse("meetings:meeting", kwargs={"pk": pk})
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "heading": "Change the meeting", "back_url": back},
    )


@permission_required("meetings.manage")
def meeting_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Cancel a meeting, with its reason; a cancelled meeting can be put back on."""
    meeting = _meeting(pk)
    form = CancelForm(posted(request))
    if meeting.is_cancelled and request.method == "POST":
        if run_service(form, services.meeting_reinstate, actor=request.user, meeting=meeting):
            messages.success(request, f"{meeting} is on again")
            return redirect("meetings:meeting", pk=pk)
    elif request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if run_service(
            form, services.meeting_cancel, actor=request.user, meeting=meeting, reason=reason
        ):
            messages.success(request, f"{meeting} cancelled")
            return redirect("meetings:meeting", pk=pk)
    return render(request, "meetings/cancel.html", {"form": form, "meeting": meeting})


@permission_required("meetings.manage")
def meeting_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    return archive_or_restore(
        request,
        record=meeting,
        archive=services.meeting_archive,
        restore=services.meeting_restore,
        back_url=reverse("meetings:meeting", kwargs={"pk": pk}),
        consequence="It leaves the list of meetings; its agenda, outcomes and minutes are kept, "
        "and the actions it agreed stay in the plan.",
        record_kwarg="meeting",
    )


@permission_required("meetings.manage")
def attendee_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = AttendeeForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form, services.attendee_add, actor=request.user, meeting=meeting, **form.cleaned_data
        )
    ):
        messages.success(request, f"{form.cleaned_data['name']} added")
        if "another" in request.POST:
            return redirect("meetings:attendee-add", pk=pk)
        return redirect(reverse("meetings:meeting", kwargs={"pk": pk}) + "#people")
    return render(request, "meetings/attendee_form.html", {"form": form, "meeting": meeting})


@require_POST
@permission_required("meetings.manage")
def attendee_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attendee = get_object_or_404(
        Attendee.objects.select_related("meeting"), pk=pk, meeting__authority=authority_or_404()
    )
    _tell(request, services.attendee_remove, f"{attendee} taken off the list", attendee=attendee)
    return redirect(reverse("meetings:meeting", kwargs={"pk": attendee.meeting_id}) + "#people")


@permission_required("meetings.manage")
def item_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    form = AgendaItemForm(posted(request))
    if request.method == "POST" and form.is_valid():
        item = run_service(
            form,
            services.agenda_item_add,
            actor=request.user,
            meeting=meeting,
            **form.cleaned_data,
        )
        if item:
            messages.success(request, f"{item} added to the agenda")
            return redirect(reverse("meetings:meeting", kwargs={"pk": pk}) + "#agenda")
    return render(
        request,
        "meetings/item_form.html",
        {"form": form, "meeting": meeting, "heading": "Add an agenda item"},
    )


@permission_required("meetings.manage")
def item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    initial = {
        "session": item.session,
        "title": item.title,
        "presenter": item.presenter,
        "notes": item.notes,
        "priorities": list(item.priorities.all()),
        "actions": list(item.actions.all()),
        "kpis": list(item.kpis.all()),
        "you_said": list(item.you_said.all()),
    }
    form = AgendaItemForm(posted(request), initial=initial, item=item)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form, services.agenda_item_update, actor=request.user, item=item, **form.cleaned_data
        )
    ):
        messages.success(request, f"{item} updated")
        return redirect(reverse("meetings:meeting", kwargs={"pk": item.meeting_id}) + "#agenda")
    return render(
        request,
        "meetings/item_form.html",
        {"form": form, "meeting": item.meeting, "heading": "Change the agenda item"},
    )


@permission_required("meetings.manage")
def item_outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What the board did with an item; a new action goes into the plan chosen."""
    item = _item(pk)
    initial = {
        "outcome": item.outcome,
        "outcome_text": item.outcome_text,
        "referred_to": item.referred_to,
    }
    form = OutcomeForm(posted(request), initial=initial, item=item)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form, services.agenda_item_outcome, actor=request.user, item=item, **form.cleaned_data
        )
    ):
        messages.success(request, f"Outcome recorded for {item}")
        return redirect(reverse("meetings:meeting", kwargs={"pk": item.meeting_id}) + "#agenda")
    return render(request, "meetings/outcome_form.html", {"form": form, "item": item})


@require_POST
@permission_required("meetings.manage")
def item_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    up = request.POST.get("direction") == "up"
    _tell(request, services.agenda_item_move, f"{item} moved", item=item, up=up)
    return redirect(reverse("meetings:meeting", kwargs={"pk": item.meeting_id}) + "#agenda")


@require_POST
@permission_required("meetings.manage")
def item_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    _tell(request, services.agenda_item_remove, f"{item} taken off the agenda", item=item)
    return redirect(reverse("meetings:meeting", kwargs={"pk": item.meeting_id}) + "#agenda")


@permission_required("meetings.manage")
def paper_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    form = PaperForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        paper = run_service(
            form,
            services.paper_add,
            actor=request.user,
            item=item,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
        )
        if paper:
            messages.success(request, f"{paper} attached to {item}")
            return redirect(reverse("meetings:meeting", kwargs={"pk": item.meeting_id}) + "#agenda")
    return render(request, "meetings/paper_form.html", {"form": form, "item": item})


@permission_required("meetings.view")
def paper_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Papers are served only to people signed in, never from a public media address."""
    paper = get_object_or_404(Paper, pk=pk, item__meeting__authority=authority_or_404())
    suffix = Path(paper.file.name or "").suffix
    return FileResponse(
        paper.file.open("rb"), as_attachment=True, filename=f"{paper.title}{suffix}"
    )


@require_POST
@permission_required("meetings.manage")
def paper_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    paper = get_object_or_404(
        Paper.objects.select_related("item"), pk=pk, item__meeting__authority=authority_or_404()
    )
    meeting_id = paper.item.meeting_id
    _tell(request, services.paper_remove, f"{paper} taken off", paper=paper)
    return redirect(reverse("meetings:meeting", kwargs={"pk": meeting_id}) + "#agenda")


@permission_required("meetings.manage")
def minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Write the minutes, save them as a draft, and publish them (or take them back)."""
    meeting = _meeting(pk)
    form = MinutesForm(posted(request), initial={"minutes": meeting.minutes}, meeting=meeting)
    step = request.POST.get("step", "save")
    if request.method == "POST" and form.is_valid():
        # Publishing publishes what is in the box: what was typed is saved first.
        saved = run_service(
            form, services.minutes_save, actor=request.user, meeting=meeting, **form.cleaned_data
        )
        if saved and step in {"publish", "withdraw"}:
            published = step == "publish"
            if run_service(
                form,
                services.minutes_publish,
                actor=request.user,
                meeting=meeting,
                published=published,
            ):
                messages.success(request, "Minutes published" if published else "Minutes withdrawn")
                return redirect("meetings:meeting", pk=pk)
        elif saved:
            messages.success(request, "Minutes saved")
            return redirect("meetings:minutes", pk=pk)
    return render(request, "meetings/minutes_form.html", {"form": form, "meeting": meeting})


def _tell(request: AuthenticatedHttpRequest, service: object, done: str, **kwargs: object) -> None:
    """Run a one-button service and say how it went."""
    try:
        service(actor=request.user, **kwargs)  # type: ignore[operator]
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


@login_not_required
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: one meeting's published minutes and the outcomes of its agenda."""
    meeting = get_object_or_404(published(authority_or_404()), pk=pk)
    decided = [item for _, items in agenda(meeting) for item in items if item.outcome]
    return render(request, "meetings/paper.html", {"meeting": meeting, "decided": decided})
