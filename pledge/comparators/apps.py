from django.apps import AppConfig


class ComparatorsConfig(AppConfig):
    name = "pledge.comparators"
    label = "comparators"
    verbose_name = "Published comparators"
