"""Editors' work on the register, for the SQLite store: merge, split, rename, decide.

Every change is written to `curation_log` with what it replaced, so that a merge (or any
other step) can be undone, and so that re-running recognition can tell the editor's
decisions from the system's and leave them alone.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from testimonia.errors import BadQuery, RecordNotFound
from testimonia.model import Entity, Mention


@dataclass
class LogEntry:
    id: int
    at: str
    action: str
    entity_id: str | None
    detail: dict[str, Any]
    undone: bool


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class CurationMixin:
    """Curation for a store holding a `_db` connection and a `_transaction()` context."""

    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[None]:  # provided by the store
        raise NotImplementedError

    def entity(self, entity_id: str) -> Entity:  # provided by the store
        raise NotImplementedError

    # -- entries ----------------------------------------------------------------------------

    def add_entity(self, entity: Entity, key: str | None = None) -> str:
        """Create a register entry (an editor's, or one proposed by linking); return its id."""
        seed = key or f"{entity.entity_type}:{entity.name}:{_now()}:{id(entity)}"
        entity_id = "ent_" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]
        with self._transaction():
            self._insert_entity(entity_id, entity)
            if key:
                self._db.execute("INSERT OR IGNORE INTO entity_keys VALUES (?, ?)", (key, entity_id))
        return entity_id

    def entity_for_key(self, key: str) -> str | None:
        """The entry an outside id (a TEI xml:id, an import key) was filed under, if any."""
        row = self._db.execute("SELECT entity_id FROM entity_keys WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def _insert_entity(self, entity_id: str, entity: Entity) -> None:
        self._db.execute(
            "INSERT INTO entities (id, entity_type, name, variants_json, identifiers_json, birth, death,"
            " description, status, created_at, roles_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entity_id, entity.entity_type, entity.name, json.dumps(entity.variants),
             json.dumps(entity.identifiers), entity.birth, entity.death, entity.description,
             entity.status, _now(), json.dumps(entity.roles)))

    def update_entity(self, entity_id: str, **fields: Any) -> None:
        """Set name, variants, identifiers, birth, death, description, roles or status."""
        before = self.entity(entity_id)
        columns = {"name": "name", "variants": "variants_json", "identifiers": "identifiers_json",
                   "birth": "birth", "death": "death", "description": "description",
                   "roles": "roles_json", "status": "status"}
        unknown = set(fields) - set(columns)
        if unknown:
            raise BadQuery(f"cannot set {', '.join(sorted(unknown))} on an entity")
        with self._transaction():
            for name, value in fields.items():
                stored = json.dumps(value) if columns[name].endswith("_json") else value
                self._db.execute(f"UPDATE entities SET {columns[name]} = ? WHERE id = ?",
                                 (stored, entity_id))
            self._log("update", entity_id, {"before": {k: getattr(before, k) for k in fields},
                                            "after": fields})

    def rename_entity(self, entity_id: str, name: str) -> None:
        """Give an entry a new preferred name; the old one stays as a variant."""
        entity = self.entity(entity_id)
        variants = [v for v in [entity.name, *entity.variants] if v != name]
        self.update_entity(entity_id, name=name, variants=list(dict.fromkeys(variants)))

    def add_variant(self, entity_id: str, variant: str) -> None:
        entity = self.entity(entity_id)
        if variant != entity.name and variant not in entity.variants:
            self.update_entity(entity_id, variants=[*entity.variants, variant])

    def merge_entities(self, keep_id: str, other_id: str) -> int:
        """Fold `other_id` into `keep_id`; return the log id that `undo` takes."""
        if keep_id == other_id:
            raise BadQuery(f"cannot merge {keep_id} into itself")
        keep, other = self.entity(keep_id), self.entity(other_id)
        if other.merged_into:
            raise BadQuery(f"{other_id} was already merged into {other.merged_into}")
        moved = [r[0] for r in self._db.execute("SELECT id FROM mentions WHERE entity_id = ?",
                                                (other_id,))]
        keys = [r[0] for r in self._db.execute("SELECT key FROM entity_keys WHERE entity_id = ?",
                                               (other_id,))]
        variants = list(dict.fromkeys(v for v in [*keep.variants, other.name, *other.variants]
                                      if v != keep.name))
        identifiers = {**other.identifiers, **keep.identifiers}
        with self._transaction():
            self._db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (keep_id, other_id))
            self._db.execute("UPDATE entity_keys SET entity_id = ? WHERE entity_id = ?", (keep_id, other_id))
            self._db.execute("UPDATE parties SET entity_id = ? WHERE entity_id = ?", (keep_id, other_id))
            self._db.execute("UPDATE entities SET variants_json = ?, identifiers_json = ? WHERE id = ?",
                             (json.dumps(variants), json.dumps(identifiers), keep_id))
            self._db.execute("UPDATE entities SET status = 'merged', merged_into = ? WHERE id = ?",
                             (keep_id, other_id))
            return self._log("merge", keep_id, {
                "other": other_id, "mentions": moved, "keys": keys,
                "keep_before": {"variants": keep.variants, "identifiers": keep.identifiers},
                "other_status": other.status})

    def split_entity(self, entity_id: str, mention_ids: list[str], name: str) -> str:
        """Move the given mentions of an entry to a new entry called `name`."""
        source = self.entity(entity_id)
        found = [r[0] for r in self._db.execute(
            f"SELECT id FROM mentions WHERE entity_id = ? AND id IN ({','.join('?' * len(mention_ids))})",
            (entity_id, *mention_ids))] if mention_ids else []
        missing = sorted(set(mention_ids) - set(found))
        if missing:
            raise RecordNotFound(f"mentions not linked to {entity_id}: {', '.join(missing)}")
        new = Entity(entity_type=source.entity_type, name=name, status="confirmed")
        new_id = "ent_" + hashlib.sha1(f"split:{entity_id}:{name}:{_now()}".encode()).hexdigest()[:12]
        with self._transaction():
            self._insert_entity(new_id, new)
            self._db.executemany(
                "UPDATE mentions SET entity_id = ?, decided_by = 'editor', status = 'confirmed' WHERE id = ?",
                [(new_id, m) for m in found])
            self._log("split", entity_id, {"new": new_id, "mentions": found, "name": name})
        return new_id

    def decide_mention(self, mention_id: str, status: str, entity_id: str | None = None) -> None:
        """An editor confirms or rejects a mention, or links it to another entry."""
        if status not in ("confirmed", "rejected"):
            raise BadQuery(f"a mention is confirmed or rejected, not {status!r}")
        row = self._db.execute("SELECT entity_id, status, decided_by FROM mentions WHERE id = ?",
                               (mention_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no mention with id {mention_id!r}")
        if entity_id is not None:
            self.entity(entity_id)
        target = entity_id if entity_id is not None else row[0]
        with self._transaction():
            self._db.execute(
                "UPDATE mentions SET status = ?, entity_id = ?, decided_by = 'editor' WHERE id = ?",
                (status, target, mention_id))
            self._log(status, target, {"mention": mention_id, "before": {
                "entity_id": row[0], "status": row[1], "decided_by": row[2]}})

    # -- the log ----------------------------------------------------------------------------

    def _log(self, action: str, entity_id: str | None, detail: dict[str, Any]) -> int:
        cursor = self._db.execute(
            "INSERT INTO curation_log (at, action, entity_id, detail_json) VALUES (?, ?, ?, ?)",
            (_now(), action, entity_id, json.dumps(detail, ensure_ascii=False)))
        return int(cursor.lastrowid or 0)

    def curation_log(self, entity_id: str | None = None) -> list[LogEntry]:
        sql = "SELECT id, at, action, entity_id, detail_json, undone FROM curation_log"
        params: tuple[Any, ...] = ()
        if entity_id:
            sql += " WHERE entity_id = ? OR detail_json LIKE ?"
            params = (entity_id, f'%"{entity_id}"%')
        return [LogEntry(r[0], r[1], r[2], r[3], json.loads(r[4]), bool(r[5]))
                for r in self._db.execute(sql + " ORDER BY id", params)]

    def last_curation_step(self) -> int | None:
        """The number of the latest logged step (None before the first)."""
        row = self._db.execute("SELECT max(id) FROM curation_log").fetchone()
        return row[0] if row else None

    def undo(self, log_id: int) -> None:
        """Reverse one logged step (a merge, split, update or mention decision)."""
        row = self._db.execute("SELECT action, entity_id, detail_json, undone FROM curation_log"
                               " WHERE id = ?", (log_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no curation step {log_id}")
        action, entity_id, detail, undone = row[0], row[1], json.loads(row[2]), row[3]
        if undone:
            raise BadQuery(f"curation step {log_id} was already undone")
        with self._transaction():
            if action == "merge":
                other = detail["other"]
                self._db.executemany("UPDATE mentions SET entity_id = ? WHERE id = ?",
                                     [(other, m) for m in detail["mentions"]])
                self._db.executemany("UPDATE entity_keys SET entity_id = ? WHERE key = ?",
                                     [(other, k) for k in detail["keys"]])
                before = detail["keep_before"]
                self._db.execute("UPDATE entities SET variants_json = ?, identifiers_json = ? WHERE id = ?",
                                 (json.dumps(before["variants"]), json.dumps(before["identifiers"]),
                                  entity_id))
                self._db.execute("UPDATE entities SET status = ?, merged_into = NULL WHERE id = ?",
                                 (detail["other_status"], other))
            elif action == "split":
                self._db.executemany("UPDATE mentions SET entity_id = ? WHERE id = ?",
                                     [(entity_id, m) for m in detail["mentions"]])
                self._db.execute("UPDATE entities SET status = 'merged', merged_into = ? WHERE id = ?",
                                 (entity_id, detail["new"]))
            elif action == "update":
                for name, value in detail["before"].items():
                    column = {"variants": "variants_json", "identifiers": "identifiers_json",
                              "roles": "roles_json"}.get(name, name)
                    stored = json.dumps(value) if column.endswith("_json") else value
                    self._db.execute(f"UPDATE entities SET {column} = ? WHERE id = ?", (stored, entity_id))
            elif action in ("confirmed", "rejected"):
                before = detail["before"]
                self._db.execute("UPDATE mentions SET entity_id = ?, status = ?, decided_by = ? WHERE id = ?",
                                 (before["entity_id"], before["status"], before["decided_by"],
                                  detail["mention"]))
            self._db.execute("UPDATE curation_log SET undone = 1 WHERE id = ?", (log_id,))
            self._log("undo", entity_id, {"step": log_id})

    # -- recognition output -----------------------------------------------------------------

    def replace_recognised_mentions(self, source_id: str, mentions: list[Mention]) -> int:
        """Swap the system's recognised mentions of a source for new ones, in one transaction.

        Mentions an editor decided, and the edition's own markup, are kept; a new mention
        on the same span as one an editor decided is dropped, so a re-run never undoes
        an editor's word.
        """
        kept = {(r[0], r[1]) for r in self._db.execute(
            'SELECT start, "end" FROM mentions WHERE source_id = ? AND (decided_by = \'editor\''
            " OR method = 'markup')", (source_id,))}
        rows = []
        for mention in mentions:
            if (mention.start, mention.end) in kept:
                continue
            mention_id = f"{source_id}.x{mention.start}-{mention.end}"
            rows.append((mention_id, source_id, mention.document_id, mention.start, mention.end,
                         mention.text, mention.entity_id, mention.entity_type, mention.method,
                         mention.confidence, mention.status, "system", mention.reason,
                         json.dumps(mention.candidates), mention.document_id))
        with self._transaction():
            self._db.execute("DELETE FROM mentions WHERE source_id = ? AND decided_by = 'system'"
                             " AND method != 'markup'", (source_id,))
            self._db.executemany(
                'INSERT OR REPLACE INTO mentions (id, source_id, document_id, start, "end", text, entity_id,'
                " entity_type, method, confidence, status, decided_by, reason, candidates_json, earliest)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " (SELECT earliest FROM documents WHERE id = ?))", rows)
        return len(rows)

    def cooccurring(self, entity_id: str, limit: int = 20) -> list[tuple[str, int]]:
        """Entries mentioned in the same documents as `entity_id`, with how many documents."""
        return [(r[0], r[1]) for r in self._db.execute(
            "SELECT b.entity_id, count(DISTINCT b.document_id) FROM mentions a JOIN mentions b"
            " ON a.document_id = b.document_id WHERE a.entity_id = ? AND b.entity_id IS NOT NULL"
            " AND b.entity_id != a.entity_id AND a.status != 'rejected' AND b.status != 'rejected'"
            " GROUP BY b.entity_id ORDER BY 2 DESC, 1 LIMIT ?", (entity_id, limit))]

    def source_text(self, source_id: str) -> str:
        row = self._db.execute("SELECT text FROM sources WHERE id = ?", (source_id,)).fetchone()
        if row is None:
            raise RecordNotFound(f"no source with id {source_id!r}")
        return str(row[0])

    def entity_mention_counts(self) -> Iterator[tuple[str, int]]:
        yield from self._db.execute(
            "SELECT entity_id, count(*) FROM mentions WHERE entity_id IS NOT NULL AND status != 'rejected'"
            " GROUP BY entity_id")
