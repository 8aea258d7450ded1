"""factory_boy factories for the core app. Synthetic people only."""

from __future__ import annotations

from typing import Any

import factory

from pledge.core.models import Agency, AgencyKind, Authority, Person, Role, RoleGrant

TEST_PASSWORD = "correct-horse-battery"


class AuthorityFactory(factory.django.DjangoModelFactory[Authority]):
    class Meta:
        model = Authority
        django_get_or_create = ("code",)

    name = "Northfield Council"
    code = "E06000999"
    board_name = "Northfield Corporate Parenting Board"


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Partner agency {n}")
    short_name = factory.Sequence(lambda n: f"PA{n}")
    kind = AgencyKind.NHS


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        for role in extracted or []:
            RoleGrant.objects.create(person=self, role=Role(role))  # type: ignore[misc]
        self.__dict__.pop("roles", None)

    @factory.post_generation
    def lead_agencies(self, create: bool, extracted: list[Agency] | None, **kwargs: Any) -> None:
        if extracted:
            self.lead_agencies.set(extracted)
