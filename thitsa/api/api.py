"""The API: one NinjaAPI at /api/v1/, assembled from the routers of this package."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from thitsa.api import errors, evidence, figures, incidents, places, reports, search
from thitsa.api.auth import Token

DESCRIPTION = """Incidents, reports, places, sources, figures, search and evidence metadata.

Without a token you see what the public site shows. With `Authorization: Bearer <token>` you
see what your role may; a bad or expired token is 401. Lists are paged with a cursor: follow
`next` until it is null."""


class ThitsaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # The token is optional everywhere (no token: the public), which OpenAPI says with an
        # empty requirement next to the bearer one.
        for operations in schema["paths"].values():
            for operation in operations.values():
                if isinstance(operation, dict) and "security" in operation:
                    operation["security"] = [{"Token": []}, {}]
        return schema


api = ThitsaAPI(
    title="Thitsa API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=Token(),
    # Served from django-ninja's own static files ("ninja" is in INSTALLED_APPS): no CDN, and
    # no badge fetched from swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)
errors.install(api)
for module in (incidents, reports, places, figures, evidence, search):
    api.add_router("", module.router)
