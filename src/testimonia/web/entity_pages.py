"""An entry's page: its names, every mention in context, the documents by, to and about it,
who is mentioned with it, and a timeline of its mentions by year."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from testimonia.archive import Archive
from testimonia.web.deps import get_archive
from testimonia.web.paging import Page
from testimonia.web.svg import mention_timeline

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
ArchiveDep = Annotated[Archive, Depends(get_archive)]
MENTIONS_PER_PAGE = 25
DOCUMENTS_PER_LIST = 20
COOCCURRING = 20
CURATION_STEPS_SHOWN = 20


@router.get("/entities/{entity_id}")
async def entity_page(request: Request, entity_id: str, archive: ArchiveDep,
                      page: Annotated[int, Query(ge=1)] = 1) -> Response:
    store = archive.store
    entity = store.entity(entity_id)
    if entity.merged_into:
        return RedirectResponse(f"/entities/{entity.merged_into}", status_code=307)
    profile = store.entity_profile(entity_id, MENTIONS_PER_PAGE, (page - 1) * MENTIONS_PER_PAGE,
                                   DOCUMENTS_PER_LIST, together_limit=COOCCURRING)
    names = store.entity_names([other for other, _ in profile.together])
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "entity.html", {
        "nav": "register", "entity": entity, "mentions": profile.mentions,
        "page": Page(page, MENTIONS_PER_PAGE, profile.mention_total, f"/entities/{entity_id}"),
        "documents": profile.documents, "per_list": DOCUMENTS_PER_LIST,
        "cooccurring": [(other, names.get(other, (other, "other")), count)
                        for other, count in profile.together],
        "together_of": profile.together_of, "mentioned_in": profile.documents["mentioned"][1],
        "years": profile.years, "timeline": mention_timeline(profile.years, entity.name),
        "log": list(reversed(store.curation_log(entity_id)))[:CURATION_STEPS_SHOWN],
    })
