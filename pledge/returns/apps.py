from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "pledge.returns"
    label = "returns"
    verbose_name = "903 returns"
