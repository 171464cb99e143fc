"""What an entry's page shows, read from indexes in a few short queries.

The page needs the entry's mentions several ways (a page of them in context, their count, their
years, the documents they fall in, the letters whose sender or addressee they name, who else the
documents mention). Each mention carries its document's date (migration 8), so one pass over
the mentions_entity_date index gives the count, the years and the documents with their dates,
and the page of mentions is read in order from the same index; only the page's mentions and the
listed documents are read in full, and the words around a mention are cut out of its source's
text by SQLite.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from testimonia.model import Document, Party

# "current = 0" finds the few superseded sources through the sources_current index; every
# mention, document and party belongs to a source (a foreign key), so "not superseded" is
# "current", without reading every source to list the current ones.
_NOT_SUPERSEDED = "NOT IN (SELECT id FROM sources WHERE current = 0)"
# An entry's mentions as its page counts them (mentions_entity_date holds every column read)
_OF_ENTRY = f"WHERE entity_id = ? AND status != 'rejected' AND source_id {_NOT_SUPERSEDED}"
_SEP = "\x1f"  # the unit separator: in no id and no date
_NO_DATE = "\U0010ffff"  # the last character there is: sorts after every date
ROLES = ("author", "addressee", "mentioned")
# Who else an entry's documents mention is counted over at most this many of them (spread evenly
# over the entry's documents); above it the counts are a sample's, as EntityProfile says.
TOGETHER_DOCUMENTS = 2000


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
    `together` is the entries mentioned in the same documents, with in how many, most first,
    when asked for; an entry in more than TOGETHER_DOCUMENTS documents has them counted in an
    even sample of that many, and `together_of` then says how many documents the counts are
    out of (None: counted in all of them).
    """

    mentions: list[MentionInContext]
    mention_total: int
    years: list[tuple[int | None, int]]
    documents: dict[str, tuple[list[Document], int]] = field(default_factory=dict)
    together: list[tuple[str, int]] = field(default_factory=list)
    together_of: int | None = None


class EntityProfileMixin:
    """The entry page's reading; mixed into SQLiteStore."""

    _db: sqlite3.Connection

    if TYPE_CHECKING:
        def _parties(self, document_ids: list[str]) -> dict[str, dict[str, list[Party]]]: ...

    def entity_profile(self, entity_id: str, mention_limit: int = 25, mention_offset: int = 0,
                       documents_limit: int = 50, width: int = 80,
                       together_limit: int = 0) -> EntityProfile:
        """Everything the entry page lists, from current sources, rejected mentions left out;
        with `together_limit`, also the entries most often mentioned in the same documents."""
        # Each mention's day (_NO_DATE where its document has no date or there is no document:
        # so a day sorts documents as the page lists them, dated first) and document. They come
        # as one string per column, not a tuple per mention: 11,000 tuples a request made the
        # garbage collector's full passes (50 ms each) fall on one request in twenty.
        total, days_text, documents_text = self._db.execute(
            "SELECT count(*), group_concat(coalesce(earliest, ?), ?),"
            f" group_concat(coalesce(document_id, ''), ?) FROM mentions {_OF_ENTRY}",
            (_NO_DATE, _SEP, _SEP, entity_id)).fetchone()
        days = Counter(days_text.split(_SEP) if total else ())
        years: Counter[int | None] = Counter()
        for day, count in days.items():
            years[int(day[:4]) if day[:4].isdigit() else None] += count
        when = dict(zip(documents_text.split(_SEP), days_text.split(_SEP), strict=True)) if total else {}
        when.pop("", None)
        by_role: dict[str, Collection[str]] = {"mentioned": when.keys()}
        by_role.update(self._party_documents(entity_id, when))
        documents = {}
        for role in ROLES:  # (the first by (day, id), paired without a Python step per document)
            listed = by_role[role]
            first = heapq.nsmallest(documents_limit, zip(map(when.__getitem__, listed), listed, strict=True))
            documents[role] = (self._documents_by_id([d for _, d in first]), len(by_role[role]))
        dated = total - days[_NO_DATE]
        profile = EntityProfile(
            self._in_context(self._mention_page(entity_id, dated, mention_limit, mention_offset), width),
            total, sorted(years.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)), documents)
        if together_limit:
            profile.together, profile.together_of = self._together(
                entity_id, sorted(by_role["mentioned"]), together_limit)
        return profile

    def _mention_page(self, entity_id: str, dated: int, limit: int, offset: int) -> list[int]:
        """The rowids of one page of the entry's mentions, by date (the `dated` ones first),
        source and place, read in order from the mentions_entity_date index."""
        found: list[int] = []
        if offset < dated:
            found += [row[0] for row in self._db.execute(
                f"SELECT rowid FROM mentions {_OF_ENTRY} AND earliest IS NOT NULL"
                " ORDER BY earliest, source_id, start, rowid LIMIT ? OFFSET ?", (entity_id, limit, offset))]
        if len(found) < limit:
            found += [row[0] for row in self._db.execute(
                f"SELECT rowid FROM mentions {_OF_ENTRY} AND earliest IS NULL"
                " ORDER BY source_id, start, rowid LIMIT ? OFFSET ?",
                (entity_id, limit - len(found), max(offset - dated, 0)))]
        return found

    def _party_documents(self, entity_id: str, when: dict[str, str]) -> dict[str, set[str]]:
        """Documents whose sender ("author") or addressee is the entry: linked so, or named by a
        word that a mention of the entry in the same document links (see store/letters.py).
        Adds the dates of documents not yet in `when` (the entry's documents by their day)."""
        found: dict[str, set[str]] = {"author": set(), "addressee": set()}
        for role, documents_text in self._db.execute(
                "SELECT role, group_concat(document_id, ?) FROM parties WHERE entity_id = ?"
                " AND role IN ('author', 'addressee') GROUP BY role", (_SEP, entity_id)):
            found[role].update(documents_text.split(_SEP))
        # Most of them carry a mention of the entry too (a signature, a salutation), so their
        # dates are known: look up the others, leaving out those of superseded sources.
        unknown = sorted(found["author"].union(found["addressee"]).difference(when))
        for index in range(0, len(unknown), 500):
            chunk = unknown[index:index + 500]
            when.update(self._db.execute(
                f"SELECT id, coalesce(earliest, ?) FROM documents WHERE id IN ({','.join('?' * len(chunk))})"
                f" AND source_id {_NOT_SUPERSEDED}", [_NO_DATE, *chunk]))
        for documents in found.values():
            documents.intersection_update(when)
        # An unlinked party named as a mention of the entry in the same document names the entry.
        # The mentions have few distinct spellings: look them up in parties_unlinked, which holds
        # only the unlinked parties (named: SQLite would take the entity index and read them all).
        words = [row[0] for row in self._db.execute(
            f"SELECT DISTINCT text FROM mentions {_OF_ENTRY} AND document_id IS NOT NULL", (entity_id,))]
        named = []
        for index in range(0, len(words), 500):
            chunk = words[index:index + 500]
            named += self._db.execute(
                "SELECT document_id, role, name FROM parties INDEXED BY parties_unlinked"
                f" WHERE entity_id IS NULL AND name IN ({','.join('?' * len(chunk))})"
                " AND role IN ('author', 'addressee')", chunk).fetchall()
        if named:
            spoken = set(self._db.execute(f"SELECT document_id, text FROM mentions {_OF_ENTRY}"
                                          " AND document_id IS NOT NULL", (entity_id,)))
            for document_id, role, name in named:
                if (document_id, name) in spoken:
                    found[role].add(document_id)
        return found

    def _together(self, entity_id: str, document_ids: list[str],
                  limit: int) -> tuple[list[tuple[str, int]], int | None]:
        """Entries mentioned in the same documents, with in how many (an even sample of the
        documents when there are more than TOGETHER_DOCUMENTS), and how many were counted."""
        counted: int | None = None
        if len(document_ids) > TOGETHER_DOCUMENTS:
            step = -(-len(document_ids) // TOGETHER_DOCUMENTS)
            document_ids = document_ids[::step]
            counted = len(document_ids)
        together: Counter[str] = Counter()
        for index in range(0, len(document_ids), 1000):
            chunk = document_ids[index:index + 1000]
            together.update(dict(self._db.execute(
                "SELECT entity_id, count(DISTINCT document_id) FROM mentions"
                f" WHERE document_id IN ({','.join('?' * len(chunk))}) AND entity_id IS NOT NULL"
                " AND entity_id != ? AND status != 'rejected' GROUP BY entity_id", [*chunk, entity_id])))
        return sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:limit], counted

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

    def _in_context(self, rowids: list[int], width: int) -> list[MentionInContext]:
        """The mentions, in the order of their rowids, each with `width` characters either side
        (cut by SQLite, which counts characters as Python does: only that window comes out)."""
        if not rowids:
            return []
        found = {row[0]: row for row in self._db.execute(
            "SELECT m.rowid, m.id, m.source_id, m.document_id, m.text, m.status, d.earliest, d.title,"
            ' d.kind, d.date_text, m.start, m."end", max(m.start - ?, 0),'
            ' substr(s.text, max(m.start - ?, 0) + 1, m."end" + ? - max(m.start - ?, 0))'
            " FROM mentions m JOIN sources s ON s.id = m.source_id"
            " LEFT JOIN documents d ON d.id = m.document_id"
            f" WHERE m.rowid IN ({','.join('?' * len(rowids))})", [width, width, width, width, *rowids])}
        shown = []
        for rowid in rowids:
            (_, mention_id, source_id, document_id, text, status, earliest, title, kind, date_text,
             start, end, low, window) = found[rowid]
            shown.append(MentionInContext(mention_id, source_id, document_id, text, window[:start - low],
                                          window[end - low:], status, title, kind, date_text, earliest))
        return shown
