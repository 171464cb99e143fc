"""The JSON Lines export: the stable, machine-readable contract other tools read.

One JSON object per line, each with a `type`. The fields are documented in
docs/jsonl.md; fields are only ever added, never renamed or removed.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import IO, Any

from testimonia.claims.model import Actor, Claim, ClaimFilter, ClaimRelation, SourceDependency
from testimonia.model import Document, Entity, Mention, Note, Party, Source
from testimonia.store import Store

CONTRACT_VERSION = "1.2"  # 1.1: claim, relation and dependency records; 1.2: a source's pages


def source_record(source: Source) -> dict[str, Any]:
    front = source.front
    published = front.published_in
    return {
        "type": "source", "id": source.id, "path": source.path, "sha256": source.sha256,
        "format": source.format, "encoding": source.encoding, "title": front.title,
        "subtitle": front.subtitle, "series": front.series, "author": front.author,
        "credits": [{"role": c.role, "name": c.name} for c in front.credits],
        "published_in": asdict(published) if published else None,
        "last_updated": front.last_updated.edtf if front.last_updated else None,
        "last_updated_text": front.last_updated.text if front.last_updated else None,
        "licence": front.licence, "provenance": front.provenance, "version": source.version,
        "ingested_at": source.ingested_at,
        "size": source.size, "warnings": source.warnings, "text": source.text,
        "pages": [asdict(page) for page in source.pages],
    }


def _party(party: Party) -> dict[str, Any]:
    return {"name": party.name, "entity_id": party.entity_id, "certainty": party.certainty}


def _span(span: Any) -> dict[str, Any] | None:
    return asdict(span) if span is not None else None


def document_record(document: Document) -> dict[str, Any]:
    date = document.date
    return {
        "type": "document", "id": document.id, "source_id": document.source_id,
        "kind": document.kind, "title": document.title,
        "date": date.edtf if date else None, "date_text": date.text if date else None,
        "date_certainty": date.certainty if date else None,
        "date_calendar": date.calendar if date else None,
        "date_earliest": date.earliest if date else None,
        "date_latest": date.latest if date else None,
        "place": document.place, "place_entity_id": document.place_entity_id,
        "authors": [_party(p) for p in document.authors],
        "addressees": [_party(p) for p in document.addressees],
        "start": document.start, "end": document.end, "language": document.language,
        "dateline": _span(document.dateline), "salutation": _span(document.salutation),
        "closing": _span(document.closing), "signature": _span(document.signature),
        "epigraphs": [asdict(e) for e in document.epigraphs],
    }


def note_record(note: Note) -> dict[str, Any]:
    return {
        "type": "note", "id": note.id, "source_id": note.source_id,
        "document_id": note.document_id, "marker": note.marker, "text": note.text,
        "anchor_start": note.anchor_start, "anchor_end": note.anchor_end,
        "start": note.start, "end": note.end, "status": note.status,
    }


def entity_record(entity: Entity) -> dict[str, Any]:
    return {
        "type": "entity", "id": entity.id, "entity_type": entity.entity_type, "name": entity.name,
        "variants": entity.variants, "identifiers": entity.identifiers, "keys": entity.keys,
        "birth": entity.birth,
        "death": entity.death, "description": entity.description, "status": entity.status,
        "roles": entity.roles,
    }


def mention_record(mention: Mention) -> dict[str, Any]:
    return {
        "type": "mention", "id": mention.id, "source_id": mention.source_id,
        "document_id": mention.document_id, "start": mention.start, "end": mention.end,
        "text": mention.text, "entity_id": mention.entity_id, "entity_type": mention.entity_type,
        "method": mention.method, "confidence": mention.confidence, "status": mention.status,
        "decided_by": mention.decided_by, "reason": mention.reason,
        "candidates": [{"entity_id": e, "score": s} for e, s in mention.candidates],
    }


def _actor(actor: Actor | None) -> dict[str, Any] | None:
    return {"name": actor.name, "entity_id": actor.entity_id} if actor is not None else None


def claim_record(claim: Claim) -> dict[str, Any]:
    return {
        "type": "claim", "id": claim.id, "source_id": claim.source_id, "document_id": claim.document_id,
        "kind": claim.kind, "start": claim.start, "end": claim.end, "text": claim.text,
        "witness": _actor(claim.witness), "speaker": _actor(claim.speaker), "cited_work": claim.cited_work,
        "low": claim.low, "high": claim.high, "qualifier": claim.qualifier, "unit": claim.unit,
        "counts": claim.counts, "share_of": claim.share_of, "refers_to": claim.refers_to,
        "event_type": claim.event_type, "subject": _actor(claim.subject), "date": claim.date,
        "place": claim.place, "judge": _actor(claim.judge), "judged": _actor(claim.judged),
        "polarity": claim.polarity, "reported_by": claim.reported_by, "stance": claim.stance,
        "written": claim.written, "vantage": claim.vantage, "confidence": claim.confidence,
        "found_by": claim.found_by,
    }


def relation_record(relation: ClaimRelation) -> dict[str, Any]:
    return {
        "type": "relation", "id": relation.id, "claim_a": relation.claim_a, "claim_b": relation.claim_b,
        "relation": relation.relation, "score": relation.score, "why": relation.why,
        "status": relation.status, "decided_by": relation.decided_by,
    }


def dependency_record(dependency: SourceDependency) -> dict[str, Any]:
    return {"type": "dependency", "source_id": dependency.source_id, "depends_on": dependency.depends_on,
            "reason": dependency.reason, "score": dependency.score}


def write_jsonl(store: Store, out: IO[str], include_history: bool = False) -> dict[str, int]:
    """Write the whole archive, one source (and what it holds) at a time; return counts."""
    counts = {"source": 0, "document": 0, "note": 0, "entity": 0, "mention": 0, "claim": 0,
              "relation": 0, "dependency": 0}

    def emit(record: dict[str, Any]) -> None:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        counts[record["type"]] += 1

    emit_header = {"type": "archive", "contract": CONTRACT_VERSION}
    out.write(json.dumps(emit_header) + "\n")
    for entity in store.entities():
        emit(entity_record(entity))
    for source in store.iter_sources(include_history):
        emit(source_record(source))
        for document in source.documents:
            emit(document_record(document))
        for note in source.notes:
            emit(note_record(note))
        for mention in source.mentions:
            emit(mention_record(mention))
        if source.id:
            for claim in store.claims(ClaimFilter(source_id=source.id)):
                emit(claim_record(claim))
    for relation in store.relations():
        emit(relation_record(relation))
    for dependency in store.source_dependencies():
        emit(dependency_record(dependency))
    return counts
