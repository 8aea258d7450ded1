from django.urls import path

from pledge.actions import views

app_name = "actions"

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("import/", views.plan_upload, name="import"),
    path("import/<int:pk>/", views.plan_preview, name="import-preview"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
]
