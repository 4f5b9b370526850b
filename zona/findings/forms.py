from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from .models import Finding, Polarity, Source, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["source", "source_name", "report_number", "report_date", "title", "description"]
        widgets = {"report_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class NewFindingForm(FindingForm):
    """A new finding with its first recommendation (more can be added on its page)."""

    unit = forms.ModelChoiceField(label=_("Unit kerja"), queryset=None)
    recommendation = forms.CharField(label=_("Recommendation"), widget=forms.Textarea({"rows": 3}))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)

    field_order = ["unit"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea({"rows": 2}))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("New deadline"), required=False, widget=DATE,
        help_text=_("Leave empty to remove the deadline."),
    )  # fmt: skip


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Follow-up status"), choices=Status.choices)
    effective_on = forms.DateField(
        label=_("As of"), required=False, widget=DATE,
        help_text=_("The date of the auditor's judgement; today if left empty."),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}),
        help_text=_("Required for “cannot be followed up”: say why."),
    )  # fmt: skip


class DocumentFields(forms.Form):
    description = forms.CharField(label=_("Document description"), max_length=300, required=False)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(
        label=_("Link"), required=False, max_length=500, assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={"invalid": _("Enter a full web address, starting with https://.")},
    )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        upload, url = cleaned.get("file"), cleaned.get("url")
        if upload and url:
            self.add_error(None, _("Give either a file or a link, not both."))
        if (upload or url) and not cleaned.get("description"):
            self.add_error("description", _("Describe the document, e.g. its number and title."))
        return cleaned


class FollowUpForm(DocumentFields):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea({"rows": 2}))
    field_order = ["note"]


class DocumentForm(DocumentFields):
    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("url") and not self.errors:
            self.add_error("file", _("Choose a file or give a link."))
        return cleaned


class FilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit kerja"), queryset=None, required=False)
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All")), *Source.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    year = forms.IntegerField(
        label=_("Report year"), required=False, min_value=2010, max_value=2100
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("All")
        for name, field in self.fields.items():
            if name != "overdue":
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = f"{css} form-select-sm" if css == "form-select" else (
                    f"{css} form-control-sm"
                )  # fmt: skip
            else:
                field.widget.attrs["class"] = "form-check-input"


class PerformanceForm(forms.Form):
    outcome_oriented = forms.BooleanField(
        label=_("The main performance indicators are outcome-oriented (berorientasi hasil)"),
        required=False,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))


class Number(forms.DecimalField):
    """A figure typed the Indonesian way (86,5) or the English way (86.5); no thousands marks."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=300)
    measure = forms.CharField(label=_("Unit of measure"), max_length=40, required=False)
    # The initial value makes an untouched extra row "unchanged", so it is skipped, not refused.
    polarity = forms.ChoiceField(
        label=_("Polarity"), choices=Polarity.choices, initial=Polarity.HIGHER
    )
    target = Number(label=_("Target"), max_digits=14, decimal_places=4, min_value=0)
    realisation = Number(label=_("Realisation"), max_digits=14, decimal_places=4, min_value=0)
    previous_realisation = Number(
        label=_("Realisation last year"), max_digits=14, decimal_places=4, min_value=0,
        required=False,
    )  # fmt: skip
    benchmark = Number(
        label=_("National / peer average"), max_digits=14, decimal_places=4, min_value=0,
        required=False,
    )  # fmt: skip

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target <= 0:
            raise forms.ValidationError(_("The target must be more than 0."))
        return target


IndicatorFormSet = formset_factory(IndicatorForm, extra=2, can_delete=True)
