"""The Local Offer's Open Referral UK API: GET only, public, no key, JSON.

Paths, parameters and paging follow the UK profile's OpenAPI file (served as `openapi.json`
beside these views). Bodies come from pledge/offer/openreferral.py. Every response, errors
included, carries `Access-Control-Allow-Origin: *` (OpenReferralCorsMiddleware), so any site or
directory can read it from a browser. A bad query parameter is a 400 with a message saying what
to send instead; an unknown id is a 404.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from config.env import BASE_DIR
from pledge.core.audit import latest_change
from pledge.offer import openreferral
from pledge.offer.models import LocalOfferEntry, ServiceAtLocation, Taxonomy, TaxonomyTerm
from pledge.offer.selectors import matching_words, published_entries, with_details, with_term

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
MAX_SEARCH = 200
MAX_AGE = 150
OPENAPI = BASE_DIR / "pledge" / "offer" / "openapi.json"
CORS = {"Access-Control-Allow-Origin": "*"}
CACHE_SECONDS = 60 * 60  # answers are keyed on the latest change, so they never go stale

View = Callable[..., HttpResponse]


class BadParameterError(Exception):
    """A query parameter the API cannot use; the message says what to send instead."""


class NotFoundError(Exception):
    """No published record has the id asked for."""


class OpenReferralCorsMiddleware:
    """Let any web page read the API: CORS on every response under /api/oruk/, 404s included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/oruk/"):
            for header, value in CORS.items():
                response[header] = value
        return response


def _json(body: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(status: int, message: str) -> JsonResponse:
    return _json({"status": status, "error": message}, status=status)


def api_view(view: View) -> View:
    """Public, GET or HEAD only, answered from the cache when nothing has changed since the same
    request was last answered, and a bad parameter answered with a 400 saying what is wrong."""

    @login_not_required
    @require_safe
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = _cache_key(request)
        hit = cache.get(key)
        if hit is not None:
            return HttpResponse(hit, content_type="application/json")
        try:
            response = view(request, *args, **kwargs)
        except BadParameterError as error:
            return _error(400, str(error))
        except NotFoundError as error:
            return _error(404, str(error))
        if response.status_code == 200:
            cache.set(key, response.content, CACHE_SECONDS)
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _cache_key(request: HttpRequest) -> str:
    """The same request, with nothing changed since, has the same key.

    Every change of state in Pledge writes an audit event (docs/adr/0002-audit.md), so the
    latest event's id changes whenever an entry, place, agency or the board does: one indexed
    query instead of rebuilding the answer. The date is in the key because notices expire by
    date. Each web process keeps its own cache (docs/adr/0009-open-referral-uk-api.md).
    """
    request_id = f"{latest_change()}|{timezone.localdate()}|{request.build_absolute_uri()}"
    return "oruk:" + hashlib.sha256(request_id.encode()).hexdigest()


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("oruk:root"))


# Parameters -------------------------------------------------------------------------------------


def _whole(request: HttpRequest, name: str, default: int, *, low: int, high: int) -> int:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdecimal()) or not low <= int(raw) <= high:
        raise BadParameterError(f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def _age(request: HttpRequest, name: str) -> Decimal | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        age = Decimal(raw)
    except InvalidOperation:
        age = None
    if age is None or not age.is_finite() or not 0 <= age <= MAX_AGE:
        raise BadParameterError(f"{name} must be an age in years, a number from 0 to {MAX_AGE}")
    return age


def _uuid(request: HttpRequest, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadParameterError(
            f"{name} must be an id from this API, like {uuid.UUID(int=0)}"
        ) from None


def _search(request: HttpRequest) -> str:
    text = request.GET.get("search", "").strip()
    if len(text) > MAX_SEARCH:
        raise BadParameterError(f"search must be {MAX_SEARCH} characters or fewer")
    if "\x00" in text:  # PostgreSQL cannot compare text holding it
        raise BadParameterError("search must be words, without the NUL character")
    return text


def _page(request: HttpRequest, items: QuerySet[Any], body: Callable[[Any], Any]) -> JsonResponse:
    """One page of `items` in the profile's paging envelope. A page past the last is empty."""
    page = _whole(request, "page", 1, low=1, high=1_000_000)
    per_page = _whole(request, "per_page", DEFAULT_PER_PAGE, low=1, high=MAX_PER_PAGE)
    total = items.count()
    total_pages = math.ceil(total / per_page)
    start = (page - 1) * per_page
    contents = [body(item) for item in items[start : start + per_page]] if start < total else []
    return _json(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def filtered_services(request: HttpRequest) -> QuerySet[LocalOfferEntry]:
    """Published entries narrowed by the profile's /services filters, combined with AND.

    minimum_age=X keeps services whose minimum age is at least X (one with no minimum counts as
    0); maximum_age=Y keeps those whose maximum age is at most Y (one with no maximum has none to
    compare, so is left out).
    """
    entries = matching_words(published_entries(), _search(request))
    term_id = _uuid(request, "taxonomy_term_id")
    if term_id is not None:
        entries = with_term(entries, uuid=term_id)
    taxonomy_id = _uuid(request, "taxonomy_id")
    if taxonomy_id is not None:
        entries = with_term(entries, taxonomy__uuid=taxonomy_id)
    # Ages are stored in whole years, so "at least 18.5" is "at least 19".
    low = _age(request, "minimum_age")
    if low is not None:
        at_least = Q(minimum_age__gte=math.ceil(low))
        entries = entries.filter(at_least | Q(minimum_age__isnull=True) if low == 0 else at_least)
    high = _age(request, "maximum_age")
    if high is not None:
        entries = entries.filter(maximum_age__lte=math.floor(high))
    return entries.order_by("title", "pk")


# Views ------------------------------------------------------------------------------------------


@api_view
def root(request: HttpRequest) -> JsonResponse:
    """What this API is: its HSDS version, profile and OpenAPI file."""
    return _json(
        {
            "version": openreferral.VERSION,
            "profile": openreferral.PROFILE,
            "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
        }
    )


@api_view
def openapi(request: HttpRequest) -> HttpResponse:
    """This API's OpenAPI file, with this deployment's address as its server."""
    text = OPENAPI.read_text(encoding="utf-8").replace("{{ base_url }}", _base_url(request))
    return HttpResponse(text, content_type="application/json")


@api_view
def services(request: HttpRequest) -> JsonResponse:
    today = timezone.localdate()
    entries = filtered_services(request).select_related("agency")
    return _page(request, entries, lambda e: openreferral.service_summary(e, today=today))


@api_view
def service(request: HttpRequest, id: str) -> JsonResponse:
    entry = _one(with_details(published_entries()).select_related("authority"), id, "service")
    links = ServiceAtLocation.objects.filter(
        entry=entry, location__archived_at__isnull=True
    ).select_related("entry", "location")
    return _json(
        openreferral.service_full(
            entry, today=timezone.localdate(), base_url=_base_url(request), locations=list(links)
        )
    )


@api_view
def taxonomies(request: HttpRequest) -> JsonResponse:
    base_url = _base_url(request)
    return _page(
        request,
        Taxonomy.objects.prefetch_related("terms__taxonomy").order_by("name", "pk"),
        lambda t: openreferral.taxonomy(t, base_url=base_url),
    )


@api_view
def taxonomy(request: HttpRequest, id: str) -> JsonResponse:
    record = _one(Taxonomy.objects.prefetch_related("terms__taxonomy"), id, "taxonomy")
    return _json(openreferral.taxonomy(record, base_url=_base_url(request)))


@api_view
def taxonomy_terms(request: HttpRequest) -> JsonResponse:
    base_url = _base_url(request)
    return _page(
        request,
        TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__name", "position"),
        lambda t: openreferral.taxonomy_term(t, base_url=base_url),
    )


@api_view
def taxonomy_term(request: HttpRequest, id: str) -> JsonResponse:
    term = _one(TaxonomyTerm.objects.select_related("taxonomy"), id, "taxonomy term")
    return _json(openreferral.taxonomy_term(term, base_url=_base_url(request)))


def _live_links() -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.filter(
        entry__in=published_entries(), location__archived_at__isnull=True
    ).select_related("entry__agency", "location")


@api_view
def service_at_locations(request: HttpRequest) -> JsonResponse:
    today = timezone.localdate()
    links = _live_links().filter(entry__in=filtered_services(request))
    return _page(
        request,
        links.order_by("entry__title", "location__name", "pk"),
        lambda link: openreferral.service_at_location(link, today=today),
    )


@api_view
def service_at_location(request: HttpRequest, id: str) -> JsonResponse:
    link = _one(_live_links(), id, "service at location")
    return _json(openreferral.service_at_location(link, today=timezone.localdate()))


@api_view
def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    return _error(404, "There is nothing at this address. Start at the API's root for its paths.")


def _one(records: QuerySet[Any], id: str, what: str) -> Any:
    """The record with this UUID, or a 404 saying there is none (a malformed id included)."""
    try:
        record = records.filter(uuid=uuid.UUID(id)).first()
    except ValueError:
        record = None
    if record is None:
        raise NotFoundError(f"There is no {what} with this id")
    return record
