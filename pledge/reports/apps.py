from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "pledge.reports"
    label = "reports"
    verbose_name = "Reports"
