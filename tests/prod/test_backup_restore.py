"""Backup and restore lose nothing: seed an evaluation (answers, layer scores, evidence files)
into PostgreSQL, run scripts/backup.sh, restore with scripts/restore.sh into an empty database
and a fresh evidence directory, and compare. Evidence checksums are recomputed from the
restored bytes."""

from __future__ import annotations

import json
import subprocess

import pytest
from prodkit import ROOT, app_env, db_name, manage, pgtool, require_tools, run

SRC, DST = db_name("zona_prod_src"), db_name("zona_prod_dst")


@pytest.fixture
def databases(postgres):
    require_tools("pg_dump", "pg_restore", "psql")
    urls = postgres.create(SRC), postgres.create(DST)
    yield urls
    postgres.drop(SRC)
    postgres.drop(DST)


def _env(url, media):
    return app_env(DATABASE_URL=url, ZONA_MEDIA_ROOT=str(media))


def test_restore_gives_back_identical_answers_scores_and_evidence(databases, tmp_path):
    src_url, dst_url = databases
    src_media, dst_media, backups = tmp_path / "media-src", tmp_path / "media-dst", tmp_path / "b"
    src = _env(src_url, src_media)
    manage("migrate", "--noinput", "-v0", env=src)
    pgtool("seed", env=src)
    before = json.loads(pgtool("snapshot", env=src))

    backup_dir = run(["bash", "scripts/backup.sh", str(backups)], src).strip().splitlines()[-1]
    assert sorted(p.name for p in (ROOT / backup_dir).iterdir()) == [
        "SHA256SUMS", "db.dump", "evidence.tar.gz",
    ]  # fmt: skip

    dst = _env(dst_url, dst_media)
    run(["bash", "scripts/restore.sh", backup_dir], dst)
    manage("migrate", "--noinput", "-v0", env=dst)  # nothing to apply: same code
    after = json.loads(pgtool("snapshot", env=dst))

    assert len(before["answers"]) == 7
    unit_score = next(s for s in before["scores"] if s[1] == "unit")
    assert float(unit_score[2]) > 0 and unit_score[6] == 7  # a real total, 7 answered
    assert len(before["evidence"]) == 3
    for _name, _description, stored_sha, actual_sha, _size in after["evidence"]:
        assert actual_sha == stored_sha  # the restored bytes are the bytes that were uploaded
    assert after == before

    # Restoring again over the now-populated target is refused, and changes nothing.
    again = subprocess.run(
        ["bash", "scripts/restore.sh", backup_dir],
        cwd=ROOT,
        env=dst,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 2 and "already has" in again.stderr
    assert json.loads(pgtool("snapshot", env=dst)) == before


def test_restore_refuses_a_damaged_backup(databases, tmp_path):
    src_url, dst_url = databases
    src = _env(src_url, tmp_path / "media-src")
    manage("migrate", "--noinput", "-v0", env=src)
    backup_dir = run(["bash", "scripts/backup.sh", str(tmp_path / "b")], src).strip()
    with open(f"{backup_dir}/db.dump", "r+b") as dump:
        dump.seek(200)
        dump.write(b"\x00\x01\x02\x03")
    damaged = subprocess.run(
        ["bash", "scripts/restore.sh", backup_dir],
        cwd=ROOT, env=_env(dst_url, tmp_path / "media-dst"), capture_output=True, text=True,
    )  # fmt: skip
    assert damaged.returncode == 2 and "damaged" in damaged.stderr
