from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value) -> str:
    """A stored figure without its padding zeros, in the active locale: 86.5000 → “86,5”."""
    if value is None or value == "":
        return "—"
    plain = Decimal(format(Decimal(value).normalize(), "f"))
    return number_format(plain, use_l10n=True)
