"""Correspondence: the letters between two people over time, and the network of who wrote to whom.

No web code here: the functions take a store and return records (`records.py`) that the
CLI, the JSON API and the pages all show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from testimonia.correspondence.analyse import party_key, read_correspondence
from testimonia.correspondence.network import Network, build_network, pairs_from_edges
from testimonia.correspondence.records import (
    Correspondence,
    Correspondent,
    CorrespondentPair,
    Gap,
    LetterEdge,
    LetterReference,
    MissingLetter,
    PairLetter,
)
from testimonia.errors import RecordNotFound

if TYPE_CHECKING:
    from testimonia.model import Document
    from testimonia.store import Store

__all__ = [
    "Correspondence", "Correspondent", "CorrespondentPair", "Gap", "LetterEdge", "LetterReference",
    "MissingLetter", "Network", "PairLetter", "correspondence_between", "correspondent",
    "correspondent_pairs", "letter_network", "party_key", "read_correspondence",
]


def correspondent(store: Store, text: str) -> Correspondent:
    """The correspondent an entity id or a name means, or RecordNotFound naming the text."""
    found = store.correspondent(text)
    if found is None:
        raise RecordNotFound(f"correspondent {text!r}: no register entry or letter party of that name")
    return found


def correspondence_between(store: Store, a: str, b: str) -> Correspondence:
    """The letters between two correspondents (entity ids or names), read together."""
    first, second = correspondent(store, a), correspondent(store, b)
    letters = store.letters_between(first.key, second.key)
    texts: dict[str, str] = {}

    def text_of(document: Document) -> str:
        source_id = document.source_id or ""
        if source_id not in texts:
            texts[source_id] = store.source_text(source_id)
        return texts[source_id]

    return read_correspondence(first, second, letters, text_of)


def correspondent_pairs(store: Store, limit: int = 200) -> list[CorrespondentPair]:
    """Pairs of correspondents with their letters each way, most letters first."""
    return pairs_from_edges(store.letter_edges(limit=limit))


def letter_network(store: Store, edges: int = 200, people: int = 30, together: int = 60) -> Network:
    """Who wrote to whom (the `edges` busiest directions) and who is mentioned with whom (the
    `together` pairs most often named in one document among the `people` most mentioned persons)."""
    letter_edges = store.letter_edges(limit=edges)
    mentioned = dict(store.most_mentioned("person", limit=people))
    names = {entity_id: name for entity_id, (name, _) in store.entity_names(sorted(mentioned)).items()}
    return build_network(letter_edges, store.mention_edges(sorted(mentioned)), mentioned, names, together)
