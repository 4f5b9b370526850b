from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zona.core.links import WebLinkField
from zona.frameworks.models import FrameworkVersion
from zona.orgs.models import YEAR_VALIDATORS

from .actions import unit_people, validate_activity
from .lke import areas_of
from .models import ActionPlan, ActivityStatus, MonevPeriod, MonevReport, Strategy


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _person_label(user) -> str:
    name = user.get_full_name() or user.get_username()
    return f"{name} <{user.email}>" if user.email else name


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), validators=YEAR_VALIDATORS)
    framework = forms.ModelChoiceField(
        label=_("LKE framework"),
        queryset=FrameworkVersion.objects.none(),
        help_text=_("The activities are linked to the areas and questions of this LKE."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = FrameworkVersion.objects.defer("source").order_by(
            "-is_active", "-code", "-loaded_at"
        )
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)
            first = self.fields["framework"].queryset.filter(is_active=True).first()
            if first is not None:
                self.initial.setdefault("framework", first.pk)


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=255)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    area = forms.ChoiceField(label=_("LKE area"))
    questions = forms.MultipleChoiceField(
        label=_("LKE questions (optional)"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Only questions of the chosen area. Hold Ctrl (⌘ on a Mac) to pick several."),
    )
    strategies = forms.ModelMultipleChoiceField(
        label=_("Strategies it serves"),
        queryset=Strategy.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("One or more of the five strategies of building the zone."),
    )
    output = forms.CharField(label=_("Output (keluaran)"), max_length=255)
    owner = forms.ModelChoiceField(
        label=_("Person in charge"),
        queryset=None,
        required=False,
        help_text=_("Someone with a role in this unit; or leave empty and give a name and e-mail."),
    )
    owner_name = forms.CharField(
        label=_("Name (person without an account)"), max_length=150, required=False
    )
    owner_email = forms.EmailField(label=_("E-mail (person without an account)"), required=False)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0)
    note = forms.CharField(
        label=_("Progress note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What happened since the last update; kept in the activity's history."),
    )

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        areas = areas_of(plan.framework)
        self.fields["area"].choices = [("", "—")] + [(a.code, a.name) for a in areas]
        self.fields["questions"].choices = [
            (a.name, [(no, f"{no}. {_short(text)}") for no, text in a.questions]) for a in areas
        ]
        self.fields["strategies"].label_from_instance = _strategy_label
        owner = self.fields["owner"]
        owner.queryset = unit_people(plan.unit_id)
        owner.label_from_instance = _person_label

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            return {**validate_activity(self.plan, data), "note": data.get("note", "")}
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
            return data


def _strategy_label(strategy: Strategy) -> str:
    return f"{strategy.number}. {strategy.name} — {strategy.explanation}"


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class EvidenceForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        help_text=_("E.g. the number and title of the document."),
    )
    upload = forms.FileField(label=_("File"), required=False)
    url = WebLinkField(label=_("or a link"), required=False)
    document_date = forms.DateField(label=_("Document date"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("upload")) == bool(data.get("url")):
            raise ValidationError(_("Give either a file or a link."))
        return data


class MonevCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), validators=YEAR_VALIDATORS)
    period = forms.ChoiceField(label=_("Period"), choices=MonevPeriod.choices)
    start_date = forms.DateField(
        label=_("From (custom period)"), required=False, widget=DateInput()
    )
    end_date = forms.DateField(label=_("To (custom period)"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("period", f"tw{(today.month - 1) // 3 + 1}")

    def clean(self):
        data = super().clean()
        if self.errors or data.get("period") != MonevPeriod.CUSTOM:
            return data
        start, end = data.get("start_date"), data.get("end_date")
        if not start or not end:
            raise ValidationError(_("A custom period needs its first and last day."))
        if end < start:
            self.add_error("end_date", _("The period cannot end before it starts."))
        return data


class MonevForm(forms.ModelForm):
    class Meta:
        model = MonevReport
        fields = ["done_summary", "obstacles", "follow_up"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
        help_texts = {
            "done_summary": _(
                "The activities touched in the period are listed above with their progress; "
                "add what they do not show."
            ),
            "obstacles": _("What held the work back (kendala)."),
            "follow_up": _("What will be done next, by whom and when (tindak lanjut)."),
        }


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class StageMarkForm(forms.Form):
    done_on = forms.DateField(label=_("Date reached"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the stage was reached: the decree, document or event."),
    )
