"""PAGE XML and ALTO: reading order, lines and regions, hyphenation, page breaks, credits,
safe parsing, and the structure stage splitting the text into letters and diary entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from testimonia.archive import Archive, build_source
from testimonia.errors import UnreadableSource, UnsupportedFormat
from testimonia.model import Credit, ReadResult
from testimonia.read import read_bytes, reader_for
from testimonia.read.transcription import read_alto, read_page

DATA = Path(__file__).parent / "data" / "transcription"
PAGE_2019 = DATA / "letters-page2019.xml"
ALTO_4 = DATA / "diary-alto4.xml"
ALTO_2 = DATA / "page-alto2-nospaces.xml"
PAGE_NS_2013 = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15"


def read(path: Path) -> ReadResult:
    return read_bytes(path.read_bytes(), str(path))


def page_breaks(result: ReadResult) -> list[tuple[int, dict[str, str]]]:
    return [(item.start, item.attrs) for item in result.layout if item.kind == "page_break"]


def page_xml(body: str, ns: str = PAGE_NS_2013, metadata: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><PcGts xmlns="{ns}">{metadata}'
            f'<Page imageFilename="p.jpg" imageWidth="10" imageHeight="10">{body}</Page></PcGts>'
            ).encode()


def region(region_id: str, *lines: str, kind: str = "") -> str:
    typed = f' type="{kind}"' if kind else ""
    return (f'<TextRegion id="{region_id}"{typed}><Coords points="0,0 1,1"/>'
            + "".join(f'<TextLine id="{region_id}_{i}"><Coords points="0,0 1,1"/>'
                      f"<TextEquiv><Unicode>{line}</Unicode></TextEquiv></TextLine>"
                      for i, line in enumerate(lines))
            + "</TextRegion>")


# --------------------------------------------------------------------------- PAGE


def test_page_xml_reads_regions_in_reading_order_and_keeps_page_breaks() -> None:
    result = read(PAGE_2019)
    assert result.format == "page"
    assert reader_for(str(PAGE_2019)).name == "xml"
    assert result.text == (
        "Karaganda, 12 March 1938\n\n"
        "Dear Boris,\n\n"
        # index 0 beats index 1; whitespace collapsed; the words of a line without its own text
        "we reached Karaganda on the ninth. The barracks\n"
        "are cold, but Matvei is well.\n\n"
        "Your Anna\n\n"
        "Karaganda, 20 March 1938\n\n"
        "Dear Boris,\n\n"
        "the parcel came; thank you\nfor the boots.\n\n"  # the region's own text, line by line
        "Your Anna")
    assert "17" not in result.text.split()  # the page-number region is left out ...
    second = result.text.index("Your Anna")
    assert page_breaks(result) == [
        (0, {"n": "17", "image": "kostrova_0001.jpg"}),  # ... and names its page
        (second, {"image": "kostrova_0002.jpg"}),  # no number of its own: none is guessed
    ]
    assert result.text[second - 2:second] == "\n\n"  # a page always starts a paragraph
    assert result.front.credits == [Credit("transcriber", "Transkribus (Vera Lindqvist)")]
    assert result.front.last_updated is not None
    assert result.front.last_updated.edtf == "2024-03-05"  # LastChange before Created
    assert not result.structured  # the structure stage splits it, as it splits plain text


def test_the_structure_stage_finds_the_letters_of_a_transcription() -> None:
    data = PAGE_2019.read_bytes()
    source = build_source(data, str(PAGE_2019), str(PAGE_2019), "0" * 64)
    letters = [(d.kind, d.date.edtf if d.date else None, [p.name for p in d.authors],
                [p.name for p in d.addressees]) for d in source.documents]
    assert letters == [("letter", "1938-03-12", ["Anna"], ["Boris"]),
                       ("letter", "1938-03-20", ["Anna"], ["Boris"])]
    first = source.documents[0]
    # the first letter runs over the page break: its signature is on the second page
    assert first.signature is not None and first.signature.text == "Your Anna"
    assert first.signature.start == page_breaks(read(PAGE_2019))[1][0]


def test_page_reading_order_with_nested_groups_and_regions_it_leaves_out() -> None:
    order = ('<ReadingOrder><OrderedGroup id="g">'
             '<UnorderedGroupIndexed id="u" index="1"><RegionRef regionRef="c"/>'
             '<RegionRef regionRef="b"/></UnorderedGroupIndexed>'
             '<RegionRefIndexed index="0" regionRef="d"/>'
             "</OrderedGroup></ReadingOrder>")
    body = order + region("a", "left out of the order") + region("b", "second b") + region(
        "c", "first c") + region("d", "Zero d", kind="heading") + region("e", "IV", kind="header")
    result = read_page(page_xml(body), "order.xml")
    assert result.text.split("\n\n") == ["Zero d", "first c", "second b", "left out of the order"]
    headings = [result.text[x.start:x.end] for x in result.layout if x.kind == "heading"]
    assert headings == ["Zero d"]
    assert page_breaks(result) == [(0, {"n": "1", "image": "p.jpg"})]


def test_transkribus_custom_reading_order_orders_regions_and_lines() -> None:
    def custom(region_id: str, index: int, *lines: tuple[int, str]) -> str:
        return (f'<TextRegion id="{region_id}" custom="readingOrder {{index:{index};}}">'
                + "".join(f'<TextLine id="{region_id}{n}" custom="readingOrder {{index:{n};}}">'
                          f"<TextEquiv><Unicode>{text}</Unicode></TextEquiv></TextLine>"
                          for n, text in lines)
                + "</TextRegion>")

    body = custom("b", 1, (1, "b two"), (0, "b one")) + custom("a", 0, (0, "a one"))
    assert read_page(page_xml(body), "custom.xml").text == "a one\n\nb one\nb two"


def test_page_2013_metadata_and_a_file_with_no_text() -> None:
    meta = "<Metadata><Creator>escriptorium</Creator><Created>2023-11-02T08:00:00</Created></Metadata>"
    result = read_bytes(page_xml(region("r", "Moscow, 1 May 1937"), metadata=meta), "one.xml")
    assert result.text == "Moscow, 1 May 1937"
    assert result.front.credits == [Credit("transcriber", "escriptorium")]
    assert result.front.last_updated is not None and result.front.last_updated.edtf == "2023-11-02"
    empty = page_xml('<TextRegion id="r"><Coords points="0,0 1,1"/><TextLine id="l">'
                     '<Coords points="0,0 1,1"/></TextLine></TextRegion>')
    with pytest.raises(UnreadableSource, match=r"^/in/seg\.xml: PAGE file with 1 page\(s\) but no "
                                               r"transcribed text"):
        read_bytes(empty, "/in/seg.xml")


# --------------------------------------------------------------------------- ALTO


def test_alto_joins_hyphenated_words_and_orders_pages_by_image_number() -> None:
    result = read(ALTO_4)
    assert result.format == "alto"
    assert result.text == (
        "5 May 1937. The persecution\n"   # persecu + HYP / tion (SUBS_TYPE HypPart1/2)
        "of the engineers\n"               # engi + HYP "¬" / neers
        "goes on.\n\n"
        "At the meeting a statement\n\n"   # state + HYP on page 1 / ment on page 2
        "was read aloud.\n\n"
        "7 May 1937. No letters again.")   # a block inside a ComposedBlock
    assert "RUNNING" not in result.text  # the top margin's running head
    assert "-" not in result.text and "¬" not in result.text
    second = result.text.index("was read")
    assert page_breaks(result) == [(0, {"n": "1"}), (second, {"n": "2"})]
    assert result.front.credits == [Credit("transcriber", "tesseract 5.3.0 (tesseract-ocr)")]
    assert result.front.last_updated is not None and result.front.last_updated.edtf == "2025-01-14"
    source = build_source(ALTO_4.read_bytes(), str(ALTO_4), str(ALTO_4), "1" * 64)
    assert [(d.kind, d.date.edtf if d.date else None) for d in source.documents] == [
        ("diary_entry", "1937-05-05"), ("diary_entry", "1937-05-07")]


def test_alto_without_sp_elements_and_the_image_of_a_one_page_file() -> None:
    result = read(ALTO_2)
    assert result.text == "Moscow, 2 February 1938\nDear Boris,"
    assert page_breaks(result) == [(0, {"n": "1", "image": "note.png"})]
    assert result.front.credits == [Credit("transcriber", "eScriptorium")]


@pytest.mark.parametrize("ns", ["http://www.loc.gov/standards/alto/ns-v3#",
                                "http://www.loc.gov/standards/alto/ns-v4#", ""])
def test_alto_namespaces_and_a_broken_word_at_the_very_end(ns: str) -> None:
    xmlns = f' xmlns="{ns}"' if ns else ""
    data = (f'<alto{xmlns}><Layout><Page ID="p" PHYSICAL_IMG_NR="1"><PrintSpace><TextBlock ID="b">'
            '<TextLine ID="l"><String CONTENT="the"/><SP/><String CONTENT="last"/><SP/>'
            '<String CONTENT="wo"/><HYP CONTENT="-"/></TextLine>'
            "</TextBlock></PrintSpace></Page></Layout></alto>").encode()
    # nothing completes the word: it keeps its hyphen
    assert read_alto(data, "end.xml").text == "the last wo-"


def test_alto_reading_order_puts_blocks_in_order_and_carries_a_broken_word() -> None:
    data = (b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><ReadingOrder><OrderedGroup ID="g">'
            b'<ElementRef ID="r1" REF="second"/><ElementRef ID="r2" REF="first"/></OrderedGroup>'
            b'</ReadingOrder><Layout><Page ID="p"><PrintSpace>'
            b'<TextBlock ID="first"><TextLine><String CONTENT="ment"/><SP/><String CONTENT="ends."/>'
            b'</TextLine></TextBlock>'
            b'<TextBlock ID="second"><TextLine><String CONTENT="A"/><SP/><String CONTENT="state"/>'
            b'<HYP CONTENT="-"/></TextLine></TextBlock>'
            b'<TextBlock ID="third"><TextLine><String CONTENT="Unlisted."/></TextLine></TextBlock>'
            b"</PrintSpace></Page></Layout></alto>")
    assert read_alto(data, "order.xml").text == "A statement\n\nends.\n\nUnlisted."


# --------------------------------------------------------------------------- safety and dispatch


@pytest.mark.parametrize("data", [
    page_xml(region("r", "line")).replace(b"</Page>", b"</Pag>"),
    b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page>',
])
def test_broken_xml_is_one_line_naming_the_file(data: bytes) -> None:
    with pytest.raises(UnreadableSource) as caught:
        read_bytes(data, "/in/broken.xml")
    message = str(caught.value)
    assert message.startswith("/in/broken.xml: malformed XML:")
    assert "\n" not in message


def test_a_hostile_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD", encoding="utf-8")
    declared = (f'<?xml version="1.0"?><!DOCTYPE PcGts [<!ENTITY xxe SYSTEM "file://{secret}">]>'
                ).encode() + page_xml(region("r", "&xxe;")).split(b"?>", 1)[1]
    with pytest.raises(UnreadableSource, match="refused for safety"):
        read_bytes(declared, "/in/xxe.xml")
    bomb = (b'<!DOCTYPE alto [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<alto><Layout><Page><PrintSpace><TextBlock><TextLine><String CONTENT="&b;"/>'
            b"</TextLine></TextBlock></PrintSpace></Page></Layout></alto>")
    with pytest.raises(UnreadableSource, match="refused for safety"):
        read_bytes(bomb, "/in/bomb.xml")
    undeclared = page_xml(region("r", "&xxe;"))
    with pytest.raises(UnreadableSource) as caught:
        read_bytes(undeclared, "/in/undeclared.xml")
    assert "TOP-SECRET" not in str(caught.value)


def test_other_xml_is_still_tei_or_refused_as_before() -> None:
    tei = (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>'
           b"</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc>"
           b"</fileDesc></teiHeader><text><body><p>Hello.</p></body></text></TEI>")
    assert read_bytes(tei, "t.xml").format == "tei"
    with pytest.raises(UnsupportedFormat, match="not a TEI file"):
        read_bytes(b"<index><entry/></index>", "/in/index.xml")
    with pytest.raises(UnsupportedFormat, match="not PAGE XML"):
        read_page(b"<alto/>", "/in/alto.xml")


def test_transcriptions_are_ingested_with_their_letters_and_entries(tmp_path: Path) -> None:
    with Archive.create(tmp_path / "a.tmarch") as archive:
        summary = archive.ingest([DATA])
        assert {Path(o.path).name: (o.status, o.format, o.documents) for o in summary.outcomes} == {
            "letters-page2019.xml": ("added", "page", 2),
            "diary-alto4.xml": ("added", "alto", 2),
            "page-alto2-nospaces.xml": ("added", "alto", 1),
        }
        page = next(s for s in archive.sources() if s.format == "page")
        stored = archive.source(page.id)
        assert stored.text == read(PAGE_2019).text
        assert stored.front.credits == [Credit("transcriber", "Transkribus (Vera Lindqvist)")]


def one_page(image: str, *regions: tuple[str, list[str]]) -> bytes:
    body = "".join(region(f"r{i}", *lines) for i, (_, lines) in enumerate(regions))
    return (f'<?xml version="1.0" encoding="UTF-8"?><PcGts xmlns="{PAGE_NS_2013}">'
            f'<Metadata><Creator>Transkribus</Creator></Metadata>'
            f'<Page imageFilename="{image}" imageWidth="10" imageHeight="10">{body}</Page></PcGts>').encode()


def test_a_folder_of_one_page_files_is_one_manuscript(tmp_path: Path) -> None:
    """Transkribus exports a document as page/0001_….xml, page/0002_….xml: one source, pages in
    order (2 before 10), and a letter that runs over a page break stays one letter."""
    pages = tmp_path / "export" / "kostrov_letters" / "page"
    pages.mkdir(parents=True)
    texts = {
        1: [("dateline", ["Karaganda, 15 November 1953"]), ("salute", ["My dearest Anya,"]),
            ("body", ["your parcel came on the tenth and everything in it was whole,"])],
        2: [("body", ["even the jar of honey, which I had feared for."]),
            ("body", ["We are moved to the new barracks next week."])],
        10: [("closer", ["Always yours,", "Motya"])],
    }
    for number, regions in texts.items():
        (pages / f"{number}_kostrov.xml").write_bytes(one_page(f"kostrov_{number:04d}.jpg", *regions))
    (tmp_path / "export" / "kostrov_letters" / "mets.xml").write_text(  # the export's own index
        '<mets xmlns="http://www.loc.gov/METS/"><fileSec/></mets>', encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        summary = archive.ingest([tmp_path / "export"])
        assert [(Path(o.path).name, o.status) for o in summary.outcomes] == [("mets.xml", "skipped"),
                                                                             ("page", "added")]
        outcome = summary.outcomes[1]
        assert (outcome.path, outcome.files, outcome.format) == (str(pages), 3, "page")
        source = archive.source(outcome.source_id or "")
        assert [p.image for p in source.pages] == ["kostrov_0001.jpg", "kostrov_0002.jpg", "kostrov_0010.jpg"]
        assert [p.number for p in source.pages] == ["1", "2", "3"]
        letters = [d for d in source.documents if d.kind == "letter"]
        assert len(letters) == 1
        letter_text = source.text[letters[0].start:letters[0].end]
        assert "everything in it was whole" in letter_text and "Motya" in letter_text
        again = archive.ingest([tmp_path / "export"])
        assert [o.status for o in again.outcomes if o.status != "skipped"] == ["unchanged"]


def test_a_broken_page_fails_its_folder_naming_the_file(tmp_path: Path) -> None:
    pages = tmp_path / "page"
    pages.mkdir()
    (pages / "0001.xml").write_bytes(one_page("a.jpg", ("body", ["Dear Boris,"])))
    (pages / "0002.xml").write_bytes(one_page("b.jpg", ("body", ["the snow has come."]))[:-30])
    with Archive.create(tmp_path / "a.tmarch") as archive:
        summary = archive.ingest([pages])
        assert [o.status for o in summary.outcomes] == ["failed"]
        error = summary.outcomes[0].error or ""
        assert "0002.xml" in error and "\n" not in error
        assert archive.sources() == []


def test_a_folder_of_several_page_files_or_mixed_files_is_read_file_by_file(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "0001.xml").write_bytes(one_page("a.jpg", ("body", ["Dear Boris, the snow has come."])))
    (mixed / "0002.xml").write_bytes(PAGE_2019.read_bytes())  # two pages of its own
    with Archive.create(tmp_path / "a.tmarch") as archive:
        summary = archive.ingest([mixed])
        assert sorted(Path(o.path).name for o in summary.outcomes) == ["0001.xml", "0002.xml"]
        assert all(o.status == "added" and o.files == 1 for o in summary.outcomes)
