"""Shared pytest configuration for the Zona suite (pytest-django settings live in pyproject)."""

import pytest
from django.conf import settings
from django.test import override_settings


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    where = f" at {db['HOST']}:{db.get('PORT') or ''}" if db.get("HOST") else ""
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]}{where}"


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Tests don't need a slow, secure hash: MD5 makes user creation ~1000x cheaper."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _media_in_a_temporary_folder(tmp_path_factory):
    """Stored evidence (uploads, the demo's documents) goes to a folder of the test run, never
    to var/media; a test that needs its own sets settings.MEDIA_ROOT itself."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language (Indonesian), whatever an earlier test in the
    same worker activated: messages built outside a request follow the active language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_content_cache():
    """Figures are cached keyed on their content version (zona.core.content_cache), and SQLite
    reuses ids after each test's rollback: a version seen in an earlier test could come back
    with other rows. Every test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def alice(db, django_user_model):
    """Alice administers Zona (staff, superuser)."""
    return django_user_model.objects.create_superuser("alice", "alice@example.test", "pw-alice-1")


@pytest.fixture
def bob(db, django_user_model):
    """Bob is an ordinary signed-in user with no administrative rights."""
    return django_user_model.objects.create_user("bob", "bob@example.test", "pw-bob-1")


@pytest.fixture
def frameworks(db):
    """The shipped frameworks, loaded as `make run` loads them."""
    from io import StringIO

    from django.core.management import call_command

    from zona.frameworks.models import FrameworkVersion

    call_command("load_frameworks", stdout=StringIO())
    return {v.code: v for v in FrameworkVersion.objects.all()}


@pytest.fixture
def world(db):
    from world import build_world

    return build_world()
