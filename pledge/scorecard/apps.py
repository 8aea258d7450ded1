from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "pledge.scorecard"
    label = "scorecard"
    verbose_name = "Scorecard"
