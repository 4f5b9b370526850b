"""What a notification says, written when it is read: in the inbox in the reader's language, in
an e-mail in the recipient's (the caller activates it, `translation.override`). Plain text;
the pages and e-mails lay it out in templates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zona.orgs.models import Predicate

from .models import Kind, Notification


@dataclass(frozen=True)
class Text:
    subject: str
    details: tuple[str, ...] = ()


def _day(iso: str) -> str:
    return date_format(date.fromisoformat(iso), "DATE_FORMAT")


def _step(code: str) -> str:
    return {
        "submit": _("the unit completes its answers and submits the LKE to the TPI"),
        "review": _("the TPI completes its review and finalises the LKE"),
        "propose": _("the instansi coordinator proposes the unit to KemenPANRB"),
    }.get(code, code)


def text(n: Notification) -> Text:
    c = n.context
    facts = {"unit": c.get("unit", ""), "year": c.get("year", ""), "actor": c.get("actor", "")}
    note = (_("Note: %(note)s") % {"note": c["note"]},) if c.get("note") else ()
    if n.kind == Kind.SUBMITTED:
        return Text(_("%(unit)s submitted its %(year)s LKE: the TPI review can start.") % facts,
                    (_("Submitted by %(actor)s.") % facts, *note))  # fmt: skip
    if n.kind == Kind.RETURNED:
        revisions = c.get("revisions", [])
        subject = ngettext(
            "The TPI returned the %(year)s LKE of %(unit)s: %(count)d question to revise.",
            "The TPI returned the %(year)s LKE of %(unit)s: %(count)d questions to revise.",
            len(revisions),
        ) % {**facts, "count": len(revisions)}
        lines = tuple(f"{r['question']}. {r['reason']}" for r in revisions)
        return Text(subject, (*lines, *note))
    if n.kind == Kind.FINALISED:
        return Text(_("The TPI finalised the %(year)s LKE of %(unit)s.") % facts,
                    (_("Finalised by %(actor)s.") % facts, *note))  # fmt: skip
    if n.kind == Kind.PROPOSED:
        return Text(
            _("%(unit)s (%(year)s) was proposed to KemenPANRB: the TPN evaluation can start.")
            % facts,
            (_("Proposed by %(actor)s.") % facts, *note),
        )
    if n.kind == Kind.DECIDED:
        predicate = c.get("predicate") or ""
        if predicate:
            subject = _("Decision for %(unit)s (%(year)s): %(predicate)s.") % {
                **facts, "predicate": Predicate(predicate).label,
            }  # fmt: skip
        else:
            subject = _("Decision for %(unit)s (%(year)s): no predicate.") % facts
        decree = ()
        if c.get("decree_number"):
            decree = (
                _("Decree %(number)s of %(date)s.")
                % {"number": c["decree_number"], "date": _day(c["decree_date"])}
                if c.get("decree_date")
                else _("Decree %(number)s.") % {"number": c["decree_number"]},
            )
        return Text(subject, (*decree, *note))
    if n.kind == Kind.REVISION_REPLY:
        return Text(
            _("%(actor)s replied on question %(question)s of %(unit)s (%(year)s), which you "
              "asked to revise.") % {**facts, "question": c.get("question", "")},
            (c.get("excerpt", ""),),
        )  # fmt: skip
    if n.kind == Kind.MENTION:
        return Text(
            _("%(actor)s mentioned you on question %(question)s of %(unit)s (%(year)s).")
            % {**facts, "question": c.get("question", "")},
            (c.get("excerpt", ""),),
        )
    if n.kind == Kind.DEADLINE:
        which = (
            _("The internal deadline of %(instansi)s") % {"instansi": c.get("instansi", "")}
            if c.get("which") == "instansi"
            else _("The national deadline for proposals")
        )
        days = int(c.get("days", 0))
        subject = ngettext(
            "%(which)s for %(unit)s (%(year)s) is %(date)s, in %(days)d day.",
            "%(which)s for %(unit)s (%(year)s) is %(date)s, in %(days)d days.",
            days,
        ) % {**facts, "which": which, "date": _day(c["date"]), "days": days}
        if days == 0:
            subject = _("%(which)s for %(unit)s (%(year)s) is today, %(date)s.") % {
                **facts, "which": which, "date": _day(c["date"]),
            }  # fmt: skip
        return Text(subject, (_("Next: %(step)s.") % {"step": _step(c.get("step", ""))},))
    if n.kind == Kind.TIER_PASSED:
        return Text(
            _("%(actor)s passed the %(year)s LKE of %(unit)s on to %(tier)s: your review can "
              "start.") % {**facts, "tier": c.get("tier", "")},
            (_("From %(tier)s.") % {"tier": c.get("from_tier", "")}, *note),
        )  # fmt: skip
    if n.kind == Kind.TIER_RETURNED:
        return Text(
            _("%(actor)s returned the %(year)s LKE of %(unit)s to %(tier)s.")
            % {**facts, "tier": c.get("tier", "")},
            note,
        )
    return Text(n.get_kind_display())
