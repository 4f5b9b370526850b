"""Pages shared by the apps."""

from __future__ import annotations

from django.db.models import Model
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest, form: BaseForm, *, title: str, subject: Model, multipart: bool = False
) -> HttpResponse:
    """A form about one object (an instansi, a unit): breadcrumb back to it, title, the form
    with its errors and what was typed, Save and Cancel."""
    return render(
        request,
        "orgs/form.html",
        {
            "form": form,
            "title": title,
            "subject": subject,
            "back": subject.get_absolute_url(),
            "multipart": multipart,
        },
    )
