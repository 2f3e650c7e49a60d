import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
# Headless, and nothing that reaches out: this machine's network is closed.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test sees the bundled national gazetteer, loaded once per session."""
    from thitsa.places.gazetteer import load_bundled

    with django_db_blocker.unblock():
        load_bundled()


@pytest.fixture
def page(live_server, monkeypatch):
    """A Playwright page in Debian's Chromium; `page.foreign` collects requests to any origin
    but the live server and `page.errors` the page's JavaScript errors."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium not found: apt-get install chromium (Debian) to run browser tests")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django refuses ORM calls from inside one
    # unless told the test owns the thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.foreign = []
        pg.errors = []
        site = urlsplit(live_server.url).netloc
        pg.on(
            "request",
            lambda r: (
                urlsplit(r.url).netloc not in ("", site)
                and not r.url.startswith("data:")
                and pg.foreign.append(r.url)
            ),
        )
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        yield pg
        # Playwright's sync API leaves the test body in another context than this fixture's
        # teardown, and Django keeps one connection per context: close the body's here, while
        # still in its context, or PostgreSQL refuses to drop the test database at the end of
        # the run ("being accessed by other users"). Browser tests are transactional (the live
        # server must see committed rows), so no test transaction is cut short.
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()
        context.close()
        browser.close()


def make_person(role: str, username: str | None = None):
    """A user with a role and a paired authenticator app (what `thitsa user add` + enrolment
    leave behind)."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from thitsa.accounts.models import Account

    username = username or f"{role}@example.org"
    user = get_user_model().objects.create_user(
        username, email=username, password=f"long-passphrase-of-{role}-01",
        is_staff=role == "admin", is_superuser=role == "admin",
    )  # fmt: skip
    Account.objects.create(user=user, role=role)
    user.totp = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def sign_in_page(page, user, role: str, landing: str) -> None:
    """A browser on the sign-in form gives `make_person`'s password, then the authenticator's
    code, and lands on `landing` (a URL or glob)."""
    from tests.accounts.test_sign_in import code_for

    page.fill("#id_username", user.username)
    page.fill("#id_password", f"long-passphrase-of-{role}-01")
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/login/code/**")
    page.fill("#id_code", code_for(user.totp))
    page.click("main button[type=submit]")
    page.wait_for_url(landing)


def sign_in(client, user):
    """Signed in with both factors, as after the code step."""
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = user.totp.persistent_id
    session.save()
    return user


@pytest.fixture
def signed_in(db, client):
    """signed_in("verifier") -> the test client signed in (both factors) as a new verifier."""

    def as_role(role: str, username: str | None = None):
        return sign_in(client, make_person(role, username))

    return as_role


def on_sqlite(tmp_path, code: str) -> subprocess.CompletedProcess:
    """Runs `code` in a new process with Thitsa's settings on SQLite in `tmp_path`, after
    `from django.db import connection; c = connection.cursor()`."""
    env = {**os.environ, "THITSA_HOME": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    setup = (
        "import django, os, pathlib; os.environ['DJANGO_SETTINGS_MODULE']='thitsa.settings';"
        "django.setup(); from django.conf import settings;"
        "from django.db import connection; c = connection.cursor();"
    )
    return subprocess.run(
        [sys.executable, "-c", setup + code], env=env, capture_output=True, text=True
    )
