"""The instansi coordinator configures the tiers of the TPI review (`tiers.py`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zona.core.people import display_name
from zona.orgs.access import get_instansi_for

from . import actions
from .tiers import TIER_NAME_LENGTH, tiers_of, tpi_people

EXTRA_ROWS = 2  # empty rows under the configured tiers, to add tiers
FIRST_ROWS = 3  # rows offered when none is configured (anggota → ketua → pengendali teknis)


class TierForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the tier"), required=False, max_length=TIER_NAME_LENGTH
    )
    members = forms.TypedMultipleChoiceField(
        label=gettext_lazy("People of this tier"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(p.pk, display_name(p)) for p in people]


TierFormSet = forms.formset_factory(TierForm, extra=0)


@login_required
def tiers_edit(request: HttpRequest, instansi_pk: int) -> HttpResponse:
    """Rows from the lowest tier up; a row left without name and people is no tier."""
    instansi = get_instansi_for(request.user, instansi_pk, write=True)
    people = list(tpi_people(instansi))
    current = [{"name": t.name, "members": sorted(t.members)} for t in tiers_of(instansi)]
    initial = current + [{}] * max(EXTRA_ROWS, FIRST_ROWS - len(current))
    formset = TierFormSet(
        request.POST or None, initial=initial, form_kwargs={"people": people}, prefix="tier"
    )
    problem = ""
    if request.method == "POST" and formset.is_valid():
        rows = [
            (f.cleaned_data.get("name", ""), f.cleaned_data.get("members", []))
            for f in formset.forms
            if f.cleaned_data.get("name", "").strip() or f.cleaned_data.get("members")
        ]
        try:
            tiers = actions.set_tpi_tiers(request.user, instansi, rows)
        except PermissionDenied:
            raise Http404 from None
        except actions.EvaluationError as exc:
            problem = str(exc)
        else:
            if tiers:
                messages.success(request, _("TPI tiers saved: %(names)s.") % {
                    "names": " → ".join(t["name"] for t in tiers)})  # fmt: skip
            else:
                messages.success(request, _("TPI tiers removed: the TPI reviews in one tier."))
            return redirect(instansi)
    return render(request, "evaluations/tiers.html", {
        "instansi": instansi, "formset": formset, "people": people, "problem": problem,
        "configured": bool(current),
    })  # fmt: skip
