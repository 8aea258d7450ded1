from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pledge.core"
    label = "core"
    verbose_name = "Board, people and audit"
