"""TEI P5 export: valid against tei_all, and read back to the same texts, notes and names."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from lxml import etree

from testimonia.archive import Archive
from testimonia.cli import cli
from testimonia.export.tei import REGISTER_FILE, TEI_MEDIA_TYPE, validation_errors, write_tei_edition
from testimonia.export.tei.dates import date_attributes, dating_attributes
from testimonia.model import DateValue, Entity
from testimonia.read.tei import read_tei
from testimonia.samples import sample_files
from tests.conftest import require_shared

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def tei_all() -> Path:
    return require_shared("corpora/tei-schema/tei_all.rng")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, Path, Archive]]:
    """The samples and the seed texts, exported as TEI and read back into a second archive."""
    seeds = require_shared("seeds")
    work = tmp_path_factory.mktemp("tei")
    archive = Archive.create(work / "a.tmarch")
    archive.ingest([*sample_files(), seeds])
    folder = work / "tei"
    summary = archive.export_tei(folder)
    again = Archive.create(work / "b.tmarch")
    outcome = again.ingest([folder])
    assert not outcome.failed, outcome.failed[0].error
    assert summary.files[0].endswith(REGISTER_FILE)
    yield archive, folder, again
    archive.close()
    again.close()


def twins(archive: Archive, again: Archive) -> Iterator[tuple]:
    by_stem = {Path(s.path).stem: s for s in again.store.iter_sources()}
    for source in archive.store.iter_sources():
        yield source, by_stem[source.id]


def test_every_exported_file_is_valid_against_tei_all(built: tuple) -> None:
    _, folder, _ = built
    files = sorted(folder.glob("*.xml"))
    assert len(files) >= 10
    for path in files:
        assert validation_errors(path.read_bytes(), tei_all()) == [], path.name


def test_the_text_of_every_document_reads_back_unchanged(built: tuple) -> None:
    archive, _, again = built
    checked = 0
    for source, twin in twins(archive, again):
        assert [d.kind for d in source.documents] == [d.kind for d in twin.documents], source.path
        for doc, doc_again in zip(source.documents, twin.documents, strict=True):
            assert source.text[doc.start:doc.end] == twin.text[doc_again.start:doc_again.end]
            checked += 1
    assert checked == archive.count_documents()


def test_letters_keep_sender_addressee_date_and_place(built: tuple) -> None:
    archive, _, again = built
    letters = 0
    for source, twin in twins(archive, again):
        for doc, doc_again in zip(source.documents, twin.documents, strict=True):
            if doc.kind != "letter":
                continue
            letters += 1
            assert [(p.name, p.certainty) for p in doc.authors] == \
                [(p.name, p.certainty) for p in doc_again.authors]
            assert [p.name for p in doc.addressees] == [p.name for p in doc_again.addressees]
            assert doc.place == doc_again.place
            assert (doc.date.edtf, doc.date.text, doc.date.certainty) == \
                (doc_again.date.edtf, doc_again.date.text, doc_again.date.certainty)
    assert letters >= 8


def test_notes_mentions_and_register_entries_are_kept(built: tuple) -> None:
    archive, _, again = built
    for source, twin in twins(archive, again):
        assert Counter((n.text, n.status) for n in source.notes) == \
            Counter((n.text, n.status) for n in twin.notes), source.path
        for note, note_again in zip(sorted(source.notes, key=lambda n: n.text),
                                    sorted(twin.notes, key=lambda n: n.text), strict=True):
            if note.anchor_start is not None:  # the marker, as written, is where it was
                assert source.text[note.anchor_start:note.anchor_end] == \
                    twin.text[note_again.anchor_start:note_again.anchor_end]
        assert Counter((m.text, m.entity_type) for m in source.mentions) == \
            Counter((m.text, m.entity_type) for m in twin.mentions)
    assert sorted(e.name for e in archive.entities()) == sorted(e.name for e in again.entities())


def test_header_keeps_credits_first_publication_and_title(built: tuple) -> None:
    archive, folder, again = built
    credited = 0
    for source, twin in twins(archive, again):
        assert source.front.title == twin.front.title
        assert source.front.credits == twin.front.credits
        assert source.front.published_in == twin.front.published_in or (
            source.front.published_in.text == twin.front.published_in.text)
        if source.front.credits:
            credited += 1
            root = etree.parse(str(folder / f"{source.id}.xml")).getroot()
            resps = [r.findtext("t:resp", namespaces=NS) for r in root.iterfind(".//t:respStmt", NS)]
            assert resps == [c.role for c in source.front.credits]
    assert credited >= 3


def test_notes_stand_at_their_markers_and_names_point_into_the_register(built: tuple) -> None:
    archive, folder, _ = built
    register = etree.parse(str(folder / REGISTER_FILE)).getroot()
    register_ids = {e.get(XML_ID) for e in register.iter() if e.get(XML_ID)}
    markers = refs = 0
    for source in archive.store.iter_sources():
        root = etree.parse(str(folder / f"{source.id}.xml")).getroot()
        ids = {e.get(XML_ID): e for e in root.iter() if e.get(XML_ID)}
        for ref in root.iterfind(".//t:ref[@type='noteAnchor']", NS):
            note = ids.get(ref.get("target", "").lstrip("#"))
            if note is None:
                continue  # a marker whose note is missing, as in the source
            markers += 1
            assert etree.QName(note).localname == "note"
            assert note.get("target") == "#" + ref.get(XML_ID)
            assert note.getparent() is ref.getparent() or note.getparent().tag == ref.getparent().tag
        for name in root.iterfind(".//t:body//*[@ref]", NS):
            refs += 1
            assert name.get("ref").startswith(REGISTER_FILE + "#")
            assert name.get("ref").split("#")[1] in register_ids
    assert markers >= 5 and refs >= 20


def test_whitespace_that_tei_would_collapse_is_preserved(tmp_path: Path) -> None:
    text = ("Moscow, 3 May 1950\r\n\r\nDear  Anna,\r\n\r\nThe parcel came.\t It  held\r\nbread.\r\n\r\n\r\n"
            "Yours,\r\nMotya\r\n")
    (tmp_path / "letter.txt").write_bytes(text.encode("utf-8"))
    with Archive.create(tmp_path / "a.tmarch") as archive:
        archive.ingest([tmp_path / "letter.txt"])
        [source] = archive.store.iter_sources()
        archive.export_tei(tmp_path / "tei")
    tei_file = tmp_path / "tei" / f"{source.id}.xml"
    assert 'xml:space="preserve"' in tei_file.read_text(encoding="utf-8")
    again = read_tei(tei_file.read_bytes(), str(tei_file))
    for doc, doc_again in zip(source.documents, again.documents, strict=True):
        assert source.text[doc.start:doc.end] == again.text[doc_again.start:doc_again.end]
    assert "\r\n" in again.text


def test_text_in_the_reader_s_own_form_needs_no_preserve(built: tuple) -> None:
    archive, folder, _ = built
    tei_sources = [s for s in archive.sources() if s.format == "tei"]
    assert tei_sources
    for summary in tei_sources:
        assert 'xml:space="preserve"' not in (folder / f"{summary.id}.xml").read_text(encoding="utf-8")


def test_markup_and_control_characters_in_text_are_escaped(tmp_path: Path) -> None:
    text = "A note </p><script>alert(1)</script> & \x0b done.\n\nSecond <b>paragraph</b>.\n"
    (tmp_path / "odd.txt").write_bytes(text.encode("utf-8"))
    with Archive.create(tmp_path / "a.tmarch") as archive:
        archive.ingest([tmp_path / "odd.txt"])
        [source] = archive.store.iter_sources()
        archive.export_tei(tmp_path / "tei")
    data = (tmp_path / "tei" / f"{source.id}.xml").read_bytes()
    assert b"<script>" not in data and b"&lt;script&gt;" in data
    assert validation_errors(data, tei_all()) == []
    again = read_tei(data, "odd.xml")
    assert "</p><script>alert(1)</script> & \ufffd done." in again.text


def test_register_keeps_variants_dates_and_authority_identifiers(tmp_path: Path) -> None:
    with Archive.create(tmp_path / "a.tmarch") as archive:
        archive.store.add_entity(Entity(
            "person", "Victor Serge", variants=["Виктор Серж", "Victor Kibalchich"],
            identifiers={"wikidata": "Q436680", "viaf": "56613706", "gnd": "118613065"},
            birth="1890-12-30", death="1947-11-17", description="Writer and revolutionary"),
            key="test:serge")
        archive.store.add_entity(Entity("place", "Karaganda", identifiers={"geonames": "609655"}),
                                 key="test:karaganda")
        write_tei_edition(archive.store, tmp_path / "tei")
        before = {e.name: e for e in archive.entities()}
    data = (tmp_path / "tei" / REGISTER_FILE).read_bytes()
    assert validation_errors(data, tei_all()) == []
    root = etree.fromstring(data)
    uris = {i.text for i in root.iterfind(".//t:idno", NS)}
    assert "http://www.wikidata.org/entity/Q436680" in uris and "https://sws.geonames.org/609655/" in uris
    after = {e.name: e for e in read_tei(data, REGISTER_FILE).entities}
    assert set(after) == set(before)
    for name, entity in before.items():
        assert after[name].identifiers == entity.identifiers
        assert after[name].variants == entity.variants
        assert (after[name].birth, after[name].death) == (entity.birth, entity.death)


@pytest.mark.parametrize(("edtf", "expected"), [
    ("1946-11-15", {"when": "1946-11-15"}),
    ("1946-11", {"when": "1946-11"}),
    ("1946", {"when": "1946"}),
    ("1946~", {"when": "1946"}),
    ("1946-11/1947-02", {"notBefore": "1946-11", "notAfter": "1947-02"}),
    ("../1947-02-01", {"notAfter": "1947-02-01"}),
    ("194X", {"notBefore": "1940-01-01", "notAfter": "1949-12-31"}),
    ("1946-21", {"notBefore": "1946-03-01", "notAfter": "1946-05-31"}),
    ("not a date", {}),
    (None, {}),
])
def test_edtf_becomes_tei_dating_attributes(edtf: str | None, expected: dict[str, str]) -> None:
    assert dating_attributes(edtf) == expected


@pytest.mark.parametrize(("certainty", "calendar", "expected"), [
    ("stated", None, {"when": "1938-02-02"}),
    ("inferred", None, {"when": "1938-02-02", "evidence": "conjecture"}),
    ("uncertain", "julian", {"when": "1938-02-02", "cert": "low", "calendar": "#julian"}),
    ("approximate", None, {"when": "1938-02-02", "precision": "low"}),
])
def test_certainty_and_calendar_become_tei_attributes(certainty: str, calendar: str | None,
                                                      expected: dict[str, str]) -> None:
    value = DateValue("2 Feb 1938", "1938-02-02", certainty, calendar)  # type: ignore[arg-type]
    assert date_attributes(value) == expected


def test_cli_exports_tei_to_a_folder_and_refuses_stdout(built: tuple, tmp_path: Path) -> None:
    archive, _, _ = built
    runner = CliRunner()
    export = ["--archive", archive.path, "export", "--format", "tei"]
    result = runner.invoke(cli, [*export, str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("*.xml"))) == len(archive.sources()) + 1
    refused = runner.invoke(cli, [*export, "-"])
    assert refused.exit_code == 2 and "folder" in refused.output
    blocked = tmp_path / "file"
    blocked.write_text("x")
    failed = runner.invoke(cli, [*export, str(blocked / "out")])
    assert failed.exit_code == 1 and "Traceback" not in failed.output
    assert "cannot make the export folder" in failed.output


def test_http_api_serves_a_source_as_tei(built: tuple) -> None:
    from testimonia.web.app import create_app

    archive, _, _ = built
    source = archive.sources()[0]
    with TestClient(create_app(archive.path)) as client:
        response = client.get(f"/api/v1/sources/{source.id}/tei")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(TEI_MEDIA_TYPE)
        assert validation_errors(response.content, tei_all()) == []
        missing = client.get("/api/v1/sources/src_0000000000000000/tei")
        assert missing.status_code == 404 and "src_0000000000000000" in missing.json()["error"]


def test_a_note_whose_passage_crosses_a_name_keeps_both(tmp_path: Path) -> None:
    tei = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>'
           '</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>'
           '</fileDesc></teiHeader><text><body><div type="entry"><p>Today <persName>Anna '
           '<anchor xml:id="a1"/>Kostrova</persName> wrote<note corresp="#a1">She wrote from Karaganda.'
           '</note> again.</p></div></body></text></TEI>')
    (tmp_path / "entry.xml").write_text(tei, encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        archive.ingest([tmp_path / "entry.xml"])
        [source] = archive.store.iter_sources()
        summary = archive.export_tei(tmp_path / "tei")
    assert summary.lost == {}
    data = (tmp_path / "tei" / f"{source.id}.xml").read_bytes()
    assert validation_errors(data, tei_all()) == []
    again = read_tei(data, "entry.xml")
    [note], [note_again] = source.notes, again.notes
    assert source.text[note.anchor_start:note.anchor_end] == "Kostrova wrote"
    assert again.text[note_again.anchor_start:note_again.anchor_end] == "Kostrova wrote"
    assert [m.text for m in again.mentions] == [m.text for m in source.mentions] == ["Anna Kostrova"]
