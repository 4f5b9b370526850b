"""Sign in with a username or an e-mail address.

A typed login name is compared with the stored ones after the same normalisation everywhere
(`normalise_login`: Unicode NFKC + case folding), in Python, so that SQLite and PostgreSQL find
the same account and the lockout (`zona.accounts.lockout`) counts against the account the name
resolves to. The database only narrows the candidates (case-insensitive match); what a database's
own upper/lower-casing would add (PostgreSQL maps the dotless i, U+0131, to I, for one) is dropped.
"""

from __future__ import annotations

import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


def normalise_login(text: str) -> str:
    """NFKC, case-folded, NFKC again (folding can undo the first normalisation)."""
    folded = unicodedata.normalize("NFKC", (text or "").strip()).casefold()
    return unicodedata.normalize("NFKC", folded)


def find_account(login: str):
    """The one active or inactive user the typed name or e-mail resolves to, else None (no such
    account, or an ambiguous e-mail/name: those never sign in)."""
    key = normalise_login(login)
    if not key:
        return None
    field = "email" if "@" in key else "username"
    typed = (login or "").strip()
    candidates = get_user_model()._default_manager.filter(
        Q(**{f"{field}__iexact": typed}) | Q(**{f"{field}__iexact": key})
    )[:10]
    matches = [user for user in candidates if normalise_login(getattr(user, field)) == key]
    return matches[0] if len(matches) == 1 else None


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_account(username)
        if user is None:
            get_user_model()().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
