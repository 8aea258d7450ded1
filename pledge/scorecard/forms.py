"""Forms for the scorecard. They check what a person typed; services do the writing."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms

from analytics.indicators.catalogue import CATALOGUE
from boardfiles.periods import period_start
from boardfiles.units import Frequency, Polarity, Unit
from pledge.actions.models import ActionPlan
from pledge.core.forms import EditForm, FileForm, GovukDateField, ReasonField
from pledge.core.models import Agency
from pledge.scorecard.models import HeadlineSection, Kpi, Source
from pledge.strategy.models import Principle, StrategyItem

INDICATOR_CHOICES = [("", "Not from the 903")] + [
    (indicator.code, f"{indicator.title} ({indicator.code})") for indicator in CATALOGUE
]


class ScorecardForm(forms.Form):
    """The scorecard as it stood on a day (a quarter's end, for a board), for one priority or
    agency. Every field is optional: an empty form is today's whole scorecard."""

    as_at = GovukDateField(
        label="As at",
        help_text="The scorecard as it stood on this day, for example 31/3/2026",
        required=False,
        error_messages={"invalid": "Enter the date as a real date, like 31/3/2026"},
    )
    priority = forms.ModelChoiceField(
        queryset=StrategyItem.objects.live().filter(parent__isnull=True),
        required=False,
        empty_label="All priorities",
    )
    agency = forms.ModelChoiceField(
        label="Lead agency",
        queryset=Agency.objects.live(),
        required=False,
        empty_label="All agencies",
    )


class KpiForm(forms.Form):
    reference = forms.CharField(max_length=30, required=False, help_text="For example, 1.4.1")
    name = forms.CharField(
        label="What is measured",
        max_length=300,
        error_messages={"required": "Enter what the KPI measures"},
    )
    description = forms.CharField(
        label="What it means, in plain words",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    lead_agency = forms.ModelChoiceField(
        queryset=Agency.objects.live(),
        required=False,
        empty_label="No lead agency",
    )
    unit = forms.ChoiceField(choices=Unit.choices(), error_messages={"required": "Choose the unit"})
    polarity = forms.ChoiceField(
        label="Which way is better",
        choices=Polarity.choices(),
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether higher or lower is better, or neither"},
    )
    frequency = forms.ChoiceField(
        label="How often it is reported",
        choices=Frequency.choices(),
        error_messages={"required": "Choose how often it is reported"},
    )
    source = forms.ChoiceField(
        label="Where the figures come from",
        choices=Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the figures come from"},
    )
    indicator = forms.ChoiceField(label="903 indicator", choices=INDICATOR_CHOICES, required=False)
    tolerance = forms.DecimalField(
        label="Tolerance",
        help_text="How far from target still counts as close (amber), in the KPI's unit",
        min_value=0,
        max_digits=12,
        decimal_places=3,
        initial=0,
        error_messages={"invalid": "Enter the tolerance as a number, like 2 or 0.5"},
    )
    overdue_after_days = forms.IntegerField(
        label="Days after a period ends before its figure is overdue",
        min_value=0,
        max_value=366,
        initial=30,
        error_messages={"invalid": "Enter a whole number of days, like 30"},
    )
    comparator_measure = forms.CharField(
        label="Published comparator",
        help_text="The measure's name in DfE's file, to show England's figure beside it",
        max_length=300,
        required=False,
    )
    headline_section = forms.ChoiceField(
        label="On the headline data",
        help_text="Show its latest figure on the public headline data and in the board pack, "
        "beside the 903's figures (for the public, a count of 1 to 5 children is not shown)",
        choices=[("", "Not shown there"), *HeadlineSection.choices],
        required=False,
    )
    priorities = forms.ModelMultipleChoiceField(
        queryset=StrategyItem.objects.live().order_by("strategy", "reference"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    principles = forms.ModelMultipleChoiceField(
        queryset=Principle.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )


class KpiEditForm(KpiForm, EditForm):
    """A KPI's details, changed from the version the officer opened (ADR 0014)."""

    reason = ReasonField()

    def __init__(self, *args: Any, kpi: Kpi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(kpi)


class TargetForm(EditForm):
    words = forms.CharField(
        label="Target",
        help_text='As the board wrote it: "less than 10% (currently 12%)", "from 87% to 100% by '
        'March 2027", "maintain 95-100%", "at or above the England average", or "no target"',
        max_length=500,
        required=False,
    )
    applies_from = GovukDateField(
        label="Applies from",
        error_messages={
            "required": "Enter the date the target applies from",
            "invalid": "Enter the date as a real date, like 1/4/2026",
        },
    )
    reason = ReasonField()

    def __init__(self, *args: Any, kpi: Kpi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(kpi)


class ReadingForm(EditForm):
    period_end = GovukDateField(
        label="Last day of the period",
        help_text="For example, 31/3/2026",
        error_messages={
            "required": "Enter the last day of the period the figure is for",
            "invalid": "Enter the last day of the period as a real date, like 31/3/2026",
        },
    )
    value = forms.DecimalField(
        max_digits=20,
        decimal_places=6,
        required=False,  # or say why there is none: the form insists on one of the two
        help_text="For 12.5%, enter 12.5. If there is no figure, leave it empty and say why below",
        error_messages={"invalid": "Enter the value as a number, like 12.5"},
    )
    numerator = forms.DecimalField(
        max_digits=20,
        decimal_places=6,
        required=False,
        help_text="For a percentage or rate: how many",
        error_messages={"invalid": "Enter the numerator as a number"},
    )
    denominator = forms.DecimalField(
        max_digits=20,
        decimal_places=6,
        required=False,
        help_text="For a percentage or rate: out of how many",
        error_messages={"invalid": "Enter the denominator as a number"},
    )
    not_available = forms.CharField(
        label="If there is no figure, why",
        max_length=300,
        required=False,
    )
    commentary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    reason = ReasonField()

    def __init__(self, *args: Any, kpi: Kpi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.frequency = kpi.frequency
        self.start_from(kpi)  # a figure entered meanwhile is a change the person must see

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("value") is None and not data.get("not_available") and not self.errors:
            self.add_error("value", "Enter the value, or say why there is no figure")
        denominator = data.get("denominator")
        if denominator is not None and denominator <= 0:
            self.add_error("denominator", "The denominator must be more than 0")
        return data

    @property
    def period_start(self) -> datetime.date:
        return period_start(self.frequency, self.cleaned_data["period_end"])


class KpiUploadForm(FileForm):
    file = forms.FileField(
        label="KPI file",
        help_text="A CSV, Excel (.xlsx) or Word (.docx) file with the KPIs in a table: a list of "
        "measures, a KPI framework, or a committee paper's scorecard",
        error_messages={
            "required": "Choose the file that holds the KPIs",
            "empty": "The chosen file is empty",
        },
    )
    targets_from = GovukDateField(
        label="Targets apply from",
        help_text="The first day the file's targets apply, for example 1 4 2026",
    )
    plan = forms.ModelChoiceField(
        label="Plan whose actions serve these KPIs (optional)",
        help_text="Actions the file names are matched in this plan by reference",
        queryset=ActionPlan.objects.live(),
        required=False,
        empty_label="No plan: do not link actions",
    )


class ReadyMadeForm(forms.Form):
    references = forms.MultipleChoiceField(
        label="Measures to add",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one measure to add"},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["references"]).choices = choices
