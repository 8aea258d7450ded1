from django.urls import path

from pledge.returns import views

app_name = "returns"

urlpatterns = [
    path("", views.load_list, name="loads"),
    path("postcodes/", views.postcodes, name="postcodes"),
    path("<int:pk>/", views.load_detail, name="load"),
    path("<int:pk>/report.csv", views.load_report, name="load-report"),
    path("<int:pk>/decide/", views.load_decide, name="load-decide"),
]
