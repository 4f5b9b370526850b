"""The LKE page of an evaluation, shaped for templates: the scores of every layer the person may
see side by side, the target's conditions, progress, the gap analysis, and the question tree with
each layer's answers, revision requests, comments and history counts.

A fixed number of queries whatever the number of questions: the answers of the visible layers in
one, open revision requests in one, comments in one, history counts in one, evidence in one. Each
visible layer is scored once by the engine (`zona.lke`); nothing here computes a score.

The page holds 129 question blocks, so their rendering is kept lean: what depends only on the
framework and the language is rendered once per process (`static_parts`), the blocks themselves
are rendered in Python (`render_block`), and the tree, score panel and revision list are cached
per process by a stamp of their content (`fragments`), so a page whose content has not changed
costs one query and no rendering.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict, defaultdict
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from html import escape as html_escape
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zona.accounts.models import Role
from zona.lke import gap_analysis, score_normalised
from zona.lke.model import Framework, Question
from zona.lke.scoring import Result

from .access import (
    has_role_for,
    internal_comment_layers,
    visible_layers,
    writable_layer,
)
from .models import (
    Answer,
    AnswerChange,
    Comment,
    Evaluation,
    EvidenceLink,
    Layer,
    RevisionRequest,
    stored_to_normalised,
)

GAP_ITEMS = 8
# The unit's own answers first, then the evaluators' (the order of the columns and rows).
LAYER_ORDER = (Layer.UNIT, Layer.TPI, Layer.TPN)
SHORT_LABELS = {Layer.UNIT: "Unit", Layer.TPI: "TPI", Layer.TPN: "TPN"}  # column heads
NUMERIC_INPUT_MODES = {"percent": "decimal", "index_0_4": "decimal", "count": "numeric"}


def lang() -> str:
    return (get_language() or "id")[:2]


def layer_label(layer: str) -> str:
    return str(Layer(layer).label)


def block_labels() -> dict[str, str]:
    """The words of a question block, translated (and escaped) once per request: a
    `{% translate %}` in a block would run 129 times."""
    words = {
        "differs": _("differs"),
        "differs_title": _("The layers answered differently"),
        "needs_revision_badge": _("needs revision"),
        "needs_revision": _("Needs revision"),
        "answer": _("Answer"),
        "note": _("Note"),
        "their_answer": _("Their answer"),
        "kept": _("Your answer is kept in the form below: save it again to replace theirs."),
        "save": _("Save"),
        "saving": _("Saving…"),
        "comments": _("Comments"),
        "internal": _("internal"),
        "comment": _("Comment"),
        "mark_revision": _("Mark as needing revision"),
        "change_revision": _("Change or withdraw the revision request"),
        "history": _("History"),
        "question": _("Question"),
        "weight": _("weight"),
        "feed_hint": _(
            "This item takes a measured value (a survey index or the audit follow-up "
            "percentage): take it from its source, or override it with a reason, on"
        ),
        "feed_link": _("the Hasil page"),
    }
    labels = {key: escape(text) for key, text in words.items()}
    labels["layers_head"] = format_html(
        '<caption class="visually-hidden">{}</caption><thead><tr><th scope="col">{}</th>'
        '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>',
        _("Answers per layer"),
        _("Layer"),
        _("Answer"),
        _("Note"),
    )
    return labels


def when(at: datetime | None) -> str:
    """A moment as the active language writes it (SHORT_DATETIME_FORMAT, to the minute)."""
    if at is None:
        return ""
    return _when(at.replace(second=0, microsecond=0), get_language())


@lru_cache(maxsize=4096)
def _when(minute: datetime, language: str) -> str:
    # Formatting a date costs ~50 µs and a page shows hundreds, most from the same minutes.
    return date_format(localtime(minute), "SHORT_DATETIME_FORMAT")


# --- who is looking ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Viewer:
    """What one person may do on one evaluation's LKE page, decided once per request."""

    layers: tuple[str, ...]  # the layers they may read, unit first
    writable: str | None  # the layer they answer in now, or None (read-only)
    main: str  # the layer whose conditions, progress and gap analysis are shown
    tpi: bool  # TPI evaluator or lead of the instansi (or administrator)
    tpn: bool  # TPN evaluator (or administrator)
    internal_layers: frozenset[str]  # layers whose internal comments they may read

    @property
    def evaluator(self) -> bool:
        return self.tpi or self.tpn

    @property
    def may_revise(self) -> bool:
        return self.writable == Layer.TPI

    @property
    def may_edit_evidence(self) -> bool:
        return self.writable == Layer.UNIT


def viewer_for(user, evaluation: Evaluation) -> Viewer:
    visible = set(visible_layers(user, evaluation))
    layers = tuple(layer for layer in LAYER_ORDER if layer in visible)
    writable = writable_layer(user, evaluation)
    tpi = has_role_for(user, evaluation, Role.TPI_EVALUATOR) or has_role_for(
        user, evaluation, Role.TPI_LEAD
    )
    tpn = has_role_for(user, evaluation, Role.TPN_EVALUATOR)
    return Viewer(
        layers=layers,
        writable=writable,
        main=writable or layers[-1],
        tpi=tpi,
        tpn=tpn,
        internal_layers=internal_comment_layers(user, evaluation),
    )


# --- loading (one query each) ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Stored:
    """One layer's answer as the page shows it (lighter than an `Answer` instance)."""

    value: str
    note: str
    version: int
    at: datetime | None
    by: str


def _person(username: str | None, first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or username or ""


def load_answers(
    evaluation: Evaluation, layers: tuple[str, ...], question: str | None = None
) -> dict[str, dict[str, Stored]]:
    """{layer: {question number: Stored}} of the given layers, in one query."""
    rows = Answer.objects.filter(evaluation=evaluation, layer__in=layers)
    if question is not None:
        rows = rows.filter(question=question)
    out: dict[str, dict[str, Stored]] = {layer: {} for layer in layers}
    for layer, no, value, note, version, at, username, first, last in rows.values_list(
        "layer", "question", "value", "note", "version", "updated_at",
        "updated_by__username", "updated_by__first_name", "updated_by__last_name",
    ):  # fmt: skip
        out[layer][no] = Stored(value, note, version, at, _person(username, first, last))
    return out


def load_scoring_answers(evaluation: Evaluation, layers: tuple[str, ...]) -> dict[str, dict]:
    """{layer: normalised answers} as `actions.layer_answers` gives them, in one query."""
    out: dict[str, dict] = {layer: {} for layer in layers}
    rows = Answer.objects.filter(evaluation=evaluation, layer__in=layers).exclude(value="")
    for layer, no, value in rows.values_list("layer", "question", "value"):
        out[layer][no] = stored_to_normalised(value)
    return out


def normalised(answers: dict[str, dict[str, Stored]]) -> dict[str, dict]:
    return {
        layer: {no: stored_to_normalised(a.value) for no, a in rows.items() if a.value}
        for layer, rows in answers.items()
    }


def evidence_for(evaluation: Evaluation) -> dict[str, list]:
    """{question number: [EvidenceLink]} from the evidence views (one query)."""
    try:
        from .views_evidence import evidence_by_question
    except ImportError:  # the evidence views are not there yet
        return {}
    return evidence_by_question(evaluation)


def comments_for(evaluation: Evaluation, viewer: Viewer, question: str | None = None):
    """{question number: [Comment]}: internal ones only where the person may read them."""
    rows = Comment.objects.filter(evaluation=evaluation).select_related("author")
    rows = rows.filter(Q(internal=False) | Q(layer__in=viewer.internal_layers))
    if question is not None:
        rows = rows.filter(question=question)
    out: dict[str, list[Comment]] = defaultdict(list)
    for row in rows:
        out[row.question].append(row)
    return out


def revisions_for(evaluation: Evaluation, question: str | None = None):
    """{question number: open RevisionRequest}."""
    rows = RevisionRequest.objects.filter(
        evaluation=evaluation, resolved_at__isnull=True
    ).select_related("requested_by")
    if question is not None:
        rows = rows.filter(question=question)
    return {row.question: row for row in rows}


def change_counts(evaluation: Evaluation, viewer: Viewer, question: str | None = None):
    """{question number: number of changes in the layers the person may read}."""
    rows = AnswerChange.objects.filter(evaluation=evaluation, layer__in=viewer.layers)
    if question is not None:
        rows = rows.filter(question=question)
    return dict(rows.values("question").annotate(n=Count("id")).values_list("question", "n"))


def history(evaluation: Evaluation, viewer: Viewer, question: Question) -> list[dict]:
    """Every change of the question in the layers the person may read, newest first."""
    rows = AnswerChange.objects.filter(
        evaluation=evaluation, question=question.no, layer__in=viewer.layers
    ).select_related("by")
    language = lang()
    return [
        {
            "at": row.at,
            "by": row.by,
            "layer": layer_label(row.layer),
            "before": display_answer(question, row.before_value, language),
            "after": display_answer(question, row.after_value, language),
            "before_note": row.before_note,
            "after_note": row.after_note,
            "note_changed": row.before_note != row.after_note,
        }
        for row in rows
    ]


# --- scoring -----------------------------------------------------------------------------------
def score_layers(evaluation: Evaluation, framework: Framework, answers: dict[str, dict]):
    """{layer: Result}: each layer scored once."""
    previous = evaluation.previous_predicate or None
    return {layer: score_normalised(framework, given, previous) for layer, given in answers.items()}


@lru_cache(maxsize=64)
def _gap(framework: Framework, frozen: tuple, target: str, previous: str | None):
    # A pure function of its inputs that costs ~20 ms: a page reloaded without changes, or the
    # score panel refreshed after someone else's save, reuses it.
    return gap_analysis(framework, dict(frozen), target, previous, limit=GAP_ITEMS)


def gap_report(evaluation: Evaluation, framework: Framework, answers: dict):
    frozen = tuple(sorted(answers.items()))
    return _gap(framework, frozen, evaluation.target, evaluation.previous_predicate or None)


# --- display -----------------------------------------------------------------------------------
def display_answer(question: Question, stored: str | None, language: str) -> str:
    """A stored answer as people write it: "Ya", "B", "3,62" (id) / "3.62" (en); "" if none."""
    if not stored:
        return ""
    if question.type == "ya_tidak":
        return {"ya": _("Yes"), "tidak": _("No")}.get(stored, stored)
    if question.options:
        return stored.upper()
    return stored.replace(".", ",") if language == "id" else stored


def _stored(value) -> str:
    """A normalised answer (option or Decimal) back in its stored form."""
    if value is None:
        return ""
    return value if isinstance(value, str) else format(value, "f")


@cache
def _options(framework: Framework) -> dict[str, tuple[dict, ...]]:
    """Per question, its options with letter, value and criterion (built once per framework)."""
    out = {}
    for no, q in framework.questions.items():
        out[no] = tuple(
            {
                "option": o,
                "letter": o.capitalize() if q.type == "ya_tidak" else o.upper(),
                "criterion": q.criteria.get(o, ""),
                "value": q.values[o] if q.values else None,
            }
            for o in q.options
        )
    return out


@cache
def _areas(framework: Framework) -> dict[str, str | None]:
    """question number → area code (None for the Hasil items)."""
    out = {}
    for no, q in framework.questions.items():
        area = framework.area_of(q.node)
        out[no] = area.code if area else None
    return out


STATIC_PARTS = ("head", "legend", "guide_edit", "guide_read", "choices", "hint")


@lru_cache(maxsize=8)
def static_parts(framework: Framework, language: str) -> dict[str, dict[str, str]]:
    """Per question, the HTML that depends only on the framework and the language (heading,
    criteria, guidance, the radio buttons of its options, the hint of a number), rendered once
    per process and language: a page then renders only what changes."""
    options = _options(framework)
    out = {}
    with translation.override(language):
        for no, q in framework.questions.items():
            context = {"q": q, "options": options[no]}
            out[no] = {
                part: mark_safe(  # rendered by the template engine, so escaped there
                    render_to_string(
                        "evaluations/fill/_static.html", {**context, "part": part}
                    ).strip()
                )
                for part in STATIC_PARTS
            }
    return out


def _checked(choices: str, value: str) -> str:
    """The pre-rendered radio buttons with the person's option checked."""
    if not value:
        return choices
    return mark_safe(choices.replace(f' value="{value}" ', f' value="{value}" checked ', 1))


def question_urls(evaluation: Evaluation) -> dict[str, str]:
    """The URL patterns of a question's views, reversed once per request ("{no}" to fill in)."""
    names = ("answer", "revision", "comment", "history")
    urls = {
        name: reverse(f"evaluations:{name}", args=[evaluation.pk, "QNO"]).replace("QNO", "{no}")
        for name in names
    }
    # Where measured Hasil values are chosen (zona.feeds), when that app is installed.
    with suppress(NoReverseMatch):
        urls["hasil"] = reverse("feeds:page", args=[evaluation.pk])
    return urls


# --- question blocks ---------------------------------------------------------------------------
@dataclass
class BlockState:
    """What happened to a question in this request: saved, refused, or overtaken."""

    state: str  # "saved", "error", "stale", "revision", "comment"
    message: str = ""
    typed_value: str | None = None
    typed_note: str | None = None
    version: int | None = None  # the version the form should send next

    @property
    def text(self) -> str:
        if self.state == "saved":
            return f"✓ {self.message}"
        if self.state == "error":
            return f"✗ {_('Failed to save')}: {self.message}"
        if self.state == "stale":
            return f"✗ {_('Not saved')}"
        return self.message


@dataclass(frozen=True)
class PageContext:
    """What every block of one request shares."""

    framework: Framework
    viewer: Viewer
    language: str
    urls: dict[str, str]
    labels: dict[str, str]  # layer → its name in the active language
    static: dict[str, dict[str, str]]
    t: dict[str, str]  # the blocks' words, escaped
    csrf_input: str  # the hidden CSRF field of the request, for the forms
    may_comment: bool

    @classmethod
    def build(cls, evaluation: Evaluation, viewer: Viewer, csrf_token: str) -> PageContext:
        framework = evaluation.framework.framework()
        language = lang()
        return cls(
            framework=framework,
            viewer=viewer,
            language=language,
            urls=question_urls(evaluation),
            labels={layer: layer_label(layer) for layer in LAYER_ORDER},
            static=static_parts(framework, language),
            t=block_labels(),
            csrf_input=format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token
            ),
            may_comment=not evaluation.is_read_only,
        )


def question_block(
    page: PageContext,
    question: Question,
    answers: dict[str, dict[str, Stored]],
    *,
    revision=None,
    comments=(),
    changes: int = 0,
    evidence=(),
    state: BlockState | None = None,
) -> dict[str, Any]:
    """One question's block: its data, and its HTML before and after the evidence part."""
    no = question.no
    viewer = page.viewer
    language = page.language
    layers = []
    previous = None
    differs = False
    current = None
    for layer in viewer.layers:
        row = answers[layer].get(no)
        value = row.value if row else ""
        layer_differs = bool(value and previous and value != previous)
        differs = differs or layer_differs
        entry = {
            "layer": layer,
            "label": page.labels[layer],
            "value": value,
            "display": display_answer(question, value, language),
            "note": row.note if row else "",
            "by": row.by if row else "",
            "at": row.at if row and row.version else None,
            "differs": layer_differs,
        }
        if layer == viewer.writable:
            current = entry
        else:
            layers.append(entry)
        if value:
            previous = value
    mine = None
    if viewer.writable:
        row = answers[viewer.writable].get(no)
        stored = row.value if row else ""
        value = stored if question.options else display_answer(question, stored, language)
        note = row.note if row else ""
        version = row.version if row else 0
        if state is not None:
            if state.typed_value is not None:
                value = state.typed_value
            if state.typed_note is not None:
                note = state.typed_note
            if state.version is not None:
                version = state.version
        mine = {"value": value, "note": note, "version": version}
    block = {
        "q": question,
        "no": no,
        "others": layers,  # the layers shown beside (or, read-only, instead of) the form
        "current": current,  # the person's own layer as stored
        "differs": differs,
        "mine": mine,
        "state": state,
        "revision": revision,
        "comments": comments,
        "changes": changes,
        "evidence_links": evidence,
    }
    block["html"] = render_block(page, block)
    return block


# --- rendering of question blocks ---------------------------------------------------------------
# A page holds 129 blocks; through the template engine they took ~60 % of the page's time, so they
# are rendered here, escaping every value (`_e`) exactly as the templates would. What depends only
# on the framework and the language comes pre-rendered from `_static.html`; the evidence part
# between the two halves is the evidence views' template, included by `fill/_question.html`.
def _e(value: Any) -> str:
    if hasattr(value, "__html__"):
        return value.__html__()
    return html_escape(str(value))


def _lines(text: str) -> str:
    """Like the `linebreaksbr` filter."""
    return _e(text).replace("\r\n", "\n").replace("\n", "<br>")


DIFFERS_ROW = ' class="lke-row-differs"'
INVALID = ' aria-invalid="true"'


def render_block(page: PageContext, b: dict[str, Any]) -> tuple[str, str]:
    """The block's HTML before and after its evidence part."""
    t = page.t
    q = b["q"]
    no = _e(b["no"])
    static = page.static[b["no"]]
    urls = {name: _e(pattern.format(no=b["no"])) for name, pattern in page.urls.items()}
    state = b["state"]
    code = state.state if state else ""
    mine = b["mine"]
    revision = b["revision"]
    top = [
        f'<article id="q-{no}" class="lke-q{" lke-q-revision" if revision else ""}" '
        f'data-state="{code}" aria-labelledby="q-{no}-t">\n'
        f'  <div class="d-flex flex-wrap align-items-baseline gap-1">{static["head"]}'
    ]
    add = top.append
    if b["differs"]:
        add(
            f'\n    <span class="badge lke-differs" title="{t["differs_title"]}">'
            f"≠ {t['differs']}</span>"
        )
    if revision:
        add(f'\n    <span class="badge text-bg-danger">{t["needs_revision_badge"]}</span>')
    add("</div>\n")
    if revision:
        add(
            f'  <p class="lke-revision small mb-2"><strong>{t["needs_revision"]}:</strong> '
            f'{_e(revision.reason)} <span class="text-body-secondary">— '
            f"{_e(revision.requested_by or 'TPI')}, {when(revision.requested_at)}</span></p>\n"
        )
    add(static["guide_edit"] if mine else static["guide_read"])
    if q.feed and "hasil" in urls:
        add(
            f'\n  <p class="small lke-feed mb-2">{t["feed_hint"]} '
            f'<a href="{urls["hasil"]}">{t["feed_link"]}</a>.</p>'
        )
    add('\n  <div class="row g-2">')
    others = b["others"]
    if others:
        add(
            f'\n    <div class="{"col-lg-6" if mine else "col-12"}">'
            f'<table class="table table-sm lke-layers mb-1">{t["layers_head"]}<tbody>'
        )
        for entry in others:
            badge = f' <span class="badge lke-differs">≠ {t["differs"]}</span>'
            add(
                f'\n      <tr data-layer="{entry["layer"]}"'
                f"{DIFFERS_ROW if entry['differs'] else ''}>"
                f'<th scope="row">{_e(entry["label"])}</th>'
                f"<td><strong>{_e(entry['display'] or '–')}</strong>"
                f"{badge if entry['differs'] else ''}</td>"
                f"<td>{_lines(entry['note'] or '–')}"
            )
            if entry["at"]:
                add(
                    f'<div class="small text-body-secondary">{_e(entry["by"] or "–")}, '
                    f"{_e(when(entry['at']))}</div>"
                )
            add("</td></tr>")
        add("\n    </tbody></table></div>")
    if mine:
        add(f'\n    <div class="{"col-lg-6" if others else "col-12"}">')
        if code == "stale":
            current = b["current"]
            add(
                f'\n      <div class="alert alert-warning py-2 small mb-2" role="alert">'
                f'{_e(state.message)}<div class="mt-1">{t["their_answer"]}: '
                f"<strong>{_e(current['display'] or '–')}</strong>"
            )
            if current["note"]:
                add(f" — {_e(current['note'])}")
            if current["at"]:
                add(
                    f' <span class="text-body-secondary">({_e(current["by"] or "–")}, '
                    f"{_e(when(current['at']))})</span>"
                )
            add(f"</div><div>{t['kept']}</div></div>")
        add(
            f'\n      <form method="post" action="{urls["answer"]}#q-{no}" class="lke-answer" '
            f'hx-post="{urls["answer"]}" hx-target="closest article" hx-swap="outerHTML" '
            f'hx-trigger="submit, change delay:300ms" hx-indicator="find .htmx-indicator">'
            f"{page.csrf_input}\n"
            f'        <input type="hidden" name="version" value="{int(mine["version"])}">\n'
            f'        <fieldset class="mb-2"><legend class="form-label small fw-semibold mb-1">'
            f"{static['legend']}</legend>"
        )
        if q.options:
            add(_checked(static["choices"], mine["value"]))
        else:
            invalid = code == "error"
            add(
                f'\n          <label class="visually-hidden" for="q-{no}-value">{t["answer"]}'
                f'</label>\n          <input class="form-control form-control-sm lke-number'
                f'{" is-invalid" if invalid else ""}" type="text" '
                f'inputmode="{NUMERIC_INPUT_MODES.get(q.type, "decimal")}" autocomplete="off" '
                f'name="value" id="q-{no}-value" value="{_e(mine["value"])}" hx-preserve '
                f'aria-describedby="q-{no}-hint q-{no}-state"'
                f"{INVALID if invalid else ''}>\n"
                f'          <div class="form-text" id="q-{no}-hint">{static["hint"]}</div>'
            )
        saved = state.text if code in ("saved", "error", "stale") else ""
        add(
            f"</fieldset>\n"
            f'        <label class="form-label small mb-1" for="q-{no}-note">{t["note"]}</label>\n'
            f'        <textarea class="form-control form-control-sm mb-2" name="note" '
            f'id="q-{no}-note" rows="2" hx-preserve>\n{_e(mine["note"])}</textarea>\n'
            f'        <div class="d-flex align-items-center gap-2">'
            f'<button class="btn btn-sm btn-primary" type="submit">{t["save"]}</button> '
            f'<span class="htmx-indicator small text-body-secondary">{t["saving"]}</span> '
            f'<span class="small lke-state" id="q-{no}-state" data-save-state="{code}" '
            f'role="status" aria-live="polite">{_e(saved)}</span></div>\n'
            f"      </form>\n    </div>"
        )
    add("\n  </div>\n")

    bottom = []
    add = bottom.append
    comments = b["comments"]
    if comments:
        add(f'  <ul class="list-unstyled small mb-1 mt-1" aria-label="{t["comments"]}">')
        for c in comments:
            internal = f' <span class="badge text-bg-secondary">{t["internal"]}</span>'
            add(
                f'\n    <li class="lke-comment{" lke-internal" if c.internal else ""}">'
                f'<span class="fw-semibold">{_e(c.author or "–")}</span> '
                f'<span class="text-body-secondary">({_e(page.labels[c.layer])}, '
                f"{when(c.created_at)})</span>{internal if c.internal else ''}<br>"
                f"{_lines(c.body)}</li>"
            )
        add("\n  </ul>\n")
    add('  <div class="small d-flex flex-wrap gap-3 mt-1">')
    if page.may_comment:
        add(
            f'\n    <a href="{urls["comment"]}" hx-get="{urls["comment"]}" '
            f'hx-target="next .lke-slot">{t["comment"]}</a>'
        )
    if page.viewer.may_revise:
        label = t["change_revision"] if revision else t["mark_revision"]
        add(
            f'\n    <a href="{urls["revision"]}" hx-get="{urls["revision"]}" '
            f'hx-target="next .lke-slot">{label}</a>'
        )
    add(
        f'\n    <a href="{urls["history"]}" hx-get="{urls["history"]}" '
        f'hx-target="next .lke-slot">{t["history"]} ({int(b["changes"])})</a>'
    )
    if code in ("comment", "revision"):
        add(f'\n    <span role="status">{_e(state.message)}</span>')
    add('\n  </div>\n  <div class="lke-slot"></div>\n</article>')
    return mark_safe("".join(top)), mark_safe("".join(bottom))


def common(evaluation: Evaluation, viewer: Viewer) -> dict[str, Any]:
    """What the page and a block's partial need besides the blocks."""
    return {
        "evaluation": evaluation,
        "viewer": viewer,
        "read_only": viewer.writable is None,
        "can_edit_evidence": viewer.may_edit_evidence,
        "may_comment": not evaluation.is_read_only,
    }


def single_block(
    user,
    evaluation: Evaluation,
    question: Question,
    csrf_token: str,
    state: BlockState | None = None,
) -> dict[str, Any]:
    """The context of one question block (the htmx partial): a handful of queries."""
    viewer = viewer_for(user, evaluation)
    page = PageContext.build(evaluation, viewer, csrf_token)
    no = question.no
    block = question_block(
        page,
        question,
        load_answers(evaluation, viewer.layers, no),
        revision=revisions_for(evaluation, no).get(no),
        comments=comments_for(evaluation, viewer, no).get(no, []),
        changes=change_counts(evaluation, viewer, no).get(no, 0),
        evidence=evidence_for(evaluation).get(no, []),
        state=state,
    )
    return {**common(evaluation, viewer), "b": block, "t": page.t}


# --- the score panel ---------------------------------------------------------------------------
def _row(label: str, weight, level: int, cells: list[tuple[float, float | None]]) -> dict:
    return {
        "label": label,
        "weight": float(weight),
        "level": level,
        "cells": [{"value": value, "share": share} for value, share in cells],
    }


def score_panel(
    evaluation: Evaluation,
    framework: Framework,
    viewer: Viewer,
    results: dict[str, Result],
    evidence: dict[str, list],
) -> dict[str, Any]:
    """Scores per layer, the target's conditions, progress and the gap analysis."""
    ordered = [results[layer] for layer in viewer.layers]
    areas = [r.areas for r in ordered]
    pengungkit = framework.role_node("pengungkit")
    hasil = framework.role_node("hasil")
    max_total = float(framework.max_total)
    rows = [
        _row(_("Total"), max_total, 0, [(r.total, r.total / max_total) for r in ordered]),
        _row(
            pengungkit.name,
            pengungkit.weight,
            1,
            [(r.nodes[pengungkit.code], r.share(pengungkit.code)) for r in ordered],
        ),
    ]
    for index, area in enumerate(framework.areas):
        rows.append(
            _row(area.name, area.weight, 2, [(a[index].value, a[index].share) for a in areas])
        )
    rows.append(
        _row(
            hasil.name,
            hasil.weight,
            1,
            [(r.nodes[hasil.code], r.share(hasil.code)) for r in ordered],
        )
    )
    for code in hasil.children:
        node = framework.nodes[code]
        rows.append(
            _row(node.name, node.weight, 2, [(r.nodes[code], r.share(code)) for r in ordered])
        )
    columns = [
        {
            "code": layer,
            "label": layer_label(layer),
            "short": SHORT_LABELS[layer],
            "predicate": r.predicate.code if r.predicate else "",
            "predicate_name": r.predicate.name if r.predicate else "",
            "answered": r.answered_count,
            "main": layer == viewer.main,
        }
        for layer, r in zip(viewer.layers, ordered, strict=True)
    ]
    main = results[viewer.main]
    return {
        "columns": columns,
        "rows": rows,
        "question_count": len(framework.questions),
        "main_layer": layer_label(viewer.main),
        "target_name": evaluation.get_target_display(),
        "conditions": main.conditions_of(evaluation.target),
        "progress": progress(framework, main, evidence),
        "gap": gap_items(evaluation, framework, main, lang()),
    }


def progress(framework: Framework, result: Result, evidence: dict[str, list]) -> list[dict]:
    """Answered / all questions and evidence coverage (scored questions with evidence / scored
    questions) per area, then Hasil, then overall."""
    area_of = _areas(framework)
    answers = result.answers
    keys = ("total", "answered", "scored", "evidence")
    groups: dict[str | None, dict[str, int]] = {
        a.code: dict.fromkeys(keys, 0) for a in framework.areas
    }
    groups[None] = dict.fromkeys(keys, 0)
    for no, q in framework.questions.items():
        group = groups[area_of[no]]
        group["total"] += 1
        if answers.get(no) is not None:
            group["answered"] += 1
        if q.scored:
            group["scored"] += 1
            if evidence.get(no):
                group["evidence"] += 1
    labels = {a.code: a.name for a in framework.areas}
    labels[None] = framework.role_node("hasil").name
    rows = [{"label": labels[code], **counts} for code, counts in groups.items()]
    overall = {key: sum(row[key] for row in rows) for key in keys}
    rows.append({"label": _("Overall"), "overall": True, **overall})
    for row in rows:
        row["answered_share"] = row["answered"] / row["total"] if row["total"] else None
        row["evidence_share"] = row["evidence"] / row["scored"] if row["scored"] else None
    return rows


def gap_items(
    evaluation: Evaluation, framework: Framework, result: Result, language: str
) -> dict[str, Any]:
    """The moves that bring the target closest ("where effort pays most"), top GAP_ITEMS."""
    report = gap_report(evaluation, framework, result.answers)
    labels = {c.code: c.label for c in report.failing}
    items = []
    for item in report.items:
        entry = {
            "kind": item.kind,
            "value": item.value,
            "gain": item.top.total_gain,
            "fixes": [labels.get(code, code) for code in item.top.fixes],
        }
        if item.kind == "question":
            question = framework.questions[item.key]
            entry["anchor"] = item.key
            entry["label"] = f"{item.key}. {item.label}"
            entry["current"] = display_answer(question, _stored(item.answer), language)
            entry["suggested"] = display_answer(question, _stored(item.top.answer), language)
        else:  # a computed percentage: raise its inputs
            computed = framework.computed[item.key]
            entry["anchor"] = computed.inputs[0] if computed.inputs else None
            entry["label"] = item.label
        items.append(entry)
    return {
        "items": items,
        "failing": len(report.failing),
        "unreachable": [c.label for c in report.unreachable],
    }


# --- the whole page ----------------------------------------------------------------------------
def computed_views(page: PageContext, results: dict[str, Result]) -> dict[str, dict]:
    """Per computed item: its formula, and per layer its inputs, value and the 0/0 rule if that
    decided the value."""
    framework = page.framework
    out = {}
    for code, item in framework.computed.items():
        per_layer = []
        for layer in page.viewer.layers:
            c = results[layer].computed[code]
            per_layer.append(
                {
                    "label": page.labels[layer],
                    "value": c.value if c.answered else None,
                    "inputs": [
                        (no, display_answer(framework.questions[no], _stored(v), page.language))
                        for no, v in c.inputs.items()
                    ],
                    "rule": c.rule,
                }
            )
        out[code] = {"item": item, "layers": per_layer}
    return out


def page_data(
    evaluation: Evaluation,
    viewer: Viewer,
    csrf_token: str,
    focus: str | None = None,
    state: BlockState | None = None,
) -> dict[str, Any]:
    """What the page's tree, score panel and revision list show: six queries, each layer scored
    once, every block built."""
    page = PageContext.build(evaluation, viewer, csrf_token)
    framework = page.framework
    answers = load_answers(evaluation, viewer.layers)
    results = score_layers(evaluation, framework, normalised(answers))
    revisions = revisions_for(evaluation)
    comments = comments_for(evaluation, viewer)
    changes = change_counts(evaluation, viewer)
    evidence = evidence_for(evaluation)
    blocks = {
        no: question_block(
            page,
            q,
            answers,
            revision=revisions.get(no),
            comments=comments.get(no, ()),
            changes=changes.get(no, 0),
            evidence=evidence.get(no, ()),
            state=state if no == focus else None,
        )
        for no, q in framework.questions.items()
    }
    computed = computed_views(page, results)

    def node(code: str, depth: int) -> dict[str, Any]:
        n = framework.nodes[code]
        children = [node(child, depth + 1) for child in n.children]
        questions = [blocks[no] for no in n.questions]
        flagged = sum(1 for b in questions if b["revision"]) + sum(c["flagged"] for c in children)
        focused = focus in n.questions or any(c["focused"] for c in children)
        return {
            "node": n,
            "depth": depth,
            "children": children,
            "questions": questions,
            "computed": [computed[c] for c in n.computed],
            "flagged": flagged,
            "focused": focused,
            # Parts and sections stay open; an area opens when it holds the question asked for
            # or one that needs revision; what is inside an area is open once the area is.
            "open": depth != 2 or bool(flagged) or focused,
        }

    return {
        **common(evaluation, viewer),
        "t": page.t,
        "tree": [node(code, 0) for code in framework.roots],
        "panel": score_panel(evaluation, framework, viewer, results, evidence),
        "revision_list": [revisions[no] for no in framework.questions if no in revisions],
        "csrf_token": csrf_token,
    }


# --- the page's fragments, cached by what they show ---------------------------------------------
# The tree, the score panel and the revision list are most of the page's cost. They are rendered
# once per *content stamp* — one query that changes whenever anything they show changes (answers
# of the visible layers, revision requests, comments, history, evidence links) — and per viewer
# shape, language and stage, then reused until then. Keys are content-based, so nothing is ever
# invalidated by hand; the CSRF token of the request is put in at serving time. Every key holds
# the `Viewer` — the layers, internal-comment layers and roles the fragments were rendered for —
# so people share a fragment only when they may see exactly the same things in it.
FRAGMENT_TEMPLATES = {
    "tree": "evaluations/fill/_tree.html",
    "panel": "evaluations/fill/_scores.html",
    "revisions": "evaluations/fill/_revisions.html",
}
FRAGMENT_ENTRIES = 32  # per process; a fragment set is ~0.3–0.8 MB
FRAGMENT_SECONDS = 600  # also bounds how long a renamed person's old name can show
_CSRF_MARK = f"csrf-{secrets.token_hex(16)}"  # stands for the request's token in stored HTML
_fragments: OrderedDict[tuple, tuple[float, dict[str, tuple[bytes, ...]]]] = OrderedDict()
_fragments_lock = threading.Lock()


def forget_fragments() -> None:
    """Empty this process's fragment cache (tests; nothing else needs it: keys are stamps)."""
    with _fragments_lock:
        _fragments.clear()


def content_stamp(evaluation: Evaluation, viewer: Viewer) -> tuple:
    """One query: counts and maxima over every row the fragments show. Saving an answer raises
    its version and time; history, comments and evidence links only grow or are deleted; a
    revision request is replaced with a new time. (Plain SQL: the same through the ORM's
    subqueries cost more to build than to run.)"""
    layers = ", ".join(["%s"] * len(viewer.layers))
    sql = " UNION ALL ".join(
        f"SELECT '{tag}', COUNT(*), CAST(MAX({a}) AS TEXT), CAST({b} AS TEXT) FROM {table} "
        f"WHERE evaluation_id = %s{where}"
        for tag, table, a, b, where in (
            ("a", Answer._meta.db_table, "updated_at", "SUM(version)", f" AND layer IN ({layers})"),
            ("h", AnswerChange._meta.db_table, "id", "NULL", f" AND layer IN ({layers})"),
            ("c", Comment._meta.db_table, "id", "NULL", ""),
            ("r", RevisionRequest._meta.db_table, "id", "MAX(requested_at)",
             " AND resolved_at IS NULL"),
            ("e", EvidenceLink._meta.db_table, "id", "NULL", ""),
        )
    )  # fmt: skip
    pk, visible = evaluation.pk, list(viewer.layers)
    params = [pk, *visible, pk, *visible, pk, pk, pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(sorted(cursor.fetchall()))


# Stored as UTF-8 pieces around the CSRF token's places, and put into the page as bytes after
# the rest of it is rendered (`fill_in`): passed through the template engine, ~0.3–0.5 MB of
# HTML would be copied by every enclosing node and block, then encoded, on every request.
FragmentParts = dict[str, tuple[bytes, ...]]
_SLOT_MARK = f"zona-fragment-{secrets.token_hex(16)}"
FRAGMENT_SLOTS = {name: mark_safe(f"<!--{_SLOT_MARK}:{name}-->") for name in FRAGMENT_TEMPLATES}
_SLOT_BYTES = {name: slot.encode() for name, slot in FRAGMENT_SLOTS.items()}


def _render_fragments(context: dict[str, Any]) -> FragmentParts:
    mark = _CSRF_MARK.encode()
    return {
        name: tuple(render_to_string(template, context).encode().split(mark))
        for name, template in FRAGMENT_TEMPLATES.items()
    }


def fragments(evaluation: Evaluation, viewer: Viewer, focus: str | None) -> FragmentParts:
    """The tree, score panel and revision list, from the cache when nothing shown changed."""
    framework = evaluation.framework.framework()
    key = (
        evaluation.pk, framework.source_sha256, evaluation.stage, evaluation.tpi_released,
        evaluation.target, evaluation.previous_predicate, viewer, get_language(),
        focus if focus in framework.questions else None, content_stamp(evaluation, viewer),
    )  # fmt: skip
    now = time.monotonic()
    with _fragments_lock:
        hit = _fragments.get(key)
        if hit is not None and now - hit[0] < FRAGMENT_SECONDS:
            _fragments.move_to_end(key)
            return hit[1]
    stored = _render_fragments(page_data(evaluation, viewer, _CSRF_MARK, focus=focus))
    with _fragments_lock:
        _fragments[key] = (now, stored)
        _fragments.move_to_end(key)
        while len(_fragments) > FRAGMENT_ENTRIES:
            _fragments.popitem(last=False)
    return stored


def fill_in(response, parts: FragmentParts, csrf_token: str):
    """Put the fragments, with the request's CSRF token, into the rendered page's slots."""
    content = response.content
    token = csrf_token.encode()
    chunks: list[bytes] = []
    at = 0
    for position, name in sorted((content.find(slot), name) for name, slot in _SLOT_BYTES.items()):
        if position < 0:
            continue
        chunks.append(content[at:position])
        for index, part in enumerate(parts[name]):
            if index:
                chunks.append(token)
            chunks.append(part)
        at = position + len(_SLOT_BYTES[name])
    chunks.append(content[at:])
    response.content = b"".join(chunks)
    return response


def lke_page(
    user,
    evaluation: Evaluation,
    focus: str | None = None,
    state: BlockState | None = None,
) -> dict[str, Any]:
    """The context of the LKE page (the contract is in views_fill's docstring): `fragments`
    are slots, filled by `fill_in` with `fragment_parts` once the page is rendered. With a
    `state` (an answer just refused), the fragments are rendered for this request only."""
    viewer = viewer_for(user, evaluation)
    if state is None:
        parts = fragments(evaluation, viewer, focus)
    else:
        parts = _render_fragments(
            page_data(evaluation, viewer, _CSRF_MARK, focus=focus, state=state)
        )
    framework = evaluation.framework.framework()
    return {
        **common(evaluation, viewer),
        "framework": framework,
        "layers": [{"code": layer, "label": layer_label(layer)} for layer in viewer.layers],
        "fragments": FRAGMENT_SLOTS,
        "fragment_parts": parts,
        "may_release": viewer.tpi and not evaluation.tpi_released,
    }
