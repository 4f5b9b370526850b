"""Public pages: no login."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import InstansiKind, Predicate, PredicateAward
from .public_links import public_links


def register(request: HttpRequest) -> HttpResponse:
    """The public register of predicates: units holding Menuju WBK / WBBM, with their decrees.
    Revoked predicates are listed as revoked, so the register never hides a revocation."""
    rows = PredicateAward.objects.select_related("unit", "unit__instansi", "unit__unit_type")
    year = request.GET.get("tahun", "")
    predicate = request.GET.get("predikat", "")
    kind = request.GET.get("jenis", "")
    query = request.GET.get("q", "").strip()
    if year.isdigit():
        rows = rows.filter(year=int(year))
    if predicate in Predicate.values:
        rows = rows.filter(predicate=predicate)
    if kind in InstansiKind.values:
        rows = rows.filter(unit__instansi__kind=kind)
    if query:
        rows = rows.filter(unit__name__icontains=query) | rows.filter(
            unit__instansi__name__icontains=query
        )
    rows = rows.order_by("-year", "unit__instansi__name", "unit__name")
    page = Paginator(rows, 50).get_page(request.GET.get("halaman"))
    page.object_list = list(page.object_list)
    links = public_links(a.unit_id for a in page.object_list)
    for award in page.object_list:
        award.public_links = links.get(award.unit_id, [])
    years = PredicateAward.objects.order_by("-year").values_list("year", flat=True).distinct()
    return render(
        request,
        "orgs/register.html",
        {
            "page": page,
            "years": years,
            "predicates": Predicate.choices,
            "kinds": InstansiKind.choices,
            "filters": {"tahun": year, "predikat": predicate, "jenis": kind, "q": query},
        },
    )
