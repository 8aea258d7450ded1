"""Forms of young people's voice: the public ones in words a ten-year-old can manage, and the
participation worker's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.html import format_html

from boardfiles.comments import Survey
from pledge.actions.models import Action
from pledge.core.forms import EditForm, FileForm, GovukDateField, ReasonField
from pledge.core.models import Authority, Person
from pledge.strategy.models import PledgePromise, StrategyItem
from pledge.voice.models import (
    LONGEST_MESSAGE,
    Answer,
    Channel,
    Rating,
    Review,
    VoiceGroup,
    YouSaid,
    YouSaidState,
    kept_text,
)
from pledge.voice.selectors import actions_for


class WordsField(forms.CharField):
    """Words as a young person typed them, less the control characters no database keeps (a
    NUL pasted in is dropped, not refused)."""

    def to_python(self, value: Any) -> str:
        return kept_text(super().to_python(value) or "")


# The public forms ------------------------------------------------------------------------------


class HaveYourSayForm(forms.Form):
    text = WordsField(
        label="What do you want to tell us?",
        help_text="It can be about anything: your home, school, money, your social worker, or "
        "something we should change.",
        max_length=LONGEST_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Write what you want to tell us",
            "max_length": f"Write less than {LONGEST_MESSAGE:,} letters, or send it in two parts",
        },
    )
    name = WordsField(
        label="Your name",
        max_length=100,
        required=False,
        error_messages={"max_length": "Write your name in less than 100 letters"},
    )
    contact = WordsField(
        label="How can we reply to you?",
        help_text="A phone number or email address, or the name of your worker.",
        max_length=200,
        required=False,
        error_messages={"max_length": "Write this in less than 200 letters"},
    )
    # Left empty by people; filled in by the robots that fill in every field they find.
    website = forms.CharField(required=False, label="Leave this empty")


# Each answer's face, drawn in the text's colour (so never colour alone), hidden from screen
# readers, which read the word beside it: its mouth, from a big smile to a frown, or a wavy line.
MOUTHS = {
    Rating.ALWAYS: "M7 13.5 Q12 20 17 13.5 Z",
    Rating.MOSTLY: "M8 14.5 Q12 18 16 14.5",
    Rating.SOMETIMES: "M8 15.5 L16 15.5",
    Rating.NEVER: "M8 17 Q12 13 16 17",
    Rating.NOT_SURE: "M7.5 15.5 Q9.75 13.5 12 15.5 T16.5 15.5",
}


def face(rating: Rating) -> str:
    return format_html(
        '<svg class="pledge-rating__face" aria-hidden="true" focusable="false" viewBox="0 0 24 24"'
        ' width="32" height="32"><circle cx="12" cy="12" r="10.5" fill="none"'
        ' stroke="currentColor" stroke-width="1.5"/><circle cx="8.5" cy="9.5" r="1.4"'
        ' fill="currentColor"/><circle cx="15.5" cy="9.5" r="1.4" fill="currentColor"/>'
        '<path d="{}" fill="{}" stroke="currentColor" stroke-width="1.5"'
        ' stroke-linecap="round"/></svg>',
        MOUTHS[rating],
        "currentColor" if rating == Rating.ALWAYS else "none",
    )


class PledgeCheckForm(forms.Form):
    """One question a promise: how well is it kept? Each answer is a face and a word."""

    comment = WordsField(
        label="Is there anything else you want to tell us?",
        max_length=LONGEST_MESSAGE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Write less than {LONGEST_MESSAGE:,} letters"},
    )
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args: Any, promises: list[PledgePromise], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.promises = promises
        rated = {
            f"promise_{promise.pk}": forms.TypedChoiceField(
                label=promise.plain_approved,
                choices=Rating.choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            for promise in promises
        }
        self.fields = rated | self.fields

    def ratings(self) -> dict[PledgePromise, int | None]:
        return {
            promise: self.cleaned_data.get(f"promise_{promise.pk}") for promise in self.promises
        }

    def radios(self) -> list[dict[str, Any]]:
        """Each promise's question as GOV.UK radios: a face (hidden from screen readers, which
        read the word) and a word for each answer."""
        questions = []
        for promise in self.promises:
            bound = self[f"promise_{promise.pk}"]
            chosen = str(bound.value()) if bound.value() not in (None, "") else None
            questions.append(
                {
                    "name": bound.html_name,
                    "idPrefix": bound.auto_id,
                    "classes": "govuk-radios--small pledge-rating",
                    "fieldset": {
                        "legend": {"text": bound.label, "classes": "govuk-fieldset__legend--s"}
                    },
                    "hint": {"text": f"Promise {promise.reference}"},
                    **(
                        {"errorMessage": {"text": " ".join(str(e) for e in bound.errors)}}
                        if bound.errors
                        else {}
                    ),
                    "items": [
                        {
                            "value": rating.value,
                            "html": format_html("{}{}", face(rating), rating.label),
                            "checked": chosen == str(rating.value),
                        }
                        for rating in Rating
                    ],
                }
            )
        return questions


# The participation worker's forms ---------------------------------------------------------------


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What did you decide?",
        choices=[
            (Review.CONCERN, "A concern: I have passed it to the safeguarding procedures"),
            (Review.NO_CONCERN, "No concern: release it to be answered and counted"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether there is a concern"},
    )
    note = forms.CharField(
        label="What did you do?",
        help_text="Who you told and when, or why there is no concern. Kept in the message's "
        "history.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what you did, or why there is no concern"},
    )


class YouSaidForm(EditForm):
    said = WordsField(
        label="What did young people say?",
        help_text="In their words, as they said it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write what young people said"},
    )
    heard_on = GovukDateField(
        label="When did they say it?",
        error_messages={
            "required": "Enter the date they said it",
            "invalid": "Enter the date as a real date, like 14/3/2027",
        },
    )
    channel = forms.ChoiceField(
        label="Where did they say it?",
        choices=Channel.choices,
        error_messages={"required": "Choose where they said it"},
    )
    group = forms.ModelChoiceField(
        label="Which group said it? (optional)",
        queryset=VoiceGroup.objects.none(),
        required=False,
        empty_label="No group",
    )
    promises = forms.ModelMultipleChoiceField(
        label="Which promises is it about?",
        queryset=PledgePromise.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    priorities = forms.ModelMultipleChoiceField(
        label="Which priorities is it about?",
        queryset=StrategyItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    answer = forms.ChoiceField(
        label="What is the answer?",
        choices=[("", "Not decided yet"), *Answer.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    we_did = forms.CharField(
        label="What did we do? (“We did”)",
        help_text="Written to young people: what was done, or is being done. Young people read "
        "this on the public page.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    why_not = forms.CharField(
        label="Why not all of it?",
        help_text="Needed when the answer is “some of it” or “could not do it”.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    actions = forms.ModelMultipleChoiceField(
        label="Which actions answer it?",
        help_text="Their progress shows beside the answer, on the public page too.",
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, authority: Authority, item: YouSaid | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(item)
        # Live records to choose from, and whatever the item links to already, archived or not
        # (so that saving a change elsewhere never drops a link).
        choices = {
            "group": VoiceGroup.objects.filter(authority=authority),
            "promises": authority.promises.all(),
            "priorities": StrategyItem.objects.filter(
                strategy__authority=authority, parent__isnull=True
            ),
            "actions": actions_for(authority, live=False),
        }
        for name, records in choices.items():
            linked = (
                ([item.group_id] if item and item.group_id else [])
                if name == "group"
                else (getattr(item, name).values_list("pk", flat=True) if item else [])
            )
            field = self.fields[name]
            field.queryset = records.filter(  # type: ignore[attr-defined]
                Q(archived_at__isnull=True) | Q(pk__in=list(linked))
            )
        self.fields["actions"].label_from_instance = lambda action: (  # type: ignore[attr-defined]
            f"{action.reference} {action.text}".strip()
        )


class MoveForm(EditForm):
    """A button that moves an item on (for review, publish, back to draft)."""

    to = forms.ChoiceField(choices=YouSaidState.choices, widget=forms.HiddenInput)
    reason = ReasonField(label="Why is it coming off the public page?")

    def __init__(self, *args: Any, item: YouSaid, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(item)
        # Taking an answer off the public page needs a reason; the other moves do not.
        self.fields["reason"].required = item.state == YouSaidState.PUBLISHED
        self.fields["reason"].error_messages["required"] = (
            "Say why it is coming off the public page"
        )


class GroupForm(forms.Form):
    name = forms.CharField(
        label="Name of the group",
        max_length=200,
        error_messages={"required": "Enter the group's name, like Children in Care Council"},
    )
    worker = forms.ModelChoiceField(
        label="Participation worker",
        help_text="Told by email when an answer to what this group said is published.",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Nobody",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = Person.objects.filter(is_active=True)  # type: ignore[attr-defined]


class PhraseForm(forms.Form):
    phrase = forms.CharField(
        label="Words to look for",
        help_text="A local word or new slang for harm or danger, like “going country”. Every "
        "message from now on is screened for it.",
        max_length=100,
        error_messages={
            "required": "Enter the words to look for",
            "max_length": "Enter 100 characters or fewer: a phrase, not a sentence",
        },
    )


class RoundForm(forms.Form):
    title = forms.CharField(
        label="Name of the round",
        max_length=200,
        error_messages={"required": "Enter the round's name, like Pledge check spring 2027"},
    )
    opens_on = GovukDateField(
        label="Opens on",
        error_messages={
            "required": "Enter the date the round opens",
            "invalid": "Enter the opening date as a real date, like 1/3/2027",
        },
    )
    closes_on = GovukDateField(
        label="Closes on",
        error_messages={
            "required": "Enter the date the round closes",
            "invalid": "Enter the closing date as a real date, like 31/3/2027",
        },
    )


class SurveyFileForm(FileForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "The survey's answers"
        self.fields["file"].help_text = (
            "A CSV or Excel export with a row for each young person and the questions as "
            "headings, or a Word table"
        )


class SurveyColumnForm(forms.Form):
    column = forms.TypedChoiceField(
        label="Which column did young people write in?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the column the young people wrote in"},
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = [  # type: ignore[attr-defined]
            (c.index, f"{c.heading} ({c.answers} answers)") for c in survey.columns
        ]
        self.fields["column"].initial = survey.columns[0].index
