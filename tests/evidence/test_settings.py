import importlib.util
import os
import subprocess
import sys

import pytest

SHOW_VAULT = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='thitsa.settings'; django.setup();"
    "from django.conf import settings; v = settings.STORAGES['vault'];"
    "print(v['BACKEND'], v['OPTIONS'].get('location'), v['OPTIONS'].get('bucket_name'))"
)


def run(tmp_path, **env):
    environ = {**os.environ, "THITSA_HOME": str(tmp_path), **env}
    return subprocess.run([sys.executable, "-c", SHOW_VAULT], env=environ, capture_output=True,
                          text=True)  # fmt: skip


def test_the_vault_is_a_folder_in_the_home_by_default(tmp_path):
    result = run(tmp_path)
    assert result.stdout.split() == [
        "django.core.files.storage.FileSystemStorage",
        str(tmp_path / "vault"),
        "None",
    ]


def test_a_bucket_selects_object_storage(tmp_path):
    result = run(tmp_path, THITSA_VAULT_S3_BUCKET="thitsa-evidence")
    if importlib.util.find_spec("storages") is None:
        assert "pip install 'thitsa[s3]'" in result.stderr
        pytest.skip("django-storages is not installed here (the optional extra `s3`)")
    assert result.stdout.split()[0] == "storages.backends.s3.S3Storage"
    assert result.stdout.split()[2] == "thitsa-evidence"


def test_uploads_wait_inside_the_home_not_the_systems_temporary_folder(settings):
    """Found by a security review: an original with its GPS was staged in /tmp (perhaps an
    unencrypted disk), and stayed there when the server was killed."""
    import stat
    from pathlib import Path

    from thitsa.home import home_dir, staging_dir

    staged = Path(settings.FILE_UPLOAD_TEMP_DIR)
    assert staged == home_dir() / "tmp" == staging_dir()
    assert staged.is_dir() and stat.S_IMODE(staged.stat().st_mode) == 0o700
