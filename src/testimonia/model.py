"""The things testimonia knows about, as plain dataclasses.

Every stage takes and returns these records; outside libraries' types (lxml elements,
docx paragraphs, sqlite rows) are converted into them at the border. All offsets are
character offsets (Python string indices) into `Source.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DocumentKind = Literal["letter", "diary_entry", "article", "review", "memoir", "other"]
DOCUMENT_KINDS: tuple[str, ...] = ("letter", "diary_entry", "article", "review", "memoir", "other")

# The distinctions EMLO and CMIF 1.1 make about a date or a party: read straight from the
# text, worked out by the editor or the system, doubtful, or only roughly known.
Certainty = Literal["stated", "inferred", "uncertain", "approximate"]

NoteStatus = Literal["attached", "dangling_marker", "dangling_note"]

ENTITY_TYPES: tuple[str, ...] = ("person", "place", "organisation", "work", "event", "other")


@dataclass(frozen=True)
class Credit:
    """Someone who had a hand in the text as we hold it (translator, transcriber, ...)."""

    role: str
    name: str


@dataclass
class Publication:
    """Where a text first appeared in print or online."""

    text: str
    periodical: str | None = None
    volume: str | None = None
    issue: str | None = None
    date_text: str | None = None
    date: str | None = None  # EDTF
    pages: str | None = None


@dataclass
class DateValue:
    """A date as written beside its normalised form.

    `edtf` is an EDTF string (a day, month, year, interval or approximate/uncertain form).
    `start`/`end` locate `text` in the source text when it was read from there.
    """

    text: str
    edtf: str | None
    certainty: Certainty = "stated"
    calendar: str | None = None  # "julian" or "gregorian" where the text says which
    start: int | None = None
    end: int | None = None

    @property
    def earliest(self) -> str | None:
        """ISO day at which the interval opens, for sorting and filtering."""
        from testimonia.structure.dates import edtf_bounds

        return edtf_bounds(self.edtf)[0] if self.edtf else None

    @property
    def latest(self) -> str | None:
        from testimonia.structure.dates import edtf_bounds

        return edtf_bounds(self.edtf)[1] if self.edtf else None


@dataclass
class Party:
    """A sender, author or addressee as the text names them, linked to the register if known."""

    name: str
    entity_id: str | None = None
    certainty: Certainty = "stated"


@dataclass
class TextSpan:
    """A located piece of text: a dateline, a salutation, a signature."""

    start: int
    end: int
    text: str


@dataclass
class Epigraph:
    """A quotation set at the head of a text, with the line that attributes it."""

    start: int
    end: int
    text: str
    attribution: str | None = None
    attribution_start: int | None = None
    attribution_end: int | None = None


@dataclass
class Layout:
    """A piece of the reader's markup kept for the stages after it.

    kind is one of: paragraph, heading, italic, bold, quote, note_ref, note_body, page_break,
    div (a TEI div or similar section), front (material before the body).
    """

    kind: str
    start: int
    end: int
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class Document:
    """One unit inside a source: a letter, a diary entry, an article or review, a chapter."""

    kind: str
    start: int
    end: int
    title: str | None = None
    date: DateValue | None = None
    place: str | None = None
    place_entity_id: str | None = None
    authors: list[Party] = field(default_factory=list)
    addressees: list[Party] = field(default_factory=list)
    dateline: TextSpan | None = None
    salutation: TextSpan | None = None
    closing: TextSpan | None = None
    signature: TextSpan | None = None
    epigraphs: list[Epigraph] = field(default_factory=list)
    language: str | None = None
    xml_id: str | None = None
    id: str | None = None
    source_id: str | None = None


@dataclass
class Note:
    """A footnote or endnote and where its marker stands.

    `anchor_start`/`anchor_end` cover the marker in the text (None for a dangling note);
    `start`/`end` cover the note's own text where it lies in `Source.text` (None for a
    dangling marker).
    """

    marker: str
    text: str
    anchor_start: int | None
    anchor_end: int | None
    start: int | None = None
    end: int | None = None
    status: str = "attached"
    document_index: int | None = None
    id: str | None = None
    source_id: str | None = None
    document_id: str | None = None


@dataclass
class Entity:
    """A register entry: a person, place, organisation or work."""

    entity_type: str
    name: str
    variants: list[str] = field(default_factory=list)
    identifiers: dict[str, str] = field(default_factory=dict)
    key: str | None = None  # the id the entry had where it was read from (a TEI xml:id or @ref)
    keys: list[str] = field(default_factory=list)  # every such id met, once stored
    birth: str | None = None
    death: str | None = None
    description: str | None = None
    status: str = "proposed"  # proposed, confirmed, merged
    id: str | None = None
    roles: list[str] = field(default_factory=list)
    merged_into: str | None = None


@dataclass
class Mention:
    """A span of text that refers to an entity."""

    start: int
    end: int
    text: str
    entity_type: str
    entity_key: str | None = None
    entity_id: str | None = None
    method: str = "markup"
    confidence: float = 1.0
    document_index: int | None = None
    id: str | None = None
    source_id: str | None = None
    document_id: str | None = None
    status: str = "proposed"  # proposed, linked, ambiguous, confirmed, rejected
    decided_by: str = "system"  # "editor" once an editor confirmed, rejected or relinked it
    reason: str | None = None  # why it was linked as it is, in words
    candidates: list[tuple[str, float]] = field(default_factory=list)  # (entity id, score)


@dataclass
class FrontMatter:
    """What a source says about itself before (or after) its texts."""

    title: str | None = None
    subtitle: str | None = None
    series: str | None = None
    author: str | None = None
    credits: list[Credit] = field(default_factory=list)
    published_in: Publication | None = None
    last_updated: DateValue | None = None
    licence: str | None = None
    provenance: str | None = None  # where the original is kept ("the Kostrov family archive")
    language: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class ReadResult:
    """What a reader hands to the structure stage.

    Readers of structured formats (TEI) fill `documents`, `notes`, `mentions` and
    `entities` themselves; for plain formats the structure stage finds them.
    """

    text: str
    format: str
    encoding: str | None
    layout: list[Layout] = field(default_factory=list)
    front: FrontMatter = field(default_factory=FrontMatter)
    documents: list[Document] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    structured: bool = False  # True when the reader already split the text into documents
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PageBreak:
    """Where a page of the original begins: an offset into `Source.text`, the page's number as
    the edition or transcription gives it, and the image of the page where one is named."""

    offset: int
    number: str | None = None
    image: str | None = None


@dataclass
class Source:
    """One ingested file, structured, ready for the store."""

    path: str
    sha256: str
    size: int
    format: str
    encoding: str | None
    text: str
    front: FrontMatter
    documents: list[Document]
    notes: list[Note]
    mentions: list[Mention]
    entities: list[Entity]
    warnings: list[str] = field(default_factory=list)
    id: str | None = None
    version: int = 1
    ingested_at: str | None = None
    pages: list[PageBreak] = field(default_factory=list)  # page breaks of the original, in order

    @property
    def title(self) -> str | None:
        return self.front.title


@dataclass
class SourceSummary:
    """A source as listed: no text, no documents."""

    id: str
    path: str
    sha256: str
    format: str
    encoding: str | None
    title: str | None
    version: int
    current: bool
    ingested_at: str
    size: int
    documents: int = 0
    notes: int = 0
    mentions: int = 0
