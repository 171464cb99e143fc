"""The text of a source as TEI: a div per document, its parts, names, dates and notes.

The rule that shapes everything here: the TEI reader must read back exactly the text that
was stored for each document. The reader collapses whitespace and sets blocks off with one
blank line, so a document whose text is already in that form is written with plain <p>,
<lb/> and block elements; any other (Windows line ends, double spaces, a salutation that
runs on into its paragraph) is written with xml:space="preserve", every space and line
break kept as text. Names, dates and note markers are nested where they nest; a range that
crosses another, or a paragraph break, cannot be TEI and is counted as lost.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from testimonia.export.tei.dates import date_attributes
from testimonia.export.tei.xml import XML_ID, XML_LANG, XML_SPACE, Ids, add_text, language_tag, sub, xml_safe
from testimonia.model import Document, Mention, Note, PageBreak, Source

_WS = " \t\r\n"
_PARA = re.compile(r"[ \t\r]*\n[ \t\r]*\n[ \t\r\n]*")
_ABNORMAL = re.compile(r"[\t\r]|  | \n|\n |\n\n")
_MENTION_TAGS = {"person": ("persName", None), "place": ("placeName", None),
                 "organisation": ("orgName", None), "work": ("title", None)}
DIV_TYPES = {"letter": "letter", "diary_entry": "entry", "article": "article", "review": "review",
             "memoir": "memoir", "other": "document"}
_TOP = {"dateline", "salute", "signed"}


@dataclass
class _Range:
    start: int
    end: int
    tag: str
    attrs: dict[str, str]
    rank: int
    what: str  # mention, date or marker: what is counted as lost if it cannot be placed


@dataclass
class _Insert:
    """Something with no text of its own put at a place: a note, or the anchor a note points to."""

    at: int
    note: Note
    xml_id: str
    marker_id: str | None = None  # the <ref> around the marker, which the note's @target names
    anchor: bool = False  # an <anchor> where the passage a note comments begins
    corresp: str | None = None  # that anchor's id, named by the note's @corresp


@dataclass
class Losses:
    """What could not be written as TEI, by kind, so that callers can report it."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] += n


def stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _WS:
        start += 1
    while end > start and text[end - 1] in _WS:
        end -= 1
    return start, end


class BodyWriter:
    """Writes one source's documents and notes into a TEI <text>."""

    def __init__(self, source: Source, ids: Ids, entity_ref: dict[str, str], losses: Losses) -> None:
        self.source = source
        self.text = source.text
        self.ids = ids
        self.entity_ref = entity_ref  # entity id -> the @ref that points at its register entry
        self.losses = losses
        self.note_ids: dict[int, str] = {}
        self.placed_notes: set[object] = set()  # id(note), and (id(note), is it an anchor)
        self.placed_mentions: set[int] = set()
        self.preserve = False
        self.pages: list[tuple[int, PageBreak]] = []  # the document's page breaks still to write

    # ------------------------------------------------------------------ documents

    def write_document(self, parent: etree._Element, doc: Document, div_id: str | None,
                       corresp_id: str | None) -> None:
        """The document's text into `parent`: a typed div (div_id given) or the body itself."""
        text = self.text
        a, b = doc.start, doc.end
        parts = self._parts(doc)
        cuts = {p for (s, e), _ in parts for p in (s, e)}
        ranges = self._ranges(doc, a, b)
        chunks = _chunks(text, a, b, cuts, [r for r in ranges if r.what != "marker"])
        self.preserve = not self._normal(a, b, chunks, ranges)
        container = parent
        if div_id is not None:
            container = sub(parent, "div", type=DIV_TYPES.get(doc.kind, "document"))
            container.set(XML_ID, div_id)
            if corresp_id:
                container.set("decls", f"#{corresp_id}")
        lang = language_tag(doc.language)
        if lang and div_id is not None:
            container.set(XML_LANG, lang)
        if self.preserve:
            container.set(XML_SPACE, "preserve")
        inserts = self._inserts(a, b)
        # A page that begins between paragraphs is written at the start of the next one.
        self.pages = []
        for page in self.source.pages:
            if a <= page.offset < b and chunks:
                at = min((s for s, e in chunks if e > page.offset), default=chunks[-1][0])
                self.pages.append((max(at, page.offset), page))
        self._markers_that_cross(chunks, ranges, inserts)
        for insert in inserts:  # a note anchored between two paragraphs goes at the end of the first
            if chunks and not any(s <= insert.at <= e for s, e in chunks):
                insert.at = max([e for _, e in chunks if e <= insert.at], default=chunks[0][0])
        roles = [self._role(c, parts) for c in chunks]
        if doc.title and chunks and div_id is not None and text[chunks[0][0]:chunks[0][1]] == doc.title:
            roles[0] = "head"
        groups = _groups(roles)
        if chunks and self.preserve:
            add_text(container, text[a:chunks[0][0]])
        if doc.kind != "letter" and doc.date is not None and div_id is not None:
            self._entry_date(container, doc, chunks, roles)
        holders = [container] if len(groups) == 1 else [sub(container, "div") for _ in groups]
        previous_end: int | None = None
        for k, (holder, group) in enumerate(zip(holders, groups, strict=True)):
            closer: etree._Element | None = None
            for n, i in enumerate(group):
                s, e = chunks[i]
                gap = text[previous_end:s] if previous_end is not None and self.preserve else ""
                role = roles[i]
                if role == "signed" and closer is not None:
                    add_text(closer, gap)  # a signature right after the closing goes inside it
                    el = sub(closer, "signed")
                else:
                    if gap and n == 0 and k > 0:
                        holders[k - 1].tail = xml_safe(gap)
                    else:
                        add_text(holder, gap)
                    el = sub(holder, role)
                    closer = el if role == "closer" else None
                self._fill(el, s, e, ranges, inserts)
                previous_end = e
        if chunks and self.preserve:
            add_text(container, text[chunks[-1][1]:b])
        if not chunks:
            sub(container, "p")
        if self.pages:
            self.losses.add("page break", len(self.pages))
            self.pages = []

    def _parts(self, doc: Document) -> list[tuple[tuple[int, int], str]]:
        out = []
        for span, role in ((doc.dateline, "dateline"), (doc.salutation, "salute"),
                           (doc.closing, "closer"), (doc.signature, "signed")):
            if span is not None and doc.start <= span.start < span.end <= doc.end:
                out.append((stripped(self.text, span.start, span.end), role))
        return out

    @staticmethod
    def _role(chunk: tuple[int, int], parts: list[tuple[tuple[int, int], str]]) -> str:
        for span, role in parts:
            if span == chunk:
                return role
        return "p"

    def _normal(self, a: int, b: int, chunks: list[tuple[int, int]], ranges: list[_Range]) -> bool:
        """Whether the reader's own whitespace rules give this document's text back."""
        text = self.text
        if not chunks or (chunks[0][0], chunks[-1][1]) != (a, b):
            return False
        for (_, e), (s, _) in itertools.pairwise(chunks):
            if text[e:s] != "\n\n":
                return False
        if any(_ABNORMAL.search(text, s, e) for s, e in chunks):
            return False
        return all(text[r.start] not in _WS and text[r.end - 1] not in _WS for r in ranges)

    # ------------------------------------------------------------------ inline content

    def _ranges(self, doc: Document, a: int, b: int) -> list[_Range]:
        ranges: list[_Range] = []
        for n, mention in enumerate(self.source.mentions):
            if a <= mention.start < mention.end <= b and mention.status != "rejected":
                ranges.append(self._mention_range(mention, n))
        date = doc.date
        if date is not None and date.start is not None and date.end is not None \
                and a <= date.start < date.end <= b:
            s, e = stripped(self.text, date.start, date.end)
            if e > s:
                ranges.append(_Range(s, e, "date", date_attributes(date), 1, "date"))
        for note in self.source.notes:
            if note.anchor_start is None or note.anchor_end is None:
                continue
            if a <= note.anchor_start < note.anchor_end <= b:
                attrs = {"type": "noteAnchor", "target": f"#{self._note_id(note)}",
                         XML_ID: self._marker_id(note), "n": note.marker}
                ranges.append(_Range(note.anchor_start, note.anchor_end, "ref", attrs, 2, "marker"))
        return ranges

    def _mention_range(self, mention: Mention, n: int) -> _Range:
        tag, kind = _MENTION_TAGS.get(mention.entity_type, ("rs", mention.entity_type))
        attrs: dict[str, str] = {}
        if kind:
            attrs["type"] = kind
        ref = self.entity_ref.get(mention.entity_id or "")
        if ref:
            attrs["ref"] = ref
        return _Range(mention.start, mention.end, tag, attrs, 0, f"mention:{n}")

    def _note_number(self, note: Note) -> int:
        return self.source.notes.index(note) + 1

    def _marker_id(self, note: Note) -> str:
        key = -id(note)
        if key not in self.note_ids:
            self.note_ids[key] = self.ids.take(None, f"noteref{self._note_number(note)}")
        return self.note_ids[key]

    def _note_id(self, note: Note) -> str:
        key = id(note)
        if key not in self.note_ids:
            self.note_ids[key] = self.ids.take(None, f"note{self._note_number(note)}")
        return self.note_ids[key]

    def _inserts(self, a: int, b: int) -> list[_Insert]:
        out = []
        for note in self.source.notes:
            start, end = note.anchor_start, note.anchor_end
            if start is None or end is None or not (a <= start <= b and a <= end <= b):
                continue
            if note.status == "dangling_marker":
                continue
            marker = self._marker_id(note) if end > start else None
            out.append(_Insert(end, note, self._note_id(note), marker))
        return out

    def _markers_that_cross(self, chunks: list[tuple[int, int]], ranges: list[_Range],
                            inserts: list[_Insert]) -> None:
        """A marker that would cross a name or a paragraph break is not wrapped in a <ref>: an
        <anchor> at its start and the note's @corresp mark the passage instead (as editions
        mark a commented lemma), so that no name is given up for it."""
        names = [r for r in ranges if r.what != "marker"]
        for marker in [r for r in ranges if r.what == "marker"]:
            chunk = next(((s, e) for s, e in chunks if s <= marker.start and marker.end <= e), None)
            crosses = chunk is None or any(
                r.start < marker.end and marker.start < r.end
                and not (r.start <= marker.start and marker.end <= r.end)
                and not (marker.start <= r.start and r.end <= marker.end) for r in names)
            if not crosses:
                names.append(marker)
                continue
            ranges.remove(marker)
            insert = next(i for i in inserts if i.marker_id == marker.attrs[XML_ID])
            insert.marker_id = None
            if marker.end - marker.start > 500:  # the reader joins an anchor to a note within 500
                self.losses.add("marker")
                continue
            anchor_id = self.ids.take(None, f"lemma{self._note_number(insert.note)}")
            insert.corresp = anchor_id
            inserts.append(_Insert(marker.start, insert.note, anchor_id, anchor=True))

    def _fill(self, el: etree._Element, s: int, e: int, ranges: list[_Range],
              inserts: list[_Insert]) -> None:
        """Write text[s:e] into el with the ranges that nest inside it and the notes at their places."""
        inside = [r for r in ranges if s <= r.start and r.end <= e]
        crossing = [r for r in ranges if r.start < e and r.end > s and r not in inside]
        for r in crossing:
            if r.start >= s and not r.what.startswith("mention"):  # mentions are counted at the end
                self.losses.add(r.what)
        nested = _nest(inside, self.losses)
        self._write(el, s, e, nested, inserts, last=True)

    def _write(self, el: etree._Element, s: int, e: int, nested: list[tuple[_Range, list]],
               inserts: list[_Insert], last: bool) -> None:
        pos = s
        for r, children in nested:
            self._text(el, pos, r.start, inserts, include_end=False)
            attrs = {k: v for k, v in r.attrs.items() if k != XML_ID}
            child = sub(el, r.tag, **attrs)
            if XML_ID in r.attrs:
                child.set(XML_ID, r.attrs[XML_ID])
            if r.what.startswith("mention:"):
                self.placed_mentions.add(int(r.what.split(":")[1]))
            self._write(child, r.start, r.end, children, inserts, last=False)
            pos = r.end
        self._text(el, pos, e, inserts, include_end=last)

    def _text(self, el: etree._Element, s: int, e: int, inserts: list[_Insert],
              include_end: bool) -> None:
        waiting = [i for i in inserts if (id(i.note), i.anchor) not in self.placed_notes
                   and (s <= i.at < e or (include_end and i.at == e))]
        pos = s
        for at in sorted({i.at for i in waiting}):
            self._plain(el, pos, at)
            for insert in [i for i in waiting if i.at == at]:
                self.placed_notes.add((id(insert.note), insert.anchor))
                if insert.anchor:
                    sub(el, "anchor").set(XML_ID, insert.xml_id)
                else:
                    self._note(el, insert, at)
            pos = at
        self._plain(el, pos, e)

    def _plain(self, el: etree._Element, s: int, e: int) -> None:
        if e <= s:
            return
        while self.pages and s <= self.pages[0][0] < e:
            at, page = self.pages.pop(0)
            self._plain_run(el, s, at)
            pb = sub(el, "pb")
            for name, value in (("n", page.number), ("facs", page.image)):
                if value:
                    pb.set(name, value)
            s = at
        self._plain_run(el, s, e)

    def _plain_run(self, el: etree._Element, s: int, e: int) -> None:
        if e <= s:
            return
        piece = self.text[s:e]
        if self.preserve:
            add_text(el, piece)
            return
        lines = piece.split("\n")
        add_text(el, lines[0])
        for line in lines[1:]:
            sub(el, "lb")
            add_text(el, line)

    def _note(self, el: etree._Element, insert: _Insert, at: int) -> None:
        note = insert.note
        self.placed_notes.add(id(note))
        target = None
        if insert.marker_id:
            target = f"#{insert.marker_id}"
        elif insert.corresp:
            self.note_element(el, note, insert.xml_id, None).set("corresp", f"#{insert.corresp}")
            return
        elif not self.preserve and at > 0 and self.text[at - 1] in _WS:
            # the reader places an inline note before the space it follows; an anchor takes
            # the position of the next character, which is where this note was anchored
            anchor_id = self.ids.take(None, f"anchor{self._note_number(note)}")
            sub(el, "anchor").set(XML_ID, anchor_id)
            target = f"#{anchor_id}"
        self.note_element(el, note, insert.xml_id, target)

    def note_element(self, parent: etree._Element, note: Note, xml_id: str,
                     target: str | None) -> etree._Element:
        el = sub(parent, "note", n=note.marker or None, target=target)
        el.set(XML_ID, xml_id)
        text = self.text
        if note.start is not None and note.end is not None and text[note.start:note.end] == note.text:
            s, e = note.start, note.end
            body = text
        else:
            s, e, body = 0, len(note.text), note.text
        normal = (body[s:e] == body[s:e].strip(_WS) and not _ABNORMAL.search(body, s, e))
        saved = self.preserve
        self.preserve = not normal
        if self.preserve:
            el.set(XML_SPACE, "preserve")
        ranges = []
        if body is text:
            ranges = [self._mention_range(m, n) for n, m in enumerate(self.source.mentions)
                      if s <= m.start < m.end <= e and m.status != "rejected"]
            if normal:
                ranges = [r for r in ranges if text[r.start] not in _WS and text[r.end - 1] not in _WS]
        saved_text = self.text
        self.text = body
        self._write(el, s, e, _nest(ranges, self.losses), [], last=True)
        self.text = saved_text
        self.preserve = saved
        return el

    # ------------------------------------------------------------------ dates of entries

    def _entry_date(self, container: etree._Element, doc: Document, chunks: list[tuple[int, int]],
                    roles: list[str]) -> None:
        """An entry's date where the reader looks for it: a heading, a dateline, the first paragraph."""
        date = doc.date
        assert date is not None
        if date.start is not None and date.end is not None:
            first_p = next((c for c, r in zip(chunks, roles, strict=True) if r == "p"), None)
            holders = [c for c, r in zip(chunks, roles, strict=True) if r in ("dateline", "head")]
            holders += [first_p] if first_p else []
            if any(s <= date.start and date.end <= e for s, e in holders):
                return
        attrs = date_attributes(date)
        if attrs:
            sub(container, "docDate", **attrs)


def _chunks(text: str, a: int, b: int, cuts: set[int], ranges: list[_Range]) -> list[tuple[int, int]]:
    """The blocks of text[a:b]: split at paragraph breaks and at `cuts`, whitespace trimmed.

    A paragraph break inside a name is no break: the name keeps its text, and the document
    is written with its whitespace preserved.
    """
    bounds = sorted({a, b} | {c for c in cuts if a < c < b})
    pieces: list[tuple[int, int]] = []
    for s, e in itertools.pairwise(bounds):
        pos = s
        for m in _PARA.finditer(text, s, e):
            if any(r.start < m.start() and m.end() < r.end for r in ranges):
                continue
            pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, e))
    out = []
    for s, e in pieces:
        s, e = stripped(text, s, e)
        if e > s:
            out.append((s, e))
    return out


def _groups(roles: list[str]) -> list[list[int]]:
    """Chunks grouped so that each group is a valid TEI div: top parts, paragraphs, bottom parts.

    A closing before any paragraph cannot be a <closer> (TEI puts closers after the text),
    so it is written as a paragraph.
    """
    groups: list[list[int]] = [[]]
    phase = "top"
    for i, role in enumerate(roles):
        if role == "head":
            phase = "top" if phase == "top" else phase
        elif role == "p":
            if phase == "bottom":
                groups.append([])
            phase = "middle"
        elif phase == "top":
            if role not in _TOP:
                roles[i] = "p"
                phase = "middle"
        else:
            phase = "bottom"
        groups[-1].append(i)
    return [g for g in groups if g]


def _nest(ranges: list[_Range], losses: Losses) -> list[tuple[_Range, list]]:
    """The ranges as a tree; a range that crosses one already placed is dropped and counted."""
    ordered = sorted(ranges, key=lambda r: (r.start, -r.end, r.rank))
    root: list[tuple[_Range, list]] = []
    stack: list[tuple[_Range, list]] = []
    for r in ordered:
        while stack and stack[-1][0].end <= r.start:
            stack.pop()
        if stack and r.end > stack[-1][0].end:
            if not r.what.startswith("mention"):  # mentions are counted once all are written
                losses.add(r.what)
            continue
        node: tuple[_Range, list] = (r, [])
        (stack[-1][1] if stack else root).append(node)
        stack.append(node)
    return root
