"""No English on an Indonesian page, and people by name: every main page of every demo role,
the error pages and the e-mails Zona sends, read as a person reads them.

The demo (`manage.py demo`) is the world here: evaluations from draft to TPI final with answers,
comments and revision requests, surveys, action plans and findings, so the pages show what they
show in use. Each role starts at its home page and follows its links (a few pages per kind of
page, GET only); each page's visible text — the text nodes and the attributes a person sees or
hears (title, aria-label, placeholder, alt, the messages the LKE page's script shows) — is
checked against a list of English words that Indonesian does not use. Technical identifiers
(`<code>`, e-mail addresses, URLs) are not language and are left out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import Resolver404, resolve, reverse
from django.views.defaults import server_error

# English words that Indonesian text never uses (loanwords Indonesian does use — unit, total,
# data, final, draft, monitoring — are not here).
ENGLISH = frozenset(
    re.findall(
        r"\w+",
        """
    the and of to is are for with your you this that these from has have was were will be not
    yet been can may must should would there their which what who when where how here saved
    found waiting review returned proposed request requests reply replies due overdue days
    deadline download upload save cancel back home search show hide answer answers question
    questions submitted none yes or an at by on it if all any each new edit delete add remove
    change name date time year page error file files more less than then only also some first
    last next previous score scores type evaluation evaluations unanswered provisional
    """,
    )
)
# English inside the official LKE's own Indonesian wording (PermenPANRB 90/2021).
OFFICIAL_PHRASES = ("reward and punishment", "in-house training", "training need analysis")
# Attributes a person sees or hears; the LKE page's script shows its data-* messages.
SPOKEN = {"title", "aria-label", "placeholder", "alt", "data-failed", "data-saving",
          "data-retrying", "data-restored"}  # fmt: skip
NOT_LANGUAGE = re.compile(r"\S+@\S+|https?://\S+|/[\w\-./?=&%#]+")
# A survey code or token (92V5AT, 9AT3KX): capitals and digits, random, not language — its
# digits would otherwise split it into "words" ("at").
CODE = re.compile(r"\b(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{4,}\b")

PAGES_PER_VIEW = 2  # pages of one kind (view) per role: enough to see every template's words
# Files, not pages (PDFs, workbooks, downloads, QR codes): their words are checked elsewhere.
FILES = re.compile(r"pdf|download|export|xlsx|qr$|document$|tokens_print")
NOT_CRAWLED = ("/admin/", "/keluar/", "/static/", "/media/", "/api/")
# Pages whose purpose is the login: the people list, the audit trail (a forensic record).
LOGINS_SHOWN = ("accounts:people", "audit:events")


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "template"):
            self._hidden += 1
        self.chunks += [value for name, value in attrs if name in SPOKEN and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "template"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.chunks.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.chunks


def english_in(chunks: list[str]) -> list[str]:
    """The chunks of text that hold an English word."""
    found = []
    for chunk in chunks:
        text = NOT_LANGUAGE.sub(" ", CODE.sub(" ", chunk)).lower()
        for phrase in OFFICIAL_PHRASES:
            text = text.replace(phrase, " ")
        if ENGLISH.intersection(re.findall(r"[a-z]+(?:'[a-z]+)?", text)):
            found.append(chunk[:160])
    return found


def _view(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def crawl(client, limit: int = 250) -> dict[str, str]:
    """path → HTML of every page reached from home, at most PAGES_PER_VIEW of one view."""
    pages, queue, per_view, seen = {}, ["/"], defaultdict(int), {"/"}
    while queue and len(pages) < limit:
        path = queue.pop(0)
        view = _view(path)
        if view is None or FILES.search(view) or per_view[view] >= PAGES_PER_VIEW:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        per_view[view] += 1
        html = response.content.decode()
        pages[path] = html
        for href in re.findall(r'href="(/[^"#]*)"', html):
            href = href.replace("&amp;", "&")
            if href not in seen and not href.startswith(NOT_CRAWLED):
                seen.add(href)
                queue.append(href)
    return pages


@pytest.fixture
def demo(db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("demo", stdout=StringIO())
    return get_user_model().objects.exclude(username="admin").filter(roles__isnull=False)


def test_the_check_finds_english():
    """The word list really catches the strings this check was made for."""
    caught = english_in(["1 LKE to fill in", "✗ Not saved", "Page not found", "Done: Submit"])
    assert len(caught) == 3  # "Done: Submit" has no word of the list; the others are caught
    assert not english_in(
        [
            "LKE diajukan ke TPI.",
            "Reward and Punishment",
            "tpi@dpr.go.id",
            "Unit kerja 24,62",
            "Survei IPAK 92V5AT",
            "Token: 9AT3KX",
        ]
    )
    assert english_in(["AT the desk"]) == ["AT the desk"]  # capitals alone are still words


@pytest.mark.django_db
def test_no_page_of_any_demo_role_shows_english_or_a_login(client, demo):
    people = {u.username: u.get_full_name() for u in demo.distinct() if u.get_full_name()}
    assert len(people) >= 8
    english, logins, crawled = defaultdict(set), defaultdict(set), 0
    for user in demo.distinct():
        client.force_login(user)
        for path, html in crawl(client).items():
            crawled += 1
            chunks = visible_text(html)
            for chunk in english_in(chunks):
                english[chunk].add(f"{user.username} {path}")
            if _view(path) in LOGINS_SHOWN:
                continue
            words = set(re.findall(r"[\w.]+", " ".join(NOT_LANGUAGE.sub(" ", c) for c in chunks)))
            for login in words.intersection(people):
                logins[login].add(f"{user.username} {path}")
    assert crawled >= 300
    assert dict(english) == {}, "English on Indonesian pages"
    assert dict(logins) == {}, "logins shown where the person's name belongs"


@pytest.mark.django_db
def test_error_pages_are_indonesian(client, demo):
    client.force_login(demo.get(username="operator.persidangan2"))
    missing = client.get("/tidak-ada/")
    assert missing.status_code == 404
    evaluation = demo.get(username="operator.persidangan2").roles.get().unit.evaluations.first()
    # A unit member sees the evaluation; finalising it is the TPI lead's: Zona's 403.
    forbidden = client.post(reverse("evaluations:move", args=[evaluation.pk, "finalise"]))
    assert forbidden.status_code == 403
    request = RequestFactory().get("/")
    broken = server_error(request)
    assert broken.status_code == 500
    for response in (missing, forbidden, broken):
        html = response.content.decode()
        assert english_in(visible_text(html)) == [], response.status_code
        assert "Kembali ke beranda" in html or response.status_code == 500


@pytest.mark.django_db
def test_e_mails_are_indonesian(client, demo):
    from zona.notifications.delivery import send_digests
    from zona.notifications.models import Notification
    from zona.plans.models import Activity
    from zona.plans.reminders import send_reminders

    mail.outbox = []
    # A reminder that an activity is due soon and one that another is overdue.
    soon, late = Activity.objects.exclude(status__in=["selesai", "batal"]).order_by("pk")[:2]
    today = date.today()
    Activity.objects.filter(pk=soon.pk).update(due_date=today + timedelta(days=2))
    Activity.objects.filter(pk=late.pk).update(due_date=today - timedelta(days=3))
    send_reminders(today, days_before=7, base_url="https://zona.example")
    reminders = len(mail.outbox)
    assert reminders >= 2
    # A notice of each kind of move, for everyone it goes to, as e-mails.
    from zona.evaluations.models import Evaluation
    from zona.evaluations.notify import MOVE_EVENTS, tell_moved

    tpi = demo.get(username="tpi.dpr")
    for evaluation in Evaluation.objects.select_related("unit__instansi"):
        for move in MOVE_EVENTS:
            tell_moved(evaluation, move, tpi)
    assert Notification.objects.exists()
    # as if the first try failed: the daily run sends them again now
    Notification.objects.update(emailed_at=None, email_batch="", email_error="x")
    send_digests()
    assert len(mail.outbox) > reminders
    client.post(reverse("accounts:password_reset"), {"email": demo.first().email})
    assert len(mail.outbox) > reminders + 1
    for message in mail.outbox:
        texts = [message.subject, message.body]
        texts += [content for content, _type in getattr(message, "alternatives", [])]
        found = english_in([line for t in texts for line in visible_text(t)])
        assert found == [], (message.subject, found)
        # each sentence once: the reminders' Indonesian once said their first sentence twice
        lines = [line.strip() for line in message.body.splitlines() if len(line.strip()) > 20]
        assert len(lines) == len(set(lines)), (message.subject, message.body)
    assert settings.LANGUAGE_CODE == "id"


def test_every_note_of_the_shipped_frameworks_reads_in_indonesian():
    """A framework file never changes once loaded, so its English notes are translated through
    the catalogue (zona.frameworks.notes); a new English note without a translation fails."""
    from django.utils import translation

    from zona.frameworks.notes import note_text
    from zona.lke.registry import builtin_frameworks

    notes = set()
    for framework in builtin_frameworks().values():
        for items in (framework.nodes, framework.questions, framework.computed):
            notes |= {item.note for item in items.values()}
        notes |= {p.note for p in framework.predicates}
        notes |= {c.note for p in framework.predicates for c in p.conditions}
    notes.discard("")
    assert len(notes) >= 6
    with translation.override("id"):
        assert english_in([note_text(n) for n in notes]) == []
