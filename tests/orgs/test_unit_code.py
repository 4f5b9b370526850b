"""The unit code: optional, unique within an instansi (case-insensitive), free across instansi;
the unit form on the screens takes it."""

from __future__ import annotations

from zona.orgs.forms import UnitForm
from zona.orgs.models import UnitKerja


def _form(world, instansi, **data):
    base = {"name": "Biro Baru", "echelon": "II", "unit_type": world.a1.unit_type_id,
            "public_service": True}  # fmt: skip
    return UnitForm({**base, **data}, instance=UnitKerja(instansi=instansi), instansi=instansi)


def test_code_unique_within_the_instansi(world):
    world.a1.code = "02.01"
    world.a1.save()
    clash = _form(world, world.a, code="02.01 ")
    assert not clash.is_valid()
    assert clash.errors["code"] == ["Instansi ini sudah memiliki unit dengan kode ini."]
    assert _form(world, world.b, code="02.01").is_valid()  # another instansi may use it
    assert _form(world, world.a, code="").is_valid()  # many units may have none
    blank = _form(world, world.a, code="  ")
    assert blank.is_valid() and blank.cleaned_data["code"] == ""


def test_unit_edit_page_offers_the_code(client, world):
    client.force_login(world.users["coordinator_a"])
    from django.urls import reverse

    page = client.get(reverse("orgs:unit_edit", args=[world.a1.pk])).content.decode()
    assert 'name="code"' in page and "Kode unit" in page
