from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import tokens

DEFAULT_DAYS = 90


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100,
        help_text=_("What the token is for, e.g. “sinkronisasi SIMPEG”."),
    )  # fmt: skip
    expires = forms.DateField(
        label=_("Valid until"),
        help_text=_("At most one year from today. The token stops working at the end of that day."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires"].initial = timezone.localdate() + timedelta(days=DEFAULT_DAYS)

    def clean_expires(self):
        day = self.cleaned_data["expires"]
        end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
        now = timezone.now()
        if day < timezone.localdate():
            raise ValidationError(_("The expiry date must be in the future."))
        if end > now + tokens.MAX_LIFETIME:
            raise ValidationError(_("A token is valid for at most one year."))
        return end
