"""Helpers of the workbook tests (a module of its own: test modules can't import conftest.py)."""

from __future__ import annotations

import io

from openpyxl import load_workbook


def evidence_url(pk: int) -> str:
    return f"https://zona.test/bukti/{pk}"


def open_book(data: bytes):
    return load_workbook(io.BytesIO(data))


def save_book(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
