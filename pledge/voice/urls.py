"""The participation worker's pages (signed in)."""

from django.urls import path

from pledge.voice import views

app_name = "voice"

urlpatterns = [
    path("", views.home, name="home"),
    path("messages/<int:pk>/", views.message, name="message"),
    path("you-said/new/", views.you_said_new, name="you_said_new"),
    path("you-said/<int:pk>/", views.you_said, name="you_said"),
    path("you-said/<int:pk>/move/", views.you_said_move, name="you_said_move"),
    path("safeguarding/", views.safeguarding, name="safeguarding"),
    path("safeguarding/<int:pk>/", views.review, name="review"),
    path("groups/", views.groups, name="groups"),
    path("groups/<int:pk>/", views.groups, name="group"),
    path("phrases/", views.phrases, name="phrases"),
    path("phrases/<int:pk>/remove/", views.phrase_remove, name="phrase_remove"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/<int:pk>/", views.survey, name="survey"),
    path("pledge-check/", views.rounds, name="rounds"),
    path("pledge-check/<int:pk>/", views.check_round, name="round"),
]
