from django.apps import AppConfig


class YoungPeopleConfig(AppConfig):
    name = "pledge.youngpeople"
    label = "youngpeople"
    verbose_name = "Young people's version"
