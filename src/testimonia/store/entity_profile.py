"""What an entry's page shows, read in one pass over its mentions.

The page needs the entry's mentions several ways (a page of them in context, their count, their
years, the documents they fall in, the letters whose sender or addressee they name). Reading the
mentions once and answering all of these in Python costs one indexed scan, where a query per
question would scan them five or six times.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from testimonia.model import Document, Party

_CURRENT = "source_id IN (SELECT id FROM sources WHERE current = 1)"
ROLES = ("author", "addressee", "mentioned")


@dataclass(frozen=True)
class MentionInContext:
    """One mention of an entry with the words around it, for reading down a list."""

    mention_id: str
    source_id: str
    document_id: str | None
    text: str
    before: str
    after: str
    status: str
    document_title: str | None
    document_kind: str | None
    date_text: str | None
    date: str | None


@dataclass
class EntityProfile:
    """An entry's mentions (one page in context), their years, and its documents by role.

    `documents[role]` is (the first documents, how many in all) for "author" (letters and
    texts by the entry), "addressee" (to it) and "mentioned" (naming it), dated ones first.
    """

    mentions: list[MentionInContext]
    mention_total: int
    years: list[tuple[int | None, int]]
    documents: dict[str, tuple[list[Document], int]] = field(default_factory=dict)


class EntityProfileMixin:
    """The entry page's reading; mixed into SQLiteStore."""

    _db: sqlite3.Connection

    if TYPE_CHECKING:
        def _parties(self, document_ids: list[str]) -> dict[str, dict[str, list[Party]]]: ...

    def entity_profile(self, entity_id: str, mention_limit: int = 25, mention_offset: int = 0,
                       documents_limit: int = 50, width: int = 80) -> EntityProfile:
        """Everything the entry page lists, from current sources, rejected mentions left out."""
        rows = self._db.execute(
            'SELECT m.id, m.source_id, m.document_id, m.start, m."end", m.text, m.status, d.earliest,'
            " d.title, d.kind, d.date_text FROM mentions m LEFT JOIN documents d ON d.id = m.document_id"
            f" WHERE m.entity_id = ? AND m.status != 'rejected' AND m.{_CURRENT}", (entity_id,)).fetchall()
        rows.sort(key=lambda r: (r[7] is None, r[7] or "", r[1], r[3]))
        years = Counter(int(r[7][:4]) if r[7] and r[7][:4].isdigit() else None for r in rows)
        dated: dict[str, str | None] = {r[2]: r[7] for r in rows if r[2]}
        by_role = self._party_documents(entity_id, rows)
        for role_documents in by_role.values():
            for document_id, earliest in role_documents.items():
                dated.setdefault(document_id, earliest)
        by_role["mentioned"] = {r[2]: r[7] for r in rows if r[2]}
        documents = {}
        for role in ROLES:
            ordered = sorted(by_role[role], key=lambda d: (dated.get(d) is None, dated.get(d) or "", d))
            documents[role] = (self._documents_by_id(ordered[:documents_limit]), len(ordered))
        page = rows[mention_offset:mention_offset + mention_limit]
        return EntityProfile(self._in_context(page, width), len(rows),
                             sorted(years.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)), documents)

    def _party_documents(self, entity_id: str, rows: list[Any]) -> dict[str, dict[str, str | None]]:
        """Documents whose sender ("author") or addressee is the entry: linked so, or named by a
        word that a mention of the entry in the same document links (see store/letters.py)."""
        found: dict[str, dict[str, str | None]] = {"author": {}, "addressee": {}}
        for document_id, role, earliest in self._db.execute(
                "SELECT p.document_id, p.role, d.earliest FROM parties p"
                " JOIN documents d ON d.id = p.document_id"
                f" WHERE p.entity_id = ? AND d.{_CURRENT}", (entity_id,)):
            if role in found:
                found[role][document_id] = earliest
        # An unlinked party named as a mention of the entry in the same document names the entry.
        # The mentions have few distinct spellings: look each up among the parties by name.
        spoken = {(row[2], row[5]) for row in rows if row[2]}
        for word in sorted({text for _, text in spoken}):
            # (the link is tested here: "entity_id IS NULL" in SQL would lead SQLite to the
            # entity index, which holds every unlinked party)
            for document_id, role, name, linked in self._db.execute(
                    "SELECT document_id, role, name, entity_id FROM parties"
                    " WHERE role IN ('author', 'addressee') AND name = ? COLLATE NOCASE", (word,)):
                if linked is None and name == word and (document_id, word) in spoken \
                        and document_id not in found[role]:
                    found[role][document_id] = None  # its date comes with the mention rows
        return found

    def _documents_by_id(self, document_ids: list[str]) -> list[Document]:
        """The documents, in the order of the ids, in two queries."""
        from testimonia.store.sqlite import _DOCUMENT_COLUMNS, _document

        if not document_ids:
            return []
        marks = ",".join("?" * len(document_ids))
        rows = {row[0]: row for row in self._db.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents d WHERE d.id IN ({marks})", document_ids)}
        parties = self._parties(document_ids)
        return [_document(rows[i], parties.get(i, {})) for i in document_ids if i in rows]

    def _in_context(self, rows: list[Any], width: int) -> list[MentionInContext]:
        texts: dict[str, str] = {}
        shown = []
        for (mention_id, source_id, document_id, start, end, text, status, earliest, title, kind,
             date_text) in rows:
            if source_id not in texts:
                texts[source_id] = self._db.execute("SELECT text FROM sources WHERE id = ?",
                                                    (source_id,)).fetchone()[0]
            whole = texts[source_id]
            shown.append(MentionInContext(mention_id, source_id, document_id, text,
                                          whole[max(start - width, 0):start], whole[end:end + width], status,
                                          title, kind, date_text, earliest))
        return shown
