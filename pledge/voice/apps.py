from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "pledge.voice"
    label = "voice"
    verbose_name = "Young people's voice"
