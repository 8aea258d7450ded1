"""The URL map: each app owns its own urls module."""

from django.urls import include, path

urlpatterns = [
    path("board/reminders/", include("pledge.reminders.urls")),
    path("", include("pledge.core.urls")),
    path("strategy/", include("pledge.strategy.urls")),
    path("plans/", include("pledge.actions.urls")),
    path("scorecard/returns/", include("pledge.returns.urls")),
    path("scorecard/comparators/", include("pledge.comparators.urls")),
    path("scorecard/", include("pledge.scorecard.urls")),
    path("meetings/", include("pledge.meetings.urls")),
    path("board-papers/", include("pledge.reports.public_urls")),
    path("", include("pledge.reports.urls")),
    path("local-offer/", include("pledge.offer.urls")),
    path("our-pledge/", include("pledge.youngpeople.public_urls")),
    path("strategy/plain-words/", include("pledge.youngpeople.urls")),
    path("api/oruk/", include("pledge.offer.api_urls")),
    path("voice/", include("pledge.voice.urls")),
    path("", include("pledge.voice.public_urls")),
]

handler400 = "pledge.core.views.bad_request"
handler403 = "pledge.core.views.permission_denied"
handler404 = "pledge.core.views.page_not_found"
handler500 = "pledge.core.views.server_error"
