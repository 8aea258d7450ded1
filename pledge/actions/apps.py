from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "pledge.actions"
    label = "actions"
    verbose_name = "Action plans"
