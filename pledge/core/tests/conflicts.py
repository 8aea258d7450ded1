"""Checking an edit page's conflict handling (ADR 0014), shared by the apps' tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.test import Client
from markupsafe import escape

from pledge.core.models import AuditEvent, Versioned

CONFLICT = "was changed after you opened it."


def version_in(html: str, name: str = "version") -> int:
    """The version an edit page's hidden field carries."""
    found = re.search(rf'name="{name}" value="(\d+)"', html)
    assert found, f"no hidden {name} in the page"
    return int(found.group(1))


def check_edit_page_conflict(
    *,
    client: Client,
    url: str,
    record: Versioned,
    typed: dict[str, Any],
    shown: str,
    change_elsewhere: Callable[[int], object],
    told: str,
    saved: Callable[[], bool],
) -> None:
    """Open the edit page, let someone else change the record (`change_elsewhere(version)`),
    send what the person `typed` from the page as opened, then save again.

    The first save must be refused in the error summary with `told` in the message, keep `shown`
    (some of the typing) on the page, save nothing, and carry the current version; the second
    must save, so that `saved()` holds.
    """
    opened = version_in(client.get(url).content.decode())
    change_elsewhere(opened)
    events = AuditEvent.objects.count()
    response = client.post(url, typed | {"version": opened})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert 'class="govuk-error-summary"' in html
    assert CONFLICT in html
    assert str(escape(told)) in html, html[html.index("govuk-error-summary") :][:2000]
    assert str(escape(shown)) in html
    assert AuditEvent.objects.count() == events
    assert not saved()
    record.refresh_from_db()
    assert version_in(html) == record.version > opened

    again = client.post(url, typed | {"version": version_in(html)})
    assert again.status_code == 302, again.content.decode()
    assert saved()
