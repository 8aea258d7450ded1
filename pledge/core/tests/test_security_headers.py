"""The Content-Security-Policy, the answer to an unknown host, and SQLite set up for a web
server's threads (docs/adr/0013-sign-in-limits-and-csp.md)."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
from django.db.utils import ConnectionHandler
from django.test import Client, RequestFactory

from config.env import BASE_DIR, SQLITE_OPTIONS, database
from pledge.core.views import server_error

NONCE = re.compile(r"script-src 'self' 'nonce-([\w-]+)'")


def _nonce(response: Any) -> str:
    match = NONCE.search(response["Content-Security-Policy"])
    assert match, response["Content-Security-Policy"]
    return match.group(1)


def test_every_page_gets_a_strict_policy_with_a_fresh_nonce(db: None) -> None:
    first, second = Client().get("/"), Client().get("/")
    policy = first["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "style-src 'self';",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert _nonce(first) != _nonce(second)
    html = first.content.decode()
    # GOV.UK Frontend's one inline script carries this response's nonce; every other has a src.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [f' nonce="{_nonce(first)}"']


def test_error_pages_and_the_api_get_the_policy_too(db: None) -> None:
    for path in ("/no-such-page/", "/sign-in/", "/api/oruk/", "/api/oruk/services/x"):
        assert "default-src 'self'" in Client().get(path)["Content-Security-Policy"], path


def test_the_500_page_script_carries_the_nonce() -> None:
    request = RequestFactory().get("/")
    request.csp_nonce = "abc123"  # type: ignore[attr-defined]
    assert '<script nonce="abc123">' in server_error(request).content.decode()


TEMPLATES = sorted((BASE_DIR / "pledge").glob("*/jinja2/**/*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_no_template_has_inline_styles_or_scripts(template: Path) -> None:
    """style-src 'self' refuses style="" and <style>; script-src refuses inline scripts and
    event handler attributes. Styles belong in frontend/pledge.scss, scripts in init.mjs."""
    text = template.read_text()
    assert not re.search(r"\sstyle\s*=", text), "a style attribute: use a class in pledge.scss"
    assert "<style" not in text
    assert not re.search(r"<script(?![^>]*\bsrc=)", text), "an inline script"
    assert not re.search(r"\son[a-z]+\s*=\s*[\"']", text), "an event handler attribute"
    assert "javascript:" not in text


# An unknown host ---------------------------------------------------------------------------


@pytest.mark.parametrize("debug", [False, True], ids=["production", "embedded-debug"])
@pytest.mark.parametrize("host", ["evil..", "evil.example", "127.0.0.1:notaport"])
def test_an_unknown_host_gets_the_400_page_without_a_traceback(
    settings: Any, caplog: pytest.LogCaptureFixture, debug: bool, host: str, db: None
) -> None:
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.WARNING):
        response = client.get("/", HTTP_HOST=host)
        post = client.post("/sign-in/", {"username": "a@b.c"}, HTTP_HOST=host)
    assert response.status_code == 400
    assert post.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Sorry, there is a problem with the request" in html
    assert "Traceback" not in html
    assert "DisallowedHost" not in html
    assert all(record.exc_info is None for record in caplog.records)
    assert any("Invalid HTTP_HOST" in record.getMessage() for record in caplog.records)


# SQLite ------------------------------------------------------------------------------------


def test_sqlite_is_opened_in_wal_mode_with_a_busy_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the embedded default's settings give a file database (the test database is in
    memory, where there is no journal to speak of), whatever database this run uses."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database(default=f"sqlite:///{tmp_path / 'pledge.sqlite3'}")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    wrapper = ConnectionHandler({"default": config})["default"]
    # Opened as Django opens each connection, init command included, outside the test database.
    raw = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA busy_timeout").fetchone()[0] == SQLITE_OPTIONS["timeout"] * 1000
    finally:
        raw.close()


@pytest.mark.django_db
def test_this_database_if_a_sqlite_file_is_in_wal_mode() -> None:
    wrapper = connections["default"]
    if not isinstance(wrapper, SQLiteWrapper) or wrapper.is_in_memory_db():
        pytest.skip("only a SQLite file database has a journal mode to check")
    with wrapper.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
