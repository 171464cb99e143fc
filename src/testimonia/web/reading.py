"""A document laid out for reading: paragraphs cut into plain text, mentions and note markers.

The templates render these pieces with autoescape on, so nothing from a document is ever
written into the page as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from testimonia.model import Document, Epigraph, Mention, Note, PageBreak, TextSpan
from testimonia.structure.paragraphs import split_paragraphs

# A paragraph that is a note's own text (plain-text sources keep their notes at the foot of
# the letter) is shown in the notes list, not twice; a few characters outside the note's
# span (its marker, "1." or "[2]") still count as the note.
_NOTE_LEAD = 8


@dataclass
class Piece:
    """A run of text: plain ("text"), emphasised ("em"), a mention ("mention"), a note marker
    ("note"), or where a page of the original begins ("page": `text` is its number, if any)."""

    kind: str
    text: str
    entity_id: str | None = None
    entity_type: str | None = None
    note: Note | None = None
    image: str | None = None


@dataclass
class ParagraphView:
    number: int  # from 1, the paragraph's citable number within the document
    start: int  # offsets into Source.text
    end: int
    role: str | None  # dateline, salutation, closing, signature or epigraph
    pieces: list[Piece] = field(default_factory=list)


def layout_document(document: Document, text: str, mentions: list[Mention], notes: list[Note],
                    source_format: str | None = None,
                    pages: list[PageBreak] | None = None) -> list[ParagraphView]:
    """Cut `text` (the document's stretch of its source) into paragraphs of pieces.

    A Markdown source keeps its markup in the stored text (every offset indexes the file); for
    reading, heading and quote markers and emphasis delimiters are hidden and emphasis is shown.
    """
    base = document.start
    hidden, emphasis = markdown_markup(text, base) if source_format == "markdown" else ([], [])
    anchors = sorted((n for n in notes if n.anchor_start is not None and n.anchor_end is not None),
                     key=lambda n: n.anchor_start or 0)
    bodies = [(n.start, n.end) for n in notes if n.start is not None and n.end is not None]
    shown = _without_overlaps([m for m in mentions if m.status != "rejected"], anchors)
    # a page that begins between paragraphs is marked at the start of the next one
    breaks = sorted((p for p in pages or () if base <= p.offset < base + len(text)), key=lambda p: p.offset)
    views: list[ParagraphView] = []
    for paragraph in split_paragraphs(text):
        start, end = base + paragraph.start, base + paragraph.end
        if _is_note_body(start, end, bodies, text, base):
            continue
        marks: list[tuple[int, int, Piece]] = []
        while breaks and breaks[0].offset < end:
            page = breaks.pop(0)
            at = max(page.offset, start)
            marks.append((at, at, Piece("page", page.number or "", image=page.image)))
        for note in anchors:
            a, b = note.anchor_start or 0, note.anchor_end or 0
            if start <= a and b <= end:
                marks.append((a, b, Piece("note", text[a - base:b - base], note=note)))
        for mention in shown:
            if start <= mention.start and mention.end <= end:
                marks.append((mention.start, mention.end,
                              Piece("mention", text[mention.start - base:mention.end - base],
                                    mention.entity_id, mention.entity_type)))
        marks.sort(key=lambda mark: (mark[0], mark[2].kind != "page"))
        pieces: list[Piece] = []
        position = start
        for a, b, piece in marks:
            if a > position:
                pieces.append(Piece("text", text[position - base:a - base]))
            pieces.append(piece)
            position = b
        if position < end:
            pieces.append(Piece("text", text[position - base:end - base]))
        if hidden or emphasis:
            pieces = _apply_markup(pieces, start, hidden, emphasis)
        views.append(ParagraphView(len(views) + 1, start, end, _role(document, start, end), pieces))
    return views


_MD_HIDDEN = (
    re.compile(r"^#{1,6}[ \t]+", re.MULTILINE),  # heading markers
    re.compile(r"[ \t]+#+[ \t]*$", re.MULTILINE),  # closing hashes of a heading
    re.compile(r"^>[ \t]?", re.MULTILINE),  # block-quote markers
)
_MD_DELIMITED = re.compile(r"(\*\*|__)(?!\s)(.+?)(?<!\s)\1|(?<![*_\w])([*_])(?!\s)(.+?)(?<!\s)\3(?![*_\w])")


def markdown_markup(text: str, base: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Markdown's markup in `text` (absolute offsets from `base`): spans to hide, spans to emphasise."""
    hidden = [(base + m.start(), base + m.end()) for pattern in _MD_HIDDEN for m in pattern.finditer(text)
              if m.end() > m.start()]
    emphasis = []
    for match in _MD_DELIMITED.finditer(text):
        group = 1 if match.group(1) else 3
        inner_start, inner_end = match.start(group + 1), match.end(group + 1)
        hidden += [(base + match.start(), base + inner_start), (base + inner_end, base + match.end())]
        emphasis.append((base + inner_start, base + inner_end))
    return sorted(hidden), emphasis


def _apply_markup(pieces: list[Piece], start: int, hidden: list[tuple[int, int]],
                  emphasis: list[tuple[int, int]]) -> list[Piece]:
    """Drop hidden characters from every piece; plain text inside emphasis becomes "em"."""
    result: list[Piece] = []
    position = start
    for piece in pieces:
        if piece.kind == "page":  # takes no room in the text
            result.append(piece)
            continue
        piece_start, piece_end = position, position + len(piece.text)
        position = piece_end
        near = [(a, b) for a, b in hidden if a < piece_end and piece_start < b]
        stressed = [(a, b) for a, b in emphasis if a < piece_end and piece_start < b]
        keep = [i for i in range(piece_start, piece_end) if not any(a <= i < b for a, b in near)]
        if piece.kind != "text":
            piece.text = "".join(piece.text[i - piece_start] for i in keep)
            result.append(piece)
            continue
        run: list[str] = []
        run_kind = None
        for i in keep:
            kind = "em" if any(a <= i < b for a, b in stressed) else "text"
            if kind != run_kind and run:
                result.append(Piece(run_kind or "text", "".join(run)))
                run = []
            run_kind = kind
            run.append(piece.text[i - piece_start])
        if run:
            result.append(Piece(run_kind or "text", "".join(run)))
    return result


def _without_overlaps(mentions: list[Mention], anchors: list[Note]) -> list[Mention]:
    """Mentions that overlap neither a note marker nor an earlier kept mention.

    Where two overlap, the longer one is kept: "Lev Kostrov" rather than "Lev".
    """
    taken = [(n.anchor_start or 0, n.anchor_end or 0) for n in anchors]
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if any(mention.start < b and a < mention.end for a, b in taken):
            continue
        taken.append((mention.start, mention.end))
        kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _is_note_body(start: int, end: int, bodies: list[tuple[int, int]], text: str, base: int) -> bool:
    for body_start, body_end in bodies:
        if body_start < end and start < body_end:
            before = text[start - base:max(start, body_start) - base]
            outside = before + text[min(end, body_end) - base:end - base]
            if len(outside.strip()) <= _NOTE_LEAD:
                return True
    return False


def _role(document: Document, start: int, end: int) -> str | None:
    for role in ("dateline", "salutation", "closing", "signature"):
        span = getattr(document, role)
        if span is not None and start <= span.start and span.end <= end and _covers(span, start, end):
            return role
    for epigraph in document.epigraphs:
        if start <= epigraph.start and epigraph.end <= end and _covers(epigraph, start, end):
            return "epigraph"
        # An epigraph whose attribution stands on a line of its own spans two paragraphs.
        if epigraph.start <= start and end <= epigraph.end:
            attribution = epigraph.attribution_start
            is_attribution = attribution is not None and start <= attribution < end
            return "epigraph-attribution" if is_attribution else "epigraph"
    return None


def _covers(span: TextSpan | Epigraph, start: int, end: int) -> bool:
    """Whether the span is most of the paragraph, so the paragraph can be styled as it."""
    return (span.end - span.start) * 10 >= (end - start) * 6


def link_parties(document: Document, mentions: list[Mention],
                 entities_named: Callable[[list[str], str], dict[str, str]]) -> None:
    """Give the document's senders, addressees and place the register entry they name.

    The store links a party only where the edition did (TEI keys). Otherwise: a linked mention
    in the same document that reads exactly as the party's name ("Motya" in "Your Motya"),
    or else the one register entry of that name and type.
    """
    linked: dict[str, str] = {}
    for mention in mentions:
        if mention.entity_id and mention.status != "rejected":
            linked.setdefault(_folded(mention.text), mention.entity_id)
    parties = [p for p in (*document.authors, *document.addressees) if not p.entity_id]
    for party in parties:
        party.entity_id = linked.get(_folded(party.name))
    unlinked = [p for p in parties if not p.entity_id]
    if unlinked:
        named = entities_named([p.name for p in unlinked], "person")
        for party in unlinked:
            party.entity_id = named.get(party.name)
    if document.place and not document.place_entity_id:
        document.place_entity_id = (linked.get(_folded(document.place))
                                    or entities_named([document.place], "place").get(document.place))


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def guess_language(text: str) -> str | None:
    """"ru" or "en" by which script most letters are in, for a document that does not say."""
    cyrillic = sum(1 for ch in text[:4000] if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in text[:4000] if ch.isascii() and ch.isalpha())
    if not cyrillic and not latin:
        return None
    return "ru" if cyrillic > latin else "en"
