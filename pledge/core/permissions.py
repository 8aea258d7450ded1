"""The one decorator views use to check a `rules` permission, typed for the signed-in request."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from pledge.core.models import Person

P = ParamSpec("P")


class AuthenticatedHttpRequest(HttpRequest):
    """A request from a signed-in person: LoginRequiredMiddleware turns everyone else away."""

    user: Person


View = Callable[Concatenate[AuthenticatedHttpRequest, P], HttpResponseBase]


def permission_required(perm: str) -> Callable[[View[P]], View[P]]:
    """Refuse (403) anyone whose roles do not grant `perm` (see each app's rules.py)."""

    def decorator(view: View[P]) -> View[P]:
        @functools.wraps(view)
        def wrapper(
            request: AuthenticatedHttpRequest, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponseBase:
            if not request.user.has_perm(perm):
                raise PermissionDenied(perm)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
