from django.urls import path

from pledge.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/archive/", views.meeting_archive, name="archive"),
    path("<int:pk>/people/", views.attendee_add, name="attendee-add"),
    path("people/<int:pk>/remove/", views.attendee_remove, name="attendee-remove"),
    path("<int:pk>/agenda/", views.item_create, name="item-create"),
    path("agenda/<int:pk>/", views.item_edit, name="item-edit"),
    path("agenda/<int:pk>/outcome/", views.item_outcome, name="item-outcome"),
    path("agenda/<int:pk>/move/", views.item_move, name="item-move"),
    path("agenda/<int:pk>/remove/", views.item_remove, name="item-remove"),
    path("agenda/<int:pk>/papers/", views.paper_add, name="paper-add"),
    path("papers/<int:pk>/", views.paper_file, name="paper"),
    path("papers/<int:pk>/remove/", views.paper_remove, name="paper-remove"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
]
