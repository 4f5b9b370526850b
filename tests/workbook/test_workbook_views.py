"""The workbook through the web: download, upload → preview → confirm, the problems table, what
each person's workbook shows."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from workbook_support import evidence_url, open_book, save_book

from zona.audit.models import AuditEvent
from zona.evaluations import actions
from zona.evaluations.models import Answer
from zona.evidence.models import Evidence
from zona.workbook.official import build_official_workbook as build_workbook

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def download(client, evaluation) -> bytes:
    response = client.get(reverse("workbook:download", args=[evaluation.pk]))
    assert response.status_code == 200
    return response.content


def upload(client, evaluation, data: bytes, name="lke.xlsx"):
    return client.post(
        reverse("workbook:upload", args=[evaluation.pk]),
        {"workbook": SimpleUploadedFile(name, data)},
    )


def test_download_is_an_attachment_with_answers_values_and_evidence(
    client, world, evaluation_2021, answer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    answer("member_a1", evaluation_2021, "1", "unit", "ya", note="SK Tim ZI no. 12/2026")
    answer("member_a1", evaluation_2021, "2", "unit", "b", note='=HYPERLINK("x")')
    member = world.users["member_a1"]
    actions.add_evidence(member, evaluation_2021, "1", description="SK Tim",
                         upload=SimpleUploadedFile("sk.pdf", PDF))  # fmt: skip
    actions.add_evidence(member, evaluation_2021, "1", description="Laman ZI",
                         url="https://example.go.id/zi")  # fmt: skip
    client.force_login(member)
    response = client.get(reverse("workbook:download", args=[evaluation_2021.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="LKE-unit-a1-2026.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    book = open_book(response.content)
    assert book.sheetnames == ["Utama", "LKE ZI", "_zona"]
    assert book["_zona"].sheet_state == "hidden"
    sheet = book["LKE ZI"]
    assert (sheet["G8"].value, sheet["J8"].value, sheet["K8"].value, sheet["O8"].value) == (
        "Unit kerja telah membentuk tim untuk melakukan pembangunan Zona Integritas",
        "Ya/Tidak", "Ya", "SK Tim ZI no. 12/2026",
    )  # fmt: skip
    assert sheet["K9"].value == "B" and sheet["J9"].value == "A/B/C"
    assert sheet["O9"].value == '=HYPERLINK("x")' and sheet["O9"].data_type == "s"
    assert sheet["L8"].value.startswith('=IF(J8="Ya/Tidak",IF(K8="Ya",1,')
    # "Penyusunan Tim Kerja" (bobot 0.5) is the mean of its answered questions × bobot.
    assert (sheet["F7"].value, sheet["H7"].value) == ("Penyusunan Tim Kerja", 0.5)
    assert sheet["L7"].value == "=AVERAGE(L8:L9)*H7" and sheet["M7"].value == "=L7/H7"
    assert sheet["M7"].number_format == "0.00%"
    file_evidence = Evidence.objects.get(description="SK Tim")
    download_url = reverse(
        "evaluations:evidence_download", args=[evaluation_2021.pk, file_evidence.pk]
    )
    assert sheet["P8"].value.splitlines() == [
        f"SK Tim: http://testserver{download_url}",
        "Laman ZI: https://example.go.id/zi",
    ]
    assert sheet["Q8"].hyperlink.target == f"http://testserver{download_url}"
    utama = {row[0].value: row[1].value for row in book["Utama"].iter_rows() if row[0].value}
    assert utama["Unit kerja"] == evaluation_2021.unit.name and utama["Tahun"] == 2026


def test_the_unit_never_gets_the_tpi_layer_before_release(
    client, world, evaluation_2021, answer, set_stage
):
    answer("member_a1", evaluation_2021, "2", "unit", "a")
    set_stage(evaluation_2021, "tpi_review")
    answer("tpi_a", evaluation_2021, "2", "tpi", "c", note="Catatan internal TPI")
    client.force_login(world.users["member_a1"])
    sheet = open_book(download(client, evaluation_2021))["LKE ZI"]
    assert sheet["K9"].value == "A"
    assert [sheet[f"{c}{r}"].value for c in "RSTUVW" for r in (2, 9)] == [None] * 12
    client.force_login(world.users["tpi_a"])
    sheet = open_book(download(client, evaluation_2021))["LKE ZI"]
    assert (sheet["R2"].value, sheet["S2"].value, sheet["T2"].value) == (
        "Jawaban TPI", "Nilai TPI", "Catatan TPI"
    )  # fmt: skip
    assert (sheet["R9"].value, sheet["T9"].value) == ("C", "Catatan internal TPI")
    assert sheet["S9"].value.startswith('=IF(J9="Ya/Tidak",IF(R9="Ya",1,')
    assert sheet["S7"].value == "=AVERAGE(S8:S9)*H7"
    set_stage(evaluation_2021, "tpi_review", tpi_released=True)
    client.force_login(world.users["member_a1"])
    sheet = open_book(download(client, evaluation_2021))["LKE ZI"]
    assert sheet["R9"].value == "C"


def test_upload_preview_confirm(client, world, evaluation_2021, answer):
    answer("member_a1", evaluation_2021, "1", "unit", "tidak")
    client.force_login(world.users["member_a1"])
    book = open_book(download(client, evaluation_2021))
    book["LKE ZI"]["K8"] = "YA "  # as units type it
    book["LKE ZI"]["K9"] = "b"
    book["LKE ZI"]["O9"] = "Dipilih melalui rapat pimpinan"
    response = upload(client, evaluation_2021, save_book(book))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="workbook-changes"' in page
    assert "2 jawaban berubah" in page
    assert "Tidak" in page and "Dipilih melalui rapat pimpinan" in page
    assert not Answer.objects.filter(evaluation=evaluation_2021, question="2").exists()
    token = response.context["token"]
    response = client.post(reverse("workbook:confirm", args=[evaluation_2021.pk]), {"token": token})
    assert response.status_code == 302
    values = dict(
        Answer.objects.filter(evaluation=evaluation_2021, layer="unit").values_list(
            "question", "value"
        )
    )
    assert values == {"1": "ya", "2": "b"}
    event = AuditEvent.objects.get(action="evaluation.workbook_imported")
    assert event.after["changed"] == ["1", "2"] and event.after["layer"] == "unit"
    assert event.actor == world.users["member_a1"]
    # The plan is used once.
    response = client.post(reverse("workbook:confirm", args=[evaluation_2021.pk]), {"token": token})
    assert response["Location"] == reverse("workbook:upload", args=[evaluation_2021.pk])


def test_an_answer_changed_between_preview_and_confirm_refuses_everything(
    client, world, evaluation_2021, frameworks, answer
):
    other = actions.create_evaluation(world.users["lead_a1"], world.a1, 2025, "WBK")
    answer("member_a1", other, "1", "unit", "ya")
    answer("member_a1", other, "2", "unit", "a")
    data = build_workbook(world.users["member_a1"], other, evidence_url)
    client.force_login(world.users["member_a1"])
    response = upload(client, evaluation_2021, data)
    assert len(response.context["plan"].changes) == 2
    answer("lead_a1", evaluation_2021, "2", "unit", "c")  # meanwhile
    response = client.post(
        reverse("workbook:confirm", args=[evaluation_2021.pk]), {"token": response.context["token"]}
    )
    assert response.status_code == 409
    assert "pertanyaan 2" in response.content.decode()
    values = dict(
        Answer.objects.filter(evaluation=evaluation_2021, layer="unit").values_list(
            "question", "value"
        )
    )
    assert values == {"2": "c"}  # question 1 was not imported either


def test_problems_table(client, world, evaluation_2021):
    client.force_login(world.users["member_a1"])
    book = open_book(download(client, evaluation_2021))
    book["LKE ZI"]["K9"] = "Z"
    book["LKE ZI"]["K202"] = 4.5
    response = upload(client, evaluation_2021, save_book(book), name="isian.xlsx")
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="workbook-problems"' in page
    assert "isian.xlsx tidak diimpor: ditemukan 2 masalah" in page
    assert '<td>LKE ZI</td><td class="num">9</td><td>K</td>' in page
    assert "“Z” bukan jawaban pertanyaan ini; pilih A/B/C." in page
    assert "Indeks harus antara 0 dan 4, bukan 4,5." in page


def test_upload_form_refuses_other_files(client, world, evaluation_2021, settings):
    client.force_login(world.users["member_a1"])
    response = upload(client, evaluation_2021, PDF, name="lke.pdf")
    assert response.status_code == 422
    assert "Pilih buku kerja Excel (.xlsx)." in response.content.decode()
    settings.WORKBOOK_MAX_BYTES = 100
    response = upload(client, evaluation_2021, b"PK\x03\x04" + b"\0" * 200)
    assert response.status_code == 422
    assert "batasnya 100" in response.content.decode()


def test_the_evaluation_page_links_to_the_workbook(client, world, evaluation_2021):
    client.force_login(world.users["member_a1"])
    page = client.get(reverse("evaluations:detail", args=[evaluation_2021.pk])).content.decode()
    assert reverse("workbook:download", args=[evaluation_2021.pk]) in page
    assert reverse("workbook:upload", args=[evaluation_2021.pk]) in page
    client.force_login(world.users["leadership_a"])
    page = client.get(reverse("evaluations:detail", args=[evaluation_2021.pk])).content.decode()
    assert reverse("workbook:download", args=[evaluation_2021.pk]) in page
    assert reverse("workbook:upload", args=[evaluation_2021.pk]) not in page


def test_the_tpi_imports_its_own_layer_only(client, world, evaluation_2021, answer, set_stage):
    answer("member_a1", evaluation_2021, "2", "unit", "a")
    set_stage(evaluation_2021, "tpi_review")
    client.force_login(world.users["tpi_a"])
    book = open_book(download(client, evaluation_2021))
    sheet = book["LKE ZI"]
    sheet["K9"] = "C"  # the unit's column: ignored
    sheet["R9"] = "B"
    sheet["T9"] = "Bukti belum lengkap"
    response = upload(client, evaluation_2021, save_book(book))
    assert [(c.question, c.after) for c in response.context["plan"].changes] == [("2", "b")]
    client.post(
        reverse("workbook:confirm", args=[evaluation_2021.pk]), {"token": response.context["token"]}
    )
    rows = Answer.objects.filter(evaluation=evaluation_2021).values_list("layer", "value", "note")
    assert sorted(rows) == [("tpi", "b", "Bukti belum lengkap"), ("unit", "a", "")]
