"""One JSON shape for every error of the API, in the caller's language:

    {"error": {"code": "stale_answer", "message": "…", "details": {…}}}

`ApiError` is what endpoints raise; the handlers below turn everything else (404 outside
reach, refused actions, validation, authentication, unexpected failures) into the same shape.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as FormRuleError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from zona.accounts.actions import RoleError
from zona.evaluations.actions import EvaluationError, MoveRefused, StaleAnswer
from zona.findings.actions import FindingError
from zona.lke.errors import AnswerError
from zona.plans.actions import PlanError

logger = logging.getLogger("zona.api")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: dict | None = None):
        self.status, self.code, self.message, self.details = status, code, message, details or {}
        super().__init__(message)


def body(code: str, message: str, details: dict | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": str(message), "details": details or {}}}


def error_response(status: int, code: str, message: str, details: dict | None = None):
    response = JsonResponse(body(code, message, details), status=status)
    response["Cache-Control"] = "no-store"
    return response


def refusal_details(exc: EvaluationError) -> dict:
    """A refused move's failing conditions, each with its figures as the screens show them
    (`part` names the area of a condition checked per area)."""
    if not isinstance(exc, MoveRefused):
        return {}
    return {
        "failures": [
            {
                "condition": o.code, "label": o.group or o.label,
                "part": o.label if o.group else "", "required": o.check.required,
                "actual": o.check.actual, "shortfall": o.check.shortfall,
                "problem": o.check.problem, "details": list(o.check.details),
            }
            for o in exc.failures
        ]
    }  # fmt: skip


def not_found_message() -> str:
    return _("Not found, or not within your reach.")


def status_defaults(status: int) -> tuple[str, str]:
    """(code, message) for a bare status, as Django or ninja produce them."""
    return {
        400: ("bad_request", _("The request could not be read.")),
        401: (
            "not_authenticated",
            _("Sign in, or send a valid API token: Authorization: Bearer zona_…"),
        ),
        403: ("forbidden", _("You may not do this.")),
        404: ("not_found", not_found_message()),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        413: ("too_large", _("The request is too large.")),
        429: ("throttled", _("Too many requests; try again later.")),
    }.get(status, ("server_error", _("Something went wrong on the server; it has been logged.")))


def stale_details(exc: StaleAnswer) -> dict[str, Any]:
    current = exc.current
    return {
        "current": {
            "question": current.question,
            "layer": current.layer,
            "value": current.value or None,
            "note": current.note,
            "version": current.version,
            "updated_at": current.updated_at.isoformat() if current.updated_at else None,
            "updated_by": current.updated_by.get_username() if current.updated_by else None,
        }
    }


def _lang() -> str:
    from django.utils.translation import get_language

    return (get_language() or "id")[:2]


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers (which answer {"detail": …}) with the Zona shape."""

    def respond(request: HttpRequest, status: int, code: str, message, details=None):
        return api.create_response(request, body(code, message, details), status=status)

    @api.exception_handler(ApiError)
    def _api_error(request, exc: ApiError):
        return respond(request, exc.status, exc.code, exc.message, exc.details)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return respond(request, 404, "not_found", not_found_message())

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return respond(request, 403, "forbidden", _("You may not do this."))

    @api.exception_handler(StaleAnswer)
    def _stale(request, exc: StaleAnswer):
        return respond(request, 409, "stale_answer", str(exc), stale_details(exc))

    @api.exception_handler(EvaluationError)
    def _refused(request, exc: EvaluationError):
        return respond(request, 409, "refused", str(exc), refusal_details(exc))

    @api.exception_handler(FindingError)
    def _finding_refused(request, exc: FindingError):
        return respond(request, 422, "invalid_finding", str(exc))

    @api.exception_handler(PlanError)
    def _plan_refused(request, exc: PlanError):
        return respond(request, 409, "refused", str(exc))

    @api.exception_handler(RoleError)
    def _role_refused(request, exc: RoleError):
        return respond(request, 409, "refused", str(exc))

    @api.exception_handler(FormRuleError)
    def _form_rules(request, exc: FormRuleError):
        return respond(
            request, 422, "validation_error", _("Some fields are missing or not valid."),
            {"fields": form_rule_fields(exc)},
        )  # fmt: skip

    @api.exception_handler(AnswerError)
    def _invalid_answer(request, exc: AnswerError):
        details = {"question": exc.key, "reason": exc.code}
        return respond(request, 422, "invalid_answer", exc.message(_lang()), details)

    @api.exception_handler(ValidationError)
    def _validation(request, exc: ValidationError):
        errors = [
            {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", "")),
             "type": str(e.get("type", ""))}
            for e in exc.errors
        ]  # fmt: skip
        return respond(
            request, 422, "validation_error", _("Some fields are missing or not valid."),
            {"errors": errors},
        )  # fmt: skip

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        code, message = status_defaults(401)
        return respond(request, 401, code, message)

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        if exc.status_code == 403 and "CSRF" in exc.message:
            return respond(request, 403, "csrf_failed", csrf_message())
        code, message = status_defaults(exc.status_code)
        return respond(request, exc.status_code, code, message)

    @api.exception_handler(Exception)
    def _server_error(request, exc):
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        code, message = status_defaults(500)
        return respond(request, 500, code, message)


def form_rule_fields(exc) -> dict[str, list[str]]:
    """field → messages of a Django ValidationError (the actions' per-field rules)."""
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in exc.message_dict[field]] for field in exc.error_dict}
    return {"__all__": [str(m) for m in exc.messages]}


def csrf_message() -> str:
    return _("The CSRF check failed: a browser session must send the X-CSRFToken header "
             "(API tokens need none).")  # fmt: skip


def as_json_error(response: HttpResponse) -> HttpResponse:
    """A non-JSON error from outside the endpoints (Django's 404 or ninja's 405) in the shape."""
    code, message = status_defaults(response.status_code)
    replaced = error_response(response.status_code, code, message)
    if response.has_header("Allow"):
        replaced["Allow"] = response["Allow"]
    return replaced
