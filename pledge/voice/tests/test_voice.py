"""Young people's voice end to end through its pages: a message sent with no account, a flagged
one reaching the safeguarding contact and no public or aggregate view until reviewed, "You said,
we did" answered, reviewed and published with its actions' live progress, and bad input kept
safely and shown escaped."""

from __future__ import annotations

import datetime
import itertools
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boardfiles.comments import read_survey
from boardfiles.problems import FileError
from pledge.actions.models import Action, ActionPlan, ProgressUpdate
from pledge.core.errors import UserError
from pledge.core.models import AuditEvent, Authority, Person, Role
from pledge.meetings.models import Meeting
from pledge.reports.models import PackPeriod, Period
from pledge.reports.pack import pack_contents
from pledge.strategy.models import PledgePromise
from pledge.strategy.tests.factories import PledgePromiseFactory, StrategyFactory
from pledge.voice import services
from pledge.voice.models import (
    Channel,
    CheckRound,
    Message,
    Rating,
    Review,
    SurveyUpload,
    VoiceGroup,
    YouSaid,
    YouSaidState,
)
from pledge.voice.selectors import RATINGS, _result, check_results, inbox, safeguarding_queue
from pledge.voice.tasks import safeguarding_alerts_send

pytestmark = pytest.mark.django_db

HARMFUL = "she told me to keep it our secret"
TODAY = datetime.date(2026, 12, 7)
HARMLESS = "can we have more trips to the cinema"


@pytest.fixture
def contact(make_person: Callable[..., Person], authority: Authority) -> Person:
    person = make_person(Role.BOARD_OFFICER, email="safeguarding@example.org")
    authority.safeguarding_contact = person
    authority.save()
    return person


@pytest.fixture
def worker(make_person: Callable[..., Person]) -> Person:
    return make_person(Role.PARTICIPATION_WORKER, email="worker@example.org")


def _send(text: str, **fields: str) -> Any:
    return Client().post(reverse("voice_public:have_your_say"), {"text": text, **fields})


# The "Have your say" form ----------------------------------------------------------------------


def test_a_young_person_with_no_account_says_something(authority: Authority) -> None:
    response = _send(HARMLESS, name="Jo", contact="07700 900123")
    assert response.status_code == 302
    assert response["Location"] == reverse("voice_public:sent")
    message = Message.objects.get()
    assert (message.text, message.name, message.contact) == (HARMLESS, "Jo", "07700 900123")
    assert (message.flagged, message.review, message.channel) == (False, Review.NOT_NEEDED, "form")
    assert list(inbox(authority)) == [message]
    page = Client().get(response["Location"]).content.decode()
    assert "What happens next" in page
    assert "Call 999" in page


def test_the_form_says_who_to_call_in_danger(authority: Authority) -> None:
    authority.safeguarding_phone = "0121 569 3100"
    authority.save()
    page = Client().get(reverse("voice_public:have_your_say")).content.decode()
    assert "Call 999." in page
    assert 'href="tel:08001111"' in page
    assert 'href="tel:01215693100">0121 569 3100</a>' in page


def test_a_flagged_message_reaches_the_contact_at_once(
    authority: Authority,
    contact: Person,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _send(HARMFUL, contact="jo@example.org")
    message = Message.objects.get()
    assert (message.flagged, message.review) == (True, Review.WAITING)
    [email] = mail.outbox
    assert email.to == ["safeguarding@example.org"]
    assert HARMFUL not in email.subject
    assert HARMFUL in email.body
    assert "jo@example.org" in email.body
    assert "Being told to keep a secret" in email.body
    assert reverse("voice:review", args=[message.pk]) in email.body
    message.refresh_from_db()
    assert message.alerted_at is not None
    assert list(safeguarding_queue(authority)) == [message]
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"message.flagged", "message.alerted"} <= verbs


def test_with_no_contact_named_the_alert_goes_to_officers_and_workers(
    authority: Authority,
    worker: Person,
    officer: Person,
    make_person: Callable[..., Person],
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_person(Role.AGENCY_LEAD)
    with django_capture_on_commit_callbacks(execute=True):
        _send(HARMFUL)
    [email] = mail.outbox
    assert sorted(email.to) == sorted([worker.email, officer.email])
    assert "has not named a safeguarding contact" in email.body


def test_an_alert_that_failed_is_sent_again(
    authority: Authority, contact: Person, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "pledge.voice.tests.test_voice.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        _send(HARMFUL)
    message = Message.objects.get()
    assert (message.alerted_at, message.alert_attempts) == (None, 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert safeguarding_alerts_send(now=timezone.now()) == {"queued": 0}  # not yet: patience
    later = timezone.now() + datetime.timedelta(minutes=10)
    assert safeguarding_alerts_send(now=later) == {"queued": 1}
    message.refresh_from_db()
    assert message.alerted_at is not None
    assert len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError


def test_a_flagged_message_is_in_no_view_until_reviewed(
    authority: Authority, contact: Person, worker: Person, client_for: Callable[..., Client]
) -> None:
    _send(HARMFUL)
    message = Message.objects.get()
    assert list(inbox(authority)) == []
    with pytest.raises(UserError, match="safeguarding review"):
        services.you_said_create(
            actor=worker,
            authority=authority,
            said=message.text,
            heard_on=datetime.date(2026, 12, 1),
            channel=Channel.FORM,
            message=message,
        )
    # The message's page sends the worker to the review, where the contact decides.
    client = client_for(worker)
    assert client.get(reverse("voice:message", args=[message.pk]))["Location"] == reverse(
        "voice:review", args=[message.pk]
    )
    response = client_for(contact).post(
        reverse("voice:review", args=[message.pk]),
        {"outcome": "no_concern", "note": "Spoke to Jo: a game with friends."},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.review, message.reviewed_by) == (Review.NO_CONCERN, contact)
    assert list(inbox(authority)) == [message]
    assert AuditEvent.objects.filter(verb="message.reviewed", actor=contact).exists()


def test_a_review_from_an_out_of_date_page_is_refused(
    authority: Authority, contact: Person, worker: Person
) -> None:
    message = services.message_receive(authority=authority, text=HARMFUL)
    services.message_review(actor=contact, message=message, outcome="concern", note="Passed on")
    with pytest.raises(UserError, match="reviewed this message while you had it open"):
        services.message_review(actor=worker, message=message, outcome="no_concern", note="Fine")
    message.refresh_from_db()
    assert message.review == Review.CONCERN


def test_the_boards_own_phrases_are_screened_for(
    authority: Authority, worker: Person, client_for: Callable[..., Client]
) -> None:
    assert not services.message_receive(authority=authority, text="off to the gaff").flagged
    client_for(worker).post(reverse("voice:phrases"), {"phrase": "  The   GAFF "})
    assert services.message_receive(authority=authority, text="off to the gaff").flagged
    phrase = authority.screen_phrases.get()
    assert phrase.phrase == "the gaff"
    client_for(worker).post(reverse("voice:phrase_remove", args=[phrase.pk]))
    assert not services.message_receive(authority=authority, text="off to the gaff").flagged


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("😀🙁 more wifi pls 🙏", "😀🙁 more wifi pls 🙏"),
        ("أريد المزيد من الرحلات", "أريد المزيد من الرحلات"),
        ("我想要更多的旅行", "我想要更多的旅行"),
        ("<script>alert('x')</script>", "<script>alert('x')</script>"),
        ('<b>bold</b> & "quoted"', '<b>bold</b> & "quoted"'),
        ("null\x00in the\x07 middle", "nullin the middle"),
        ("  line one\r\nline two  ", "line one\r\nline two"),
    ],
)
def test_bad_input_is_stored_safely_and_shown_escaped(
    authority: Authority,
    worker: Person,
    client_for: Callable[..., Client],
    text: str,
    stored: str,
) -> None:
    assert _send(text).status_code == 302
    message = Message.objects.get()
    assert message.text == stored
    # A message the screen cannot read is flagged: the worker is taken to its review.
    url = reverse("voice:message", args=[message.pk])
    page = client_for(worker).get(url, follow=True).content.decode()
    assert "<script>alert" not in page
    assert "<b>bold</b>" not in page
    if "<" not in stored and "&" not in stored:
        assert stored.split("\r\n", maxsplit=1)[0] in page


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Write what you want to tell us"),
        ("   \x00  ", "Write what you want to tell us"),
        ("x" * 3001, "Write less than 3,000 letters, or send it in two parts"),
    ],
)
def test_a_message_that_cannot_be_kept_is_explained(
    authority: Authority, text: str, error: str
) -> None:
    response = _send(text)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Message.objects.exists()


def test_robots_and_floods_are_turned_away(authority: Authority) -> None:
    assert _send(HARMLESS, website="http://spam.example").status_code == 200
    assert not Message.objects.exists()
    for _ in range(10):
        assert _send(HARMLESS).status_code == 302
    response = _send(HARMLESS)
    assert response.status_code == 200
    assert "Wait an hour" in response.content.decode()
    assert Message.objects.count() == 10


# "You said, we did" ----------------------------------------------------------------------------


@pytest.fixture
def action(authority: Authority, officer: Person) -> Action:
    strategy = StrategyFactory.create(authority=authority)
    plan = ActionPlan.objects.create(
        strategy=strategy, title="Plan", starts_on=strategy.starts_on, ends_on=strategy.ends_on
    )
    action = Action.objects.create(
        plan=plan,
        reference="2.1",
        text="Run a programme of trips",
        due_kind="ongoing",
        status="in_progress",
        plain_approved="We are planning more trips",
    )
    ProgressUpdate.objects.create(
        action=action,
        author=officer,
        posted_at=timezone.now(),
        as_at=datetime.date(2026, 11, 30),
        status="in_progress",
        commentary="Three trips booked",
    )
    return action


def test_a_worker_answers_and_publishes_and_the_public_page_shows_it(
    authority: Authority,
    worker: Person,
    officer: Person,
    action: Action,
    client_for: Callable[..., Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    promise = PledgePromiseFactory.create(authority=authority, plain_approved="We will have fun")
    group = VoiceGroup.objects.create(authority=authority, name="Care Leavers Forum", worker=worker)
    _send(HARMLESS)
    message = Message.objects.get()
    client = client_for(worker)
    response = client.post(
        reverse("voice:you_said_new") + f"?message={message.pk}",
        {
            "said": HARMLESS,
            "heard_on": "1/12/2026",
            "channel": "form",
            "group": group.pk,
            "promises": [promise.pk],
        },
    )
    item = YouSaid.objects.get()
    assert response["Location"] == reverse("voice:you_said", args=[item.pk])
    assert item.message == message
    assert list(inbox(authority)) == []  # dealt with

    # Not for review without an answer; then answered, with a reason where one is needed.
    move = reverse("voice:you_said_move", args=[item.pk])
    client.post(move, {"to": "in_review", "version": item.version})
    item.refresh_from_db()
    assert item.state == YouSaidState.DRAFT
    answered = {
        "said": HARMLESS,
        "heard_on": "1/12/2026",
        "channel": "form",
        "group": group.pk,
        "promises": [promise.pk],
        "answer": "partly",
        "we_did": "We are booking a trip every month.",
        "actions": [action.pk],
    }
    page = client.post(
        reverse("voice:you_said", args=[item.pk]), answered | {"version": item.version}
    )
    assert "Say why" in page.content.decode()
    item.refresh_from_db()
    why_not = {"why_not": "The cinema is too far for every week.", "version": item.version}
    client.post(reverse("voice:you_said", args=[item.pk]), answered | why_not)
    item.refresh_from_db()
    assert list(item.actions.all()) == [action]
    assert not client.get(reverse("voice_public:you_said_we_did")).content.decode().count(HARMLESS)

    client.post(move, {"to": "in_review", "version": item.version})
    item.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(officer).post(move, {"to": "published", "version": item.version})
    item.refresh_from_db()
    assert (item.state, item.published_by) == (YouSaidState.PUBLISHED, officer)
    [email] = mail.outbox
    assert email.to == [worker.email]
    assert "Care Leavers Forum" in email.subject

    public = Client().get(reverse("voice_public:you_said_we_did")).content.decode()
    assert HARMLESS in public
    assert "We will have fun" in public  # grouped under its promise
    assert "We said yes to some of it" in public
    assert "The cinema is too far for every week." in public
    assert "We are planning more trips" in public
    assert "Doing now" in public
    assert "Last checked November 2026" in public
    assert "Run a programme of trips" not in public  # officers' words are not for the page

    # Taken off the public page: only with a reason, and then it is gone from it.
    client.post(move, {"to": "draft", "version": item.version})
    item.refresh_from_db()
    assert item.state == YouSaidState.PUBLISHED
    client.post(move, {"to": "draft", "version": item.version, "reason": "A name was in it"})
    item.refresh_from_db()
    assert item.state == YouSaidState.DRAFT
    assert HARMLESS not in Client().get(reverse("voice_public:you_said_we_did")).content.decode()
    assert AuditEvent.objects.filter(verb="you_said.draft", reason="A name was in it").exists()


def test_an_answer_changed_from_an_out_of_date_page_is_refused(
    authority: Authority, worker: Person, officer: Person
) -> None:
    item = services.you_said_create(
        actor=worker,
        authority=authority,
        said=HARMLESS,
        heard_on=datetime.date(2026, 12, 1),
        channel=Channel.ENGAGEMENT,
    )
    version = item.version
    services.you_said_update(actor=officer, item=item, version=version, we_did="Booked")
    with pytest.raises(UserError, match="changed"):
        services.you_said_update(actor=worker, item=item, version=version, we_did="Asked")


# The pledge check ------------------------------------------------------------------------------


@pytest.fixture
def promises(authority: Authority) -> list[PledgePromise]:
    return [
        PledgePromiseFactory.create(
            authority=authority, reference=str(n), position=n, plain_approved=f"Promise {n}"
        )
        for n in (1, 2)
    ]


@pytest.fixture
def check_round(authority: Authority) -> CheckRound:
    today = timezone.localdate()
    return CheckRound.objects.create(
        authority=authority,
        title="Winter",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=1),
    )


def test_a_young_person_rates_the_pledge(
    authority: Authority, promises: list[PledgePromise], check_round: CheckRound
) -> None:
    page = Client().get(reverse("voice_public:pledge_check")).content.decode()
    assert re.search(
        r'<svg class="pledge-rating__face" aria-hidden="true"[^>]*>.*?</svg>Always', page
    )
    response = Client().post(
        reverse("voice_public:pledge_check"),
        {f"promise_{promises[0].pk}": Rating.MOSTLY, "comment": "more say in my reviews"},
    )
    assert response["Location"] == reverse("voice_public:checked")
    [response_] = check_round.responses.all()
    assert [(a.promise, a.rating) for a in response_.answers.all()] == [(promises[0], 3)]
    assert response_.comment is not None
    assert response_.comment.channel == Channel.PLEDGE_CHECK


def test_a_closed_round_takes_no_answers(
    authority: Authority, promises: list[PledgePromise], check_round: CheckRound
) -> None:
    check_round.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    check_round.save()
    page = Client().get(reverse("voice_public:pledge_check")).content.decode()
    assert "There is no pledge check open at the moment" in page
    with pytest.raises(UserError, match="closed"):
        services.check_response_receive(check_round=check_round, ratings={promises[0]: 4})


def _answer(check_round: CheckRound, promise: PledgePromise, *ratings: int) -> None:
    for rating in ratings:
        services.check_response_receive(check_round=check_round, ratings={promise: rating})


def _rows(largest_total: int) -> dict[tuple[str, ...], list[tuple[int, ...]]]:
    """Every way 5 answers can add up to at most `largest_total`, by the row each is shown as."""
    promise = PledgePromise(reference="1", text="A promise")
    shown: dict[tuple[str, ...], list[tuple[int, ...]]] = {}
    for counts in itertools.product(range(largest_total + 1), repeat=len(RATINGS)):
        if sum(counts) > largest_total:
            continue
        result = _result(promise, Counter(dict(zip(RATINGS, counts, strict=True))), TODAY)
        row = (*(c.shown for c in result.ratings.values()), result.answers.shown, result.kept.shown)
        shown.setdefault(row, []).append(counts)
    return shown


def test_no_count_of_1_to_5_is_shown_or_can_be_worked_out() -> None:
    """Everyone reading the table knows every row it could have come from: for each row shown,
    no hidden count may be known to be one number from 1 to 5, and none is shown."""
    for row, possible in _rows(16).items():
        assert not any(re.fullmatch(r"[1-5]( \(.*)?", text) for text in row), row
        for i, text in enumerate(row[: len(RATINGS)]):
            values = {counts[i] for counts in possible}
            if text == "c":
                assert len(values) > 1 or values.isdisjoint(range(1, 6)), (row, possible)
        kept = {counts[0] + counts[1] for counts in possible}
        assert len(kept) > 1 or kept.isdisjoint(range(1, 6)), (row, possible)


def test_a_small_groups_check_shows_no_small_number(
    authority: Authority, promises: list[PledgePromise], check_round: CheckRound
) -> None:
    # Promise 1: 9 answers, 6 "always", 2 "mostly", 1 "never". Promise 2: 4 answers in all.
    _answer(check_round, promises[0], *[4] * 6, 3, 3, 1)
    _answer(check_round, promises[1], 4, 4, 2, 1)
    first, second = check_results(check_round)
    assert [c.shown for c in first.ratings.values()] == ["c", "c", "0 (0%)", "c", "0 (0%)"]
    assert (first.answers.shown, first.kept.shown) == ("9", "c")  # 8 kept leaves 1
    # Four answers in all: nothing shown, not even the total.
    assert second.answers.suppressed
    assert [c.shown for c in second.ratings.values()] == ["c"] * 5


def test_a_flagged_comment_keeps_its_answers_out_of_the_results_until_reviewed(
    authority: Authority,
    promises: list[PledgePromise],
    check_round: CheckRound,
    contact: Person,
) -> None:
    _answer(check_round, promises[0], *[4] * 6)
    services.check_response_receive(
        check_round=check_round, ratings={promises[0]: 4}, comment=HARMFUL
    )
    assert check_results(check_round)[0].answers.count == 6
    message = Message.objects.get(flagged=True)
    services.message_review(actor=contact, message=message, outcome="no_concern", note="Fine")
    assert check_results(check_round)[0].answers.count == 7


def test_the_board_sees_the_results_and_the_trend(
    authority: Authority,
    promises: list[PledgePromise],
    check_round: CheckRound,
    make_person: Callable[..., Person],
    client_for: Callable[..., Client],
) -> None:
    earlier = CheckRound.objects.create(
        authority=authority,
        title="Summer",
        opens_on=datetime.date(2026, 6, 1),
        closes_on=datetime.date(2026, 6, 30),
    )
    _answer(check_round, promises[0], *[4] * 6, *[3] * 6, *[1] * 6)
    client = client_for(make_person(Role.BOARD_MEMBER))
    page = client.get(reverse("voice:round", args=[check_round.pk])).content.decode()
    assert "The results show once the round has closed" in page
    check_round.opens_on -= datetime.timedelta(days=2)
    check_round.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    check_round.save()
    page = client.get(reverse("voice:round", args=[check_round.pk])).content.decode()
    assert "6 (33%)" in page
    assert "12 (67%)" in page
    trend = client.get(reverse("voice:rounds")).content.decode()
    assert "Winter" in trend
    assert earlier.title in trend


def test_rounds_do_not_overlap(
    authority: Authority, worker: Person, check_round: CheckRound
) -> None:
    with pytest.raises(UserError, match="overlap Winter"):
        services.check_round_save(
            actor=worker,
            authority=authority,
            title="Also winter",
            opens_on=check_round.closes_on,
            closes_on=check_round.closes_on + datetime.timedelta(days=30),
        )


def test_the_board_pack_shows_the_answers_and_the_check_suppressed(
    authority: Authority,
    promises: list[PledgePromise],
    check_round: CheckRound,
    worker: Person,
    officer: Person,
) -> None:
    _answer(check_round, promises[0], *[4] * 6, 3, 3)
    item = services.you_said_create(
        actor=worker,
        authority=authority,
        said=HARMLESS,
        heard_on=timezone.localdate(),
        channel=Channel.ENGAGEMENT,
        answer="accepted",
        we_did="Booked a trip a month",
    )
    services.you_said_move(actor=worker, item=item, to=YouSaidState.IN_REVIEW)
    services.you_said_move(actor=officer, item=item, to=YouSaidState.PUBLISHED)
    Meeting.objects.create(authority=authority, held_on=check_round.closes_on)
    period = Period.ending(PackPeriod.QUARTER, check_round.closes_on)
    voice = pack_contents(authority, period, version=1, made_at=timezone.now())["public"]["voice"]
    assert voice["said"] == [
        {"said": HARMLESS, "answer": "Yes, we agreed", "we_did": "Booked a trip a month"}
    ]
    assert voice["trend"] is None  # one round: no trend yet
    first = voice["check"]["rows"][0]
    # "Mostly" (2) hidden, so "always" too: with only one hidden, the total would give it away.
    assert first["cells"] == ["c", "c", "0 (0%)", "0 (0%)", "0 (0%)"]
    assert (first["answers"], first["kept"]) == ("8", "8 (100%)")


# Surveys ----------------------------------------------------------------------------------------

SURVEY = (
    "Age,How do you feel about your home?,Anything else you want to tell us?\n"
    "14,Good,Can we have more trips in the holidays please\n"
    "12,OK,\n"
    f"15,Fine,{HARMFUL}\n"
).encode()


def test_a_surveys_answers_come_in_screened(
    authority: Authority,
    worker: Person,
    contact: Person,
    client_for: Callable[..., Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(worker)
    response = client.post(
        reverse("voice:surveys"), {"file": SimpleUploadedFile("survey.csv", SURVEY)}
    )
    upload = SurveyUpload.objects.get()
    preview_url = reverse("voice:survey", args=[upload.pk])
    assert response["Location"] == preview_url
    preview = client.get(preview_url).content.decode()
    assert "2 answers in this column. The screen would flag 1 of them" in preview
    assert "Anything else you want to tell us? (2 answers)" in preview
    assert not Message.objects.exists()  # a preview brings nothing in
    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview_url, {"column": 2})
    assert sorted(Message.objects.values_list("text", "channel", "flagged")) == [
        ("Can we have more trips in the holidays please", "survey", False),
        (HARMFUL, "survey", True),
    ]
    [alert] = mail.outbox
    assert alert.to == [contact.email]
    assert not SurveyUpload.objects.exists()
    again = client.post(preview_url, {"column": 2})
    assert again.status_code == 404


def test_a_survey_with_no_written_answers_is_refused(
    authority: Authority, worker: Person, client_for: Callable[..., Client]
) -> None:
    response = client_for(worker).post(
        reverse("voice:surveys"),
        {"file": SimpleUploadedFile("ticks.csv", b"Age,Happy?\n14,Yes\n15,No\n")},
    )
    assert "has no column of written answers" in response.content.decode()
    assert not SurveyUpload.objects.exists()


def test_a_survey_answer_too_long_to_keep_is_refused_where_it_is() -> None:
    data = ("Comments\n" + "word " * 700 + "\n").encode()
    with pytest.raises(FileError, match=r"Row 2 of long\.csv has an answer of 3,499 characters"):
        read_survey("long.csv", data)


def test_the_home_page_says_what_is_waiting(
    authority: Authority, contact: Person, worker: Person, client_for: Callable[..., Client]
) -> None:
    services.message_receive(authority=authority, text=HARMFUL)
    services.message_receive(authority=authority, text=HARMLESS)
    contacts = client_for(contact).get(reverse("reports:dashboard")).content.decode()
    assert "1 message from young people flagged and waiting for your review" in contacts
    workers = client_for(worker).get(reverse("reports:dashboard")).content.decode()
    assert "1 message to read</a>" in workers


def _draft(authority: Authority, worker: Person, **fields: Any) -> YouSaid:
    return services.you_said_create(
        actor=worker,
        authority=authority,
        said=HARMLESS,
        heard_on=datetime.date(2026, 12, 1),
        channel=Channel.ENGAGEMENT,
        answer="accepted",
        we_did="Booked",
        **fields,
    )


def test_someone_else_publishes_and_a_changed_answer_is_reviewed_again(
    authority: Authority, worker: Person, officer: Person
) -> None:
    item = _draft(authority, worker)
    services.you_said_move(actor=worker, item=item, to=YouSaidState.IN_REVIEW)
    with pytest.raises(UserError, match="someone else reads the answer and publishes it"):
        services.you_said_move(actor=worker, item=item, to=YouSaidState.PUBLISHED)
    services.you_said_move(actor=officer, item=item, to=YouSaidState.PUBLISHED)
    services.you_said_update(actor=worker, item=item, priorities=[])  # no words changed
    assert item.state == YouSaidState.PUBLISHED
    services.you_said_update(actor=worker, item=item, we_did="Booked two trips")
    item.refresh_from_db()
    assert (item.state, item.sent_by) == (YouSaidState.IN_REVIEW, worker)
    assert (
        "Booked two trips"
        not in Client().get(reverse("voice_public:you_said_we_did")).content.decode()
    )


def test_drafts_are_read_only_by_those_who_answer_young_people(
    authority: Authority,
    worker: Person,
    officer: Person,
    make_person: Callable[..., Person],
    client_for: Callable[..., Client],
) -> None:
    item = _draft(authority, worker)
    lead = client_for(make_person(Role.AGENCY_LEAD))
    assert lead.get(reverse("voice:you_said", args=[item.pk])).status_code == 404
    assert HARMLESS not in lead.get(reverse("voice:home")).content.decode()
    assert client_for(worker).get(reverse("voice:you_said", args=[item.pk])).status_code == 200
    services.you_said_move(actor=worker, item=item, to=YouSaidState.IN_REVIEW)
    services.you_said_move(actor=officer, item=item, to=YouSaidState.PUBLISHED)
    assert lead.get(reverse("voice:you_said", args=[item.pk])).status_code == 200


def test_an_archived_link_is_kept_when_the_item_is_changed(
    authority: Authority, worker: Person, client_for: Callable[..., Client]
) -> None:
    group = VoiceGroup.objects.create(authority=authority, name="Old forum")
    item = _draft(authority, worker, group=group)
    group.archived_at = timezone.now()
    group.save()
    client = client_for(worker)
    page = client.get(reverse("voice:you_said", args=[item.pk])).content.decode()
    assert re.search(rf'<option value="{group.pk}" selected>\s*Old forum', page)


def test_a_message_address_that_is_not_a_message_is_not_found(
    authority: Authority, worker: Person, contact: Person, client_for: Callable[..., Client]
) -> None:
    client = client_for(worker)
    assert client.get(reverse("voice:you_said_new") + "?message=abc").status_code == 404
    flagged = services.message_receive(authority=authority, text=HARMFUL)
    response = client.get(reverse("voice:you_said_new") + f"?message={flagged.pk}")
    assert response["Location"] == reverse("voice:review", args=[flagged.pk])


def test_a_phrase_the_screen_cannot_read_is_refused(authority: Authority, worker: Person) -> None:
    with pytest.raises(UserError, match="reads letters and numbers"):
        services.screen_phrase_add(actor=worker, authority=authority, phrase="🙂")
    assert not services.message_receive(authority=authority, text=HARMLESS).flagged


def test_a_flagged_message_is_taken_however_many_came_before(authority: Authority) -> None:
    for _ in range(10):
        _send(HARMLESS)
    assert "Wait an hour" in _send(HARMLESS).content.decode()
    assert _send(HARMFUL).status_code == 302
    assert Message.objects.filter(flagged=True).count() == 1


def test_whats_typed_in_any_box_is_screened(authority: Authority) -> None:
    _send(HARMLESS, contact="he hits me, text 07700 900123")
    assert Message.objects.get().flagged


def test_a_reviewed_message_is_not_alerted_again(
    authority: Authority, contact: Person, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "pledge.voice.tests.test_voice.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_receive(authority=authority, text=HARMFUL)
    services.message_review(actor=contact, message=message, outcome="no_concern", note="Fine")
    later = timezone.now() + datetime.timedelta(minutes=10)
    assert safeguarding_alerts_send(now=later) == {"queued": 0}
