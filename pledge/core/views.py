"""Views for the board's home, sign-in, agencies and people: forms validate, services write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from pledge.core import services
from pledge.core import sign_in as sign_in_limits
from pledge.core.audit import history_for
from pledge.core.forms import (
    AgencyForm,
    ArchiveForm,
    AuthorityForm,
    ChoosePasswordForm,
    PasswordResetRequestForm,
    PersonForm,
    SignInForm,
    run_service,
)
from pledge.core.models import Agency, Authority, Person
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.readability import readability
from pledge.core.selectors import agency_list, authority_current, person_list
from pledge.core.tokens import tokens


def authority_or_404() -> Authority:
    """The board's authority, or Not Found before the board is set up."""
    authority = authority_current()
    if authority is None:
        raise Http404("The board has not been set up yet: run `manage.py load_demo` or set it up")
    return authority


def whole_number(value: str) -> int | None:
    """The whole number a submitted value holds, or None if it is not one."""
    return int(value) if value.isascii() and value.isdecimal() else None


def query_int(request: HttpRequest, name: str) -> int | None:
    """A whole number from the query string, or None if it is missing or not one."""
    return whole_number(request.GET.get(name, ""))


def posted(request: HttpRequest) -> Any:
    """The submitted data on a POST, even if empty, so an empty form is validated, not reshown."""
    return request.POST if request.method == "POST" else None


# Public pages ---------------------------------------------------------------------------------


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("reports:dashboard")
    return render(request, "core/home.html")


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@login_not_required
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "core/signed_out.html")


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and the smoke test: the process is up and can reach its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# Sign-in ----------------------------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self, request: HttpRequest | None = None) -> str:
        # Never back to the sign-in page itself: a signed-in person would loop there.
        url = super().get_redirect_url()
        return "" if url.startswith(str(reverse_lazy("sign-in"))) else url

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        person = form.get_user()
        services.person_signed_in(person=person, attempt=getattr(form, "attempt", None))
        response = super().form_valid(form)
        sign_in_limits.remember_device(response, person.email)
        return response


sign_in = login_not_required(SignInView.as_view())
sign_out = auth_views.LogoutView.as_view()

password_reset = login_not_required(
    auth_views.PasswordResetView.as_view(
        template_name="core/password_reset.html",
        form_class=PasswordResetRequestForm,
        token_generator=tokens,
        success_url=reverse_lazy("password-reset-sent"),
    )
)
password_reset_sent = login_not_required(
    auth_views.PasswordResetDoneView.as_view(template_name="core/password_reset_sent.html")
)


class PasswordChooseView(auth_views.PasswordResetConfirmView):
    template_name = "core/password_choose.html"
    token_generator = tokens  # each kind of link with its own lifetime
    form_class = ChoosePasswordForm
    success_url = reverse_lazy("password-reset-complete")

    def form_valid(self, form: SetPasswordForm[Person]) -> HttpResponse:
        response = super().form_valid(form)
        # The link came by the account's email: this browser is its owner's, so the limit on
        # wrong passwords from anywhere does not stop it signing in (pledge/core/sign_in.py).
        sign_in_limits.remember_device(response, form.user.email)
        return response


password_reset_confirm = login_not_required(PasswordChooseView.as_view())
password_reset_complete = login_not_required(
    auth_views.PasswordResetCompleteView.as_view(template_name="core/password_chosen.html")
)


# The board --------------------------------------------------------------------------------------


@permission_required("core.manage_authority")
def board_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    authority = authority_or_404()
    initial = {name: getattr(authority, name) for name in services.AUTHORITY_FIELDS}
    form = AuthorityForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.authority_update(actor=request.user, authority=authority, **form.cleaned_data)
        messages.success(request, "Board settings saved")
        return redirect("board-settings")
    return render(
        request,
        "core/board_settings.html",
        {"form": form, "authority": authority, "history": history_for(authority)},
    )


@require_POST
@permission_required("core.view_board")
def reading_age(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reading age of words being written to young people, shown beside them as they type
    (the `plain_words` field in core/forms.html)."""
    return render(
        request,
        "core/reading_age.html",
        {
            "readability": readability(request.POST.get("text", "")),
            "target": authority_or_404().plain_reading_age,
        },
    )


@permission_required("core.view_board")
def agencies(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "core/agencies.html", {"agencies": agency_list(include_archived=True)})


@permission_required("core.view_board")
def agency_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk)
    return render(
        request,
        "core/agency_detail.html",
        {"agency": agency, "leads": agency.leads.all(), "history": history_for(agency)},
    )


@permission_required("core.manage_agencies")
def agency_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    authority = authority_or_404()
    form = AgencyForm(posted(request), authority_id=authority.pk)
    if request.method == "POST" and form.is_valid():
        agency = services.agency_create(
            actor=request.user,
            authority=authority,
            name=form.cleaned_data["name"],
            short_name=form.cleaned_data["short_name"],
            kind=form.cleaned_data["kind"],
        )
        messages.success(request, f"{agency} added")
        return redirect("agency", pk=agency.pk)
    return render(request, "core/agency_form.html", {"form": form, "agency": None})


@permission_required("core.manage_agencies")
def agency_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk)
    initial = {"name": agency.name, "short_name": agency.short_name, "kind": agency.kind}
    form = AgencyForm(
        posted(request), initial=initial, authority_id=agency.authority_id, agency=agency
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form, services.agency_update, actor=request.user, agency=agency, **form.cleaned_data
        )
    ):
        messages.success(request, "Agency updated")
        return redirect("agency", pk=agency.pk)
    return render(request, "core/agency_form.html", {"form": form, "agency": agency})


@permission_required("core.manage_agencies")
def agency_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk)
    return archive_or_restore(
        request,
        record=agency,
        archive=services.agency_archive,
        restore=services.agency_restore,
        back_url=reverse("agency", kwargs={"pk": pk}),
        consequence="It stays in the history of everything it worked on, but cannot be given new "
        "actions or KPIs.",
        record_kwarg="agency",
    )


def archive_or_restore(
    request: AuthenticatedHttpRequest,
    *,
    record: Any,
    archive: Any,
    restore: Any,
    back_url: str,
    consequence: str,
    record_kwarg: str,
) -> HttpResponse:
    """The confirmation page shared by everything that is archived rather than deleted."""
    restoring = record.is_archived
    form = ArchiveForm(posted(request))
    if request.method == "POST" and form.is_valid():
        service = restore if restoring else archive
        done = run_service(
            form,
            service,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            **{record_kwarg: record},
        )
        if done is not None:
            messages.success(request, f"{record} {'restored' if restoring else 'archived'}")
            return HttpResponseRedirect(back_url)
    return render(
        request,
        "core/archive_confirm.html",
        {
            "form": form,
            "record": record,
            "restoring": restoring,
            "back_url": back_url,
            "consequence": consequence,
        },
    )


# People -----------------------------------------------------------------------------------------


@permission_required("core.manage_people")
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "core/people.html", {"people": person_list()})


@permission_required("core.manage_people")
def person_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PersonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        person = run_service(
            form,
            services.person_invite,
            actor=request.user,
            base_url=request.build_absolute_uri("/"),
            **form.cleaned_data,
        )
        if person:
            messages.success(request, f"Invitation sent to {person.email}")
            return redirect("person", pk=person.pk)
    return render(request, "core/person_form.html", {"form": form, "person": None})


@permission_required("core.manage_people")
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(person_list(), pk=pk)
    return render(
        request, "core/person_detail.html", {"person": person, "history": history_for(person)}
    )


@permission_required("core.manage_people")
def person_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(person_list(), pk=pk)
    initial = {
        "full_name": person.full_name,
        "job_title": person.job_title,
        "agency": person.agency,
        "roles": sorted(person.roles),
        "lead_agencies": list(person.lead_agencies.all()),
        "is_active": person.is_active,
    }
    form = PersonForm(posted(request), initial=initial, person=person)
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form, services.person_update, actor=request.user, person=person, **form.cleaned_data
        )
        if updated:
            messages.success(request, f"{person} updated")
            return redirect("person", pk=person.pk)
    return render(request, "core/person_form.html", {"form": form, "person": person})


@require_POST
@permission_required("core.manage_people")
def person_unlock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    services.person_unlock(actor=request.user, person=person)
    messages.success(request, f"{person} can sign in again")
    return HttpResponseRedirect(reverse("person", kwargs={"pk": pk}))


# Errors -----------------------------------------------------------------------------------------


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        400,
        "Sorry, there is a problem with the request",
        "Go back and try again. If it keeps happening, contact the board's officer.",
    )


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        "You do not have permission to see this page",
        "Your roles do not include this. If you think they should, ask the board's administrator.",
    )


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted the web "
        "address, check you copied the entire address.",
    )


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request, so no context processor touches a database that may be down;
    # only the nonce its inline script needs under the Content-Security-Policy.
    context = {"cspNonce": getattr(request, "csp_nonce", "")}
    return HttpResponseServerError(loader.get_template("core/500.html").render(context))


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        "Sorry, this form has expired",
        "For your security, forms expire. Go back, reload the page and try again. "
        "What you typed may need to be entered again.",
    )
