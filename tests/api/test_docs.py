"""The API's documentation cannot drift, and its page loads nothing from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_every_api_path_is_in_the_readme(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    missing = [p for p in paths if p not in README]
    assert not missing, f"README's API section lacks {missing}"


def test_the_docs_page_loads_nothing_from_another_site(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert '"validatorUrl": null' in page


def test_the_schema_says_the_token_is_optional(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["Token"] == {"type": "http", "scheme": "bearer"}
    operation = schema["paths"]["/api/v1/incidents"]["get"]
    assert operation["security"] == [{"Token": []}, {}]


@pytest.mark.django_db
def test_the_docs_page_gives_a_signed_in_browser_the_csrf_token():
    # Its "Try it out" sent writes without it, and a signed-in browser's were refused.
    from django.test import Client

    from tests.conftest import make_person, sign_in

    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, make_person("documenter"))
    html = browser.get("/api/v1/docs").content.decode()
    assert 'data-api-csrf="true"' in html
    assert 'data-csrf-token=""' not in html
