"""Round trips of real TEI editions: import, export as TEI, import again, lose nothing.

A bounded sample of each edition keeps the suite fast; `python tools/tei_roundtrip.py`
runs the whole editions (figures in docs/exchange.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from testimonia.archive import Archive
from testimonia.export.tei import validation_errors
from testimonia.export.tei.roundtrip import compare_archives, tei_round_trip
from testimonia.model import Document, Source
from testimonia.store import Store
from tests.conftest import require_shared

# (corpus, register files, editions, how many editions, valid against tei_all before)
CORPORA = [
    ("letters1916", ["indices/listperson.xml", "indices/listplace.xml"], "editions", 12, True),
    ("schnitzler-briefe", [], "editions", 10, False),
    ("schnitzler-tagebuch", [], "editions", 12, True),
    ("mitford-journal", [], "1819-1823MRMJournal.xml", 1, True),
]


def _sample(corpus: Path, editions: str, count: int) -> list[Path]:
    path = corpus / editions
    if path.is_file():
        return [path]
    files = sorted(path.glob("*.xml"))
    return files[:: max(1, len(files) // count)][:count]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "registers", "editions", "count", "valid_before"), CORPORA,
                         ids=[c[0] for c in CORPORA])
def test_a_real_edition_survives_the_round_trip(name: str, registers: list[str], editions: str, count: int,
                                                valid_before: bool, tmp_path: Path) -> None:
    corpus = require_shared(f"corpora/{name}")
    schema = require_shared("corpora/tei-schema/tei_all.rng")
    files = [corpus / r for r in registers] + _sample(corpus, editions, count)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    valid = [not validation_errors(etree.parse(str(f), parser), schema) for f in files]
    assert all(valid) == valid_before
    with Archive.create(tmp_path / "before.tmarch") as archive:
        outcome = archive.ingest(files)
        assert not outcome.failed
        report = tei_round_trip(archive.store, tmp_path / "tei", tmp_path / "after.tmarch")
        with Archive.open(tmp_path / "after.tmarch") as again:
            _spot_check(archive, again)
    assert report.differences == []
    assert report.before == report.after
    assert report.before["documents"] >= count and report.before["entities"] > 0
    if name != "letters1916":  # its letters carry no inline names, by the edition's design
        assert report.before["mentions"] > 0
    for path in sorted((tmp_path / "tei").glob("*.xml")):  # valid after, whether or not before
        assert validation_errors(path.read_bytes(), schema) == [], path.name


def _spot_check(archive: Archive, again: Archive) -> None:
    """Content, not only counts: a letter's parties, an entry's date, a note, a linked name."""
    by_stem = {Path(s.path).stem: s for s in again.store.iter_sources()}
    for source in archive.store.iter_sources():
        twin = by_stem[source.id]
        for doc, doc_again in zip(source.documents, twin.documents, strict=True):
            assert doc.xml_id in (None, doc_again.xml_id)
            if doc.date is not None:
                assert (doc.date.edtf, doc.date.text) == (doc_again.date.edtf, doc_again.date.text)
            if doc.kind == "letter":
                assert [p.name for p in doc.authors] == [p.name for p in doc_again.authors]
        # the names linked at each place in each document, before and after
        def linked(store: Store, src: Source, docs: list[Document]) -> dict[tuple, set]:
            places: dict[tuple, set] = {}
            for m in src.mentions:
                doc = next((i for i, d in enumerate(docs) if d.start <= m.start < d.end), None)
                if m.entity_id and doc is not None:
                    entity = store.entity(m.entity_id)
                    key = (doc, m.start - docs[doc].start, m.text)
                    named = (entity.name, tuple(sorted(entity.identifiers.items())))
                    places.setdefault(key, set()).add(named)
            return places

        before = linked(archive.store, source, source.documents)
        assert before == linked(again.store, twin, twin.documents) or not before


def test_the_comparison_notices_a_lost_document(tmp_path: Path) -> None:
    letter = tmp_path / "two.txt"
    letter.write_text("Moscow, 3 May 1950\n\nDear Anna,\n\nAll is well.\n\nYours, Motya\n", encoding="utf-8")
    other = tmp_path / "one.txt"
    other.write_text("Leningrad, 4 June 1951\n\nDear Vera,\n\nNo news.\n\nYour Anna\n", encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as a, Archive.create(tmp_path / "b.tmarch") as b:
        a.ingest([letter, other])
        b.ingest([letter])
        report = compare_archives(a.store, b.store)
    assert report.before["sources"] == 2 and report.after["sources"] == 0
    assert len(report.differences) == 2 and all("not in the export" in d for d in report.differences)
