"""The TEI reader on real editions (../shared/corpora) and on hostile input.

Expected values are read from the files themselves with lxml XPath, independently of the
reader, so the tests check the reader against what each edition's markup says.
"""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest
from lxml import etree

from testimonia.errors import UnreadableSource
from testimonia.model import ReadResult
from testimonia.read.tei import read_tei

NS = {"t": "http://www.tei-c.org/ns/1.0"}
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture
def corpora(shared_dir: Path) -> Path:
    path = shared_dir / "corpora"
    if not path.is_dir():
        pytest.skip(f"{path} is absent: the real corpora live in ../shared/corpora")
    return path


def read(path: Path) -> ReadResult:
    return read_tei(path.read_bytes(), str(path))


def tree_of(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(path), parser)


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def key_of(ref: str | None) -> str | None:
    if not ref:
        return None
    first = ref.split()[0]
    return first[1:] if first.startswith("#") else first.rstrip("/")


def check_invariants(result: ReadResult) -> None:
    """What must hold for every file: offsets inside the text, keys that resolve."""
    text = result.text
    keys = {e.key for e in result.entities}
    for m in result.mentions:
        assert text[m.start:m.end] == m.text and m.text.strip(), m
        assert m.entity_type in ("person", "place", "organisation", "work", "event", "other")
        assert m.entity_key is None or m.entity_key in keys, m
    for d in result.documents:
        assert 0 <= d.start <= d.end <= len(text), d
    for n in result.notes:
        if n.start is not None:
            assert text[n.start:n.end] == n.text
        if n.anchor_start is not None:
            assert 0 <= n.anchor_start <= n.anchor_end <= len(text)
        assert n.status in ("attached", "dangling_marker", "dangling_note")


# --------------------------------------------------------------------------- correspDesc


def sent_received(path: Path) -> dict[str, object]:
    """Sender, addressee, date and place as the file's correspDesc states them (XPath)."""
    tree = tree_of(path)
    act = "//t:correspDesc/t:correspAction"
    sent = f"{act}[@type='sent' or @type='sending']"
    received = f"{act}[@type='received' or @type='receiving']"
    date = tree.xpath(f"{sent}/t:date", namespaces=NS)
    edtf = None
    if date:
        d = date[0]
        if d.get("when"):
            edtf = d.get("when")
        elif d.get("notBefore") or d.get("notAfter"):
            edtf = f"{d.get('notBefore')}/{d.get('notAfter')}"
        elif re.fullmatch(r"\d{4}-\d\d-\d\d", norm(d.text)):
            edtf = norm(d.text)
    place = [p for p in tree.xpath(f"{sent}/t:placeName", namespaces=NS)
             if norm(p.xpath("string()")) or p.get("ref") or p.get("key")]

    def parties(xpath: str) -> list[tuple[str, str | None]]:
        found = [(norm(p.xpath("string()")), key_of(p.get("ref") or p.get("key")))
                 for p in tree.xpath(xpath, namespaces=NS)]
        return [(name, key) for name, key in found if name or key]  # empty ones say nothing

    return {
        "senders": parties(f"{sent}/t:persName"),
        "addressees": parties(f"{received}/t:persName"),
        "edtf": edtf,
        "place": norm(place[0].xpath("string()")) if place else None,
        "place_key": key_of(place[0].get("ref") or place[0].get("key")) if place else None,
    }


def assert_letter_matches(path: Path) -> None:
    result = read(path)
    letters = [d for d in result.documents if d.kind == "letter"]
    assert len(letters) == 1, path
    doc = letters[0]
    expected = sent_received(path)
    assert [(p.name, p.entity_id) for p in doc.authors] == expected["senders"]
    assert [(p.name, p.entity_id) for p in doc.addressees] == expected["addressees"]
    assert (doc.date.edtf if doc.date else None) == expected["edtf"]
    assert doc.place == (expected["place"] or None)
    assert doc.place_entity_id == expected["place_key"]
    assert doc.end > doc.start  # the letter spans its text
    check_invariants(result)


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["v59_094_Kn_G_V_Lvovu.xml", "v59_044_A_S_Ogolinu.xml",
                                  "v59_004_T_A_Ergolskoj.xml", "v59_075_N_P_Alekseevu.xml"])
def test_tolstoy_letters_follow_their_corresp_desc(corpora: Path, name: str) -> None:
    assert_letter_matches(corpora / "tolstoy-digital" / "letters" / name)


@pytest.mark.corpus
def test_tolstoy_letter_values(corpora: Path) -> None:
    result = read(corpora / "tolstoy-digital" / "letters" / "v59_094_Kn_G_V_Lvovu.xml")
    doc = result.documents[0]
    assert doc.authors[0].name == "Л. Н. Толстой" and doc.authors[0].entity_id == "13883"
    assert doc.addressees[0].entity_id == "8143"
    assert doc.date.edtf == "1855-01-15" and doc.place == "Симферополь"
    assert doc.language == "ru" and doc.title == "Письмо Кн. Г. В. Львову от 15 января 1855 г."
    # one reading of each <choice>: the modern spelling, never both
    assert "Любезный Львов!" in result.text and "Львовъ" not in result.text
    assert "передаст тебе Бауер" in result.text
    ranged = read(corpora / "tolstoy-digital" / "letters" / "v59_044_A_S_Ogolinu.xml")
    assert ranged.documents[0].date.edtf == "1851-05-30/1851-06-02"
    front = result.front
    assert front.published_in is not None and front.published_in.volume == "59"
    assert front.published_in.pages == "298-299" and front.published_in.date == "1935"
    assert any(c.role == "encoder" and c.name == "Мария Картышева" for c in front.credits)
    assert front.licence and "Creative Commons" in front.licence


@pytest.mark.corpus
def test_tolstoy_diaries_are_dated_entries(corpora: Path) -> None:
    for path in sorted((corpora / "tolstoy-digital" / "diaries").glob("*.xml")):
        result = read(path)
        tree = tree_of(path)
        when = tree.xpath("string(//t:profileDesc/t:creation/t:date/@when)", namespaces=NS)
        entries = tree.xpath("//t:body//t:div[@type='entry']", namespaces=NS)
        assert len(result.documents) == len(entries) == 1
        doc = result.documents[0]
        assert doc.kind == "diary_entry" and doc.date.edtf == when
        check_invariants(result)


@pytest.mark.corpus
def test_schnitzler_letters_follow_their_corresp_desc(corpora: Path) -> None:
    letters = sorted((corpora / "schnitzler-briefe" / "editions").glob("L*.xml"))
    assert len(letters) > 100
    for path in letters[:120]:
        assert_letter_matches(path)


@pytest.mark.corpus
def test_schnitzler_letter_values(corpora: Path) -> None:
    result = read(corpora / "schnitzler-briefe" / "editions" / "L00008.xml")
    doc = result.documents[0]
    assert [(p.name, p.entity_id) for p in doc.authors] == [("Conrad, Michael Georg", "pmb11098")]
    assert [p.entity_id for p in doc.addressees] == ["pmb2121"]
    assert doc.date.edtf == "1890-11-14" and doc.place == "München"
    assert doc.place_entity_id == "pmb45258" and doc.xml_id == "L00008"
    assert doc.signature is not None and doc.signature.text == "Dr. Conrad."
    assert doc.dateline is not None and doc.dateline.text.startswith("München")
    # the letter's own register in <back>: entities with their authority ids
    by_key = {e.key: e for e in result.entities}
    schnitzler = by_key["pmb2121"]
    assert schnitzler.entity_type == "person" and schnitzler.identifiers["gnd"] == "118609807"
    assert schnitzler.name == "Arthur Schnitzler" and schnitzler.birth == "1862-05-15"
    assert result.front.licence == "https://creativecommons.org/licenses/by/4.0/deed.de"
    assert result.front.language == "de-AT"


@pytest.mark.corpus
def test_letters1916_header_gold(corpora: Path) -> None:
    editions = sorted((corpora / "letters1916" / "editions").glob("*.xml"))
    for path in editions[:60]:
        assert_letter_matches(path)
    doc = read(corpora / "letters1916" / "editions" / "item__0001.xml").documents[0]
    assert doc.authors[0].entity_id == "letters1916_person-0109"
    assert doc.place == "Gustrow, Germany" and doc.date.edtf == "1916-04-16"


# --------------------------------------------------------------------------- mentions

_MENTION = etree.XPath(
    "//t:text//t:body//*[self::t:persName or self::t:placeName or self::t:orgName or self::t:title"
    " or ((self::t:rs or self::t:name) and (@type or @ref or @key))]", namespaces=NS)
_HIDDEN = {"del", "fw", "note", "teiHeader"}


def visible(el: etree._Element) -> str:
    """Text of `el` a reader sees: without deletions, notes and rejected readings."""
    parts = [el.text or ""]
    for child in el:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        rejected = name in ("orig", "sic", "abbr") and etree.QName(el).localname == "choice"
        if name and name not in _HIDDEN and not rejected:
            parts.append(visible(child))
        parts.append(child.tail or "")
    return "".join(parts)


def expected_mentions(path: Path) -> int:
    count = 0
    for el in _MENTION(tree_of(path)):
        skipped = False
        for anc in el.iterancestors():
            name = etree.QName(anc).localname
            parent = anc.getparent()
            in_choice = parent is not None and etree.QName(parent).localname == "choice"
            if name in ("del", "fw", "rdg") or (name in ("orig", "sic", "abbr") and in_choice):
                skipped = True
        if skipped or not visible(el).strip():
            continue
        parent = el.getparent()
        if (parent.tag == el.tag and parent.get("ref") == el.get("ref")
                and norm(visible(parent)) == norm(visible(el))):
            continue  # the same name tagged twice, one inside the other
        count += 1
    return count


@pytest.mark.corpus
def test_mentions_match_the_markup(corpora: Path) -> None:
    files = (sorted((corpora / "tolstoy-digital").glob("[ld]*/*.xml"))
             + sorted((corpora / "schnitzler-briefe" / "editions").glob("L*.xml"))[:80]
             + sorted((corpora / "schnitzler-tagebuch" / "editions").glob("entry__1911-0[1-3]*"))
             + [corpora / "mitford-journal" / "1819-1823MRMJournal.xml"])
    total = 0
    for path in files:
        result = read(path)
        assert len(result.mentions) == expected_mentions(path), path
        check_invariants(result)
        for m in result.mentions:
            assert m.method == "markup" and m.confidence == 1.0
            assert m.document_index is not None, (path, m)
        total += len(result.mentions)
    assert total > 5000


@pytest.mark.corpus
def test_tolstoy_gold_mentions(corpora: Path) -> None:
    """SOURCE.md: 60 tagged person mentions (once each, choice copies not counted)."""
    results = [read(p) for p in sorted((corpora / "tolstoy-digital").glob("[ld]*/*.xml"))]
    mentions = [m for r in results for m in r.mentions]
    assert len(mentions) == 60
    assert all(m.entity_type == "person" for m in mentions)
    assert len({m.entity_key for m in mentions}) == 24  # + 259, named only in a correspDesc
    with (corpora / "tolstoy-digital" / "reference" / "sample_person_refs.csv").open() as table:
        gold_ids = {row["ref"] for row in csv.DictReader(table)}
    assert len(gold_ids) == 25
    assert {e.key for r in results for e in r.entities} == gold_ids
    lvov = results[-1]
    assert [m.text for m in lvov.mentions][:1] == ["Кн. Г. В. Львову"]


@pytest.mark.corpus
def test_schnitzler_rs_types_and_several_refs(corpora: Path) -> None:
    result = read(corpora / "schnitzler-briefe" / "editions" / "L00001.xml")
    kinds = {(m.text, m.entity_type, m.entity_key) for m in result.mentions}
    assert ("Der Sohn", "work", "pmb30257") in kinds
    assert ("Frankfurt a. M.", "place", "pmb146") in kinds
    assert ("Frankfurter Zeitung\nund\nHandelsblatt.", "organisation", "pmb29442") in kinds


# --------------------------------------------------------------------------- notes


@pytest.mark.corpus
def test_tolstoy_notes_are_attached_at_their_markers(corpora: Path) -> None:
    result = read(corpora / "tolstoy-digital" / "letters" / "v59_094_Kn_G_V_Lvovu.xml")
    first = result.notes[0]
    assert first.status == "attached" and first.text == "О Бауере нам ничего неизвестно."
    assert result.text[first.anchor_start:first.anchor_end] == "1"
    assert result.text[first.start - 2:first.start] == "1 "  # marker, then the note's text
    assert first.start > result.documents[0].end  # notes follow the body
    assert "О Бауере" not in result.text[:result.documents[0].end]
    for path in sorted((corpora / "tolstoy-digital").glob("[ld]*/*.xml")):
        for note in read(path).notes:
            assert note.status in ("attached", "dangling_marker")
            if note.status == "attached":
                assert note.anchor_start is not None and note.document_index == 0


@pytest.mark.corpus
def test_schnitzler_commentary_covers_its_lemma(corpora: Path) -> None:
    result = read(corpora / "schnitzler-briefe" / "editions" / "L00001.xml")
    assert [n.status for n in result.notes] == ["attached", "attached"]
    lemma = result.notes[0]
    assert result.text[lemma.anchor_start:lemma.anchor_end] == "Der Sohn"
    assert lemma.text.startswith("Die Erzählung entstand im Sommer 1889")
    assert result.notes[1].text.startswith("Erst am 24.")
    # a mention inside a note is found in the notes part of the text
    inside = [m for m in result.mentions if m.start >= result.notes[1].start]
    assert any(m.text == "Schnitzlers" and m.entity_key == "pmb2121" for m in inside)
    tree = tree_of(corpora / "schnitzler-briefe" / "editions" / "L00001.xml")
    assert "Die Erzählung" not in result.text[:result.documents[0].end]
    assert len(result.notes) == len(tree.xpath("//t:body//t:note", namespaces=NS))


# --------------------------------------------------------------------------- diaries


@pytest.mark.corpus
def test_mitford_journal_entries(corpora: Path) -> None:
    path = corpora / "mitford-journal" / "1819-1823MRMJournal.xml"
    tree = tree_of(path)
    entries = tree.xpath("//t:body//t:div[@type='entry']", namespaces=NS)
    result = read(path)
    assert len(result.documents) == len(entries) > 1500
    assert all(d.kind == "diary_entry" for d in result.documents)
    assert [d.xml_id for d in result.documents] == [e.get(XML_ID) for e in entries]
    dated = [d for d in result.documents if d.date and d.date.edtf]
    assert len(dated) >= len(tree.xpath("//t:div[@type='entry'][.//t:date/@when]",
                                        namespaces=NS)) - 1
    assert result.documents[0].date.edtf == "1819-01-01"
    assert result.documents[0].date.text == "the 1st"  # located in the text, as written
    first = result.documents[0]
    assert result.text[first.date.start:first.date.end] == "the 1st"
    assert result.documents[1].date.edtf == "1818-12-31"
    starts = [d.start for d in result.documents]
    assert starts == sorted(starts)
    assert all(n.status == "attached" for n in result.notes)
    check_invariants(result)


@pytest.mark.corpus
def test_schnitzler_diary_days(corpora: Path) -> None:
    for path in sorted((corpora / "schnitzler-tagebuch" / "editions").glob("entry__1911-05*.xml")):
        result = read(path)
        assert len(result.documents) == 1
        doc = result.documents[0]
        assert doc.kind == "diary_entry"
        assert doc.date.edtf == path.stem.split("__")[1]
        assert doc.xml_id == path.stem


# --------------------------------------------------------------------------- CMIF


@pytest.mark.corpus
def test_cmif_files_yield_one_letter_per_corresp_desc(corpora: Path) -> None:
    files = [*sorted((corpora / "schnitzler-cmif").glob("*.xml")),
             corpora / "schnitzler-briefe" / "schnitzler-briefe-cmif.xml",
             *sorted((corpora / "cmif-spec" / "examples").glob("*.xml"))]
    assert len(files) >= 50
    total = 0
    for path in files:
        tree = tree_of(path)
        descs = tree.xpath("//t:profileDesc/t:correspDesc", namespaces=NS)
        result = read(path)
        letters = [d for d in result.documents if d.kind == "letter"]
        assert len(letters) == len(descs), path
        assert all(d.start == d.end for d in letters)
        first = descs[0]
        sender = first.xpath("t:correspAction[@type='sent']/t:persName", namespaces=NS)
        if sender:
            assert letters[0].authors[0].name == norm(sender[0].xpath("string()"))
            assert letters[0].authors[0].entity_id == key_of(sender[0].get("ref"))
        when = first.xpath("string(t:correspAction[@type='sent']/t:date/@when)", namespaces=NS)
        if re.fullmatch(r"\d{4}(-\d\d){0,2}", when):
            assert letters[0].date.edtf == when
        check_invariants(result)
        total += len(letters)
    assert total > 10000
    rilke = read(corpora / "schnitzler-cmif" / "1958_Rilke_Schnitzler.xml")
    by_key = {e.key: e for e in rilke.entities}
    assert by_key["https://d-nb.info/gnd/118609807"].identifiers == {"gnd": "118609807"}
    assert by_key["https://sws.geonames.org/2761369"].identifiers == {"geonames": "2761369"}
    assert by_key["https://sws.geonames.org/2761369"].entity_type == "place"


@pytest.mark.corpus
def test_cmif_uncertain_and_ranged_dates(corpora: Path) -> None:
    result = read(corpora / "schnitzler-briefe" / "schnitzler-briefe-cmif.xml")
    ranged = [d for d in result.documents if d.date and d.date.edtf and "/" in d.date.edtf]
    assert ranged and all(re.fullmatch(r"[\d-]+/[\d-]+|\.\./[\d-]+|[\d-]+/\.\.", d.date.edtf)
                          for d in ranged)


# --------------------------------------------------------------------------- registers


@pytest.mark.corpus
def test_register_files_give_entities_not_documents(corpora: Path) -> None:
    places = read(corpora / "letters1916" / "indices" / "listplace.xml")
    assert places.documents == [] and places.mentions == []
    tree = tree_of(corpora / "letters1916" / "indices" / "listplace.xml")
    assert len(places.entities) == len(tree.xpath("//t:place[@xml:id]", namespaces=NS))
    dublin = next(e for e in places.entities if e.key == "letters1916_place-0000")
    assert dublin.identifiers == {"geonames": "2964574", "wikidata": "Q1761"}
    assert dublin.name == "St. Mary's, 81 Haddington Road, Dublin, Ireland"

    persons = read(corpora / "schnitzler-briefe" / "indices" / "listperson.xml")
    assert persons.documents == []
    with_gnd = [e for e in persons.entities if "gnd" in e.identifiers]
    assert len(with_gnd) > 1000
    schoenlein = next(e for e in persons.entities if e.key == "pmb2138")
    assert schoenlein.name == "Johann Lukas Schönlein"
    assert schoenlein.identifiers["gnd"] == "11879535X"
    assert schoenlein.identifiers["wikidata"] == "Q61678"
    assert schoenlein.birth == "1793-11-30" and schoenlein.death == "1864-01-23"

    sample = read(corpora / "tolstoy-digital" / "reference" / "PersonList_sample.xml")
    gogol = next(e for e in sample.entities if e.key == "3444")
    assert gogol.name == "Гоголь Николай Васильевич"
    assert gogol.identifiers == {"wikidata": "Q43718"} and gogol.birth == "1809-03-20"

    site = read(corpora / "mitford-journal" / "si.xml")
    assert site.documents == []
    kinds = {e.entity_type for e in site.entities}
    assert {"person", "place", "organisation", "work"} <= kinds
    mitford = next(e for e in site.entities if e.key == "MRM")
    assert "Mitford" in mitford.name


@pytest.mark.corpus
def test_mentioned_keys_become_entities(corpora: Path) -> None:
    result = read(corpora / "mitford-journal" / "1819-1823MRMJournal.xml")
    keys = {e.key for e in result.entities}
    assert {m.entity_key for m in result.mentions if m.entity_key} <= keys
    granny = next(e for e in result.entities if e.key == "Russell_M")
    assert granny.entity_type == "person" and "Granny" in [granny.name, *granny.variants]


# --------------------------------------------------------------------------- hostile input

_HOSTILE = {
    "external-entity": b'<?xml version="1.0"?>\n<!DOCTYPE TEI [\n'
    b'<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
    b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&xxe;</p></body></text></TEI>',
    "http-entity": b'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'
    b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&x;</p></body></text></TEI>',
    "parameter-entity": b'<?xml version="1.0"?>\n<!DOCTYPE TEI [\n'
    b'<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">\n%remote;\n]>\n'
    b'<TEI xmlns="http://www.tei-c.org/ns/1.0"/>',
    "billion-laughs": b'<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10))
    + b']>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&lol9;</p></body></text></TEI>',
    "utf16-external-entity": (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE TEI [<!ENTITY xxe SYSTEM '
        '"file:///etc/passwd">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
        "<p>&xxe;</p></body></text></TEI>").encode("utf-16"),
}


@pytest.mark.parametrize("name", sorted(_HOSTILE))
def test_entities_are_refused(name: str) -> None:
    start = time.perf_counter()
    with pytest.raises(UnreadableSource) as info:
        read_tei(_HOSTILE[name], f"/in/{name}.xml")
    message = str(info.value)
    assert f"/in/{name}.xml" in message and "\n" not in message
    assert "refused for safety" in message and "root:" not in message
    assert time.perf_counter() - start < 2


_BROKEN = {
    "malformed": (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>open</body>'
                  b"</text></TEI>", "malformed XML:"),
    "truncated": (b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text>',
                  "malformed XML:"),
    "not-tei": (b'<?xml version="1.0"?><html><body><p>hello</p></body></html>', "not a TEI file"),
    "tei-wrong-namespace": (b'<TEI xmlns="http://example.org/ns"><text/></TEI>', "not a TEI file"),
    "binary-junk": (bytes(range(256)) * 8, "binary data"),
    "png-named-xml": (b"\x89PNG\r\n\x1a\n" + bytes(300), "binary data"),
}


@pytest.mark.parametrize("name", sorted(_BROKEN))
def test_unreadable_input_names_the_file(name: str) -> None:
    data, expected = _BROKEN[name]
    with pytest.raises(UnreadableSource) as info:
        read_tei(data, f"/in/{name}.xml")
    message = str(info.value)
    assert message.startswith(f"/in/{name}.xml: ") and expected in message
    assert "\n" not in message
    if expected == "malformed XML:":
        assert re.search(r"\(line \d+\)$", message)


def test_encodings_and_a_tei_without_namespace() -> None:
    body = "<text><body><p>Дорогая <persName ref='#m'>мама</persName>!</p></body></text>"
    utf16 = f'<?xml version="1.0" encoding="UTF-16"?><TEI xmlns="{NS["t"]}">{body}</TEI>'
    result = read_tei(utf16.encode("utf-16"), "u16.xml")
    assert result.text == "Дорогая мама!" and result.encoding == "utf-16"
    cp1251 = f'<?xml version="1.0" encoding="windows-1251"?><TEI xmlns="{NS["t"]}">{body}</TEI>'
    assert read_tei(cp1251.encode("cp1251"), "w.xml").text == "Дорогая мама!"
    undeclared = f'<TEI xmlns="{NS["t"]}">{body}</TEI>'.encode("cp1251")
    result = read_tei(undeclared, "n.xml")
    assert result.text == "Дорогая мама!" and result.encoding == "cp1251"
    bare = read_tei(f"<TEI>{body}</TEI>".encode(), "bare.xml")
    assert [(m.text, m.entity_key) for m in bare.mentions] == [("мама", "m")]
    assert bare.entities[0].key == "m" and bare.entities[0].name == "мама"


def test_structure_of_a_small_corpus() -> None:
    corpus = f"""<teiCorpus xmlns="{NS['t']}">
<teiHeader><fileDesc><titleStmt><title>Two texts</title></titleStmt></fileDesc></teiHeader>
<TEI><teiHeader><fileDesc><titleStmt><title>Letter A</title></titleStmt></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName ref="#ann">Ann</persName>
<placeName ref="http://www.geonames.org/2643743/">London</placeName>
<date notBefore="1901-02" notAfter="1901-03" cert="low"/></correspAction>
<correspAction type="received"><persName ref="#bob">Bob</persName></correspAction>
</correspDesc></profileDesc></teiHeader>
<text><body><opener><dateline>London, Feb 1901</dateline><salute>Dear Bob,</salute></opener>
<p>I saw <persName ref="#carl">Carl</persName><ptr target="#n1"/> today,
   <choice><sic>teh</sic><corr>the</corr></choice> <del>old</del> day.</p>
<closer>Yours, <signed>Ann</signed></closer></body>
<back><div type="notes">
<note xml:id="n1" n="1">Carl is her <rs type="person" ref="#carl">brother</rs>.</note>
<note xml:id="n2">Orphan.</note></div></back></text></TEI>
<TEI><teiHeader><fileDesc><titleStmt><title>B</title></titleStmt></fileDesc></teiHeader>
<text><body><div type="letter" xml:id="L1"><opener><dateline>
<date when="1902-05-01" evidence="conjecture">1 May</date></dateline></opener>
<p>First <ref target="#missing">*</ref> letter.</p></div>
<div type="letter" xml:id="L2"><p>Second <anchor xml:id="a1"/>letter.</p>
<note target="#a1">On it.</note></div>
</body></text></TEI></teiCorpus>""".encode()
    result = read_tei(corpus, "corpus.xml")
    text = result.text
    assert text.startswith("London, Feb 1901\n\nDear Bob,\n\nI saw Carl today, the day.")
    a, b, c = result.documents
    assert (a.kind, a.title, a.date.edtf, a.date.certainty) == ("letter", "Letter A",
                                                                "1901-02/1901-03", "uncertain")
    assert a.place_entity_id == "http://www.geonames.org/2643743"
    assert (a.salutation.text, a.signature.text) == ("Dear Bob,", "Ann")
    assert (b.xml_id, b.date.edtf, b.date.certainty, c.xml_id) == ("L1", "1902-05-01",
                                                                   "inferred", "L2")
    notes = {n.text: n for n in result.notes}
    carl = notes["Carl is her brother."]
    assert carl.status == "attached" and carl.anchor_start == text.index("Carl") + 4
    assert notes["Orphan."].status == "dangling_note" and notes["Orphan."].anchor_start is None
    assert notes["On it."].anchor_start == text.index("letter.", c.start)
    marker = next(n for n in result.notes if n.status == "dangling_marker")
    assert text[marker.anchor_start:marker.anchor_end] == "*" and marker.start is None
    assert text.index("Carl is her brother.") > c.end  # notes after every text
    assert {(m.text, m.document_index) for m in result.mentions} == {("Carl", 0), ("brother", 0)}
    assert result.front.title == "Two texts"
    kinds = {layout.kind for layout in result.layout}
    assert {"paragraph", "div", "note_ref", "note_body"} <= kinds


# --------------------------------------------------------------------------- every file


def tei_root(path: Path) -> bool:
    """True when the file's root element is TEI or teiCorpus in the TEI namespace."""
    with path.open("rb") as handle:
        try:
            for _, el in etree.iterparse(handle, events=("start",), resolve_entities=False,
                                         no_network=True, load_dtd=False, recover=True):
                return el.tag in (TEI + "TEI", TEI + "teiCorpus")
        except etree.XMLSyntaxError:
            return False
    return False


@pytest.mark.corpus
@pytest.mark.slow
def test_every_tei_file_of_every_corpus_reads(corpora: Path) -> None:
    folders = ["tolstoy-digital", "schnitzler-briefe", "schnitzler-tagebuch", "letters1916",
               "mitford-journal", "schnitzler-cmif", "cmif-spec"]
    start = time.perf_counter()
    read_files = refused = 0
    counts: dict[str, list[int]] = {}
    for folder in folders:
        for path in sorted((corpora / folder).rglob("*")):
            if path.suffix not in (".xml", ".odd", ".tei"):
                continue
            if not tei_root(path):
                with pytest.raises(UnreadableSource, match="not a TEI file"):
                    read(path)
                refused += 1
                continue
            result = read(path)
            check_invariants(result)
            row = counts.setdefault(folder, [0, 0, 0, 0, 0])
            for i, n in enumerate((1, len(result.documents), len(result.notes),
                                   len(result.mentions), len(result.entities))):
                row[i] += n
            read_files += 1
    elapsed = time.perf_counter() - start
    for folder, (files, docs, notes, mentions, entities) in counts.items():
        print(f"{folder}: {files} files, {docs} documents, {notes} notes, {mentions} mentions, "
              f"{entities} entities")
    print(f"{read_files} TEI files read, {refused} non-TEI XML files refused, {elapsed:.1f} s")
    assert read_files > 2000 and elapsed < 60


@pytest.mark.corpus
def test_read_speed(corpora: Path) -> None:
    journal = (corpora / "mitford-journal" / "1819-1823MRMJournal.xml").read_bytes()
    start = time.perf_counter()
    entries = len(read_tei(journal, "journal.xml").documents)
    journal_rate = entries / (time.perf_counter() - start)
    letters = [(p.read_bytes(), str(p))
               for p in sorted((corpora / "schnitzler-briefe" / "editions").glob("L*.xml"))]
    start = time.perf_counter()
    docs = sum(len(read_tei(data, name).documents) for data, name in letters)
    letter_rate = docs / (time.perf_counter() - start)
    print(f"Mitford journal: {journal_rate:.0f} entries/s; "
          f"Schnitzler letters: {letter_rate:.0f} letters/s")
    assert journal_rate > 100 and letter_rate > 20
