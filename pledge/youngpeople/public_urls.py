"""The young person's version of the strategy, pledge and plan, for anyone to read: no sign-in."""

from django.urls import path

from pledge.youngpeople import views

app_name = "young"

urlpatterns = [
    path("", views.our_pledge, name="pledge"),
    path("plan/", views.plan, name="plan"),
    path("done/", views.done, name="done"),
    path("our-pledge-to-you.pdf", views.leaflet, name="leaflet"),
]
