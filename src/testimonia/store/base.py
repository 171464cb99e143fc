"""The store interface. SQLite implements it now; a PostgreSQL store will implement it too.

Nothing above this package sees SQL, cursors or rows: the store takes and returns the
dataclasses of `testimonia.model`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from testimonia.model import Document, Entity, Mention, Note, Source, SourceSummary


@dataclass(frozen=True)
class DocumentFilter:
    """What `Store.documents` narrows to; every field optional."""

    kind: str | None = None
    date_from: str | None = None  # ISO day, inclusive: documents whose interval reaches it
    date_to: str | None = None
    author: str | None = None  # a substring of a sender's or author's name, case-insensitive
    addressee: str | None = None
    source_id: str | None = None
    include_history: bool = False  # documents of superseded source versions too
    limit: int | None = None
    offset: int = 0


class Store(Protocol):
    """An archive's persistent state."""

    def close(self) -> None: ...

    def schema_version(self) -> int: ...

    def find_source_by_sha(self, sha256: str) -> SourceSummary | None: ...

    def current_version(self, path: str) -> SourceSummary | None: ...

    def add_source(self, source: Source) -> SourceSummary:
        """Store a structured source and everything in it, in one transaction."""
        ...

    def sources(self, include_history: bool = False) -> list[SourceSummary]: ...

    def source(self, source_id: str) -> Source: ...

    def source_summary(self, source_id: str) -> SourceSummary: ...

    def documents(self, where: DocumentFilter) -> list[Document]: ...

    def count_documents(self, where: DocumentFilter) -> int: ...

    def document(self, document_id: str) -> Document: ...

    def notes(self, source_id: str | None = None, document_id: str | None = None) -> list[Note]: ...

    def entities(self, entity_type: str | None = None) -> Iterator[Entity]: ...

    def entity(self, entity_id: str) -> Entity: ...

    def mentions(self, source_id: str | None = None, document_id: str | None = None,
                 entity_id: str | None = None) -> list[Mention]: ...

    def counts(self) -> dict[str, int]: ...

    def iter_sources(self, include_history: bool = False) -> Iterator[Source]:
        """Every source with its documents, notes and mentions, one at a time."""
        ...
