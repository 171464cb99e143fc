"""What the archive knows of one register entry, and the register as a list."""

from __future__ import annotations

from dataclasses import dataclass, field

from testimonia.model import Entity, Mention
from testimonia.store import Store
from testimonia.store.curation import LogEntry


@dataclass
class EntitySummary:
    entity: Entity
    mentions: int


@dataclass
class MentionInContext:
    mention: Mention
    before: str
    after: str


@dataclass
class EntityReport:
    entity: Entity
    mentions: list[MentionInContext]
    cooccurring: list[tuple[Entity, int]]
    source_ids: list[str]
    log: list[LogEntry] = field(default_factory=list)


def list_entities(store: Store, entity_type: str | None = None, query: str | None = None,
                  status: str | None = None, limit: int | None = None) -> list[EntitySummary]:
    """Entries, most mentioned first; `query` matches the name or a variant, case-insensitively."""
    counts = dict(store.entity_mention_counts())
    needle = query.casefold() if query else None
    rows = []
    for entity in store.entities(entity_type):
        if status and entity.status != status:
            continue
        if needle and not any(needle in name.casefold() for name in [entity.name, *entity.variants]):
            continue
        rows.append(EntitySummary(entity, counts.get(entity.id or "", 0)))
    rows.sort(key=lambda row: (-row.mentions, row.entity.name.casefold()))
    return rows[:limit] if limit else rows


def entity_report(store: Store, entity_id: str, context: int = 60) -> EntityReport:
    """Every mention of the entry with the words around it, co-occurring entries, sources, log."""
    entity = store.entity(entity_id)
    if entity.merged_into:
        entity = store.entity(entity.merged_into)
    mentions = store.mentions(entity_id=entity.id)
    texts: dict[str, str] = {}
    shown = []
    for mention in mentions:
        source_id = mention.source_id or ""
        if source_id not in texts:
            texts[source_id] = store.source_text(source_id)
        text = texts[source_id]
        before = " ".join(text[max(0, mention.start - context):mention.start].split())
        after = " ".join(text[mention.end:mention.end + context].split())
        shown.append(MentionInContext(mention, before, after))
    cooccurring = [(store.entity(other), count) for other, count in store.cooccurring(entity.id or "")]
    return EntityReport(entity, shown, cooccurring, sorted(texts), store.curation_log(entity.id))
