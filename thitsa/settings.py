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


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: use a whole number.") from None


BASE_DIR = Path(__file__).resolve().parent
THITSA_HOME = home_dir()
# Uploads wait in the home (`thitsa.home.staging_dir`, made with it), not the system's /tmp.
FILE_UPLOAD_TEMP_DIR = None  # no home yet (a first command): nothing is uploaded before it
if THITSA_HOME.is_dir():  # a server started without `thitsa init` (a WSGI host) has it too
    (THITSA_HOME / "tmp").mkdir(mode=0o700, exist_ok=True)
    FILE_UPLOAD_TEMP_DIR = str(THITSA_HOME / "tmp")
DEBUG = envbool("THITSA_DEBUG", False)
# development (the default: plain http on this machine) or production (behind https).
THITSA_ENV = os.environ.get("THITSA_ENV", "development")
if THITSA_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"THITSA_ENV={THITSA_ENV!r}: use development or production.")
if THITSA_ENV == "production" and DEBUG:
    raise ImproperlyConfigured("THITSA_DEBUG shows data in error pages: never in production.")
SECRET_KEY = os.environ.get("THITSA_SECRET_KEY") or read_or_create_key("secret_key", 50).hex()
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("THITSA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]

INSTALLED_APPS = [
    "thitsa.accounts.adminconfig.ThitsaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # django-ninja: its API docs page and their scripts, served from here (no CDN).
    "ninja",
    "thitsa.places",
    "thitsa.reports",
    "thitsa.incidents",
    "thitsa.evidence",
    "thitsa.figures",
    "thitsa.publish",
    "thitsa.search",
    "thitsa.accounts",
    "thitsa.backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First after security: it sees every refusal of an API request, Django's own included.
    "thitsa.api.middleware.json_refusals",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: picks the language from the cookie set_language writes,
    # else the browser's Accept-Language, else LANGUAGE_CODE (English).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets user.is_verified(): a role counts only once the second factor is given.
    "django_otp.middleware.OTPMiddleware",
    "thitsa.accounts.middleware.session_limits",
    "thitsa.accounts.middleware.not_stored_when_signed_in",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers locked-out sign-ins.
    "axes.middleware.AxesMiddleware",
]

# Messages (which may name a report's place or title) kept on the server with the session, not
# in a signed but readable cookie on the visitor's device.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

ROOT_URLCONF = "thitsa.urls"
WSGI_APPLICATION = "thitsa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Before the apps' own folders: admin/base_site.html there gives the admin the
        # bundled Burmese font (the admin app's templates would otherwise win).
        "DIRS": [BASE_DIR / "publish" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thitsa.accounts.context.role",
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
                # secure_delete and journal_size_limit=0: a seized device keeps no deleted
                # words, neither in the file's free pages (not every SQLite is built with
                # SECURE_DELETE) nor in the write-ahead log, which SQLite otherwise reuses
                # from its start without truncating it.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000; "
                    "PRAGMA secure_delete=ON; PRAGMA journal_size_limit=0;"
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
# Date formats for Burmese, which Django has none for: "14 မတ် 2025", weeks from Sunday.
FORMAT_MODULE_PATH = ["thitsa.formats"]
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
# The evidence vault (thitsa.evidence.vault): a folder in THITSA_HOME, or an S3-compatible bucket.
THITSA_VAULT_S3_BUCKET = os.environ.get("THITSA_VAULT_S3_BUCKET", "")
if THITSA_VAULT_S3_BUCKET:
    import importlib.util

    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "THITSA_VAULT_S3_BUCKET is set but django-storages is missing: "
            "pip install 'thitsa[s3]' (or unset THITSA_VAULT_S3_BUCKET to use THITSA_HOME/vault)."
        )
    # Credentials come from boto3's own environment (AWS_ACCESS_KEY_ID, ...), never from here.
    STORAGES["vault"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": THITSA_VAULT_S3_BUCKET,
            "endpoint_url": os.environ.get("THITSA_VAULT_S3_ENDPOINT") or None,
            "location": os.environ.get("THITSA_VAULT_S3_PREFIX", "vault"),
            "file_overwrite": False,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
else:
    STORAGES["vault"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": THITSA_HOME / "vault",
            "file_permissions_mode": 0o400,
            "directory_permissions_mode": 0o700,
        },
    }
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Sign-in (thitsa.accounts). Argon2id first; older hashes are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# OWASP ASVS 5 (V6.2): at least 15 characters recommended, long passphrases allowed, checked
# against bundled lists of common and leaked passwords (Django's 20,000; zxcvbn's 30,000 and
# its patterns), no composition rules, no expiry.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 15},
    },
    {"NAME": "thitsa.accounts.passwords.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "thitsa.accounts.passwords.GuessableValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out sign-in before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
# An account from one address: a person's typos lock only themselves, there, and no one can
# lock a documenter out from elsewhere by typing their address five times (a flat list locked
# the account everywhere and every account behind the address: a whole office behind one NAT).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
LOGIN_URL = "login"
# A form's token refused (a page loaded before signing in again): said in the site's layout
# and language, with the way back, not Django's bare English page.
CSRF_FAILURE_VIEW = "thitsa.publish.views.csrf_failure"
LOGIN_REDIRECT_URL = "/"
# Idle time-out: 30 minutes without a request ends a session; absolute: 12 hours after
# sign-in, whatever the activity (thitsa.accounts.middleware).
SESSION_COOKIE_AGE = envint("THITSA_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
THITSA_SESSION_MAX_HOURS = envint("THITSA_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_SAMESITE = "Lax"
OTP_TOTP_ISSUER = "Thitsa"
# Where people reach this site: the base of the one-time links `thitsa user add` prints.
THITSA_SITE_URL = os.environ.get("THITSA_SITE_URL", "http://127.0.0.1:8000")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Nothing from another origin, no inline script or style: a page can only load what Thitsa
# serves. data: images are Leaflet's own; the QR code of enrolment is inline SVG markup.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if THITSA_ENV == "production":
    # `thitsa check --deploy --fail-level WARNING` passes with these (tests/test_settings.py).
    SECURE_SSL_REDIRECT = envbool("THITSA_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if envbool("THITSA_BEHIND_PROXY", False):
        # Only behind a proxy that sets this header itself (nginx, Caddy): else it is spoofable.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # The client's address as the proxy gives it: read from REMOTE_ADDR alone (the proxy's
        # own), five wrong passwords typed anywhere locked an account for everyone.
        AXES_CLIENT_IP_CALLABLE = "thitsa.accounts.middleware.forwarded_client_ip"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("THITSA_LOG_LEVEL", "WARNING")},
}
THITSA_COUNTRY = os.environ.get("THITSA_COUNTRY", "MMR")
