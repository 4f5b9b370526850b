"""The one rule for a link typed as evidence or a document (screens and API alike): a full web
address, http or https only — never `javascript:`, `data:`, `file:` or `ftp:`, which would be
rendered as a clickable link. A link typed without a scheme means https."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")
LINK_MAX_LENGTH = 500


class WebLinkField(forms.URLField):
    default_validators = [URLValidator(schemes=list(WEB_SCHEMES))]
    default_error_messages = {"invalid": _("Enter a full web address, starting with https://.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", LINK_MAX_LENGTH)
        super().__init__(**kwargs)


def clean_web_link(text: str) -> str:
    """The link as the form would store it ("" for none); `ValidationError` when refused."""
    return WebLinkField(required=False).clean(text)
