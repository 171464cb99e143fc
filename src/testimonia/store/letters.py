"""Store queries for correspondence and entity pages: who wrote to whom, and what mentions whom.

A letter's sender or addressee is often written as the letter signs it ("Мотя", "Anya") and
left unlinked by the reader; recognition may still have linked the same word inside that
letter. Such a party counts as the entry that mention links to, with certainty "inferred".
A party linked to nothing is keyed by its name as written.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from testimonia.correspondence.records import Correspondent, LetterEdge
from testimonia.model import Document, Party

_CURRENT = "source_id IN (SELECT id FROM sources WHERE current = 1)"
T = TypeVar("T")

# Whole-archive aggregates (pairs, the network) read every letter's parties: seconds at a
# million documents. They are kept per archive file until the file changes; any committed
# write changes the size or time of the file or of its write-ahead log.
_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CACHE_SIZE = 32
_CACHE_LOCK = threading.Lock()


def _file_stamp(path: str) -> tuple[int, ...]:
    stamp: list[int] = []
    for name in (path, path + "-wal"):
        try:
            status = os.stat(name)
        except OSError:
            stamp += [0, 0]
            continue
        stamp += [status.st_mtime_ns, status.st_size]
    return tuple(stamp)

# The entry a party stands for: its own link, else a linked mention of the same words in the
# same letter (recognition reads signatures and salutations too), else its name.
_PARTY_KEY = (
    "coalesce(p.entity_id, (SELECT m.entity_id FROM mentions m WHERE m.document_id = p.document_id"
    " AND m.text = p.name AND m.entity_id IS NOT NULL AND m.status != 'rejected' ORDER BY m.start"
    " LIMIT 1), 'name:' || p.name)"
)


class LettersMixin:
    """Queries over letters' parties and entries' mentions; mixed into SQLiteStore."""

    _db: sqlite3.Connection
    path: str

    def _cached(self, name: str, arguments: tuple[Any, ...], compute: Callable[[], T]) -> T:
        key = (os.path.abspath(self.path), _file_stamp(self.path), name, arguments)
        with _CACHE_LOCK:
            if key in _CACHE:
                _CACHE.move_to_end(key)
                return _CACHE[key]  # type: ignore[no-any-return]
        value = compute()
        with _CACHE_LOCK:
            _CACHE[key] = value
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        return value

    if TYPE_CHECKING:
        def document(self, document_id: str) -> Document: ...

    # -- correspondents ------------------------------------------------------------------

    def correspondent(self, text: str) -> Correspondent | None:
        """The correspondent an entity id, a register name or a name as letters write it means.

        SQLite folds case for Latin letters only, so "соня" is also tried as "Соня".
        """
        text = text.strip()
        if not text:
            return None
        if text.startswith("name:"):
            return Correspondent(text, text[5:])
        row = self._db.execute("SELECT id, name, merged_into FROM entities WHERE id = ?", (text,)).fetchone()
        if row is not None:
            return self.correspondent(row[2]) if row[2] else Correspondent(row[0], row[1])
        for spelling in dict.fromkeys([text, text.title(), text.capitalize(), text.lower()]):
            found = self._correspondent_named(spelling)
            if found is not None:
                return found
        return None

    def _correspondent_named(self, name: str) -> Correspondent | None:
        row = self._db.execute(
            "SELECT id, name FROM entities WHERE name = ? COLLATE NOCASE AND merged_into IS NULL"
            " ORDER BY entity_type != 'person', id LIMIT 1", (name,)).fetchone()
        if row is not None:
            return Correspondent(row[0], row[1])
        party = self._db.execute(
            f"SELECT p.name, {_PARTY_KEY} FROM parties p WHERE p.role IN ('author', 'addressee')"
            " AND p.name = ? COLLATE NOCASE LIMIT 1", (name,)).fetchone()
        if party is None:
            return None
        if party[1].startswith("name:"):
            return Correspondent(party[1], party[0])
        return self.correspondent(party[1])

    def letter_edges(self, limit: int = 200) -> list[LetterEdge]:
        """Who wrote how many letters to whom, most letters first."""
        return list(self._cached("letter_edges", (limit,), lambda: self._letter_edges(limit)))

    def _letter_edges(self, limit: int) -> list[LetterEdge]:
        rows = self._db.execute(
            "WITH keyed AS MATERIALIZED (SELECT p.document_id, p.role, p.name,"
            f" {_PARTY_KEY} AS key FROM parties p"
            " JOIN documents d ON d.id = p.document_id"
            f" WHERE d.kind = 'letter' AND d.{_CURRENT})"
            " SELECT s.key, min(s.name), r.key, min(r.name), count(DISTINCT s.document_id),"
            " min(d.earliest), max(d.earliest)"
            " FROM keyed s JOIN keyed r ON r.document_id = s.document_id"
            " JOIN documents d ON d.id = s.document_id"
            " WHERE s.role = 'author' AND r.role = 'addressee' AND s.key != r.key"
            " GROUP BY s.key, r.key ORDER BY 5 DESC, 1, 3 LIMIT ?", (limit,)).fetchall()
        names = self._entity_names({key for row in rows for key in (row[0], row[2])})
        return [LetterEdge(Correspondent(row[0], names.get(row[0], row[1])),
                           Correspondent(row[2], names.get(row[2], row[3])), row[4], row[5], row[6])
                for row in rows]

    def letters_between(self, a: str, b: str) -> list[Document]:
        """Every current letter from one of two correspondents to the other, in date order.

        Parties linked only through a mention of their name come back with that entity id
        and certainty "inferred".
        """
        shared = self._letters_of(a) & self._letters_of(b)
        if not shared:
            return []
        keys = self._party_keys(sorted(shared))
        letters = []
        for document_id in sorted(shared):
            roles = keys.get(document_id, {})
            senders, addressees = roles.get("author", {}), roles.get("addressee", {})
            sent_by, sent_to = set(senders.values()), set(addressees.values())
            if not ((a in sent_by and b in sent_to) or (b in sent_by and a in sent_to)):
                continue
            document = self.document(document_id)
            document.authors = [_keyed(p, senders) for p in document.authors]
            document.addressees = [_keyed(p, addressees) for p in document.addressees]
            letters.append(document)
        letters.sort(key=lambda d: (d.date is None, d.date.earliest if d.date else "", d.id or ""))
        return letters

    def _letters_of(self, key: str) -> set[str]:
        """Ids of current letters in which `key` is a party (the superset letters_between narrows)."""
        if key.startswith("name:"):
            rows = self._db.execute(
                "SELECT p.document_id FROM parties p JOIN documents d ON d.id = p.document_id"
                " WHERE p.role IN ('author', 'addressee') AND p.name = ? COLLATE NOCASE"
                f" AND d.kind = 'letter' AND d.{_CURRENT}", (key[5:],))
        else:
            rows = self._db.execute(
                "SELECT p.document_id FROM parties p JOIN documents d ON d.id = p.document_id"
                f" WHERE p.entity_id = ? AND d.kind = 'letter' AND d.{_CURRENT}"
                " UNION SELECT p.document_id FROM mentions m JOIN parties p ON p.document_id = m.document_id"
                " AND p.name = m.text AND p.entity_id IS NULL JOIN documents d ON d.id = p.document_id"
                f" WHERE m.entity_id = ? AND m.status != 'rejected' AND d.kind = 'letter' AND d.{_CURRENT}",
                (key, key))
        return {row[0] for row in rows}

    def _party_keys(self, document_ids: list[str]) -> dict[str, dict[str, dict[str, str]]]:
        """document id -> role -> party name -> key."""
        found: dict[str, dict[str, dict[str, str]]] = {}
        for index in range(0, len(document_ids), 500):
            chunk = document_ids[index:index + 500]
            marks = ",".join("?" * len(chunk))
            for document_id, role, name, key in self._db.execute(
                    f"SELECT p.document_id, p.role, p.name, {_PARTY_KEY} FROM parties p"
                    f" WHERE p.document_id IN ({marks})", chunk):
                found.setdefault(document_id, {}).setdefault(role, {})[name] = key
        return found

    def _entity_names(self, keys: set[str]) -> dict[str, str]:
        ids = sorted(key for key in keys if not key.startswith("name:"))
        names: dict[str, str] = {}
        for index in range(0, len(ids), 500):
            chunk = ids[index:index + 500]
            marks = ",".join("?" * len(chunk))
            names.update(self._db.execute(f"SELECT id, name FROM entities WHERE id IN ({marks})", chunk))
        return names

    # -- entries' mentions -----------------------------------------------------------------

    def mention_edges(self, entity_ids: list[str]) -> list[tuple[str, str, int]]:
        """Pairs of these entries mentioned in the same document, with how many documents."""
        if len(entity_ids) < 2:
            return []
        return list(self._cached("mention_edges", tuple(entity_ids), lambda: self._mention_edges(entity_ids)))

    def _mention_edges(self, entity_ids: list[str]) -> list[tuple[str, str, int]]:
        # One indexed pass over these entries' mentions, paired per document in Python: a
        # self-join of mentions on the document fetches every other mention of each document.
        marks = ",".join("?" * len(entity_ids))
        present: dict[str, set[str]] = {}
        for document_id, entity_id in self._db.execute(
                f"SELECT document_id, entity_id FROM mentions WHERE entity_id IN ({marks})"
                f" AND status != 'rejected' AND document_id IS NOT NULL AND {_CURRENT}", entity_ids):
            present.setdefault(document_id, set()).add(entity_id)
        together: Counter[tuple[str, str]] = Counter()
        for found in present.values():
            together.update(itertools.combinations(sorted(found), 2))
        return sorted(((a, b, n) for (a, b), n in together.items()), key=lambda e: (-e[2], e[0], e[1]))

    def most_mentioned(self, entity_type: str = "person", limit: int = 30) -> list[tuple[str, int]]:
        """The entries of one type with the most mentions in current sources."""
        return list(self._cached("most_mentioned", (entity_type, limit),
                                 lambda: self._most_mentioned(entity_type, limit)))

    def _most_mentioned(self, entity_type: str, limit: int) -> list[tuple[str, int]]:
        # Counting through the entity index alone reads no mention rows; the few rejected
        # mentions and those of superseded source versions are then taken off.
        counts: Counter[str] = Counter(dict(self._db.execute(
            "SELECT entity_id, count(*) FROM mentions WHERE entity_id IS NOT NULL GROUP BY entity_id")))
        for entity_id, number in self._db.execute(
                "SELECT entity_id, count(*) FROM mentions WHERE entity_id IS NOT NULL AND"
                " (source_id IN (SELECT id FROM sources WHERE current = 0)"
                f" OR (status = 'rejected' AND {_CURRENT})) GROUP BY entity_id"):
            counts[entity_id] -= number
        of_type = set()
        ids = [entity_id for entity_id, number in counts.items() if number > 0]
        for index in range(0, len(ids), 500):
            chunk = ids[index:index + 500]
            marks = ",".join("?" * len(chunk))
            of_type.update(row[0] for row in self._db.execute(
                f"SELECT id FROM entities WHERE id IN ({marks}) AND entity_type = ? AND merged_into IS NULL",
                [*chunk, entity_type]))
        ranked = sorted((-number, entity_id) for entity_id, number in counts.items() if entity_id in of_type)
        return [(entity_id, -negative) for negative, entity_id in ranked[:limit]]

    def mention_years(self, entity_id: str) -> list[tuple[int | None, int]]:
        """How many mentions of the entry fall in each year (by the document's date); None: undated."""
        # a mention carries its document's date (migration 8): one covering index answers this
        rows = self._db.execute(
            "SELECT substr(earliest, 1, 4), count(*) FROM mentions WHERE entity_id = ?"
            " AND status != 'rejected' AND source_id NOT IN (SELECT id FROM sources WHERE current = 0)"
            " GROUP BY 1 ORDER BY 1", (entity_id,)).fetchall()
        return [(int(year) if year and year.isdigit() else None, count) for year, count in rows]


def _keyed(party: Party, keys: dict[str, str]) -> Party:
    key = keys.get(party.name)
    if party.entity_id or key is None or key.startswith("name:"):
        return party
    return replace(party, entity_id=key, certainty="inferred")
