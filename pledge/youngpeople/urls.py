"""The officers' page of words written to young people (signed in)."""

from django.urls import path

from pledge.youngpeople import views

app_name = "plainwords"

urlpatterns = [
    path("", views.words, name="list"),
    path("<str:kind>/<int:pk>/approve/", views.approve, name="approve"),
]
