"""The demo register: two units, Dukcapil's public page on and linked from the register."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from zona.core.demo_data import load_demo
from zona.innovations.models import Innovation, Publication, PublicPage
from zona.innovations.queries import lke_counts
from zona.orgs.models import UnitKerja


def test_demo_register(frameworks, client):
    load_demo()
    units = set(Innovation.objects.values_list("unit__name", flat=True))
    assert units == {"Biro Persidangan II", "Dinas Kependudukan dan Pencatatan Sipil"}
    dukcapil = UnitKerja.objects.get(name="Dinas Kependudukan dan Pencatatan Sipil")
    counts = lke_counts(dukcapil.pk, timezone.localdate().year)
    # Lampid Online (running) and the KTP-el pick-up (replicated); trials and ideas do not count
    assert (counts.registered, counts.simplified) == (5, 2)
    assert Publication.objects.filter(activity__isnull=False).count() == 2
    assert list(PublicPage.objects.filter(enabled=True).values_list("unit", flat=True)) == [
        dukcapil.pk
    ]
    html = client.get(reverse("orgs:register")).content.decode()
    assert reverse("innovations:public", args=[dukcapil.pk]) in html
    public = client.get(reverse("innovations:public", args=[dukcapil.pk])).content.decode()
    assert "Lampid Online (adminduk daring)" in public
    assert "Notifikasi dokumen jadi lewat WhatsApp" not in public  # an idea is not public
