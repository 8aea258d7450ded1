"""Forms for the Local Offer: the officers' entry and place forms, and the public search."""

from __future__ import annotations

from typing import Any

from django import forms

from pledge.core.forms import EditForm, GovukDateField, ReasonField
from pledge.core.models import Agency, Authority
from pledge.offer.models import AREAS, ENTITLEMENT_TYPES, LocalOfferEntry, Location, TaxonomyTerm
from pledge.offer.services import COLUMNS, EntryDetails

AGE_HELP = 'Whole years, inclusive: "until your 25th birthday" is 24'


def _age_field(label: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=120,
        help_text=help_text,
        error_messages={
            "invalid": f"{label} must be a whole number, like 18",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be 120 or less",
        },
    )


def _money_field(label: str, help_text: str, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text=help_text,
        error_messages={
            "required": f"Enter {label.lower()}, or 0",
            "invalid": f"{label} must be an amount in pounds, like 2000 or 57.50",
            "min_value": f"{label} must be 0 or more",
            "max_decimal_places": f"{label} must be in pounds and pence, like 57.50",
            "max_digits": f"{label} must be less than £10,000,000",
        },
    )


class EntryForm(EditForm):
    title = forms.CharField(
        max_length=200,
        help_text="What young people would call it, like Setting up home allowance",
        error_messages={"required": "Enter a title"},
    )
    description = forms.CharField(
        label="What it is",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text='Written to young people: "You can get..."',
        error_messages={"required": "Enter what it is, written to young people"},
    )
    entitlement_type = forms.ModelChoiceField(
        label="Is it a statutory entitlement or a discretionary offer?",
        queryset=TaxonomyTerm.objects.filter(taxonomy__slug=ENTITLEMENT_TYPES),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select whether it is a statutory entitlement or a discretionary offer"
        },
    )
    areas = forms.ModelMultipleChoiceField(
        label="Which areas of the Local Offer is it in?",
        queryset=TaxonomyTerm.objects.filter(taxonomy__slug=AREAS),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select at least one area of the Local Offer"},
    )
    minimum_age = _age_field("Youngest age", "Leave blank if there is no youngest age")
    maximum_age = _age_field("Oldest age", AGE_HELP)
    eligibility = forms.CharField(
        label="Who can get it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, 13 weeks in care after your 14th birthday",
    )
    what_you_get = forms.CharField(
        label="What you get", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    amount = _money_field(
        "Value in pounds",
        "For a grant or bursary: shown in figures and words, like £2,000 (two thousand pounds)",
    )
    you_pay = _money_field("What young people pay", "In pounds: 0 if it is free", required=True)
    you_pay_description = forms.CharField(
        label="What they pay, in words",
        required=False,
        max_length=300,
        help_text="For example, £1 a swim. Leave blank if it is free",
    )
    funder = forms.CharField(
        label="Who pays for it",
        required=False,
        max_length=200,
        help_text="For example, Northfield Council",
    )
    agency = forms.ModelChoiceField(
        label="Who provides it",
        queryset=Agency.objects.none(),
        error_messages={"required": "Select who provides it"},
    )
    how_to_get_it = forms.CharField(
        label="How to get it", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    url = forms.URLField(
        label="Web page",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.northfield.gov.uk/..."},
    )
    email = forms.EmailField(
        required=False,
        error_messages={"invalid": "Enter an email address, like leaving.care@northfield.gov.uk"},
    )
    phone = forms.CharField(required=False, max_length=30)
    contact_name = forms.CharField(label="Contact's name", required=False, max_length=150)
    contact_title = forms.CharField(label="Contact's job title", required=False, max_length=150)
    locations = forms.ModelMultipleChoiceField(
        label="Places young people can go for it",
        queryset=Location.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    applies_outside_area = forms.BooleanField(
        label="Care leavers living outside the area can get it", required=False
    )
    alert = forms.CharField(
        label="Short-term notice",
        required=False,
        max_length=500,
        help_text="Shown at the top of the entry, like: The office is closed until 2 January",
    )
    alert_until = GovukDateField(label="Show the notice until", required=False)
    review_by = GovukDateField(
        label="Check it again by",
        error_messages={"required": "Enter the date to check it again by"},
    )
    is_published = forms.BooleanField(label="Publish it in the public Local Offer", required=False)
    reason = ReasonField()

    def __init__(
        self,
        *args: Any,
        authority: Authority,
        entry: LocalOfferEntry | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(entry)
        agencies = Agency.objects.live().filter(authority=authority)
        places = Location.objects.live().filter(authority=authority)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["locations"].queryset = places  # type: ignore[attr-defined]
        if not places.exists():
            del self.fields["locations"]
        if entry is None:
            del self.fields["reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error(
                "maximum_age", "Oldest age must be the same as or more than youngest age"
            )
        return data

    def details(self) -> EntryDetails:
        data = dict(self.cleaned_data)
        data.pop("reason", None)
        data.pop("version", None)
        data["areas"] = list(data["areas"])
        data["locations"] = list(data.get("locations") or [])
        return EntryDetails(**data)

    @staticmethod
    def initial_for(entry: LocalOfferEntry) -> dict[str, Any]:
        terms = list(entry.terms.select_related("taxonomy"))
        return {
            **{name: getattr(entry, name) for name in COLUMNS},
            "entitlement_type": next(
                (t for t in terms if t.taxonomy.slug == ENTITLEMENT_TYPES), None
            ),
            "areas": [t for t in terms if t.taxonomy.slug == AREAS],
            "locations": list(entry.locations.all()),
        }


class CheckForm(forms.Form):
    review_by = GovukDateField(
        label="Check it again by",
        error_messages={"required": "Enter the date to check it again by"},
    )
    reason = ReasonField(label="What did you check? (optional)", help_text="For the record")


class LocationForm(EditForm):
    name = forms.CharField(
        max_length=200,
        help_text="For example, Northfield Leaving Care Hub",
        error_messages={"required": "Enter the place's name"},
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it is like and when to go, written to young people",
    )
    address_1 = forms.CharField(
        label="Building and street",
        max_length=200,
        error_messages={"required": "Enter the building and street"},
    )
    city = forms.CharField(
        label="Town or city", max_length=100, error_messages={"required": "Enter the town or city"}
    )
    county = forms.CharField(max_length=100, error_messages={"required": "Enter the county"})
    postcode = forms.RegexField(
        regex=r"^\s*[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\s*$",
        max_length=10,
        error_messages={
            "required": "Enter the postcode",
            "invalid": "Enter a full UK postcode, like NF1 2AB",
        },
    )
    reason = ReasonField()

    def __init__(self, *args: Any, location: Location | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_from(location)
        if location is None:
            del self.fields["reason"]


class DirectorySearchForm(forms.Form):
    """The public directory's search: every field optional, an age checked."""

    q = forms.CharField(
        label="Search the Local Offer",
        required=False,
        max_length=200,
        error_messages={"max_length": "Search for 200 characters or fewer"},
    )
    age = forms.IntegerField(
        label="How old are you?",
        required=False,
        min_value=0,
        max_value=120,
        error_messages={
            "invalid": "Enter your age as a number, like 19",
            "min_value": "Enter your age as a number, like 19",
            "max_value": "Enter your age as a number, like 19",
        },
    )
    area = forms.ChoiceField(
        label="Area",
        required=False,
        error_messages={"invalid_choice": "Select an area from the list"},
    )
    type = forms.ChoiceField(
        label="Type",
        required=False,
        error_messages={"invalid_choice": "Select a type from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        terms = TaxonomyTerm.objects.select_related("taxonomy").order_by("position")
        self.fields["area"].choices = [("", "All areas")] + [  # type: ignore[attr-defined]
            (t.slug, t.name) for t in terms if t.taxonomy.slug == AREAS
        ]
        self.fields["type"].choices = [("", "Statutory and discretionary")] + [  # type: ignore[attr-defined]
            (t.slug, t.name) for t in terms if t.taxonomy.slug == ENTITLEMENT_TYPES
        ]
