"""The reading pages: home, a document, a source, the register and the API index."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from testimonia.archive import Archive
from testimonia.errors import BadQuery
from testimonia.model import ENTITY_TYPES
from testimonia.store import DocumentFilter
from testimonia.store.browse import ENTITY_SORTS
from testimonia.web.deps import get_archive, mention_counts, remembered
from testimonia.web.paging import Page
from testimonia.web.reading import guess_language, layout_document, link_parties

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
ArchiveDep = Annotated[Archive, Depends(get_archive)]
PAGE_SIZE = 50


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context, status_code=status)


@router.get("/")
async def home(request: Request, archive: ArchiveDep) -> Response:
    counts = mention_counts(request, archive)
    summary = remembered(request, "home", lambda: glance(archive, counts))
    return render(request, "home.html", {"nav": "home", **summary})


def glance(archive: Archive, mentions: dict[str, int]) -> dict[str, Any]:
    """The archive at a glance. Each part is a pass over every document or mention, so the
    result is remembered until the archive changes (see deps.ArchivePerThread)."""
    store = archive.store
    counts = store.counts()
    kinds = [(key.split(".", 1)[1], value) for key, value in counts.items() if key.startswith("documents.")]
    return {
        "counts": counts, "span": store.date_span(), "kinds": sorted(kinds, key=lambda kv: -kv[1]),
        "people": store.top_entities("person", 12, mentions),
        "places": store.top_entities("place", 8, mentions),
        "recent": store.source_summaries(8, newest_first=True),
    }


@router.get("/documents/{document_id}")
async def document_page(request: Request, document_id: str, archive: ArchiveDep) -> Response:
    store = archive.store
    document = store.document(document_id)
    source_id = document.source_id or ""
    text = store.document_text(document_id)
    notes = store.notes(document_id=document_id)
    mentions = store.mentions(document_id=document_id)
    source = store.source_summary(source_id)
    paragraphs = layout_document(document, text, mentions, notes, source.format,
                                 store.source_pages(source_id))
    link_parties(document, mentions, store.entities_named)
    previous, following = store.neighbours(document_id)
    return render(request, "document.html", {
        "document": document, "paragraphs": paragraphs, "notes": notes,
        "language": document.language or guess_language(text),
        "source": source, "front": store.source_front(source_id),
        "previous": store.document(previous) if previous else None,
        "next": store.document(following) if following else None,
        "entity_types": sorted({m.entity_type for m in mentions if m.status != "rejected"}),
    })


@router.get("/sources/{source_id}")
async def source_page(request: Request, source_id: str, archive: ArchiveDep,
                      page: Annotated[int, Query(ge=1)] = 1) -> Response:
    store = archive.store
    summary = store.source_summary(source_id)
    where = DocumentFilter(source_id=source_id, include_history=True)
    pager = Page(page, PAGE_SIZE, store.count_documents(where), f"/sources/{source_id}")
    documents = store.documents(DocumentFilter(source_id=source_id, include_history=True,
                                               limit=PAGE_SIZE, offset=pager.offset))
    return render(request, "source.html", {"source": summary, "front": store.source_front(source_id),
                                           "documents": documents, "page": pager})


@router.get("/register")
async def register_page(request: Request, archive: ArchiveDep, type: str | None = None,
                        q: str | None = None, sort: str = "mentions",
                        page: Annotated[int, Query(ge=1)] = 1) -> Response:
    if type and type not in ENTITY_TYPES:
        raise BadQuery(f"type {type!r}: choose one of {', '.join(ENTITY_TYPES)}")
    if sort not in ENTITY_SORTS:
        raise BadQuery(f"sort {sort!r}: choose one of {', '.join(ENTITY_SORTS)}")
    params: dict[str, str | int | None] = {"type": type, "q": q, "sort": sort if sort != "mentions" else None}
    rows, total = archive.store.entity_page(type or None, q or None, sort, PAGE_SIZE, (page - 1) * PAGE_SIZE,
                                            counts=mention_counts(request, archive))
    return render(request, "register.html", {
        "nav": "register", "rows": rows, "page": Page(page, PAGE_SIZE, total, "/register", params),
        "type": type or "", "q": q or "", "sort": sort, "types": ENTITY_TYPES, "sorts": ENTITY_SORTS,
    })


@router.get("/api")
async def api_index(request: Request) -> Response:
    """Our own index of the JSON API, read from the OpenAPI schema (no CDN-hosted Swagger UI)."""
    schema = request.app.openapi()
    endpoints = []
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            endpoints.append({
                "method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [(p["name"], p.get("in", ""), p.get("description", ""),
                                p.get("required", False)) for p in operation.get("parameters", [])],
            })
    return render(request, "api.html", {"nav": "api", "endpoints": endpoints,
                                        "version": schema.get("info", {}).get("version", "")})
