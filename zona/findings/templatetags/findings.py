from django import template

from zona.core import numbers

register = template.Library()


@register.filter
def figure(value) -> str:
    """A stored figure without its padding zeros, in the active locale: 86.5000 → “86,5”."""
    return numbers.figure(value)
