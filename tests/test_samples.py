"""The bundled sample corpus, structured and compared with its hand-written gold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from testimonia.archive import Archive
from testimonia.model import Source
from testimonia.samples import SAMPLES_DIR, manifest, sample_files

GOLD = manifest()["files"]
PEOPLE = {person["id"]: person for person in manifest()["people"]}


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Source]:
    archive = Archive.create(tmp_path_factory.mktemp("samples") / "samples.tmarch")
    summary = archive.ingest(sample_files())
    assert not summary.failed, [o.error for o in summary.failed]
    found = {Path(row.path).name: archive.source(row.id) for row in archive.sources()}
    archive.close()
    return found


def test_every_format_is_in_the_corpus() -> None:
    formats = {entry["format"] for entry in GOLD}
    assert {"text", "markdown", "html", "tei", "docx"} <= formats
    assert "cp1251" in {entry["encoding"] for entry in GOLD}
    assert len([d for e in GOLD for d in e["documents"]]) >= 12


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_format_and_encoding(sources: dict[str, Source], gold: dict[str, Any]) -> None:
    source = sources[gold["file"]]
    assert source.format == gold["format"]
    if gold["encoding"] is not None:
        assert source.encoding == gold["encoding"]


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_documents_match_gold(sources: dict[str, Source], gold: dict[str, Any]) -> None:
    source = sources[gold["file"]]
    assert [d.kind for d in source.documents] == [d["kind"] for d in gold["documents"]]
    for document, expected in zip(source.documents, gold["documents"], strict=True):
        where = f"{gold['file']} {expected['first_words'][:30]!r}"
        text = source.text[document.start:document.end]
        assert expected["first_words"] in text, where
        assert document.date is not None, where
        assert document.date.edtf == expected["date"], where
        assert document.date.text == expected["date_text"], where
        if expected.get("place"):
            assert document.place == expected["place"], where
        if expected["kind"] == "letter":
            _assert_name(expected, "sender", [p.name for p in document.authors], where)
            _assert_name(expected, "addressee", [p.name for p in document.addressees], where)
            for part in ("salutation", "signature", "dateline"):
                span = getattr(document, part)
                if expected.get(part) and source.format != "tei":
                    assert span is not None and span.text == expected[part], (where, part)
        epigraphs = [(e.text.strip("“”\"> "), e.attribution) for e in document.epigraphs]
        wanted = [(e["text"].strip("“”\"> "), e["attribution"]) for e in expected.get("epigraphs", [])]
        assert [a for _, a in epigraphs] == [a for _, a in wanted], where
        for (got, _), (want, _) in zip(epigraphs, wanted, strict=True):
            assert want[:40] in got, where


def _assert_name(gold: dict[str, Any], role: str, names: list[str], where: str) -> None:
    """The name as written, or (where markup names people in full) the register's surname."""
    written = gold.get(role)
    if not written:
        return
    if any(written in name or name in written for name in names):
        return
    person = PEOPLE.get(gold.get(f"{role}_id") or "", {})
    surnames = {person[key].split()[-1] for key in ("name", "name_ru") if person.get(key)}
    assert any(surname in name for surname in surnames for name in names), (where, written, names)


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"] for g in GOLD])
def test_notes_match_gold(sources: dict[str, Source], gold: dict[str, Any]) -> None:
    source = sources[gold["file"]]
    got = sorted((n.marker, n.status) for n in source.notes)
    assert got == sorted((n["marker"], n["status"]) for n in gold.get("notes", []))
    for note, expected in zip(sorted(source.notes, key=lambda n: (n.marker, n.status)),
                              sorted(gold.get("notes", []), key=lambda n: (n["marker"], n["status"])),
                              strict=True):
        if expected.get("text_starts"):
            assert note.text.lstrip().startswith(expected["text_starts"][:25]), expected
        if note.status != "dangling_note":
            assert note.anchor_start is not None and note.anchor_end is not None
        if expected.get("marker_text"):
            assert source.text[note.anchor_start:note.anchor_end] == expected["marker_text"]


@pytest.mark.parametrize("gold", [g for g in GOLD if g.get("front")], ids=lambda g: g["file"])
def test_front_matter_matches_gold(sources: dict[str, Source], gold: dict[str, Any]) -> None:
    front, expected = sources[gold["file"]].front, gold["front"]
    if expected.get("title"):
        assert front.title == expected["title"]
    credits = {(c.role, c.name) for c in front.credits}
    for credit in expected.get("credits", []):
        assert (credit["role"], credit["name"]) in credits, credit
    if expected.get("last_updated"):
        assert front.last_updated is not None and front.last_updated.edtf == expected["last_updated"]


def test_samples_folder_holds_only_listed_sources() -> None:
    listed = {entry["file"] for entry in GOLD}
    on_disk = {p.name for p in SAMPLES_DIR.iterdir()
               if p.suffix in {".txt", ".md", ".html", ".xml", ".docx"} and p.name != "README.md"}
    assert on_disk == listed
