"""The archive as record streams, one kind at a time, for the per-kind exports.

Records are those of the JSON Lines contract (export/jsonl.py), so a per-kind JSON Lines file
and the whole-archive one agree field for field; the CSV tables flatten these same records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from testimonia.claims.model import ClaimFilter
from testimonia.errors import BadQuery
from testimonia.export.jsonl import (
    CONTRACT_VERSION,
    claim_record,
    dependency_record,
    document_record,
    entity_record,
    mention_record,
    note_record,
    relation_record,
    source_record,
)
from testimonia.store import Store

# In the order the whole-archive export writes them.
RECORD_TYPES: tuple[str, ...] = ("entity", "source", "document", "note", "mention", "claim", "relation",
                                 "dependency")
_PER_SOURCE = {"source", "document", "note", "mention", "claim"}


def iter_records(store: Store, types: Iterable[str],
                 include_history: bool = False) -> Iterator[dict[str, Any]]:
    """The contract records of the given types, in the whole-archive export's order."""
    wanted = set(types)
    unknown = wanted - set(RECORD_TYPES)
    if unknown:
        raise BadQuery(f"record types {', '.join(sorted(unknown))}: choose from {', '.join(RECORD_TYPES)}")
    if "entity" in wanted:
        yield from (entity_record(entity) for entity in store.entities())
    if wanted & _PER_SOURCE:
        yield from _per_source(store, wanted, include_history)
    if "relation" in wanted:
        yield from (relation_record(relation) for relation in store.relations())
    if "dependency" in wanted:
        yield from (dependency_record(dependency) for dependency in store.source_dependencies())


def _per_source(store: Store, wanted: set[str], include_history: bool) -> Iterator[dict[str, Any]]:
    for source in store.iter_sources(include_history):
        if "source" in wanted:
            yield source_record(source)
        if "document" in wanted:
            yield from (document_record(document) for document in source.documents)
        if "note" in wanted:
            yield from (note_record(note) for note in source.notes)
        if "mention" in wanted:
            yield from (mention_record(mention) for mention in source.mentions)
        if "claim" in wanted and source.id:
            yield from (claim_record(claim) for claim in store.claims(ClaimFilter(source_id=source.id)))


def write_jsonl_records(store: Store, out: IO[str], types: Iterable[str],
                        include_history: bool = False) -> dict[str, int]:
    """The JSON Lines export narrowed to some record types: the same header, the same records."""
    wanted = [kind for kind in RECORD_TYPES if kind in set(types)]
    counts = dict.fromkeys(wanted, 0)
    out.write(json.dumps({"type": "archive", "contract": CONTRACT_VERSION}) + "\n")
    for record in iter_records(store, wanted, include_history):
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        counts[record["type"]] += 1
    return counts
