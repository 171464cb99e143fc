"""Name expansion: a search for Mandelshtam also finds Mandelstam and Мандельштам.

The lexicon remembers every name-like word the index has seen (capitalised, not opening a
sentence) under the spelling-blind key of `testimonia.names.match_key`, and every register
entry's variants as one group. A query word is looked up under its key (and, for Russian, the
key of its stem, so Мандельштама meets Мандельштам); when nothing shares the key exactly, keys
within a small edit distance are tried, so a typo (Mandelstham) still lands. The forms found
are added to the query as alternatives and shown to the user.

It lives in its own SQLite file beside the engine's files, so every engine shares it.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from testimonia.errors import TestimoniaError
from testimonia.names import match_key
from testimonia.search.analysis import script_language, stems

MAX_FORMS = 12
MAX_GROUP = 40  # variants kept per register entry; the starter register's largest has ~30

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS forms (key TEXT NOT NULL, form TEXT NOT NULL, documents INTEGER NOT NULL,"
    " PRIMARY KEY (key, form)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS register_forms (key TEXT NOT NULL, form TEXT NOT NULL,"
    " PRIMARY KEY (key, form)) WITHOUT ROWID",
)


def word_keys(word: str) -> set[str]:
    """The keys a word is filed and looked up under."""
    keys = {match_key(word)}
    if script_language(word) == "ru":
        stemmed = stems(word, "ru")
        if len(stemmed) == 1:
            keys.add(match_key(stemmed[0]))
    keys.discard("")
    return keys


def _stemmed(word: str) -> tuple[str, ...]:
    return tuple(stems(word, script_language(word)))


def _max_distance(key: str) -> int:
    return 0 if len(key) < 5 else 1 if len(key) < 8 else 2


class NameLexicon:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout = 10000")  # another process may be writing
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        for statement in _SCHEMA:
            self._db.execute(statement)
        self._pending: Counter[tuple[str, str]] = Counter()
        self._buckets: dict[str, list[str]] | None = None

    def note_text(self, words: Iterable[str]) -> None:
        """Remember one document's name-like words (call `flush` to write them)."""
        for word in words:
            for key in word_keys(word):
                if len(key) >= 3:
                    self._pending[(key, word)] += 1

    def flush(self) -> None:
        if not self._pending:
            return
        rows = [(key, form, n) for (key, form), n in self._pending.items()]
        self._pending.clear()
        self._write(lambda: self._db.executemany(
            "INSERT INTO forms VALUES (?, ?, ?) ON CONFLICT (key, form)"
            " DO UPDATE SET documents = documents + excluded.documents", rows))
        self._buckets = None

    def set_groups(self, groups: Iterable[Sequence[str]]) -> None:
        rows = set()
        for group in groups:
            forms = [f for f in dict.fromkeys(group) if f and f.strip()][:MAX_GROUP]
            keys = {key for form in forms for key in word_keys(form)}
            rows.update((key, form) for key in keys for form in forms)
        def replace() -> None:
            self._db.execute("DELETE FROM register_forms")
            self._db.executemany("INSERT OR IGNORE INTO register_forms VALUES (?, ?)", sorted(rows))
        self._write(replace)

    def _write(self, action: Callable[[], object]) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                action()
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise TestimoniaError(f"{self.path}: the name lexicon could not be written ({exc}); "
                                  "run `testimonia reindex`") from None
        self._buckets = None

    def clear(self) -> None:
        self._pending.clear()
        self._write(lambda: self._db.execute("DELETE FROM forms"))

    def close(self) -> None:
        self._db.close()

    def _near_keys(self, key: str) -> list[str]:
        distance = _max_distance(key)
        if not distance:
            return []
        if self._buckets is None:
            buckets: dict[str, list[str]] = {}
            for (known,) in self._db.execute("SELECT key FROM forms UNION SELECT key FROM register_forms"):
                buckets.setdefault(known[:1], []).append(known)
            self._buckets = buckets
        # keys are blocked by first letter: typos at the very start of a name are rare
        found = process.extract(key, self._buckets.get(key[:1], []), scorer=Levenshtein.distance,
                                score_cutoff=distance, limit=8)
        return [candidate for candidate, _, _ in found]

    def expand(self, word: str) -> list[str]:
        """Other spellings of `word` as names: register variants first, then forms in the texts.

        Keys within a small edit distance of the word's own key are tried only when nothing
        shares a key with it exactly: a typo should land, a correct spelling should not drift.
        """
        keys = sorted(k for k in word_keys(word) if len(k) >= 4)
        if not keys:
            return []
        found = self._forms(keys)
        if not found:
            found = self._forms(sorted(set(self._near_keys(match_key(word))) - set(keys)))
        # a form that stems like one already searched (Магадане beside Магадан) adds nothing
        seen = {_stemmed(word)}
        ranked = []
        for form in sorted(found, key=lambda f: (-found[f], f)):
            stemmed = _stemmed(form)
            if stemmed not in seen:
                seen.add(stemmed)
                ranked.append(form)
        return ranked[:MAX_FORMS]

    def _forms(self, keys: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        if not keys:
            return found
        marks = ",".join("?" * len(keys))
        for (form,) in self._db.execute(f"SELECT form FROM register_forms WHERE key IN ({marks})", keys):
            found.setdefault(form, 1 << 40)  # the register's spellings rank first
        for form, documents in self._db.execute(
                f"SELECT form, documents FROM forms WHERE key IN ({marks})", keys):
            found[form] = max(found.get(form, 0), documents)
        return found
