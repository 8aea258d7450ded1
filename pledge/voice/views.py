"""Young people's voice: the public "Have your say" form, "You said, we did" page and pledge
check; and the participation worker's pages, where messages are read and answered, flagged ones
reviewed, groups, the screen's own phrases and the pledge check's rounds kept."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from boardfiles.comments import read_survey
from pledge.core.audit import history_for
from pledge.core.forms import run_service
from pledge.core.models import Person
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.sign_in import client_address
from pledge.core.views import authority_or_404, posted, query_int
from pledge.voice import services
from pledge.voice.forms import (
    GroupForm,
    HaveYourSayForm,
    MoveForm,
    PhraseForm,
    PledgeCheckForm,
    ReviewForm,
    RoundForm,
    SurveyColumnForm,
    SurveyFileForm,
    YouSaidForm,
)
from pledge.voice.models import (
    CheckRound,
    Message,
    ScreenPhrase,
    SurveyUpload,
    VoiceGroup,
    YouSaid,
    YouSaidState,
)
from pledge.voice.selectors import (
    RATINGS,
    TOO_FEW,
    check_results,
    check_trend,
    inbox,
    open_round,
    progress_of,
    results_withheld,
    safeguarding_queue,
    safeguarding_reviewed,
    screened,
    you_said_public,
    you_said_readable_by,
)

# How many messages, and pledge checks, one address may send in an hour: plenty for a young
# person (or a Children in Care Council's session on one wifi), few for a robot. A message the
# screen flags is always taken, however many came before it.
MOST_SENT_AN_HOUR = {"message": 10, "check": 40}
REFUSED = "We could not send this. Wait an hour and try again"


# The public pages ------------------------------------------------------------------------------


def _refused(request: HttpRequest, kind: str, form: Any, text: str) -> bool:
    """Whether to turn this away: a robot (it filled in the field people cannot see), or one
    too many from its address this hour, unless what it says is flagged."""
    if form.cleaned_data["website"]:
        return True
    key = f"voice-sent:{kind}:{client_address(request)}"
    cache.add(key, 0, timeout=60 * 60)
    if cache.incr(key) <= MOST_SENT_AN_HOUR[kind]:
        return False
    return not (text and screened(text, authority=authority_or_404()).flagged)


@login_not_required
def have_your_say(request: HttpRequest) -> HttpResponse:
    authority = authority_or_404()
    form = HaveYourSayForm(posted(request))
    if request.method == "POST" and form.is_valid():
        typed = " ".join(form.cleaned_data[name] for name in ("text", "name", "contact"))
        if _refused(request, "message", form, typed):
            form.add_error(None, REFUSED)
        elif run_service(
            form,
            services.message_receive,
            authority=authority,
            text=form.cleaned_data["text"],
            name=form.cleaned_data["name"],
            contact=form.cleaned_data["contact"],
        ):
            return redirect("voice_public:sent")
    return render(request, "voice/have_your_say.html", {"form": form})


@login_not_required
def have_your_say_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "voice/sent.html", {"heading": "Thank you for telling us"})


@login_not_required
def you_said_we_did(request: HttpRequest) -> HttpResponse:
    authority = authority_or_404()
    return render(request, "voice/you_said_we_did.html", {"themes": you_said_public(authority)})


@login_not_required
def pledge_check(request: HttpRequest) -> HttpResponse:
    authority = authority_or_404()
    check_round = open_round(authority, on=timezone.localdate())
    # Young people rate the promises as they read them: in plain words someone approved.
    promises = list(authority.promises.live().exclude(plain_approved="").order_by("position", "pk"))
    form = PledgeCheckForm(posted(request), promises=promises)
    if check_round and request.method == "POST" and form.is_valid():
        if _refused(request, "check", form, form.cleaned_data["comment"]):
            form.add_error(None, REFUSED)
        elif run_service(
            form,
            services.check_response_receive,
            check_round=check_round,
            ratings=form.ratings(),
            comment=form.cleaned_data["comment"],
        ):
            return redirect("voice_public:checked")
    return render(
        request,
        "voice/pledge_check.html",
        {"form": form, "check_round": check_round},
    )


@login_not_required
def pledge_check_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "voice/sent.html", {"heading": "Thank you for your answers"})


# The participation worker's pages -------------------------------------------------------------


@permission_required("voice.view_said")
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    authority = authority_or_404()
    can_read = request.user.has_perm("voice.answer")
    items = you_said_readable_by(request.user).filter(authority=authority).select_related("group")
    by_state = {
        state: [i for i in items if i.state == state]
        for state in (YouSaidState if can_read else [YouSaidState.PUBLISHED])
    }
    can_review = request.user.has_perm("voice.review_flagged")
    return render(
        request,
        "voice/home.html",
        {
            "by_state": by_state,
            "inbox": list(inbox(authority)) if can_read else [],
            "waiting": safeguarding_queue(authority).count() if can_review else 0,
            "can_review": can_review,
            "authority": authority,
        },
    )


@permission_required("voice.answer")
def message(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A message as its young person wrote it, and what to do with it."""
    found = get_object_or_404(Message, pk=pk, authority=authority_or_404())
    if found.withheld:
        return redirect("voice:review", pk=found.pk)
    if request.method == "POST":
        handled = request.POST.get("handled") == "yes"
        services.message_handled(actor=request.user, message=found, handled=handled)
        messages.success(request, "Taken out of the inbox" if handled else "Back in the inbox")
        return redirect("voice:home")
    return render(request, "voice/message.html", {"message": found, "history": history_for(found)})


@permission_required("voice.answer")
def you_said_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    authority = authority_or_404()
    from_message = None
    if "message" in request.GET:
        from_message = get_object_or_404(
            Message, pk=query_int(request, "message") or 0, authority=authority
        )
        if from_message.withheld:
            return redirect("voice:review", pk=from_message.pk)
    initial = (
        {
            "said": from_message.text,
            "heard_on": timezone.localdate(from_message.received_at),
            "channel": from_message.channel,
        }
        if from_message
        else {"heard_on": timezone.localdate()}
    )
    form = YouSaidForm(posted(request), authority=authority, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = run_service(
            form,
            services.you_said_create,
            actor=request.user,
            authority=authority,
            message=from_message,
            **form.cleaned_data,
        )
        if item:
            messages.success(request, "Saved as a draft")
            return redirect("voice:you_said", pk=item.pk)
    return render(
        request,
        "voice/you_said_form.html",
        {"form": form, "heading": "Record what young people said", "message": from_message},
    )


@permission_required("voice.view_said")
def you_said(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    authority = authority_or_404()
    item = get_object_or_404(you_said_readable_by(request.user), pk=pk, authority=authority)
    can_answer = request.user.has_perm("voice.answer")
    initial = {
        name: getattr(item, name)
        for name in ("said", "heard_on", "channel", "group", "answer", "we_did", "why_not")
    } | {name: list(getattr(item, name).all()) for name in services.RELATIONS}
    form = YouSaidForm(
        posted(request) if can_answer else None, authority=authority, item=item, initial=initial
    )
    if (
        can_answer
        and request.method == "POST"
        and form.is_valid()
        and run_service(
            form, services.you_said_update, actor=request.user, item=item, **form.cleaned_data
        )
    ):
        messages.success(request, "Saved")
        return redirect("voice:you_said", pk=item.pk)
    return render(
        request,
        "voice/you_said.html",
        {
            "item": item,
            "form": form,
            "can_answer": can_answer,
            "progress": progress_of([item])[item.pk],
            "move": MoveForm(item=item),
            "moves": _moves(item, request.user),
            "history": history_for(item),
        },
    )


@require_POST
@permission_required("voice.answer")
def you_said_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(YouSaid, pk=pk, authority=authority_or_404())
    form = MoveForm(request.POST, item=item)
    if form.is_valid() and run_service(
        form,
        services.you_said_move,
        actor=request.user,
        item=item,
        to=form.cleaned_data["to"],
        version=form.cleaned_data["version"],
        reason=form.cleaned_data["reason"],
    ):
        messages.success(request, MOVED[form.cleaned_data["to"]])
        return redirect("voice:you_said", pk=item.pk)
    for errors in form.errors.values():
        messages.error(request, " ".join(str(error) for error in errors))
    return redirect("voice:you_said", pk=item.pk)


def _moves(item: YouSaid, person: Person) -> list[tuple[str, str, bool]]:
    """The buttons that move an item on, for this person: (to, words, secondary)."""
    if item.state == YouSaidState.DRAFT:
        return [(YouSaidState.IN_REVIEW, "Send for review", False)]
    if item.state == YouSaidState.IN_REVIEW:
        publish = (
            [] if item.sent_by_id == person.pk else [(YouSaidState.PUBLISHED, "Publish", False)]
        )
        return [*publish, (YouSaidState.DRAFT, "Send back to draft", True)]
    return [(YouSaidState.DRAFT, "Take off the public page", True)]


MOVED = {
    YouSaidState.IN_REVIEW: "Sent for review: someone else reads it and publishes it",
    YouSaidState.PUBLISHED: "Published on the “You said, we did” page",
    YouSaidState.DRAFT: "Back to draft: it is not on the public page",
}


@permission_required("voice.review_flagged")
def safeguarding(request: AuthenticatedHttpRequest) -> HttpResponse:
    authority = authority_or_404()
    return render(
        request,
        "voice/safeguarding.html",
        {
            "waiting": safeguarding_queue(authority),
            "reviewed": safeguarding_reviewed(authority)[:50],
            "authority": authority,
        },
    )


@permission_required("voice.review_flagged")
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Message, pk=pk, authority=authority_or_404(), flagged=True)
    form = ReviewForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form, services.message_review, actor=request.user, message=found, **form.cleaned_data
        )
    ):
        messages.success(request, "Review recorded")
        return redirect("voice:safeguarding")
    return render(
        request,
        "voice/review.html",
        {"message": found, "form": form, "history": history_for(found)},
    )


@permission_required("voice.answer")
def groups(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    authority = authority_or_404()
    group = get_object_or_404(VoiceGroup, pk=pk, authority=authority) if pk else None
    initial = {"name": group.name, "worker": group.worker} if group else {}
    form = GroupForm(posted(request), initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.group_save,
            actor=request.user,
            authority=authority,
            group=group,
            **form.cleaned_data,
        )
    ):
        messages.success(request, "Group saved")
        return redirect("voice:groups")
    return render(
        request,
        "voice/groups.html",
        {
            "form": form,
            "group": group,
            "groups": VoiceGroup.objects.live()
            .filter(authority=authority)
            .select_related("worker"),
        },
    )


@permission_required("voice.answer")
def phrases(request: AuthenticatedHttpRequest) -> HttpResponse:
    authority = authority_or_404()
    form = PhraseForm(posted(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.screen_phrase_add,
            actor=request.user,
            authority=authority,
            phrase=form.cleaned_data["phrase"],
        )
    ):
        messages.success(request, "Added: every message from now on is screened for it")
        return redirect("voice:phrases")
    return render(
        request,
        "voice/phrases.html",
        {
            "form": form,
            "phrases": ScreenPhrase.objects.live()
            .filter(authority=authority)
            .select_related("added_by"),
        },
    )


@require_POST
@permission_required("voice.answer")
def phrase_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    phrase = get_object_or_404(ScreenPhrase, pk=pk, authority=authority_or_404())
    services.screen_phrase_remove(actor=request.user, phrase=phrase)
    messages.success(request, f"Taken off the list: {phrase.phrase}")
    return redirect("voice:phrases")


@permission_required("voice.view_said")
def rounds(request: AuthenticatedHttpRequest) -> HttpResponse:
    authority = authority_or_404()
    can_answer = request.user.has_perm("voice.answer")
    form = RoundForm(posted(request) if can_answer else None)
    if can_answer and request.method == "POST" and form.is_valid():
        check_round = run_service(
            form,
            services.check_round_save,
            actor=request.user,
            authority=authority,
            **form.cleaned_data,
        )
        if check_round:
            messages.success(request, f"{check_round.title} saved")
            return redirect("voice:round", pk=check_round.pk)
    return render(
        request,
        "voice/rounds.html",
        {
            "form": form,
            "can_answer": can_answer,
            "rounds": CheckRound.objects.filter(authority=authority),
            "trend": check_trend(authority, on=timezone.localdate()),
            "today": timezone.localdate(),
            "too_few": TOO_FEW,
        },
    )


@permission_required("voice.view_said")
def check_round(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    authority = authority_or_404()
    found = get_object_or_404(CheckRound, pk=pk, authority=authority)
    can_answer = request.user.has_perm("voice.answer")
    initial = {"title": found.title, "opens_on": found.opens_on, "closes_on": found.closes_on}
    form = RoundForm(posted(request) if can_answer else None, initial=initial)
    if (
        can_answer
        and request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.check_round_save,
            actor=request.user,
            authority=authority,
            check_round=found,
            **form.cleaned_data,
        )
    ):
        messages.success(request, "Round saved")
        return redirect("voice:round", pk=found.pk)
    not_yet = results_withheld(found, on=timezone.localdate())
    return render(
        request,
        "voice/round.html",
        {
            "check_round": found,
            "form": form,
            "can_answer": can_answer,
            "results": [] if not_yet else check_results(found),
            "not_yet": not_yet,
            "ratings": RATINGS,
            "responses": found.responses.count(),
            "too_few": TOO_FEW,
            "history": history_for(found),
        },
    )


@permission_required("voice.answer")
def surveys(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Bring in what young people wrote in a survey: upload, then the preview."""
    authority = authority_or_404()
    form = SurveyFileForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        upload = run_service(
            form,
            services.survey_upload,
            actor=request.user,
            authority=authority,
            filename=file.name,
            data=file.read(),
        )
        if upload:
            return redirect("voice:survey", pk=upload.pk)
    return render(request, "voice/surveys.html", {"form": form})


@permission_required("voice.answer")
def survey(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A survey's preview: its columns of written answers, a few of the chosen one, how many the
    screen would flag; and the button that brings them in."""
    upload = get_object_or_404(SurveyUpload, pk=pk, authority=authority_or_404())
    kept = read_survey(upload.filename, bytes(upload.data))
    # The column to show comes in the query string; the one to bring in, posted.
    data = posted(request) if request.method == "POST" else (request.GET or None)
    form = SurveyColumnForm(data, survey=kept)
    column = form.cleaned_data["column"] if form.is_bound and form.is_valid() else None
    if column is None:
        column = kept.columns[0].index
    if request.method == "POST" and form.is_valid():
        brought = run_service(
            form, services.survey_import, actor=request.user, upload=upload, column=column
        )
        if brought is not None:
            flagged = sum(message.flagged for message in brought)
            messages.success(
                request,
                f"{len(brought)} answers brought in; {flagged} flagged for a safeguarding "
                "review and sent to the safeguarding contact",
            )
            return redirect("voice:home")
    answers = kept.answers(column)
    authority = upload.authority
    return render(
        request,
        "voice/survey.html",
        {
            "upload": upload,
            "form": form,
            "answers": answers,
            "flagged": sum(screened(a.text, authority=authority).flagged for a in answers),
            "shown": SURVEY_ANSWERS_SHOWN,
        },
    )


# How many of a survey's answers its preview shows.
SURVEY_ANSWERS_SHOWN = 10
