from django.urls import path

from pledge.offer import views

app_name = "offer"

urlpatterns = [
    # Public: the directory young people use.
    path("", views.directory, name="directory"),
    path("print/", views.directory_print, name="print"),
    path("<uuid:uuid>/", views.entry_public, name="entry"),
    # Officers: keeping the Local Offer right.
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.entry_create, name="entry-create"),
    path("manage/<int:pk>/", views.entry_detail, name="entry-detail"),
    path("manage/<int:pk>/edit/", views.entry_edit, name="entry-edit"),
    path("manage/<int:pk>/check/", views.entry_check, name="entry-check"),
    path("manage/<int:pk>/archive/", views.entry_archive, name="entry-archive"),
    path("manage/places/", views.locations, name="locations"),
    path("manage/places/new/", views.location_create, name="location-create"),
    path("manage/places/<int:pk>/edit/", views.location_edit, name="location-edit"),
]
