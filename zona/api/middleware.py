"""For /api/ only: the caller's language, and every error in the API's JSON shape.

Language. The screens ignore the browser's Accept-Language (offices run English browsers) and
follow only the language switch's cookie. An API client has no switch, so for the API: the
cookie when the caller chose a language on the screens (a browser session), else the first
language of Accept-Language that Zona speaks (`en` → English), else Indonesian.

Errors. Endpoints answer in the shape themselves (zona.api.errors); what happens outside them —
a path that matches no endpoint, a method an endpoint does not take (ninja's plain 405) — is
rewritten here into the same shape.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from .errors import as_json_error

API_PREFIX = "/api/"
DOCS_PATHS = ("/api/docs",)


def api_language(request) -> str:
    available = {code for code, _name in settings.LANGUAGES}
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in available:
        return chosen
    for code, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        primary = code.split("-")[0].lower()
        if primary in available:
            return primary
    return settings.LANGUAGE_CODE


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        language = api_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        is_json = response.get("Content-Type", "").startswith("application/json")
        if response.status_code >= 400 and not is_json and not request.path.startswith(DOCS_PATHS):
            response = as_json_error(response)
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Cookie", "Authorization"))
        return response
