"""A framework whose weights are marked provisional (`confidence:`), loaded as an administrator
would load a 10/2019 file: accepted, audited, and said wherever its weights show — framework
pages, the admin, the LKE workspace (outline, scores, summary), the report and the API.

The fixture is the shipped 52/2014 file under another code with invented marks; Zona ships no
file built on guessed weights."""

from __future__ import annotations

from datetime import timedelta

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zona.api import actions as token_actions
from zona.audit.models import AuditEvent
from zona.evaluations import actions
from zona.frameworks.actions import load_framework
from zona.frameworks.models import FrameworkVersion
from zona.lke.loader import _Loader
from zona.lke.registry import FRAMEWORK_DIR

FILE_NOTE = "Bobot di luar PermenPANRB 10/2019 §8 belum diterbitkan (uji)"
NODE_NOTE = "Bobot sub-komponen dari salinan sekunder (uji)"


def provisional_source() -> str:
    """lke-2014 as "lke-uji": provisional as a whole, area A.1 (Manajemen Perubahan) confirmed
    except its sub-component A.1.iii, marked on its own."""
    data = yaml.load((FRAMEWORK_DIR / "lke-2014.yaml").read_text(), Loader=_Loader)
    data.update(code="lke-uji", version="1", name="LKE uji")
    data["confidence"] = {"level": "provisional", "note": FILE_NOTE}
    area = data["tree"][0]["children"][0]
    assert area["code"] == "A.1"
    area["confidence"] = {"level": "confirmed", "note": "PermenPANRB 10/2019 §8"}
    assert area["children"][2]["code"] == "A.1.iii"
    area["children"][2]["confidence"] = {"level": "provisional", "note": NODE_NOTE}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture
def provisional(db, frameworks, world) -> FrameworkVersion:
    version, created = load_framework(provisional_source(), world.users["sysadmin"])
    assert created
    return version


@pytest.fixture
def evaluation(world, provisional):
    evaluation = actions.create_evaluation(
        world.users["lead_a1"], world.a1, 2026, "WBK", framework=provisional
    )
    actions.save_answer(world.users["member_a1"], evaluation, "1", "unit", "ya", "", 0)
    return evaluation


def test_loading_is_audited_with_the_marks(provisional):
    event = AuditEvent.objects.filter(action="framework.loaded", object_id=str(provisional.pk))
    assert event.get().after["provisional_weights"] == ["*", "A.1.iii"]


def test_a_shipped_framework_loads_without_marks(frameworks):
    event = AuditEvent.objects.filter(action="framework.loaded").first()
    assert event is None or "provisional_weights" not in event.after
    assert all(not v.framework().provisional_marks for v in frameworks.values())


def test_admin_upload_warns(client, alice, frameworks):
    client.force_login(alice)
    add = reverse("admin:frameworks_frameworkversion_add")
    upload = SimpleUploadedFile("lke-uji.yaml", provisional_source().encode())
    page = client.post(add, {"file": upload}, follow=True).content.decode()
    assert "Dimuat dengan bobot sementara (seluruh kerangka, A.1.iii)" in page
    assert FrameworkVersion.objects.filter(code="lke-uji").exists()


def test_framework_pages_mark_the_weights(client, bob, provisional):
    client.force_login(bob)
    listing = client.get(reverse("frameworks:list")).content.decode()
    row = listing.split("lke-uji", 1)[1].split("</tr>", 1)[0]
    assert "bobot sementara" in row
    assert listing.count("bobot sementara") == 1  # the shipped versions: none
    page = client.get(reverse("frameworks:detail", args=["lke-uji", "1"])).content.decode()
    box = page.split('id="provisional-weights"', 1)[1].split("</div>", 1)[0]
    assert FILE_NOTE in box and "<code>A.1.iii</code> Pemantauan" in box
    badges = page.count('class="badge text-bg-warning lke-weight-provisional"')
    fw = provisional.framework()
    assert badges == len(fw.provisional_weights) == len(fw.nodes) - 4  # A.1, its i, ii, iv
    assert "Bobot terkonfirmasi</strong>: PermenPANRB 10/2019 §8" in page


def test_workspace_outline_scores_and_summary_say_so(client, world, evaluation):
    client.force_login(world.users["member_a1"])
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    outline = page.split('id="lke-outline"', 1)[1].split("</details>", 1)[0]
    items = outline.split('<li class="lke-outline-item')[1:]
    marked = {
        item.split('class="lke-outline-name">', 1)[1].split(" <span", 1)[0].split("<", 1)[0]
        for item in items
        if "lke-weight-provisional" in item.split("</a>", 1)[0]
    }
    fw = evaluation.framework.framework()
    assert "Manajemen Perubahan" not in marked and "Penataan Tatalaksana" in marked
    assert "Pemantauan dan Evaluasi Pembangunan WBK/WBBM" in marked  # A.1.iii, opened at q1
    assert "Tim Kerja" not in marked
    assert 'aria-label="Penataan Tatalaksana (bobot sementara):' in outline
    summary = page.split('id="lke-summary"', 1)[1].split("</summary>", 1)[0]
    assert "bobot sementara" in summary
    panel = client.get(reverse("evaluations:score_panel", args=[evaluation.pk])).content.decode()
    assert FILE_NOTE in panel.split('id="score-provisional-weights"', 1)[1]
    rows = panel.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr")[1:]
    starred = {r.split("<th", 1)[1].split(">", 1)[1].split("<", 1)[0] for r in rows
               if "lke-weight-provisional" in r}  # fmt: skip
    assert "Manajemen Perubahan" not in starred  # confirmed, though A.1.iii is not: its area
    assert {"Pengungkit", "Penataan Tatalaksana", "Hasil"} <= starred
    assert len(fw.areas) - 1 <= len(starred)


def test_the_shipped_framework_shows_no_mark(client, world, frameworks):
    shipped = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    client.force_login(world.users["member_a1"])
    page = client.get(reverse("evaluations:detail", args=[shipped.pk])).content.decode()
    panel = client.get(reverse("evaluations:score_panel", args=[shipped.pk])).content.decode()
    assert "lke-weight-provisional" not in page + panel
    assert "provisional-weights" not in page + panel


def test_report_lists_the_marks(client, world, evaluation):
    client.force_login(world.users["lead_a1"])
    page = client.get(reverse("dashboards:report", args=[evaluation.pk])).content.decode()
    box = page.split('id="report-provisional-weights"', 1)[1].split("</div>", 1)[0]
    assert "seluruh kerangka" in box and FILE_NOTE in box and NODE_NOTE in box


def test_api_says_so(world, evaluation):
    _token, secret = token_actions.create_token(
        world.users["lead_a1"], "test", timezone.now() + timedelta(days=1)
    )
    headers = {"Authorization": f"Bearer {secret}"}
    framework = client_get("/api/v1/frameworks/lke-uji/1", headers)
    assert framework["provisional_weights"] == [
        {"node": None, "name": "LKE uji", "note": FILE_NOTE},
        {"node": "A.1.iii", "name": "Pemantauan dan Evaluasi Pembangunan WBK/WBBM",
         "note": NODE_NOTE},
    ]  # fmt: skip
    detail = client_get(f"/api/v1/evaluations/{evaluation.pk}", headers)
    assert detail["scores"]["unit"]["weights_provisional"] is True
    shipped = client_get("/api/v1/frameworks/lke-2021/2026.4", headers)
    assert shipped["provisional_weights"] == []


def client_get(path: str, headers: dict) -> dict:
    from django.test import Client

    response = Client().get(path, headers=headers)
    assert response.status_code == 200, response.content
    return response.json()
