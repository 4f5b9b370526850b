"""The survey poster fills its A4 with the unit's name, the Zona Integritas marks (the held
predicate filled in) and the QR code; the token slips carry the token in the link and a QR code
of that very link, on the page and in the PDF of slips to cut."""

from __future__ import annotations

import io
import math

from django.urls import reverse
from documents import ink_rows, pages_as_png, used_share
from pypdf import PdfReader

from zona.orgs.models import Predicate, PredicateAward
from zona.surveys.actions import generate_tokens
from zona.surveys.models import Token
from zona.surveys.views_files import qr_svg


def _text(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_poster_names_the_unit_shows_the_marks_and_uses_the_page(client, world, survey):
    PredicateAward.objects.create(unit=world.a1, year=2024, predicate=Predicate.WBK)
    client.force_login(world.users["lead_a1"])
    pdf = client.get(reverse("surveys:poster", args=[survey.pk])).content
    (text,) = _text(pdf)
    assert "INSTANSI A" in text and "Unit A1" in text
    for mark in ("ZI", "Zona Integritas", "WBK", "Wilayah Bebas dari Korupsi", "WBBM",
                 "Wilayah Birokrasi Bersih dan Melayani"):  # fmt: skip
        assert mark in text, mark
    assert "Predikat Menuju WBK sejak 2024" in text
    assert "Bagaimana pelayanan kami hari ini?" in text and f"/s/{survey.code}/" in text
    (page,) = pages_as_png(pdf)
    assert used_share(page) > 0.9  # down to the footer band
    height = page.size[1]
    lower_third = [y for y in ink_rows(page) if y > height * 2 / 3]
    assert len(lower_third) > height / 8  # the QR code and the link reach well into it


def test_poster_without_a_predicate_fills_no_mark(client, world, survey):
    client.force_login(world.users["lead_a1"])
    (text,) = _text(client.get(reverse("surveys:poster", args=[survey.pk])).content)
    assert "Predikat" not in text and "Wilayah Bebas dari Korupsi" in text


def test_each_slip_links_its_token_with_its_own_qr(client, world, survey):
    batch = generate_tokens(world.users["coordinator_a"], survey, 20)
    Token.objects.filter(pk=Token.objects.filter(batch=batch).first().pk).update(used=True)
    unused = list(Token.objects.filter(batch=batch, used=False).values_list("code", flat=True))
    client.force_login(world.users["coordinator_a"])
    page = client.get(reverse("surveys:tokens_print", args=[survey.pk, batch])).content.decode()
    public = f"http://testserver/s/{survey.code}/"
    for code in unused:
        link = f"{public}?t={code}"
        assert link in page
        assert qr_svg(link, scale=3) in page  # the QR of this slip encodes this slip's link
    assert page.count("<svg") == len(unused) == 19

    response = client.get(reverse("surveys:tokens_pdf", args=[survey.pk, batch]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    texts = _text(response.content)
    assert len(texts) == math.ceil(19 / 18)
    joined = " ".join(texts).replace(" ", "")
    for code in unused:
        assert f"?t={code}" in joined
    used = Token.objects.get(batch=batch, used=True).code
    assert used not in joined


def test_slip_pdf_of_a_used_up_or_unknown_batch_is_404(client, world, survey):
    batch = generate_tokens(world.users["coordinator_a"], survey, 2)
    Token.objects.filter(batch=batch).update(used=True)
    client.force_login(world.users["coordinator_a"])
    assert client.get(reverse("surveys:tokens_pdf", args=[survey.pk, batch])).status_code == 404
    assert client.get(reverse("surveys:tokens_pdf", args=[survey.pk, 99])).status_code == 404
