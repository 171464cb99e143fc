"""The DOCX reader: body order, headings, italics, tables, footnotes, and hostile zips."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest

from testimonia.errors import UnreadableSource
from testimonia.read.docx import read_docx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FOOTNOTES_REL = ('<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>')
ENDNOTES_REL = ('<Relationship Id="rId91" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/>')
FOOTNOTES_TYPE = ('<Override PartName="/word/footnotes.xml" ContentType="application/'
                  'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>')
ENDNOTES_TYPE = ('<Override PartName="/word/endnotes.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/>')


def save(document: docx.document.Document, path: Path) -> bytes:
    document.save(str(path))
    return path.read_bytes()


def spans(result, kind):
    return [result.text[item.start:item.end] for item in result.layout if item.kind == kind]


def run(text: str, italic: bool = False) -> str:
    props = "<w:rPr><w:i/></w:rPr>" if italic else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def footnote_ref(note_id: int, kind: str = "footnote") -> str:
    return (f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:{kind}Reference w:id="{note_id}"/></w:r>')


def note(note_id: int, *paragraphs: str, kind: str = "footnote") -> str:
    first, *rest = paragraphs
    body = (f'<w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r>'
            f"{run(' ')}{first}</w:p>" + "".join(f"<w:p>{p}</w:p>" for p in rest))
    return f'<w:{kind} w:id="{note_id}">{body}</w:{kind}>'


SEPARATORS = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
              '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
              "<w:continuationSeparator/></w:r></w:p></w:footnote>")


def docx_with_notes(tmp_path: Path, body: str, footnotes: str = "", endnotes: str = "") -> Path:
    """A python-docx file whose document.xml is `body`, with hand-written notes parts."""
    base = io.BytesIO()
    docx.Document().save(base)
    source = zipfile.ZipFile(io.BytesIO(base.getvalue()))
    target = tmp_path / "notes.docx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        f"<w:document {W_NS}><w:body>{body}<w:sectPr/></w:body></w:document>"
                        ).encode()
            elif item.filename == "word/_rels/document.xml.rels":
                rels = FOOTNOTES_REL + (ENDNOTES_REL if endnotes else "")
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            elif item.filename == "[Content_Types].xml":
                types = FOOTNOTES_TYPE + (ENDNOTES_TYPE if endnotes else "")
                data = data.replace(b"</Types>", types.encode() + b"</Types>")
            archive.writestr(item, data)
        archive.writestr("word/footnotes.xml", f'<?xml version="1.0" encoding="UTF-8"?>'
                         f"<w:footnotes {W_NS}>{SEPARATORS}{footnotes}</w:footnotes>")
        if endnotes:
            archive.writestr("word/endnotes.xml", f'<?xml version="1.0" encoding="UTF-8"?>'
                             f"<w:endnotes {W_NS}>{endnotes}</w:endnotes>")
    return target


# -- text, headings, italics, tables ----------------------------------------------------


def test_headings_paragraphs_italics_and_core_properties(tmp_path):
    document = docx.Document()
    document.core_properties.title = "Letters from Vorkuta"
    document.core_properties.author = "Ivan Petrov"
    document.core_properties.language = "en-GB"
    document.core_properties.last_modified_by = "the typist"
    document.add_heading("Letters from Vorkuta", level=0)
    document.add_heading("1. To his wife", level=1)
    paragraph = document.add_paragraph("I have been reading ")
    paragraph.add_run("War and ").italic = True
    paragraph.add_run("Peace").italic = True
    paragraph.add_run(" and ")
    paragraph.add_run("Anna Karenina").italic = True
    paragraph.add_run(" by the stove;   it is    warm.")
    document.add_paragraph("")
    bold = document.add_paragraph()
    bold.add_run("Your Vanya").bold = True
    data = save(document, tmp_path / "letters.docx")

    result = read_docx(data, str(tmp_path / "letters.docx"))
    assert result.format == "docx"
    assert result.encoding is None
    assert result.structured is False
    assert result.text == (
        "Letters from Vorkuta\n\n1. To his wife\n\n"
        "I have been reading War and Peace and Anna Karenina by the stove; it is warm.\n\n"
        "Your Vanya"
    )
    headings = [(result.text[h.start:h.end], h.attrs["level"]) for h in result.layout
                if h.kind == "heading"]
    assert headings == [("Letters from Vorkuta", "1"), ("1. To his wife", "1")]
    assert spans(result, "italic") == ["War and Peace", "Anna Karenina"]
    for item in result.layout:
        if item.kind == "italic":
            assert result.text[item.start:item.end] in ("War and Peace", "Anna Karenina")
    assert spans(result, "bold") == ["Your Vanya"]
    assert spans(result, "paragraph")[0].startswith("I have been reading")
    assert result.front.title == "Letters from Vorkuta"
    assert result.front.author == "Ivan Petrov"
    assert result.front.language == "en-GB"
    assert result.front.last_updated is None
    assert result.notes == []


def test_table_cells_are_paragraphs_in_body_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "1 May 1937"
    table.cell(0, 1).text = "Arrested in Moscow."
    table.cell(1, 0).text = "3 June 1937"
    cell = table.cell(1, 1)
    cell.text = "Sentenced."
    cell.add_paragraph("Ten years.")
    document.add_paragraph("After the table.")
    result = read_docx(save(document, tmp_path / "t.docx"), "t.docx")
    assert result.text.split("\n\n") == [
        "Before the table.", "1 May 1937", "Arrested in Moscow.", "3 June 1937", "Sentenced.",
        "Ten years.", "After the table.",
    ]


def test_line_breaks_tabs_and_page_breaks(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Moscow,")
    paragraph.add_run().add_break()
    paragraph.add_run("12 March 1938\tevening")
    document.add_page_break()
    document.add_paragraph("Second letter.")
    result = read_docx(save(document, tmp_path / "b.docx"), "b.docx")
    assert result.text == "Moscow,\n12 March 1938 evening\n\nSecond letter."
    breaks = [item.start for item in result.layout if item.kind == "page_break"]
    assert breaks == [result.text.index("Second letter.")]


def test_russian_docx_with_localized_heading_style(tmp_path):
    document = docx.Document()
    document.core_properties.title = "Дневник"
    document.core_properties.language = "ru-RU"
    styles = document.styles
    heading = styles.add_style("Заголовок 2", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = styles["Normal"]
    document.add_paragraph("12 января 1938 г.", style=heading)
    paragraph = document.add_paragraph("Читала «")
    paragraph.add_run("Войну и мир").italic = True
    paragraph.add_run("» до утра. Ещё — письмо от мамы.")
    result = read_docx(save(document, tmp_path / "дневник.docx"), "дневник.docx")
    assert result.text == "12 января 1938 г.\n\nЧитала «Войну и мир» до утра. Ещё — письмо от мамы."
    assert [h.attrs["level"] for h in result.layout if h.kind == "heading"] == ["2"]
    assert spans(result, "italic") == ["Войну и мир"]
    assert result.front.title == "Дневник"
    assert result.front.language == "ru-RU"


# -- footnotes --------------------------------------------------------------------------


def test_footnotes_attached_at_their_markers(tmp_path):
    body = (
        f"<w:p>{run('Dear Anna,')}</w:p>"
        f"<w:p>{run('I finished ')}{run('Resurrection', italic=True)}{run('.')}"
        f"{footnote_ref(2)}{run(' Petya is well.')}{footnote_ref(5)}</w:p>"
        f"<w:p>{run('Yours, Lev')}{footnote_ref(7)}</w:p>"
    )
    footnotes = (
        note(2, run("Tolstoy’s last novel, ") + run("1899", italic=True) + run("."))
        + note(5, run("Their son."), run("Born 1930."))
        + note(9, run("A note whose reference was deleted."))
    )
    path = docx_with_notes(tmp_path, body, footnotes)
    result = read_docx(path.read_bytes(), str(path))
    text = result.text
    assert text == (
        "Dear Anna,\n\nI finished Resurrection.1 Petya is well.2\n\nYours, Lev3\n\n"
        "1. Tolstoy’s last novel, 1899.\n\n2. Their son.\n\nBorn 1930.\n\n"
        "9. A note whose reference was deleted."
    )
    assert spans(result, "note_ref") == ["1", "2", "3"]
    first, second, third, orphan = result.notes
    assert (first.marker, first.status) == ("1", "attached")
    assert text[first.anchor_start - len("Resurrection."):first.anchor_start] == "Resurrection."
    assert text[first.anchor_start:first.anchor_end] == "1"
    assert text[first.start:first.end] == first.text == "Tolstoy’s last novel, 1899."
    assert (second.marker, second.status, second.text) == ("2", "attached",
                                                           "Their son.\n\nBorn 1930.")
    assert text[second.anchor_start:second.anchor_end] == "2"
    assert (third.marker, third.status) == ("3", "dangling_marker")
    assert text[third.anchor_start:third.anchor_end] == "3"
    assert third.start is None
    assert orphan.status == "dangling_note" and orphan.anchor_start is None
    assert "1899" in spans(result, "italic") and "Resurrection" in spans(result, "italic")
    assert spans(result, "note_body")[0] == "1. Tolstoy’s last novel, 1899."


def test_endnotes_numbered_as_word_shows_them(tmp_path):
    body = f"<w:p>{run('Text')}{footnote_ref(1)}{run(' more')}{footnote_ref(1, 'endnote')}</w:p>"
    footnotes = note(1, run("A footnote."))
    endnotes = note(1, run("An endnote."), kind="endnote")
    path = docx_with_notes(tmp_path, body, footnotes, endnotes)
    result = read_docx(path.read_bytes(), str(path))
    assert result.text == "Text1 morei\n\n1. A footnote.\n\ni. An endnote."
    assert [(n.marker, n.status) for n in result.notes] == [("1", "attached"), ("i", "attached")]


def test_hyperlinks_insertions_deletions_and_fields(tmp_path):
    body = (
        "<w:p>"
        f'<w:hyperlink w:anchor="x">{run("linked words")}</w:hyperlink>'
        f'<w:ins w:id="1" w:author="a">{run(" inserted")}</w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText> deleted</w:delText></w:r></w:del>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(' 7')}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "</w:p>"
    )
    path = docx_with_notes(tmp_path, body)
    assert read_docx(path.read_bytes(), str(path)).text == "linked words inserted 7"


# -- hostile and wrong files ------------------------------------------------------------


def test_not_a_zip(tmp_path):
    path = str(tmp_path / "letter.docx")
    with pytest.raises(UnreadableSource) as caught:
        read_docx(b"This is plain text pretending to be a Word file.", path)
    message = str(caught.value)
    assert message == f"{path}: not a DOCX file: not a zip archive"


def test_old_doc_or_encrypted_docx(tmp_path):
    path = str(tmp_path / "old.docx")
    with pytest.raises(UnreadableSource) as caught:
        read_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), path)
    assert str(caught.value).startswith(f"{path}: not a DOCX file")
    assert "\n" not in str(caught.value)


def test_zip_without_document_xml(tmp_path):
    target = tmp_path / "photos.docx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("images/1.jpg", b"\xff\xd8\xff")
    with pytest.raises(UnreadableSource) as caught:
        read_docx(target.read_bytes(), str(target))
    assert str(caught.value) == f"{target}: not a DOCX file: no word/document.xml"


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A zip whose document.xml is 300 MB of zeros, deflated to about a megabyte."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    return buffer.getvalue()


def test_zip_bomb_refused_without_decompressing(zip_bomb, monkeypatch):
    assert len(zip_bomb) < 5 * 1024 * 1024

    def forbidden(*args, **kwargs):
        raise AssertionError("the bomb was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", forbidden)
    monkeypatch.setattr(zipfile.ZipFile, "read", forbidden)
    monkeypatch.setattr(docx, "Document", forbidden)
    started = time.perf_counter()
    with pytest.raises(UnreadableSource) as caught:
        read_docx(zip_bomb, "/inbox/bomb.docx")
    assert time.perf_counter() - started < 1
    assert str(caught.value) == (
        "/inbox/bomb.docx: refused: zip expands to 300 MB (possible zip bomb)")


def test_member_with_absurd_compression_ratio_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("word/document.xml", bytes(20 * 1024 * 1024))
    with pytest.raises(UnreadableSource) as caught:
        read_docx(buffer.getvalue(), "ratio.docx")
    assert str(caught.value) == "ratio.docx: refused: zip expands to 20 MB (possible zip bomb)"


def test_damaged_package_raises_naming_the_path(tmp_path):
    target = tmp_path / "damaged.docx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("word/document.xml", "<w:document")
    with pytest.raises(UnreadableSource) as caught:
        read_docx(target.read_bytes(), str(target))
    assert str(caught.value).startswith(f"{target}: not a readable DOCX file")
    assert "\n" not in str(caught.value)


def test_entities_are_not_expanded(tmp_path):
    body = f"<w:p>{run('Safe text.')}</w:p>"
    evil = ('<?xml version="1.0"?><!DOCTYPE w:footnotes [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            f"<w:footnotes {W_NS}>" + note(1, run("&x;")) + "</w:footnotes>")
    path = docx_with_notes(tmp_path, body + f"<w:p>{run('More')}{footnote_ref(1)}</w:p>")
    rewritten = tmp_path / "evil.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, evil.encode() if item.filename == "word/footnotes.xml" else data)
    result = read_docx(rewritten.read_bytes(), str(rewritten))
    assert "root:" not in result.text
    assert result.text.startswith("Safe text.\n\nMore1")


def test_registered_for_docx():
    from testimonia.read import _READERS

    assert _READERS["docx"].read is read_docx
    assert _READERS["docx"].extensions == (".docx",)


def test_speed_of_a_20_paragraph_docx(tmp_path):
    document = docx.Document()
    document.add_heading("Diary", level=1)
    for index in range(20):
        paragraph = document.add_paragraph(f"Entry {index}: the day passed in the barracks; ")
        paragraph.add_run("Pravda").italic = True
        paragraph.add_run(" came late again, and the soup was thin.")
    data = save(document, tmp_path / "speed.docx")
    read_docx(data, "speed.docx")
    started = time.perf_counter()
    for _ in range(5):
        result = read_docx(data, "speed.docx")
    assert (time.perf_counter() - started) / 5 < 1.0
    assert len(result.text.split("\n\n")) == 21
