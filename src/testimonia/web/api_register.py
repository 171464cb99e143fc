"""The JSON API for curating the register, under /api/v1: the steps of `testimonia register`.

Parameters travel in the query string, as for the editor's decision on a relation, so that any
client (curl, a script, the workbench's own forms) can call them without a body parser.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from testimonia.archive import Archive
from testimonia.web import curation
from testimonia.web.api import Limit, Offset, page
from testimonia.web.deps import get_archive

router = APIRouter(prefix="/api/v1", tags=["register curation"],
                   dependencies=[Depends(curation.refuse_cross_site)])
ArchiveDep = Annotated[Archive, Depends(get_archive)]
Name = Annotated[str, Query(max_length=curation.NAME_LIMIT, description="the new name")]
Id = Annotated[str, Query(max_length=200)]


@router.post("/entities/{entity_id}/rename",
             summary="Give an entry a new preferred name (the old one stays a variant)")
async def rename_entity(entity_id: str, archive: ArchiveDep, name: Name) -> dict[str, Any]:
    return curation.rename(archive, entity_id, name)


@router.post("/entities/{entity_id}/variants", summary="Add a name variant to an entry")
async def add_variant(entity_id: str, archive: ArchiveDep,
                      variant: Annotated[str, Query(max_length=curation.NAME_LIMIT)]) -> dict[str, Any]:
    return curation.add_variant(archive, entity_id, variant)


@router.post("/entities/{entity_id}/merge", summary="Fold another entry into this one (undo with its step)")
async def merge_entities(entity_id: str, archive: ArchiveDep,
                         other: Annotated[str, Query(max_length=200, description="the entry to fold in")]
                         ) -> dict[str, Any]:
    return curation.merge(archive, entity_id, other)


@router.post("/entities/{entity_id}/split", summary="Move some mentions of an entry to a new entry")
async def split_entity(entity_id: str, archive: ArchiveDep, name: Name,
                       mention: Annotated[list[str], Query(description="a mention to move (repeat)")]
                       ) -> dict[str, Any]:
    return curation.split(archive, entity_id, name, mention)


@router.post("/mentions/{mention_id}/decision",
             summary="An editor confirms or rejects a mention, or links it to another entry")
async def decide_mention(mention_id: str, archive: ArchiveDep,
                         status: Annotated[str, Query(description="confirmed or rejected")],
                         entity: Annotated[str | None, Query(max_length=200,
                                                             description="link it to this entry")] = None
                         ) -> dict[str, Any]:
    return curation.decide_mention(archive, mention_id, status, entity)


@router.post("/register/undo/{step}", summary="Reverse one curation step")
async def undo_step(step: int, archive: ArchiveDep) -> dict[str, Any]:
    return curation.undo(archive, step)


@router.get("/register/log", summary="The curation log, oldest first (of one entry, if given)")
async def curation_log(archive: ArchiveDep, entity: Id | None = None, limit: Limit = 50,
                       offset: Offset = 0) -> dict[str, Any]:
    entries = archive.store.curation_log(entity or None)
    return page([curation.log_record(e) for e in entries[offset:offset + limit]], len(entries), limit, offset)
