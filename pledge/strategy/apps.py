from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "pledge.strategy"
    label = "strategy"
    verbose_name = "Strategy and pledge"
