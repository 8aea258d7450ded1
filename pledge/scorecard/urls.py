from django.urls import path

from pledge.scorecard import views

app_name = "scorecard"

urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("exceptions/", views.exception_list, name="exceptions"),
    path("framework/", views.framework, name="framework"),
    path("kpis/new/", views.kpi_create, name="kpi-create"),
    path("kpis/import/", views.kpi_upload, name="kpi-upload"),
    path("kpis/import/<int:pk>/", views.kpi_import, name="kpi-import"),
    path("kpis/<int:pk>/", views.kpi_detail, name="kpi"),
    path("kpis/<int:pk>/edit/", views.kpi_edit, name="kpi-edit"),
    path("kpis/<int:pk>/target/", views.target_set, name="target-set"),
    path("kpis/<int:pk>/figure/", views.reading_enter, name="reading-enter"),
    path("figures/", views.figures_import, name="figures-import"),
    path("figures/template.xlsx", views.figures_template, name="figures-template"),
    path("kpis/ready-made/", views.ready_made, name="ready-made"),
    path("figures/<int:pk>/", views.figures_preview, name="figures-preview"),
]
