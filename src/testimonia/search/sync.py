"""Keeping a search index in step with the store: what to index for a source, and rebuilds."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from testimonia.model import Entity, Source
from testimonia.names import surname_key
from testimonia.search.base import IndexedDocument, IndexedParty, SearchIndex

if TYPE_CHECKING:
    from testimonia.store import Store

_SINGLE_WORD = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
_LINKED_STATUSES = ("linked", "confirmed")
REINDEX_BATCH = 200  # sources per commit during a rebuild


def indexed_documents(source: Source) -> list[IndexedDocument]:
    """A stored source's documents as the index takes them: text, notes' text, filters."""
    notes: dict[str | None, list[str]] = {}
    for note in source.notes:
        notes.setdefault(note.document_id, []).append(note.text)
    facets: dict[str | None, dict[str, set[str]]] = {}
    for mention in source.mentions:
        if mention.entity_id and mention.status in _LINKED_STATUSES \
                and mention.entity_type in ("person", "place"):
            facets.setdefault(mention.document_id, {}).setdefault(mention.entity_type, set()).add(
                mention.entity_id)
    out = []
    for position, document in enumerate(source.documents):
        own_notes = notes.get(document.id, [])
        if position == 0:
            own_notes = own_notes + notes.get(None, [])  # notes no document claims stay findable
        text = "\n\n".join([source.text[document.start:document.end], *own_notes])
        found = facets.get(document.id, {})
        place_ids = set(found.get("place", set()))
        if document.place_entity_id:
            place_ids.add(document.place_entity_id)
        date = document.date
        out.append(IndexedDocument(
            document_id=document.id or "", source_id=source.id or "", kind=document.kind, text=text,
            title=document.title or source.title, date_edtf=date.edtf if date else None,
            earliest=date.earliest if date else None, latest=date.latest if date else None,
            language=document.language, persons=tuple(sorted(found.get("person", set()))),
            places=tuple(sorted(place_ids)),
            authors=tuple(IndexedParty(p.name, p.entity_id) for p in document.authors),
            addressees=tuple(IndexedParty(p.name, p.entity_id) for p in document.addressees)))
    return out


def name_groups(entities: Iterable[Entity]) -> Iterator[list[str]]:
    """Register entries as groups of one-word spellings that name expansion may offer together.

    A person is grouped by surname (Mandelstam, Мандельштам, Mandel'shtam), one group per
    surname key, so a maiden name on the same entry does not join the married name's group;
    a place or body by its one-word names.
    """
    for entity in entities:
        forms = [entity.name, *entity.variants]
        if entity.entity_type == "person":
            words = [form.split()[-1] for form in forms if form.split()]
            by_key: dict[str, list[str]] = {}
            for word in words:
                if _SINGLE_WORD.fullmatch(word) and len(word) > 2:
                    by_key.setdefault(surname_key(word), []).append(word)
            yield from (group for key, group in by_key.items() if key and len(group) > 1)
        else:
            single = [form for form in forms if _SINGLE_WORD.fullmatch(form)]
            if len(single) > 1:
                yield single


def rebuild(store: Store, index: SearchIndex,
            on_source: Callable[[str, int], None] | None = None) -> int:
    """Empty the index and fill it from every current source of the store; returns documents."""
    index.clear()
    total = 0
    batch: list[IndexedDocument] = []
    pending = 0
    for source in store.iter_sources():
        documents = indexed_documents(source)
        batch.extend(documents)
        total += len(documents)
        pending += 1
        if on_source:
            on_source(source.id or "", len(documents))
        if pending >= REINDEX_BATCH:
            index.add(batch)
            batch, pending = [], 0
    if batch:
        index.add(batch)
    index.set_name_groups(name_groups(store.entities()))
    return total
