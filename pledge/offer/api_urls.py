"""The Open Referral UK API, at /api/oruk/: one stable path for every board's Local Offer."""

from django.urls import path, re_path

from pledge.offer import api

app_name = "oruk"

urlpatterns = [
    path("", api.root, name="root"),
    path("openapi.json", api.openapi, name="openapi"),
    re_path(r"^services/?$", api.services, name="services"),
    path("services/<str:id>", api.service, name="service"),
    re_path(r"^taxonomies/?$", api.taxonomies, name="taxonomies"),
    path("taxonomies/<str:id>", api.taxonomy, name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", api.taxonomy_terms, name="taxonomy-terms"),
    path("taxonomy_terms/<str:id>", api.taxonomy_term, name="taxonomy-term"),
    re_path(r"^service_at_locations/?$", api.service_at_locations, name="service-at-locations"),
    path("service_at_locations/<str:id>", api.service_at_location, name="service-at-location"),
    re_path(r"^(?P<rest>.*)$", api.not_found, name="not-found"),
]
