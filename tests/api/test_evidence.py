"""Evidence through the API: upload, link, list, attach, detach, download."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zona.evaluations.models import EvidenceLink
from zona.evaluations.views_evidence import EvidenceForm
from zona.evidence.models import Evidence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def base(evaluation):
    return f"/api/v1/evaluations/{evaluation.pk}/evidence"


def upload(client, evaluation, name="sk.pdf", content=PDF, **fields):
    data = {"question": "2", "description": "SK Tim ZI 2026", **fields}
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(base(evaluation), data, multipart=True)


def test_upload_list_download(api, evaluation, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = api("member_a1")
    response = upload(client, evaluation, document_date="2026-01-15")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["question"] == "2" and created["filename"] == "sk.pdf"
    assert created["size"] == len(PDF) and created["content_type"] == "application/pdf"
    assert created["document_date"] == "2026-01-15"
    listed = api("tpi_a").get(base(evaluation)).json()
    assert listed["count"] == 1 and listed["items"][0]["evidence_id"] == created["evidence_id"]
    download = api("tpi_a").get(created["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith('attachment; filename="sk.pdf"')
    assert download["X-Content-Type-Options"] == "nosniff"
    # another instansi's people do not see it at all
    assert api("sysadmin").get(created["download"]).status_code == 200
    outsider = api("norole").get(created["download"])
    assert outsider.status_code == 404 and outsider.json()["error"]["code"] == "not_found"


def test_link_evidence(api, evaluation):
    response = upload(api("member_a1"), evaluation, content=None, url="https://x.test/sk")
    assert response.status_code == 201, response.content
    assert response.json()["url"] == "https://x.test/sk" and response.json()["download"] is None


def test_refused_uploads_say_why(api, evaluation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = api("member_a1", "en")
    fake = upload(client, evaluation, content=b"MZ\x90\x00 not a pdf")
    assert fake.status_code == 422
    assert fake.json()["error"] == {
        "code": "invalid_evidence",
        "message": "The file's content does not match its type .pdf.",
        "details": {},
    }
    neither = upload(client, evaluation, content=None)
    assert neither.status_code == 422
    assert neither.json()["error"]["message"] == "Give either a file or a link."
    assert not Evidence.objects.exists()


def test_only_the_unit_team_changes_evidence(api, evaluation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = upload(api("tpi_a"), evaluation)
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_attach_and_detach(api, evaluation, world, frameworks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = api("member_a1")
    created = upload(client, evaluation).json()
    attached = client.post(
        f"{base(evaluation)}/attach", {"question": "3", "evidence_id": created["evidence_id"]}
    )
    assert attached.status_code == 201, attached.content
    assert EvidenceLink.objects.filter(evidence_id=created["evidence_id"]).count() == 2
    detached = client.delete(f"{base(evaluation)}/links/{attached.json()['link_id']}")
    assert detached.status_code == 204
    assert EvidenceLink.objects.filter(evidence_id=created["evidence_id"]).count() == 1
    assert Evidence.objects.count() == 1  # it stays among the unit's evidence


def test_another_units_evidence_cannot_be_attached(api, evaluation, world):
    theirs = Evidence.objects.create(unit=world.b1, url="https://b.test/sk", description="B")
    response = api("member_a1").post(
        f"{base(evaluation)}/attach", {"question": "2", "evidence_id": theirs.pk}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://x.test/sk.pdf",
        "file:///etc/passwd",
        "https://",
    ],
)
def test_links_other_than_http_or_https_are_refused_as_on_the_screen(api, evaluation, url):
    """One rule for the API and the form (`zona.core.links`): http and https only."""
    response = upload(api("member_a1", "en"), evaluation, content=None, url=url)
    assert response.status_code == 422, response.content
    assert response.json()["error"] == {
        "code": "invalid_evidence",
        "message": "Enter a full web address, starting with https://.",
        "details": {},
    }
    assert not Evidence.objects.exists()
    form = EvidenceForm(data={"description": "SK", "url": url})
    assert not form.is_valid() and "url" in form.errors


def test_a_link_without_scheme_means_https_in_the_api_as_on_the_screen(api, evaluation):
    response = upload(api("member_a1"), evaluation, content=None, url="x.test/sk")
    assert response.status_code == 201, response.content
    assert response.json()["url"] == "https://x.test/sk"


def test_the_action_plans_evidence_form_follows_the_same_rule():
    from zona.plans.forms import EvidenceForm as PlanEvidenceForm

    refused = PlanEvidenceForm(data={"description": "SK", "url": "ftp://x.test/sk.pdf"})
    assert not refused.is_valid() and "url" in refused.errors
    accepted = PlanEvidenceForm(data={"description": "SK", "url": "x.test/sk"})
    assert accepted.is_valid() and accepted.cleaned_data["url"] == "https://x.test/sk"
