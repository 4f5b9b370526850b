"""Template filters that show LKE numbers the way the active language writes them."""

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zona.frameworks.notes import note_text
from zona.lke.display import format_number, format_percent

register = template.Library()

ANSWER_TYPES = {
    "ya_tidak": _("Yes/No"),
    "abc": "A/B/C",
    "abcd": "A/B/C/D",
    "abcde": "A/B/C/D/E",
    "percent": _("percentage"),
    "count": _("count"),
    "index_0_4": _("index 0–4"),
}


def _lang() -> str:
    return (get_language() or "id")[:2]


@register.filter
def lke_number(value):
    """13.5 → "13,50" in Indonesian, "13.50" in English."""
    return format_number(value, _lang())


@register.filter
def lke_percent(value):
    """0.6 → "60,00 %"."""
    return format_percent(value, _lang())


@register.filter
def lke_answer_type(value):
    return ANSWER_TYPES.get(value, value)


@register.filter
def lke_note(value):
    """A framework note in the active language (zona.frameworks.notes)."""
    return note_text(value)
