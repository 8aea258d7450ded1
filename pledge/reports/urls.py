from django.urls import path

from pledge.reports import views

app_name = "reports"

urlpatterns = [
    path("board/", views.dashboard, name="dashboard"),
    path("scorecard/headline/", views.headline, name="headline"),
    path("board-packs/", views.packs, name="packs"),
    path("board-packs/<int:pk>/", views.pack, name="pack"),
    path(
        "board-packs/<int:pk>/<str:audience>.<str:kind>",
        views.pack_file,
        name="pack-file",
    ),
    path("board-packs/<int:pk>/publish/", views.pack_publish, name="pack-publish"),
]
