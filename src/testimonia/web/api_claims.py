"""The JSON API for claims, witnesses and estimates, under /api/v1."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from testimonia.archive import Archive
from testimonia.claims.estimates import EstimateGroup
from testimonia.claims.model import CLAIM_KINDS, RELATION_STATUSES, Claim, ClaimFilter, ClaimRelation
from testimonia.cli_claims import profile_record
from testimonia.errors import BadQuery
from testimonia.export.jsonl import claim_record, relation_record
from testimonia.web.api import Limit, Offset, check_choice, page
from testimonia.web.curation import refuse_cross_site
from testimonia.web.deps import get_archive

router = APIRouter(prefix="/api/v1", tags=["claims"])
ArchiveDep = Annotated[Archive, Depends(get_archive)]
Text = Annotated[str | None, Query(max_length=300)]


def claim_item(claim: Any) -> dict[str, Any]:
    return {**claim_record(claim), "url": f"/claims/{claim.id}"}


@router.get("/claims", summary="Claims (quotations, quantities, events, judgements) by kind, source, entity")
async def list_claims(archive: ArchiveDep, kind: Text = None, source: Text = None, entity: Text = None,
                      limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    where = ClaimFilter(kind=check_choice("kind", kind, CLAIM_KINDS), source_id=source or None,
                        entity_id=entity or None)
    total = archive.store.count_claims(where)
    where = ClaimFilter(kind=where.kind, source_id=where.source_id, entity_id=where.entity_id,
                        limit=limit, offset=offset)
    return page([claim_item(c) for c in archive.store.claims(where)], total, limit, offset)


def related_claims(archive: Archive, claim_id: str) -> list[tuple[ClaimRelation, Claim | None]]:
    """The claim's relations, each with the claim at its other end."""
    relations = archive.store.relations(claim_id=claim_id)
    others = {r.claim_b if r.claim_a == claim_id else r.claim_a for r in relations}
    found = {c.id: c for c in archive.store.claims(ClaimFilter(ids=sorted(others)))} if others else {}
    return [(r, found.get(r.claim_b if r.claim_a == claim_id else r.claim_a)) for r in relations]


@router.get("/claims/{claim_id}", summary="One claim, its relations and the claims they relate it to")
async def get_claim(claim_id: str, archive: ArchiveDep) -> dict[str, Any]:
    claim = archive.store.claim(claim_id)
    return {**claim_item(claim), "relations": [
        {**relation_record(relation), "other": claim_item(other) if other else None}
        for relation, other in related_claims(archive, claim_id)]}


@router.post("/relations/{relation_id}", summary="An editor's decision on a relation: confirmed or rejected",
             dependencies=[Depends(refuse_cross_site)])
async def decide_relation(relation_id: str, archive: ArchiveDep,
                          status: Annotated[str, Query(description="confirmed, rejected or proposed")]
                          ) -> dict[str, Any]:
    check_choice("status", status, RELATION_STATUSES)
    archive.store.decide_relation(relation_id, status)
    return {"id": relation_id, "status": status, "decided_by": "editor"}


@router.get("/witnesses/{witness}", summary="A witness's profile: an entity id or a name")
async def get_witness(witness: str, archive: ArchiveDep) -> dict[str, Any]:
    return profile_record(archive.witness(witness))


def group_record(group: EstimateGroup) -> dict[str, Any]:
    return {"thing": group.thing, "unit": group.unit, "rows": [
        {"claim": row.claim.id, "url": f"/claims/{row.claim.id}", "witness": row.witness,
         "source_id": row.claim.source_id, "written": row.written, "refers_to": row.refers_to,
         "low": row.low, "high": row.high, "qualifier": row.claim.qualifier, "text": row.claim.text}
        for row in group.rows]}


@router.get("/estimates", summary="Every figure given for the same counted thing, across sources")
async def get_estimates(archive: ArchiveDep, q: Annotated[str, Query(min_length=1, max_length=200)],
                        limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    if not q.strip():
        raise BadQuery("q: the query is empty; name the thing counted")
    groups = archive.estimates(q)
    return page([group_record(g) for g in groups[offset:offset + limit]], len(groups), limit, offset)

