from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from zona.orgs.models import Instansi, UnitKerja

from . import lockout
from .models import INSTANSI_ROLES, NATIONAL_ROLES, UNIT_ROLES, Role


class LoginForm(AuthenticationForm):
    """Username or e-mail; a login name that failed too often is locked out for a while."""

    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean(self):
        login = self.cleaned_data.get("username") or ""
        seconds = lockout.seconds_locked(login)
        if seconds:
            minutes = max(1, (seconds + 59) // 60)
            raise forms.ValidationError(
                ngettext(
                    "Too many failed attempts. Try again in %(minutes)d minute, or reset "
                    "your password.",
                    "Too many failed attempts. Try again in %(minutes)d minutes, or reset "
                    "your password.",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            lockout.record_failure(login)
            raise
        lockout.clear(login)
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    instansi = forms.ModelChoiceField(
        label=_("Instansi"), queryset=Instansi.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=UnitKerja.objects.none(), required=False
    )

    def __init__(self, *args, roles, instansi_qs, unit_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        self.fields["instansi"].queryset = instansi_qs
        self.fields["unit"].queryset = unit_qs
        self.fields["instansi"].help_text = _("For the coordinator, TPI and leadership roles.")
        self.fields["unit"].help_text = _("For the unit team roles.")

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role in UNIT_ROLES:
            if not data.get("unit"):
                self.add_error("unit", _("Choose the unit for this role."))
            data["instansi"] = None
        elif role in INSTANSI_ROLES:
            if not data.get("instansi"):
                self.add_error("instansi", _("Choose the instansi for this role."))
            data["unit"] = None
        elif role in NATIONAL_ROLES:
            data["instansi"] = data["unit"] = None
        return data


class AcceptInvitationForm(SetPasswordForm):
    """Choose a username and a password to accept an invitation."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and . _ - only."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    field_order = ["username", "new_password1", "new_password2"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        validator = get_user_model().username_validator
        validator(username)
        if get_user_model()._default_manager.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken; choose another."))
        return username


ROLE_CHOICES_ALL = list(Role)
