from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zona.evaluations.mine import my_evaluations

from . import actions
from .access import (
    get_invitation_for,
    get_role_assignment_for,
    grantable_roles,
    invitable_scopes,
    invitations_for,
    may_manage_people,
    role_assignments_for,
)
from .forms import AcceptInvitationForm, InvitationForm, LoginForm
from .home import home_sections
from .models import Invitation


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_provider"] = (
            settings.ZONA_OIDC_PROVIDER_NAME if settings.ZONA_OIDC_ENABLED else ""
        )
        return context


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_form.html"
    extra_context = {
        "title": gettext_lazy("Forgotten password"),
        "intro": gettext_lazy(
            "Enter the e-mail address of your account; we send you a link to choose a new password."
        ),
        "button": gettext_lazy("Send me a link"),
    }
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_form.html"
    extra_context = {"title": gettext_lazy("Choose a new password"), "button": gettext_lazy("Save")}
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_form.html"
    extra_context = {"title": gettext_lazy("Change password"), "button": gettext_lazy("Save")}
    success_url = reverse_lazy("accounts:password_change_done")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    mine, mine_total = my_evaluations(request.user)
    context = {"sections": home_sections(request.user), "mine": mine, "mine_total": mine_total}
    return render(request, "accounts/home.html", context)


def _require_people_manager(request: HttpRequest) -> None:
    if not may_manage_people(request.user):
        raise Http404


@login_required
def people(request: HttpRequest) -> HttpResponse:
    _require_people_manager(request)
    assignments = role_assignments_for(request.user).order_by(
        "user__last_name", "user__first_name", "user__username", "role"
    )
    invitations = invitations_for(request.user)[:200]
    return render(
        request,
        "accounts/people.html",
        {"assignments": assignments, "invitations": invitations},
    )


@login_required
def invite(request: HttpRequest) -> HttpResponse:
    _require_people_manager(request)
    instansi_qs, unit_qs = invitable_scopes(request.user)
    form = InvitationForm(
        request.POST or None,
        roles=grantable_roles(request.user),
        instansi_qs=instansi_qs,
        unit_qs=unit_qs,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, _link = actions.invite(
                request.user,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                instansi=data["instansi"],
                unit=data["unit"],
                base_url=request.build_absolute_uri("/"),
            )
        except PermissionDenied:
            form.add_error(None, _("You may not invite into this role and scope."))
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:people")
    return render(request, "accounts/invite.html", {"form": form})


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_for(request.user, pk)
    try:
        actions.revoke_invitation(request.user, invitation)
    except actions.InvitationError:
        messages.error(request, _("This invitation can no longer be revoked."))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("Invitation revoked."))
    return redirect("accounts:people")


@login_required
@require_POST
def revoke_role(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_role_assignment_for(request.user, pk)
    try:
        actions.revoke_role(request.user, assignment)
    except PermissionDenied:
        messages.error(request, _("You may not remove this role."))
    else:
        messages.success(request, _("Role removed."))
    return redirect("accounts:people")


def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation e-mail.

    A new person chooses a username and password. Someone who already has an account with the
    invited address logs in first and then takes the role into that account, so that one
    person never ends up with two accounts.
    """
    invitation = Invitation.find(token)
    if invitation is None or invitation.status != "pending":
        status = invitation.status if invitation else "unknown"
        return render(request, "accounts/accept_invalid.html", {"status": status}, status=410)
    existing = get_user_model()._default_manager.filter(email__iexact=invitation.email).first()
    if existing is not None:
        return _accept_existing(request, invitation, existing)
    form = AcceptInvitationForm(None, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.accept_invitation(
                invitation, username=form.cleaned_data["username"], password_form=form
            )
        except actions.InvitationError:
            return render(request, "accounts/accept_invalid.html", {"status": "used"}, status=410)
        login(request, user, backend="zona.accounts.auth.UsernameOrEmailBackend")
        messages.success(request, _("Welcome to Zona. Your account is ready."))
        return redirect("home")
    return render(request, "accounts/accept.html", {"form": form, "invitation": invitation})


def _accept_existing(request: HttpRequest, invitation: Invitation, existing) -> HttpResponse:
    if request.user != existing:
        # Log in as the invited account first; the login page brings the person back here.
        return render(
            request,
            "accounts/accept_login.html",
            {"invitation": invitation, "signed_in_as_other": request.user.is_authenticated},
        )
    if request.method == "POST":
        try:
            actions.accept_invitation_as(request.user, invitation)
        except actions.InvitationError:
            return render(request, "accounts/accept_invalid.html", {"status": "used"}, status=410)
        messages.success(request, _("The new role is now part of your account."))
        return redirect("home")
    return render(request, "accounts/accept_existing.html", {"invitation": invitation})
