"""Reads for the core app: the board's authority, its agencies and its people."""

from __future__ import annotations

from collections.abc import Mapping

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


class AgencyMatcher:
    """The board's agencies by every name they go by (name or short name, in any case): the one
    matcher every importer's preview and save use. Archived agencies are never matched; a name
    that is only an archived agency's is `archived`, for the preview to say so and the save to
    refuse it. `chosen` maps names in a file to the live agencies an officer picked for them."""

    def __init__(self, authority: Authority | int, chosen: Mapping[str, int] | None = None) -> None:
        self._live: dict[str, Agency] = {}
        self._archived: dict[str, Agency] = {}
        self._names: list[str] = []
        live_by_pk: dict[int, Agency] = {}
        for agency in Agency.objects.filter(authority=authority):
            names = [name for name in (agency.name, agency.short_name) if name]
            self._names += names
            into = self._archived if agency.is_archived else self._live
            if not agency.is_archived:
                live_by_pk[agency.pk] = agency
            for name in names:
                into.setdefault(name.lower(), agency)
        for name, pk in (chosen or {}).items():
            if pk in live_by_pk:
                self._live[name.lower()] = live_by_pk[pk]

    def get(self, name: str) -> Agency | None:
        """The live agency that goes by `name`, or None."""
        return self._live.get(name.strip().lower())

    def archived(self, name: str) -> Agency | None:
        """The archived agency `name` is, when no live one goes by it."""
        key = name.strip().lower()
        return None if key in self._live else self._archived.get(key)

    def add(self, agency: Agency) -> None:
        """Match `agency` from now on (one an import has just added)."""
        self._live[agency.name.lower()] = agency

    def names(self) -> list[str]:
        """Every name an agency goes by, archived ones too, so a reader keeps each one whole
        ("SMBC Education, Skills and Employment" is not split into pieces)."""
        return list(self._names)
