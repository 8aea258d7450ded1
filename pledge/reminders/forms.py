"""The form where someone chooses when their reminder digest comes."""

from __future__ import annotations

from django import forms

from pledge.reminders.models import Frequency, Weekday


class ReminderChoiceForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often do you want your reminders?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how often you want your reminders"},
    )
    weekday = forms.TypedChoiceField(
        label="On which day?",
        choices=Weekday.choices,
        coerce=int,
        help_text="For every week and every other week",
        error_messages={"required": "Select the day you want your reminders"},
    )
