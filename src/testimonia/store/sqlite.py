"""The embedded store: one SQLite file per archive."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from testimonia.errors import ArchiveExists, ArchiveNotFound, RecordNotFound, TestimoniaError
from testimonia.model import (
    Credit,
    DateValue,
    Document,
    Entity,
    Epigraph,
    FrontMatter,
    Mention,
    Note,
    PageBreak,
    Party,
    Publication,
    Source,
    SourceSummary,
    TextSpan,
)
from testimonia.store.base import DocumentFilter
from testimonia.store.browse import BrowseMixin
from testimonia.store.claims import ClaimsMixin
from testimonia.store.curation import CurationMixin
from testimonia.store.entity_profile import EntityProfileMixin
from testimonia.store.letters import LettersMixin
from testimonia.store.migrations import MIGRATIONS
from testimonia.structure.dates import edtf_bounds

_APPLICATION_ID = 0x54455354  # "TEST": marks the file as a testimonia archive


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore(CurationMixin, BrowseMixin, LettersMixin, EntityProfileMixin, ClaimsMixin):
    """A Store over one SQLite file."""

    def __init__(self, connection: sqlite3.Connection, path: str) -> None:
        self._db = connection
        self.path = path

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path) -> SQLiteStore:
        target = Path(path)
        if target.exists() and target.stat().st_size > 0:
            raise ArchiveExists(f"{target}: an archive (or another file) is already there")
        target.parent.mkdir(parents=True, exist_ok=True)
        store = cls(_connect(target), str(target))
        store._db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
        store._migrate()
        return store

    @classmethod
    def open(cls, path: str | Path) -> SQLiteStore:
        target = Path(path)
        if not target.is_file():
            raise ArchiveNotFound(f"{target}: no archive here; create one with `testimonia init {target}`")
        try:
            connection = _connect(target)
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        except sqlite3.DatabaseError:
            raise ArchiveNotFound(f"{target}: not a testimonia archive (not an SQLite file)") from None
        if application_id != _APPLICATION_ID:
            connection.close()
            raise ArchiveNotFound(f"{target}: not a testimonia archive")
        store = cls(connection, str(target))
        store._migrate()
        return store

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)"
        )
        done = self.schema_version()
        for version, statements in enumerate(MIGRATIONS, start=1):
            if version <= done:
                continue
            with self._transaction():
                for statement in statements:
                    self._db.execute(statement)
                self._db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, _now()))

    def schema_version(self) -> int:
        row = self._db.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    # -- sources -------------------------------------------------------------------------

    def find_source_by_sha(self, sha256: str) -> SourceSummary | None:
        row = self._db.execute(f"{_SUMMARY} WHERE s.sha256 = ?", (sha256,)).fetchone()
        return _summary(row) if row else None

    def current_version(self, path: str) -> SourceSummary | None:
        row = self._db.execute(f"{_SUMMARY} WHERE s.path = ? AND s.current = 1", (path,)).fetchone()
        return _summary(row) if row else None

    def add_source(self, source: Source) -> SourceSummary:
        source_id = "src_" + source.sha256[:16]
        now = _now()
        try:
            with self._transaction():
                previous = self._db.execute(
                    "SELECT max(version) FROM sources WHERE path = ?", (source.path,)
                ).fetchone()[0]
                version = (previous or 0) + 1
                self._db.execute("UPDATE sources SET current = 0 WHERE path = ?", (source.path,))
                self._db.execute(
                    "INSERT INTO sources (id, path, sha256, size, format, encoding, title, front_json,"
                    " warnings_json, text, version, current, ingested_at, pages_json)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                    (source_id, source.path, source.sha256, source.size, source.format,
                     source.encoding, source.front.title, json.dumps(asdict(source.front)),
                     json.dumps(source.warnings), source.text, version, now,
                     json.dumps([asdict(page) for page in source.pages])),
                )
                keys = self._store_entities(source.entities, now)
                document_ids = self._store_documents(source_id, source.documents, keys)
                self._store_notes(source_id, source.notes, document_ids)
                self._store_mentions(source_id, source.mentions, document_ids, keys)
        except sqlite3.Error as exc:
            raise TestimoniaError(f"{source.path}: could not be stored: {exc}") from None
        return self.source_summary(source_id)

    def _store_entities(self, entities: list[Entity], now: str) -> dict[str, str]:
        keys: dict[str, str] = {}
        for entity in entities:
            key = entity.key or f"{entity.entity_type}:{entity.name}"
            row = self._db.execute("SELECT entity_id FROM entity_keys WHERE key = ?", (key,)).fetchone()
            if row:
                keys[key] = row[0]
                self._enrich_entity(row[0], entity)
                continue
            entity_id = "ent_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
            self._db.execute(
                "INSERT OR IGNORE INTO entities (id, entity_type, name, variants_json, identifiers_json,"
                " birth, death, description, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (entity_id, entity.entity_type, entity.name,
                 json.dumps(_unique([v for v in entity.variants if v != entity.name])),
                 json.dumps(entity.identifiers), entity.birth, entity.death, entity.description,
                 entity.status, now),
            )
            self._db.execute("INSERT INTO entity_keys VALUES (?, ?)", (key, entity_id))
            keys[key] = entity_id
        return keys

    def _enrich_entity(self, entity_id: str, entity: Entity) -> None:
        # An entry met again (the same key in another file) gains what the new file knows,
        # and never loses what an editor or an earlier file gave it.
        row = self._db.execute(
            "SELECT name, variants_json, identifiers_json, birth, death, description FROM entities"
            " WHERE id = ?", (entity_id,)).fetchone()
        name, variants, identifiers = row[0], json.loads(row[1]), json.loads(row[2])
        merged = _unique(variants + [v for v in [entity.name, *entity.variants] if v != name])
        merged_ids = {**entity.identifiers, **identifiers}
        if merged != variants or merged_ids != identifiers or (entity.birth and not row[3]) \
                or (entity.death and not row[4]) or (entity.description and not row[5]):
            self._db.execute(
                "UPDATE entities SET variants_json = ?, identifiers_json = ?, birth = coalesce(birth, ?),"
                " death = coalesce(death, ?), description = coalesce(description, ?) WHERE id = ?",
                (json.dumps(merged), json.dumps(merged_ids), entity.birth, entity.death,
                 entity.description, entity_id))

    def _store_documents(self, source_id: str, documents: list[Document],
                         keys: dict[str, str]) -> list[str]:
        ids = []
        for seq, document in enumerate(documents):
            document_id = f"{source_id}.d{seq + 1}"
            ids.append(document_id)
            date = document.date
            earliest, latest = edtf_bounds(date.edtf) if date and date.edtf else (None, None)
            parts = {
                "dateline": _maybe(document.dateline), "salutation": _maybe(document.salutation),
                "closing": _maybe(document.closing), "signature": _maybe(document.signature),
                "epigraphs": [asdict(e) for e in document.epigraphs],
            }
            self._db.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document_id, source_id, seq, document.kind, document.title,
                 date.edtf if date else None, date.text if date else None,
                 date.certainty if date else None, date.calendar if date else None,
                 date.start if date else None, date.end if date else None, earliest, latest,
                 document.place, keys.get(document.place_entity_id or ""), document.start,
                 document.end, document.language, document.xml_id, json.dumps(parts)),
            )
            rows = [(document_id, role, n, party.name, keys.get(party.entity_id or ""), party.certainty)
                    for role, parties in (("author", document.authors),
                                          ("addressee", document.addressees))
                    for n, party in enumerate(parties)]
            self._db.executemany("INSERT INTO parties VALUES (?, ?, ?, ?, ?, ?)", rows)
        return ids

    def _store_notes(self, source_id: str, notes: list[Note], document_ids: list[str]) -> None:
        self._db.executemany(
            "INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(f"{source_id}.n{seq + 1}", source_id, _document_id(note.document_index, document_ids),
              seq, note.marker, note.text, note.anchor_start, note.anchor_end, note.start, note.end,
              note.status) for seq, note in enumerate(notes)],
        )

    def _store_mentions(self, source_id: str, mentions: list[Mention], document_ids: list[str],
                        keys: dict[str, str]) -> None:
        # the document's earliest day is written with the mention (migration 8's trigger then
        # has nothing to do, which keeps a bulk ingest from writing each mention twice)
        rows = []
        for seq, m in enumerate(mentions):
            document_id = _document_id(m.document_index, document_ids)
            rows.append((f"{source_id}.m{seq + 1}", source_id, document_id, m.start, m.end, m.text,
                         keys.get(m.entity_key or "") or m.entity_id, m.entity_type, m.method, m.confidence,
                         "linked" if keys.get(m.entity_key or "") else m.status,
                         "the edition's own markup" if m.method == "markup" else m.reason, document_id))
        self._db.executemany(
            'INSERT INTO mentions (id, source_id, document_id, start, "end", text, entity_id, entity_type,'
            " method, confidence, status, reason, earliest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " (SELECT earliest FROM documents WHERE id = ?))", rows)

    def sources(self, include_history: bool = False) -> list[SourceSummary]:
        where = "" if include_history else " WHERE s.current = 1"
        rows = self._db.execute(f"{_SUMMARY}{where} ORDER BY s.path, s.version").fetchall()
        return [_summary(row) for row in rows]

    def source_summary(self, source_id: str) -> SourceSummary:
        row = self._db.execute(f"{_SUMMARY} WHERE s.id = ?", (source_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no source with id {source_id!r}")
        return _summary(row)

    def source(self, source_id: str) -> Source:
        row = self._db.execute(
            "SELECT id, path, sha256, size, format, encoding, front_json, warnings_json, text,"
            " version, ingested_at, pages_json FROM sources WHERE id = ?", (source_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no source with id {source_id!r}")
        return self._source_from_row(row)

    def _source_from_row(self, row: tuple[Any, ...]) -> Source:
        source_id = row[0]
        documents = self.documents(DocumentFilter(source_id=source_id, include_history=True))
        return Source(
            path=row[1], sha256=row[2], size=row[3], format=row[4], encoding=row[5],
            text=row[8], front=_front(json.loads(row[6])), documents=documents,
            notes=self.notes(source_id=source_id), mentions=self.mentions(source_id=source_id),
            entities=[], warnings=json.loads(row[7]), id=source_id, version=row[9],
            ingested_at=row[10], pages=[PageBreak(**page) for page in json.loads(row[11])],
        )

    def source_pages(self, source_id: str) -> list[PageBreak]:
        row = self._db.execute("SELECT pages_json FROM sources WHERE id = ?", (source_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no source with id {source_id!r}")
        return [PageBreak(**page) for page in json.loads(row[0])]

    def iter_sources(self, include_history: bool = False) -> Iterator[Source]:
        where = "" if include_history else " WHERE current = 1"
        ids = [r[0] for r in self._db.execute(f"SELECT id FROM sources{where} ORDER BY path, version")]
        for source_id in ids:
            yield self.source(source_id)

    # -- documents -----------------------------------------------------------------------

    def _document_query(self, where: DocumentFilter, select: str) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if not where.include_history:
            clauses.append("d.source_id IN (SELECT id FROM sources WHERE current = 1)")
        if where.source_id:
            clauses.append("d.source_id = ?")
            params.append(where.source_id)
        if where.kind:
            clauses.append("d.kind = ?")
            params.append(where.kind)
        if where.date_from:
            clauses.append("d.latest >= ?")
            params.append(where.date_from)
        if where.date_to:
            clauses.append("d.earliest <= ?")
            params.append(where.date_to)
        for role, name in (("author", where.author), ("addressee", where.addressee)):
            if name:
                clauses.append("d.id IN (SELECT document_id FROM parties WHERE role = ?"
                               " AND name LIKE ? ESCAPE '\\')")
                params.extend([role, "%" + _like(name) + "%"])
        sql = f"SELECT {select} FROM documents d"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return sql, params

    def documents(self, where: DocumentFilter) -> list[Document]:
        sql, params = self._document_query(where, _DOCUMENT_COLUMNS)
        sql += " ORDER BY d.source_id, d.seq"
        if where.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params.extend([where.limit, where.offset])
        rows = self._db.execute(sql, params).fetchall()
        parties = self._parties([row[0] for row in rows])
        return [_document(row, parties.get(row[0], {})) for row in rows]

    def count_documents(self, where: DocumentFilter) -> int:
        sql, params = self._document_query(where, "count(*)")
        return self._db.execute(sql, params).fetchone()[0]

    def document(self, document_id: str) -> Document:
        row = self._db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents d WHERE d.id = ?",
                               (document_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no document with id {document_id!r}")
        return _document(row, self._parties([document_id]).get(document_id, {}))

    def _parties(self, document_ids: list[str]) -> dict[str, dict[str, list[Party]]]:
        found: dict[str, dict[str, list[Party]]] = {}
        for chunk in _chunks(document_ids, 500):
            marks = ",".join("?" * len(chunk))
            for document_id, role, name, entity_id, certainty in self._db.execute(
                    f"SELECT document_id, role, name, entity_id, certainty FROM parties"
                    f" WHERE document_id IN ({marks}) ORDER BY document_id, role, seq", chunk):
                found.setdefault(document_id, {}).setdefault(role, []).append(
                    Party(name, entity_id, certainty))
        return found

    # -- notes, entities, mentions -------------------------------------------------------

    def notes(self, source_id: str | None = None, document_id: str | None = None) -> list[Note]:
        sql = ('SELECT id, source_id, document_id, marker, text, anchor_start, anchor_end, start, "end",'
               " status FROM notes")
        sql, params = _where(sql, source_id=source_id, document_id=document_id)
        rows = self._db.execute(sql + " ORDER BY source_id, seq", params).fetchall()
        return [Note(marker=r[3], text=r[4], anchor_start=r[5], anchor_end=r[6], start=r[7], end=r[8],
                     status=r[9], id=r[0], source_id=r[1], document_id=r[2]) for r in rows]

    def entities(self, entity_type: str | None = None, include_merged: bool = False) -> Iterator[Entity]:
        sql, params = _where(f"SELECT {_ENTITY_COLUMNS} FROM entities", entity_type=entity_type)
        if not include_merged:
            sql += (" AND" if params else " WHERE") + " merged_into IS NULL"
        for row in self._db.execute(sql + " ORDER BY entity_type, name", params):
            yield _entity(row)

    def entity(self, entity_id: str) -> Entity:
        row = self._db.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE id = ?",
                               (entity_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no entity with id {entity_id!r}")
        return _entity(row)

    def mentions(self, source_id: str | None = None, document_id: str | None = None,
                 entity_id: str | None = None) -> list[Mention]:
        sql, params = _where(f"SELECT {_MENTION_COLUMNS} FROM mentions", source_id=source_id,
                             document_id=document_id, entity_id=entity_id)
        rows = self._db.execute(sql + " ORDER BY source_id, start", params).fetchall()
        return [_mention(r) for r in rows]

    def mention(self, mention_id: str) -> Mention:
        row = self._db.execute(f"SELECT {_MENTION_COLUMNS} FROM mentions WHERE id = ?",
                               (mention_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no mention with id {mention_id!r}")
        return _mention(row)

    def counts(self) -> dict[str, int]:
        current = "source_id IN (SELECT id FROM sources WHERE current = 1)"
        queries = {
            "sources": "SELECT count(*) FROM sources WHERE current = 1",
            "source_versions": "SELECT count(*) FROM sources",
            "documents": f"SELECT count(*) FROM documents WHERE {current}",
            "notes": f"SELECT count(*) FROM notes WHERE {current}",
            "dangling_notes": f"SELECT count(*) FROM notes WHERE {current} AND status != 'attached'",
            "entities": "SELECT count(*) FROM entities WHERE merged_into IS NULL",
            "mentions": f"SELECT count(*) FROM mentions WHERE {current}",
        }
        counts = {name: self._db.execute(sql).fetchone()[0] for name, sql in queries.items()}
        for kind, number in self._db.execute(
                f"SELECT kind, count(*) FROM documents WHERE {current} GROUP BY kind"):
            counts[f"documents.{kind}"] = number
        return counts


# -- row conversion ------------------------------------------------------------------------

_SUMMARY = (
    "SELECT s.id, s.path, s.sha256, s.format, s.encoding, s.title, s.version, s.current,"
    " s.ingested_at, s.size,"
    " (SELECT count(*) FROM documents WHERE source_id = s.id),"
    " (SELECT count(*) FROM notes WHERE source_id = s.id),"
    " (SELECT count(*) FROM mentions WHERE source_id = s.id) FROM sources s"
)
_DOCUMENT_COLUMNS = (
    "d.id, d.source_id, d.kind, d.title, d.date_edtf, d.date_text, d.date_certainty, d.date_calendar,"
    ' d.date_start, d.date_end, d.place, d.place_entity_id, d.start, d."end", d.language, d.xml_id,'
    " d.parts_json"
)
_ENTITY_COLUMNS = ("id, entity_type, name, variants_json, identifiers_json, birth, death,"
                   " description, status,"
                   " (SELECT json_group_array(key) FROM entity_keys WHERE entity_id = entities.id),"
                   " roles_json, merged_into")
_MENTION_COLUMNS = ('id, source_id, document_id, start, "end", text, entity_id, entity_type, method,'
                    " confidence, status, decided_by, reason, candidates_json")


def _connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode: transactions are opened explicitly by `_transaction`, so that one
    # source is written all or nothing.
    connection = sqlite3.connect(str(path), isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def _summary(row: tuple[Any, ...]) -> SourceSummary:
    return SourceSummary(id=row[0], path=row[1], sha256=row[2], format=row[3], encoding=row[4],
                         title=row[5], version=row[6], current=bool(row[7]), ingested_at=row[8],
                         size=row[9], documents=row[10], notes=row[11], mentions=row[12])


def _document(row: tuple[Any, ...], parties: dict[str, list[Party]]) -> Document:
    parts = json.loads(row[16])
    date = None
    if row[4] is not None or row[5] is not None:
        date = DateValue(text=row[5] or "", edtf=row[4], certainty=row[6] or "stated",
                         calendar=row[7], start=row[8], end=row[9])
    return Document(
        kind=row[2], start=row[12], end=row[13], title=row[3], date=date, place=row[10],
        place_entity_id=row[11], authors=parties.get("author", []),
        addressees=parties.get("addressee", []),
        dateline=_span(parts.get("dateline")), salutation=_span(parts.get("salutation")),
        closing=_span(parts.get("closing")), signature=_span(parts.get("signature")),
        epigraphs=[Epigraph(**e) for e in parts.get("epigraphs", [])], language=row[14],
        xml_id=row[15], id=row[0], source_id=row[1],
    )


def _entity(row: tuple[Any, ...]) -> Entity:
    return Entity(entity_type=row[1], name=row[2], variants=json.loads(row[3]),
                  identifiers=json.loads(row[4]), birth=row[5], death=row[6], description=row[7],
                  status=row[8], id=row[0], keys=sorted(json.loads(row[9] or "[]")),
                  roles=json.loads(row[10]), merged_into=row[11])


def _mention(r: tuple[Any, ...]) -> Mention:
    return Mention(start=r[3], end=r[4], text=r[5], entity_type=r[7], entity_id=r[6], method=r[8],
                   confidence=r[9], id=r[0], source_id=r[1], document_id=r[2], status=r[10],
                   decided_by=r[11], reason=r[12],
                   candidates=[(c[0], c[1]) for c in json.loads(r[13])])


def _front(data: dict[str, Any]) -> FrontMatter:
    data = dict(data)
    data["credits"] = [Credit(**c) for c in data.get("credits", [])]
    if data.get("published_in"):
        data["published_in"] = Publication(**data["published_in"])
    if data.get("last_updated"):
        data["last_updated"] = DateValue(**data["last_updated"])
    return FrontMatter(**data)


def _span(data: dict[str, Any] | None) -> TextSpan | None:
    return TextSpan(**data) if data else None


def _maybe(span: TextSpan | None) -> dict[str, Any] | None:
    return asdict(span) if span else None


def _document_id(index: int | None, document_ids: list[str]) -> str | None:
    if index is None or not 0 <= index < len(document_ids):
        return None
    return document_ids[index]


def _where(sql: str, **filters: str | None) -> tuple[str, list[Any]]:
    clauses = [f"{column} = ?" for column, value in filters.items() if value is not None]
    params = [value for value in filters.values() if value is not None]
    return (sql + (" WHERE " + " AND ".join(clauses) if clauses else "")), params


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for index in range(0, len(items), size):
        yield items[index:index + size]
