"""Facet labels: the index keeps ids, the reader wants names."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from testimonia.errors import RecordNotFound
from testimonia.search.base import FacetCount, SearchResult
from testimonia.store import Store

LANGUAGE_NAMES = {"en": "English", "ru": "Russian"}


def _entity_name(store: Store, value: str) -> str:
    if not value.startswith("ent_"):
        return value
    try:
        return store.entity(value).name
    except RecordNotFound:
        return value


def _source_name(store: Store, value: str) -> str:
    try:
        summary = store.source_summary(value)
    except RecordNotFound:
        return value
    return summary.title or Path(summary.path).name


def _label(store: Store, facet: str, value: str) -> str:
    if facet in ("person", "place", "author", "addressee"):
        return _entity_name(store, value)
    if facet == "source":
        return _source_name(store, value)
    if facet == "language":
        return LANGUAGE_NAMES.get(value, value)
    if facet == "kind":
        return value.replace("_", " ")
    return value


def label_facets(store: Store, result: SearchResult) -> SearchResult:
    """The same result with each facet value's label filled in from the store."""
    labelled = {name: [FacetCount(c.value, _label(store, name, c.value), c.count) for c in counts]
                for name, counts in result.facets.items()}
    return dataclasses.replace(result, facets=labelled)
