"""CMIF import: a letters index with no texts, and texts ingested later attached to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from testimonia.archive import Archive
from testimonia.correspondence.attach import LetterMatch, letter_texts, match_letter_texts
from testimonia.model import DateValue, Document, Party
from tests.conftest import require_shared

DATA = Path(__file__).parent / "data" / "transcription"
SCHNITZLER_CMIF = "corpora/schnitzler-briefe/schnitzler-briefe-cmif.xml"
SCHNITZLER_LETTERS = "corpora/schnitzler-briefe/editions"

# Invented: three entries, named by @key, by @ref only and by xml:id only.
CMIF = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
<titleStmt><title>Kostrov family letters: CMIF</title><editor>Vera Lindqvist</editor></titleStmt>
<publicationStmt><publisher>testimonia tests</publisher>
<idno type="url">https://example.org/kostrov-cmif.xml</idno></publicationStmt>
<sourceDesc><bibl type="online" xml:id="b1">Kostrov family letters</bibl></sourceDesc>
</fileDesc><profileDesc>
<correspDesc key="kl-001" ref="https://example.org/letters/kl-001.html" source="#b1">
  <correspAction type="sent">
    <persName ref="https://d-nb.info/gnd/100000001X">Kostrova, Anna</persName>
    <placeName ref="https://sws.geonames.org/524901/">Moscow</placeName>
    <date when="1938-02-02">2 February 1938</date></correspAction>
  <correspAction type="received">
    <persName ref="http://viaf.org/viaf/4711">Zhelnin, Boris</persName></correspAction>
</correspDesc>
<correspDesc ref="https://example.org/letters/kl-002.html" source="#b1">
  <correspAction type="sent">
    <persName ref="http://viaf.org/viaf/4711">Zhelnin, Boris</persName>
    <date notBefore="1938-03" notAfter="1938-04">spring 1938</date></correspAction>
  <correspAction type="received">
    <persName ref="https://d-nb.info/gnd/100000001X">Kostrova, Anna</persName></correspAction>
</correspDesc>
<correspDesc xml:id="kl-003" source="#b1">
  <correspAction type="sent"><persName>Kostrova, Anna</persName>
    <placeName>Karaganda</placeName><date when="1938-03-12"/></correspAction>
  <correspAction type="received"><persName>Zhelnin, Boris</persName></correspAction>
</correspDesc>
</profileDesc></teiHeader></TEI>
"""

# The text of kl-001, from the family's own TEI edition: matched by its xml:id.
TEI_LETTER = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
<titleStmt><title>Anna to Boris</title></titleStmt><publicationStmt><p>test</p></publicationStmt>
<sourceDesc><p>invented</p></sourceDesc></fileDesc><profileDesc><correspDesc>
<correspAction type="sent"><persName>Anna Kostrova</persName><date when="1938-02-02"/></correspAction>
<correspAction type="received"><persName>Boris Zhelnin</persName></correspAction>
</correspDesc></profileDesc></teiHeader>
<text><body><div type="letter" xml:id="kl-001"><p>Dear Boris, the snow has come.</p></div></body></text></TEI>
"""

# A plain transcription of kl-003: no id at all, matched by sender, addressee and day.
TEXT_LETTER = "Karaganda, 12 March 1938\n\nDear Boris,\n\nwe reached the camp.\n\nYour Anna\n"


def test_a_cmif_file_becomes_a_letters_index_without_texts(tmp_path: Path) -> None:
    cmif = tmp_path / "kostrov-cmif.xml"
    cmif.write_text(CMIF, encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        outcome = archive.ingest([cmif]).outcomes[0]
        assert (outcome.status, outcome.documents, outcome.words) == ("added", 3, 0)
        letters = archive.documents()
        assert [d.xml_id for d in letters] == [
            "kl-001", "https://example.org/letters/kl-002.html", "kl-003"]
        assert all(d.kind == "letter" and d.start == d.end == 0 for d in letters)
        first = letters[0]
        assert (first.date.edtf, first.place) == ("1938-02-02", "Moscow")
        assert [p.name for p in first.authors] == ["Kostrova, Anna"]
        assert [p.name for p in first.addressees] == ["Zhelnin, Boris"]
        sender = archive.store.entity(first.authors[0].entity_id)
        addressee = archive.store.entity(first.addressees[0].entity_id)
        place = archive.store.entity(first.place_entity_id)
        assert sender.identifiers == {"gnd": "100000001X"}
        assert addressee.identifiers == {"viaf": "4711"}
        assert place.identifiers == {"geonames": "524901"}
        # the second letter's sender is the first one's addressee: one register entry
        assert letters[1].authors[0].entity_id == first.addressees[0].entity_id
        assert letters[1].date.edtf == "1938-03/1938-04"


def test_texts_ingested_later_are_attached_to_their_index_entries(tmp_path: Path) -> None:
    (tmp_path / "kostrov-cmif.xml").write_text(CMIF, encoding="utf-8")
    (tmp_path / "kl-001.xml").write_text(TEI_LETTER, encoding="utf-8")
    (tmp_path / "karaganda.txt").write_text(TEXT_LETTER, encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        archive.ingest([tmp_path / "kostrov-cmif.xml"])
        assert letter_texts(archive.store) == []  # an index alone has nothing to attach
        archive.ingest([tmp_path / "kl-001.xml", tmp_path / "karaganda.txt"])
        assert attached(archive) == {"kl-001": ("kl-001.xml", "id"),
                                     "kl-003": ("karaganda.txt", "parties and date")}
        # The PAGE transcription holds another letter from Anna to Boris of 12 March 1938:
        # two texts fit kl-003 now, and which is its text is for an editor to say.
        archive.ingest([DATA / "letters-page2019.xml"])
        assert attached(archive) == {"kl-001": ("kl-001.xml", "id")}
    with Archive.create(tmp_path / "b.tmarch") as archive:  # the transcription alone is its text
        archive.ingest([tmp_path / "kostrov-cmif.xml", DATA / "letters-page2019.xml"])
        assert attached(archive) == {"kl-003": ("letters-page2019.xml", "parties and date")}


def attached(archive: Archive) -> dict[str, tuple[str, str]]:
    """Index entry id -> (the file of its text, how it was matched)."""
    by_id = {d.id: d for d in archive.documents()}
    return {by_id[m.index_id].xml_id or "": (Path(archive.source(by_id[m.text_id].source_id or "").path).name,
                                            m.matched_on)
            for m in letter_texts(archive.store)}


def test_two_texts_that_fit_one_entry_attach_neither() -> None:
    def letter(doc_id: str, source: str, start: int, sender: str, to: str, day: str) -> Document:
        return Document("letter", start, start + (10 if start else 0), date=DateValue(day, day),
                        authors=[Party(sender)], addressees=[Party(to)], id=doc_id,
                        source_id=source)

    entry = letter("e1", "cmif", 0, "Kostrova, Anna", "Zhelnin, Boris", "1938-03-12")
    one = letter("t1", "s1", 5, "Anna", "Boris", "1938-03-12")
    other = letter("t2", "s2", 5, "Anna Kostrova", "Boris Zhelnin", "1938-03-12")
    stranger = letter("t3", "s3", 5, "Vera", "Boris", "1938-03-12")
    assert match_letter_texts([entry], [one, stranger]) == [LetterMatch("e1", "t1", "parties and date")]
    assert match_letter_texts([entry], [one, other]) == []
    twin = letter("e2", "cmif2", 0, "Anna", "Boris", "1938-03-12")
    assert match_letter_texts([entry, twin], [one]) == []  # two entries fit one text
    month = letter("e3", "cmif", 0, "Kostrova, Anna", "Zhelnin, Boris", "1938-03")
    assert match_letter_texts([month], [letter("t4", "s4", 5, "Anna", "Boris", "1938-03")]) == []


@pytest.mark.corpus
def test_the_schnitzler_cmif_is_an_index_their_letters_attach_to(tmp_path: Path) -> None:
    cmif = require_shared(SCHNITZLER_CMIF)
    letters = sorted(require_shared(SCHNITZLER_LETTERS).glob("L*.xml"))[:25]
    with Archive.create(tmp_path / "a.tmarch") as archive:
        outcome = archive.ingest([cmif]).outcomes[0]
        assert (outcome.status, outcome.words) == ("added", 0)
        assert outcome.documents == cmif.read_text(encoding="utf-8").count("<correspDesc")
        index = archive.documents()
        assert all(d.kind == "letter" and d.start == d.end for d in index)
        assert all(d.authors and d.addressees for d in index)
        herzl = next(d for d in index if d.xml_id == "L03820")
        assert (herzl.date.edtf, herzl.place) == ("1885-05-29", "Wien")
        assert archive.store.entity(herzl.authors[0].entity_id).identifiers == {"gnd": "118550241"}
        archive.ingest(letters)
        matches = letter_texts(archive.store)
        by_id = {d.id: d for d in archive.documents()}
        assert len(matches) == len(letters)
        assert {m.matched_on for m in matches} == {"id"}
        assert all(by_id[m.index_id].xml_id == by_id[m.text_id].xml_id for m in matches)
        # without their ids, sender, addressee and day alone attach most, and none wrongly
        texts = [d for d in by_id.values() if d.end > d.start]
        truth = {d.id: d.xml_id for d in texts}
        for text in texts:
            text.xml_id = None
        fuzzy = match_letter_texts([d for d in by_id.values() if d.end <= d.start], texts,
                                   archive.store.entity)
        assert len(fuzzy) >= len(letters) * 3 // 4
        assert all(by_id[m.index_id].xml_id == truth[m.text_id] for m in fuzzy)


def test_the_matches_are_listed_by_the_cli_and_the_api(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from testimonia.cli import cli
    from tests.web_support import client_for

    (tmp_path / "kostrov-cmif.xml").write_text(CMIF, encoding="utf-8")
    (tmp_path / "kl-001.xml").write_text(TEI_LETTER, encoding="utf-8")
    path = str(tmp_path / "a.tmarch")
    with Archive.create(path) as archive:
        archive.ingest([tmp_path / "kostrov-cmif.xml", tmp_path / "kl-001.xml"])
        expected = [(m.index_id, m.text_id, m.matched_on) for m in archive.letter_texts()]
    assert len(expected) == 1
    runner = CliRunner()
    listed = runner.invoke(cli, ["--archive", path, "letters", "--texts"])
    assert listed.exit_code == 0, listed.output
    assert "1 of 3 indexed letters" in listed.output and "Kostrova" in listed.output
    as_json = runner.invoke(cli, ["--archive", path, "letters", "--texts", "--json"])
    assert [(m["index_id"], m["text_id"], m["matched_on"]) for m in json.loads(as_json.output)] == expected
    assert runner.invoke(cli, ["--archive", path, "letters", "--texts", "Anna"]).exit_code == 2
    with client_for(path) as client:
        body = client.get("/api/v1/letters/texts").json()
    assert body["total"] == 1 and body["items"][0]["text_url"] == f"/documents/{expected[0][1]}"
