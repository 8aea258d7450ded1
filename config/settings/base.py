"""Settings shared by every environment. Each environment module star-imports this one."""

from typing import Any

from config.env import BASE_DIR, database, env

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "pledge.core",
    "pledge.strategy",
    "pledge.actions",
    "pledge.offer",
    "pledge.scorecard",
    "pledge.returns",
    "pledge.comparators",
    "pledge.meetings",
    "pledge.reports",
    "pledge.youngpeople",
    "pledge.reminders",
    "pledge.voice",
]

MIDDLEWARE = [
    # Outermost, so every Open Referral UK API response is readable cross-origin, errors too.
    "pledge.offer.api.OpenReferralCorsMiddleware",
    # A Content-Security-Policy on every response, and a nonce for each page's inline script.
    "pledge.core.middleware.ContentSecurityPolicyMiddleware",
    # A host not in ALLOWED_HOSTS gets the 400 page before anything else asks for the host.
    "pledge.core.middleware.RejectUnknownHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a signed-in user unless it is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        # Pages are Jinja2 so they can use the GOV.UK Frontend macros as the Design System
        # documents them (docs/adr/0001-template-stack.md).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "pledge.core.context_processors.board",
                "pledge.core.context_processors.csp_nonce",
            ],
        },
    },
    {
        # Only for Django's own templates that have no Jinja2 version (form widgets).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    },
]

DATABASES: dict[str, dict[str, Any]] = {
    "default": database(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.Person"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "reports:dashboard"
LOGOUT_REDIRECT_URL = "signed-out"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitations use the same link: three days to act
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in limits (pledge/core/sign_in.py): wrong passwords allowed within SIGN_IN_LOCKOUT_MINUTES
# from one address to one account, from one address to any, and to one account from anywhere
# (browsers the account has signed in on before are exempt from that last one).
SIGN_IN_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
SIGN_IN_ADDRESS_LIMIT = env.int("SIGN_IN_ADDRESS_LIMIT", default=30)
SIGN_IN_ACCOUNT_LIMIT = env.int("SIGN_IN_ACCOUNT_LIMIT", default=20)
SIGN_IN_LOCKOUT_MINUTES = env.int("SIGN_IN_LOCKOUT_MINUTES", default=15)
# How many proxies in front append to X-Forwarded-For; the client's address is read from there
# only when this is set, since without a proxy anyone can send that header.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Where an uploaded 903 return sits while it is checked, until stored or discarded: the only
# place child-level rows touch disk. Web and worker processes must share it.
RETURNS_WORK_DIR = env.path("RETURNS_WORK_DIR", default=BASE_DIR / "var" / "returns")
# Public reference data the 903 loads use (the board's postcode lookup): shared by web and worker.
REFERENCE_DIR = env.path("REFERENCE_DIR", default=BASE_DIR / "var" / "reference")
# A task (or a 903 load's) that has said nothing for this long has stopped: a killed worker. The
# load is marked failed and its files deleted (pledge/core/periodic.py). Every step of a load
# reports within a minute; a national run's parts within ten.
TASKS_STALE_MINUTES = env.int("TASKS_STALE_MINUTES", default=30)

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="pledge@localhost")
# Where people open Pledge: the links in emails the worker sends (reminder digests) start here.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day
CSRF_FAILURE_VIEW = "pledge.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

TASKS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports each step of every PDF at INFO, and every CSS rule it ignores.
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "WARNING"}},
}
