"""A document laid out for reading: paragraphs cut into plain text, mentions and note markers.

The templates render these pieces with autoescape on, so nothing from a document is ever
written into the page as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from testimonia.model import Document, Epigraph, Mention, Note, TextSpan
from testimonia.structure.paragraphs import split_paragraphs

# A paragraph that is a note's own text (plain-text sources keep their notes at the foot of
# the letter) is shown in the notes list, not twice; a few characters outside the note's
# span (its marker, "1." or "[2]") still count as the note.
_NOTE_LEAD = 8


@dataclass
class Piece:
    """A run of text: plain ("text"), a mention ("mention") or a note marker ("note")."""

    kind: str
    text: str
    entity_id: str | None = None
    entity_type: str | None = None
    note: Note | None = None


@dataclass
class ParagraphView:
    number: int  # from 1, the paragraph's citable number within the document
    start: int  # offsets into Source.text
    end: int
    role: str | None  # dateline, salutation, closing, signature or epigraph
    pieces: list[Piece] = field(default_factory=list)


def layout_document(document: Document, text: str, mentions: list[Mention],
                    notes: list[Note]) -> list[ParagraphView]:
    """Cut `text` (the document's stretch of its source) into paragraphs of pieces."""
    base = document.start
    anchors = sorted((n for n in notes if n.anchor_start is not None and n.anchor_end is not None),
                     key=lambda n: n.anchor_start or 0)
    bodies = [(n.start, n.end) for n in notes if n.start is not None and n.end is not None]
    shown = _without_overlaps([m for m in mentions if m.status != "rejected"], anchors)
    views: list[ParagraphView] = []
    for paragraph in split_paragraphs(text):
        start, end = base + paragraph.start, base + paragraph.end
        if _is_note_body(start, end, bodies, text, base):
            continue
        marks: list[tuple[int, int, Piece]] = []
        for note in anchors:
            a, b = note.anchor_start or 0, note.anchor_end or 0
            if start <= a and b <= end:
                marks.append((a, b, Piece("note", text[a - base:b - base], note=note)))
        for mention in shown:
            if start <= mention.start and mention.end <= end:
                marks.append((mention.start, mention.end,
                              Piece("mention", text[mention.start - base:mention.end - base],
                                    mention.entity_id, mention.entity_type)))
        marks.sort(key=lambda mark: mark[0])
        pieces: list[Piece] = []
        position = start
        for a, b, piece in marks:
            if a > position:
                pieces.append(Piece("text", text[position - base:a - base]))
            pieces.append(piece)
            position = b
        if position < end:
            pieces.append(Piece("text", text[position - base:end - base]))
        views.append(ParagraphView(len(views) + 1, start, end, _role(document, start, end), pieces))
    return views


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
    if any(start <= e.start and e.end <= end and _covers(e, start, end) for e in document.epigraphs):
        return "epigraph"
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
