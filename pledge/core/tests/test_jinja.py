"""Template helpers shared by every page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from config.jinja2 import datetime_format
from pledge.core.audit import audit_value_text


def test_times_read_the_govuk_way_in_london_time() -> None:
    utc = ZoneInfo("UTC")
    assert datetime_format(datetime.datetime(2026, 6, 4, 14, 15, tzinfo=utc)) == (
        "4 June 2026 at 3:15pm"  # British Summer Time
    )
    assert datetime_format(datetime.datetime(2026, 1, 4, 0, 5, tzinfo=utc)) == (
        "4 January 2026 at 12:05am"
    )


def test_error_pages_put_error_before_their_title(db: None) -> None:
    html = Client().get("/no-such-page/").content.decode()
    assert "<title>Error: Page not found" in html


@pytest.mark.parametrize(
    ("stored", "read"),
    [
        ("2026-12-28", "28 December 2026"),
        ("14:00:00", "2pm"),
        ("09:30:00", "9:30am"),
        ("12:05", "12:05pm"),
        ("2026-06-04T14:15:00+00:00", "4 June 2026 at 3:15pm"),  # in the board's time zone
        ("Council House", "Council House"),
        (None, "(none)"),
        (True, "yes"),
    ],
)
def test_the_history_shows_stored_dates_and_times_as_people_write_them(
    stored: object, read: str
) -> None:
    assert audit_value_text(stored) == read
