from django.urls import path

from pledge.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz/", views.healthz, name="healthz"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password-reset-complete"),
    path("board/settings/", views.board_settings, name="board-settings"),
    path("reading-age/", views.reading_age, name="reading-age"),
    path("board/agencies/", views.agencies, name="agencies"),
    path("board/agencies/new/", views.agency_create, name="agency-create"),
    path("board/agencies/<int:pk>/", views.agency_detail, name="agency"),
    path("board/agencies/<int:pk>/edit/", views.agency_edit, name="agency-edit"),
    path("board/agencies/<int:pk>/archive/", views.agency_archive, name="agency-archive"),
    path("board/people/", views.people, name="people"),
    path("board/people/invite/", views.person_invite, name="person-invite"),
    path("board/people/<int:pk>/", views.person_detail, name="person"),
    path("board/people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("board/people/<int:pk>/unlock/", views.person_unlock, name="person-unlock"),
]
