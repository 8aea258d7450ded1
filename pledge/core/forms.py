"""Forms for the core app. They validate what a person typed; services do the writing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template import loader
from django.utils import timezone

from pledge.core.errors import UserError
from pledge.core.models import ROLE_DESCRIPTIONS, Agency, AgencyKind, Person, Role
from pledge.core.periods import END_BEFORE_START
from pledge.core.selectors import agency_list
from pledge.core.services import person_password_set, person_sign_in_failed
from pledge.core.tasks import send_email

REASON_HELP = "Say why, for the record. People reading this record's history will see it."


DATE_HELP = "For example, 1 4 2026 or 2026-04-01"


class GovukDateField(forms.DateField):
    """A date typed in the ways people in England write them."""

    input_formats = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%m-%Y"]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(**kwargs)


def period_fields(
    of: str, *, start_label: str, end_label: str, end_example: str
) -> tuple[GovukDateField, GovukDateField]:
    """The start and end date fields of a period: `of` is what it belongs to ("the plan")."""
    starts_on = GovukDateField(
        label=start_label,
        error_messages={
            "required": f"Enter the date {of} starts",
            "invalid": "Enter the start date as a real date, like 1/4/2026",
        },
    )
    ends_on = GovukDateField(
        label=end_label,
        error_messages={
            "required": f"Enter the date {of} ends",
            "invalid": f"Enter the end date as a real date, like {end_example}",
        },
    )
    return starts_on, ends_on


def clean_period(form: forms.Form, data: dict[str, Any]) -> None:
    """Put the period rule's message on the end date when the period ends before it starts."""
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on and ends_on and ends_on <= starts_on:
        form.add_error("ends_on", END_BEFORE_START)


class ReasonField(forms.CharField):
    """The optional "why" that goes into the audit log with every edit."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Reason for the change")
        kwargs.setdefault("help_text", REASON_HELP)
        super().__init__(required=False, widget=forms.Textarea(attrs={"rows": 2}), **kwargs)


class SignInForm(AuthenticationForm):
    """Email and password, with a lockout after repeated failures (settings.SIGN_IN_*)."""

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Ask the board's administrator.",
        "locked": (
            "You have entered the wrong details too many times. Try again after %(until)s, "
            "or reset your password."
        ),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email"})
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self) -> dict[str, Any]:
        email = (self.cleaned_data.get("username") or "").strip().lower()
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        # Holding the person's row for the whole check makes parallel attempts on one account
        # take turns, so none can slip past the count or succeed once the account is locked.
        # Errors are raised after the block: raising inside would roll back the failure count.
        with transaction.atomic():
            person = Person.objects.select_for_update().filter(email__iexact=email).first()
            now = timezone.now()
            if person is not None and person.is_locked(now):
                failure = self._locked_error(person)
            else:
                try:
                    return super().clean()
                except forms.ValidationError as error:
                    failure = error
                if person is not None and person.is_active:
                    person = person_sign_in_failed(person=person, now=now)
                    if person.is_locked(now):
                        failure = self._locked_error(person)
        raise failure

    def _locked_error(self, person: Person) -> forms.ValidationError:
        until = timezone.localtime(person.locked_until).strftime("%-I:%M%p").lower()
        return forms.ValidationError(
            self.error_messages["locked"], code="locked", params={"until": until}
        )


class PasswordResetRequestForm(PasswordResetForm):
    """Sends the reset link by the task queue, so a slow mail server never holds up the page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )

    def get_users(self, email: str) -> Iterator[Person]:
        """Everyone active with this address, including the invited who never chose a password,
        so an expired invitation can be renewed by asking for a reset link."""
        return iter(Person.objects.filter(email__iexact=email, is_active=True))

    def send_mail(  # noqa: PLR0917 - Django's signature
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.enqueue(subject=subject, body=body, to=[to_email])


class ChoosePasswordForm(SetPasswordForm):
    """Choose a password from an invitation or reset link; saving goes through the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = "At least 12 characters. Use 3 random words."
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        mismatch = "The passwords do not match. Type them again."
        self.error_messages["password_mismatch"] = mismatch

    def save(self, commit: bool = True) -> Person:
        return person_password_set(person=self.user, password=self.cleaned_data["new_password1"])


class AgencyForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the agency's name"})
    short_name = forms.CharField(
        max_length=40, required=False, help_text="What people call it in tables, like SCT or SMBC"
    )
    kind = forms.ChoiceField(
        label="Kind of agency",
        choices=AgencyKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of agency"},
    )
    reason = ReasonField()

    def __init__(self, *args: Any, authority_id: int, agency: Agency | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.authority_id, self.agency = authority_id, agency
        if agency is None:
            del self.fields["reason"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Agency.objects.filter(authority_id=self.authority_id, name__iexact=name)
        if self.agency is not None:
            clash = clash.exclude(pk=self.agency.pk)
        if clash.exists():
            raise forms.ValidationError("There is already an agency with this name")
        return name


class AuthorityForm(forms.Form):
    name = forms.CharField(
        label="Authority's name",
        max_length=200,
        error_messages={"required": "Enter the authority's name, like Northfield Council"},
    )
    board_name = forms.CharField(
        label="Board's name",
        max_length=200,
        help_text="Shown at the top of every page",
        error_messages={"required": "Enter the board's name"},
    )
    reason = ReasonField()


class ArchiveForm(forms.Form):
    reason = ReasonField(label="Why are you archiving this?")


class PersonForm(forms.Form):
    """Invite someone (with email) or change their details and roles (without)."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    full_name = forms.CharField(
        max_length=150, error_messages={"required": "Enter their full name"}
    )
    job_title = forms.CharField(max_length=150, required=False)
    agency = forms.ModelChoiceField(
        label="Organisation they work for",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Not with a partner agency",
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select at least one role"},
    )
    lead_agencies = forms.ModelMultipleChoiceField(
        label="Agencies they lead for",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only for agency leads: they update these agencies' actions and KPIs",
    )
    is_active = forms.BooleanField(
        label="They can sign in", required=False, help_text="Clear this to switch the account off"
    )
    reason = ReasonField()

    role_hints = ROLE_DESCRIPTIONS

    def __init__(self, *args: Any, person: Person | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        agencies = agency_list()
        if person is not None:  # keep links to agencies archived since, or saving drops them
            linked = [a.pk for a in person.lead_agencies.all()] + [person.agency_id]
            agencies = Agency.objects.filter(Q(archived_at__isnull=True) | Q(pk__in=linked))
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["lead_agencies"].queryset = agencies  # type: ignore[attr-defined]
        if person is None:
            del self.fields["is_active"], self.fields["reason"]
        else:
            del self.fields["email"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Person.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Someone with this email address already has an account")
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if Role.AGENCY_LEAD in set(data.get("roles") or []) and not data.get("lead_agencies"):
            self.add_error("lead_agencies", "Select the agencies this agency lead updates for")
        return data


def run_service(form: forms.Form, service: Any, /, **kwargs: Any) -> Any:
    """Call a service for a valid form; a UserError becomes an error on the form (None returned)."""
    try:
        return service(**kwargs)
    except UserError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    except ValidationError as error:  # a model's own validation, e.g. a field too long
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    return None
