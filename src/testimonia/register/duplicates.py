"""Entries that may be one person, place, body or work twice: suggestions for the editor.

Recognition proposes a new entry for a name it cannot place. When the same person turns up
later under a fuller name, or an edition's register brings them in with the short name among
its variants, the register holds them twice. Two entries are suggested as one when

- a name of one, as written, is a name of the other ("Anya", proposed from a signature; "Anna
  Pavlovna Kostrova", whom an edition also calls "Anya"); or
- (persons) their given names and surnames agree as the name keys compare them, across scripts,
  transliterations and gendered surname forms ("Svetlana Ivanov", "Svetlana Ivanova",
  "Светлана Иванова"); (places, bodies, works) their names agree as the linker compares them.

Only suggestions: `testimonia register merge` joins two entries (logged, reversible). Pairs of
two confirmed entries are left out (an editor has looked at both), and so are names that more
than `MAX_BEARERS` entries share: a common name says nothing about who is who.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from testimonia.link.index import entry_keys
from testimonia.model import Entity

MAX_BEARERS = 6
_PERSON_KEYS = ("f:", "gs:")  # the full name; given name and surname


@dataclass(frozen=True)
class DuplicatePair:
    """Two entries that may be one: `keep` is the one to merge `other` into."""

    keep: Entity
    other: Entity
    why: str


def find_duplicates(entities: Iterable[Entity], entity_type: str | None = None,
                    limit: int | None = None) -> list[DuplicatePair]:
    """Suggested pairs, names written alike first, then names that agree by their keys."""
    entries = [e for e in entities if e.id and e.status != "merged"
               and (entity_type is None or e.entity_type == entity_type)]
    by_name: dict[tuple[str, str], list[Entity]] = {}
    by_key: dict[tuple[str, str], list[Entity]] = {}
    for entry in entries:
        for name in {entry.name, *entry.variants}:
            if not name.strip():
                continue
            _add(by_name, (entry.entity_type, name.casefold().strip()), entry)
            for key in entry_keys(name, entry.entity_type):
                if entry.entity_type != "person" or key.startswith(_PERSON_KEYS):
                    _add(by_key, (entry.entity_type, key), entry)
    found: dict[tuple[str, ...], DuplicatePair] = {}
    for groups, how in ((by_name, "written"), (by_key, "keyed")):
        for (_, value), bearers in sorted(groups.items()):
            if not 2 <= len(bearers) <= MAX_BEARERS:
                continue
            for a, b in itertools.combinations(bearers, 2):
                pair = tuple(sorted((a.id or "", b.id or "")))
                if pair in found or (a.status == "confirmed" and b.status == "confirmed"):
                    continue
                keep, other = _order(a, b)
                why = (f"both are called “{_as_written(value, a, b)}”" if how == "written" else
                       f"“{keep.name}” and “{other.name}” agree as names ({value.split(':', 1)[1]})")
                found[pair] = DuplicatePair(keep, other, why)
    pairs = list(found.values())
    return pairs[:limit] if limit is not None else pairs


def _add(groups: dict[tuple[str, str], list[Entity]], key: tuple[str, str], entry: Entity) -> None:
    bearers = groups.setdefault(key, [])
    if entry not in bearers:
        bearers.append(entry)


def _order(a: Entity, b: Entity) -> tuple[Entity, Entity]:
    """The entry to keep: a confirmed one, then the one with more to it (identifiers, names)."""
    def weight(entry: Entity) -> tuple[int, int, int, int]:
        return (entry.status == "confirmed", len(entry.identifiers), len(entry.variants), len(entry.name))

    return (a, b) if weight(a) >= weight(b) else (b, a)


def _as_written(folded: str, a: Entity, b: Entity) -> str:
    for name in (a.name, *a.variants, b.name, *b.variants):
        if name.casefold().strip() == folded:
            return name
    return folded
