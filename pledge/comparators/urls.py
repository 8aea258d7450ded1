from django.urls import path

from pledge.comparators import views

app_name = "comparators"

urlpatterns = [
    path("", views.comparators_import, name="import"),
]
