"""The API object: version 1 under /api/v1/, its OpenAPI schema at /api/openapi.json and the
interactive docs at /api/docs (Swagger UI from ninja's own static files: no CDN, so the page
works under `script-src 'self'`).

Adding a domain is one line in ROUTERS: ("/v1/<path>", "zona.<app>.api.router") or a router
object; e.g. the surveys app adds ("/v1/surveys", "zona.surveys.api.router").
"""

from __future__ import annotations

from importlib import import_module

from ninja import NinjaAPI, Router

from . import errors
from .auth import AUTH
from .routers import (
    answers,
    evaluations,
    evidence,
    findings,
    frameworks,
    imports,
    innovations,
    library,
    notifications,
    orgs,
    people,
    plans,
    predicates,
)

ROUTERS: list[tuple[str, Router | str]] = [
    ("/v1/frameworks", frameworks.router),
    ("/v1", orgs.router),  # /v1/instansi, /v1/units, /v1/unit-types
    ("/v1/evaluations", evaluations.router),
    ("/v1/evaluations", answers.router),
    ("/v1/evaluations", evidence.router),
    ("/v1/predicates", predicates.router),
    ("/v1/innovations", innovations.router),
    ("/v1/surveys", "zona.surveys.api.router"),
    ("/v1", findings.router),  # /v1/findings, /v1/recommendations
    ("/v1", plans.router),  # /v1/strategies, /v1/plans, /v1/activities, /v1/monev
    ("/v1", people.router),  # /v1/people, /v1/roles
    ("/v1/notifications", notifications.router),
    ("/v1", library.router),  # /v1/units/{id}/library, …/evidence/attach-many
    ("/v1/imports", imports.router),
]

DESCRIPTION = """Zona's API: the same actions and permission rules as the screens.

**Authentication**: `Authorization: Bearer zona_<prefix>_<secret>` with a personal token
(Account → API tokens), or the browser session (unsafe methods then need `X-CSRFToken`).

**Errors**: `{"error": {"code", "message", "details"}}`; the message in Indonesian, or in English
with `Accept-Language: en`. Objects outside your reach answer 404.

**Lists**: `limit` (≤ 200) and `offset`; the answer carries `count`, `limit`, `offset`, `items`.
"""


def _router(target: Router | str) -> Router:
    if isinstance(target, Router):
        return target
    module, _dot, name = target.rpartition(".")
    return getattr(import_module(module), name)


class ZonaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The schema, with the error shape as every operation's `default` response: clients
        and the schemathesis run see what a 401, 404, 409 or 422 carries."""
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Error"] = ERROR_SCHEMA
        ref = {"$ref": "#/components/schemas/Error"}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                operation.setdefault("responses", {}).setdefault(
                    "default",
                    {"description": "Error", "content": {"application/json": {"schema": ref}}},
                )
        return schema


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string", "examples": ["stale_answer"]},
                "message": {"type": "string", "description": "In the caller's language."},
                "details": {"type": "object"},
            },
        }
    },
}


def build() -> NinjaAPI:
    api = ZonaAPI(
        title="Zona API",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        docs_url="/docs",
        openapi_url="/openapi.json",
        auth=AUTH,
    )
    errors.install(api)
    for prefix, target in ROUTERS:
        api.add_router(prefix, _router(target))
    return api


api = build()
