"""The board's published papers, for anyone to read: no sign-in."""

from django.urls import path

from pledge.meetings import views

app_name = "papers"

urlpatterns = [
    path("", views.papers, name="list"),
    path("<int:pk>/", views.paper, name="minutes"),
]
