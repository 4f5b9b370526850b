"""Who may import and export: the instansi coordinator for their own instansi, the system
administrator for every instansi; nobody else (404, as if the pages did not exist)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zona.orgs.access import get_instansi_for, instansi_for, reach
from zona.orgs.models import Instansi

from .models import ImportBatch


def importable_instansi(user) -> QuerySet[Instansi]:
    r = reach(user)
    if r.everything:
        return instansi_for(user)
    return Instansi.objects.filter(pk__in=r.managed_instansi_ids)


def may_import_anywhere(user) -> bool:
    r = reach(user)
    return user.is_authenticated and (r.everything or bool(r.managed_instansi_ids))


def get_importable_instansi(user, pk: int) -> Instansi:
    return get_instansi_for(user, pk, write=True)


def batches_for(user) -> QuerySet[ImportBatch]:
    r = reach(user)
    rows = ImportBatch.objects.select_related("instansi", "created_by").defer("content")
    if r.everything:
        return rows
    return rows.filter(instansi_id__in=r.managed_instansi_ids)


def get_batch_for(user, pk) -> ImportBatch:
    found = batches_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
