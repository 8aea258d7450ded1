"""Young people's voice (ADR 0024): what they wrote, what the board heard and answered ("You said,
we did"), how well they say each promise is kept (the pledge check), and the safeguarding
review of anything that was flagged."""

from __future__ import annotations

from django.db import models

from pledge.actions.models import Action
from pledge.core.models import Archivable, Authority, Person, StagedUpload, Versioned
from pledge.strategy.models import PledgePromise, StrategyItem

# The longest message the public form takes: a page of writing, enough to say anything.
LONGEST_MESSAGE = 3000
# Characters no database keeps (PostgreSQL refuses a NUL in text): taken out, nothing else is.
UNSTORABLE = {code: None for code in range(32) if chr(code) not in "\t\n\r"}


def kept_text(text: str) -> str:
    """A young person's words as they wrote them, less the control characters no database
    keeps; their emoji, any script and any markup are kept (and shown escaped)."""
    return text.translate(UNSTORABLE).strip()


class Channel(models.TextChoices):
    FORM = "form", "The Have your say form"
    ENGAGEMENT = "engagement", "Engagement session"
    CHILDREN_IN_CARE_COUNCIL = "cicc", "Children in Care Council"
    CARE_LEAVERS_FORUM = "forum", "Care leavers' forum"
    SURVEY = "survey", "Survey"
    PLEDGE_CHECK = "pledge_check", "Pledge check"
    OTHER = "other", "Something else"


class VoiceGroup(Archivable):
    """A group young people speak through (a Children in Care Council, a care leavers' forum),
    and the participation worker who is told when an answer to it is published."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="voice_groups")
    name = models.CharField(max_length=200)
    worker = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voice_groups",
        verbose_name="participation worker",
        help_text="Told by email when an answer to what this group said is published",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Review(models.TextChoices):
    NOT_NEEDED = "not_needed", "Not flagged"
    WAITING = "waiting", "Waiting for review"
    CONCERN = "concern", "A concern: passed to safeguarding"
    NO_CONCERN = "no_concern", "No concern"


class Message(models.Model):
    """Something a young person wrote: on the "Have your say" form, as a pledge-check comment,
    or in a survey. Screened when it arrives (screening.py); a flagged one is withheld from every
    public and aggregate view until a person has reviewed it, and kept out if it was a concern."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="messages")
    text = models.TextField()
    name = models.CharField(max_length=100, blank=True)
    contact = models.CharField("how to reply", max_length=200, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.FORM)
    received_at = models.DateTimeField()
    flagged = models.BooleanField(default=False)
    # What the screen found: [{"area", "label", "words"}], for the person who reviews it.
    findings = models.JSONField(default=list, blank=True)
    review = models.CharField(max_length=20, choices=Review.choices, default=Review.NOT_NEEDED)
    reviewed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField("what was done", blank=True)
    # The safeguarding alert's email: when it went, and how many times it was tried (a failed
    # one is tried again by the periodic job, services.safeguarding_alerts_send).
    alerted_at = models.DateTimeField(null=True, blank=True)
    alert_attempts = models.PositiveSmallIntegerField(default=0)
    # Set when a participation worker has dealt with it (made a "You said" of it, or not).
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["authority", "review"])]

    def __str__(self) -> str:
        return f"Message of {self.received_at:%d %B %Y %H:%M}"

    @property
    def withheld(self) -> bool:
        """Kept out of every public and aggregate view: flagged and not cleared by a person."""
        return self.review in (Review.WAITING, Review.CONCERN)


class ScreenPhrase(Archivable):
    """A phrase the board adds to the screen's own (a local word, a new slang term)."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="screen_phrases"
    )
    phrase = models.CharField(max_length=100)
    added_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class Answer(models.TextChoices):
    ACCEPTED = "accepted", "Yes, we agreed"
    PARTLY = "partly", "We agreed to some of it"
    IN_PROGRESS = "in_progress", "We are working on it"
    NOT_POSSIBLE = "not_possible", "We could not do it"


# Answers that need a reason young people can read.
NEEDS_REASON = (Answer.PARTLY, Answer.NOT_POSSIBLE)


class YouSaidState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "Waiting for review"
    PUBLISHED = "published", "Published"


class YouSaid(Versioned):
    """One thing young people said and the board's answer: "You said, we did"."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="you_said")
    said = models.TextField("what young people said")
    heard_on = models.DateField("when it was said")
    channel = models.CharField("where it was said", max_length=20, choices=Channel.choices)
    group = models.ForeignKey(
        VoiceGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="you_said"
    )
    message = models.ForeignKey(
        Message, on_delete=models.PROTECT, null=True, blank=True, related_name="you_said"
    )
    priorities = models.ManyToManyField(StrategyItem, blank=True, related_name="you_said")
    promises = models.ManyToManyField(PledgePromise, blank=True, related_name="you_said")
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    we_did = models.TextField("what we did", blank=True)
    why_not = models.TextField("why not all of it", blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="you_said")
    state = models.CharField(max_length=20, choices=YouSaidState.choices, default="draft")
    # Who sent it for review: someone else publishes it.
    sent_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-heard_on", "-pk"]
        verbose_name = "“You said” item"

    def __str__(self) -> str:
        return self.said[:80]


class CheckRound(models.Model):
    """A round of the pledge check: young people rate how well each promise is kept."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="check_rounds")
    title = models.CharField(max_length=200)
    opens_on = models.DateField()
    closes_on = models.DateField()

    class Meta:
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Rating(models.IntegerChoices):
    """How well a promise is kept, in few words (forms.FACES draws each one's face)."""

    ALWAYS = 4, "Always"
    MOSTLY = 3, "Mostly"
    SOMETIMES = 2, "Sometimes"
    NEVER = 1, "Never"
    NOT_SURE = 0, "Not sure"


class CheckResponse(models.Model):
    """One young person's answers to a round, anonymous; a comment is a `Message`."""

    round = models.ForeignKey(CheckRound, on_delete=models.PROTECT, related_name="responses")
    received_at = models.DateTimeField()
    comment = models.OneToOneField(
        Message, on_delete=models.PROTECT, null=True, blank=True, related_name="check_response"
    )

    def __str__(self) -> str:
        return f"{self.round}: answers of {self.received_at:%d %B %Y %H:%M}"


class CheckAnswer(models.Model):
    response = models.ForeignKey(CheckResponse, on_delete=models.CASCADE, related_name="answers")
    promise = models.ForeignKey(PledgePromise, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint("response", "promise", name="one_rating_per_promise")
        ]

    def __str__(self) -> str:
        return f"{self.promise.reference}: {self.get_rating_display()}"


class SurveyUpload(StagedUpload):
    """A survey's spreadsheet waiting for its preview to be confirmed: then each written answer
    comes in as a `Message`, screened like any other."""

    audit_name = "survey_upload"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
