"""Claims, their relations and source dependencies, for the SQLite store.

Machine claims of a source are replaced as a whole, in one transaction, whenever they are
extracted again. Relations carry an editor's decision: re-weighing replaces only the
relations the system proposed and never one an editor confirmed or rejected.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import Any

from testimonia.claims.lemmas import lemma_key
from testimonia.claims.model import (
    RELATION_STATUSES,
    Actor,
    Claim,
    ClaimFilter,
    ClaimRelation,
    SourceDependency,
)
from testimonia.errors import BadQuery, RecordNotFound

_CHUNK = 500
_ACTORS = ("witness", "speaker", "subject", "judge", "judged")
_COLUMNS = ("id, source_id, document_id, kind, start, \"end\", text, witness_name, witness_entity_id,"
            " counts_key, low, high, written, reported_by, found_by, confidence, data_json")
_PREFIXED = ", ".join("c." + column.strip() for column in _COLUMNS.split(","))
_RELATION_COLUMNS = "id, claim_a, claim_b, relation, score, why, status, decided_by"


def relation_id(claim_a: str, claim_b: str) -> str:
    low, high = sorted((claim_a, claim_b))
    return "rel_" + hashlib.sha1(f"{low}|{high}".encode()).hexdigest()[:16]


class ClaimsMixin:
    """Claims storage for a store holding a `_db` connection and a `_transaction()` context."""

    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    # -- claims ------------------------------------------------------------------------------

    def replace_claims(self, source_id: str, claims: list[Claim]) -> int:
        """The source's machine claims become `claims`; relations of vanished claims go too,
        unless an editor decided them."""
        new_ids = {c.id for c in claims}
        with self._transaction():
            old = [row[0] for row in self._db.execute(
                "SELECT id FROM claims WHERE source_id = ?", (source_id,))]
            self._db.execute("DELETE FROM claims WHERE source_id = ?", (source_id,))
            gone = [claim_id for claim_id in old if claim_id not in new_ids]
            for index in range(0, len(gone), 500):
                chunk = gone[index:index + 500]
                marks = ",".join("?" * len(chunk))
                self._db.execute(
                    f"DELETE FROM claim_relations WHERE decided_by = 'system' AND"
                    f" (claim_a IN ({marks}) OR claim_b IN ({marks}))", (*chunk, *chunk))
            for claim in claims:
                self._insert_claim(source_id, claim)
        return len(claims)

    def _insert_claim(self, source_id: str, claim: Claim) -> None:
        data = {k: v for k, v in asdict(claim).items()
                if k not in ("id", "source_id", "document_id", "kind", "start", "end", "text",
                             "found_by", "confidence", "reported_by", "low", "high", "written")}
        witness = claim.witness
        self._db.execute(
            f"INSERT OR REPLACE INTO claims ({_COLUMNS}) VALUES ({', '.join('?' * 17)})",
            (claim.id, source_id, claim.document_id, claim.kind, claim.start, claim.end, claim.text,
             witness.name if witness else None, witness.entity_id if witness else None,
             lemma_key(claim.counts) if claim.counts else None, claim.low, claim.high, claim.written,
             claim.reported_by, claim.found_by, claim.confidence, json.dumps(data, ensure_ascii=False)))
        for role in _ACTORS:
            actor = getattr(claim, role)
            if actor is not None and actor.entity_id:
                self._db.execute("INSERT INTO claim_entities VALUES (?, ?, ?)",
                                 (claim.id, actor.entity_id, role))

    def claims(self, where: ClaimFilter | None = None) -> list[Claim]:
        where = where or ClaimFilter()
        for name in ("ids", "reported_by"):  # SQLite caps the number of bound variables
            values = getattr(where, name)
            if len(values) > _CHUNK:
                found: list[Claim] = []
                for index in range(0, len(values), _CHUNK):
                    found += self.claims(replace(where, **{name: values[index:index + _CHUNK]}))
                return found
        sql, params = _claim_query(where, f"SELECT {_PREFIXED}")
        sql += " ORDER BY c.source_id, c.start, c.kind"
        if where.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [where.limit, where.offset]
        return [_claim(row) for row in self._db.execute(sql, params)]

    def count_claims(self, where: ClaimFilter | None = None) -> int:
        sql, params = _claim_query(where or ClaimFilter(), "SELECT count(*)")
        return self._db.execute(sql, params).fetchone()[0]

    def claim(self, claim_id: str) -> Claim:
        found = self.claims(ClaimFilter(ids=[claim_id]))
        if not found:
            raise RecordNotFound(f"{claim_id}: no such claim")
        return found[0]

    def claim_counts(self) -> dict[str, int]:
        rows = self._db.execute(
            "SELECT c.kind, count(*) FROM claims c JOIN sources s ON s.id = c.source_id"
            " WHERE s.current = 1 GROUP BY c.kind")
        return dict(rows.fetchall())

    def quantity_keys(self, query: str) -> list[str]:
        """The counted things (normalised) that contain the words of `query`."""
        key = lemma_key(query)
        rows = self._db.execute(
            "SELECT DISTINCT counts_key FROM claims WHERE kind = 'quantity' AND counts_key LIKE ?"
            " ESCAPE '\\' LIMIT 200", ("%" + key.replace("\\", "\\\\").replace("%", "\\%")
                                        .replace("_", "\\_") + "%",))
        return [row[0] for row in rows]

    # -- relations ---------------------------------------------------------------------------

    def replace_relations(self, relations: list[ClaimRelation],
                          dependencies: list[SourceDependency]) -> int:
        """System relations become `relations`; pairs an editor decided keep the decision."""
        with self._transaction():
            decided = {row[0] for row in self._db.execute(
                "SELECT id FROM claim_relations WHERE decided_by != 'system'")}
            self._db.execute("DELETE FROM claim_relations WHERE decided_by = 'system'")
            for relation in relations:
                relation.id = relation.id or relation_id(relation.claim_a, relation.claim_b)
            rows = [(r.id, r.claim_a, r.claim_b, r.relation, r.score, r.why, "proposed", "system")
                    for r in relations if r.id not in decided]
            self._db.executemany(
                f"INSERT OR REPLACE INTO claim_relations ({_RELATION_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            written = len(rows)
            self._db.execute("DELETE FROM source_dependencies")
            self._db.executemany("INSERT OR REPLACE INTO source_dependencies VALUES (?, ?, ?, ?)",
                                 [(d.source_id, d.depends_on, d.reason, d.score) for d in dependencies])
        return written

    def relations(self, claim_id: str | None = None, status: str | None = None,
                  limit: int | None = None, offset: int = 0) -> list[ClaimRelation]:
        sql = f"SELECT {_RELATION_COLUMNS} FROM claim_relations WHERE 1 = 1"
        params: list[Any] = []
        if claim_id:
            sql += " AND (claim_a = ? OR claim_b = ?)"
            params += [claim_id, claim_id]
        if status:
            sql += " AND status = ?"
            params.append(status)
        sql += " ORDER BY score DESC, id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [ClaimRelation(claim_a=r[1], claim_b=r[2], relation=r[3], score=r[4], why=r[5], status=r[6],
                              id=r[0], decided_by=r[7]) for r in self._db.execute(sql, params)]

    def relations_for(self, claim_ids: list[str]) -> list[ClaimRelation]:
        found: dict[str, ClaimRelation] = {}
        for index in range(0, len(claim_ids), 400):
            chunk = claim_ids[index:index + 400]
            marks = ",".join("?" * len(chunk))
            for r in self._db.execute(
                    f"SELECT {_RELATION_COLUMNS} FROM claim_relations WHERE claim_a IN ({marks})"
                    f" OR claim_b IN ({marks})", (*chunk, *chunk)):
                found[r[0]] = ClaimRelation(claim_a=r[1], claim_b=r[2], relation=r[3], score=r[4],
                                            why=r[5], status=r[6], id=r[0], decided_by=r[7])
        return list(found.values())

    def decide_relation(self, relation_id: str, status: str) -> None:
        if status not in RELATION_STATUSES:
            raise BadQuery(f"status {status!r}: choose one of {', '.join(RELATION_STATUSES)}")
        with self._transaction():
            cursor = self._db.execute(
                "UPDATE claim_relations SET status = ?, decided_by = 'editor', decided_at = ? WHERE id = ?",
                (status, datetime.now(UTC).isoformat(timespec="seconds"), relation_id))
            if cursor.rowcount == 0:
                raise RecordNotFound(f"{relation_id}: no such relation")

    def source_dependencies(self) -> list[SourceDependency]:
        return [SourceDependency(*row) for row in self._db.execute(
            "SELECT source_id, depends_on, reason, score FROM source_dependencies ORDER BY source_id")]


def _claim_query(where: ClaimFilter, select: str) -> tuple[str, list[Any]]:
    sql = f"{select} FROM claims c JOIN sources s ON s.id = c.source_id WHERE s.current = 1"
    params: list[Any] = []
    for column, value in (("c.kind", where.kind), ("c.source_id", where.source_id),
                          ("c.document_id", where.document_id)):
        if value:
            sql += f" AND {column} = ?"
            params.append(value)
    if where.entity_id:
        sql += " AND c.id IN (SELECT claim_id FROM claim_entities WHERE entity_id = ?)"
        params.append(where.entity_id)
    if where.ids:
        sql += f" AND c.id IN ({','.join('?' * len(where.ids))})"
        params += where.ids
    if where.reported_by:
        sql += f" AND c.reported_by IN ({','.join('?' * len(where.reported_by))})"
        params += where.reported_by
    return sql, params


def _actor(data: dict[str, Any] | None) -> Actor | None:
    return Actor(data["name"], data.get("entity_id")) if data else None


def _claim(row: tuple[Any, ...]) -> Claim:
    data = json.loads(row[16])
    for role in _ACTORS:
        data[role] = _actor(data.get(role))
    return Claim(id=row[0], source_id=row[1], document_id=row[2], kind=row[3], start=row[4], end=row[5],
                 text=row[6], low=row[10], high=row[11], written=row[12], reported_by=row[13],
                 found_by=row[14], confidence=row[15], **data)
