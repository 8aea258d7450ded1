"""Forms for the board's meetings. They check what a person typed; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms

from pledge.actions.models import Action, ActionPlan
from pledge.core.forms import EditForm, FileForm, GovukDateField, ReasonField
from pledge.core.models import Agency
from pledge.meetings.models import (
    AgendaItem,
    Attendance,
    AttendeeRole,
    Meeting,
    Outcome,
    Session,
)
from pledge.scorecard.models import Kpi
from pledge.strategy.models import StrategyItem
from pledge.voice.models import YouSaid

TIME_FORMATS = ["%H:%M", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p", "%I:%M %p", "%I %p"]


class TimeField(forms.TimeField):
    """A time typed as people write it: 14:00, 2pm, 2.30pm."""

    input_formats = TIME_FORMATS

    def to_python(self, value: Any) -> Any:
        return super().to_python(
            value.replace(" ", "").lower() if isinstance(value, str) else value
        )


class MeetingForm(EditForm):
    title = forms.CharField(
        max_length=200,
        initial="Corporate Parenting Board",
        error_messages={"required": "Enter the meeting's title"},
    )
    held_on = GovukDateField(
        label="Date",
        # The same example in the hint and the error: the core hint's "1 4 2026" beside an
        # error asking for "14/5/2026" left people unsure which to type.
        help_text="For example, 14/5/2027",
        error_messages={
            "required": "Enter the date of the meeting",
            "invalid": "Enter the date as a real date, like 14/5/2027",
        },
    )
    place = forms.CharField(label="Place", max_length=200, required=False)
    business_starts = TimeField(
        label="Business session starts",
        required=False,
        help_text="For example, 2pm",
        error_messages={"invalid": "Enter the time the business session starts, like 2pm"},
    )
    engagement_starts = TimeField(
        label="Engagement session starts",
        required=False,
        help_text="The session with children and young people, if there is one. For example, 4pm",
        error_messages={"invalid": "Enter the time the engagement session starts, like 4pm"},
    )
    reason = ReasonField()

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(meeting)
        if meeting is None:
            del self.fields["reason"]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the meeting is cancelled"},
    )


class AttendeeForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        help_text="A young person is named as the board agrees: a first name, or their role",
        error_messages={"required": "Enter the person's name"},
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.live(), required=False, empty_label="No agency"
    )
    role = forms.ChoiceField(
        choices=[("", "Choose their role"), *AttendeeRole.choices],
        error_messages={"required": "Choose their role"},
    )
    young_person = forms.BooleanField(
        label="A care-experienced young person",
        required=False,
        help_text="Such as a young co-chair: the meeting page shows them as a young person",
    )
    attendance = forms.ChoiceField(
        choices=Attendance.choices,
        initial=Attendance.PRESENT,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they came or sent apologies"},
    )


class AgendaItemForm(EditForm):
    session = forms.ChoiceField(
        choices=Session.choices,
        initial=Session.BUSINESS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the session the item is in"},
    )
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the item's title"})
    presenter = forms.CharField(label="Presented by", max_length=200, required=False)
    notes = forms.CharField(
        label="What it is for", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    priorities = forms.ModelMultipleChoiceField(
        queryset=StrategyItem.objects.live().filter(parent__isnull=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Priorities it is about",
    )
    actions = forms.ModelMultipleChoiceField(
        queryset=Action.objects.live().filter(plan__archived_at__isnull=True, is_kpi=False),
        required=False,
        label="Actions it reports on",
        widget=forms.CheckboxSelectMultiple,
    )
    kpis = forms.ModelMultipleChoiceField(
        queryset=Kpi.objects.live(),
        required=False,
        label="KPIs it reports on",
        widget=forms.CheckboxSelectMultiple,
    )
    you_said = forms.ModelMultipleChoiceField(
        queryset=YouSaid.objects.order_by("-heard_on", "-pk"),
        required=False,
        label="What young people said, for the board to hear or answer",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, item: AgendaItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(item)


class OutcomeForm(EditForm):
    outcome = forms.ChoiceField(
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the board did with the item"},
    )
    outcome_text = forms.CharField(
        label="What was agreed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for a decision: the decision in the words of the minutes",
    )
    referred_to = forms.CharField(
        label="Sub-group it was referred to",
        max_length=200,
        required=False,
        help_text="Needed if it was referred to a sub-group",
    )
    plan = forms.ModelChoiceField(
        label="Plan the new action goes in",
        queryset=ActionPlan.objects.live(),
        required=False,
        empty_label="Choose a plan",
    )
    action_text = forms.CharField(
        label="The new action",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="As it will read in the plan",
    )
    action_due = forms.CharField(
        label="By when",
        max_length=200,
        required=False,
        help_text="As a plan says it: March 2027, quarterly, ongoing",
    )
    action_agencies = forms.ModelMultipleChoiceField(
        label="Agencies leading it",
        queryset=Agency.objects.live(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    action_priority = forms.ModelChoiceField(
        label="Priority it serves",
        queryset=StrategyItem.objects.live().filter(parent__isnull=True),
        required=False,
        empty_label="None",
    )

    def __init__(self, *args: Any, item: AgendaItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(item)
        if item is not None:  # the item's own priority, unless the officer chooses another
            self.fields["action_priority"].initial = item.priorities.first()


class MinutesForm(EditForm):
    minutes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        label="Minutes",
        help_text="Leave a blank line between paragraphs",
    )

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(meeting)


class PaperForm(FileForm):
    title = forms.CharField(
        max_length=200,
        required=False,
        help_text="As the agenda names it. Left blank, the file's name is used",
    )

    field_order = ("title", "file")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Paper"
        self.fields["file"].help_text = "A PDF, Word, Excel, PowerPoint, OpenDocument or CSV file"
        self.fields["file"].error_messages["required"] = "Choose the paper to attach"
