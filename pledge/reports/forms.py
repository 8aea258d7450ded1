"""The board pack's forms: which period to make it for, and approving it for the public."""

from __future__ import annotations

import datetime

from django import forms

from boardfiles.periods import month_end
from pledge.core.forms import GovukDateField
from pledge.reports.models import PackPeriod


class PackForm(forms.Form):
    period = forms.ChoiceField(
        label="Period",
        choices=PackPeriod.choices,
        initial=PackPeriod.QUARTER,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how long a period the pack covers"},
    )
    period_end = GovukDateField(
        label="The period ends on",
        help_text="The last day of its last month, for example 31/3/2026: the pack shows the "
        "figures as they stood then",
        error_messages={
            "required": "Enter the day the period ends, like 31/3/2026",
            "invalid": "Enter the date as a real date, like 31/3/2026",
        },
    )

    def clean_period_end(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["period_end"]
        last = month_end(day.year, day.month)
        if day != last:
            raise forms.ValidationError(
                f"A period ends on the last day of a month: did you mean {last:%-d/%-m/%Y}?"
            )
        return day


class PublishForm(forms.Form):
    published = forms.BooleanField(required=False, widget=forms.HiddenInput)
