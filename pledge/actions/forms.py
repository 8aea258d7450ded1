"""Forms for action plans."""

from __future__ import annotations

from typing import Any

from django import forms

from pledge.actions.importing.plan import COLUMN_LABELS, Column
from pledge.actions.importing.tables import MAX_BYTES
from pledge.strategy.forms import GovukDateField
from pledge.strategy.models import Strategy


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label="Plan file",
        help_text="A CSV, Excel (.xlsx) or Word (.docx) file with the plan in a table",
        error_messages={
            "required": "Choose the file that holds the plan",
            "empty": "The chosen file is empty",
        },
    )
    strategy = forms.ModelChoiceField(
        label="Strategy it delivers",
        queryset=Strategy.objects.filter(archived_at__isnull=True),
        empty_label=None,
        error_messages={"required": "Select the strategy this plan delivers"},
    )
    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Enter the plan's title, like Action plan 2026 to 2027"},
    )
    starts_on = GovukDateField(
        label="First day of the plan",
        error_messages={
            "required": "Enter the date the plan starts",
            "invalid": "Enter the start date as a real date, like 1/4/2026",
        },
    )
    ends_on = GovukDateField(
        label="Last day of the plan",
        error_messages={
            "required": "Enter the date the plan ends",
            "invalid": "Enter the end date as a real date, like 31/3/2027",
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_BYTES // 1024 // 1024} MB. Save the plan's table "
                "on its own and choose that."
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", "The end date must be after the start date")
        return data


class ColumnMappingForm(forms.Form):
    """One choice for each heading the importer did not recognise."""

    def __init__(self, *args: Any, headings: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headings = headings
        choices = [
            ("", "Choose what this column holds"),
            *((c.value, label) for c, label in COLUMN_LABELS.items()),
        ]
        for index, heading in enumerate(headings):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=f"What does the column \u201c{heading}\u201d hold?",
                choices=choices,
                error_messages={"required": f"Choose what the column \u201c{heading}\u201d holds"},
            )

    def choices(self) -> dict[str, str]:
        return {
            heading: self.cleaned_data[f"column_{index}"]
            for index, heading in enumerate(self.headings)
        }

    def bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields]


__all__ = ["Column", "ColumnMappingForm", "PlanUploadForm"]
