"""The API's documentation cannot drift, and its page loads nothing from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

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
