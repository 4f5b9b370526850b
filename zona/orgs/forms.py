from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zona.eligibility.facts import FACTS

from .models import Instansi, InstansiYear, Pencanangan, PredicateAward, UnitKerja, UnitYear

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png"}


MAX_LOGO_BYTES = 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG"}


class DateInput(forms.DateInput):
    input_type = "date"


class InstansiYearForm(forms.ModelForm):
    class Meta:
        model = InstansiYear
        fields = ["bpk_opinion", "akip_grade", "spip_level", "rb_index"]


class UnitForm(forms.ModelForm):
    class Meta:
        model = UnitKerja
        fields = ["name", "code", "parent", "echelon", "unit_type", "public_service", "address"]

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        parents = UnitKerja.objects.filter(instansi=instansi)
        if self.instance.pk:
            parents = parents.exclude(pk__in=self._descendants_and_self())
        self.fields["parent"].queryset = parents

    def _descendants_and_self(self) -> set[int]:
        found = {self.instance.pk}
        frontier = [self.instance.pk]
        while frontier:
            frontier = list(
                UnitKerja.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            found.update(frontier)
        return found

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = UnitKerja.objects.filter(instansi=self.instansi, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This instansi already has a unit with this name."))
        return name

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip()
        if not code:
            return ""
        clash = UnitKerja.objects.filter(instansi=self.instansi, code__iexact=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This instansi already has a unit with this code."))
        return code


def declaration_specs():
    """The yes/no conditions the eligibility rule sets ask a unit to declare."""
    return [spec for spec in FACTS.values() if spec.type == "declaration"]


class UnitYearForm(forms.ModelForm):
    """A unit's yearly compliance and its declarations; the declarations are the ones the
    eligibility rule sets know (zona.eligibility.facts), so a new rule adds its own field.
    Documents (proposal letter, SPTJM, …) also take a reference to the evidence."""

    class Meta:
        model = UnitYear
        fields = ["lhkpn_percent", "lhkasn_percent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = (get_language() or "id")[:2]
        for spec in declaration_specs():
            saved = self.instance.declared.get(spec.code)
            value, evidence = _declared_parts(saved)
            self.fields[spec.code] = forms.BooleanField(
                label=spec.label.get(lang), required=False, initial=value
            )
            if spec.document:
                self.fields[f"{spec.code}__evidence"] = forms.CharField(
                    label=_("Evidence: number, file name or link of the document"),
                    required=False,
                    max_length=300,
                    initial=evidence,
                )

    def clean(self):
        data = super().clean()
        for spec in declaration_specs():
            if spec.document and data.get(spec.code) and not data.get(f"{spec.code}__evidence"):
                self.add_error(
                    f"{spec.code}__evidence", _("Say where the document is, or untick it.")
                )
        return data

    def declared(self) -> dict:
        out: dict = {}
        for spec in declaration_specs():
            value = bool(self.cleaned_data.get(spec.code))
            if spec.document:
                evidence = self.cleaned_data.get(f"{spec.code}__evidence", "").strip()
                out[spec.code] = {"value": value, "evidence": evidence}
            else:
                out[spec.code] = value
        return out


def _declared_parts(saved) -> tuple[bool, str]:
    if isinstance(saved, dict):
        return bool(saved.get("value")), str(saved.get("evidence", ""))
    return bool(saved), ""


class PencananganForm(forms.ModelForm):
    class Meta:
        model = Pencanangan
        fields = ["date", "signatories", "document", "note"]
        widgets = {"date": DateInput()}

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if not document:
            return document
        if document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The document is larger than 10 MB."))
        name = document.name.lower()
        if not any(name.endswith(ext) for ext in DOCUMENT_TYPES):
            raise forms.ValidationError(_("Upload a PDF, JPG or PNG file."))
        return document


class PredicateAwardForm(forms.ModelForm):
    class Meta:
        model = PredicateAward
        fields = [
            "year",
            "predicate",
            "decree_number",
            "decree_date",
            "revoked",
            "revoked_on",
            "revocation_reason",
        ]
        widgets = {"decree_date": DateInput(), "revoked_on": DateInput()}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean(self):
        data = super().clean()
        duplicate = PredicateAward.objects.filter(
            unit=self.unit, year=data.get("year"), predicate=data.get("predicate")
        )
        if duplicate.exists():
            raise forms.ValidationError(_("This predicate is already recorded for that year."))
        if data.get("revoked") and not data.get("revocation_reason"):
            self.add_error("revocation_reason", _("Give the reason for the revocation."))
        return data


class LetterheadForm(forms.ModelForm):
    """The instansi's letterhead. The logo is read with Pillow: a file that is not really a PNG
    or JPEG image is refused, whatever its name says."""

    class Meta:
        model = Instansi
        fields = ["address", "contact", "city", "logo"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "logo": forms.FileInput}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or logo == self.instance.logo:
            return logo
        if logo.size > MAX_LOGO_BYTES:
            raise forms.ValidationError(_("The logo is larger than 1 MB."))
        image = getattr(logo, "image", None)
        if image is None or image.format not in LOGO_FORMATS:
            raise forms.ValidationError(_("Upload the logo as a PNG or JPG image."))
        return logo
