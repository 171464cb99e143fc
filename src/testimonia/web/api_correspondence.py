"""The JSON API for correspondence, the network and entries' timelines, under /api/v1."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from testimonia.archive import Archive
from testimonia.correspondence import (
    Correspondent,
    correspondence_between,
    correspondent_pairs,
    letter_network,
)
from testimonia.errors import BadQuery
from testimonia.web.api import Limit, Offset, page
from testimonia.web.deps import get_archive

router = APIRouter(prefix="/api/v1", tags=["correspondence"])
ArchiveDep = Annotated[Archive, Depends(get_archive)]
Name = Annotated[str | None, Query(description="a correspondent: an entity id or a name", max_length=300)]
PAIRS_COUNTED = 5000


def correspondent_record(correspondent: Correspondent) -> dict[str, Any]:
    return {"key": correspondent.key, "name": correspondent.name, "entity_id": correspondent.entity_id,
            "url": f"/entities/{correspondent.entity_id}" if correspondent.entity_id else None}


@router.get("/correspondence", summary="Pairs of correspondents, or the letters between two (a and b)")
async def correspondence(archive: ArchiveDep, a: Name = None, b: Name = None, limit: Limit = 50,
                         offset: Offset = 0) -> dict[str, Any]:
    """Without `a` and `b`: pairs of correspondents with letter counts, most letters first.
    With both: the letters between them in date order with reply times, long silences and the
    letters their words refer to that the archive lacks."""
    if a or b:
        if not (a and b):
            raise BadQuery("correspondence: give both a and b (an entity id or a name each)")
        found = correspondence_between(archive.store, a, b)
        letters = [{**asdict(letter), "url": f"/documents/{letter.document_id}"}
                   for letter in found.letters[offset:offset + limit]]
        return {**page(letters, found.total, limit, offset),
                "a": correspondent_record(found.a), "b": correspondent_record(found.b),
                "missing": [asdict(item) for item in found.missing],
                "gaps": [asdict(gap) for gap in found.gaps],
                "median_interval_days": found.median_interval_days,
                "median_reply_days": found.median_reply_days}
    pairs = correspondent_pairs(archive.store, PAIRS_COUNTED)
    items = [{"a": correspondent_record(pair.a), "b": correspondent_record(pair.b), "letters": pair.letters,
              "a_to_b": pair.a_to_b, "b_to_a": pair.b_to_a, "first": pair.first, "last": pair.last}
             for pair in pairs[offset:offset + limit]]
    return page(items, len(pairs), limit, offset)


@router.get("/letters/texts", summary="Letters of a letters index (CMIF) and their texts in the archive")
async def letter_texts(archive: ArchiveDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Each letter known only from a letters index (a CMIF file: no text of its own) for which a
    text in the archive was found, by id or by the same sender, addressee and day."""
    matches = archive.letter_texts()
    items = [{**asdict(match), "index_url": f"/documents/{match.index_id}",
              "text_url": f"/documents/{match.text_id}"} for match in matches[offset:offset + limit]]
    return page(items, len(matches), limit, offset)


@router.get("/network", summary="Who wrote to whom (directed, weighted) and who is mentioned with whom")
async def network(archive: ArchiveDep,
                  edges: Annotated[int, Query(ge=1, le=1000, description="busiest letter directions")] = 200,
                  people: Annotated[int, Query(ge=0, le=200, description="most mentioned persons")] = 30,
                  ) -> dict[str, Any]:
    found = letter_network(archive.store, edges=edges, people=people)
    return {
        "nodes": [{"key": n.key, "name": n.name, "entity_id": n.entity_id, "sent": n.sent,
                   "received": n.received, "mentions": n.mentions} for n in found.nodes],
        "letters": [{"from": e.sender.key, "to": e.addressee.key, "letters": e.letters, "first": e.first,
                     "last": e.last} for e in found.letters],
        "mentioned_with": [{"a": m.a, "b": m.b, "documents": m.documents} for m in found.mentioned_with],
    }


@router.get("/entities/{entity_id}/timeline", summary="Mentions of one entry by year")
async def entity_timeline(entity_id: str, archive: ArchiveDep) -> dict[str, Any]:
    archive.store.entity(entity_id)
    years = archive.store.mention_years(entity_id)
    return {"entity_id": entity_id, "items": [{"year": year, "mentions": count} for year, count in years],
            "total": sum(count for _, count in years)}
