"""Run every claim finder over a source's documents, with the mentions recognition found.

The order matters: quotations first (judgements point back to them, and other claims nest
inside them), then reported speech, quantities, events and judgements, then nesting and
stances. Claim ids are derived from what the claim is and where it stands, so extracting the
same text again gives the same ids, and an editor's decisions about relations still apply.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from testimonia.claims.attribution import nest, reported_speech, vantage_of
from testimonia.claims.context import DocumentContext, normal_name
from testimonia.claims.events import find_events
from testimonia.claims.judgements import find_judgements
from testimonia.claims.model import Claim
from testimonia.claims.quantities import find_quantities
from testimonia.claims.quotations import find_quotations
from testimonia.model import Entity, Mention, Source


def register_names(entities: Iterable[Entity]) -> dict[str, str]:
    """Lower-cased person names and variants -> entity id; a surname alone where only one bears it."""
    names: dict[str, str] = {}
    surnames: Counter[str] = Counter()
    owner: dict[str, str] = {}
    for entity in entities:
        if entity.entity_type != "person" or entity.id is None or entity.merged_into:
            continue
        for form in {entity.name, *entity.variants}:
            key = normal_name(form)
            if key:
                names.setdefault(key, entity.id)
                surname = key.split()[-1]
                if len(key.split()) > 1 and owner.get(surname) != entity.id:
                    surnames[surname] += 1
                    owner[surname] = entity.id
    for surname, count in surnames.items():
        if count == 1 and surname not in names and len(surname) > 2:
            names[surname] = owner[surname]
    return names


def extract_source(source: Source, mentions: list[Mention],
                   names: dict[str, str] | None = None) -> list[Claim]:
    """Every claim in a stored source, document by document."""
    claims: list[Claim] = []
    for document in source.documents:
        context = DocumentContext.build(source.text, document, mentions, source.notes, names,
                                        fallback_author=source.front.author)
        claims.extend(extract_document(context, source.id or ""))
    return claims


def extract_document(context: DocumentContext, source_id: str) -> list[Claim]:
    """Every claim of one document, nested, with ids, its writing date and vantage."""
    quotations = find_quotations(context)
    quotations += reported_speech(context, quotations)
    claims = quotations + find_quantities(context) + find_events(context)
    claims += find_judgements(context, quotations)
    document = context.document
    written = document.date.edtf if document.date else None
    for claim in claims:
        claim.source_id = source_id
        claim.document_id = document.id
        claim.written = written
        claim.id = claim_id(source_id, claim)
        sentence = context.sentence_at(claim.start)
        claim.vantage = vantage_of(context.text[sentence.start:sentence.end])
    nest(claims, context)
    claims.sort(key=lambda c: (c.start, c.kind))
    return claims


def claim_id(source_id: str, claim: Claim) -> str:
    key = "|".join(str(part) for part in (source_id, claim.kind, claim.start, claim.end, claim.found_by,
                                          claim.event_type, claim.polarity))
    return "clm_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
