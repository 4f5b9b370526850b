"""No English on an Indonesian page: every page every demo role reaches from its home page (and
Zona's error pages) is read in Indonesian, and no visible word may be one that only the English
side of the catalogues uses.

The vocabulary is the product's own: the words of every msgid of every catalogue, less every
word any Indonesian translation uses (so "LKE", "TPI", "e-mail" pass) and a short list of names
and terms Indonesian writes as they are. A string that never went through gettext is still
caught, as long as it uses words of the product's English (it nearly always does).
"""

from __future__ import annotations

import functools
import gettext
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from zona.core.demo_data import DEMO_PASSWORD, USERS

ROOT = Path(settings.BASE_DIR)
WORD = re.compile(r"[A-Za-z][a-z]{2,}")  # "Saved", "the"; not "LKE", "TPI", "IPAK"
# Written as they are in Indonesian text (loanwords, names, units of the product).
KEPT = {
    "email", "mail", "online", "offline", "link", "token", "desk", "dashboard", "login",
    "upload", "download", "file", "password", "username", "admin", "monev", "zona", "integritas",
    "the", "administrator",  # proper name parts are allowed below
}  # fmt: skip
# Pages that are not for people (downloads, API, admin in English by design) or that end the
# session.
SKIP = re.compile(
    r"^/(admin|api|static|media|keluar|logout|i18n|healthz|readyz)\b|unduh|ekspor|\.(csv|xlsx|pdf|docx|zip|json)$"
)
PER_ROLE = 60


def _official_words() -> set[str]:
    """Words of the Indonesian texts of the LKE frameworks and survey instruments: the
    regulation's own Indonesian keeps loanwords ("Reform", "website", "Whistle-Blowing System").
    Notes are left out: they are Zona's, and bilingual."""
    words: set[str] = set()

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                if k not in ("note", "en", "formula", "description_en", "name_en"):
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str):
            words.update(w.lower() for w in WORD.findall(node))

    for path in [
        *ROOT.glob("zona/lke/frameworks/*.yaml"),
        *ROOT.glob("zona/surveys/instruments/*.yaml"),
    ]:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return words


@functools.cache
def _catalogue_words() -> tuple[set[str], set[str]]:
    english, indonesian = set(), _official_words()
    for mo in ROOT.glob("zona/**/locale/id/LC_MESSAGES/django.mo"):
        with mo.open("rb") as f:
            catalog = gettext.GNUTranslations(f)._catalog
        for key, value in catalog.items():
            msgid = key[0] if isinstance(key, tuple) else key
            if not msgid:
                continue
            english.update(
                w.lower() for w in WORD.findall(re.sub(r"%\(\w+\)\w|\{\w+\}", " ", msgid))
            )
            indonesian.update(w.lower() for w in WORD.findall(value))
    return english, indonesian


class _Visible(HTMLParser):
    """The text a person reads: element text, plus title, alt, placeholder, aria-label and
    button values; not scripts, styles, or the language switcher's own language names."""

    ATTRS = ("title", "alt", "placeholder", "aria-label")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style", "noscript") or "data-no-i18n" in a:
            self._skip += 1
            return
        if tag == "option" and a.get("lang") == "en":  # "English" in the language picker
            self._skip += 1
            return
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        self.parts.extend(a[k] for k in self.ATTRS if a.get(k))
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.parts.append(a["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "option") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _read(html: str) -> _Visible:
    parser = _Visible()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        call_command("flush", interactive=False, verbosity=0)


def _crawl(client: Client, start: str = "/") -> dict[str, str]:
    seen, shapes, pages, queue = set(), set(), {}, deque([start])
    while queue and len(pages) < PER_ROLE:
        url = queue.popleft()
        # One page per shape is enough: /survei/3/ reads like /survei/4/.
        shape = re.sub(r"\d+", "N", url)
        if url in seen or shape in shapes or SKIP.search(url):
            continue
        seen.add(url)
        shapes.add(shape)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        for href in _read(html).links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            queue.append(target)
    return pages


def english_words(html: str, english: set[str], indonesian: set[str]) -> set[str]:
    text = " ".join(_read(html).parts)
    found = {w for w in WORD.findall(text) if w[0].islower() or w.lower() in english}
    return {w for w in found if w.lower() in english and w.lower() not in indonesian | KEPT}


# One person per role (the first the demo lists).
ROLES = list({u.roles[0][0]: u.username for u in reversed(USERS)}.values())


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("username", ROLES)
def test_no_english_on_any_page_of_the_role(demo, username):
    english, indonesian = _catalogue_words()
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    assert client.login(username=username, password=DEMO_PASSWORD)
    pages = _crawl(client)
    assert len(pages) >= 3, f"{username} reached {sorted(pages)}"
    found = {url: sorted(words) for url, html in pages.items()
             if (words := english_words(html, english, indonesian))}  # fmt: skip
    assert not found, f"English on Indonesian pages of {username}: {found}"


@pytest.mark.django_db
def test_no_english_on_public_and_error_pages(demo):
    english, indonesian = _catalogue_words()
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    pages = _crawl(client, "/masuk/")
    for url in ("/register-predikat/", "/hasil-survei/", "/tidak-ada-halaman-ini/"):
        response = client.get(url)
        pages[url] = response.content.decode()
    found = {url: sorted(words) for url, html in pages.items()
             if (words := english_words(html, english, indonesian))}  # fmt: skip
    assert not found, found


def test_the_check_finds_english():
    english, indonesian = _catalogue_words()
    words = english_words("<p>✗ Not saved</p><p>Belum disimpan</p>", english, indonesian)
    assert "saved" in {w.lower() for w in words}
