from django.urls import path

from pledge.reports import views

app_name = "reports"

urlpatterns = [
    path("board/", views.dashboard, name="dashboard"),
    path("scorecard/headline/", views.headline, name="headline"),
]
