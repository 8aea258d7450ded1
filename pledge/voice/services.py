"""Young people's voice (ADR 0024): what they send is screened as it arrives; a flagged message
goes to the safeguarding contact at once and is withheld until a person reviews it; what they
said is answered, reviewed and published as "You said, we did"; the pledge check's answers."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from boardfiles.comments import read_survey
from pledge.actions.models import Action
from pledge.core.audit import (
    audit_record,
    audit_update,
    record_unchanged,
    service,
    snapshot,
)
from pledge.core.concurrency import lock_for_edit
from pledge.core.errors import UserError
from pledge.core.models import Authority, Person
from pledge.core.staging import staged_confirm, staged_keep
from pledge.strategy.models import PledgePromise, StrategyItem
from pledge.voice.models import (
    LONGEST_MESSAGE,
    NEEDS_REASON,
    Answer,
    Channel,
    CheckAnswer,
    CheckResponse,
    CheckRound,
    Message,
    Rating,
    Review,
    ScreenPhrase,
    SurveyUpload,
    VoiceGroup,
    YouSaid,
    YouSaidState,
    kept_text,
)
from pledge.voice.screening import plain_spelling
from pledge.voice.selectors import screened

# Messages ---------------------------------------------------------------------------------------


@service
def message_receive(
    *,
    authority: Authority,
    text: str,
    name: str = "",
    contact: str = "",
    channel: str = Channel.FORM,
    now: datetime.datetime | None = None,
) -> Message:
    """Keep something a young person wrote, screened as it arrives. A flagged message waits for
    review, withheld from every public and aggregate view, and its safeguarding alert goes to the
    worker as soon as the message is saved."""
    text, name, contact = kept_text(text), kept_text(name), kept_text(contact)
    if not text:
        raise UserError("Write what you want to tell us", field="text")
    if len(text) > LONGEST_MESSAGE:
        raise UserError(
            f"What you wrote is {len(text):,} characters long. Make it shorter than "
            f"{LONGEST_MESSAGE:,}, or send it in two parts",
            field="text",
        )
    # Everything they typed is screened: a disclosure can be written in any box.
    screening = screened("\n".join(filter(None, (text, name, contact))), authority=authority)
    message = Message.objects.create(
        authority=authority,
        text=text,
        name=name[:100],
        contact=contact[:200],
        channel=Channel(channel),
        received_at=now or timezone.now(),
        flagged=screening.flagged,
        findings=[
            {"area": f.area.key, "label": f.area.label, "words": f.words}
            for f in screening.findings
        ],
        review=Review.WAITING if screening.flagged else Review.NOT_NEEDED,
    )
    audit_record(
        actor=None,
        verb="message.flagged" if screening.flagged else "message.received",
        target=message,
        changes={"channel": [None, message.channel]}
        | ({"areas": [None, [a.key for a in screening.areas]]} if screening.flagged else {}),
    )
    if screening.flagged:
        from pledge.voice.tasks import send_safeguarding_alert  # noqa: PLC0415 (tasks import us)

        pk = message.pk
        transaction.on_commit(lambda: send_safeguarding_alert.enqueue(message_id=pk))
    return message


@service
def message_review(*, actor: Person, message: Message, outcome: str, note: str) -> Message:
    """A person's review of a flagged message: a concern passed to the authority's safeguarding
    procedures (it stays withheld), or no concern (it is released to the inbox and the counts)."""
    outcome = Review(outcome)
    if outcome not in (Review.CONCERN, Review.NO_CONCERN):
        raise UserError("Choose whether there is a concern", field="outcome")
    if not note.strip():
        raise UserError("Say what you did, or why there is no concern", field="note")
    message = Message.objects.select_for_update().get(pk=message.pk)
    if not message.flagged:
        raise UserError("This message was not flagged: there is nothing to review.")
    if message.review != Review.WAITING:
        raise UserError(
            f"{message.reviewed_by} reviewed this message while you had it open: "
            f"{message.get_review_display().lower()}. Nothing of yours was saved."
        )
    fields = ("review", "review_note", "reviewed_by", "reviewed_at")
    before = snapshot(message, fields)
    message.review = outcome
    message.review_note = note.strip()
    message.reviewed_by = actor
    message.reviewed_at = timezone.now()
    message.save(update_fields=fields)
    audit_update(
        actor=actor,
        verb="message.reviewed",
        target=message,
        before=before,
        after=snapshot(message, fields),
    )
    return message


@service
def message_handled(*, actor: Person, message: Message, handled: bool = True) -> Message:
    """Take a message out of the inbox (answered another way, or nothing to answer), or put it
    back."""
    if handled == (message.handled_at is not None):
        record_unchanged()
        return message
    before = snapshot(message, ("handled_at",))
    message.handled_at = timezone.now() if handled else None
    message.save(update_fields=["handled_at"])
    audit_update(
        actor=actor,
        verb="message.handled" if handled else "message.reopened",
        target=message,
        before=before,
        after=snapshot(message, ("handled_at",)),
    )
    return message


# Surveys ----------------------------------------------------------------------------------------


@service
def survey_upload(
    *, actor: Person, authority: Authority, filename: str, data: bytes
) -> SurveyUpload:
    """Keep a survey's spreadsheet for its preview; a file with no written answers is refused
    (FileError) and nothing is kept."""
    read_survey(filename, data)
    return staged_keep(SurveyUpload, actor=actor, filename=filename, data=data, authority=authority)


@service
def survey_import(*, actor: Person, upload: SurveyUpload, column: int) -> list[Message]:
    """Bring in each answer written in the chosen column as a message from a survey, screened
    as it comes (a flagged one goes to the safeguarding contact). Once: a second click is told
    it is done."""

    def apply(kept: SurveyUpload) -> list[Message]:
        survey = read_survey(kept.filename, bytes(kept.data))
        if column not in {c.index for c in survey.columns}:
            raise UserError("Choose the column the young people wrote in", field="column")
        return [
            message_receive(authority=kept.authority, text=answer.text, channel=Channel.SURVEY)
            for answer in survey.answers(column)
        ]

    return staged_confirm(
        upload,
        actor=actor,
        apply=apply,
        done=lambda messages: {
            "answers": [None, len(messages)],
            "flagged": [None, sum(m.flagged for m in messages)],
        },
        already="This survey has been brought in already.",
    )


# How often a safeguarding alert is tried before the queue page alone says it was not sent.
ALERT_ATTEMPTS = 10
# How long a queued alert is left to the worker before the periodic job queues it again.
ALERT_PATIENCE = datetime.timedelta(minutes=5)


@service
def safeguarding_alert_sent(*, message: Message, sent: bool) -> Message:
    """Note the fate of a flagged message's alert email: sent, or one more attempt failed."""
    fields = ("alerted_at", "alert_attempts")
    before = snapshot(message, fields)
    message.alert_attempts += 1
    if sent:
        message.alerted_at = timezone.now()
    message.save(update_fields=fields)
    audit_update(
        actor=None,
        verb="message.alerted" if sent else "message.alert_failed",
        target=message,
        before=before,
        after=snapshot(message, fields),
    )
    return message


# "You said, we did" ----------------------------------------------------------------------------

YOU_SAID_FIELDS = (
    "said",
    "heard_on",
    "channel",
    "group",
    "priorities",
    "promises",
    "answer",
    "we_did",
    "why_not",
    "actions",
)
RELATIONS = ("priorities", "promises", "actions")
# What the public page shows in words: a change to them is reviewed before it is public again.
PUBLIC_WORDS = ("said", "answer", "we_did", "why_not")
CHOICES = ("channel", "answer", "state")


def _as_audited(item: YouSaid, fields: Iterable[str] = YOU_SAID_FIELDS) -> dict[str, Any]:
    """The item for its history: choices as their words, linked records by name."""
    values = snapshot(item, [f for f in fields if f not in RELATIONS])
    for name in set(fields) & set(CHOICES):
        values[name] = getattr(item, f"get_{name}_display")()
    for name in set(fields) & set(RELATIONS):
        values[name] = sorted(str(record) for record in getattr(item, name).all())
    return values


@service
def you_said_create(
    *,
    actor: Person,
    authority: Authority,
    said: str,
    heard_on: datetime.date,
    channel: str,
    group: VoiceGroup | None = None,
    message: Message | None = None,
    priorities: Iterable[StrategyItem] = (),
    promises: Iterable[PledgePromise] = (),
    answer: str = "",
    we_did: str = "",
    why_not: str = "",
    actions: Iterable[Action] = (),
) -> YouSaid:
    """Record something young people said, as a draft, with its answer if there is one yet."""
    if message is not None and message.withheld:
        raise UserError("This message is waiting for a safeguarding review, or was a concern.")
    item = YouSaid(
        authority=authority,
        said=_required(said, "said", "Write what young people said"),
        heard_on=heard_on,
        channel=Channel(channel),
        group=group,
        message=message,
        answer=answer,
        we_did=we_did,
        why_not=why_not,
    )
    _check_answer(item, complete=False)
    item.full_clean(exclude=["answer"])
    item.save()
    item.priorities.set(priorities)
    item.promises.set(promises)
    item.actions.set(actions)
    if message is not None and message.handled_at is None:
        message.handled_at = timezone.now()
        message.save(update_fields=["handled_at"])
    audit_record(
        actor=actor,
        verb="you_said.created",
        target=item,
        changes={name: [None, value] for name, value in _as_audited(item).items() if value},
    )
    return item


@service
def you_said_update(
    *, actor: Person, item: YouSaid, version: int | None = None, **fields: Any
) -> YouSaid:
    """Change what was said or its answer. Changed words of a published answer go back for
    review (off the public page until someone else publishes them again)."""
    lock_for_edit(item, version=version)
    before = _as_audited(item)
    for name in YOU_SAID_FIELDS:
        if name in fields and name not in RELATIONS:
            setattr(item, name, fields[name])
    item.said = _required(item.said, "said", "Write what young people said")
    _check_answer(item, complete=item.state != YouSaidState.DRAFT)
    item.full_clean(exclude=["answer"])
    if item.state == YouSaidState.PUBLISHED and any(
        before[name] != _as_audited(item, [name])[name] for name in PUBLIC_WORDS
    ):
        item.state, item.sent_by = YouSaidState.IN_REVIEW, actor
    item.save()
    for name in RELATIONS:
        if name in fields:
            getattr(item, name).set(fields[name])
    audit_update(
        actor=actor,
        verb="you_said.updated",
        target=item,
        before=before,
        after=_as_audited(item),
    )
    return item


@service
def you_said_move(
    *, actor: Person, item: YouSaid, to: str, version: int | None = None, reason: str = ""
) -> YouSaid:
    """Move an item on: draft -> waiting for review -> published; back to draft from either
    (sent back by the reviewer, or taken off the public page)."""
    lock_for_edit(item, version=version)
    to = YouSaidState(to)
    if to == item.state:
        record_unchanged()
        return item
    allowed = {
        YouSaidState.DRAFT: {YouSaidState.IN_REVIEW},
        YouSaidState.IN_REVIEW: {YouSaidState.PUBLISHED, YouSaidState.DRAFT},
        YouSaidState.PUBLISHED: {YouSaidState.DRAFT},
    }[YouSaidState(item.state)]
    if to not in allowed:
        raise UserError(
            "Send it for review first: someone else reads the answer before it is published."
        )
    if to == YouSaidState.PUBLISHED and item.sent_by_id == actor.pk:
        raise UserError("You sent this for review: someone else reads the answer and publishes it.")
    if to != YouSaidState.DRAFT:
        _check_answer(item, complete=True)
    if item.state == YouSaidState.PUBLISHED and not reason.strip():
        raise UserError("Say why it is coming off the public page", field="reason")
    fields = ("state", "sent_by", "published_at", "published_by")
    before = _as_audited(item, fields)
    item.state = to
    if to == YouSaidState.IN_REVIEW:
        item.sent_by = actor
    if to == YouSaidState.PUBLISHED:
        item.published_at, item.published_by = timezone.now(), actor
    item.save(update_fields=fields)
    audit_update(
        actor=actor,
        verb=f"you_said.{to}",
        target=item,
        before=before,
        after=_as_audited(item, fields),
        reason=reason,
    )
    if to == YouSaidState.PUBLISHED and item.group and item.group.worker:
        from pledge.voice.tasks import send_answer_published  # noqa: PLC0415 (tasks import us)

        pk = item.pk
        transaction.on_commit(lambda: send_answer_published.enqueue(you_said_id=pk))
    return item


def _required(text: str, field: str, message: str) -> str:
    if not (text := kept_text(text)):
        raise UserError(message, field=field)
    return text


def _check_answer(item: YouSaid, *, complete: bool) -> None:
    """An answer needs words saying what was done; "partly" and "not possible" a reason too.
    A draft may be unfinished; an item for review or published may not."""
    item.we_did, item.why_not = kept_text(item.we_did), kept_text(item.why_not)
    if item.answer in NEEDS_REASON and not item.why_not:
        raise UserError(
            f"Say why: the answer is “{Answer(item.answer).label}”, and young people will want "
            "to know why not all of it",
            field="why_not",
        )
    if complete and not item.answer:
        raise UserError("Choose the answer before it is reviewed or published", field="answer")
    if complete and not item.we_did:
        raise UserError("Write what was done, in words young people will read", field="we_did")


# The board's own phrases and groups ------------------------------------------------------------


@service
def screen_phrase_add(*, actor: Person, authority: Authority, phrase: str) -> ScreenPhrase:
    """Add a phrase to the screen (a local word, new slang): every message from now on is
    screened for it."""
    phrase = " ".join(kept_text(phrase).lower().split())
    if not phrase:
        raise UserError("Enter the words to look for", field="phrase")
    if len(phrase) > 100:
        raise UserError("Enter 100 characters or fewer: a phrase, not a sentence", field="phrase")
    if not plain_spelling(phrase):
        raise UserError(
            "The screen reads letters and numbers, not other scripts or symbols on their own. "
            "Enter the phrase in letters, like “going country”",
            field="phrase",
        )
    if ScreenPhrase.objects.live().filter(authority=authority, phrase=phrase).exists():
        raise UserError(f"“{phrase}” is already on the list", field="phrase")
    added = ScreenPhrase.objects.create(
        authority=authority, phrase=phrase, added_by=actor, added_at=timezone.now()
    )
    audit_record(
        actor=actor, verb="screen_phrase.added", target=added, changes={"phrase": [None, phrase]}
    )
    return added


@service
def screen_phrase_remove(*, actor: Person, phrase: ScreenPhrase) -> ScreenPhrase:
    """Take a phrase off the board's list (kept, archived, in its history)."""
    if phrase.is_archived:
        record_unchanged()
        return phrase
    phrase.archived_at = timezone.now()
    phrase.save(update_fields=["archived_at"])
    audit_record(actor=actor, verb="screen_phrase.removed", target=phrase)
    return phrase


@service
def group_save(
    *,
    actor: Person,
    authority: Authority,
    name: str,
    worker: Person | None,
    group: VoiceGroup | None = None,
) -> VoiceGroup:
    """Add a group young people speak through, or rename it or change its worker."""
    name = _required(name, "name", "Enter the group's name, like Children in Care Council")
    clash = VoiceGroup.objects.live().filter(authority=authority, name__iexact=name)
    if group is not None:
        clash = clash.exclude(pk=group.pk)
    if clash.exists():
        raise UserError(f"There is already a group called {name}", field="name")
    before = snapshot(group, ("name", "worker")) if group else {}
    group = group or VoiceGroup(authority=authority)
    group.name, group.worker = name, worker
    group.save()
    audit_update(
        actor=actor,
        verb="voice_group.saved",
        target=group,
        before=before,
        after=snapshot(group, ("name", "worker")),
    )
    return group


# The pledge check ------------------------------------------------------------------------------


@service
def check_round_save(
    *,
    actor: Person,
    authority: Authority,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    check_round: CheckRound | None = None,
) -> CheckRound:
    """Open a round of the pledge check for the dates given, or change its title or dates."""
    title = _required(title, "title", "Enter the round's name, like Pledge check spring 2027")
    if closes_on < opens_on:
        raise UserError("The closing date must be on or after the opening date", field="closes_on")
    overlapping = CheckRound.objects.filter(
        authority=authority, opens_on__lte=closes_on, closes_on__gte=opens_on
    )
    if check_round is not None:
        overlapping = overlapping.exclude(pk=check_round.pk)
    if clash := overlapping.first():
        raise UserError(
            f"These dates overlap {clash.title} ({clash.opens_on:%-d %B %Y} to "
            f"{clash.closes_on:%-d %B %Y}). Young people answer one round at a time",
            field="opens_on",
        )
    fields = ("title", "opens_on", "closes_on")
    before = snapshot(check_round, fields) if check_round else {}
    check_round = check_round or CheckRound(authority=authority)
    check_round.title, check_round.opens_on, check_round.closes_on = title, opens_on, closes_on
    check_round.save()
    audit_update(
        actor=actor,
        verb="check_round.saved",
        target=check_round,
        before=before,
        after=snapshot(check_round, fields),
    )
    return check_round


@service
def check_response_receive(
    *,
    check_round: CheckRound,
    ratings: Mapping[PledgePromise, int | None],
    comment: str = "",
    now: datetime.datetime | None = None,
) -> CheckResponse:
    """One young person's answers to a round, anonymous. A comment is screened like any message;
    if it is flagged, the whole response is left out of the results until it is reviewed."""
    now = now or timezone.now()
    if not check_round.opens_on <= timezone.localdate(now) <= check_round.closes_on:
        raise UserError("This pledge check is closed. Thank you for wanting to take part.")
    answers = {promise: Rating(rating) for promise, rating in ratings.items() if rating is not None}
    if not answers and not comment.strip():
        raise UserError("Choose an answer for at least one promise", field="ratings")
    message = None
    if comment.strip():
        message = message_receive(
            authority=check_round.authority,
            text=comment,
            channel=Channel.PLEDGE_CHECK,
            now=now,
        )
    response = CheckResponse.objects.create(round=check_round, received_at=now, comment=message)
    CheckAnswer.objects.bulk_create(
        CheckAnswer(response=response, promise=promise, rating=rating)
        for promise, rating in answers.items()
    )
    audit_record(
        actor=None,
        verb="check_response.received",
        target=response,
        changes={"answers": [None, len(answers)], "comment": [None, message is not None]},
    )
    return response
