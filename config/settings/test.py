"""Settings for the test suite: SQLite in memory unless DATABASE_URL names another database."""

import os
import secrets
import tempfile
from pathlib import Path

# A fresh key each run unless one is given: tests must never depend on a known secret.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

from .base import *

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Serve static files straight from their sources; only production runs collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploaded evidence goes to a throwaway folder, never into the checkout.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="pledge-test-media-"))
REFERENCE_DIR = Path(tempfile.mkdtemp(prefix="pledge-test-reference-"))
RETURNS_WORK_DIR = Path(tempfile.mkdtemp(prefix="pledge-test-returns-"))  # each test: its own
