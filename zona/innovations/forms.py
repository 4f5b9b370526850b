from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zona.core.links import WebLinkField
from zona.plans.forms import DateInput

from . import lke
from .actions import activities_of, lke_framework, validate_innovation, validate_publication
from .models import Channel, Innovation, InnovationStatus, Service


def _errors_to_form(form: forms.Form, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Service"), max_length=255)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    active = forms.BooleanField(label=_("Still provided"), required=False, initial=True)


class InnovationForm(forms.Form):
    name = forms.CharField(label=_("Innovation"), max_length=255)
    problem = forms.CharField(
        label=_("Problem it solves"), widget=forms.Textarea(attrs={"rows": 3})
    )
    service = forms.ModelChoiceField(label=_("Service it changes"), queryset=Service.objects.none())
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=InnovationStatus.choices)
    measure = forms.CharField(
        label=_("What is measured"), max_length=150, required=False,
        help_text=_("E.g. service time, number of requirements, visits needed."),
    )  # fmt: skip
    measure_unit = forms.CharField(
        label=_("Unit of measure"), max_length=40, required=False, help_text=_("E.g. days.")
    )
    value_before = forms.DecimalField(
        label=_("Before"), max_digits=12, decimal_places=2, required=False
    )
    value_after = forms.DecimalField(
        label=_("After"), max_digits=12, decimal_places=2, required=False
    )
    questions = forms.MultipleChoiceField(
        label=_("LKE questions it supports"), required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )  # fmt: skip

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["service"].queryset = Service.objects.filter(unit=unit, active=True)
        version = lke_framework()
        framework = version.framework() if version else None
        offered = (
            lke.innovation_questions(framework) + lke.publication_questions(framework)
            if framework
            else []
        )
        self.fields["questions"].choices = [(q.no, f"{q.no}. {q.text}") for q in offered]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            return validate_innovation(self.unit, data)
        except ValidationError as error:
            _errors_to_form(self, error)
            return data


class EvidenceForm(forms.Form):
    description = forms.CharField(
        label=_("Description"), max_length=300,
        help_text=_("E.g. the number and title of the document."),
    )  # fmt: skip
    upload = forms.FileField(label=_("File"), required=False)
    url = WebLinkField(label=_("or a link"), required=False)
    document_date = forms.DateField(label=_("Document date"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("upload")) == bool(data.get("url")):
            raise ValidationError(_("Give either a file or a link."))
        return data


class PublicationForm(forms.Form):
    published_on = forms.DateField(label=_("Date published"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=255)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    url = WebLinkField(label=_("Link"), required=False)
    upload = forms.FileField(
        label=_("or a file"), required=False,
        help_text=_("A photo of the banner, a scan of the clipping, the event's report."),
    )  # fmt: skip
    activity = forms.ModelChoiceField(
        label=_("Activity it is about"), queryset=None, required=False
    )
    innovation = forms.ModelChoiceField(
        label=_("Innovation it is about"), queryset=Innovation.objects.none(), required=False
    )

    def __init__(self, *args, unit, publication=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit, self.publication = unit, publication
        activity = self.fields["activity"]
        activity.queryset = activities_of(unit)
        activity.label_from_instance = lambda a: f"{a.title} ({a.plan.year})"
        self.fields["innovation"].queryset = Innovation.objects.filter(unit=unit)
        if publication is not None and publication.file_id:
            self.fields["upload"].help_text = _("Leave empty to keep the stored file %(name)s.") % {
                "name": publication.filename
            }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        keeps = self.publication is not None and self.publication.file_id and not data.get("url")
        has_file = bool(data.get("upload")) or bool(keeps)
        if data.get("upload") and data.get("url"):
            self.add_error("url", _("Give either a link or a file (a photo, a scan, a clipping)."))
            return data
        try:
            return {**validate_publication(self.unit, data, has_file), "upload": data.get("upload")}
        except ValidationError as error:
            _errors_to_form(self, error)
            return data
