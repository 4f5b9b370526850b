"""Screens of a person's own API tokens: list, create (the token is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions
from .access import get_token_for, tokens_for
from .forms import TokenForm


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = actions.create_token(
                request.user, form.cleaned_data["name"], form.cleaned_data["expires"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            created = {"token": token, "secret": secret}
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens_for(request.user), "created": created},
        status=422 if form.errors else 200,
    )
    add_never_cache_headers(response)  # the page may carry a secret
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_token_for(request.user, pk)
    actions.revoke_token(request.user, token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
