from django.urls import path

from pledge.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("sent/", views.log, name="log"),
]
