"""The data migration that ships Pledge's two Local Offer taxonomies, with fixed ids."""

from importlib import import_module

import pytest
from django.apps import apps

from pledge.offer.models import Taxonomy, TaxonomyTerm

migration = import_module("pledge.offer.migrations.0002_local_offer_taxonomies")

pytestmark = pytest.mark.django_db


def test_the_seven_areas_of_the_guidance_and_the_two_entitlement_types_are_shipped() -> None:
    areas = TaxonomyTerm.objects.filter(taxonomy__slug="local-offer-areas").order_by("position")
    assert [t.name for t in areas] == [
        "Health and wellbeing",
        "Relationships",
        "Financial stability",
        "Participation in society",
        "Accommodation",
        "Education and training",
        "Employment",
    ]
    types = TaxonomyTerm.objects.filter(taxonomy__slug="local-offer-entitlement-type")
    assert [t.name for t in types.order_by("position")] == [
        "Statutory entitlement",
        "Discretionary offer",
    ]
    assert str(Taxonomy.objects.get(slug="local-offer-areas").uuid) == (
        "413640a1-986f-4187-bddb-0d384a6a4baf"
    )


def test_running_the_migration_again_changes_nothing() -> None:
    before = list(TaxonomyTerm.objects.order_by("pk").values())
    migration.add_taxonomies(apps, None)
    assert list(TaxonomyTerm.objects.order_by("pk").values()) == before
