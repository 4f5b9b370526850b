"""Where a Hasil item's value can come from, outside the LKE itself.

Some LKE items are not judged but measured: the anti-corruption perception index (IPAK), the
service-quality perception index (IPKP), the percentage of audit findings followed up
(TLHP). Apps that measure them (surveys, audit findings) register a *provider* for a feed
code; the evaluation asks every provider of an item's feed for the options it can offer and
shows them with their source, so a value is taken from a survey or a register instead of
being typed by hand.

A provider is `provider(evaluation, feed) -> list[FeedOption]`; it must only offer what the
evaluation's unit and year may use, and it must not query per option.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zona.evaluations.models import Evaluation

#: Feed codes and what they measure (the value is on the item's own input scale).
IPAK = "ipak"  # anti-corruption perception index, 1–4
IPKP = "ipkp"  # service-quality perception index, 1–4
TLHP = "tlhp"  # audit findings followed up, percent 0–100
FEEDS = (IPAK, IPKP, TLHP)


@dataclass(frozen=True)
class FeedOption:
    key: str  # stable across requests, e.g. "survey:42" or "tlhp:2026"; stored with the choice
    label: str  # what the user sees: "IPAK triwulan III 2026 — 124 responden"
    value: float | None  # on the item's input scale; None while it cannot be computed yet
    url: str = ""  # where the figure can be checked; "" if nowhere
    detail: str = ""  # why the value is None, or what it rests on ("margin ±0,08")


Provider = Callable[["Evaluation", str], list[FeedOption]]
_providers: dict[str, list[Provider]] = {feed: [] for feed in FEEDS}


def register(feed: str, provider: Provider) -> None:
    """Called from an AppConfig.ready(); registering the same provider twice is a no-op."""
    if feed not in _providers:
        raise ValueError(f"unknown feed {feed!r}; known: {', '.join(FEEDS)}")
    if provider not in _providers[feed]:
        _providers[feed].append(provider)


def options(evaluation: Evaluation, feed: str) -> list[FeedOption]:
    return [
        option for provider in _providers.get(feed, []) for option in provider(evaluation, feed)
    ]
