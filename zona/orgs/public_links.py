"""Public pages other apps offer about a unit (e.g. its innovations), linked from the public
register of predicates without the register importing those apps.

A provider is `provider(unit_ids) -> {unit_id: [(label, url), …]}`, registered from an
AppConfig.ready(); it answers for all the units of a register page in a bounded number of
queries and offers only pages that are public."""

from __future__ import annotations

from collections.abc import Callable, Iterable

Provider = Callable[[list[int]], dict[int, list[tuple[str, str]]]]
_providers: list[Provider] = []


def register_public_link(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def public_links(unit_ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    ids = sorted(set(unit_ids))
    out: dict[int, list[tuple[str, str]]] = {}
    if not ids:
        return out
    for provider in _providers:
        for unit_id, links in provider(ids).items():
            out.setdefault(unit_id, []).extend(links)
    return out
