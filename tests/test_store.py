"""The archive's store: creation, migrations, versions, and all-or-nothing ingest."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from testimonia.archive import Archive
from testimonia.errors import ArchiveExists, ArchiveNotFound, RecordNotFound
from testimonia.store import DocumentFilter, SQLiteStore
from testimonia.store.migrations import MIGRATIONS

LETTER = """Leningrad, May 2, 1939

My dear Anna,

The parcel came on Tuesday. [1]

Yours ever,
Vera

1. Sent from Moscow on the 20th.
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_init_creates_an_archive_with_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "a.tmarch"
    Archive.create(path).close()
    with Archive.open(path) as archive:
        assert archive.store.schema_version() == len(MIGRATIONS)
        assert archive.status()["documents"] == 0
    with pytest.raises(ArchiveExists):
        Archive.create(path)


def test_opening_what_is_not_an_archive_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(ArchiveNotFound, match="no archive here"):
        Archive.open(tmp_path / "missing.tmarch")
    junk = _write(tmp_path, "notes.txt", "just text\n")
    with pytest.raises(ArchiveNotFound, match="not"):
        Archive.open(junk)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ArchiveNotFound, match="not a testimonia archive"):
        Archive.open(other)


def test_an_older_archive_is_migrated_on_open(tmp_path: Path) -> None:
    """An archive made by testimonia with only the first schema step opens and upgrades."""
    path = tmp_path / "old.tmarch"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA application_id = {0x54455354}")
    db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute("INSERT INTO schema_migrations VALUES (1, '2026-11-01T00:00:00+00:00')")
    db.commit()
    db.close()
    with Archive.open(path) as archive:
        assert archive.store.schema_version() == len(MIGRATIONS) > 1
        assert archive.ingest_file(_write(tmp_path, "l.txt", LETTER)).status == "added"
        assert archive.status()["documents"] == 1


def test_same_bytes_are_a_no_op_and_changed_bytes_a_new_version(tmp_path: Path) -> None:
    source = _write(tmp_path, "letter.txt", LETTER)
    with Archive.create(tmp_path / "a.tmarch") as archive:
        first = archive.ingest_file(source)
        assert (first.status, first.documents, first.notes) == ("added", 1, 1)
        again = archive.ingest_file(source)
        assert (again.status, again.source_id) == ("unchanged", first.source_id)
        assert archive.status()["source_versions"] == 1

        source.write_text(LETTER.replace("Tuesday", "Wednesday"), encoding="utf-8")
        changed = archive.ingest_file(source)
        assert changed.status == "new_version" and changed.source_id != first.source_id
        current = archive.sources()
        assert [(s.id, s.version) for s in current] == [(changed.source_id, 2)]
        history = archive.sources(include_history=True)
        assert [(s.version, s.current) for s in history] == [(1, False), (2, True)]
        old = archive.source(first.source_id)
        assert "Tuesday" in old.text and len(old.documents) == 1
        assert archive.count_documents() == 1
        assert archive.count_documents(DocumentFilter(include_history=True)) == 2


def test_a_failure_mid_ingest_leaves_nothing_half_written(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    good = _write(tmp_path, "good.txt", LETTER)
    bad = _write(tmp_path, "bad.txt", LETTER.replace("Anna", "Boris"))

    def explode(*args: object, **kwargs: object) -> None:
        raise sqlite3.IntegrityError("simulated failure while writing notes")

    with Archive.create(tmp_path / "a.tmarch") as archive:
        monkeypatch.setattr(SQLiteStore, "_store_notes", explode)
        outcome = archive.ingest_file(bad)
        assert outcome.status == "failed" and "bad.txt" in (outcome.error or "")
        assert "simulated failure" in (outcome.error or "")
        monkeypatch.undo()
        counts = archive.status()
        assert (counts["sources"], counts["documents"], counts["notes"]) == (0, 0, 0)
        assert archive.ingest_file(good).status == "added"
        assert archive.status()["documents"] == 1


def test_document_filters(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "a.txt", LETTER)
    _write(folder, "b.txt", "March 3, 1938. Queued at the window for four hours again today.\n\n"
                            "March 9, 1938. No news. The parcel was refused at the window.\n")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        assert not archive.ingest([folder]).failed
        assert archive.count_documents() == 3
        assert [d.kind for d in archive.documents(DocumentFilter(kind="letter"))] == ["letter"]
        assert archive.count_documents(DocumentFilter(date_from="1938-03-05")) == 2
        assert archive.count_documents(DocumentFilter(date_to="1938-12-31")) == 2
        assert archive.count_documents(DocumentFilter(author="vera")) == 1
        assert archive.count_documents(DocumentFilter(addressee="Anna")) == 1
        assert archive.count_documents(DocumentFilter(author="100%_")) == 0
        page = archive.documents(DocumentFilter(limit=1, offset=1))
        assert len(page) == 1
        with pytest.raises(RecordNotFound):
            archive.document("src_nothing.d1")
