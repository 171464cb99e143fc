"""The JSON API under /api/v1: sources, documents, notes, entities, mentions and search.

Lists are paged with `limit` and `offset` and answer {"items", "total", "limit", "offset"};
errors answer {"error": "one line"} (see web/errors.py). Records are the JSON Lines export's
records (docs/jsonl.md), so the API and the export never disagree about a field.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from testimonia.archive import Archive, day_bound
from testimonia.errors import BadQuery
from testimonia.export.jsonl import document_record, entity_record, mention_record, note_record
from testimonia.model import DOCUMENT_KINDS, ENTITY_TYPES, SourceSummary
from testimonia.store import DocumentFilter
from testimonia.store.browse import ENTITY_SORTS
from testimonia.web.deps import get_archive, mention_counts
from testimonia.web.search_params import SearchParams, result_record, run_search

router = APIRouter(prefix="/api/v1", tags=["archive"])
ArchiveDep = Annotated[Archive, Depends(get_archive)]
Limit = Annotated[int, Query(ge=1, le=500, description="items per page (at most 500)")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]


def page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def source_item(summary: SourceSummary) -> dict[str, Any]:
    return {"type": "source", **asdict(summary), "url": f"/sources/{summary.id}"}


def check_choice(name: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if value and value not in choices:
        raise BadQuery(f"{name} {value!r}: choose one of {', '.join(choices)}")
    return value or None


@router.get("/sources", summary="Current sources, by path")
async def list_sources(archive: ArchiveDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    store = archive.store
    items = [source_item(s) for s in store.source_summaries(limit, offset)]
    return page(items, store.count_sources(), limit, offset)


@router.get("/sources/{source_id}", summary="One source: its front matter, provenance and counts")
async def get_source(source_id: str, archive: ArchiveDep) -> dict[str, Any]:
    store = archive.store
    record = source_item(store.source_summary(source_id))
    front = store.source_front(source_id)
    record["front"] = asdict(front)
    record["documents_url"] = f"/api/v1/documents?source={source_id}"
    return record


@router.get("/documents", summary="Documents, filtered by kind, date, sender, addressee or source")
async def list_documents(
        archive: ArchiveDep, limit: Limit = 50, offset: Offset = 0,
        kind: Annotated[str | None, Query(description="letter, diary_entry, article, ...")] = None,
        date_from: Annotated[str | None, Query(alias="from", description="YYYY[-MM[-DD]]")] = None,
        date_to: Annotated[str | None, Query(alias="to", description="YYYY[-MM[-DD]]")] = None,
        author: Annotated[str | None, Query(description="part of a sender's or author's name")] = None,
        addressee: Annotated[str | None, Query(description="part of an addressee's name")] = None,
        source: Annotated[str | None, Query(description="a source id")] = None) -> dict[str, Any]:
    where = DocumentFilter(kind=check_choice("kind", kind, DOCUMENT_KINDS),
                           date_from=day_bound(date_from, "start"), date_to=day_bound(date_to, "end"),
                           author=author or None, addressee=addressee or None, source_id=source or None)
    store = archive.store
    documents = store.documents(DocumentFilter(**{**asdict(where), "limit": limit, "offset": offset}))
    return page([document_record(d) for d in documents], store.count_documents(where), limit, offset)


@router.get("/documents/{document_id}", summary="One document with its text")
async def get_document(document_id: str, archive: ArchiveDep) -> dict[str, Any]:
    store = archive.store
    record = document_record(store.document(document_id))
    record["text"] = store.document_text(document_id)
    record["url"] = f"/documents/{document_id}"
    record["notes_url"] = f"/api/v1/documents/{document_id}/notes"
    return record


@router.get("/documents/{document_id}/notes", summary="A document's notes, in order")
async def document_notes(document_id: str, archive: ArchiveDep, limit: Limit = 50,
                         offset: Offset = 0) -> dict[str, Any]:
    archive.store.document(document_id)  # 404 for an unknown document rather than an empty list
    notes, total = archive.store.note_page(document_id=document_id, limit=limit, offset=offset)
    return page([note_record(n) for n in notes], total, limit, offset)


@router.get("/notes", summary="Notes, by source or document")
async def list_notes(archive: ArchiveDep, limit: Limit = 50, offset: Offset = 0,
                     source: Annotated[str | None, Query(description="a source id")] = None,
                     document: Annotated[str | None, Query(description="a document id")] = None
                     ) -> dict[str, Any]:
    notes, total = archive.store.note_page(source or None, document or None, limit, offset)
    return page([note_record(n) for n in notes], total, limit, offset)


@router.get("/entities", summary="Register entries, by type or name")
async def list_entities(
        request: Request, archive: ArchiveDep, limit: Limit = 50, offset: Offset = 0,
        type: Annotated[str | None, Query(description="person, place, organisation, work, ...")] = None,
        q: Annotated[str | None, Query(description="part of the name or of a variant")] = None,
        sort: Annotated[str, Query(description="mentions, name or type")] = "mentions") -> dict[str, Any]:
    rows, total = archive.store.entity_page(check_choice("type", type, ENTITY_TYPES), q or None,
                                            check_choice("sort", sort, ENTITY_SORTS) or "mentions",
                                            limit, offset, counts=mention_counts(request, archive))
    return page([{**entity_record(r.entity), "mentions": r.mentions, "url": f"/entities/{r.entity.id}"}
                 for r in rows], total, limit, offset)


@router.get("/register/duplicates", summary="Pairs of register entries that may be one, for an editor")
async def register_duplicates(
        archive: ArchiveDep, limit: Limit = 50, offset: Offset = 0,
        type: Annotated[str | None, Query(description="person, place, organisation, work, ...")] = None
) -> dict[str, Any]:
    pairs = archive.duplicates(check_choice("type", type, ENTITY_TYPES))
    items = [{"keep": entity_record(p.keep), "other": entity_record(p.other), "why": p.why}
             for p in pairs[offset:offset + limit]]
    return page(items, len(pairs), limit, offset)


@router.get("/entities/{entity_id}", summary="One register entry")
async def get_entity(entity_id: str, archive: ArchiveDep) -> dict[str, Any]:
    store = archive.store
    entity = store.entity(entity_id)
    _, mentions = store.mention_page(entity_id=entity_id, limit=1)
    return {**entity_record(entity), "merged_into": entity.merged_into, "mentions": mentions,
            "url": f"/entities/{entity_id}", "mentions_url": f"/api/v1/entities/{entity_id}/mentions"}


@router.get("/entities/{entity_id}/mentions", summary="Every mention of one entry, in text order")
async def entity_mentions(entity_id: str, archive: ArchiveDep, limit: Limit = 50,
                          offset: Offset = 0) -> dict[str, Any]:
    archive.store.entity(entity_id)
    mentions, total = archive.store.mention_page(entity_id=entity_id, limit=limit, offset=offset)
    return page([mention_record(m) for m in mentions], total, limit, offset)


@router.get("/mentions", summary="Mentions, by source, document or entity")
async def list_mentions(archive: ArchiveDep, limit: Limit = 50, offset: Offset = 0,
                        source: Annotated[str | None, Query(description="a source id")] = None,
                        document: Annotated[str | None, Query(description="a document id")] = None,
                        entity: Annotated[str | None, Query(description="an entity id")] = None
                        ) -> dict[str, Any]:
    mentions, total = archive.store.mention_page(source or None, document or None, entity or None,
                                                 limit, offset)
    return page([mention_record(m) for m in mentions], total, limit, offset)


@router.get("/search", summary="Full-text search with facets and highlighted snippets")
async def search(archive: ArchiveDep, params: Annotated[SearchParams, Depends()],
                 limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    result = run_search(archive, params, limit, offset)
    return result_record(result, limit, offset)
