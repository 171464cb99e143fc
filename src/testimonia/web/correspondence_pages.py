"""The correspondence pages: pairs of correspondents, the letters between two of them over
time, and the network of who wrote to whom."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from testimonia.archive import Archive
from testimonia.correspondence import correspondence_between, correspondent_pairs, letter_network
from testimonia.correspondence.analyse import GAP_FACTOR, MIN_GAP_DAYS
from testimonia.errors import BadQuery
from testimonia.web.deps import get_archive
from testimonia.web.svg import correspondence_timeline, network_graph

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
ArchiveDep = Annotated[Archive, Depends(get_archive)]
PAIRS_SHOWN = 200


@router.get("/correspondence")
async def correspondence_page(request: Request, archive: ArchiveDep, a: str | None = None,
                              b: str | None = None) -> Response:
    a, b = (a or "").strip(), (b or "").strip()
    context: dict[str, object] = {"nav": "correspondence", "a": a, "b": b, "gap_factor": GAP_FACTOR,
                                  "min_gap": MIN_GAP_DAYS}
    if a or b:
        if not (a and b):
            raise BadQuery("correspondence: give both a and b (an entity id or a name each)")
        found = correspondence_between(archive.store, a, b)
        context.update({"correspondence": found, "timeline": correspondence_timeline(found),
                        "letters_by_id": {letter.document_id: letter for letter in found.letters}})
    else:
        context["pairs"] = correspondent_pairs(archive.store, PAIRS_SHOWN)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "correspondence.html", context)


@router.get("/network")
async def network_page(request: Request, archive: ArchiveDep) -> Response:
    network = letter_network(archive.store)
    names = {node.key: node.name for node in network.nodes}
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "network.html", {
        "nav": "network", "network": network, "graph": network_graph(network), "names": names})
