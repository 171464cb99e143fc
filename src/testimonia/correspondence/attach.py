"""A letters index and the texts of its letters: which text is which indexed letter.

A CMIF file (or any TEI whose correspDesc entries have no text) is ingested as a letters
index: one letter per entry, with its sender, addressee, date, place and authority
references, and no text. A text of one of those letters, ingested later from any format,
is the same letter when

1. its id is the entry's id: the letter's `xml:id` in its edition is the entry's `@key`,
   or the last part of the entry's `@ref` address (`…/L03820.html` → `L03820`); or
2. it has the same senders, the same addressees and the same day: a party is the same
   when both are linked to one register entry, share an authority identifier (GND, VIAF,
   …), or when the words of one name are all among the other's ("Anna" and "Kostrova,
   Anna"). Only one-to-one matches count: two texts that fit one entry, or two entries
   that fit one text, attach nothing; nor does a text whose id names another entry.

The matches are worked out from the store whenever they are asked for, not recorded: a
new version of either file, or an editor's relinking of a party, changes them at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from testimonia.errors import RecordNotFound
from testimonia.model import Document, Entity, Party
from testimonia.names import match_key
from testimonia.store import DocumentFilter, Store

# a day: an interval ("between May 1893 and May 1894") or a bare month or year fits many
# letters between the same two people, and the Schnitzler letters show it attaching wrongly
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
Lookup = Callable[[str], Entity | None]  # an entry id -> the entry, for its identifiers


@dataclass(frozen=True)
class LetterMatch:
    """A letters-index entry (a letter with no text) and the letter that is its text."""

    index_id: str
    text_id: str
    matched_on: str  # "id" or "parties and date"


def letter_texts(store: Store, letters: list[Document] | None = None) -> list[LetterMatch]:
    """Every entry of a letters index in the archive that a text of the letter was found for.
    `letters`: the archive's letters, when the caller has already read them."""
    if letters is None:
        letters = store.documents(DocumentFilter(kind="letter"))
    index = [d for d in letters if d.end <= d.start]
    texts = [d for d in letters if d.end > d.start]
    if not index or not texts:
        return []
    cache: dict[str, Entity | None] = {}

    def entity(entity_id: str) -> Entity | None:
        if entity_id not in cache:
            try:
                cache[entity_id] = store.entity(entity_id)
            except RecordNotFound:  # linked to an entry since removed: compare names
                cache[entity_id] = None
        return cache[entity_id]

    return match_letter_texts(index, texts, entity)


def match_letter_texts(index: list[Document], texts: list[Document],
                       entity: Lookup | None = None) -> list[LetterMatch]:
    """Match entries without text to letters with text (see the module's rules)."""
    lookup: Lookup = entity or (lambda _id: None)
    by_id: dict[str, list[Document]] = {}
    by_date: dict[str, list[Document]] = {}
    for text in texts:
        if text.xml_id:
            by_id.setdefault(text.xml_id, []).append(text)
        if text.date and text.date.edtf and _DAY.fullmatch(text.date.edtf):
            by_date.setdefault(text.date.edtf, []).append(text)
    out: list[LetterMatch] = []
    # a text whose id names an entry is that entry's, and no other's
    named = {key for entry in index for key in _entry_ids(entry)}
    fuzzy: dict[str, list[tuple[Document, Document]]] = {}  # text id -> (entry, text) pairs
    for entry in index:
        found = [t for key in _entry_ids(entry) for t in by_id.get(key, [])
                 if t.source_id != entry.source_id]
        if len(found) == 1:
            out.append(LetterMatch(entry.id or "", found[0].id or "", "id"))
            continue
        edtf = entry.date.edtf if entry.date else None
        if not edtf or not entry.authors or not entry.addressees:
            continue
        same = [t for t in by_date.get(edtf, []) if t.source_id != entry.source_id
                and t.xml_id not in named
                and _same_parties(entry.authors, t.authors, lookup)
                and _same_parties(entry.addressees, t.addressees, lookup)]
        if len(same) == 1:
            fuzzy.setdefault(same[0].id or "", []).append((entry, same[0]))
    # one text for one entry: two letters between the same people on one day stay apart
    out += [LetterMatch(pairs[0][0].id or "", text_id, "parties and date")
            for text_id, pairs in fuzzy.items() if len(pairs) == 1]
    return out


def _entry_ids(entry: Document) -> list[str]:
    key = entry.xml_id or ""
    if "://" not in key:
        return [key] if key else []
    last = key.rstrip("/").rsplit("/", 1)[-1]
    return [key, last.rsplit(".", 1)[0] if "." in last else last]


def _same_parties(wanted: list[Party], given: list[Party], entity: Lookup) -> bool:
    if not given:
        return False
    return all(any(_same_party(w, g, entity) for g in given) for w in wanted)


def _same_party(a: Party, b: Party, entity: Lookup) -> bool:
    if a.entity_id and a.entity_id == b.entity_id:
        return True
    ea = entity(a.entity_id) if a.entity_id else None
    eb = entity(b.entity_id) if b.entity_id else None
    if ea is not None and eb is not None and set(ea.identifiers.items()) & set(eb.identifiers.items()):
        return True
    names_a = _names(a, ea)
    names_b = _names(b, eb)
    return any(x <= y or y <= x for x in names_a for y in names_b)


def _names(party: Party, entity: Entity | None) -> list[frozenset[str]]:
    names = [party.name] + ([entity.name, *entity.variants] if entity is not None else [])
    out: list[frozenset[str]] = []
    for name in names:
        words = frozenset(w for w in match_key(name).split() if len(w) > 1)
        if words:
            out.append(words)
    return out
