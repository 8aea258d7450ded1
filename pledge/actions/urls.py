from django.urls import path

from pledge.actions import views

app_name = "actions"

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("import/", views.plan_upload, name="import"),
    path("import/<int:pk>/", views.plan_preview, name="import-preview"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/export.<str:extension>", views.plan_export, name="export"),
    path("mine/", views.my_actions_page, name="mine"),
    path("actions/", views.action_list_page, name="actions"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/update/", views.action_update, name="action-update"),
    path("actions/<int:pk>/chase/", views.action_chase, name="action-chase"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("leads/", views.named_leads, name="leads"),
]
