from django.urls import path

from pledge.comparators import views

app_name = "comparators"

urlpatterns = [
    path("", views.comparators_import, name="import"),
    path("<int:pk>/", views.comparators_confirm, name="preview"),
]
