"""Young people's voice for anyone, with no sign-in: tell the board something, see what it did
with what young people said, and say how well it keeps its promises."""

from django.urls import path

from pledge.voice import views

app_name = "voice_public"

urlpatterns = [
    path("have-your-say/", views.have_your_say, name="have_your_say"),
    path("have-your-say/sent/", views.have_your_say_sent, name="sent"),
    path("you-said-we-did/", views.you_said_we_did, name="you_said_we_did"),
    path("pledge-check/", views.pledge_check, name="pledge_check"),
    path("pledge-check/sent/", views.pledge_check_sent, name="checked"),
]
