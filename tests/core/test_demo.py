from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from zona.core.management.commands.demo import DEMO_PASSWORD, DEMO_USERNAME


@pytest.mark.django_db
def test_demo_is_idempotent_and_login_works():
    first, second = StringIO(), StringIO()
    call_command("demo", stdout=first)
    call_command("demo", stdout=second)

    users = get_user_model().objects.filter(username=DEMO_USERNAME)
    assert users.count() == 1
    admin = users.get()
    assert admin.is_superuser
    assert admin.is_staff
    assert admin.is_active
    assert admin.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD == "zona-demo-2026"

    assert "Created superuser" in first.getvalue()
    assert "already exists" in second.getvalue()
    for out in (first.getvalue(), second.getvalue()):
        assert "http://127.0.0.1:8000/admin/" in out
        assert DEMO_PASSWORD in out
