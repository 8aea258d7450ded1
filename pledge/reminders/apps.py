from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "pledge.reminders"
    label = "reminders"
    verbose_name = "Reminders"
