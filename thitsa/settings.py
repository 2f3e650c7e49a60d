"""One settings module, read from the environment (THITSA_* variables and DATABASE_URL)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from thitsa.home import home_dir, read_or_create_key


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use true or false (1/0, yes/no, on/off).")


if "PYTEST_VERSION" in os.environ and not os.environ.get("THITSA_HOME"):
    # pytest-django reads these settings before any conftest runs: a test session gets a fresh
    # home of its own, so it never writes keys into (or reads them from) a real one.
    os.environ["THITSA_HOME"] = tempfile.mkdtemp(prefix="thitsa-test-")

BASE_DIR = Path(__file__).resolve().parent
THITSA_HOME = home_dir()
DEBUG = envbool("THITSA_DEBUG", False)
SECRET_KEY = os.environ.get("THITSA_SECRET_KEY") or read_or_create_key("secret_key", 50).hex()
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("THITSA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "thitsa.places",
    "thitsa.reports",
    "thitsa.incidents",
    "thitsa.figures",
    "thitsa.publish",
    "thitsa.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: picks the language from the cookie set_language writes,
    # else the browser's Accept-Language, else LANGUAGE_CODE (English).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "thitsa.urls"
WSGI_APPLICATION = "thitsa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    # Under pytest, no persistent connections: the live server's threads would otherwise keep
    # the test database open when pytest-django drops it.
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=0 if "PYTEST_VERSION" in os.environ else 60
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": THITSA_HOME / "thitsa.sqlite3",
            "OPTIONS": {
                # IMMEDIATE: a writer takes the lock at BEGIN, so two writers queue instead of
                # failing with "database is locked" half-way through a transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("my", "မြန်မာ")]
TIME_ZONE = "Asia/Yangon"
USE_I18N = True
# Our Burmese catalogue (compiled .mo committed, so no gettext is needed at run time).
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language switch remembers the choice for a year, in a cookie (no account needed).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served from the package by whitenoise; collectstatic is only for a front
# server (nginx) that serves them itself.
STATIC_ROOT = os.environ.get("THITSA_STATIC_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("THITSA_LOG_LEVEL", "WARNING")},
}
THITSA_COUNTRY = os.environ.get("THITSA_COUNTRY", "MMR")
