"""Reader for TEI P5 XML: letters, diaries, CMIF files and registers.

The body is rendered to the plain text a reader of the edition sees (one blank line between
blocks, whitespace collapsed, one reading of each `<choice>`), notes are moved to the end
of the text and anchored where they stood, and what the markup says is kept as structure:
one Document per letter or diary entry (dates, places, senders and addressees from
`correspDesc`), a Mention per tagged name, an Entity per register entry or referenced key.

Parsing is safe: no DTD is loaded, no entity is resolved, nothing is fetched, and a file
whose DOCTYPE declares entities is refused before it is parsed.
"""

from __future__ import annotations

import codecs
import html.entities
import re
from dataclasses import dataclass

from lxml import etree

from testimonia.errors import UnreadableSource, UnsupportedFormat
from testimonia.model import (
    DateValue,
    Document,
    Entity,
    Layout,
    Mention,
    Note,
    ReadResult,
    TextSpan,
)
from testimonia.read import register_reader
from testimonia.read.decode import decode_bytes, looks_binary
from testimonia.read.tei_header import (
    XML_ID,
    XML_LANG,
    Correspondence,
    Reference,
    clean,
    date_value,
    edtf_of,
    entity_type_for,
    find_all,
    first,
    identifier_from_uri,
    is_tei,
    kids,
    language_of,
    local,
    normalise_key,
    path,
    plain,
    read_correspondence,
    read_front,
    register_entries,
)

__all__ = ["read_tei"]

# --------------------------------------------------------------------------- parsing

_ENTITY_REFUSED = "XML declares entities (DOCTYPE with ENTITY); refused for safety"


def _parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=False, recover=recover)


def _prolog_text(data: bytes) -> bytes | str:
    """The bytes to scan for a DOCTYPE, decoded where the file is UTF-16 or UTF-32."""
    for boms, codec in (((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
                        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16")):
        if data.startswith(boms):
            return data.decode(codec, errors="replace")
    if data[:2] == b"<\x00":
        return data.decode("utf-16-le", errors="replace")
    if data[:2] == b"\x00<":
        return data.decode("utf-16-be", errors="replace")
    return data


def _refuse_entities(data: bytes, path: str) -> None:
    text = _prolog_text(data)
    if isinstance(text, str):
        doctype, entity = "<!DOCTYPE", "<!ENTITY"
    else:
        doctype, entity = b"<!DOCTYPE", b"<!ENTITY"
    at = text.find(doctype)  # type: ignore[arg-type]
    if at >= 0 and text.find(entity, at) >= 0:  # type: ignore[arg-type]
        raise UnreadableSource(path, _ENTITY_REFUSED)


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _malformed(path: str, error: object) -> UnreadableSource:
    message = _one_line(getattr(error, "message", None) or str(error))
    line = getattr(error, "line", None) or getattr(error, "lineno", None)
    where = f" (line {line})" if line else ""
    return UnreadableSource(path, f"malformed XML: {message}{where}")


def _errors(parser: etree.XMLParser) -> list:
    return [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]


_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")


def _parse(data: bytes, path: str) -> tuple[etree._Element, str, list[str]]:
    """Parse `data` safely; return the root, the encoding read and any warnings."""
    wide = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data[:2] in (
        b"<\x00", b"\x00<")
    if not wide and not data.lstrip(b" \t\r\n\xef\xbb\xbf").startswith(b"<") and (
            b"\x00" in data[:4096] or looks_binary(data)):
        raise UnreadableSource(path, "binary data, not XML (contains NUL or control bytes)")
    _refuse_entities(data, path)
    warnings: list[str] = []
    parser = _parser()
    try:
        root = etree.fromstring(data, parser)
        encoding = root.getroottree().docinfo.encoding or "utf-8"
    except etree.XMLSyntaxError as exc:
        errors = _errors(parser) or [exc]
        kinds = {getattr(e, "type_name", "") for e in errors}
        if kinds == {"DTD_XMLID_VALUE"}:
            parser = _parser(recover=True)
            root = etree.fromstring(data, parser)
            rest = [e for e in _errors(parser) if e.type_name != "DTD_XMLID_VALUE"]
            if rest or root is None:
                raise _malformed(path, rest[0] if rest else exc) from None
            bad = [e for e in _errors(parser) if e.type_name == "DTD_XMLID_VALUE"]
            warnings.append(f"{len(bad)} xml:id value(s) are not valid XML names (first on line "
                            f"{bad[0].line if bad else '?'}); read as they are")
            encoding = root.getroottree().docinfo.encoding or "utf-8"
        elif kinds & {"ERR_INVALID_ENCODING", "ERR_UNSUPPORTED_ENCODING", "ERR_INVALID_CHAR"}:
            root, encoding = _parse_decoded(data, path, errors[0])
        else:
            raise _malformed(path, errors[0]) from None
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnreadableSource(path, _ENTITY_REFUSED)
    return root, encoding.lower(), warnings


def _parse_decoded(data: bytes, path: str, error: object) -> tuple[etree._Element, str]:
    """Second try for bytes libxml2 could not decode: decode in Python, parse as UTF-8."""
    declared = _DECLARED.match(data)
    text = encoding = None
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            text, encoding = data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        try:
            text, encoding = decode_bytes(data, path)
        except UnreadableSource:
            raise _malformed(path, error) from None
    text = re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", text, count=1)
    parser = _parser()
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        errors = _errors(parser) or [exc]
        raise _malformed(path, errors[0]) from None
    return root, encoding or "utf-8"


# --------------------------------------------------------------------------- the flow


class _Flow:
    """The text being written: collapses whitespace, puts breaks between blocks and
    tells span records where their first character landed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.last = ""
        self.pending = 0  # 0 nothing, 1 space, 2 line break, 3 paragraph break
        self.pending_nl = False  # the pending space was source indentation (had a newline)
        self.waiting: list[list[int | None]] = []  # element spans awaiting their first char
        self.points: list[list[int | None]] = []  # anchors placed before the next char
        self.cap = 3  # the strongest break allowed now (2 inside a note, 1 at its start)
        self.cap_after_emit = 3
        self.opening = set("([{„‚")
        self.closing = set(",.;:!?)]}…")

    def set_language(self, lang: str | None) -> None:
        self.opening = set("([{„‚")
        self.closing = set(",.;:!?)]}…")
        lang = (lang or "").lower()
        if lang.startswith(("de", "da", "cs", "sk", "hu")):
            self.opening.add("»")
            self.closing.add("«")
        elif lang.startswith(("ru", "uk", "be", "fr", "it", "es", "pt", "pl", "bg", "sr")):
            self.opening.add("«")
            self.closing.add("»")

    def space(self, newline: bool) -> None:
        if self.pending == 0:
            self.pending, self.pending_nl = 1, newline
        elif self.pending == 1:
            self.pending_nl = self.pending_nl and newline

    def line(self) -> None:
        level = min(2, self.cap)
        if self.pending < level:
            self.pending = level

    def block(self) -> None:
        level = min(3, self.cap)
        if self.pending < level:
            self.pending = level

    def emit(self, s: str) -> None:
        if self.length and self.pending:
            if self.pending == 1:
                glued = s[0] in self.closing or self.last in self.opening
                sep = "" if self.pending_nl and glued else " "
            else:
                sep = "\n" if self.pending == 2 else "\n\n"
            if sep:
                self.parts.append(sep)
                self.length += len(sep)
        self.pending, self.pending_nl = 0, False
        self.cap = self.cap_after_emit
        if self.waiting:
            for rec in self.waiting:
                rec[0] = self.length
            self.waiting.clear()
        if self.points:
            for rec in self.points:
                rec[0] = rec[1] = self.length
            self.points.clear()
        self.parts.append(s)
        self.length += len(s)
        self.last = s[-1]

    def text(self, t: str | None) -> None:
        if not t:
            return
        core = _WS.sub(" ", t).strip(" ")
        if not core:
            self.space("\n" in t or "\r" in t)
            return
        if t[0] in _WS_CHARS:
            lead = t[: len(t) - len(t.lstrip(_WS_CHARS))]
            self.space("\n" in lead or "\r" in lead)
        self.emit(core)
        if t[-1] in _WS_CHARS:
            trail = t[len(t.rstrip(_WS_CHARS)):]
            self.space("\n" in trail or "\r" in trail)

    def open(self) -> list[int | None]:
        rec: list[int | None] = [None, None]
        self.waiting.append(rec)
        return rec

    def close(self, rec: list[int | None]) -> None:
        if rec[0] is None:
            if self.waiting and self.waiting[-1] is rec:
                self.waiting.pop()
            else:  # pragma: no cover - defensive
                self.waiting = [r for r in self.waiting if r is not rec]
            rec[0] = self.length
        rec[1] = self.length

    def point(self) -> list[int | None]:
        """A zero-width position resolved at the next character written."""
        rec: list[int | None] = [None, None]
        self.points.append(rec)
        return rec

    def finish(self) -> str:
        for rec in self.waiting + self.points:
            rec[0] = self.length if rec[0] is None else rec[0]
            rec[1] = self.length if rec[1] is None else rec[1]
        self.waiting.clear()
        self.points.clear()
        return "".join(self.parts)


_WS = re.compile(r"[ \t\r\n]+")
_WS_CHARS = " \t\r\n"

# --------------------------------------------------------------------------- rendering

_SKIP = frozenset({
    "teiHeader", "fw", "del", "figDesc", "listPerson", "listPlace", "listOrg", "listEvent",
    "listNym", "listRelation", "standOff", "standoff", "facsimile", "sourceDoc", "metamark",
    "certainty", "precision", "respons", "link", "linkGrp", "join", "span", "spanGrp",
    "interpGrp", "interp", "alt", "altGrp", "index", "timeline", "graphic", "media",
    "binaryObject", "handShift", "witDetail", "surface", "zone", "xenoData", "front", "back",
    "milestone", "cb", "rdg", "rdgGrp", "wit", "catchwords", "signatures", "secFol",
})
_BLOCK = frozenset({
    "p", "ab", "head", "opener", "closer", "dateline", "salute", "signed", "postscript", "lg",
    "item", "list", "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", "table",
    "byline", "docAuthor", "docDate", "docTitle", "titlePart", "titlePage", "docImprint",
    "epigraph", "argument", "trailer", "address", "sp", "speaker", "castList", "castItem",
    "castGroup", "figure", "floatingText", "text", "body", "group", "listBibl", "set",
    "listWit", "entry", "superEntry",
})
_LINE = frozenset({"l", "addrLine", "row"})
_CONTAINERS = frozenset({"div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", "body",
                         "postscript", "floatingText", "sp", "back", "front", "group", "text",
                         "epigraph"})
_CHOICE_ORDER = ("reg", "corr", "expan", "lem", "seg", "unclear", "supplied")
_LINE_SEG_REND = ("left", "right", "center", "centre", "align", "block", "indent")

_MENTION_ALWAYS = {"persName": "person", "placeName": "place", "orgName": "organisation",
                   "title": "work"}
_MENTION_TYPED = {"rs", "name"}
_MENTION_KEYED = {"geogName": "place", "settlement": "place", "country": "place",
                  "region": "place", "district": "place", "bloc": "place"}


@dataclass
class _NoteSeen:
    el: etree._Element
    pos: int | None  # where it stood in the flow; None for a note outside it (back, standOff)
    tei: int


class _Renderer:
    def __init__(self, flow: _Flow) -> None:
        self.flow = flow
        self.spans: dict[etree._Element, list[int | None]] = {}
        self.points: dict[etree._Element, list[int | None]] = {}
        self.notes: list[_NoteSeen] = []
        self.layout: list[Layout] = []
        self.tei = 0
        self.entities = 0  # undeclared entity references met

    def walk(self, el: etree._Element) -> None:
        if not isinstance(el.tag, str) or not is_tei(el):
            if el.tag is etree.Entity:  # an undeclared entity kept as written (&nbsp;)
                char = _entity_char(el)
                if char.strip(_WS_CHARS):
                    self.flow.emit(char)
                elif char:
                    self.flow.space(False)
                self.entities += 1
            return
        name = local(el)
        flow = self.flow
        if name == "note":
            self.notes.append(_NoteSeen(el, flow.length, self.tei))
            return
        if name in _SKIP:
            return
        if name == "choice" or name == "app":
            chosen = self._choose(el)
            if chosen is not None:
                self.walk(chosen)
            return
        if name == "ptr" or (name == "anchor" and len(el) == 0 and not (el.text or "").strip()):
            self.points[el] = flow.point() if name == "anchor" else [flow.length, flow.length]
            return
        if name == "pb":
            self.layout.append(Layout("page_break", flow.length, flow.length,
                                      {k: v for k, v in (("n", el.get("n")),) if v}))
            return
        if name == "lb":
            if (el.get("break") or "").lower() not in ("no", "false"):
                flow.line()
            return
        if name == "space":
            if (el.get("dim") or "").lower() == "vertical":
                flow.line()
            else:
                flow.space(False)
            return
        if name == "gap":
            flow.emit("[…]")
            return
        if name == "ref" and len(el) == 0 and not (el.text or "").strip():
            target = (el.get("target") or "").strip()
            if target and not target.startswith("#"):  # a bare link shows its address
                rec = flow.open()
                flow.emit(target)
                flow.close(rec)
                self.spans[el] = rec
            return
        kind = self._kind(el, name)
        if kind == 3:
            flow.block()
        elif kind == 2:
            flow.line()
        elif kind == 1:
            flow.space(False)
        rec = flow.open()
        if el.text:
            flow.text(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                flow.text(child.tail)
        flow.close(rec)
        self.spans[el] = rec
        if kind == 3:
            flow.block()
        elif kind == 2:
            flow.line()
        elif kind == 1:
            flow.space(False)

    def _kind(self, el: etree._Element, name: str) -> int:
        """3 block, 2 line, 1 spaced inline (table cell), 0 inline."""
        if name in _BLOCK:
            return 3
        if name in _LINE:
            return 2
        if name == "cell":
            return 1
        parent = el.getparent()
        in_container = parent is not None and local(parent) in _CONTAINERS
        if name in ("quote", "q", "cit", "bibl", "stage", "label") and in_container:
            return 3 if name != "label" else 2
        if name == "seg":
            rend = (el.get("rend") or "").lower()
            if (el.get("type") or "").lower() == "letterhead" or rend.startswith(_LINE_SEG_REND):
                return 2
        return 0

    @staticmethod
    def _choose(el: etree._Element) -> etree._Element | None:
        options = [c for c in el if isinstance(c.tag, str) and is_tei(c)]
        if local(el) == "app":
            return next((c for c in options if local(c) == "lem"), options[0] if options else None)
        for wanted in _CHOICE_ORDER:
            for c in options:
                if local(c) == wanted:
                    return c
        return options[0] if options else None

    def render_note(self, el: etree._Element) -> list[int | None]:
        """Walk a note's content into the flow (notes inside it are queued in turn)."""
        flow = self.flow
        rec = flow.open()
        if el.text:
            flow.text(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                flow.text(child.tail)
        flow.close(rec)
        self.spans[el] = rec
        return rec


def _entity_char(el: etree._Element) -> str:
    name = (el.text or "").strip("&;")
    code = html.entities.name2codepoint.get(name)
    if code is not None:
        return chr(code)
    if name.startswith("#"):
        try:
            return chr(int(name[2:], 16) if name[1:2] in "xX" else int(name[1:]))
        except ValueError:
            pass
    return el.text or ""


# --------------------------------------------------------------------------- documents

_LETTER_DIVS = {"letter", "brief", "письмо", "lettre", "correspondence-letter"}
_ENTRY_DIVS = {"entry", "diary", "diaryday", "diaryentry", "day", "journalentry", "dailyentry",
               "dayentry"}
_PROSE = {"p", "ab", "l", "lg", "opener", "closer", "salute", "dateline", "sp", "quote"}
_ENTITY_LISTS = {"listPerson", "listPlace", "listOrg", "listBibl", "listEvent", "listNym"}
_NOT_TEXT = {"note", "teiHeader", "fw", "del", "orig", "sic", "abbr", "rdg"}


def _div_kind(div: etree._Element) -> str:
    return (div.get("type") or "").lower().replace("-", "").replace("_", "").replace(" ", "")


def _outermost(root: etree._Element, test) -> list[etree._Element]:
    found: list[etree._Element] = []

    def scan(el: etree._Element) -> None:
        for c in el:
            if not isinstance(c.tag, str) or not is_tei(c) or local(c) in _NOT_TEXT:
                continue
            if local(c).startswith("div") and test(c):
                found.append(c)
            else:
                scan(c)

    scan(root)
    return found


def _is_register(body: etree._Element) -> bool:
    """A body holding register lists and no prose of its own (a listperson.xml, si.xml)."""
    state = {"lists": False, "prose": False}

    def scan(el: etree._Element) -> None:
        for c in el:
            if not isinstance(c.tag, str) or not is_tei(c):
                continue
            name = local(c)
            if name in _ENTITY_LISTS or (
                    name == "list" and any(i.get(XML_ID) for i in kids(c, "item"))):
                state["lists"] = True
            elif name in _PROSE:
                state["prose"] = True
            elif name not in ("note", "head"):
                scan(c)

    scan(body)
    return state["lists"] and not state["prose"]


def _descendants(el: etree._Element, *names: str) -> list[etree._Element]:
    """TEI descendants named `names`, not looking inside notes or rejected readings."""
    wanted = set(names)
    out: list[etree._Element] = []

    def scan(e: etree._Element) -> None:
        for c in e:
            if not isinstance(c.tag, str) or not is_tei(c):
                continue
            name = local(c)
            if name in _NOT_TEXT:
                continue
            if name in wanted:
                out.append(c)
            scan(c)

    scan(el)
    return out


@dataclass
class _Tei:
    """One TEI text of the file (a teiCorpus holds several)."""

    el: etree._Element
    header: etree._Element | None
    bodies: list[etree._Element]
    language: str | None
    register: bool
    start: int = 0
    end: int = 0


class _Documents:
    """Finds the letters and diary entries of one TEI text."""

    def __init__(self, text: str, spans: dict, warnings: list[str]) -> None:
        self.text = text
        self.spans = spans
        self.warnings = warnings

    def span(self, el: etree._Element | None) -> tuple[int, int] | None:
        rec = self.spans.get(el) if el is not None else None
        if rec is None or rec[0] is None or rec[1] is None:
            return None
        return rec[0], rec[1]

    def textspan(self, el: etree._Element | None) -> TextSpan | None:
        s = self.span(el)
        if s is None or s[1] <= s[0]:
            return None
        return TextSpan(s[0], s[1], self.text[s[0]:s[1]])

    def located_date(self, el: etree._Element) -> DateValue | None:
        s = self.span(el)
        written = self.text[s[0]:s[1]] if s and s[1] > s[0] else ""
        value = date_value(el, written)
        if value is None:
            return None
        if written:
            value.start, value.end = s  # type: ignore[misc]
            if written.startswith("[") and written.endswith("]") and value.certainty == "stated":
                value.certainty = "inferred"
        return value

    def closing(self, closer: etree._Element) -> TextSpan | None:
        """The closing formula: the closer's salute, else the closer up to its signature."""
        salutes = _descendants(closer, "salute")
        if salutes:
            return self.textspan(salutes[0])
        whole = self.span(closer)
        signed = [self.span(s) for s in _descendants(closer, "signed")]
        if whole is None or not signed or signed[0] is None:
            return self.textspan(closer)
        start, end = whole[0], signed[0][0]
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if end <= start:
            return None
        return TextSpan(start, end, self.text[start:end])

    def entry_date(self, div: etree._Element) -> DateValue | None:
        if edtf_of(div):
            return date_value(div, edtf_of(div) or "")
        holders = [c for c in kids(div) if local(c) in ("head", "opener", "dateline", "docDate")]
        blocks = [c for c in kids(div) if local(c) in ("p", "ab")]
        written: DateValue | None = None  # a date without a normal form, if nothing better
        for holder in holders + blocks[:1]:
            dates = [holder] if local(holder) == "docDate" else _descendants(holder, "date")
            # a date in a later hand (<add>) or a note annotates the heading; it does not
            # date the entry ("Torquato Tasso, 1544" added above "Thursday 11")
            dates = [d for d in dates if not any(local(a) in ("add", "note") for a in d.iterancestors())]
            for d in dates:
                value = self.located_date(d)
                if value is not None and value.edtf:
                    return value
                written = written or value
        return written

    def build(self, kind: str, el: etree._Element, tei: _Tei, title: str | None = None,
              corr: Correspondence | None = None) -> Document | None:
        s = self.span(el)
        if s is None:
            return None
        doc = Document(kind=kind, start=s[0], end=s[1])
        heads = kids(el, "head")
        head = self.textspan(heads[0]) if heads else None
        doc.title = head.text if head is not None and local(el) != "body" else title
        datelines = _descendants(el, "dateline")
        doc.dateline = self.textspan(datelines[0]) if datelines else None
        closers = _descendants(el, "closer")
        in_closers = {s for c in closers for s in _descendants(c, "salute")}
        salutes = [s for s in _descendants(el, "salute") if s not in in_closers]
        doc.salutation = self.textspan(salutes[0]) if salutes else None
        doc.closing = self.closing(closers[-1]) if closers else None
        signed = _descendants(el, "signed")
        doc.signature = self.textspan(signed[-1]) if signed else None
        doc.language = el.get(XML_LANG) or tei.language
        doc.xml_id = el.get(XML_ID) if local(el) != "body" else _tei_id(tei)
        if corr is not None:
            _apply_corr(doc, corr)
        if doc.date is None and kind == "letter":
            for holder in datelines + _descendants(el, "opener")[:1]:
                for d in _descendants(holder, "date"):
                    value = self.located_date(d)
                    if value is not None and value.edtf:
                        doc.date = value
                        break
                if doc.date is not None:
                    break
        return doc

    def for_tei(self, tei: _Tei, correspondences: list[Correspondence],
                title: str | None) -> list[Document]:
        if tei.register:
            return []
        body_spans = [self.span(b) for b in tei.bodies]
        has_text = any(s and s[1] > s[0] for s in body_spans)
        if not has_text:
            return [_zero_letter(c, tei.start) for c in correspondences]
        docs: list[Document] = []
        for body in tei.bodies:
            docs.extend(self._for_body(tei, body, correspondences, title))
        return docs

    def _for_body(self, tei: _Tei, body: etree._Element, corrs: list[Correspondence],
                  title: str | None) -> list[Document]:
        letters = _outermost(body, lambda d: _div_kind(d) in _LETTER_DIVS)
        if letters:
            paired = _pair(letters, corrs)
            return [d for d in (self.build("letter", div, tei, None, c) for div, c in paired) if d]
        entries = _outermost(body, lambda d: _div_kind(d) in _ENTRY_DIVS)
        if not entries and not corrs:
            entries = _dated_divs(body, self)
        if entries:
            docs = []
            for div in entries:
                doc = self.build("diary_entry", div, tei)
                if doc is None:
                    continue
                doc.date = self.entry_date(div)
                if doc.date is None and len(entries) == 1:
                    doc.date = _creation_date(tei.header)
                docs.append(doc)
            return docs
        if len(corrs) == 1:
            doc = self.build("letter", body, tei, title, corrs[0])
            return [doc] if doc else []
        if corrs:
            self.warnings.append(f"{len(corrs)} correspDesc entries but no letter divisions: "
                                 "each is kept as a letter without text")
            zero = [_zero_letter(c, tei.start) for c in corrs]
            whole = self.build("other", body, tei, title)
            return zero + ([whole] if whole else [])
        doc = self.build(_kind_from_class(tei.header), body, tei, title)
        if doc is not None and doc.kind == "diary_entry":
            doc.date = _creation_date(tei.header)
        return [doc] if doc else []


def _dated_divs(body: etree._Element, docs: _Documents) -> list[etree._Element]:
    divs = [c for c in kids(body) if local(c).startswith("div")]
    if not divs:
        return []
    dated = [d for d in divs if _has_date(d)]
    if len(dated) == len(divs) and len(divs) >= 2:
        return divs
    found: list[etree._Element] = []
    for d in divs:
        if not _has_date(d):
            found.extend(_dated_divs(d, docs))
    return found if len(found) >= 2 else []


def _has_date(div: etree._Element) -> bool:
    if edtf_of(div):
        return True
    for holder in kids(div, "head", "opener", "dateline"):
        if any(edtf_of(d, plain(d)) for d in _descendants(holder, "date")):
            return True
    return False


def _pair(divs: list[etree._Element], corrs: list[Correspondence]
          ) -> list[tuple[etree._Element, Correspondence | None]]:
    by_ref: dict[str, Correspondence] = {}
    by_id = {c.xml_id: c for c in corrs if c.xml_id}
    for c in corrs:
        for ref in c.refs:
            by_ref[ref.lstrip("#")] = c
    out: list[tuple[etree._Element, Correspondence | None]] = []
    for i, div in enumerate(divs):
        match = by_ref.get(div.get(XML_ID) or "")
        for attr in ("decls", "corresp", "ana"):  # <div decls="#cd_1"> names its correspDesc
            for token in (div.get(attr) or "").split():
                match = match or by_id.get(token.lstrip("#"))
        if match is None and len(corrs) == len(divs):
            match = corrs[i]
        out.append((div, match))
    return out


def _apply_corr(doc: Document, corr: Correspondence) -> None:
    doc.authors = list(corr.authors)
    doc.addressees = list(corr.addressees)
    doc.date = corr.date
    doc.place = corr.place
    doc.place_entity_id = corr.place_key
    if doc.xml_id is None:
        doc.xml_id = corr.xml_id


def _zero_letter(corr: Correspondence, at: int) -> Document:
    doc = Document(kind="letter", start=at, end=at)
    _apply_corr(doc, corr)
    doc.xml_id = corr.xml_id
    return doc


def _creation_date(header: etree._Element | None) -> DateValue | None:
    creation = path(header, "profileDesc", "creation")
    if creation is None:
        return None
    for d in find_all(creation, "date"):
        value = date_value(d)
        if value is not None:
            return value
    return None


def _kind_from_class(header: etree._Element | None) -> str:
    profile = first(header, "profileDesc")
    if profile is None:
        return "other"
    words = " ".join(
        [(c.get("ana") or "") + " " + (c.get("target") or "") for c in find_all(profile, "catRef")]
        + [plain(t) for t in find_all(profile, "term")]).lower()
    if first(profile, "correspDesc") is not None or "letter" in words or "письм" in words:
        return "letter"
    if "diar" in words or "дневник" in words or "tagebuch" in words or "journal" in words:
        return "diary_entry"
    if "memoir" in words or "воспомин" in words:
        return "memoir"
    return "other"


def _tei_id(tei: _Tei) -> str | None:
    text = first(tei.el, "text")
    return (tei.el.get(XML_ID) or (tei.header.get(XML_ID) if tei.header is not None else None)
            or (text.get(XML_ID) if text is not None else None))


# --------------------------------------------------------------------------- notes


class _Notes:
    """Pointers, anchors and the notes they lead to, across the whole file."""

    def __init__(self, root: etree._Element) -> None:
        self.ids: dict[str, etree._Element] = {}
        for el in root.iter(etree.Element):
            xml_id = el.get(XML_ID)
            if xml_id and xml_id not in self.ids:
                self.ids[xml_id] = el
        self.pointers: dict[etree._Element, list[etree._Element]] = {}
        self.missing: list[tuple[etree._Element, str]] = []
        for ptr in root.iter(etree.Element):
            if local(ptr) not in ("ref", "ptr") or not is_tei(ptr):
                continue
            target = (ptr.get("target") or "").split()
            if len(target) != 1 or not target[0].startswith("#"):
                continue
            found = self.ids.get(target[0][1:])
            if found is not None and local(found) == "note":
                self.pointers.setdefault(found, []).append(ptr)
            elif found is None and _looks_like_marker(ptr, target[0]):
                self.missing.append((ptr, target[0][1:]))

    def target_of(self, note: etree._Element) -> tuple[etree._Element | None, str]:
        """The element a note's @target (or @corresp) names, and which attribute named it."""
        for attr in ("target", "corresp"):
            for value in (note.get(attr) or "").split():
                found = self.ids.get(value.lstrip("#"))
                if found is not None and found is not note:
                    return found, attr
        return None, ""


def _looks_like_marker(ptr: etree._Element, target: str) -> bool:
    label = plain(ptr)
    kind = (ptr.get("type") or "").lower()
    return ("note" in kind or "fn" in kind or re.match(r"#?(note|fn|ftn|n)\W?\d", target, re.I)
            is not None or (local(ptr) == "ref" and bool(re.fullmatch(r"[\d*†‡a-z]{1,4}", label))))


def _back_notes(el: etree._Element) -> list[etree._Element]:
    """Notes of back matter and standOff, leaving register entries alone."""
    out: list[etree._Element] = []
    for c in el:
        if not isinstance(c.tag, str) or not is_tei(c):
            continue
        name = local(c)
        if name == "note":
            out.append(c)
        elif not (name.startswith("list") or name in ("person", "place", "org", "bibl",
                                                       "biblStruct", "event", "teiHeader")):
            out.extend(_back_notes(c))
    return out


# --------------------------------------------------------------------------- the reader


def read_tei(data: bytes, path: str) -> ReadResult:
    """Read a TEI file (letters, diary, CMIF, register). Raises UnreadableSource."""
    root, encoding, warnings = _parse(data, path)
    name = local(root)
    ns = root.tag[1:].split("}")[0] if root.tag[:1] == "{" else ""
    if name not in ("TEI", "teiCorpus") or not is_tei(root):
        shown = f"{{{ns}}}{name}" if ns else name
        # UnsupportedFormat, not a failure: an XML index beside an edition's TEI files is
        # no source, and a folder walk skips it.
        raise UnsupportedFormat(path, f"not a TEI file: the root element is <{shown}>, not <TEI> "
                                "or <teiCorpus> in the TEI namespace")
    return _Reader(root, encoding, warnings).read()


class _Reader:
    def __init__(self, root: etree._Element, encoding: str, warnings: list[str]) -> None:
        self.root = root
        self.encoding = encoding
        self.warnings = warnings
        self.flow = _Flow()
        self.render = _Renderer(self.flow)
        self.notes_index = _Notes(root)

    def _teis(self) -> list[_Tei]:
        out: list[_Tei] = []

        def collect(el: etree._Element) -> None:
            if local(el) == "teiCorpus":
                for c in kids(el, "TEI", "teiCorpus"):
                    collect(c)
                return
            header = first(el, "teiHeader")
            text = first(el, "text")
            bodies: list[etree._Element] = []
            if text is not None:
                bodies = [b for b in text.iter(etree.Element) if is_tei(b) and local(b) == "body"]
            lang = ((text.get(XML_LANG) if text is not None else None) or el.get(XML_LANG)
                    or language_of(header))
            register = bool(bodies) and all(_is_register(b) for b in bodies)
            out.append(_Tei(el, header, bodies, lang, register))

        collect(self.root)
        return out

    def read(self) -> ReadResult:
        root_header = first(self.root, "teiHeader")
        front = read_front(root_header)
        teis = self._teis()
        if front.title is None and teis and teis[0].header is not None:
            front = read_front(teis[0].header)
        if front.language is None:
            front.language = next((t.language for t in teis if t.language), None)
        flow, render = self.flow, self.render
        back_notes: list[_NoteSeen] = []
        for i, tei in enumerate(teis):
            render.tei = i
            flow.block()
            tei.start = flow.length
            flow.set_language(tei.language)
            if not tei.register:
                for body in tei.bodies:
                    render.walk(body)
            tei.end = flow.length
            text_el = first(tei.el, "text")
            for holder in [c for c in (text_el, tei.el) if c is not None]:
                for part in kids(holder, "back", "standOff", "standoff"):
                    back_notes.extend(_NoteSeen(n, None, i) for n in _back_notes(part))
        body_notes = list(render.notes)
        render.notes = []
        notes = self._render_notes(body_notes + back_notes)
        text = flow.finish()
        if render.entities:
            self.warnings.append(f"{render.entities} reference(s) to entities the file does not "
                                 "declare (its DTD is not read); HTML entity names were used")
        finder = _Documents(text, render.spans, self.warnings)
        documents: list[Document] = []
        doc_ranges: list[tuple[int, int, int]] = []  # (tei index, first doc, end doc)
        references: list[Reference] = []
        for i, tei in enumerate(teis):
            profile = first(tei.header, "profileDesc")
            descs = find_all(profile, "correspDesc") if profile is not None else []
            corrs = [read_correspondence(d) for d in descs]
            for c in corrs:
                references.extend(c.references)
            title = (front.title if tei.header is None or tei.header is root_header
                     or len(teis) == 1 else read_front(tei.header).title)
            begin = len(documents)
            documents.extend(finder.for_tei(tei, corrs, title))
            doc_ranges.append((i, begin, len(documents)))
        self._place_notes(notes, documents, doc_ranges)
        mentions = self._mentions(text, documents, notes)
        entities = self._entities(teis, references, mentions)
        layout = self._layout()
        return ReadResult(
            text=text, format="tei", encoding=self.encoding, layout=layout, front=front,
            documents=documents, notes=[n for n, _ in notes], mentions=mentions,
            entities=entities, structured=True, warnings=self.warnings,
        )

    # ----------------------------------------------------------------- notes

    def _render_notes(self, seen: list[_NoteSeen]) -> list[tuple[Note, _NoteSeen | None]]:
        """Anchor each note, then write the notes after the body, one paragraph each."""
        flow, render, index = self.flow, self.render, self.notes_index
        spans, points = render.spans, render.points

        def where(el: etree._Element) -> tuple[int, int] | None:
            rec = spans.get(el) or points.get(el)
            if rec is None or rec[0] is None:
                return None
            return rec[0], rec[1] if rec[1] is not None else rec[0]

        placed: list[tuple[tuple[int, int] | None, str | None, _NoteSeen]] = []
        done: set[etree._Element] = set()
        queue = list(seen)
        while queue:
            item = queue.pop(0)
            if item.el in done:
                continue
            done.add(item.el)
            anchor, marker = None, item.el.get("n")
            for ptr in index.pointers.get(item.el, []):
                at = where(ptr)
                if at is not None:
                    anchor = at
                    marker = marker or plain(ptr) or None
                    break
            if anchor is None:
                target, attr = index.target_of(item.el)
                at = where(target) if target is not None else None
                if at is not None:
                    anchor = at
                    # <anchor xml:id="k"/>lemma<note corresp="k">: the note comments the passage
                    if (attr == "corresp" and local(target) == "anchor"  # type: ignore[arg-type]
                            and item.pos is not None and 0 <= item.pos - at[0] <= 500):
                        anchor = (at[0], item.pos)
            if anchor is None and item.pos is not None:
                anchor = (item.pos, item.pos)
            placed.append((anchor, marker, item))
        order = sorted(range(len(placed)),
                       key=lambda i: (placed[i][0] is None,
                                      placed[i][0][0] if placed[i][0] else 0, i))
        out: list[tuple[Note, _NoteSeen | None]] = []
        count = 0
        for i in order:
            anchor, marker, item = placed[i]
            count += 1
            marker = clean(marker) or str(count)
            flow.block()
            flow.emit(marker)
            before = len(render.notes)
            rec = self._note_body(item.el)
            note = Note(marker=marker, text="", anchor_start=anchor[0] if anchor else None,
                        anchor_end=anchor[1] if anchor else None, start=rec[0], end=rec[1],
                        status="attached" if anchor else "dangling_note",
                        id=item.el.get(XML_ID))
            out.append((note, item))
            for nested in render.notes[before:]:  # a note inside a note: anchored in this one
                nested_anchor = (nested.pos, nested.pos)
                count += 1
                flow.block()
                nested_marker = clean(nested.el.get("n")) or str(count)
                flow.emit(nested_marker)
                nrec = self._note_body(nested.el)
                out.append((Note(nested_marker, "", nested_anchor[0], nested_anchor[1],
                                 nrec[0], nrec[1], "attached", id=nested.el.get(XML_ID)), nested))
            del render.notes[before:]
        for ptr, missing in index.missing:
            at = where(ptr)
            if at is None:
                continue
            out.append((Note(plain(ptr) or missing, "", at[0], at[1], None, None,
                             "dangling_marker"), None))
            self.warnings.append(f"note marker points to #{missing}, which is not in the file")
        return out

    def _note_body(self, el: etree._Element) -> list[int | None]:
        """Write a note's text after its marker: one paragraph, its blocks on lines."""
        flow = self.flow
        flow.space(False)
        flow.cap, flow.cap_after_emit = 1, 2
        rec = self.render.render_note(el)
        flow.cap = flow.cap_after_emit = 3
        flow.block()
        return rec

    def _place_notes(self, notes: list[tuple[Note, _NoteSeen | None]], documents: list[Document],
                     ranges: list[tuple[int, int, int]]) -> None:
        text = "".join(self.flow.parts)
        for note, item in notes:
            if note.start is not None and note.end is not None:
                note.text = text[note.start:note.end]
            if note.anchor_start is not None:
                note.document_index = _doc_at(documents, note.anchor_start)
            if note.document_index is None and item is not None:
                for tei_i, begin, end in ranges:
                    if tei_i == item.tei and end - begin == 1:
                        note.document_index = begin

    # ----------------------------------------------------------------- mentions

    def _mentions(self, text: str, documents: list[Document],
                  notes: list[tuple[Note, _NoteSeen | None]]) -> list[Mention]:
        note_ranges = [(n.start, n.end, n.document_index) for n, _ in notes
                       if n.start is not None and n.end is not None]
        out: list[Mention] = []
        seen: set[tuple[int, int, str | None, str]] = set()
        several = 0
        for el, rec in self.render.spans.items():
            name = local(el)
            etype = _mention_type(el, name)
            if etype is None or rec[0] is None or rec[1] is None or rec[1] <= rec[0]:
                continue
            key, count = normalise_key(el.get("ref") or el.get("key"))
            if count > 1:
                several += 1
            start, end = rec[0], rec[1]
            sig = (start, end, key, etype)
            if sig in seen:
                continue
            seen.add(sig)
            doc = _doc_at(documents, start)
            if doc is None:
                doc = next((d for s, e, d in note_ranges if s <= start < e), None)
            out.append(Mention(start, end, text[start:end], etype, key, document_index=doc))
        if several:
            self.warnings.append(f"{several} tagged name(s) refer to several entities at once; "
                                 "the first ref of each is kept")
        out.sort(key=lambda m: (m.start, -m.end))
        return out

    # ----------------------------------------------------------------- entities

    def _entities(self, teis: list[_Tei], references: list[Reference],
                  mentions: list[Mention]) -> list[Entity]:
        register = any(t.register for t in teis)
        entities = register_entries(self.root, register)
        known = {e.key: e for e in entities}
        refs = list(references) + [Reference(m.entity_key, clean(m.text), m.entity_type)
                                   for m in mentions if m.entity_key]
        for m in mentions:
            if m.entity_type == "other" and m.entity_key in known:
                m.entity_type = known[m.entity_key].entity_type
        extra: dict[str, Entity] = {}
        for ref in refs:
            if ref.key in known:
                continue
            entity = extra.get(ref.key)
            if entity is None:
                ids = {}
                pair = identifier_from_uri(ref.key)
                if pair:
                    ids[pair[0]] = pair[1]
                extra[ref.key] = Entity(ref.entity_type, ref.name or ref.key, identifiers=ids,
                                        key=ref.key)
            elif ref.name and ref.name != entity.name and ref.name not in entity.variants \
                    and len(entity.variants) < 20:
                entity.variants.append(ref.name)
        return entities + list(extra.values())

    # ----------------------------------------------------------------- layout

    def _layout(self) -> list[Layout]:
        out = list(self.render.layout)
        for el, rec in self.render.spans.items():
            name = local(el)
            if rec[0] is None or rec[1] is None or rec[1] <= rec[0]:
                continue
            kind = None
            attrs: dict[str, str] = {}
            if name in ("p", "ab"):
                kind = "paragraph"
            elif name == "head":
                kind = "heading"
            elif (name == "emph" or (name == "hi" and "ital" in (el.get("rend") or "").lower())
                  or (name == "title" and el.get("level") in ("m", "j"))):
                kind = "italic"
            elif name == "hi" and "bold" in (el.get("rend") or "").lower():
                kind = "bold"
            elif name in ("quote", "q"):
                kind = "quote"
            elif name == "div" or (name.startswith("div") and name[3:].isdigit()):
                kind = "div"
                attrs = {k: v for k, v in (("type", el.get("type")), ("n", el.get("n")),
                                           ("xml_id", el.get(XML_ID))) if v}
            elif name == "note":
                kind = "note_body"
            if kind:
                out.append(Layout(kind, rec[0], rec[1], attrs))
        index = self.notes_index
        for note_el, pointers in index.pointers.items():
            for ptr in pointers:
                rec = self.render.spans.get(ptr) or self.render.points.get(ptr)
                if rec is not None and rec[0] is not None:
                    out.append(Layout("note_ref", rec[0], rec[1] if rec[1] is not None else rec[0],
                                      {"note": note_el.get(XML_ID) or ""}))
        out.sort(key=lambda x: (x.start, -x.end))
        return out


def _mention_type(el: etree._Element, name: str) -> str | None:
    if name in _MENTION_ALWAYS:
        return _MENTION_ALWAYS[name]
    has_ref = bool(el.get("ref") or el.get("key"))
    if name in _MENTION_TYPED:
        kind = el.get("type")
        if kind:
            return entity_type_for(kind)
        return "other" if has_ref else None
    if name in _MENTION_KEYED and has_ref:
        return _MENTION_KEYED[name]
    return None


def _doc_at(documents: list[Document], pos: int) -> int | None:
    """The innermost document holding `pos`; one ending right at `pos` if none holds it."""
    best = None
    for i, d in enumerate(documents):
        if d.start <= pos < d.end and (
                best is None or d.end - d.start < documents[best].end - documents[best].start):
            best = i
    if best is None:
        for i, d in enumerate(documents):
            if d.start < d.end == pos:
                best = i
    return best


register_reader("tei", (".xml", ".tei", ".tei.xml"), read_tei)
