from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zona.orgs.models import UnitKerja

from .actions import MAX_TOKEN_BATCH
from .importing import MAX_IMPORT_BYTES
from .instruments import InstrumentError, parse
from .models import Instrument, Quarter, Survey

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def latest_instruments():
    """The newest version of each instrument (a new survey uses the newest)."""
    rows = Instrument.objects.order_by("code", "-version")
    seen, latest = set(), []
    for row in rows.only("pk", "code", "version", "kind", "definition"):
        if row.code not in seen:
            seen.add(row.code)
            latest.append(row.pk)
    return Instrument.objects.filter(pk__in=latest)


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "unit",
            "instrument",
            "year",
            "quarter",
            "opens_on",
            "closes_on",
            "services",
            "service_users",
            "requires_token",
        ]
        widgets = {
            "opens_on": DATE,
            "closes_on": DATE,
            "services": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The unit, instrument and period of a survey that exists are fixed.
            for name in ("unit", "instrument", "year", "quarter"):
                del self.fields[name]
        else:
            self.fields["unit"].queryset = units if units is not None else UnitKerja.objects.none()
            self.fields["instrument"].queryset = latest_instruments()
            today = timezone.localdate()
            self.fields["year"].initial = today.year
            self.fields["quarter"].initial = (today.month - 1) // 3 + 1
            self.fields["opens_on"].initial = today
            self.fields["closes_on"].initial = today + datetime.timedelta(days=90)
            self.fields["quarter"].choices = [("", _("whole year")), *Quarter.choices]

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date is before the opening date."))
        return data


class PauseForm(forms.Form):
    paused = forms.BooleanField(required=False)
    note = forms.CharField(required=False, max_length=500)


class TokenForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of tokens"), min_value=1, max_value=MAX_TOKEN_BATCH, initial=100
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        help_text=_("Use the template: one row per paper form."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 5 MB)."))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Choose an .xlsx or .csv file."))
        return upload


class InstrumentForm(forms.Form):
    source = forms.CharField(
        label=_("Instrument (YAML)"),
        widget=forms.Textarea(attrs={"rows": 30, "class": "font-monospace"}),
    )

    def clean_source(self):
        source = self.cleaned_data["source"]
        try:
            parse(source)
        except InstrumentError as exc:
            raise forms.ValidationError(exc.problems) from None
        return source
