import os
import subprocess
import sys
import tempfile

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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
    env = {**os.environ, "THITSA_HOME": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='thitsa.settings'; django.setup();"
        "from django.db import connection; c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["wal", "IMMEDIATE"], out.stderr
    assert (tmp_path / "keys" / "secret_key").exists()
