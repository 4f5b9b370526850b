"""Form rendering in the vendored Bootstrap, accessible: every input has its label, its help
and its errors tied to it with aria-describedby."""

from django import forms, template

register = template.Library()


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
