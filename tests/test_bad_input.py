"""Bad input: each gets one clear line naming the file, nothing half-written, the batch goes on."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from testimonia.archive import Archive

GOOD = "Moscow, 3 March 1938\n\nDear Vera,\n\nAll is well here.\n\nYours ever,\nAnna\n"
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&secret;</p></body></text></TEI>"""
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&f;&f;&f;&f;</p></body></text></TEI>"""


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                member.write(chunk)
    return buffer.getvalue()


CASES = [
    ("broken.xml", b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body><p>open</body>",
     "malformed XML"),
    ("external.xml", EXTERNAL_ENTITY.encode(), "entit"),
    ("bomb.xml", BILLION_LAUGHS.encode(), "entit"),
    ("not-a-zip.docx", b"PK\x03\x04 this is no zip archive at all", "not a DOCX file"),
    ("junk.txt", bytes(range(256)) * 64, "binary"),
    ("empty.txt", b"", "empty file"),
    ("undecodable.txt", b"\x81\x8d\x8f\x90\x9d" * 20, "undecodable bytes"),
    ("letter.pdfx", b"%PDF-1.4 something", "unknown file type"),
]


def _check_one_line(error: str | None, name: str, words: str) -> None:
    assert error is not None
    assert "\n" not in error and "Traceback" not in error
    assert name in error
    assert words in error


@pytest.mark.parametrize(("name", "data", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_fails_alone(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a_good.txt").write_text(GOOD, encoding="utf-8")
    bad = folder / name
    bad.write_bytes(data)
    (folder / "z_good.txt").write_text(GOOD.replace("Vera", "Boris"), encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        summary = archive.ingest([folder / "a_good.txt", bad, folder / "z_good.txt"])
        statuses = [o.status for o in summary.outcomes]
        assert statuses == ["added", "failed", "added"], summary.outcomes
        _check_one_line(summary.outcomes[1].error, name, words)
        counts = archive.status()
        assert (counts["sources"], counts["documents"]) == (2, 2)


def test_zip_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_zip_bomb())
    assert bomb.stat().st_size < 2_000_000
    with Archive.create(tmp_path / "a.tmarch") as archive:
        outcome = archive.ingest_file(bomb)
    assert outcome.status == "failed"
    _check_one_line(outcome.error, "bomb.docx", "zip bomb")


def test_entities_are_never_resolved(tmp_path: Path) -> None:
    source = tmp_path / "external.xml"
    source.write_text(EXTERNAL_ENTITY, encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        outcome = archive.ingest_file(source)
        assert outcome.status == "failed"
        assert archive.status()["sources"] == 0


def test_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    with Archive.create(tmp_path / "a.tmarch") as archive:
        outcome = archive.ingest_file(huge)
    assert outcome.status == "failed"
    _check_one_line(outcome.error, "huge.txt", "200 MB, over the 64 MB limit")


def test_missing_path_is_reported(tmp_path: Path) -> None:
    with Archive.create(tmp_path / "a.tmarch") as archive:
        summary = archive.ingest([tmp_path / "nowhere"])
    assert summary.outcomes[0].status == "failed"
    _check_one_line(summary.outcomes[0].error, "nowhere", "no such file or folder")


def test_unknown_types_inside_folders_are_skipped_not_failed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.tiff").write_bytes(b"II*\0")
    (folder / "letter.txt").write_text(GOOD, encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        summary = archive.ingest([folder])
    assert sorted(o.status for o in summary.outcomes) == ["added", "skipped"]
