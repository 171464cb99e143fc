"""SQLite FTS5 as a search engine: the measured baseline, and an engine with no dependency.

FTS5 has no Russian stemmer, so text is stemmed before it is inserted, with the same Snowball
analyzers the tantivy engine uses, into a contentless table (one column per language); the
original text, filters and facets live in ordinary tables beside it. Snippets come from
`snippets.best_window`, since FTS5's own snippet() needs the stored (here: stemmed) text.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from testimonia.errors import BadQuery, TestimoniaError
from testimonia.search.analysis import guess_language, name_like_words, stems
from testimonia.search.base import FacetCount, IndexedDocument, SearchHit, SearchQuery, SearchResult
from testimonia.search.compile import check_paging, day_number, expand, words_of
from testimonia.search.name_lexicon import NameLexicon
from testimonia.search.query import And, Node, Or, Phrase, Prefix, Word
from testimonia.search.snippets import best_window, lead

FACET_SIZE = 20
_LANGS = ("en", "ru")
_SCHEMA = (
    # the text has a table of its own so that filtering scans small rows
    """CREATE TABLE IF NOT EXISTS docs (rowid INTEGER PRIMARY KEY, document_id TEXT NOT NULL UNIQUE,
        source_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT, date_edtf TEXT, earliest INTEGER,
        latest INTEGER, year INTEGER, language TEXT NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS texts (rowid INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS docs_source ON docs (source_id)",
    "CREATE INDEX IF NOT EXISTS docs_kind ON docs (kind, earliest)",
    "CREATE INDEX IF NOT EXISTS docs_earliest ON docs (earliest)",
    """CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(en, ru, content='',
        tokenize='unicode61 remove_diacritics 0')""",
    "CREATE TABLE IF NOT EXISTS facets (rowid INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS facets_value ON facets (facet, value, rowid)",
    # covering (document, facet): counting a facet over the matches probes it once per match
    "CREATE INDEX IF NOT EXISTS facets_by_document ON facets (rowid, facet, value)",
)
_DOC_FACETS = {"kind": "kind", "language": "language", "source": "source_id", "year": "year"}


class Fts5Index:
    """A SearchIndex in `<folder>/fts5.sqlite`, with the shared name lexicon beside it."""

    engine = "fts5"

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.folder / "fts5.sqlite", isolation_level=None)
            self._db.execute("PRAGMA busy_timeout = 10000")  # another process may be writing
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            for statement in _SCHEMA:
                self._db.execute(statement)
        except sqlite3.DatabaseError as exc:
            raise TestimoniaError(f"{self.folder}: the search index cannot be opened ({exc}); "
                                  "rebuild it with `testimonia reindex`") from None
        self.lexicon = NameLexicon(self.folder / "names.sqlite")

    # -- writing ---------------------------------------------------------------------------

    def _insert(self, documents: Iterable[IndexedDocument]) -> int:
        count = 0
        for document in documents:
            language = document.language if document.language in _LANGS else guess_language(document.text)
            earliest, latest = day_number(document.earliest), day_number(document.latest)
            year = earliest // 10000 if earliest is not None and latest is not None else None
            cursor = self._db.execute(
                "INSERT INTO docs (document_id, source_id, kind, title, date_edtf, earliest, latest, year,"
                " language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document.document_id, document.source_id, document.kind, document.title,
                 document.date_edtf, earliest if year else None, latest if year else None, year,
                 language))
            rowid = cursor.lastrowid
            self._db.execute("INSERT INTO texts VALUES (?, ?)", (rowid, document.text))
            self._db.execute("INSERT INTO fts (rowid, en, ru) VALUES (?, ?, ?)",
                             (rowid, *_columns(document.text, language)))
            rows = [(rowid, "person", v) for v in document.persons] + \
                   [(rowid, "place", v) for v in document.places]
            for role, parties in (("author", document.authors), ("addressee", document.addressees)):
                for party in parties:
                    rows.append((rowid, role, party.facet_value))
                    rows.append((rowid, f"{role}_key", party.name.strip().casefold()))
                    if party.entity_id:
                        rows.append((rowid, f"{role}_key", party.entity_id))
            self._db.executemany("INSERT INTO facets VALUES (?, ?, ?)", rows)
            self.lexicon.note_text(name_like_words(document.text))
            count += 1
        return count

    def _delete_source(self, source_id: str) -> None:
        rows = self._db.execute("SELECT d.rowid, d.language, t.text FROM docs d JOIN texts t"
                                " ON t.rowid = d.rowid WHERE d.source_id = ?", (source_id,)).fetchall()
        for rowid, language, text in rows:
            # a contentless table forgets a row only when told the tokens it was given
            self._db.execute("INSERT INTO fts (fts, rowid, en, ru) VALUES ('delete', ?, ?, ?)",
                             (rowid, *_columns(text, language)))
            self._db.execute("DELETE FROM facets WHERE rowid = ?", (rowid,))
            self._db.execute("DELETE FROM texts WHERE rowid = ?", (rowid,))
        self._db.execute("DELETE FROM docs WHERE source_id = ?", (source_id,))

    def _write(self, action: Any) -> Any:
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                result = action()
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise TestimoniaError(f"{self.folder}: the search index could not be written ({exc}); "
                                  "try again, or run `testimonia reindex`") from None
        self.lexicon.flush()
        return result

    def add(self, documents: Iterable[IndexedDocument]) -> int:
        return self._write(lambda: self._insert(documents))

    def replace_source(self, source_id: str, documents: Iterable[IndexedDocument]) -> int:
        def action() -> int:
            self._delete_source(source_id)
            return self._insert(documents)
        return self._write(action)

    def delete_source(self, source_id: str) -> None:
        self._write(lambda: self._delete_source(source_id))

    def set_name_groups(self, groups: Iterable[Sequence[str]]) -> None:
        self.lexicon.set_groups(groups)

    def clear(self) -> None:
        def action() -> None:
            self._db.execute("DELETE FROM docs")
            self._db.execute("DELETE FROM texts")
            self._db.execute("DELETE FROM facets")
            self._db.execute("INSERT INTO fts (fts) VALUES ('delete-all')")
        self._write(action)
        self.lexicon.clear()

    def optimize(self) -> None:
        """Merge FTS5's segments into one and empty the write-ahead log, as a bulk load should end."""
        self._db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def close(self) -> None:
        self.lexicon.close()
        self._db.close()

    # -- searching -------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        began = time.perf_counter()
        check_paging(query)
        expanded = expand(query, self.lexicon)
        match = _match(expanded.tree) if expanded.tree is not None else None
        where, params = self._filters(query)
        if match is not None:
            # CROSS JOIN keeps SQLite from probing the full-text query once per filtered row
            source = "fts CROSS JOIN docs d ON d.rowid = fts.rowid"
            where.insert(0, "fts MATCH ?")
            params.insert(0, match)
            order = "fts.rank"
        else:
            source, order = "docs d", "d.rowid"
        clause = " WHERE " + " AND ".join(where) if where else ""
        try:
            rows = self._db.execute(
                f"SELECT d.document_id, d.source_id, d.kind, d.title, d.date_edtf, d.language,"
                f" (SELECT t.text FROM texts t WHERE t.rowid = d.rowid),"
                f" {'-fts.rank' if match else '0.0'} FROM {source}{clause} ORDER BY {order} LIMIT ? OFFSET ?",
                [*params, query.limit, query.offset]).fetchall()
            total = self._db.execute(f"SELECT count(*) FROM {source}{clause}", params).fetchone()[0]
            facets = self._facets(source, clause, params) if query.facets else {}
        except sqlite3.OperationalError as exc:
            raise BadQuery(f"query {query.text!r} cannot be run: {exc}") from None
        leaves = words_of(expanded.tree)
        hits = [SearchHit(document_id=r[0], source_id=r[1], kind=r[2], title=r[3], date_edtf=r[4],
                          language=r[5], score=float(r[7]), snippets=[_snippet(r[6], r[5], leaves)])
                for r in rows]
        return SearchResult(query=query, total=total, hits=hits, facets=facets,
                            expansions=expanded.expansions, took_ms=(time.perf_counter() - began) * 1000)

    def _filters(self, query: SearchQuery) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        for column, value in (("kind", query.kind), ("language", query.language),
                              ("source_id", query.source)):
            if value:
                where.append(f"d.{column} = ?")
                params.append(value)
        for facet, value in (("person", query.person), ("place", query.place),
                             ("author_key", query.author and query.author.strip().casefold()),
                             ("addressee_key", query.addressee and query.addressee.strip().casefold())):
            if value:
                where.append("d.rowid IN (SELECT rowid FROM facets WHERE facet = ? AND value = ?)")
                params.extend([facet, value])
        if query.date_from:
            where.append("d.latest >= ?")
            params.append(day_number(query.date_from))
        if query.date_to:
            where.append("d.earliest <= ?")
            params.append(day_number(query.date_to, "end"))
        return where, params

    def _facets(self, source: str, clause: str, params: list[Any]) -> dict[str, list[FacetCount]]:
        self._db.execute("DROP TABLE IF EXISTS temp.matched")
        # keyed by rowid, so that each facet's join probes it instead of scanning it
        self._db.execute("CREATE TEMP TABLE matched (rowid INTEGER PRIMARY KEY)")
        self._db.execute(f"INSERT INTO matched SELECT d.rowid FROM {source}{clause}", params)
        facets: dict[str, list[FacetCount]] = {}
        for name, column in _DOC_FACETS.items():
            rows = self._db.execute(
                f"SELECT d.{column}, count(*) FROM matched m CROSS JOIN docs d ON d.rowid = m.rowid"
                f" WHERE d.{column} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
                (200 if name == "year" else FACET_SIZE,)).fetchall()
            facets[name] = [FacetCount(str(v), str(v), n) for v, n in rows]
        facets["year"].sort(key=lambda c: c.value)
        for name in ("person", "place", "author", "addressee"):
            rows = self._db.execute(
                "SELECT f.value, count(*) FROM matched m CROSS JOIN facets f ON f.rowid = m.rowid"
                " WHERE f.facet = ? GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?", (name, FACET_SIZE)).fetchall()
            facets[name] = [FacetCount(v, v, n) for v, n in rows]
        self._db.execute("DROP TABLE temp.matched")
        return {name: facets[name] for name in ("kind", "person", "place", "author", "addressee",
                                                "language", "source", "year")}


def _columns(text: str, language: str) -> tuple[str, str]:
    """The (en, ru) column values: the stemmed text in its language's column, the other empty."""
    stemmed = " ".join(stems(text, language))
    return (stemmed, "") if language == "en" else ("", stemmed)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _leaf(node: Word | Phrase | Prefix) -> str | None:
    options = []
    for lang in _LANGS:
        if isinstance(node, Prefix):
            lowered = node.text.casefold()
            heads = dict.fromkeys([lowered, *stems(lowered, lang)[-1:]])
            heads = {h: None for h in heads if h.isalnum()}
            options.extend(f"{lang} : {_quote(h)} *" for h in heads)
            continue
        words = stems(" ".join(node.words) if isinstance(node, Phrase) else node.text, lang)
        if words:
            options.append(f"{lang} : {_quote(' '.join(words))}")
    if not options:
        return None
    return "(" + " OR ".join(options) + ")"


def _match(node: Node) -> str:
    """The FTS5 MATCH expression of a query tree (every string quoted, so no FTS5 syntax leaks in)."""
    if isinstance(node, And):
        keep = " AND ".join(_match(k) for k in node.keep)
        drop = "".join(f" NOT {_match(d)}" for d in node.drop)
        return f"(({keep}){drop})"
    if isinstance(node, Or):
        return "(" + " OR ".join(_match(e) for e in node.either) + ")"
    return _leaf(node) or '(en : "\x1f")'  # a word with nothing to search for matches nothing


def _snippet(text: str, language: str, leaves: list[Word | Phrase | Prefix]) -> str:
    wanted: set[str] = set()
    prefixes: list[str] = []
    for leaf in leaves:
        if isinstance(leaf, Prefix):
            prefixes.append(leaf.text.casefold())
        else:
            wanted.update(stems(" ".join(leaf.words) if isinstance(leaf, Phrase) else leaf.text, language))
    if not wanted and not prefixes:
        return lead(text)
    return best_window(text, language, wanted, tuple(prefixes))
