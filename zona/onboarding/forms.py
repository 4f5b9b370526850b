from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zona.core.numbers import count

from .table import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in template (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(
                _("Upload a .xlsx or .csv file (the downloadable template is one).")
            )
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; split it into several files.")
                % {"mb": count(MAX_BYTES // (1024 * 1024))}
            )
        return upload
