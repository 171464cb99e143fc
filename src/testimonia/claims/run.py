"""The claims stage over a store: extract, weigh, profile a witness, tabulate estimates.

`Archive` calls these; they take a `Store` and return records, so the CLI, the web app and
scripts share them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from testimonia.claims.context import normal_name, same_actor
from testimonia.claims.estimates import EstimateGroup, estimates
from testimonia.claims.extract import extract_source, register_names
from testimonia.claims.model import Actor, Claim, ClaimFilter
from testimonia.claims.weigh import SourceInfo, WeighResult, weigh
from testimonia.claims.witness import WitnessProfile, build_profile
from testimonia.errors import BadQuery, RecordNotFound
from testimonia.store import Store


@dataclass
class ExtractSummary:
    sources: int = 0
    claims: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def extract_claims(store: Store, source_ids: Iterable[str] | None = None,
                   on_source: Callable[[str, int], None] | None = None) -> ExtractSummary:
    """Extract the claims of current sources (or those named); each source in one transaction."""
    began = time.perf_counter()
    names = register_names(store.entities("person"))
    wanted = set(source_ids) if source_ids is not None else None
    summary = ExtractSummary()
    for summary_row in store.sources():
        if wanted is not None and summary_row.id not in wanted:
            continue
        source = store.source(summary_row.id)
        claims = extract_source(source, store.mentions(source_id=source.id), names)
        store.replace_claims(summary_row.id, claims)
        summary.sources += 1
        summary.claims += len(claims)
        for claim in claims:
            summary.by_kind[claim.kind] = summary.by_kind.get(claim.kind, 0) + 1
        if on_source:
            on_source(summary_row.id, len(claims))
    if wanted:
        missing = wanted - {s.id for s in store.sources()}
        if missing:
            raise RecordNotFound(f"{sorted(missing)[0]}: no such current source")
    summary.seconds = time.perf_counter() - began
    return summary


def source_infos(store: Store, claims: list[Claim]) -> list[SourceInfo]:
    """Title, author, date, text and notes of each source that has claims."""
    infos = []
    authors: dict[str, Actor] = {}
    written: dict[str, str] = {}
    for claim in claims:
        if claim.source_id and claim.witness and claim.source_id not in authors:
            authors[claim.source_id] = claim.witness
        if claim.source_id and claim.written and claim.source_id not in written:
            written[claim.source_id] = claim.written
    for source_id in {c.source_id for c in claims if c.source_id}:
        source = store.source(source_id)
        infos.append(SourceInfo(source_id, source.front.title, authors.get(source_id),
                                written.get(source_id), source.text,
                                [note.text for note in source.notes]))
    return infos


def weigh_claims(store: Store) -> WeighResult:
    """Weigh every current claim against the others; editor decisions are kept."""
    claims = store.claims(ClaimFilter())
    result = weigh(claims, source_infos(store, claims))
    store.replace_relations(result.relations, result.dependencies)
    return result


def find_witness(store: Store, name_or_id: str) -> Actor:
    """A witness by register id, or by a name as written (matched to the register if possible)."""
    text = name_or_id.strip()
    if not text:
        raise BadQuery("witness: give a name or an entity id")
    if text.startswith("ent_"):
        entity = store.entity(text)
        return Actor(entity.name, entity.id)
    names = register_names(store.entities("person"))
    key = normal_name(text)
    if key in names:
        entity = store.entity(names[key])
        return Actor(entity.name, entity.id)
    for claim in store.claims(ClaimFilter()):
        for actor in (claim.witness, claim.speaker, claim.judged, claim.subject):
            if actor is not None and same_actor(actor, Actor(text)):
                return actor
    raise RecordNotFound(f"{text}: no witness or register entry of that name")


def witness_profile(store: Store, name_or_id: str) -> WitnessProfile:
    witness = find_witness(store, name_or_id)
    if witness.entity_id:
        related = store.claims(ClaimFilter(entity_id=witness.entity_id))
    else:
        related = [c for c in store.claims(ClaimFilter())
                   if any(same_actor(a, witness) for a in (c.witness, c.speaker, c.judged))]
    spoken = {c.id for c in related if c.kind == "quotation" and same_actor(c.speaker, witness)}
    made = [c for c in related
            if (same_actor(c.witness, witness) and c.reported_by is None) or c.id in spoken]
    if spoken:
        known = {c.id for c in made}
        made += [c for c in store.claims(ClaimFilter(reported_by=sorted(spoken))) if c.id not in known]
    about = [c for c in related if c.kind == "judgement" and same_actor(c.judged, witness)]
    relations = store.relations_for([c.id for c in made if c.id])
    return build_profile(witness, made, about, relations)


def estimate_groups(store: Store, query: str | None = None) -> list[EstimateGroup]:
    if query is not None and not query.strip():
        raise BadQuery("estimates: the query is empty; name the thing counted (\"prisoners\")")
    return estimates(store.claims(ClaimFilter(kind="quantity")), query)
