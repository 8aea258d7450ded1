"""Middleware for every response: a Content-Security-Policy, and a 400 for an unknown host."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

# Everything from Pledge's own origin, nothing inline except the one script GOV.UK Frontend's
# page template runs first (it carries this request's nonce), no plugins, no framing, and forms
# post only back here. img-src allows data: for the images GOV.UK Frontend's CSS embeds.
POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)

security_logger = logging.getLogger("django.security.DisallowedHost")


class ContentSecurityPolicyMiddleware:
    """Give each request a fresh nonce (`request.csp_nonce`, `cspNonce` in templates) and send
    the policy with every response, the Open Referral UK API's JSON too.

    With DEBUG on, Django's own error pages (inline styles and scripts) are left without it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(18)  # type: ignore[attr-defined]
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 400:
            return response
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = POLICY.format(nonce=request.csp_nonce)  # type: ignore[attr-defined]
        return response


class RejectUnknownHostMiddleware:
    """Answer a request for a host not in ALLOWED_HOSTS with the 400 page, and log one line.

    Without this, the first middleware to ask for the host raises DisallowedHost: with DEBUG on
    Django shows its traceback page, and with it off the 400 handler ran before any middleware
    had given the request a user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.get_host()
        except DisallowedHost as error:
            security_logger.warning("Refused: %s", error)
            from pledge.core.views import bad_request  # noqa: PLC0415 - views import forms, models

            return bad_request(request, error)
        return self.get_response(request)
