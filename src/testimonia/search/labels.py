"""Facet labels: the index keeps ids, the reader wants names.

A page of results shows up to 20 values for each of eight facets, so labels are looked up in a
batch: one query for every register entry, and for each source only its title, by primary key.
(A source summary, which also counts the source's documents, notes and mentions, cost 1 ms a
source at a million documents: 20 ms a page.)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from testimonia.errors import RecordNotFound
from testimonia.search.base import FacetCount, SearchResult
from testimonia.store import Store

LANGUAGE_NAMES = {"en": "English", "ru": "Russian"}
_ENTITY_FACETS = ("person", "place", "author", "addressee")


def _source_name(store: Store, value: str) -> str:
    try:
        title = store.source_front(value).title
        return title or Path(store.source_summary(value).path).name
    except RecordNotFound:
        return value


def _labels(store: Store, facets: dict[str, list[FacetCount]]) -> dict[tuple[str, str], str]:
    entity_ids = sorted({c.value for name in _ENTITY_FACETS for c in facets.get(name, [])
                         if c.value.startswith("ent_")})
    names = store.entity_names(entity_ids) if entity_ids else {}
    labels: dict[tuple[str, str], str] = {}
    for name, counts in facets.items():
        for count in counts:
            value = count.value
            if name in _ENTITY_FACETS:
                label = names.get(value, (value,))[0]
            elif name == "source":
                label = _source_name(store, value)
            elif name == "language":
                label = LANGUAGE_NAMES.get(value, value)
            elif name == "kind":
                label = value.replace("_", " ")
            else:
                label = value
            labels[name, value] = label
    return labels


def label_facets(store: Store, result: SearchResult) -> SearchResult:
    """The same result with each facet value's label filled in from the store."""
    labels = _labels(store, result.facets)
    labelled = {name: [FacetCount(c.value, labels[name, c.value], c.count) for c in counts]
                for name, counts in result.facets.items()}
    return dataclasses.replace(result, facets=labelled)
