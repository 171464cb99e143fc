"""An entry's page read from indexes: each mention carries its document's date (migration 8),
superseded sources are left out, and who else is mentioned is counted in a sample above a size.

The letters are the small invented Russian file in tests/letters/, ingested and recognised.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import testimonia.store.entity_profile as entity_profile
from testimonia.archive import Archive
from testimonia.store.migrations import MIGRATIONS
from testimonia.web import create_app

LETTERS = Path(__file__).parent / "letters"
UNDATED_OR_WRONG = ("SELECT count(*) FROM mentions m LEFT JOIN documents d ON d.id = m.document_id"
                    " WHERE m.earliest IS NOT d.earliest")


@pytest.fixture()
def recognised(tmp_path: Path) -> Path:
    path = tmp_path / "letters.tmarch"
    with Archive.create(path) as archive:
        archive.ingest([LETTERS / "ru_invented_letters.txt"])
        archive.recognise()
    return path


def most_mentioned(path: Path) -> str:
    with Archive.open(path) as archive:
        return archive.store.most_mentioned("person", 1)[0][0]


def test_every_mention_carries_its_documents_date_after_ingest_and_recognition(recognised: Path) -> None:
    db = sqlite3.connect(recognised)
    assert db.execute("SELECT count(*) FROM mentions WHERE earliest IS NOT NULL").fetchone()[0] > 0
    assert db.execute(UNDATED_OR_WRONG).fetchone()[0] == 0
    # a mention moved to another document, and a document whose date is corrected, follow
    documents = [row[0] for row in db.execute("SELECT id FROM documents ORDER BY earliest")]
    db.execute("UPDATE mentions SET document_id = ? WHERE rowid = (SELECT min(rowid) FROM mentions"
               " WHERE document_id = ?)", (documents[-1], documents[0]))
    db.execute("UPDATE documents SET earliest = '1901-01-01' WHERE id = ?", (documents[1],))
    assert db.execute(UNDATED_OR_WRONG).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM mentions WHERE earliest = '1901-01-01'").fetchone()[0] > 0


def test_migration_8_dates_the_mentions_of_an_older_archive(recognised: Path) -> None:
    db = sqlite3.connect(recognised)
    db.executescript("DROP INDEX mentions_entity_date; DROP TRIGGER mentions_earliest_stored;"
                     " DROP TRIGGER mentions_earliest_moved; DROP TRIGGER documents_earliest_changed;"
                     " ALTER TABLE mentions DROP COLUMN earliest;"
                     " DELETE FROM schema_migrations WHERE version = 8;")
    for statement in MIGRATIONS[5]:  # the indexes of step 6 that step 8 replaces
        if statement.startswith("CREATE INDEX") and ("mentions_entity_place" in statement
                                                     or "documents_date" in statement):
            db.execute(statement)
    db.commit()
    db.close()
    with Archive.open(recognised) as archive:
        assert archive.store.schema_version() == len(MIGRATIONS)
    db = sqlite3.connect(recognised)
    assert db.execute("SELECT count(*) FROM mentions WHERE earliest IS NOT NULL").fetchone()[0] > 0
    assert db.execute(UNDATED_OR_WRONG).fetchone()[0] == 0


def test_a_superseded_version_leaves_the_page(tmp_path: Path) -> None:
    letters = tmp_path / "ru_invented_letters.txt"
    shutil.copy(LETTERS / "ru_invented_letters.txt", letters)
    with Archive.create(tmp_path / "a.tmarch") as archive:
        archive.ingest([letters])
        archive.recognise()
        person = archive.store.most_mentioned("person", 1)[0][0]
        before = archive.store.entity_profile(person, together_limit=20)
        years = archive.store.mention_years(person)
        with letters.open("a", encoding="utf-8") as out:  # changed: the first version is kept, not current
            out.write("\n")
        assert archive.ingest_file(letters).status != "unchanged"
        archive.recognise()
        assert len(archive.store.sources(include_history=True)) == 2
        after = archive.store.entity_profile(person, together_limit=20)
    assert before.mention_total > 0 and sum(count for _, count in before.years) == before.mention_total
    assert years == before.years
    assert after.mention_total == before.mention_total  # the new version's, not both
    assert after.years == before.years and after.together[0] == before.together[0]  # not counted twice
    assert all(count <= after.documents["mentioned"][1] for _, count in after.together)
    assert after.documents["mentioned"][1] == before.documents["mentioned"][1]
    assert {m.source_id for m in after.mentions} != {m.source_id for m in before.mentions}


def test_who_else_is_mentioned_is_counted_in_a_sample_above_the_limit(
        recognised: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    person = most_mentioned(recognised)
    with Archive.open(recognised) as archive:
        exact = archive.store.entity_profile(person, together_limit=20)
        assert exact.together and exact.together_of is None
        assert exact.together == archive.store.cooccurring(person, 20)
        monkeypatch.setattr(entity_profile, "TOGETHER_DOCUMENTS", 2)
        sampled = archive.store.entity_profile(person, together_limit=20)
    assert sampled.together_of == 2
    assert all(count <= 2 for _, count in sampled.together)
    page = TestClient(create_app(str(recognised))).get(f"/entities/{person}")
    assert page.status_code == 200
    assert 'id="cooccurring-sample"' in page.text
    assert f"sample of 2 of the {exact.documents['mentioned'][1]} documents" in page.text
