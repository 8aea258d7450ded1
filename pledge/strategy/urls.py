from django.urls import path

from pledge.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.strategy_list, name="list"),
    path("new/", views.strategy_create, name="create"),
    path("<int:pk>/", views.strategy_detail, name="detail"),
    path("<int:pk>/edit/", views.strategy_edit, name="edit"),
    path("<int:pk>/archive/", views.strategy_archive, name="archive"),
    path("<int:pk>/items/new/", views.item_create, name="item-create"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/map/", views.item_map, name="item-map"),
    path("items/<int:pk>/move/", views.item_move, name="item-move"),
    path("items/<int:pk>/archive/", views.item_archive, name="item-archive"),
    path("principles/", views.principles, name="principles"),
    path("principles/<int:number>/", views.principle_detail, name="principle"),
    path("pledge/", views.pledge, name="pledge"),
    path("pledge/new/", views.promise_create, name="promise-create"),
    path("pledge/<int:pk>/", views.promise_detail, name="promise"),
    path("pledge/<int:pk>/edit/", views.promise_edit, name="promise-edit"),
    path("pledge/<int:pk>/move/", views.promise_move, name="promise-move"),
    path("pledge/<int:pk>/archive/", views.promise_archive, name="promise-archive"),
]
