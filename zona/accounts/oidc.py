"""Sign-in through the office's identity provider (OpenID Connect), beside the password.

mozilla-django-oidc runs the authorization-code flow (state, nonce and PKCE in the session);
this module decides who may come in:

- the id_token must be signed by the provider's key (JWKS), for Zona (aud), by the configured
  issuer (iss), unexpired, and carry the nonce of this browser's sign-in; userinfo must be about
  the same subject (sub);
- the person is matched by a VERIFIED e-mail address (claim `email_verified` true) to exactly one
  existing, active account, with the same normalisation as the password login
  (`auth.normalise_login`); an account is never created from the provider and never given roles
  from it: roles come from invitations only;
- the lockout of the password login applies: a locked account cannot come in this way either,
  and every refused sign-in with an e-mail counts as one failure against it, as a wrong password
  does; a successful one clears the count.

Every refusal lands on Zona's login page with a message that says why and what to do, and is
written to the audit trail (`account.oidc_refused`); a sign-in is `account.oidc_signin`.
"""

from __future__ import annotations

import logging

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from zona.audit.log import record, record_about

from . import lockout
from .auth import normalise_login

log = logging.getLogger(__name__)

# Reasons a sign-in is refused (the audit event's note names them).
CANCELLED = "cancelled"  # the person (or the provider) stopped at the provider
SESSION = "session"  # no such sign-in started in this browser (state unknown or used)
TOKEN = "token"  # the provider's answer did not verify (signature, iss, aud, exp, nonce, sub)
PROVIDER = "provider"  # the provider could not be reached or refused Zona's request
NO_EMAIL = "no_email"
UNVERIFIED = "unverified"
NO_ACCOUNT = "no_account"
AMBIGUOUS = "ambiguous"
INACTIVE = "inactive"
LOCKED = "locked"


class SignInRefused(Exception):
    def __init__(self, reason: str, *, detail: str = "", email: str = "", user=None, seconds=0):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail
        self.email = email
        self.user = user
        self.seconds = seconds


def provider_name() -> str:
    return settings.ZONA_OIDC_PROVIDER_NAME


def refusal_message(refusal: SignInRefused) -> str:
    names = {"provider": provider_name(), "email": refusal.email}
    if refusal.reason == LOCKED:
        minutes = max(1, (refusal.seconds + 59) // 60)
        return ngettext(
            "Too many failed attempts. Try again in %(minutes)d minute, or reset your password.",
            "Too many failed attempts. Try again in %(minutes)d minutes, or reset your password.",
            minutes,
        ) % {"minutes": minutes}
    texts = {
        CANCELLED: _(
            "Signing in with %(provider)s was cancelled; nobody was signed in. Try again, or "
            "log in with your username and password."
        ),
        SESSION: _(
            "This sign-in with %(provider)s was not started in this browser or was already "
            "used; nobody was signed in. Start again with the button below."
        ),
        TOKEN: _(
            "The answer from %(provider)s could not be verified, so nobody was signed in. Try "
            "again; if it happens again, tell your administrator."
        ),
        PROVIDER: _(
            "%(provider)s could not be reached or refused Zona's request; nobody was signed "
            "in. Try again later, or log in with your username and password."
        ),
        NO_EMAIL: _(
            "%(provider)s did not tell Zona your e-mail address, so Zona cannot find your "
            "account. Log in with your username and password."
        ),
        UNVERIFIED: _(
            "%(provider)s has not verified the e-mail address %(email)s, so Zona cannot match "
            "it to an account. Verify the address there first, or log in with your username "
            "and password."
        ),
        NO_ACCOUNT: _(
            "No Zona account has the e-mail address %(email)s. Accounts are made by "
            "invitation: ask your instansi's coordinator to invite this address."
        ),
        AMBIGUOUS: _(
            "More than one Zona account has the e-mail address %(email)s, so Zona cannot tell "
            "which one is yours. Log in with your username and password, and ask your "
            "administrator to correct the addresses."
        ),
        INACTIVE: _(
            "The Zona account with the e-mail address %(email)s is switched off. Ask your "
            "administrator to switch it on again."
        ),
    }
    return texts[refusal.reason] % names


def accounts_with_email(email: str) -> list:
    """Every account (active or not) whose e-mail normalises to the same text as `email`."""
    key = normalise_login(email)
    if not key:
        return []
    typed = email.strip()
    candidates = get_user_model()._default_manager.filter(
        Q(email__iexact=typed) | Q(email__iexact=key)
    )[:10]
    return [user for user in candidates if normalise_login(user.email) == key]


def _verified(value) -> bool:
    # Some providers send the boolean as a string; nothing else counts as verified.
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


class OIDCBackend(OIDCAuthenticationBackend):
    """Authenticates the callback of the authorization-code flow; refuses by raising
    SignInRefused (caught by `CallbackView`), so that the person is told why."""

    def authenticate(self, request, **kwargs):
        if not settings.ZONA_OIDC_ENABLED or request is None:
            return None
        if not request.GET.get("code") or not request.GET.get("state"):
            return None  # not an OIDC callback (e.g. a password login reaching this backend)
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as exc:
            raise SignInRefused(PROVIDER, detail=type(exc).__name__) from exc

    def verify_token(self, token, **kwargs):
        """The id_token: RS256 (or the configured algorithm) by a key of the provider's JWKS,
        issued by ZONA_OIDC_ISSUER for this client, unexpired, with this sign-in's nonce."""
        if not token:
            raise SignInRefused(TOKEN, detail="no id_token")
        try:
            header = jwt.get_unverified_header(token)
            if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
                raise SignInRefused(TOKEN, detail=f"alg {header.get('alg')!r}")
            key = self.retrieve_matching_jwk(token)
            payload = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.ZONA_OIDC_ISSUER,
                leeway=60,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except (jwt.PyJWTError, SuspiciousOperation, KeyError, ValueError) as exc:
            raise SignInRefused(TOKEN, detail=f"{type(exc).__name__}: {exc}") from exc
        if payload.get("nonce") != kwargs.get("nonce"):
            raise SignInRefused(TOKEN, detail="nonce")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            verify=self.get_settings("OIDC_VERIFY_SSL", True),
            timeout=self.get_settings("OIDC_TIMEOUT", None),
            proxies=self.get_settings("OIDC_PROXY", None),
        )
        response.raise_for_status()
        if response.headers.get("content-type", "").lower().startswith("application/jwt"):
            try:
                key = self.retrieve_matching_jwk(response.text)
                return jwt.decode(
                    response.text,
                    key,
                    algorithms=[self.OIDC_RP_SIGN_ALGO],
                    options={"verify_aud": False},
                )
            except (jwt.PyJWTError, SuspiciousOperation, KeyError, ValueError) as exc:
                raise SignInRefused(TOKEN, detail=f"userinfo {type(exc).__name__}") from exc
        try:
            info = response.json()
        except ValueError as exc:
            raise SignInRefused(PROVIDER, detail="userinfo is not JSON") from exc
        if not isinstance(info, dict):
            raise SignInRefused(PROVIDER, detail="userinfo is not an object")
        return info

    def get_or_create_user(self, access_token, id_token, payload):
        info = self.get_userinfo(access_token, id_token, payload)
        if str(info.get("sub", "")) != str(payload.get("sub")):
            raise SignInRefused(TOKEN, detail="userinfo sub differs from the id_token's")
        claims = {**payload, **info}
        self.request.zona_oidc_subject = str(payload.get("sub"))
        email = str(claims.get("email") or "").strip()
        if not email:
            raise SignInRefused(NO_EMAIL)
        if not _verified(claims.get("email_verified")):
            raise SignInRefused(UNVERIFIED, email=email)
        matches = accounts_with_email(email)
        if not matches:
            raise SignInRefused(NO_ACCOUNT, email=email)
        if len(matches) > 1:
            raise SignInRefused(AMBIGUOUS, email=email)
        user = matches[0]
        if not self.user_can_authenticate(user):
            raise SignInRefused(INACTIVE, email=email, user=user)
        seconds = lockout.seconds_locked(user.get_username())
        if seconds:
            raise SignInRefused(LOCKED, email=email, user=user, seconds=seconds)
        return user  # as it is: no name, e-mail or role is taken from the provider

    def create_user(self, claims):  # pragma: no cover - OIDC_CREATE_USER is False; belt and braces
        raise SignInRefused(NO_ACCOUNT, email=str(claims.get("email") or ""))


def _require_enabled() -> None:
    if not settings.ZONA_OIDC_ENABLED:
        raise Http404


class StartView(OIDCAuthenticationRequestView):
    """`/masuk/sso/`: sends the browser to the provider (state, nonce, PKCE kept in the session)."""

    def get(self, request):
        _require_enabled()
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """`/masuk/sso/kembali/`: where the provider sends the browser back."""

    def get(self, request):
        _require_enabled()
        self.next_url = request.session.get("oidc_login_next")
        if request.GET.get("error"):
            super().get(request)  # forgets the state; signs out whoever was signed in
            return self.refuse(SignInRefused(CANCELLED, detail=request.GET["error"][:100]))
        state = request.GET.get("state")
        if not request.GET.get("code") or not state:
            return self.refuse(SignInRefused(SESSION, detail="no code or state"))
        if state not in request.session.get("oidc_states", {}):
            return self.refuse(SignInRefused(SESSION, detail="unknown state"))
        try:
            return super().get(request)
        except SignInRefused as refusal:
            return self.refuse(refusal)

    def login_failure(self):
        return self.refuse(SignInRefused(TOKEN, detail="no account returned"))

    def login_success(self):
        user = self.user
        response = super().login_success()
        lockout.clear(user.get_username())
        record(
            user,
            "account.oidc_signin",
            user,
            after={
                "provider": provider_name(),
                "sub": getattr(self.request, "zona_oidc_subject", ""),
            },
        )
        return response

    def refuse(self, refusal: SignInRefused):
        request = self.request
        if request.user.is_authenticated:
            auth.logout(request)
        if refusal.email and refusal.reason != LOCKED:
            lockout.record_failure(refusal.email)
        note = refusal.reason + (f": {refusal.detail}" if refusal.detail else "")
        after = {
            "provider": provider_name(),
            "email": refusal.email,
            "sub": getattr(request, "zona_oidc_subject", ""),
        }
        if refusal.user is not None:
            record(None, "account.oidc_refused", refusal.user, after=after, note=note)
        else:
            record_about(
                None,
                "account.oidc_refused",
                object_type="accounts.signin",
                object_id=refusal.email or "-",
                object_label=refusal.email or provider_name(),
                after=after,
                note=note,
            )
        log.info("OIDC sign-in refused: %s", note)
        messages.error(request, refusal_message(refusal))
        url = reverse("login")
        if self.next_url:
            url += "?" + urlencode({"next": self.next_url})
        return HttpResponseRedirect(url)
