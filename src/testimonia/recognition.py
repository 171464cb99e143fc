"""Recognise and link mentions in stored sources: the stage between the store and the register.

For each document it runs the chosen recognisers (register, model, rules), drops what the
edition's own markup already covers, links the rest to the register with the document's
context (its sender and addressees, its fuller mentions, what earlier documents of the same
source were linked to), proposes new entries for names the register lacks, and hands the
result to the store, which keeps every editor's decision.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from testimonia.link import LinkContext, LinkDecision, RegisterIndex, link_mentions
from testimonia.model import Document, Entity, Mention
from testimonia.names import match_key
from testimonia.recognise import recognise_text
from testimonia.recognise.gazetteer import Gazetteer
from testimonia.store import Store


@dataclass
class RecognitionSummary:
    sources: int = 0
    documents: int = 0
    words: int = 0
    mentions: int = 0
    linked: int = 0
    ambiguous: int = 0
    proposed: int = 0
    new_entities: int = 0
    seconds: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)


def recognise_sources(store: Store, source_ids: Iterable[str] | None,
                      backends: tuple[str, ...],
                      on_source: Callable[[str, int], None] | None = None) -> RecognitionSummary:
    began = time.perf_counter()
    entities = list(store.entities())
    gazetteer = Gazetteer(entities) if "register" in backends and entities else None
    index = RegisterIndex(entities)
    proposed: dict[str, str] = {}  # key of a proposed name -> the new entry's id
    wanted = set(source_ids) if source_ids is not None else None
    summary = RecognitionSummary()
    for row in store.sources():
        if wanted is not None and row.id not in wanted:
            continue
        source = store.source(row.id)
        markup = sorted((m.start, m.end) for m in source.mentions if m.method == "markup")
        found: list[Mention] = []
        prior: list[LinkDecision] = []
        spans: list[tuple[Document | None, int, int]] = [
            (d, d.start, d.end) for d in source.documents if d.end > d.start]
        if not spans:
            spans = [(None, 0, len(source.text))]
        for document, start, end in spans:
            piece = source.text[start:end]
            mentions = recognise_text(piece, document.language if document else None,
                                      gazetteer=gazetteer, backends=backends)
            for mention in mentions:
                mention.start += start
                mention.end += start
                mention.document_id = document.id if document else None
            mentions = [m for m in mentions if not _covered(m, markup)]
            context = LinkContext(list(document.authors) if document else [],
                                  list(document.addressees) if document else [], mentions, prior)
            decisions = link_mentions(mentions, index, context)
            for decision in decisions:
                _apply(decision, store, index, proposed, summary)
            prior.extend(decisions)
            found.extend(mentions)
            summary.documents += 1
            summary.words += len(piece.split())
        store.replace_recognised_mentions(row.id, found)
        summary.sources += 1
        summary.mentions += len(found)
        if on_source:
            on_source(row.id, len(found))
    summary.seconds = time.perf_counter() - began
    return summary


def _covered(mention: Mention, markup: list[tuple[int, int]]) -> bool:
    return any(start < mention.end and mention.start < end for start, end in markup)


def _apply(decision: LinkDecision, store: Store, index: RegisterIndex, proposed: dict[str, str],
           summary: RecognitionSummary) -> None:
    mention = decision.mention
    mention.reason = decision.reason
    mention.candidates = list(decision.candidates)
    summary.statuses[decision.status] = summary.statuses.get(decision.status, 0) + 1
    if decision.status == "linked" and decision.entity_id:
        mention.entity_id, mention.status = decision.entity_id, "linked"
        summary.linked += 1
    elif decision.status == "ambiguous":
        mention.entity_id, mention.status = None, "ambiguous"
        summary.ambiguous += 1
    else:
        # A name the register lacks becomes a proposed entry, one per name across the run, so
        # that the editor confirms or merges it rather than finding the mention unlinked.
        name = decision.proposed_name or mention.text
        key = f"proposed:{mention.entity_type}:{match_key(name) or name.casefold()}"
        entity_id = proposed.get(key) or store.entity_for_key(key)
        if entity_id is None:
            entity = Entity(mention.entity_type, name, status="proposed")
            entity_id = store.add_entity(entity, key=key)
            entity.id = entity_id
            index.add(entity)
            summary.new_entities += 1
        proposed[key] = entity_id
        mention.entity_id, mention.status = entity_id, "proposed"
        summary.proposed += 1
