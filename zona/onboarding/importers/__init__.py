"""The importers by code, in the order the pages list them."""

from __future__ import annotations

from .base import Importer
from .facts import FactsImporter
from .findings import FindingImporter
from .people import PeopleImporter
from .units import UnitImporter

IMPORTERS: dict[str, Importer] = {
    i.code: i for i in (UnitImporter(), PeopleImporter(), FactsImporter(), FindingImporter())
}


def importer(code: str) -> Importer:
    return IMPORTERS[code]
