"""Sign in with a username or an e-mail address."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        users = get_user_model()._default_manager
        login = username.strip()
        if "@" in login:
            matches = list(users.filter(email__iexact=login)[:2])
            user = matches[0] if len(matches) == 1 else None  # an ambiguous e-mail never signs in
        else:
            user = users.filter(username__iexact=login).first()
        if user is None:
            users.model().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
