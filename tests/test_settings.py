import os
import subprocess
import sys
import tempfile

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tests.conftest import on_sqlite
from thitsa.settings import envbool


def test_the_test_session_has_a_home_of_its_own():
    assert str(settings.THITSA_HOME).startswith(tempfile.gettempdir())
    assert (settings.THITSA_HOME / "keys" / "secret_key").exists()


@pytest.mark.parametrize(
    "value, expected", [("1", True), ("yes", True), ("off", False), ("", False)]
)
def test_booleans_read_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("THITSA_X", value)
    assert envbool("THITSA_X") is expected


def test_a_bad_boolean_fails_loudly_and_says_how_to_fix_it(monkeypatch):
    monkeypatch.setenv("THITSA_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="use true or false"):
        envbool("THITSA_DEBUG")


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    out = on_sqlite(
        tmp_path,
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " connection.settings_dict['OPTIONS']['transaction_mode'])",
    )
    assert out.stdout.split() == ["wal", "IMMEDIATE"], out.stderr
    assert (tmp_path / "keys" / "secret_key").exists()


def test_sqlite_leaves_no_deleted_words_in_its_files(tmp_path):
    """A seized laptop: a deleted testimony's words stayed readable in the write-ahead log, which
    SQLite reuses from its start without truncating it, while Thitsa runs; and in the database
    file's free pages where SQLite is built without SECURE_DELETE (Debian's has it; others,
    such as Python's own builds, may not)."""
    code = (
        "c.execute('CREATE TABLE t (words TEXT)');"
        "c.executemany('INSERT INTO t VALUES (?)', [('filler %d ' % i * 40,) for i in range(300)]);"
        "c.execute('INSERT INTO t VALUES (?)', ['Daw Hla Sentinel hid behind the well']);"
        "c.execute(\"DELETE FROM t WHERE words LIKE 'Daw Hla%'\");"
        "c.execute('PRAGMA wal_checkpoint(PASSIVE)');"
        "c.execute('INSERT INTO t VALUES (1)');"  # the next write starts the log again
        "db = pathlib.Path(settings.DATABASES['default']['NAME']);"
        "files = [db, db.with_name(db.name + '-wal')];"
        "print(c.execute('PRAGMA secure_delete').fetchone()[0],"
        " [p.name for p in files if p.exists() and b'Sentinel' in p.read_bytes()])"
    )
    out = on_sqlite(tmp_path, code)
    assert out.stdout.strip() == "1 []", out.stdout + out.stderr


def _thitsa(tmp_path, *args, **env):
    full = {**os.environ, "THITSA_HOME": str(tmp_path), **env}
    full.pop("PYTEST_VERSION", None)
    return subprocess.run(
        [sys.executable, "-m", "thitsa", *args], env=full, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    done = _thitsa(
        tmp_path, "check", "--deploy", "--fail-level", "WARNING",
        THITSA_ENV="production", THITSA_ALLOWED_HOSTS="thitsa.example.org",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_the_default_settings_would_fail_the_deploy_check(tmp_path):
    # So the test above is not vacuous: development settings are not production-ready.
    done = _thitsa(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode != 0


def test_debug_is_refused_in_production(tmp_path):
    done = _thitsa(tmp_path, "check", THITSA_ENV="production", THITSA_DEBUG="true")
    assert done.returncode != 0 and "never in production" in done.stderr


def test_a_bad_environment_name_says_what_to_use(tmp_path):
    done = _thitsa(tmp_path, "check", THITSA_ENV="prod")
    assert done.returncode != 0 and "use development or production" in done.stderr


def test_every_page_carries_a_strict_content_security_policy(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src" not in policy  # falls back to 'self': no inline scripts, no CDN
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_behind_a_proxy_sign_in_lockouts_are_by_the_clients_address(tmp_path):
    """Found by a security review: behind a proxy, the lockout read REMOTE_ADDR (the proxy's),
    so five wrong passwords typed anywhere locked an account for everyone."""
    code = (
        "import django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from axes.helpers import get_client_ip_address\n"
        "r = RequestFactory().get('/', HTTP_X_FORWARDED_FOR='6.6.6.6, 203.0.113.7',"
        " REMOTE_ADDR='127.0.0.1')\n"
        "print(get_client_ip_address(r))\n"
    )
    env = {**os.environ, "THITSA_HOME": str(tmp_path), "THITSA_ENV": "production",
           "THITSA_ALLOWED_HOSTS": "thitsa.example.org", "THITSA_BEHIND_PROXY": "true",
           "DJANGO_SETTINGS_MODULE": "thitsa.settings"}  # fmt: skip
    env.pop("PYTEST_VERSION", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.stdout.strip() == "203.0.113.7", done.stderr
