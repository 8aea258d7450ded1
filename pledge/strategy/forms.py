"""Forms for the strategy and pledge: shapes and required fields; services check domain rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from pledge.core.forms import EditForm, ReasonField, clean_period, period_fields
from pledge.strategy.models import ItemKind, PledgePromise, Principle, Strategy, StrategyItem
from pledge.strategy.selectors import item_descendant_ids


class StrategyForm(EditForm):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the strategy's title"}
    )
    starts_on, ends_on = period_fields(
        "the strategy", start_label="Start date", end_label="End date", end_example="31/3/2029"
    )
    vision = forms.CharField(
        label="Vision", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    plain_vision = forms.CharField(
        label="Vision in plain words",
        required=False,
        help_text='Written to children and young people: "We want you to..."',
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = ReasonField()

    def __init__(self, *args: Any, strategy: Strategy | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(strategy)
        if strategy is None:
            del self.fields["reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        clean_period(self, data)
        return data


class StrategyItemForm(EditForm):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=ItemKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it is a priority, outcome or workstream"},
    )
    reference = forms.CharField(
        max_length=20,
        help_text="How the board refers to it, like 1, 1.1 or 3e",
        error_messages={"required": "Enter a reference, like 1, 1.1 or 3e"},
    )
    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter a title, like Health and wellbeing"}
    )
    parent = forms.ModelChoiceField(
        label="Sits under",
        queryset=StrategyItem.objects.none(),
        required=False,
        empty_label="Nothing: it is at the top of the strategy",
    )
    formal_text = forms.CharField(
        label="Formal text",
        required=False,
        help_text="As the strategy document words it",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    plain_text = forms.CharField(
        label="In plain words",
        required=False,
        help_text='Written to children and young people: "We will help you..."',
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = ReasonField()

    def __init__(
        self, *args: Any, strategy: Strategy, item: StrategyItem | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(item)
        parents = strategy.items.live()
        if item is not None:
            parents = parents.exclude(pk__in={item.pk, *item_descendant_ids(item)})
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["reference"].validators.extend(
            StrategyItem._meta.get_field("reference").validators
        )
        if item is None:
            del self.fields["reason"]


class MappingForm(EditForm):
    principles = forms.ModelMultipleChoiceField(
        label="Corporate Parenting Principles it answers",
        queryset=Principle.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    promises = forms.ModelMultipleChoiceField(
        label="Pledge promises it answers",
        queryset=PledgePromise.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reviewed = forms.BooleanField(
        label="I have reviewed this mapping and it is right",
        required=False,
        help_text="The strategy page shows which mappings nobody has reviewed yet",
    )
    reason = ReasonField()

    def __init__(self, *args: Any, item: StrategyItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(item)
        # Live promises, plus any archived since they were linked, so saving keeps those links.
        linked = [p.pk for p in item.promises.all()]
        self.fields["promises"].queryset = item.strategy.authority.promises.filter(  # type: ignore[attr-defined]
            Q(archived_at__isnull=True) | Q(pk__in=linked)
        )

    def principle_hints(self) -> dict[str, str]:
        return {str(p.pk): p.statutory_text for p in Principle.objects.all()}


class PromiseForm(EditForm):
    reference = forms.CharField(
        max_length=20,
        help_text="Its number in the pledge, like 1",
        error_messages={"required": "Enter the promise's number, like 1"},
    )
    text = forms.CharField(
        label="Promise",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As the pledge words it",
        error_messages={"required": "Enter the promise"},
    )
    plain_text = forms.CharField(
        label="In plain words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Written to children and young people, if the pledge's words are not already",
    )
    reason = ReasonField()

    def __init__(self, *args: Any, promise: PledgePromise | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(promise)
        self.fields["reference"].validators.extend(
            PledgePromise._meta.get_field("reference").validators
        )
        if promise is None:
            del self.fields["reason"]
