"""Starting an evaluation and moving it between stages."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zona.core.pages import form_page
from zona.orgs.access import get_instansi_for
from zona.orgs.models import Predicate

from . import actions
from .access import creatable_units, db_value, get_evaluation_for
from .models import (
    Evaluation,
    InstansiDeadline,
    NationalDeadline,
    Stage,
    StageChange,
    default_national_deadline,
)
from .tiers import current_tier, tiers_of

MOVE_LABELS = {
    "submit": gettext_lazy("Submit to the TPI"),
    "start_review": gettext_lazy("Start the TPI review"),
    "return": gettext_lazy("Return for revision"),
    "finalise": gettext_lazy("Finalise (TPI)"),
    "propose": gettext_lazy("Propose to KemenPANRB"),
    "start_desk": gettext_lazy("Start the desk evaluation"),
    "start_field": gettext_lazy("Start the field evaluation"),
    "decide": gettext_lazy("Decide the predicate"),
    "close": gettext_lazy("Close"),
    "reopen": gettext_lazy("Reopen"),
    "reopen_tpi": gettext_lazy("Reopen the TPI review"),
    "not_proposed": gettext_lazy("Close: not proposed this year"),
    "confirm_tier": gettext_lazy("Confirm the answers"),
    "pass_up": gettext_lazy("Pass on to the next tier"),
    "return_tier": gettext_lazy("Return to the tier below"),
}
# The tier moves named with the tiers they go to, on the panel (the tier is data).
TIER_MOVE_LABELS = {
    "confirm_tier": gettext_lazy("Confirm the answers (%(tier)s)"),
    "pass_up": gettext_lazy("Pass on to %(tier)s"),
    "return_tier": gettext_lazy("Return to %(tier)s"),
}
# What a move did, said once it is made: what happened, in the past tense (docs/messages.md).
MOVE_DONE = {
    "submit": gettext_lazy("LKE submitted to the TPI."),
    "start_review": gettext_lazy("TPI review started."),
    "return": gettext_lazy("LKE returned to the unit for revision."),
    "finalise": gettext_lazy("TPI review finalised; the unit now sees the TPI layer."),
    "propose": gettext_lazy("Unit proposed to KemenPANRB."),
    "start_desk": gettext_lazy("Desk evaluation started."),
    "start_field": gettext_lazy("Field evaluation started."),
    "decide": gettext_lazy("Predicate decided."),
    "close": gettext_lazy("Evaluation closed."),
    "reopen": gettext_lazy("Evaluation reopened."),
    "reopen_tpi": gettext_lazy("TPI review reopened."),
    "not_proposed": gettext_lazy("Evaluation closed: not proposed this year."),
    "confirm_tier": gettext_lazy("Answers confirmed at this tier."),
    "pass_up": gettext_lazy("LKE passed on to the next TPI tier."),
    "return_tier": gettext_lazy("LKE returned to the TPI tier below."),
}
# What an irreversible move does, said on its confirmation screen.
CONSEQUENCES = {
    "submit": gettext_lazy(
        "The unit's answers go to the TPI and can no longer be changed, unless the TPI returns "
        "the evaluation for revision."
    ),
    "return": gettext_lazy(
        "The evaluation goes back to the unit with the revision requests; the TPI review "
        "continues only when the unit submits it again."
    ),
    "finalise": gettext_lazy(
        "The TPI layer becomes final and the unit sees it. Only the TPI lead can reopen the review."
    ),
    "propose": gettext_lazy(
        "The evaluation goes to KemenPANRB for the TPN; the instansi cannot take it back."
    ),
    "decide": gettext_lazy(
        "The decision is recorded with its decree and the unit is told. Only a TPN evaluator can "
        "reopen it."
    ),
    "close": gettext_lazy("The evaluation is closed and becomes read-only."),
    "not_proposed": gettext_lazy(
        "The evaluation is closed for this year without a proposal to KemenPANRB and becomes "
        "read-only; it cannot be reopened."
    ),
    "pass_up": gettext_lazy(
        "The next tier reviews the TPI layer and its people are told; this tier can no longer "
        "change it, unless that tier returns the evaluation."
    ),
    "return_tier": gettext_lazy(
        "The tier below reviews the TPI layer again with your note; its people are told."
    ),
}


class CreateForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit kerja"), queryset=None)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2015, max_value=2100)
    target = forms.ChoiceField(label=gettext_lazy("Target predicate"), choices=Predicate.choices)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].initial = timezone.localdate().year


class DecisionForm(forms.Form):
    predicate = forms.ChoiceField(
        label=gettext_lazy("Predicate"),
        choices=[("", gettext_lazy("No predicate")), *Predicate.choices],
        required=False,
    )
    decree_number = forms.CharField(label=gettext_lazy("Decree number"), required=False)
    decree_date = forms.DateField(
        label=gettext_lazy("Decree date"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip


@login_required
def create(request: HttpRequest) -> HttpResponse:
    units = creatable_units(request.user)
    if not units.exists():
        raise Http404
    form = CreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = actions.create_evaluation(
                request.user, data["unit"], data["year"], data["target"]
            )
        except actions.EvaluationError as exc:
            form.add_error(None, str(exc))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Evaluation started."))
            return redirect(evaluation)
    return render(request, "evaluations/create.html", {"form": form})


def _days_left(deadline: date | None) -> int | None:
    return (deadline - timezone.localdate()).days if deadline else None


def _stage_sql() -> str:
    user = get_user_model()
    q = connection.ops.quote_name
    tables = {
        "national": NationalDeadline, "internal": InstansiDeadline, "evaluation": Evaluation,
        "move": StageChange, "person": user,
    }  # fmt: skip
    t = {name: q(model._meta.db_table) for name, model in tables.items()}
    username = q(user._meta.get_field(user.USERNAME_FIELD).column)
    first, last = (q(user._meta.get_field(f).column) for f in ("first_name", "last_name"))
    return (
        f"SELECT (SELECT n.date FROM {t['national']} n WHERE n.year = %s),"
        f" (SELECT i.date FROM {t['internal']} i WHERE i.instansi_id = %s AND i.year = %s),"
        f" m.id, m.from_stage, m.to_stage, m.note, m.at, m.by_id, p.{username}, p.{first},"
        f" p.{last}, m.step, m.from_tier, m.to_tier"
        f" FROM {t['evaluation']} e LEFT JOIN {t['move']} m ON m.evaluation_id = e.id"
        f" LEFT JOIN {t['person']} p ON p.id = m.by_id WHERE e.id = %s ORDER BY m.at, m.id"
    )


def _stage_facts(evaluation: Evaluation) -> tuple[date, date | None, list[StageChange]]:
    """The national and internal deadlines and the stage history, in one query: the evaluation
    row LEFT JOINed to its moves (one row of NULLs when it never moved), each deadline a
    subquery. Plain SQL: the same through the ORM cost more to build than to run."""
    year = evaluation.year
    with connection.cursor() as cursor:
        cursor.execute(_stage_sql(), [year, evaluation.unit.instansi_id, year, evaluation.pk])
        rows = cursor.fetchall()
    # Every row repeats the deadlines; none comes back only if the evaluation was just deleted.
    national, internal = rows[0][:2] if rows else (None, None)
    deadline = NationalDeadline._meta.get_field("date")
    at = StageChange._meta.get_field("at")
    history = []
    for row in rows:
        _n, _i, pk, from_stage, to_stage, note, when, by_id, username, first, last = row[:11]
        step, from_tier, to_tier = row[11:]
        if pk is None:
            continue
        move = StageChange(
            id=pk, evaluation=evaluation, from_stage=from_stage, to_stage=to_stage, note=note,
            at=db_value(at, when), by_id=by_id, step=step or "", from_tier=from_tier,
            to_tier=to_tier,
        )  # fmt: skip
        if by_id is not None:
            # Enough of the person for the panel to show their name (`person` filter).
            move.by = get_user_model()(
                id=by_id, first_name=first or "", last_name=last or "",
                **{get_user_model().USERNAME_FIELD: username},
            )  # fmt: skip
        history.append(move)
    national = db_value(deadline, national) or default_national_deadline(year)
    return national, db_value(deadline, internal), history


def _shown(stage: str, evaluation: Evaluation) -> bool:
    """The stage line shows "not proposed this year" only where it happened."""
    return stage != Stage.NOT_PROPOSED or evaluation.stage == Stage.NOT_PROPOSED


def stage_context(user, evaluation: Evaluation) -> dict:
    """What the stage panel of the evaluation page shows; the LKE page merges it in."""
    national, internal, history = _stage_facts(evaluation)
    options = actions.move_options(user, evaluation)
    tiers = tiers_of(evaluation.unit.instansi)
    here = current_tier(evaluation, tiers)
    for option in options:
        option.label = move_label(evaluation, option.name, tiers)
    names = {t.position: t.name for t in tiers}
    for change in history:  # a move inside a tiered review is named by its tiers
        change.from_tier_name = names.get(change.from_tier, "")
        change.to_tier_name = names.get(change.to_tier, "")
        change.confirmation = change.step == "confirm_tier"
    return {
        "tiers": tiers,
        "current_tier": here,
        "tier_rows": _tier_rows(tiers) if here else [],
        "stages": [(s.value, s.label) for s in Stage if _shown(s, evaluation)],
        "moves": options,
        "decision_form": DecisionForm() if any(o.name == "decide" for o in options) else None,
        "national_deadline": national,
        "national_days_left": _days_left(national),
        "internal_deadline": internal,
        "internal_days_left": _days_left(internal),
        "stage_history": history,
    }


def _tier_rows(tiers) -> list[tuple]:
    """Each tier with its people, for the panel (one query)."""
    ids = {pk for t in tiers for pk in t.members}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids, is_active=True)}
    return [(t, [users[pk] for pk in sorted(t.members) if pk in users]) for t in tiers]


def move_label(evaluation: Evaluation, name: str, tiers=None) -> str:
    """The move's name; a move inside a tiered review names the tier it goes to."""
    tiers = tiers_of(evaluation.unit.instansi) if tiers is None else tiers
    here = current_tier(evaluation, tiers)
    if here and name in TIER_MOVE_LABELS:
        to = here.position + {"pass_up": 1, "return_tier": -1}.get(name, 0)
        if 1 <= to <= len(tiers):
            return TIER_MOVE_LABELS[name] % {"tier": tiers[to - 1].name}
    return str(MOVE_LABELS[name])


def _refused(request: HttpRequest, exc: actions.EvaluationError) -> None:
    """A refusal as one message listing each failing condition with its figures; a condition
    checked per area as one heading with a line per failing area."""
    if isinstance(exc, actions.MoveRefused):
        # A rendered template is safe as it is, and the message storage keeps it so.
        html = render_to_string("evaluations/_refusal.html", {"rows": exc.rows}, request=request)
        messages.error(request, html)
    else:
        messages.error(request, str(exc))


@login_required
@require_POST
def move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    """Make a move from the stage panel. An irreversible move is checked first and, when it can
    succeed, shown on a confirmation screen; it is made when that screen's form comes back with
    `confirmed`."""
    evaluation = get_evaluation_for(request.user, pk)
    if move not in MOVE_LABELS:
        raise Http404
    details = {}
    form = None
    if move == "decide":
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(
                request,
                _("Check the decision: %(errors)s")
                % {"errors": "; ".join(e for errs in form.errors.values() for e in errs)},
            )
            return redirect(evaluation)
        details = {k: v for k, v in form.cleaned_data.items() if v}
    note = request.POST.get("note", "")
    try:
        if move in actions.IRREVERSIBLE and request.POST.get("confirmed") != "1":
            outcomes = actions.check_move(request.user, evaluation, move, note, **details)
            failures = [o for o in outcomes if o.blocks]
            if failures:
                raise actions.MoveRefused(failures)
            return render(request, "evaluations/move_confirm.html", {
                "evaluation": evaluation, "move": move, "label": move_label(evaluation, move),
                "consequence": CONSEQUENCES.get(move, ""), "rows": actions.grouped(outcomes),
                "note": note.strip(), "details": details, "decision_form": form,
            })  # fmt: skip
        actions.move(request.user, evaluation, move, note, **details)
    except actions.EvaluationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, MOVE_DONE[move])
    return redirect(evaluation)


class DeadlineForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Internal deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )


@login_required
def deadline_edit(request: HttpRequest, instansi_pk: int, year: int) -> HttpResponse:
    instansi = get_instansi_for(request.user, instansi_pk, write=True)
    current = InstansiDeadline.objects.filter(instansi=instansi, year=year).first()
    national = actions.national_deadline(year)
    form = DeadlineForm(request.POST or None, initial={"date": current.date if current else None})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["date"] > national:
            form.add_error(
                "date",
                _("The internal deadline must not be after the national deadline (%(date)s).")
                % {"date": national},
            )
        else:
            actions.set_internal_deadline(request.user, instansi, year, form.cleaned_data["date"])
            messages.success(request, _("Internal deadline of %(year)s saved.") % {"year": year})
            return redirect(instansi)
    return form_page(
        request, form, title=_("Internal deadline of %(year)s") % {"year": year}, subject=instansi
    )
