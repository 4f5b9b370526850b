"""The rate limit's source behind a proxy is the LAST forwarded address, and the docs say so
(issue 14, item 11)."""

from __future__ import annotations

from pathlib import Path

from zona.surveys.abuse import source_of

ROOT = Path(__file__).resolve().parents[2]


def test_the_last_forwarded_address_is_the_source(rf, settings):
    settings.SURVEY_SOURCE_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.post("/s/X/", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.9", REMOTE_ADDR="127.0.0.1")
    assert source_of(request) == "10.0.0.9"


def test_docs_describe_the_address_the_code_uses():
    text = " ".join((ROOT / "docs/surveys.md").read_text().split())
    assert "the last address of `SURVEY_SOURCE_HEADER`" in text
    assert "first address" not in text
