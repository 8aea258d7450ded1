"""Forms for the core app. They validate what a person typed; services do the writing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BoundField
from django.utils import timezone

from boardfiles.limits import MAX_FILE_BYTES, megabytes, size_problem
from boardfiles.problems import FileError
from pledge.core import sign_in
from pledge.core.concurrency import EditConflictError
from pledge.core.errors import UserError
from pledge.core.models import (
    ROLE_DESCRIPTIONS,
    Agency,
    AgencyKind,
    Person,
    Role,
    SignInAttempt,
    Versioned,
)
from pledge.core.periods import END_BEFORE_START
from pledge.core.selectors import agency_list
from pledge.core.services import (
    person_password_set,
    sign_in_attempt_failed,
    sign_in_attempt_refused,
    sign_in_attempt_start,
)
from pledge.core.tasks import send_password_link

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


class VersionField(forms.IntegerField):
    """Hidden: the version of the record the person started from (pledge/core/concurrency.py).

    Optional, so a form sent without it (an old page, a script) is saved as before; whenever it
    is sent, a save from an older version is refused as an edit conflict."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        out_of_date = "This page is out of date. Open it again to make your changes."
        kwargs.setdefault("error_messages", {"invalid": out_of_date})
        super().__init__(required=False, min_value=0, **kwargs)


class EditBoundField(BoundField):
    """A field of an `EditForm`. After an edit conflict, a field the person left as they found it
    shows the record as it is now, so that saving again never puts back what someone else
    changed meanwhile; a field they did change keeps what they typed."""

    form: EditForm

    def value(self) -> Any:
        if self.name in self.form.refreshed:
            return self.field.prepare_value(self.initial)
        return super().value()

    def as_widget(
        self, widget: forms.Widget | None = None, attrs: Any = None, only_initial: bool = False
    ) -> Any:
        if only_initial and self.form.conflicted:  # what the page now shows, as it is now
            return (widget or self.field.widget).render(
                self.html_initial_name,
                self.field.prepare_value(self.initial),
                attrs={"id": self.html_initial_id},
                renderer=self.form.renderer,
            )
        return super().as_widget(widget, attrs, only_initial)


class EditForm(forms.Form):
    """A form that changes one `Versioned` record: it carries the version it started from, and
    (hidden, beside each field) the values it showed, so that after an edit conflict it can
    tell what the person changed from what they left alone (`show_current_version`)."""

    bound_field_class = EditBoundField
    version = VersionField()
    conflicted = False
    refreshed: frozenset[str] = frozenset()  # after a conflict: fields shown as the record is now

    def start_from(self, record: Versioned | None) -> None:
        """Call from `__init__`: the record being changed, or None when adding a new one."""
        if record is None:
            del self.fields["version"]
            return
        self.fields["version"].initial = record.version
        for name, field in self.fields.items():
            field.show_hidden_initial = name != "version"


def show_current_version(form: forms.Form, version: int, name: str = "version") -> None:
    """After an edit conflict, re-show the form with the record's current version, what the
    person changed as they typed it, and (in an `EditForm`, whose `initial` is the record as it
    is now) every field they left alone as it is now: saving again then applies their changes
    over the ones they have been shown, and puts nothing back."""
    if isinstance(form, EditForm):
        changed = set(form.changed_data)  # against the values the page showed them
        form.refreshed = frozenset(form.fields) - changed - {name}
        form.conflicted = True
    data = form.data.copy()  # type: ignore[attr-defined] # a QueryDict, or a dict in tests
    data[name] = str(version)
    form.data = data


class SignInForm(AuthenticationForm):
    """Email and password, within the sign-in limits (pledge/core/sign_in.py, settings.SIGN_IN_*).

    Every answer is one of two messages, the same whether or not the address has an account, and
    every attempt runs the password hasher once, so neither the words nor the time tell."""

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Ask the board's administrator.",
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email"})
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.attempt: SignInAttempt | None = None

    def clean(self) -> dict[str, Any]:
        email = (self.cleaned_data.get("username") or "").strip().lower()
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        now = timezone.now()
        account = sign_in.account_key(email)
        # Counted (and committed) before the password is checked: see sign_in.limits_for.
        attempt = sign_in_attempt_start(
            address=sign_in.client_address(self.request), account=account, now=now
        )
        limits = sign_in.limits_for(
            attempt=attempt,
            known_device=sign_in.is_known_device(self.request, account),
            now=now,
        )
        if limits.refused:
            sign_in_attempt_refused(attempt=attempt)
            sign_in.spend_hashing_time(password)
            raise forms.ValidationError(
                sign_in.too_many_attempts_message(limits.minutes(now)), code="too_many_attempts"
            )
        try:
            cleaned = super().clean()  # the hasher runs here, for an unknown address too
        except forms.ValidationError:
            sign_in_attempt_failed(attempt=attempt, email=email, now=now)
            raise
        self.attempt = attempt
        return cleaned


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
        # The link is made afresh in the worker from the person's id: never a task's argument.
        send_password_link.enqueue(
            person_id=context["user"].pk,
            base_url=f"{context['protocol']}://{context['domain']}",
            kind="reset",
        )


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
    return_files_kept_hours = forms.IntegerField(
        label="Hours a 903 return's files wait for a decision",
        help_text="After this, the children's files and the row-level report of a return that "
        "nobody has stored or discarded are deleted. From 1 to 168 (a week)",
        min_value=1,
        max_value=168,
        error_messages={
            "required": "Enter how many hours a 903 return's files are kept, like 24",
            "invalid": "Enter the hours as a whole number, like 24",
            "min_value": "Keep a 903 return's files for at least 1 hour",
            "max_value": "Keep a 903 return's files for at most 168 hours (a week)",
        },
    )
    uploads_kept_days = forms.IntegerField(
        label="Days other uploads wait for a decision",
        help_text="Plans and KPI files waiting for their preview to be confirmed. From 1 to 90",
        min_value=1,
        max_value=90,
        error_messages={
            "required": "Enter how many days other uploads are kept, like 7",
            "invalid": "Enter the days as a whole number, like 7",
            "min_value": "Keep uploads for at least 1 day",
            "max_value": "Keep uploads for at most 90 days",
        },
    )
    plain_reading_age = forms.IntegerField(
        label="Reading age for words to young people",
        help_text="Officers see each text's reading age as they write it, beside this aim. "
        "GOV.UK writes for a reading age of 9. From 6 to 16",
        min_value=6,
        max_value=16,
        error_messages={
            "required": "Enter the reading age the board aims for, like 9",
            "invalid": "Enter the reading age as a whole number, like 9",
            "min_value": "Enter a reading age of 6 or more",
            "max_value": "Enter a reading age of 16 or less",
        },
    )
    safeguarding_contact = forms.ModelChoiceField(
        label="Safeguarding contact",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Nobody named",
        help_text="Emailed at once when something a young person writes to the board shows signs "
        "of harm or danger. With nobody named, every board officer and participation worker is",
    )
    safeguarding_phone = forms.CharField(
        label="Phone number for worries about a child (optional)",
        max_length=40,
        required=False,
        help_text="The council's number for worries about a child's safety, like its children's "
        "services front door. Shown to young people beside 999 and Childline",
    )
    reason = ReasonField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["safeguarding_contact"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("full_name")


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
    """Call a service for a valid form; a UserError, or a file that cannot be read, becomes an
    error on the form (None returned)."""
    try:
        return service(**kwargs)
    except UserError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        if isinstance(error, EditConflictError) and "version" in form.fields:
            show_current_version(form, error.current_version)
    except FileError as error:  # a file a reader cannot read at all
        form.add_error("file" if "file" in form.fields else None, error.message)
    except ValidationError as error:  # a model's own validation, e.g. a field too long
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    return None


class FileForm(forms.Form):
    """A file upload, every file in it checked by size before anything reads it."""

    max_file_bytes = MAX_FILE_BYTES  # each file sent in the field
    max_total_bytes: int | None = None  # all of them together

    file = forms.FileField(
        label="File",
        error_messages={
            "required": "Choose the file",
            "empty": "The chosen file is empty",
        },
    )

    def clean_file(self) -> Any:
        """Every file sent in the field (the 903 return takes several, and a browser can send
        several to any file field), by its size, before anything reads one: Django has kept
        each file over 2.5 MB on disk, unread."""
        upload = self.cleaned_data["file"]
        getlist = getattr(self.files, "getlist", None)
        files = (getlist(self.add_prefix("file")) if getlist else None) or [upload]
        for file in files:
            too_large = size_problem(file.name, file.size, self.max_file_bytes)
            if too_large:
                raise forms.ValidationError(too_large)
        total = sum(file.size or 0 for file in files)
        if self.max_total_bytes is not None and total > self.max_total_bytes:
            raise forms.ValidationError(
                f"The {len(files)} files come to {megabytes(total)}; Pledge reads up to "
                f"{megabytes(self.max_total_bytes)} at a time. Upload fewer files at a time"
            )
        return upload
