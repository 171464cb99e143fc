"""Queries for browsing an archive page by page: the web workbench and the JSON API ask these.

Every list here is paged in SQL (LIMIT/OFFSET) and every filter uses an indexed column, so a
page costs the same in an archive of a thousand documents or of a million.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from testimonia.model import Entity, FrontMatter, Mention, Note, SourceSummary

ENTITY_SORTS: tuple[str, ...] = ("mentions", "name", "type")


@dataclass
class EntityCount:
    """A register entry with how often it is mentioned (rejected mentions not counted)."""

    entity: Entity
    mentions: int


class BrowseMixin:
    """Paged lists and small aggregates over an SQLite archive."""

    _db: sqlite3.Connection

    def _rows(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        return self._db.execute(sql, params).fetchall()

    def data_version(self) -> int:
        """A number that changes whenever the archive changes: another connection commits (SQLite's
        data_version) or this one writes (an editor's step through the workbench)."""
        return (int(self._db.execute("PRAGMA data_version").fetchone()[0]) << 40) + self._db.total_changes

    def date_span(self) -> tuple[str | None, str | None]:
        """Earliest and latest day any current document's date reaches."""
        row = self._db.execute(
            "SELECT min(earliest), max(latest) FROM documents"
            " WHERE source_id IN (SELECT id FROM sources WHERE current = 1)").fetchone()
        return row[0], row[1]

    def source_summaries(self, limit: int, offset: int = 0,
                         newest_first: bool = False) -> list[SourceSummary]:
        """Current sources, one page of them, by path (or most recently ingested first)."""
        from testimonia.store.sqlite import _SUMMARY, _summary

        order = "s.ingested_at DESC, s.id" if newest_first else "s.path, s.version"
        rows = self._rows(f"{_SUMMARY} WHERE s.current = 1 ORDER BY {order} LIMIT ? OFFSET ?",
                          [limit, offset])
        return [_summary(row) for row in rows]

    def source_front(self, source_id: str) -> FrontMatter:
        """What a source says about itself (title, credits, provenance), without its text."""
        from testimonia.errors import RecordNotFound
        from testimonia.store.sqlite import _front

        row = self._db.execute("SELECT front_json FROM sources WHERE id = ?", (source_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no source with id {source_id!r}")
        return _front(json.loads(row[0]))

    def neighbours(self, document_id: str) -> tuple[str | None, str | None]:
        """The ids of the documents before and after this one in its source."""
        row = self._db.execute(
            "SELECT (SELECT p.id FROM documents p WHERE p.source_id = d.source_id AND p.seq = d.seq - 1),"
            " (SELECT n.id FROM documents n WHERE n.source_id = d.source_id AND n.seq = d.seq + 1)"
            " FROM documents d WHERE d.id = ?", (document_id,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def count_sources(self) -> int:
        """How many sources are current (superseded versions left out)."""
        return int(self._db.execute("SELECT count(*) FROM sources WHERE current = 1").fetchone()[0])

    def document_text(self, document_id: str) -> str:
        """The document's own stretch of its source's text (SQLite counts characters, as Python does)."""
        from testimonia.errors import RecordNotFound

        row = self._db.execute(
            'SELECT substr(s.text, d.start + 1, d."end" - d.start) FROM documents d'
            " JOIN sources s ON s.id = d.source_id WHERE d.id = ?", (document_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no document with id {document_id!r}")
        return str(row[0])

    def note_page(self, source_id: str | None = None, document_id: str | None = None,
                  limit: int = 50, offset: int = 0) -> tuple[list[Note], int]:
        """One page of notes, in the order they stand in their sources, and how many there are."""
        from testimonia.store.sqlite import _where

        base = ('SELECT id, source_id, document_id, marker, text, anchor_start, anchor_end, start, "end",'
                " status FROM notes")
        sql, params = _where(base, source_id=source_id, document_id=document_id)
        rows = self._rows(sql + " ORDER BY source_id, seq LIMIT ? OFFSET ?", [*params, limit, offset])
        count_sql, _ = _where("SELECT count(*) FROM notes", source_id=source_id, document_id=document_id)
        total = self._db.execute(count_sql, params).fetchone()[0]
        notes = [Note(marker=r[3], text=r[4], anchor_start=r[5], anchor_end=r[6], start=r[7], end=r[8],
                      status=r[9], id=r[0], source_id=r[1], document_id=r[2]) for r in rows]
        return notes, total

    def mention_page(self, source_id: str | None = None, document_id: str | None = None,
                     entity_id: str | None = None, limit: int = 50,
                     offset: int = 0) -> tuple[list[Mention], int]:
        """One page of mentions, in text order, and how many match."""
        from testimonia.store.sqlite import _MENTION_COLUMNS, _mention, _where

        filters = {"source_id": source_id, "document_id": document_id, "entity_id": entity_id}
        sql, params = _where(f"SELECT {_MENTION_COLUMNS} FROM mentions", **filters)
        rows = self._rows(sql + " ORDER BY source_id, start LIMIT ? OFFSET ?", [*params, limit, offset])
        count_sql, _ = _where("SELECT count(*) FROM mentions", **filters)
        return [_mention(r) for r in rows], self._db.execute(count_sql, params).fetchone()[0]

    def entity_page(self, entity_type: str | None = None, query: str | None = None,
                    sort: str = "mentions", limit: int = 50, offset: int = 0,
                    counts: Mapping[str, int] | None = None) -> tuple[list[EntityCount], int]:
        """One page of the register (merged entries left out), and how many entries match.

        `query` matches a substring of the name or of any variant, case-insensitively for
        ASCII letters (SQLite's LIKE); `sort` is one of ENTITY_SORTS. Sorting by mentions
        needs every entry's count: pass `counts` (from `mention_counts`, which a caller can
        keep while the archive is unchanged) or they are counted now.
        """
        from testimonia.store.sqlite import _ENTITY_COLUMNS, _entity, _like

        clauses, params = ["merged_into IS NULL"], []
        if entity_type:
            clauses.append("entity_type = ?")
            params.append(entity_type)
        if query:
            pattern = "%" + _like(query) + "%"
            # variants are stored as JSON with non-ASCII letters escaped, so match them decoded
            clauses.append("(name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(variants_json)"
                           " WHERE value LIKE ? ESCAPE '\\'))")
            params.extend([pattern, pattern])
        where = " WHERE " + " AND ".join(clauses)
        total = self._db.execute(f"SELECT count(*) FROM entities{where}", params).fetchone()[0]
        if sort == "mentions":
            counts = self.mention_counts() if counts is None else counts
            ranked = sorted(self._rows(f"SELECT id, name FROM entities{where}", params),
                            key=lambda row: (-counts.get(row[0], 0), row[1], row[0]))
            wanted = [row[0] for row in ranked[offset:offset + limit]]
            rows = self._rows(f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE id IN"
                              f" ({','.join('?' * len(wanted))})", wanted) if wanted else []
            by_id = {row[0]: _entity(row) for row in rows}
            return [EntityCount(by_id[i], counts.get(i, 0)) for i in wanted if i in by_id], total
        mentions = ("(SELECT count(*) FROM mentions m WHERE m.entity_id = entities.id"
                    " AND m.status != 'rejected')")
        order = "entity_type, name" if sort == "type" else "name, entity_type"
        rows = self._rows(f"SELECT {_ENTITY_COLUMNS}, {mentions} FROM entities{where}"
                          f" ORDER BY {order}, id LIMIT ? OFFSET ?", [*params, limit, offset])
        return [EntityCount(_entity(row[:-1]), row[-1]) for row in rows], total

    def mention_counts(self) -> dict[str, int]:
        """entity id -> mentions that are not rejected, for every entry mentioned at all."""
        return dict(self._rows("SELECT entity_id, count(*) FROM mentions WHERE entity_id IS NOT NULL"
                               " AND status != 'rejected' GROUP BY entity_id", []))

    def top_entities(self, entity_type: str, limit: int = 10,
                     counts: Mapping[str, int] | None = None) -> list[EntityCount]:
        """The most mentioned entries of one type (ties by name).

        Counting every mention by entry through the (entity_id, status) index and then looking
        up the types of the front runners is many times faster at a million documents than
        grouping the mention rows of one type. Pass `counts` from `mention_counts` to reuse them.
        """
        from testimonia.store.sqlite import _ENTITY_COLUMNS, _entity

        counts = self.mention_counts() if counts is None else counts
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        found: list[EntityCount] = []
        for index in range(0, len(ranked), 500):
            chunk = ranked[index:index + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._rows(f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE id IN ({marks})"
                              " AND entity_type = ? AND merged_into IS NULL",
                              [*(entity_id for entity_id, _ in chunk), entity_type])
            found += [EntityCount(_entity(row), counts[row[0]]) for row in rows]
            # later chunks count no more than this one's last; stop once they cannot reach the top
            if len(found) >= limit:
                kth = sorted((row.mentions for row in found), reverse=True)[limit - 1]
                if kth > chunk[-1][1]:
                    break
        found.sort(key=lambda row: (-row.mentions, row.entity.name))
        return found[:limit]

    def entity_names(self, entity_ids: list[str]) -> dict[str, tuple[str, str]]:
        """id -> (name, type) for the ids given that exist."""
        found: dict[str, tuple[str, str]] = {}
        for index in range(0, len(entity_ids), 500):
            chunk = entity_ids[index:index + 500]
            marks = ",".join("?" * len(chunk))
            for entity_id, name, entity_type in self._db.execute(
                    f"SELECT id, name, entity_type FROM entities WHERE id IN ({marks})", chunk):
                found[entity_id] = (name, entity_type)
        return found

    def entities_named(self, names: list[str], entity_type: str) -> dict[str, str]:
        """name -> id for each name that exactly one current entry of this type bears."""
        wanted = sorted(set(names))[:500]
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self._rows(f"SELECT name, min(id), count(*) FROM entities WHERE entity_type = ?"
                          f" AND name IN ({marks}) AND merged_into IS NULL GROUP BY name",
                          [entity_type, *wanted])
        return {name: entity_id for name, entity_id, count in rows if count == 1}
