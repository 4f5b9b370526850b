"""The public side: the answer form (no login, no session, no JavaScript) and results pages.

The form is light on purpose (one small stylesheet, no script, no web font) so that it loads
quickly on a cheap phone over a slow connection. Language: Indonesian, or English with
`?bahasa=en` (carried in the form, so no cookie or session is needed).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zona.orgs.models import UnitKerja

from . import abuse
from .actions import SubmissionError, cache_key, submit_response, survey_is_open
from .instruments import SERVICE
from .models import Survey
from .results import publish_batch, results_for

LANGUAGE_PARAM = "bahasa"


def _language(request: HttpRequest) -> str:
    chosen = (
        request.POST.get(LANGUAGE_PARAM)
        or request.GET.get(LANGUAGE_PARAM)
        or getattr(request, "LANGUAGE_CODE", "id")
    )
    return "en" if chosen == "en" else "id"


def _find(code: str) -> Survey | None:
    """The survey of a public code, from the cache when it was looked up in the last
    SURVEY_CACHE_SECONDS (the busiest path then costs one INSERT and no SELECT). Management
    actions drop the entry when they change a survey (`actions.forget_cached_survey`)."""
    code = code.strip().upper()
    key = cache_key(code)
    survey = cache.get(key) if key else None
    if survey is None:
        survey = Survey.objects.select_related("unit", "instrument").filter(code=code).first()
        if survey is not None and key:
            cache.set(key, survey, timeout=getattr(settings, "SURVEY_CACHE_SECONDS", 5))
    return survey


def _unavailable(request, survey, message: str, status: int, lang: str) -> HttpResponse:
    return render(
        request,
        "surveys/public/unavailable.html",
        {"survey": survey, "message": message, "lang": lang},
        status=status,
    )


def _form_context(survey: Survey, lang: str, data=None, errors=None, token="") -> dict:
    data = data or {}
    statements = [
        {
            "code": s["code"],
            "text": s[lang] or s["id"],
            "chosen": data.get(f"s_{s['code']}", ""),
            "error": (errors or {}).get(s["code"], ""),
        }
        for s in survey.instrument.statements
    ]
    scale = [
        {"value": str(s["value"]), "label": s[lang] or s["id"]}
        for s in survey.instrument.definition["scale"]
    ]
    profile = []
    for q in survey.instrument.profile:
        if q["code"] == SERVICE:
            options = [{"code": s, "label": s} for s in survey.service_list]
            if not options:
                continue  # the unit did not list its services
        else:
            options = [{"code": o["code"], "label": o[lang] or o["id"]} for o in q["options"]]
        profile.append(
            {
                "code": q["code"],
                "label": q[lang] or q["id"],
                "options": options,
                "chosen": data.get(f"p_{q['code']}", ""),
                "error": (errors or {}).get(q["code"], ""),
            }
        )
    definition = survey.instrument.definition
    return {
        "survey": survey,
        "lang": lang,
        "title": definition["title"][lang] or definition["title"]["id"],
        "intro": definition["intro"][lang] or definition["intro"]["id"],
        "suggestion_label": definition["suggestion"][lang] or definition["suggestion"]["id"],
        "suggestion": data.get("suggestion", ""),
        "suggestion_error": (errors or {}).get("suggestion", ""),
        "statements": statements,
        "scale": scale,
        "profile": profile,
        "token": token,
        "token_error": (errors or {}).get("token", ""),
        "nonce": abuse.new_nonce(),
        "honeypot": abuse.HONEYPOT,
    }


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, code: str) -> HttpResponse:
    lang = _language(request)
    with translation.override(lang):
        survey = _find(code)
        if survey is None:
            return _unavailable(
                request,
                None,
                _(
                    "We could not find this survey. "
                    "Please check the link or the code on the poster."
                ),
                404,
                lang,
            )
        try:
            survey_is_open(survey)
        except SubmissionError as exc:
            return _unavailable(request, survey, exc.message, 200, lang)
        if request.method == "POST":
            return _submit(request, survey, lang)
        token = request.GET.get("t", "")[:20]
        return render(
            request, "surveys/public/answer.html", _form_context(survey, lang, token=token)
        )


AGAIN_PARAM = "ulang"


def _thanks(survey: Survey, lang: str, again: bool = False) -> HttpResponse:
    # Not shortcuts.redirect: it first tries the URL as a view name, a wasted reverse().
    url = reverse("surveys:thanks", args=[survey.code])
    query = [f"{LANGUAGE_PARAM}=en"] if lang == "en" else []
    if again:
        query.append(f"{AGAIN_PARAM}=1")
    return HttpResponseRedirect(f"{url}?{'&'.join(query)}" if query else url)


def _submit(request: HttpRequest, survey: Survey, lang: str) -> HttpResponse:
    post = request.POST
    if abuse.is_bot(post):
        return _thanks(survey, lang)
    if abuse.over_rate_limit(request, survey.code):
        return _unavailable(
            request,
            survey,
            _(
                "Many answers have come from your network just now. "
                "Please try again in a few minutes."
            ),
            429,
            lang,
        )
    nonce = post.get(abuse.NONCE_FIELD, "")
    if abuse.is_duplicate(survey.code, nonce):
        return _thanks(survey, lang, again=True)
    answers = {s: post.get(f"s_{s}", "") for s in survey.instrument.statement_codes}
    profile = {q["code"]: post.get(f"p_{q['code']}", "") for q in survey.instrument.profile}
    token = post.get("token", "")
    sheet = {"a": answers, "p": profile, "s": post.get("suggestion", "").strip(), "t": token}
    if abuse.is_resubmission(request, survey.code, sheet):
        return _thanks(survey, lang, again=True)
    try:
        submit_response(survey, answers, profile, post.get("suggestion", ""), token)
    except SubmissionError as exc:
        abuse.forget_nonce(survey.code, nonce)
        abuse.forget_sheet(request, survey.code, sheet)
        if exc.reason in ("not_yet", "closed", "paused"):
            return _unavailable(request, survey, exc.message, 200, lang)
        errors = dict(exc.errors)
        if exc.reason == "token":
            errors["token"] = exc.message
        context = _form_context(survey, lang, data=post, errors=errors, token=token)
        context["error_message"] = exc.message
        return render(request, "surveys/public/answer.html", context, status=400)
    return _thanks(survey, lang)


def thanks(request: HttpRequest, code: str) -> HttpResponse:
    lang = _language(request)
    with translation.override(lang):
        survey = _find(code)
        if survey is None:
            return _unavailable(request, None, _("We could not find this survey."), 404, lang)
        again = request.GET.get(AGAIN_PARAM) == "1"
        return render(
            request,
            "surveys/public/thanks.html",
            {"survey": survey, "lang": lang, "again": again},
        )


def unit_results(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """A unit's survey results, open to everyone (the LKE asks that they be public).
    Surveys that have not opened yet are not shown."""
    unit = get_object_or_404(UnitKerja.objects.select_related("instansi"), pk=unit_pk)
    lang = _language(request)
    with translation.override(lang):
        surveys = list(
            Survey.objects.select_related("unit", "instrument")
            .filter(unit=unit, opens_on__lte=timezone.localdate())
            .order_by("-year", "-quarter", "pk")
        )
        results = results_for(surveys, public=True)
        kinds = {}
        for r in results:
            kinds.setdefault(r.survey.instrument.kind, []).append(r)
        return render(
            request,
            "surveys/public/results.html",
            {
                "unit": unit,
                "lang": lang,
                "latest": [rows[0] for rows in kinds.values()],
                "trend": {k: list(reversed(rows)) for k, rows in kinds.items()},
                "results": results,
                "batch": publish_batch(),
            },
        )


def results_index(request: HttpRequest) -> HttpResponse:
    """Units that have published survey results, to find one's way to a results page."""
    lang = _language(request)
    query = request.GET.get("q", "").strip()
    units = UnitKerja.objects.select_related("instansi").filter(
        pk__in=Survey.objects.filter(opens_on__lte=timezone.localdate()).values("unit_id")
    )
    if query:
        units = units.filter(Q(name__icontains=query) | Q(instansi__name__icontains=query))
    with translation.override(lang):
        return render(
            request,
            "surveys/public/results_index.html",
            {"units": units.order_by("instansi__name", "name")[:200], "q": query, "lang": lang},
        )
