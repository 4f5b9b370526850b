from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions
from .access import get_notification_for, unread_count
from .forms import PreferenceForm
from .models import Notification
from .text import text


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.for_user(request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    items = [{"n": n, "text": text(n)} for n in page]
    context = {"items": items, "page": page, "unread": unread_count(request.user)}
    return render(request, "notifications/inbox.html", context)


@login_required
@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go to the place it is about (that page checks access itself)."""
    notification = get_notification_for(request.user, pk)
    actions.mark_read(request.user, notification)
    link = notification.link
    if not url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        link = "notifications:inbox"
    return redirect(link)


@login_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    actions.mark_read(request.user, get_notification_for(request.user, pk))
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    actions.mark_all_read(request.user)
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = actions.preference(request.user)
    form = PreferenceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        actions.set_preference(
            request.user,
            delivery=form.cleaned_data["delivery"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your e-mail settings are saved."))
        return redirect("notifications:inbox")
    return render(request, "notifications/preferences.html", {"form": form})
