"""The HTML reader: main text, layout, front matter, notes, encodings and hostile input."""

from __future__ import annotations

import time

import pytest

from testimonia.errors import UnreadableSource
from testimonia.read.html import read_html

MIA_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>Victor Serge: Letter to Angelica Balabanoff (1937)</title>
<meta name="author" content="Victor Serge" />
<link rel="stylesheet" type="text/css" href="../../../css/works.css" />
<script type="text/javascript">var menu = "<p>not the text</p>";</script>
<style>p.title { font-size: 24pt; }</style>
</head>
<body>
<p class="linkback"><a href="../index.htm">Victor Serge Internet Archive</a></p>
<div class="nav"><a href="../1936/index.htm">1936</a> | <a href="../1938/index.htm">1938</a></div>
<p class="title">Victor Serge</p>
<h3>Letter to Angelica Balabanoff</h3>
<p class="information"><span class="info">Source:</span> <i>Carnets</i>, Paris 1952.<br />
<span class="info">Translated:</span> by Jane Doe.</p>
<hr class="section" />
<p>Brussels, 14 March 1937</p>
<p>Dear Angelica,</p>
<p>I have read <i>The Revolution Betrayed</i> twice,<a href="#n4" name="f4">[4]</a> and
   Jeannine sends her   love.<a href="#n5" name="f5">[5]</a> We are    well &#8211; "truly".</p>
<p>The affair of <em>La Révolution prolétarienne</em> goes on.<a href="#n6" name="f6">[6]</a></p>
<p>Yours,<br />
V.S.</p>
<hr class="end" />
<h4>Notes</h4>
<p class="endnote"><a name="n4" href="#f4">4.</a> Trotsky’s book, published in <i>1937</i>.</p>
<p class="endnote"><a name="n5" href="#f5">5.</a> Serge’s young daughter.</p>
<p class="endnote"><a name="n7" href="#f7">7.</a> A note no marker points to.</p>
<hr class="end" />
<p class="footer"><a href="../index.htm">Victor Serge Internet Archive</a> |
<a href="../../../index.htm">Marxists Internet Archive</a></p>
<p class="updat">Last updated on: 14.2.2005</p>
</body>
</html>
"""


def spans(result, kind):
    return [result.text[item.start:item.end] for item in result.layout if item.kind == kind]


def note_by_marker(result, marker):
    return next(note for note in result.notes if note.marker == marker)


# -- a Marxists Internet Archive page ---------------------------------------------------


def test_mia_page_main_text_without_menus_scripts_or_footer():
    result = read_html(MIA_PAGE.encode("utf-8"), "serge/1937/letter.htm")
    text = result.text
    assert result.format == "html"
    assert result.encoding == "utf-8"
    assert result.structured is False
    assert "not the text" not in text and "font-size" not in text
    assert "1936" not in text and "Marxists Internet Archive" not in text
    assert "Last updated" not in text and "Internet Archive" not in text
    paragraphs = text.split("\n\n")
    assert paragraphs[:5] == [
        "Victor Serge",
        "Letter to Angelica Balabanoff",
        "Source: Carnets, Paris 1952.\nTranslated: by Jane Doe.",
        "Brussels, 14 March 1937",
        "Dear Angelica,",
    ]
    # Whitespace collapsed inside a paragraph; quotes and dashes left as they were written.
    assert ("I have read The Revolution Betrayed twice,[4] and Jeannine sends her love.[5] "
            'We are well – "truly".') in paragraphs
    assert "Yours,\nV.S." in paragraphs


def test_mia_page_layout():
    result = read_html(MIA_PAGE.encode("utf-8"), "letter.htm")
    headings = [(result.text[h.start:h.end], h.attrs) for h in result.layout
                if h.kind == "heading"]
    assert headings == [("Letter to Angelica Balabanoff", {"level": "3"})]
    assert spans(result, "italic")[:3] == ["Carnets", "The Revolution Betrayed",
                                           "La Révolution prolétarienne"]
    assert "Dear Angelica," in spans(result, "paragraph")
    assert spans(result, "note_ref") == ["[4]", "[5]", "[6]"]
    for item in result.layout:
        assert 0 <= item.start <= item.end <= len(result.text)


def test_mia_page_front_matter():
    front = read_html(MIA_PAGE.encode("utf-8"), "letter.htm").front
    assert front.title == "Victor Serge: Letter to Angelica Balabanoff (1937)"
    assert front.author == "Victor Serge"
    assert front.language == "en"
    assert front.last_updated is not None
    assert front.last_updated.text == "14.2.2005"
    assert front.last_updated.edtf == "2005-02-14"


def test_mia_page_notes_attached_dangling_and_at_the_end():
    result = read_html(MIA_PAGE.encode("utf-8"), "letter.htm")
    text = result.text
    assert text.endswith(
        "4. Trotsky’s book, published in 1937.\n\n5. Serge’s young daughter.\n\n"
        "7. A note no marker points to."
    )
    four = note_by_marker(result, "4")
    assert four.status == "attached"
    assert text[four.anchor_start:four.anchor_end] == "[4]"
    assert text[four.start:four.end] == four.text == "Trotsky’s book, published in 1937."
    assert text[four.anchor_start - len("twice,"):four.anchor_start] == "twice,"
    five = note_by_marker(result, "5")
    assert (five.status, five.text) == ("attached", "Serge’s young daughter.")
    assert text[five.anchor_start:five.anchor_end] == "[5]"
    six = note_by_marker(result, "6")
    assert six.status == "dangling_marker"
    assert text[six.anchor_start:six.anchor_end] == "[6]"
    assert six.start is None and six.end is None
    seven = note_by_marker(result, "7")
    assert seven.status == "dangling_note"
    assert seven.anchor_start is None and seven.anchor_end is None
    assert text[seven.start:seven.end] == "A note no marker points to."
    assert "Notes" not in text.split("\n\n")  # the notes heading went with the notes
    bodies = spans(result, "note_body")
    assert bodies[1] == "5. Serge’s young daughter."
    assert "1937" in spans(result, "italic")  # italics inside notes are kept


# -- other kinds of footnotes -----------------------------------------------------------


def test_pandoc_footnotes_with_backlinks_and_multi_paragraph_note():
    page = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
    <meta name="citation_title" content="Дневник 1937 года">
    <meta name="citation_author" content="Н. Н. Иванова"></head><body>
    <header><nav><a href="/">Главная</a></nav></header>
    <main><h1>Дневник</h1>
    <p>Первая запись<a href="#fn1" class="footnote-ref" id="fnref1"
      role="doc-noteref"><sup>1</sup></a>.</p>
    <blockquote><p>Цитата <em>из письма</em>.</p><p>Вторая строка.</p></blockquote>
    <ul><li>пункт один</li><li>пункт два<a href="#fn2" class="footnote-ref" id="fnref2"
      role="doc-noteref"><sup>2</sup></a></li></ul>
    </main>
    <section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">
    <hr /><ol>
    <li id="fn1"><p>Примечание о <i>«Правде»</i>.<a href="#fnref1" class="footnote-back"
      role="doc-backlink">↩︎</a></p></li>
    <li id="fn2"><p>Второе.<a href="#fnref2" class="footnote-back" role="doc-backlink">↩︎</a></p>
      <p>Его второй абзац.</p></li>
    </ol></section>
    <footer><p>© 2020</p></footer></body></html>"""
    result = read_html(page.encode("utf-8"), "diary.html")
    assert result.text == (
        "Дневник\n\nПервая запись1.\n\nЦитата из письма.\n\nВторая строка.\n\nпункт один\n\n"
        "пункт два2\n\n1. Примечание о «Правде».\n\n2. Второе.\n\nЕго второй абзац."
    )
    assert result.front.title == "Дневник 1937 года"
    assert result.front.author == "Н. Н. Иванова"
    assert result.front.language == "ru"
    assert spans(result, "quote") == ["Цитата из письма.\n\nВторая строка."]
    assert spans(result, "note_ref") == ["1", "2"]
    one, two = result.notes
    assert (one.marker, one.status, one.text) == ("1", "attached", "Примечание о «Правде».")
    assert result.text[one.anchor_start:one.anchor_end] == "1"
    assert two.text == "Второе.\n\nЕго второй абзац."
    assert "«Правде»" in spans(result, "italic")


def test_wikipedia_style_references_by_link_target():
    page = """<html><body><div id="content"><h1>Article</h1><div id="bodyContent">
    <p>A claim.<sup id="cite_ref-4" class="reference"><a href="#cite_note-4">[4]</a></sup>
    Another.<sup id="cite_ref-9" class="reference"><a href="#cite_note-9">[9]</a></sup></p>
    <div class="reflist"><ol class="references">
    <li id="cite_note-4"><span class="mw-cite-backlink"><a href="#cite_ref-4">^</a></span>
      <span class="reference-text">Source four.</span></li>
    <li id="cite_note-9"><span class="mw-cite-backlink"><a href="#cite_ref-9">^</a></span>
      <span class="reference-text">Source nine.</span></li>
    </ol></div></div></div>
    <div id="mw-navigation"><div id="p-navigation">Main page</div></div></body></html>"""
    result = read_html(page.encode(), "wiki.html")
    assert result.text == "Article\n\nA claim.[4] Another.[9]\n\n4. Source four.\n\n9. Source nine."
    assert [(n.marker, n.status) for n in result.notes] == [("4", "attached"), ("9", "attached")]


def test_bare_superscript_markers_matched_by_number():
    page = """<html><body><p>He wrote<sup>1</sup> and wrote<sup>[2]</sup> again.</p>
    <h2>Notes</h2><p>1. First note.</p><p>2. Second note.</p></body></html>"""
    result = read_html(page.encode(), "sup.html")
    assert result.text == ("He wrote1 and wrote[2] again.\n\n1. First note.\n\n2. Second note.")
    assert [(n.marker, n.status, n.text) for n in result.notes] == [
        ("1", "attached", "First note."), ("2", "attached", "Second note.")]
    assert spans(result, "note_ref") == ["1", "[2]"]


def test_plain_text_markers_tied_to_notes_found_by_class():
    page = """<html><body><p>He read it [1] twice [2] and [3] more.</p>
    <p class="endnote">1. First note.</p><p class="endnote">[2] Second note.</p>
    <p id="fn9"><a href="#ref9">9</a>. A note whose marker is lost.</p></body></html>"""
    result = read_html(page.encode(), "plain-markers.html")
    assert result.text == ("He read it [1] twice [2] and [3] more.\n\n1. First note.\n\n"
                           "2. Second note.\n\n9. A note whose marker is lost.")
    assert [(n.marker, n.status) for n in result.notes] == [
        ("1", "attached"), ("2", "attached"), ("3", "dangling_marker"), ("9", "dangling_note")]
    assert spans(result, "note_ref") == ["[1]", "[2]", "[3]"]


# -- encodings --------------------------------------------------------------------------


RUSSIAN_PAGE = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Письмо из лагеря</title></head>
<body><h2>Письмо жене</h2>
<p>Дорогая Аня! Получил твою посылку и <i>«Новый мир»</i>.</p>
<p>Твой Н.</p></body></html>"""


def test_russian_windows_1251_with_meta_charset():
    result = read_html(RUSSIAN_PAGE.encode("cp1251"), "letters/1938.htm")
    assert result.encoding == "cp1251"
    assert result.text == (
        "Письмо жене\n\nДорогая Аня! Получил твою посылку и «Новый мир».\n\nТвой Н.")
    assert result.front.title == "Письмо из лагеря"
    assert spans(result, "italic") == ["«Новый мир»"]
    assert result.warnings == []


def test_meta_charset_honoured_over_detection():
    # KOI8-R bytes declared as KOI8-R: read as declared.
    page = ('<meta charset="koi8-r"><p>Дорогая Аня! Пишу тебе из Москвы.</p>').encode("koi8_r")
    result = read_html(page, "koi.htm")
    assert result.encoding == "koi8-r"
    assert result.text == "Дорогая Аня! Пишу тебе из Москвы."


def test_declared_charset_that_does_not_fit_falls_back_to_detection():
    page = RUSSIAN_PAGE.replace("windows-1251", "utf-8").encode("cp1251")
    result = read_html(page, "wrong.htm")
    assert "Дорогая Аня!" in result.text
    assert result.encoding == "cp1251"
    assert any("utf-8" in w for w in result.warnings)


def test_xml_declaration_encoding():
    page = ('<?xml version="1.0" encoding="windows-1251"?>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Здравствуй, брат.</p>'
            "</body></html>").encode("cp1251")
    result = read_html(page, "page.xhtml")
    assert result.text == "Здравствуй, брат."
    assert result.encoding == "cp1251"


def test_undeclared_utf8():
    result = read_html("<p>Ещё — «цитата»</p>".encode(), "plain.html")
    assert (result.text, result.encoding) == ("Ещё — «цитата»", "utf-8")


# -- broken and hostile input -----------------------------------------------------------


def test_broken_html_does_not_crash():
    page = (b"<html><body><p>Unclosed <i>italic <b>bold<p>Next para</i> tail"
            b"<table><tr><td>cell one<td>cell two</table><li>item<div></span></p></b>"
            b"<p>last &amp; &nbsp;&bogus; <a href=#x>link")
    result = read_html(page, "broken.html")
    paragraphs = result.text.split("\n\n")
    assert paragraphs[0] == "Unclosed italic bold"
    assert "cell one" in paragraphs and "cell two" in paragraphs
    assert paragraphs[-1] == "last & \xa0&bogus; link"
    assert "italic bold" in spans(result, "italic")


def test_line_breaks_and_double_breaks():
    page = b"<div>first line<br>second line <br> <br>new paragraph<br/>&nbsp;<br>another</div>"
    result = read_html(page, "br.html")
    assert result.text == "first line\nsecond line\n\nnew paragraph\n\nanother"


def test_deeply_nested_divs_do_not_crash():
    depth = 50_000
    page = ("<html><body>" + "<div>" * depth + "<p>deep <i>text</i></p>"
            + "</div>" * depth + "</body></html>").encode()
    started = time.perf_counter()
    result = read_html(page, "deep.html")
    assert time.perf_counter() - started < 10
    assert result.text == "deep text"
    assert spans(result, "italic") == ["text"]
    assert any("nested" in w for w in result.warnings)


def test_deeply_nested_unclosed_tags_do_not_crash():
    page = ("<p>start" + "<span><blockquote><font>" * 20_000 + "end").encode()
    result = read_html(page, "unclosed.html")
    assert result.text.startswith("start")
    assert result.text.endswith("end")


def test_binary_junk_raises_naming_the_path():
    junk = bytes(range(256)) * 64
    with pytest.raises(UnreadableSource) as caught:
        read_html(junk, "/archive/junk.html")
    message = str(caught.value)
    assert "/archive/junk.html" in message
    assert "\n" not in message


def test_page_without_text_raises_naming_the_path():
    with pytest.raises(UnreadableSource) as caught:
        read_html(b"<html><head><title>x</title></head><body><script>1</script></body></html>",
                  "empty.html")
    assert "empty.html" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_main_element_preferred_over_sidebar_text():
    page = """<html><body>
    <div class="sidebar"><p>Sidebar paragraph that is quite long and not the letter at all,
    it goes on and on about other things in the archive and its many collections.</p></div>
    <main><p>The letter itself.</p></main>
    <aside><p>Related letters</p></aside></body></html>"""
    assert read_html(page.encode(), "main.html").text == "The letter itself."


def test_densest_element_chosen_without_main():
    body = "".join(f"<p>Paragraph {i} of the memoir, with enough words to count.</p>"
                   for i in range(10))
    page = f"""<html><body><table><tr>
    <td class="left"><a href="/a">Index</a><br><a href="/b">Authors</a><br>
      <a href="/c">Years</a></td>
    <td class="content"><h2>Memoir</h2>{body}</td></tr></table></body></html>"""
    result = read_html(page.encode(), "table.html")
    assert result.text.startswith("Memoir\n\nParagraph 0 of the memoir")
    assert "Index" not in result.text


def test_registered_for_html_extensions():
    from testimonia.read import _READERS

    entry = _READERS["html"]
    assert entry.read is read_html
    assert set(entry.extensions) == {".html", ".htm", ".xhtml"}


def test_speed_of_a_50_kb_page():
    paragraph = ("<p>I write to you from the camp, where the <i>winter</i> is long and the "
                 "bread is short; the comrades send their greetings.{marker}</p>\n")
    parts, notes = [], []
    for index in range(360):
        marker = ""
        if index % 10 == 0:
            number = len(notes) + 1
            marker = f'<a href="#n{number}" name="f{number}">[{number}]</a>'
            notes.append(f'<p class="endnote"><a name="n{number}" href="#f{number}">'
                         f"{number}.</a> Note {number}.</p>")
        parts.append(paragraph.format(marker=marker))
    page = ("<html><head><title>t</title></head><body><h3>Letters</h3>" + "".join(parts)
            + "<h4>Notes</h4>" + "".join(notes) + "</body></html>").encode()
    assert 45_000 < len(page) < 60_000
    result = read_html(page, "speed.html")
    assert sum(n.status == "attached" for n in result.notes) == 36
    started = time.perf_counter()
    for _ in range(5):
        read_html(page, "speed.html")
    assert (time.perf_counter() - started) / 5 < 1.0
