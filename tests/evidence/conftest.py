"""Evidence tests: a vault of their own in tmp_path, people with roles, files made here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture(autouse=True)
def vault_dir(tmp_path, settings):
    """Each test's vault is a fresh folder (the "vault" storage alias, as settings.py builds it)."""
    location = tmp_path / "vault"
    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "file_permissions_mode": 0o444},
        },
    }
    return location


@pytest.fixture
def report(db):
    from thitsa.reports.models import Source, SourceReport

    source = Source.objects.create(name="Myanmar Now")
    return SourceReport.objects.create(
        import_key="ev-test-1", source=source, title="Airstrike on a school in Depayin"
    )


@pytest.fixture
def other_report(report):
    from thitsa.reports.models import SourceReport

    return SourceReport.objects.create(
        import_key="ev-test-2", source=report.source, title="Second account of the airstrike"
    )


@pytest.fixture
def public_incident(db):
    from thitsa.incidents.models import Incident

    return Incident.objects.create(
        public_id="MMR-2025-000901", date=dt.date(2025, 3, 14), visibility="public"
    )


def person(role: str, username: str):
    """A user with a role and a confirmed authenticator (every role needs two factors)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from thitsa.accounts.models import Account

    user = get_user_model().objects.create_user(username, password="a-long-passphrase-0123")
    Account.objects.create(user=user, role=role)
    user.device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


def sign_in(client, user):
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = user.device.persistent_id
    session.save()
    return user


@pytest.fixture
def documenter(db, client):
    return sign_in(client, person("documenter", "daw.khin"))


@pytest.fixture
def analyst(db, client):
    return sign_in(client, person("analyst", "ko.zaw"))


@pytest.fixture
def verifier(db, client):
    return sign_in(client, person("verifier", "ma.thida"))
