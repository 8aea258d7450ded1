"""Reads for the core app: the board's authority, its agencies and its people."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from pledge.core.models import Agency, Authority, Person, RoleGrant


def authority_current() -> Authority | None:
    """The authority this deployment serves, or None before the board is set up."""
    return Authority.objects.order_by("pk").first()


def agency_list(*, include_archived: bool = False) -> QuerySet[Agency]:
    agencies = Agency.objects.all()
    return agencies if include_archived else agencies.live()


def person_list() -> QuerySet[Person]:
    """Everyone with an account, with their roles and agencies in three queries."""
    return Person.objects.select_related("agency").prefetch_related(
        "lead_agencies", Prefetch("role_grants", queryset=RoleGrant.objects.order_by("role"))
    )
