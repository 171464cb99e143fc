"""Every TEI corpus in ../shared/corpora, ingested through the archive.

Expectations are read from the files here with XPath, independently of the reader: each
letter keeps its correspDesc's sender, addressee, date and place, and every reference the
edition marked up becomes a mention linked to a register entry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from testimonia.archive import Archive
from testimonia.model import Source
from tests.conftest import require_shared

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
CORPORA = ["tolstoy-digital", "letters1916", "mitford-journal", "schnitzler-briefe",
           "schnitzler-tagebuch", "schnitzler-cmif", "cmif-spec"]
# references in the running text and its notes; register lists are entries, not mentions
_IN_TEXT = "[ancestor::t:body or ancestor::t:note][not(ancestor::t:listPerson or ancestor::t:listPlace" \
    " or ancestor::t:listOrg or ancestor::t:listBibl)]"
REFERENCE_XPATH = " | ".join(
    f"//t:text//t:{element}[@ref or @key]{_IN_TEXT}"
    for element in ("persName", "placeName", "orgName", "rs[@type]", "name", "title"))


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Archive, dict[str, Source]]]:
    root = require_shared("corpora")
    found = {}
    for corpus in CORPORA:
        archive = Archive.create(tmp_path_factory.mktemp(corpus) / "a.tmarch")
        summary = archive.ingest([root / corpus])
        assert not summary.failed, [o.error for o in summary.failed][:5]
        assert summary.count("added") > 0
        found[corpus] = (archive, {row.path: row for row in archive.sources()})
    return found


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", CORPORA)
def test_corpus_ingests_without_error(ingested: dict, corpus: str) -> None:
    archive, rows = ingested[corpus]
    assert archive.status()["documents"] > 0
    assert rows


def _single_correspondence(path: Path) -> etree._Element | None:
    if path.suffix != ".xml":
        return None
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    if tree.getroot() is None:
        return None
    descs = tree.findall(".//t:teiHeader//t:correspDesc", TEI)
    return descs[0] if len(descs) == 1 else None


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", ["letters1916", "schnitzler-briefe", "tolstoy-digital"])
def test_letters_keep_their_correspondence(ingested: dict, corpus: str) -> None:
    archive, rows = ingested[corpus]
    checked = 0
    for path_text, row in sorted(rows.items()):
        desc = _single_correspondence(Path(path_text))
        if desc is None:
            continue
        letters = [d for d in archive.source(row.id).documents if d.kind == "letter"]
        assert len(letters) == 1, path_text
        letter = letters[0]
        sending = desc.find("t:correspAction[@type='sent']", TEI)
        if sending is None:
            sending = desc.find("t:correspAction[@type='sending']", TEI)
        receiving = desc.find("t:correspAction[@type='received']", TEI)
        if receiving is None:
            receiving = desc.find("t:correspAction[@type='receiving']", TEI)
        if sending is not None:
            senders = [_collapse("".join(p.itertext())) for p in sending.findall("t:persName", TEI)]
            senders = [s for s in senders if s]
            if senders:
                assert [_collapse(p.name) for p in letter.authors] == senders, path_text
            place = sending.find("t:placeName", TEI)
            if place is not None and _collapse("".join(place.itertext())):
                assert _collapse(letter.place or "") == _collapse("".join(place.itertext())), path_text
            date = sending.find("t:date", TEI)
            when = date.get("when") if date is not None else None
            if when and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", when):
                assert letter.date is not None and letter.date.edtf is not None, path_text
                assert letter.date.edtf.startswith(when), (path_text, letter.date.edtf, when)
        if receiving is not None:
            addressees = [_collapse("".join(p.itertext())) for p in receiving.findall("t:persName", TEI)]
            addressees = [a for a in addressees if a]
            if addressees:
                assert [_collapse(p.name) for p in letter.addressees] == addressees, path_text
        checked += 1
    assert checked >= min(10, len(rows) // 2)


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", ["tolstoy-digital", "mitford-journal", "schnitzler-briefe",
                                    "schnitzler-tagebuch"])
def test_reference_markup_becomes_linked_mentions(ingested: dict, corpus: str) -> None:
    archive, rows = ingested[corpus]
    expected = 0
    # register files (a body of lists, no documents) hold entries, not mentions
    sample = [(path, row) for path, row in sorted(rows.items())
              if path.endswith(".xml") and row.documents][:150]
    for path_text, _row in sample:
        tree = etree.parse(path_text, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
        expected += len(tree.xpath(REFERENCE_XPATH, namespaces=TEI))
    mentions = [m for _, row in sample for m in archive.mentions(source_id=row.id)]
    linked = [m for m in mentions if m.entity_id]
    assert expected > 0
    # the reader skips a reference that holds only deleted text, and a name tagged twice
    assert abs(len(linked) - expected) <= max(2, expected // 200), (len(linked), expected)
    source_texts = {row.id: archive.source(row.id).text for _, row in sample[:20]}
    for mention in mentions:
        if mention.source_id in source_texts:
            assert source_texts[mention.source_id][mention.start:mention.end] == mention.text
    entity = archive.store.entity(linked[0].entity_id)
    assert entity.name


@pytest.mark.corpus
def test_mitford_entries_are_dated_diary_entries(ingested: dict) -> None:
    archive, _rows = ingested["mitford-journal"]
    from testimonia.store import DocumentFilter

    entries = archive.documents(DocumentFilter(kind="diary_entry"))
    assert len(entries) >= 1500
    dated = [e for e in entries if e.date and e.date.edtf]
    assert len(dated) / len(entries) > 0.99
    years = sorted({(e.date.edtf or "")[:4] for e in dated})
    assert years[0] >= "1818" and years[-1] <= "1824", years
