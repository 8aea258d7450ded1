from django.apps import AppConfig


class OfferConfig(AppConfig):
    name = "pledge.offer"
    label = "offer"
    verbose_name = "Local Offer"
