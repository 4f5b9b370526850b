"""Loading a framework file through the admin, with every problem shown on refusal."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zona.frameworks.models import FrameworkVersion
from zona.lke.registry import FRAMEWORK_DIR

ADD = reverse("admin:frameworks_frameworkversion_add")
SOURCE = (FRAMEWORK_DIR / "lke-2014.yaml").read_bytes()


def upload(client, content: bytes):
    return client.post(ADD, {"file": SimpleUploadedFile("lke.yaml", content)}, follow=True)


@pytest.mark.django_db
def test_only_staff_may_load(client, bob):
    client.force_login(bob)
    assert client.get(ADD).status_code == 302  # to the admin login


@pytest.mark.django_db
def test_admin_loads_a_valid_file(client, alice):
    client.force_login(alice)
    response = upload(client, SOURCE)
    assert response.status_code == 200
    version = FrameworkVersion.objects.get()
    assert str(version) == "lke-2014@2019.4" and version.loaded_by == alice


@pytest.mark.django_db
def test_admin_shows_every_problem_of_a_bad_file(client, alice):
    client.force_login(alice)
    bad = SOURCE.replace(b"weight: 2\n", b"weight: 2.5\n", 1).replace(b"type: abc", b"type: xyz", 1)
    page = upload(client, bad).content.decode()
    assert "jumlah bobot" in page  # Indonesian messages by default
    assert "jenis jawaban &#x27;xyz&#x27; tidak dikenal" in page
    assert not FrameworkVersion.objects.exists()


@pytest.mark.django_db
def test_admin_refuses_a_changed_file_with_the_same_version(client, alice):
    client.force_login(alice)
    upload(client, SOURCE)
    page = upload(client, SOURCE.replace(b"Tim Kerja", b"Tim Kerja ZI", 1)).content.decode()
    assert "sudah ada dengan isi yang berbeda" in page
    assert FrameworkVersion.objects.count() == 1


@pytest.mark.django_db
def test_admin_refuses_non_utf8(client, alice):
    client.force_login(alice)
    page = upload(client, b"\xff\xfe\x00bad").content.decode()
    assert "bukan teks UTF-8" in page


@pytest.mark.django_db
def test_versions_cannot_be_edited_or_deleted(client, alice, frameworks):
    client.force_login(alice)
    version = frameworks["lke-2021"]
    delete = reverse("admin:frameworks_frameworkversion_delete", args=[version.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert FrameworkVersion.objects.filter(pk=version.pk).exists()
