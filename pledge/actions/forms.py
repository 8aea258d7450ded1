"""Forms for action plans."""

from __future__ import annotations

import datetime
from pathlib import PurePath
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from boardfiles.limits import size_problem
from boardfiles.plans import COLUMN_LABELS
from pledge.actions.models import ActionPlan, ActionStatus, DeliveryRag, NamedLead
from pledge.actions.selectors import ActionFilters
from pledge.core.forms import (
    EditForm,
    GovukDateField,
    ReasonField,
    VersionField,
    clean_period,
    period_fields,
)
from pledge.core.models import Agency
from pledge.strategy.models import Principle, Strategy, StrategyItem


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
        queryset=Strategy.objects.live(),
        empty_label=None,
        error_messages={"required": "Select the strategy this plan delivers"},
    )
    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Enter the plan's title, like Action plan 2026 to 2027"},
    )
    starts_on, ends_on = period_fields(
        "the plan",
        start_label="First day of the plan",
        end_label="Last day of the plan",
        end_example="31/3/2027",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        too_large = size_problem(upload.name, upload.size)  # before anything reads it
        if too_large:
            raise forms.ValidationError(too_large)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        clean_period(self, data)
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


STATUS_CHOICES = ActionStatus.choices
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf",
    ".docx",
    ".doc",
    ".xlsx",
    ".xls",
    ".csv",
    ".txt",
    ".png",
    ".jpg",
    ".jpeg",
    ".odt",
    ".ods",
    ".pptx",
}
RAG_CHOICES = [("", "Not rated"), *DeliveryRag.choices]


class ProgressUpdateForm(forms.Form):
    """One action's update: status, delivery RAG with its commentary, evidence, and the version
    of the action the person saw when they started it."""

    version = VersionField()

    status = forms.ChoiceField(
        choices=STATUS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the action's status"},
    )
    rag = forms.ChoiceField(
        label="Delivery RAG",
        choices=RAG_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text="Your judgement of how delivery is going. Only live actions are rated.",
    )
    commentary = forms.CharField(
        label="What has happened since the last update?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Needed whenever the action is rated: say why it is red, amber or green",
    )
    as_at = GovukDateField(
        label="As at",
        error_messages={
            "required": "Enter the date this update is as at",
            "invalid": "Enter the date as a real date, like 1/4/2026",
        },
    )
    new_due = forms.CharField(
        label="New by when",
        required=False,
        max_length=200,
        help_text="Only if rescheduled with approval: the original date is kept",
    )
    link = forms.URLField(
        label="Link to evidence",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://example.org/report"},
    )
    file = forms.FileField(label="Evidence file", required=False)

    def clean_as_at(self) -> datetime.date:
        as_at: datetime.date = self.cleaned_data["as_at"]
        if as_at > timezone.localdate():
            raise forms.ValidationError("The as at date must be today or in the past")
        return as_at

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if file is None:
            return None
        if file.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError("The evidence file must be smaller than 10 MB")
        if PurePath(file.name).suffix.lower() not in EVIDENCE_TYPES:
            raise forms.ValidationError(
                "The evidence file must be a PDF, Word, Excel, CSV, text or image file"
            )
        return file

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rag") and not (data.get("commentary") or "").strip():
            self.add_error(
                "commentary",
                "Say why the action is rated " + DeliveryRag(data["rag"]).label.lower(),
            )
        return data


class BulkUpdateForm(forms.Form):
    """Updates to many actions in one form: a status, RAG and commentary per action. Rows left
    as they were are not posted."""

    def __init__(self, *args: Any, actions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actions = actions
        for action in actions:
            key, name = str(action.pk), f"Action {action.reference or action.pk}"
            # Optional: an action assigned while the page was open arrives with no row at all.
            self.fields[f"status_{key}"] = forms.ChoiceField(
                label="Status",
                choices=STATUS_CHOICES,
                initial=action.status,
                required=False,
                error_messages={"invalid_choice": f"{name}: choose a status from the list"},
            )
            self.fields[f"version_{key}"] = VersionField(initial=action.version)
            self.fields[f"rag_{key}"] = forms.ChoiceField(
                label="Delivery RAG",
                choices=RAG_CHOICES,
                required=False,
                initial=action.rag,
                error_messages={"invalid_choice": f"{name}: choose a RAG from the list"},
            )
            self.fields[f"commentary_{key}"] = forms.CharField(
                label="Commentary",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Needed whenever you give a RAG: say why",
            )
            self.fields[f"link_{key}"] = forms.URLField(
                label="Link to evidence",
                required=False,
                assume_scheme="https",
                max_length=500,
                error_messages={
                    "invalid": f"{name}: enter a web address, like https://example.org",
                    "max_length": f"{name}: the link is longer than 500 characters",
                },
            )

    def changed_actions(self) -> list[tuple[Any, dict[str, Any]]]:
        """The actions whose row says something new, with what it says."""
        changed = []
        for action in self.actions:
            key = str(action.pk)
            if f"status_{key}" not in self.data:
                continue  # not on the page when it was opened: nothing was said about it
            row: dict[str, Any] = {
                name: self.cleaned_data.get(f"{name}_{key}") or ""
                for name in ("status", "rag", "commentary", "link")
            }
            row["version"] = self.cleaned_data.get(f"version_{key}")
            row["status"] = row["status"] or action.status
            if (
                row["status"] != action.status
                or row["rag"] != action.rag
                or row["commentary"].strip()
                or row["link"]
            ):
                changed.append((action, row))
        return changed

    def row(self, action: Any) -> dict[str, forms.BoundField]:
        return {
            name: self[f"{name}_{action.pk}"]
            for name in ("status", "rag", "commentary", "link", "version")
        }


class ActionFilterForm(forms.Form):
    plan = forms.ModelChoiceField(
        queryset=ActionPlan.objects.live(),
        required=False,
        empty_label="All plans",
    )
    priority = forms.ModelChoiceField(
        queryset=StrategyItem.objects.live().filter(parent__isnull=True),
        required=False,
        empty_label="All priorities",
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.live(),
        required=False,
        empty_label="All agencies",
    )
    lead = forms.ModelChoiceField(
        queryset=NamedLead.objects.all(), required=False, empty_label="All leads"
    )
    status = forms.ChoiceField(choices=[("", "Any status"), *STATUS_CHOICES], required=False)
    rag = forms.ChoiceField(
        choices=[("", "Any RAG"), *DeliveryRag.choices, ("none", "Not rated")],
        required=False,
        label="RAG",
    )
    overdue = forms.BooleanField(label="Only overdue actions", required=False)

    def filters(self) -> ActionFilters:
        data = self.cleaned_data
        return ActionFilters(
            plan=data["plan"].pk if data.get("plan") else None,
            priority=data["priority"].pk if data.get("priority") else None,
            agency=data["agency"].pk if data.get("agency") else None,
            lead=data["lead"].pk if data.get("lead") else None,
            status=data.get("status") or "",
            rag=data.get("rag") or "",
            overdue=bool(data.get("overdue")),
        )


class ActionEditForm(EditForm):
    reference = forms.CharField(
        max_length=30, required=False, help_text="How the board refers to it, like 1.1.1 or 3e"
    )
    text = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the action"},
    )
    plain_text = forms.CharField(
        label="In plain words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='Written to children and young people: "We will...". Shown to them once approved',
    )
    priority = forms.ModelChoiceField(
        queryset=StrategyItem.objects.none(), required=False, empty_label="No priority"
    )
    principles = forms.ModelMultipleChoiceField(
        label="Corporate Parenting Principles it serves",
        queryset=Principle.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    all_partners = forms.BooleanField(label="All partner agencies are responsible", required=False)
    agencies = forms.ModelMultipleChoiceField(
        label="Responsible agencies",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    leads = forms.ModelMultipleChoiceField(
        label="Named leads",
        queryset=NamedLead.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    new_leads = forms.CharField(
        label="Other named leads",
        required=False,
        max_length=500,
        help_text="Names or roles not listed above, separated by /, like A Kaiser / J Centro",
    )
    success = forms.CharField(
        label="What success will look like",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    measure = forms.CharField(
        label="How we will measure success",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due_text = forms.CharField(
        label="By when",
        max_length=200,
        required=False,
        help_text='A day, a month like "April 2027", a rule like "every June and November", '
        'or "ongoing"',
    )
    due_confirmed = forms.BooleanField(label="The reading of this date is right", required=False)
    reason = ReasonField()

    def __init__(self, *args: Any, action: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(action)
        strategy = action.plan.strategy
        self.fields["priority"].queryset = strategy.items.filter(  # type: ignore[attr-defined]
            Q(archived_at__isnull=True) | Q(pk=action.priority_id)
        )
        linked = list(action.agencies.values_list("pk", flat=True))
        self.fields["agencies"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            Q(authority=strategy.authority, archived_at__isnull=True) | Q(pk__in=linked)
        )
        self.fields["leads"].queryset = strategy.authority.leads.all()  # type: ignore[attr-defined]
        if not action.due_needs_confirmation:
            del self.fields["due_confirmed"]

    def clean_new_leads(self) -> list[str]:
        text = self.cleaned_data.get("new_leads") or ""
        return [name.strip() for name in text.split("/") if name.strip()]


class AgencyMappingForm(forms.Form):
    """For each agency name new to the board: add it, or say which existing agency it is."""

    def __init__(
        self,
        *args: Any,
        names: list[str],
        agencies: list[Agency],
        chosen: dict[str, int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.names = names
        choices = [("", "Add it as a new agency"), *((str(a.pk), a.name) for a in agencies)]
        for index, name in enumerate(names):
            self.fields[f"agency_{index}"] = forms.ChoiceField(
                label=f"\u201c{name}\u201d",
                choices=choices,
                required=False,
                initial=str(chosen.get(name, "")),
                error_messages={
                    "invalid_choice": f"Choose what \u201c{name}\u201d is from the list"
                },
            )

    def choices(self) -> dict[str, int]:
        return {
            name: int(self.cleaned_data[f"agency_{index}"])
            for index, name in enumerate(self.names)
            if self.cleaned_data[f"agency_{index}"]
        }

    def bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields]
