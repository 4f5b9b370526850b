"""Every change to surveys goes through here.

Management changes (instruments, surveys, pauses, token batches, imports) are checked against
`access`, run in a transaction and leave an audit event. A public answer (`submit_response`) is
not audited one by one: an audit event would store who and when, which an anonymous answer must
not have, and would double the writes of the busiest path.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zona.audit.log import record
from zona.audit.models import AuditEvent
from zona.core.people import display_name
from zona.orgs.models import UnitKerja

from . import access
from .instruments import SERVICE, parse
from .models import Channel, Instrument, Response, Survey, Token, new_code

SUGGESTION_MAX = 2000
TOKEN_LENGTH = 8
SURVEY_CODE_LENGTH = 6
MAX_TOKEN_BATCH = 2000


# ---------------------------------------------------------------------------- instruments


def load_instrument(actor, source: str) -> tuple[Instrument, str]:
    """Store an instrument file's text. Returns the version and what happened: 'created',
    'unchanged', 'updated' (the latest version was never used, so it is corrected in place) or
    'new_version' (the latest is used by a survey and stays as it is).
    Raises `instruments.InstrumentError` for an invalid file."""
    # actor None: the management command (an operator at the server).
    if getattr(actor, "is_authenticated", False) and not access.may_edit_instruments(actor):
        raise Http404
    definition = parse(source)
    with transaction.atomic():
        latest = (
            Instrument.objects.select_for_update()
            .filter(code=definition["code"])
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.definition == definition:
            return latest, "unchanged"
        if latest is not None and not latest.surveys.exists():
            before = {"definition": latest.definition}
            latest.kind, latest.source, latest.definition = definition["kind"], source, definition
            latest.save(update_fields=["kind", "source", "definition"])
            record(actor, "surveys.instrument.update", latest, before=before)
            return latest, "updated"
        instrument = Instrument.objects.create(
            code=definition["code"],
            version=(latest.version + 1) if latest else 1,
            kind=definition["kind"],
            source=source,
            definition=definition,
        )
        record(
            actor, "surveys.instrument.create", instrument, after={"version": instrument.version}
        )
        return instrument, "new_version" if latest else "created"


# -------------------------------------------------------------------------------- surveys


def cache_key(code: str) -> str | None:
    """Where the public form caches a survey (None: caching switched off)."""
    if not getattr(settings, "SURVEY_CACHE_SECONDS", 5):
        return None
    return f"zs:survey:{code}"


def forget_cached_survey(survey: Survey) -> None:
    """A changed survey is read afresh by the public form of this process at once, and by
    other processes within SURVEY_CACHE_SECONDS (at once, with a shared cache)."""
    key = cache_key(survey.code)
    if key:
        cache.delete(key)
        # Again after the commit: a request in between may have cached the old row.
        transaction.on_commit(lambda: cache.delete(key))


EDITABLE = ("opens_on", "closes_on", "services", "service_users", "requires_token")


def _snapshot(survey: Survey) -> dict:
    return {
        "instrument": survey.instrument_id,
        "year": survey.year,
        "quarter": survey.quarter,
        "opens_on": survey.opens_on.isoformat(),
        "closes_on": survey.closes_on.isoformat(),
        "paused": survey.paused,
        "requires_token": survey.requires_token,
        "services": survey.services,
        "service_users": survey.service_users,
    }


def create_survey(
    user,
    unit: UnitKerja,
    instrument: Instrument,
    *,
    year: int,
    quarter: int | None,
    opens_on: datetime.date,
    closes_on: datetime.date,
    services: str = "",
    service_users: int | None = None,
    requires_token: bool = False,
) -> Survey:
    if not access.may_manage_unit_surveys(user, unit):
        raise Http404
    if closes_on < opens_on:
        raise ValueError(_("The closing date is before the opening date."))
    with transaction.atomic():
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    survey = Survey.objects.create(
                        unit=unit,
                        instrument=instrument,
                        year=year,
                        quarter=quarter,
                        code=new_code(SURVEY_CODE_LENGTH),
                        opens_on=opens_on,
                        closes_on=closes_on,
                        services=services,
                        service_users=service_users,
                        requires_token=requires_token,
                        created_by=user if user.is_authenticated else None,
                    )
                break
            except IntegrityError:  # the random code was taken: draw again
                continue
        else:  # pragma: no cover - 31^6 codes
            raise RuntimeError("no free survey code")
        record(user, "surveys.survey.create", survey, after=_snapshot(survey))
    return survey


def update_survey(user, survey: Survey, **changes) -> Survey:
    if not access.may_manage_survey(user, survey):
        raise Http404
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        before = _snapshot(survey)
        for name, value in changes.items():
            setattr(survey, name, value)
        if survey.closes_on < survey.opens_on:
            raise ValueError(_("The closing date is before the opening date."))
        survey.save(update_fields=list(changes))
        record(user, "surveys.survey.update", survey, before=before, after=_snapshot(survey))
        forget_cached_survey(survey)
    return survey


def set_paused(user, survey: Survey, paused: bool, note: str = "") -> Survey:
    if not access.may_manage_survey(user, survey):
        raise Http404
    with transaction.atomic():
        if survey.paused != paused:
            survey.paused = paused
            survey.save(update_fields=["paused"])
            forget_cached_survey(survey)
            record(
                user,
                "surveys.survey.pause" if paused else "surveys.survey.resume",
                survey,
                before={"paused": not paused},
                after={"paused": paused},
                note=note,
            )
    return survey


def generate_tokens(user, survey: Survey, count: int) -> int:
    """A new batch of `count` one-time tokens; returns the batch number."""
    if not access.may_manage_survey(user, survey):
        raise Http404
    if not 1 <= count <= MAX_TOKEN_BATCH:
        raise ValueError(_("Between 1 and %(max)d tokens per batch.") % {"max": MAX_TOKEN_BATCH})
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        batch = (survey.tokens.aggregate(m=Max("batch"))["m"] or 0) + 1
        taken = set(survey.tokens.values_list("code", flat=True))
        codes: set[str] = set()
        while len(codes) < count:
            code = new_code(TOKEN_LENGTH)
            if code not in taken:
                codes.add(code)
        Token.objects.bulk_create(
            Token(survey=survey, code=code, batch=batch) for code in sorted(codes)
        )
        record(user, "surveys.tokens.create", survey, after={"batch": batch, "count": count})
    return batch


# ------------------------------------------------------------------------------ answering


class SubmissionError(Exception):
    """Why an answer was refused. `reason` is one of REASONS; `errors` maps a field (a
    statement or profile code, 'suggestion', 'token') to its message for reason 'invalid'."""

    REASONS = ("unknown", "not_yet", "closed", "paused", "token", "invalid")

    def __init__(self, reason: str, message: str, errors: dict[str, str] | None = None):
        assert reason in self.REASONS
        self.reason, self.message, self.errors = reason, message, errors or {}
        super().__init__(message)


def survey_is_open(survey: Survey, today: datetime.date | None = None) -> None:
    """Raise SubmissionError unless the survey takes answers today."""
    state = survey.state(today)
    if state == "not_yet":
        raise SubmissionError(
            "not_yet",
            _("This survey opens on %(date)s.") % {"date": date_format(survey.opens_on)},
        )
    if state == "closed":
        raise SubmissionError("closed", _("This survey has closed. Thank you for your interest."))
    if state == "paused":
        raise SubmissionError(
            "paused", _("This survey is paused for a moment. Please try again later.")
        )


@dataclass(frozen=True)
class CleanAnswer:
    answers: dict[str, int]
    profile: dict[str, str]
    suggestion: str


def clean_answer(survey: Survey, answers: dict, profile: dict, suggestion: str) -> CleanAnswer:
    """Check one answer sheet against the survey's instrument. Profile questions are optional;
    every statement must be answered with 1–4. Raises SubmissionError('invalid')."""
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for code in survey.instrument.statement_codes:
        raw = answers.get(code)
        try:
            value = int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            value = -1
        if value is None:
            errors[code] = _("Please choose an answer.")
        elif value not in (1, 2, 3, 4):
            errors[code] = _("The answer must be 1, 2, 3 or 4.")
        else:
            clean[code] = value
    unknown = set(answers) - set(clean) - set(errors)
    for code in sorted(unknown):
        errors[code] = _("Unknown statement.")
    clean_profile: dict[str, str] = {}
    questions = {q["code"]: q for q in survey.instrument.profile}
    for code, raw in profile.items():
        value = str(raw).strip() if raw is not None else ""
        if not value:
            continue
        question = questions.get(code)
        if question is None:
            errors[code] = _("Unknown question.")
            continue
        allowed = (
            survey.service_list if code == SERVICE else [o["code"] for o in question["options"]]
        )
        if value not in allowed:
            errors[code] = _("Please choose one of the options.")
        else:
            clean_profile[code] = value
    suggestion = (suggestion or "").strip()
    if len(suggestion) > SUGGESTION_MAX:
        errors["suggestion"] = _("At most %(max)d characters.") % {"max": SUGGESTION_MAX}
    if errors:
        raise SubmissionError("invalid", _("Please check the marked answers."), errors)
    return CleanAnswer(clean, clean_profile, suggestion)


def submit_response(
    survey: Survey,
    answers: dict,
    profile: dict,
    suggestion: str,
    token: str | None,
    *,
    today: datetime.date | None = None,
) -> Response:
    """Record one anonymous answer. One INSERT (plus one UPDATE, in its own transaction, when a
    token is given). Called outside any transaction, so that the token's mark and the answer
    do not share one (see below).

    Raises SubmissionError: the survey is not open, the token is missing, unknown or used,
    or the answers are invalid. Nothing about the respondent is stored: no user, address or
    time of day."""
    survey_is_open(survey, today)
    clean = clean_answer(survey, answers, profile, suggestion)
    token = (token or "").strip().upper()
    if survey.requires_token and not token:
        raise SubmissionError(
            "token", _("This survey needs the token printed on your service receipt.")
        )
    response = Response(
        survey=survey,
        submitted_on=today or timezone.localdate(),
        channel=Channel.ONLINE,
        answers=clean.answers,
        profile=clean.profile,
        suggestion=clean.suggestion,
    )
    if not token:
        response.save(force_insert=True)
        return response
    # The token's mark is committed in a transaction of its own before the answer is stored:
    # rows written in one transaction share its id (PostgreSQL's xmin), which would tell anyone
    # reading the table which answer the token allowed, and so whose receipt it was.
    with transaction.atomic():
        # One conditional UPDATE: two people racing with the same token cannot both win.
        if not Token.objects.filter(survey=survey, code=token, used=False).update(used=True):
            raise SubmissionError(
                "token", _("This token is unknown or has already been used."), {"token": ""}
            )
    try:
        response.save(force_insert=True)
    except BaseException:
        # Not stored: the token stays usable (its mark is undone).
        Token.objects.filter(survey=survey, code=token, used=True).update(used=False)
        raise
    return response


class AlreadyImported(Exception):
    """The same file (by its SHA-256) was imported into this survey before: not again."""

    def __init__(self, at, actor_label: str):
        self.at, self.actor_label = at, actor_label
        super().__init__(f"imported at {at}")


def import_responses(
    user, survey: Survey, sheets: list[CleanAnswer], filename: str, sha256: str = "",
    job: str = "",
) -> int:  # fmt: skip
    """Store answers typed in from paper forms, all or nothing. The caller has validated every
    row (`importing.read_rows`); this only writes.

    With the file's `sha256`, a file imported into this survey before (by anyone) is refused
    (`AlreadyImported`): the check and the write happen under a lock on the survey, so the
    same file confirmed twice, or a retried job, applies once."""
    if not access.may_manage_survey(user, survey):
        raise Http404
    today = timezone.localdate()
    with transaction.atomic():
        if sha256:
            Survey.objects.select_for_update().filter(pk=survey.pk).first()
            earlier = (
                AuditEvent.objects.filter(
                    action="surveys.responses.import",
                    object_id=str(survey.pk),
                    after__sha256=sha256,
                )
                .order_by("at")
                .first()
            )
            if earlier is not None:
                name = display_name(earlier.actor, earlier.actor_label)
                raise AlreadyImported(earlier.at, name)
        Response.objects.bulk_create(
            Response(
                survey=survey,
                submitted_on=today,
                channel=Channel.IMPORT,
                answers=s.answers,
                profile=s.profile,
                suggestion=s.suggestion,
            )
            for s in sheets
        )
        after = {"count": len(sheets), "file": filename[:200]}
        if sha256:
            after["sha256"] = sha256
        if job:
            after["job"] = job  # the background work that imported it (zona.jobs)
        record(user, "surveys.responses.import", survey, after=after)
    return len(sheets)
