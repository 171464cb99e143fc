"""Flatten TEI bodies into the plain text a reader of the edition sees, with offsets.

Everything later (documents, notes, mentions, layout) works from character offsets, so
the walk records where each element's text landed as it writes. Whitespace collapses,
blocks are set off by blank lines, one reading of each <choice> or <app> is kept, and
notes are set aside, to be written after the body.
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass

from lxml import etree

from testimonia.model import Layout
from testimonia.read.tei.elements import XML_SPACE, is_tei, local


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
        self.preserve = 0  # depth inside xml:space="preserve": whitespace is written as it stands
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
        if self.preserve:
            return
        if self.pending == 0:
            self.pending, self.pending_nl = 1, newline
        elif self.pending == 1:
            self.pending_nl = self.pending_nl and newline

    def line(self) -> None:
        if self.preserve:
            return
        level = min(2, self.cap)
        if self.pending < level:
            self.pending = level

    def block(self) -> None:
        if self.preserve:
            return
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
        if self.preserve:
            self.emit(t)
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
            attrs = {k: v for k, v in (("n", el.get("n")), ("image", el.get("facs"))) if v}
            self.layout.append(Layout("page_break", flow.length, flow.length, attrs))
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
        self._walk_content(el)
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
        return self._walk_content(el)

    def _walk_content(self, el: etree._Element) -> list[int | None]:
        """Walk an element's text and children into the flow and record the span it covers."""
        flow = self.flow
        # xml:space="preserve" (which testimonia's own export writes where whitespace matters)
        # keeps every space and line break of the content; the break before it still applies
        preserve = el.get(XML_SPACE) == "preserve"
        flow.preserve += preserve
        rec = flow.open()
        if el.text:
            flow.text(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                flow.text(child.tail)
        flow.close(rec)
        flow.preserve -= preserve
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
