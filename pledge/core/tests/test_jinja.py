"""Template helpers shared by every page."""

import datetime
from zoneinfo import ZoneInfo

from django.test import Client

from config.jinja2 import datetime_format


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
