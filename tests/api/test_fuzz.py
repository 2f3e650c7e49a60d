"""schemathesis against the OpenAPI schema, as the public and as each role: no 5xx, and no
restricted value in any answer. Examples are few per operation so CI stays fast."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.api.conftest import CALLERS, leaks

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: a request must not close the test's open transaction's
    connection (it would on PostgreSQL, where tests keep no persistent connections)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def vault_dir(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "vault", "file_permissions_mode": 0o444},
        },
    }


@pytest.mark.parametrize("role", CALLERS)
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_answer_is_a_server_error_or_leaks(case, role, world, headers):
    auth = headers(role).get("HTTP_AUTHORIZATION")
    response = case.call(headers={"Authorization": auth} if auth else {})
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:300]}"
    assert not leaks(response.text, role), f"{case.method} {case.formatted_path} as {role}"
