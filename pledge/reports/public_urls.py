"""The board's published papers, for anyone to read: no sign-in."""

from django.urls import path

from pledge.meetings.views import paper
from pledge.reports import views

app_name = "papers"

urlpatterns = [
    path("", views.papers, name="list"),
    path("<int:pk>/", paper, name="minutes"),
    path("packs/<int:pk>/", views.public_pack, name="pack"),
    path("packs/<int:pk>/board-pack.<str:kind>", views.public_pack_file, name="pack-file"),
]
