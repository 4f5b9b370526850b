"""What a document is called until someone describes it better: a file by its name without the
extension, a link by its address without the scheme (the one-step evidence forms use these)."""

from __future__ import annotations


def name_of_upload(upload) -> str:
    stem = upload.name.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("_", " ").strip()
    return (stem or upload.name)[:300]


def name_of_link(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")[:300]
