"""Page breaks of the original: read from PAGE, ALTO and TEI, stored with their source, exported
in the JSON Lines contract and shown in the reader where each page begins."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html

from testimonia.archive import Archive
from testimonia.model import PageBreak
from tests.web_support import client_for

DATA = Path(__file__).parent / "data" / "transcription"

TEI_WITH_PAGES = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
<titleStmt><title>Notebook</title></titleStmt><publicationStmt><p>test</p></publicationStmt>
<sourceDesc><p>invented</p></sourceDesc></fileDesc></teiHeader>
<text><body><div type="diary"><pb n="iv" facs="nb_004.jpg"/><p>Rain all day at the camp.</p>
<p>The parcel came <pb n="v" facs="nb_005.jpg"/>at last, opened.</p></div></body></text></TEI>
"""


def test_page_breaks_are_kept_exported_and_shown(tmp_path: Path) -> None:
    tei = tmp_path / "notebook.xml"
    tei.write_text(TEI_WITH_PAGES, encoding="utf-8")
    path = str(tmp_path / "a.tmarch")
    with Archive.create(path) as archive:
        assert not archive.ingest([tei, DATA / "letters-page2019.xml"]).failed
        by_name = {Path(s.path).name: archive.store.source(s.id) for s in archive.sources()}
        notebook = by_name["notebook.xml"]
        assert [(p.number, p.image) for p in notebook.pages] == [("iv", "nb_004.jpg"), ("v", "nb_005.jpg")]
        second = notebook.pages[1].offset
        assert notebook.text[second:].lstrip().startswith("at last")  # the break stands where pb stood
        letters = by_name["letters-page2019.xml"]
        assert [p.number for p in letters.pages] == ["17", None]
        assert archive.store.source_pages(letters.id or "") == letters.pages
        out = tmp_path / "a.jsonl"
        with out.open("w", encoding="utf-8") as handle:
            archive.export_jsonl(handle)
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        exported = {Path(r["path"]).name: r["pages"] for r in records if r["type"] == "source"}
        assert exported["notebook.xml"] == [{"offset": p.offset, "number": p.number, "image": p.image}
                                            for p in notebook.pages]
        document_id = notebook.documents[0].id
    with client_for(path) as client:
        page = client.get(f"/documents/{document_id}")
    assert page.status_code == 200
    tree = lxml.html.fromstring(page.text)
    marks = tree.xpath("//article[@id='document']//span[@class='page-break']")
    assert [m.text_content() for m in marks] == ["[p. iv]", "[p. v]"]
    assert marks[1].get("title") == "nb_005.jpg"
    paragraph = marks[1].getparent()
    assert re.search(r"The parcel came\s*\[p\. v\]\s*at last, opened\.$", paragraph.text_content())


def test_a_page_break_takes_no_room_in_the_text() -> None:
    from testimonia.model import Document
    from testimonia.web.reading import layout_document

    text = "# Day one\n\nWe *walked* on.\n\nAnd on."
    document = Document("diary_entry", 0, len(text), id="src_x.d1")
    pages = [PageBreak(0, "1"), PageBreak(text.index("And"), "2")]
    views = layout_document(document, text, [], [], "markdown", pages)
    shown = ["".join(f"<{p.kind}:{p.text}>" if p.kind != "text" else p.text for p in v.pieces) for v in views]
    assert shown == ["<page:1>Day one", "We <em:walked> on.", "<page:2>And on."]


def test_page_breaks_go_out_as_tei_pb_valid_and_come_back_where_they_were(tmp_path: Path) -> None:
    from testimonia.export.tei.validate import validation_errors
    from tests.conftest import require_shared

    tei_all = require_shared("corpora/tei-schema/tei_all.rng")
    tei = tmp_path / "notebook.xml"
    tei.write_text(TEI_WITH_PAGES, encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        archive.ingest([tei, DATA / "letters-page2019.xml", DATA / "diary-alto4.xml"])
        summary = archive.export_tei(tmp_path / "out")
        assert "page break" not in summary.lost
        originals = {s.id: archive.store.source(s.id) for s in archive.sources()}
    for path in (tmp_path / "out").glob("src_*.xml"):
        assert validation_errors(path.read_bytes(), tei_all) == [], path.name
    with Archive.create(tmp_path / "b.tmarch") as again:
        assert not again.ingest([tmp_path / "out"]).failed
        read_back = [s for s in again.store.iter_sources() if Path(s.path).stem in originals]
        assert len(read_back) == len(originals)
        for source in read_back:
            original = originals[Path(source.path).stem]
            pages = [(p.number, p.image) for p in source.pages]
            assert pages == [(p.number, p.image) for p in original.pages]
            # each page still begins with the same words
            assert [source.text[p.offset:].split()[:3] for p in source.pages] == \
                [original.text[p.offset:].split()[:3] for p in original.pages]
