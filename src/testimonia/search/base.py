"""The search records and the interface every search engine implements.

The store keeps the archive; a search index is a rebuildable copy of it shaped for full-text
queries. Engines (tantivy, SQLite FTS5, later PostgreSQL) take `IndexedDocument`s in and give
`SearchResult`s out, so the archive, the CLI and the web app never see an engine's own types.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

FACET_NAMES: tuple[str, ...] = ("kind", "person", "place", "author", "addressee", "language",
                                "source", "year")


@dataclass(frozen=True)
class SearchQuery:
    """What the user asks: query text (see `testimonia.search.query`) plus filters.

    `person` and `place` are register entry ids; `author` and `addressee` an entry id or a
    name as the document gives it (case-insensitive); `date_from`/`date_to` inclusive bounds,
    YYYY, YYYY-MM or YYYY-MM-DD (a document matches when its date interval reaches into them).
    """

    text: str = ""
    kind: str | None = None
    person: str | None = None
    place: str | None = None
    author: str | None = None
    addressee: str | None = None
    language: str | None = None
    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    limit: int = 20
    offset: int = 0
    fuzzy_names: bool = True
    facets: bool = True  # facet counts cost one more pass over the matches; a pager can skip them


@dataclass(frozen=True)
class SearchHit:
    """One matching document. Each snippet is HTML-safe: text escaped, matches in <mark>."""

    document_id: str
    source_id: str
    kind: str
    title: str | None
    date_edtf: str | None
    language: str | None
    score: float
    snippets: list[str]


@dataclass(frozen=True)
class FacetCount:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    query: SearchQuery
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetCount]]  # keys: FACET_NAMES
    expansions: list[str]  # name variants the fuzzy matcher added, shown to the user
    took_ms: float


@dataclass(frozen=True)
class IndexedParty:
    """An author or addressee: the name as written and the register entry, if linked."""

    name: str
    entity_id: str | None = None

    @property
    def facet_value(self) -> str:
        return self.entity_id or self.name


@dataclass(frozen=True)
class IndexedDocument:
    """A document as the index holds it: its text with its notes' text, and what to filter on."""

    document_id: str
    source_id: str
    kind: str
    text: str
    title: str | None = None
    date_edtf: str | None = None
    earliest: str | None = None  # ISO day
    latest: str | None = None
    language: str | None = None  # "en" or "ru"; guessed from the script when unknown
    persons: tuple[str, ...] = ()  # register entry ids of linked mentions
    places: tuple[str, ...] = ()
    authors: tuple[IndexedParty, ...] = field(default_factory=tuple)
    addressees: tuple[IndexedParty, ...] = field(default_factory=tuple)


class SearchIndex(Protocol):
    """A full-text index of an archive's current documents and their notes."""

    def add(self, documents: Iterable[IndexedDocument]) -> int:
        """Add documents (none of which is in the index yet) in one commit; returns how many."""
        ...

    def replace_source(self, source_id: str, documents: Iterable[IndexedDocument]) -> int:
        """Drop every document of `source_id` and add these, in one commit."""
        ...

    def delete_source(self, source_id: str) -> None: ...

    def set_name_groups(self, groups: Iterable[Sequence[str]]) -> None:
        """Register entries as groups of name variants, for name expansion (replaces the old)."""
        ...

    def search(self, query: SearchQuery) -> SearchResult: ...

    def clear(self) -> None: ...

    def count(self) -> int: ...

    def close(self) -> None: ...
