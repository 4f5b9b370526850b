"""Who calls: a personal API token (Authorization: Bearer zona_…; no CSRF needed), or the
browser's session (CSRF enforced for unsafe methods, as Django's forms)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from . import tokens
from .errors import ApiError, csrf_message


def problem_message(problem: str) -> str:
    return {
        "expired": _(
            "This API token has expired; create a new one on the API tokens page (/akun/token/)."
        ),
        "revoked": _("This API token has been revoked."),
        "inactive_user": _("The account of this API token is disabled."),
    }.get(problem, _("This API token is not valid."))


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        verdict = tokens.verify(token)
        if verdict.token is None:
            # A wrong token is an error of its own, not a reason to try the session.
            raise ApiError(401, f"token_{verdict.problem}", problem_message(verdict.problem))
        user = verdict.token.user
        # The access functions and actions read request.user, as for the screens.
        request.user = user
        request.api_token = verdict.token
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser (the interactive docs, htmx). The CSRF check comes after the
    session: an anonymous caller hears 401, not a CSRF complaint."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)  # ninja's docs send X-CSRFToken when an auth wants it

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise ApiError(403, "csrf_failed", csrf_message())
        return user


token_auth = TokenAuth()
session_auth = SessionAuth()
AUTH = [token_auth, session_auth]
