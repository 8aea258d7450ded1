from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "pledge.meetings"
    label = "meetings"
    verbose_name = "Board meetings"
