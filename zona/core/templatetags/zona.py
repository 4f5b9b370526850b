"""Form rendering in the vendored Bootstrap, accessible: every input has its label, its help
and its errors tied to it with aria-describedby; people shown by name."""

from django import forms, template

from zona.core import numbers
from zona.core.people import NOBODY, display_name

register = template.Library()


@register.filter
def count(value) -> str:
    """A whole number grouped by thousands in the active language (zona.core.numbers)."""
    return numbers.count(value)


@register.filter
def percent(value) -> str:
    """A share already in percent, one decimal: "92,3 %" (zona.core.numbers)."""
    return numbers.percent(value)


@register.filter
def abs_days(value: int) -> int:
    return abs(value)


@register.filter
def person(user, default: str = NOBODY) -> str:
    """A person by name, not by login: `{{ move.by|person }}`."""
    return display_name(user, default)


@register.filter
def bs(field):
    """The widget of a bound field with Bootstrap's classes and ARIA attributes."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": css}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_choice_list(field) -> bool:
    """Checkboxes or radio buttons, one per choice: drawn as a fieldset of form-checks."""
    return isinstance(field.field.widget, forms.RadioSelect)
