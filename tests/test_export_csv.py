"""The CSV tables and the per-kind JSON Lines export, run through the CLI over the bundled samples."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from testimonia.archive import Archive
from testimonia.cli import cli
from testimonia.export.csv import safe_cell
from testimonia.model import Entity
from testimonia.samples import sample_files

HOSTILE_NAME = "=HYPERLINK(\"http://example.org\",\"click\")"
RUSSIAN_LETTER = "Москва, 12 марта 1947\n\nДорогая Света!\n\nПолучил твоё письмо. Ёлка стоит.\n\nТвой Лёва\n"


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("csv")
    letter = folder / "ru_letter.txt"
    letter.write_text(RUSSIAN_LETTER, encoding="utf-8")
    path = str(folder / "csv.tmarch")
    with Archive.create(path) as archive:
        archive.load_starter_register()
        summary = archive.ingest([*sample_files(), letter])
        assert not summary.failed
        archive.recognise()
        archive.extract_claims()
        archive.weigh()
        archive.store.add_entity(Entity("person", HOSTILE_NAME, variants=["+7 495 000", "@home", "Лёва"]))
    return path


@pytest.fixture(scope="module")
def tables(archive_path: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("tables") / "out"
    result = CliRunner().invoke(cli, ["--archive", archive_path, "export", "--format", "csv", str(target)])
    assert result.exit_code == 0, result.output
    assert "rows written" in result.output
    return target


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+7 495", "'+7 495"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("Moscow", "Moscow"), ("a=b", "a=b"), (-2, -2), (0.5, 0.5), (None, ""), (True, "true"),
])
def test_text_that_a_spreadsheet_would_run_is_prefixed(value: object, cell: object) -> None:
    assert safe_cell(value) == cell


def test_every_table_is_utf8_with_a_bom_and_crlf_rows(tables: Path) -> None:
    assert sorted(p.name for p in tables.iterdir()) == ["claims.csv", "documents.csv", "register.csv",
                                                        "relations.csv"]
    for path in tables.iterdir():
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), path.name
        assert data.split(b"\n", 1)[0].endswith(b"\r"), path.name


def test_register_lists_every_entry_with_its_mentions(tables: Path, archive_path: str) -> None:
    rows = _rows(tables / "register.csv")
    with Archive.open(archive_path) as archive:
        entities = list(archive.entities())
        counts = archive.store.mention_counts()
    assert len(rows) == len(entities)
    assert list(rows[0]) == ["id", "type", "name", "variants", "identifiers", "keys", "birth", "death",
                             "roles", "description", "status", "mentions"]
    by_id = {row["id"]: row for row in rows}
    mentioned = max(counts, key=lambda key: counts[key])
    assert by_id[mentioned]["mentions"] == str(counts[mentioned])
    hostile = next(row for row in rows if row["name"].endswith('"click")'))
    assert hostile["name"] == "'" + HOSTILE_NAME  # shown as text, never run as a formula
    assert hostile["variants"] == "'+7 495 000 | @home | Лёва"  # Cyrillic comes back as written


def test_documents_carry_dates_as_written_and_as_edtf(tables: Path, archive_path: str) -> None:
    rows = _rows(tables / "documents.csv")
    with Archive.open(archive_path) as archive:
        assert len(rows) == archive.count_documents()
    russian = next(row for row in rows if row["source_file"] == "ru_letter.txt")
    assert russian["date_text"] == "12 марта 1947" and russian["date"] == "1947-03-12"
    assert russian["authors"] == "Лёва" and int(russian["words"]) > 5
    karaganda = [row for row in rows if row["source_title"] == "Letters from Karaganda, 1953–1954"]
    assert karaganda and all(row["kind"] == "letter" for row in karaganda)
    assert sum(int(row["notes"]) for row in rows) > 0


def test_claims_and_relations_flatten_the_contract_records(tables: Path, archive_path: str) -> None:
    claims = _rows(tables / "claims.csv")
    relations = _rows(tables / "relations.csv")
    with Archive.open(archive_path) as archive:
        stored = {claim.id: claim for claim in archive.claims()}
        assert len(relations) == len(archive.store.relations())
    assert len(claims) == len(stored) > 0
    assert {"witness", "witness_entity_id", "speaker", "low", "high", "event_type"} <= set(claims[0])
    for row in claims:
        claim = stored[row["id"]]
        assert row["kind"] == claim.kind and row["witness"] == (claim.witness.name if claim.witness else "")
    if relations:
        assert {row["claim_a"] for row in relations} <= set(stored)


def test_jsonl_only_writes_the_chosen_record_types(archive_path: str, tmp_path: Path) -> None:
    runner = CliRunner()
    whole = runner.invoke(cli, ["--archive", archive_path, "export", str(tmp_path / "all.jsonl")])
    narrow = runner.invoke(cli, ["--archive", archive_path, "export", "--only", "claim", "--only", "entity",
                                 str(tmp_path / "some.jsonl")])
    assert whole.exit_code == 0 and narrow.exit_code == 0, narrow.output
    records = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    lines = (tmp_path / "some.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == records[0] == {"type": "archive", "contract": "1.2"}
    wanted = [record for record in records[1:] if record["type"] in ("entity", "claim")]
    assert [json.loads(line) for line in lines[1:]] == wanted
    refused = runner.invoke(cli, ["--archive", archive_path, "export", "--format", "csv", "--only", "claim",
                                  str(tmp_path / "t")])
    assert refused.exit_code == 2 and "--only" in refused.output
