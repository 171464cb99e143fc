"""Read a Word document (.docx): paragraphs in body order, headings, italics, footnotes.

The zip is inspected before python-docx opens it, so a zip bomb is refused on its
declared sizes (zipfile never inflates a member past its declared size, so the declared
sizes bound what reading can cost). python-docx opens the package and resolves styles
and core properties; the body is walked here, element by element, because python-docx
leaves out text in hyperlinks, content controls and tracked insertions, and knows
nothing of footnotes. The footnotes and endnotes parts are parsed with a parser that
resolves no entities and loads no DTD.

Footnote references are rendered as Word shows them (1, 2, 3 ... in order of appearance;
endnotes i, ii, iii unless the document says otherwise), and the notes follow the text
as paragraphs "1. text", each tied to its marker.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.styles import BabelFish
from lxml import etree

from testimonia.errors import UnreadableSource
from testimonia.model import FrontMatter, Note, ReadResult
from testimonia.read import register_reader
from testimonia.read.html import TextBuilder

__all__ = ["read_docx"]

MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1024 * 1024  # small members compress well and harm no one
MAX_MEMBERS = 10_000

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                               huge_tree=False, remove_comments=True, remove_pis=True)

_P, _R, _T, _TBL = _w("p"), _w("r"), _w("t"), _w("tbl")
_PPR, _RPR = _w("pPr"), _w("rPr")
# Body-level wrappers whose children are read in order.
_BLOCK_WRAPPERS = frozenset(_w(n) for n in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml",
                                            "ins", "moveTo", "body", "footnote", "endnote"))
# Paragraph-level elements left out: deletions, field machinery, drawings, properties.
_SKIP_INLINE = frozenset(_w(n) for n in (
    "pPr", "rPr", "del", "moveFrom", "delText", "instrText", "delInstrText", "drawing", "pict",
    "object", "bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart",
    "commentRangeEnd", "commentReference", "permStart", "permEnd", "lastRenderedPageBreak",
    "footnoteRef", "endnoteRef", "separator", "continuationSeparator", "annotationRef",
    "sdtPr", "sdtEndPr", "rubyPr", "rt",
)) | {f"{{{_MC}}}AlternateContent"}
_HEADING_STYLE = re.compile(r"^(?:heading|заголовок)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|название|заголовок)$", re.IGNORECASE)
_SUBTITLE_STYLE = re.compile(r"^(?:subtitle|подзаголовок)$", re.IGNORECASE)
_FALSE = frozenset({"0", "false", "off", "none"})


# -- the zip ------------------------------------------------------------------------------


def _check_zip(data: bytes, path: str) -> None:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableSource(
            path, "not a DOCX file: an OLE compound file (an old .doc, or a password-protected "
            "DOCX); save it as .docx without a password")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnreadableSource(path, "not a DOCX file: not a zip archive") from None
    except (zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError) as exc:
        raise UnreadableSource(path, f"not a DOCX file: damaged zip archive ({_one_line(exc)})"
                               ) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnreadableSource(
                path, f"refused: zip holds {len(members)} members (possible zip bomb)")
        total = sum(member.file_size for member in members)
        bomb = total > MAX_EXPANDED_BYTES or any(
            member.file_size > RATIO_FLOOR_BYTES
            and member.file_size > MAX_RATIO * max(member.compress_size, 1)
            for member in members
        )
        if bomb:
            raise UnreadableSource(
                path, f"refused: zip expands to {total / 1048576:.0f} MB (possible zip bomb)")
        if "word/document.xml" not in {member.filename for member in members}:
            raise UnreadableSource(path, "not a DOCX file: no word/document.xml")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


# -- styles -------------------------------------------------------------------------------


@dataclass
class _Style:
    name: str
    kind: str  # paragraph, character, table, numbering
    based_on: str | None
    italic: bool | None
    bold: bool | None
    outline: int | None


def _flag(element: etree._Element | None) -> bool | None:
    if element is None:
        return None
    value = element.get(_w("val"))
    return value is None or value.lower() not in _FALSE


class _Styles:
    def __init__(self, styles_element: etree._Element | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        if styles_element is None:
            return
        for style in styles_element.iterchildren(_w("style")):
            style_id = style.get(_w("styleId"))
            if not style_id:
                continue
            name_el = style.find(_w("name"))
            based = style.find(_w("basedOn"))
            rpr = style.find(_RPR)
            ppr = style.find(_PPR)
            outline = ppr.find(_w("outlineLvl")) if ppr is not None else None
            kind = style.get(_w("type")) or "paragraph"
            self.styles[style_id] = _Style(
                name=(name_el.get(_w("val")) if name_el is not None else None) or style_id,
                kind=kind,
                based_on=based.get(_w("val")) if based is not None else None,
                italic=_flag(rpr.find(_w("i"))) if rpr is not None else None,
                bold=_flag(rpr.find(_w("b"))) if rpr is not None else None,
                outline=_int(outline.get(_w("val"))) if outline is not None else None,
            )
            if kind == "paragraph" and _flag_attr(style.get(_w("default"))):
                self.default_paragraph = style_id

    def chain(self, style_id: str | None) -> list[_Style]:
        found: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(found) < 50:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                break
            found.append(style)
            style_id = style.based_on
        return found

    def lookup(self, style_id: str | None, attribute: str) -> bool | int | None:
        for style in self.chain(style_id):
            value = getattr(style, attribute)
            if value is not None:
                return value
        return None

    def name(self, style_id: str | None) -> str | None:
        style = self.styles.get(style_id or "")
        return style.name if style else None


def _flag_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in _FALSE


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


# -- note numbering ----------------------------------------------------------------------


def _roman(number: int) -> str:
    parts = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while number >= value:
            parts.append(letters)
            number -= value
    return "".join(parts)


def _format_number(number: int, fmt: str) -> str:
    if fmt == "lowerRoman":
        return _roman(number)
    if fmt == "upperRoman":
        return _roman(number).upper()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "chicago":
        symbols = "*†‡§"
        return symbols[(number - 1) % 4] * ((number - 1) // 4 + 1)
    return str(number)


@dataclass(eq=False)
class _Ref:
    kind: str  # footnote or endnote
    note_id: str
    label: str
    anchor_start: int | None = None
    anchor_end: int | None = None


# -- the body walk ------------------------------------------------------------------------


class _Walker:
    def __init__(self, builder: TextBuilder, styles: _Styles, notes: dict[str, dict[str, object]],
                 formats: dict[str, tuple[str, int]]) -> None:
        self.out = builder
        self.styles = styles
        self.notes = notes  # kind -> {id: element}
        self.formats = formats  # kind -> (numFmt, start)
        self.refs: list[_Ref] = []
        self.counters = {"footnote": 0, "endnote": 0}
        self.skipped_text_boxes = 0
        self.in_note = False
        self.fields: list[bool] = []  # per open field: still in its instructions

    def blocks(self, container: etree._Element) -> None:
        """Paragraphs of a body, cell or note, in order, tables and controls included."""
        stack = list(reversed(list(container)))
        while stack:
            element = stack.pop()
            tag = element.tag
            if tag == _P:
                self.paragraph(element)
            elif tag in _BLOCK_WRAPPERS:
                stack.extend(reversed(list(element)))

    def paragraph(self, paragraph: etree._Element) -> None:
        out = self.out
        ppr = paragraph.find(_PPR)
        style_id = None
        outline = None
        page_break_before = False
        if ppr is not None:
            style_el = ppr.find(_w("pStyle"))
            style_id = style_el.get(_w("val")) if style_el is not None else None
            outline_el = ppr.find(_w("outlineLvl"))
            outline = _int(outline_el.get(_w("val"))) if outline_el is not None else None
            page_break_before = bool(_flag(ppr.find(_w("pageBreakBefore"))))
        style_id = style_id or self.styles.default_paragraph
        kind, attrs = "paragraph", {}
        if self.in_note:
            kind, attrs = out.current_block()
        else:
            name = self.styles.name(style_id) or ""
            level = None
            if match := _HEADING_STYLE.match(name.strip()):
                level = match.group(1)
            elif _TITLE_STYLE.match(name.strip()):
                level = "1"
            elif _SUBTITLE_STYLE.match(name.strip()):
                level = "2"
            else:
                if outline is None:
                    outline = self.styles.lookup(style_id, "outline")  # type: ignore[assignment]
                if outline is not None and 0 <= outline < 9:
                    level = str(outline + 1)
            if level is not None:
                kind, attrs = "heading", {"level": level, "style": BabelFish.internal2ui(name)}
        if page_break_before and not self.in_note:
            out.commit()
            out.mark_next("page_break")
        out.push_block(kind, attrs)
        paragraph_italic = self.styles.lookup(style_id, "italic")
        state = _RunState(paragraph_italic=bool(paragraph_italic))
        stack = list(reversed(list(paragraph)))
        while stack:
            element = stack.pop()
            tag = element.tag
            if tag == _R:
                self.run(element, state)
            elif tag in _SKIP_INLINE:
                if tag in (_w("drawing"), _w("pict"), f"{{{_MC}}}AlternateContent") and any(
                        True for _ in element.iter(_w("txbxContent"))):
                    self.skipped_text_boxes += 1
                continue
            elif isinstance(tag, str):  # hyperlinks, insertions, content controls, fields
                stack.extend(reversed(list(element)))
        self._close_spans(state)
        out.pop_block()

    def run(self, run: etree._Element, state: _RunState) -> None:
        out = self.out
        rpr = run.find(_RPR)
        italic = bold = None
        char_style = None
        if rpr is not None:
            italic = _flag(rpr.find(_w("i")))
            bold = _flag(rpr.find(_w("b")))
            style_el = rpr.find(_w("rStyle"))
            char_style = style_el.get(_w("val")) if style_el is not None else None
        if italic is None:
            italic = self.styles.lookup(char_style, "italic") if char_style else None
            if italic is None:
                italic = state.paragraph_italic
        if bold is None and char_style:
            bold = self.styles.lookup(char_style, "bold")
        for child in run:
            tag = child.tag
            if tag == _T:
                self._text(child.text or "", bool(italic), bool(bold), state)
            elif tag in (_w("tab"), _w("ptab")):
                self._text("\t", bool(italic), bool(bold), state)
            elif tag == _w("br"):
                kind = child.get(_w("type"))
                if kind == "page" and not self.in_note:
                    self._close_spans(state)
                    out.commit()
                    out.mark_next("page_break")
                else:
                    out.line_break()
            elif tag == _w("cr"):
                out.line_break()
            elif tag == _w("noBreakHyphen"):
                self._text("\u2011", bool(italic), bool(bold), state)
            elif tag == _w("sym"):
                code = _int_hex(child.get(_w("char")))
                if code is not None and not 0xE000 <= code <= 0xF8FF:
                    self._text(chr(code), bool(italic), bool(bold), state)
            elif tag in (_w("footnoteReference"), _w("endnoteReference")) and not self.in_note:
                self._reference(child, state)
            elif tag in (_w("drawing"), _w("pict"), f"{{{_MC}}}AlternateContent") and any(
                    True for _ in child.iter(_w("txbxContent"))):
                self.skipped_text_boxes += 1
            elif tag == _w("fldChar"):
                field = child.get(_w("fldCharType"))
                if field == "begin" and len(self.fields) < 100:
                    self.fields.append(True)
                elif field == "separate" and self.fields:
                    self.fields[-1] = False
                elif field == "end" and self.fields:
                    self.fields.pop()

    def _text(self, text: str, italic: bool, bold: bool, state: _RunState) -> None:
        if not text or any(self.fields):
            return
        out = self.out
        if state.custom_mark is not None and text.strip():
            ref, state.custom_mark = state.custom_mark, None
            ref.label = text.strip()
            out.add_marker(ref.label, ref, {"label": ref.label})
            return
        if text.strip():
            for name, wanted, kind in (("italic", italic, "italic"), ("bold", bold, "bold")):
                handle = getattr(state, name)
                if wanted and handle is None:
                    setattr(state, name, out.open_span(kind))
                elif not wanted and handle is not None:
                    out.close_span(handle)
                    setattr(state, name, None)
        out.add(text)

    def _close_spans(self, state: _RunState) -> None:
        for name in ("italic", "bold"):
            handle = getattr(state, name)
            if handle is not None:
                self.out.close_span(handle)
                setattr(state, name, None)

    def _reference(self, element: etree._Element, state: _RunState) -> None:
        kind = "footnote" if element.tag == _w("footnoteReference") else "endnote"
        note_id = element.get(_w("id")) or ""
        ref = _Ref(kind, note_id, "")
        self.refs.append(ref)
        if _flag_attr(element.get(_w("customMarkFollows"))):
            state.custom_mark = ref
            return
        self.counters[kind] += 1
        fmt, start = self.formats.get(kind, ("decimal", 1))
        ref.label = _format_number(self.counters[kind] + start - 1, fmt)
        self.out.add_marker(ref.label, ref, {"label": ref.label})


class _RunState:
    __slots__ = ("bold", "custom_mark", "italic", "paragraph_italic")

    def __init__(self, paragraph_italic: bool) -> None:
        self.paragraph_italic = paragraph_italic
        self.italic = None
        self.bold = None
        self.custom_mark: _Ref | None = None


def _int_hex(value: str | None) -> int | None:
    try:
        return int(value, 16) if value else None
    except ValueError:
        return None


# -- notes parts --------------------------------------------------------------------------


def _notes_parts(document: docx.document.Document, path: str, warnings: list[str]
                 ) -> dict[str, dict[str, object]]:
    notes: dict[str, dict[str, object]] = {"footnote": {}, "endnote": {}}
    wanted = {RT.FOOTNOTES: "footnote", RT.ENDNOTES: "endnote"}
    for rel in document.part.rels.values():
        kind = wanted.get(rel.reltype)
        if kind is None or rel.is_external:
            continue
        try:
            root = etree.fromstring(rel.target_part.blob, _SAFE_PARSER)
        except (etree.XMLSyntaxError, ValueError) as exc:
            warnings.append(f"{kind}s part unreadable, notes left out: {_one_line(exc)}")
            continue
        for note in root.iterchildren(_w(kind)):
            note_type = note.get(_w("type"))
            if note_type in (None, "normal"):
                notes[kind][note.get(_w("id")) or ""] = note
    return notes


def _note_formats(document: docx.document.Document) -> dict[str, tuple[str, int]]:
    formats = {"footnote": ("decimal", 1), "endnote": ("lowerRoman", 1)}
    try:
        settings = document.settings.element
    except Exception:  # a missing settings part leaves Word's defaults
        return formats
    for kind in ("footnote", "endnote"):
        properties = settings.find(_w(f"{kind}Pr"))
        if properties is None:
            continue
        fmt = properties.find(_w("numFmt"))
        start = properties.find(_w("numStart"))
        formats[kind] = (
            (fmt.get(_w("val")) if fmt is not None else None) or formats[kind][0],
            _int(start.get(_w("val")) if start is not None else None) or 1,
        )
    return formats


# -- the reader ---------------------------------------------------------------------------


def read_docx(data: bytes, path: str) -> ReadResult:
    """Read a .docx file's text, layout, core properties and notes. Raises UnreadableSource."""
    _check_zip(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise UnreadableSource(path, f"not a readable DOCX file: {_one_line(exc)}") from None
    warnings: list[str] = []
    try:
        styles_element = document.styles.element
    except Exception:  # a document without styles is read without them
        styles_element = None
    styles = _Styles(styles_element)
    notes = _notes_parts(document, path, warnings)
    builder = TextBuilder()
    walker = _Walker(builder, styles, notes, _note_formats(document))
    walker.blocks(document.element.body)
    builder.commit()

    records: list[Note] = []
    walker.in_note = True
    placed_notes: dict[tuple[str, str], tuple[int, int] | None] = {}
    # Footnotes first, then endnotes (as Word prints them), each in order of reference.
    for ref in sorted(walker.refs, key=lambda r: r.kind != "footnote"):
        key = (ref.kind, ref.note_id)
        note = notes[ref.kind].get(ref.note_id)
        if note is not None and key not in placed_notes:
            placed_notes[key] = _render_note(walker, builder, note, ref.label or ref.note_id)
        placed = placed_notes.get(key)
        if placed is None:
            if ref.anchor_start is not None:
                records.append(Note(ref.label, "", ref.anchor_start, ref.anchor_end, None, None,
                                    "dangling_marker"))
            continue
        start, end = placed
        status = "attached" if ref.anchor_start is not None else "dangling_note"
        records.append(Note(ref.label, builder.text[start:end], ref.anchor_start, ref.anchor_end,
                            start, end, status))
    for kind in ("footnote", "endnote"):
        for note_id, note in notes[kind].items():
            if (kind, note_id) in placed_notes:
                continue
            placed = _render_note(walker, builder, note, note_id)
            if placed is not None:
                start, end = placed
                records.append(Note(note_id, builder.text[start:end], None, None, start, end,
                                    "dangling_note"))
    records.sort(key=lambda n: n.anchor_start if n.anchor_start is not None else n.start or 0)
    if walker.skipped_text_boxes:
        warnings.append(f"text in {walker.skipped_text_boxes} text box(es) or drawing(s) "
                        "was left out")
    text = builder.text
    if not text.strip():
        raise UnreadableSource(path, "DOCX file has no text")
    properties = document.core_properties
    front = FrontMatter(
        title=(properties.title or "").strip() or None,
        author=(properties.author or "").strip() or None,
        language=(properties.language or "").strip() or None,
    )
    return ReadResult(
        text=text,
        format="docx",
        encoding=None,
        layout=sorted(builder.layout, key=lambda item: (item.start, -item.end)),
        front=front,
        notes=records,
        warnings=warnings,
    )


def _render_note(walker: _Walker, builder: TextBuilder, note: object, label: str
                 ) -> tuple[int, int] | None:
    builder.push_block("note_body", {"label": label})
    builder.prefix = label + (". " if label[-1:].isalnum() else " ")
    first = len(builder.paragraphs)
    walker.blocks(note)  # type: ignore[arg-type]
    builder.pop_block()
    builder.prefix = ""
    placed = builder.paragraphs[first:]
    if not placed:
        return None
    return placed[0][1], placed[-1][2]


register_reader("docx", (".docx",), read_docx)

