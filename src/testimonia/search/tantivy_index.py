"""The default search engine: tantivy (a Rust library in the spirit of Lucene).

One text field per language, each with its Snowball stemmer, and beside it a field of the
document's common grams (`common_words`: adjacent word pairs with a common word in them) that
answers phrases of common words; filters and facets on fast fields; snippets from tantivy's own
generator, escaped by `snippets`. Why tantivy and not SQLite FTS5 is measured in docs/search.md.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import tantivy

from testimonia.errors import BadQuery, TestimoniaError
from testimonia.search.analysis import TOKENIZER_NAMES, analyzer, guess_language, name_like_words, stems
from testimonia.search.base import (
    FacetCount,
    IndexedDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from testimonia.search.common_words import common_pairs, fingerprint
from testimonia.search.compile import check_paging, day_number, expand
from testimonia.search.name_lexicon import NameLexicon
from testimonia.search.query import And, Node, Or, Phrase, Prefix, Word
from testimonia.search.snippets import SNIPPET_CHARS, lead, mark_byte_ranges

SCHEMA_VERSION = 2  # 2: common grams
FACET_SIZE = 20
PREFIX_TERMS = 64  # a prefix stands for at most this many indexed words, the most frequent first
_LANGS = ("en", "ru")
_FACET_FIELDS = {"kind": "kind", "person": "person", "place": "place", "author": "author",
                 "addressee": "addressee", "language": "language", "source": "source_id",
                 "year": "year"}


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in ("document_id", "source_id", "kind", "language"):
        builder.add_text_field(name, stored=True, tokenizer_name="raw", fast=True)
    for name in ("person", "place", "author", "addressee", "author_key", "addressee_key"):
        builder.add_text_field(name, tokenizer_name="raw", fast=name in ("person", "place", "author",
                                                                         "addressee"))
    builder.add_text_field("title", stored=True, tokenizer_name="raw")
    builder.add_text_field("date_edtf", stored=True, tokenizer_name="raw")
    for name in ("earliest", "latest", "year"):
        builder.add_integer_field(name, indexed=True, fast=True)
    for lang in _LANGS:
        builder.add_text_field(f"text_{lang}", stored=True, tokenizer_name=TOKENIZER_NAMES[lang],
                               index_option="position")
        # one token per pair; frequencies (for ranking) but no positions, which no query needs
        builder.add_text_field(f"pairs_{lang}", tokenizer_name="whitespace", index_option="freq")
    return builder.build()


class TantivyIndex:
    """A SearchIndex in a folder: tantivy's files, the name lexicon and a small meta file."""

    engine = "tantivy"

    def __init__(self, folder: str | Path, writer_heap: int = 128_000_000, threads: int = 1,
                 common_grams: bool = True) -> None:
        self.folder = Path(folder)
        self.common_grams = common_grams  # False answers phrases from positions alone (to measure)
        self.schema = _schema()
        self._writer_heap = writer_heap
        self._threads = threads
        self.folder.mkdir(parents=True, exist_ok=True)
        meta = self.folder / "meta.json"
        layout = {"engine": self.engine, "schema": SCHEMA_VERSION, "common_words": fingerprint()}
        # An index written by an older testimonia (or with other common words) cannot answer
        # this one's queries: it is dropped, and `discarded` tells the caller to rebuild it.
        self.discarded = meta.exists() and json.loads(meta.read_text()) != layout
        if self.discarded:
            shutil.rmtree(self.folder / "tantivy", ignore_errors=True)
        (self.folder / "tantivy").mkdir(exist_ok=True)
        try:
            self._index = tantivy.Index(self.schema, path=str(self.folder / "tantivy"), reuse=True)
        except (OSError, ValueError) as exc:
            raise TestimoniaError(f"{self.folder}: the search index cannot be opened ({exc}); "
                                  "rebuild it with `testimonia reindex`") from None
        for lang in _LANGS:
            self._index.register_tokenizer(TOKENIZER_NAMES[lang], analyzer(lang))
        meta.write_text(json.dumps(layout))
        self.lexicon = NameLexicon(self.folder / "names.sqlite")
        self._seen_commit = 0

    # -- writing ---------------------------------------------------------------------------

    def _writer(self) -> tantivy.IndexWriter:
        try:
            return self._index.writer(heap_size=self._writer_heap, num_threads=self._threads)
        except ValueError as exc:
            raise TestimoniaError(f"{self.folder}: the search index is being written by another "
                                  f"process; try again when it is done ({exc})") from None

    def _commit(self, writer: tantivy.IndexWriter) -> None:
        writer.commit()
        writer.wait_merging_threads()
        self.lexicon.flush()
        self._index.reload()

    def _add_all(self, writer: tantivy.IndexWriter, documents: Iterable[IndexedDocument]) -> int:
        count = 0
        for document in documents:
            writer.add_document(self._to_tantivy(document))
            self.lexicon.note_text(name_like_words(document.text))
            count += 1
        return count

    def add(self, documents: Iterable[IndexedDocument]) -> int:
        writer = self._writer()
        count = self._add_all(writer, documents)
        self._commit(writer)
        return count

    def replace_source(self, source_id: str, documents: Iterable[IndexedDocument]) -> int:
        writer = self._writer()
        writer.delete_documents_by_term("source_id", source_id)
        count = self._add_all(writer, documents)
        self._commit(writer)
        return count

    def delete_source(self, source_id: str) -> None:
        writer = self._writer()
        writer.delete_documents_by_term("source_id", source_id)
        self._commit(writer)

    def set_name_groups(self, groups: Iterable[Sequence[str]]) -> None:
        self.lexicon.set_groups(groups)

    def clear(self) -> None:
        writer = self._writer()
        writer.delete_all_documents()
        self._commit(writer)
        self.lexicon.clear()

    def count(self) -> int:
        return self._index.searcher().num_docs

    def close(self) -> None:
        self.lexicon.close()

    @staticmethod
    def _to_tantivy(document: IndexedDocument) -> tantivy.Document:
        language = document.language if document.language in _LANGS else guess_language(document.text)
        pairs = common_pairs(analyzer(language).analyze(document.text), language)
        fields: dict[str, Any] = {
            "document_id": document.document_id, "source_id": document.source_id,
            "kind": document.kind, "language": language, f"text_{language}": document.text,
            "person": list(document.persons), "place": list(document.places),
            "author": [p.facet_value for p in document.authors],
            "addressee": [p.facet_value for p in document.addressees],
            "author_key": _party_keys(document.authors),
            "addressee_key": _party_keys(document.addressees),
        }
        if pairs:
            fields[f"pairs_{language}"] = " ".join(pairs)
        if document.title:
            fields["title"] = document.title
        if document.date_edtf:
            fields["date_edtf"] = document.date_edtf
        earliest, latest = day_number(document.earliest), day_number(document.latest)
        if earliest is not None and latest is not None:
            fields.update(earliest=earliest, latest=latest, year=earliest // 10000)
        return tantivy.Document(**{k: v for k, v in fields.items() if v != []})

    # -- searching -------------------------------------------------------------------------

    def _fresh_searcher(self) -> tantivy.Searcher:
        # another process (an ingest while the web app serves) may have committed since
        stamp = (self.folder / "tantivy" / "meta.json").stat().st_mtime_ns
        if stamp != self._seen_commit:
            self._index.reload()
            self._seen_commit = stamp
        return self._index.searcher()

    def search(self, query: SearchQuery) -> SearchResult:
        began = time.perf_counter()
        check_paging(query)
        expanded = expand(query, self.lexicon)
        searcher = self._fresh_searcher()
        compiler = _Compiler(self.schema, searcher, pairs=self.common_grams)
        text_query = compiler.compile(expanded.tree) if expanded.tree else None
        filters = self._filters(query)
        parts = ([(tantivy.Occur.Must, text_query)] if text_query else []) + \
                [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
        if not parts:
            full = tantivy.Query.all_query()
        elif len(parts) == 1 and text_query:
            full = text_query
        else:
            full = tantivy.Query.boolean_query(parts)
        try:
            # With facets, the language facet counts every match once (each document has one
            # language), so the ranking pass need not count them all a second time.
            found = searcher.search(full, query.limit, count=not query.facets, offset=query.offset)
        except ValueError as exc:
            raise BadQuery(f"query {query.text!r} cannot be run: {exc}") from None
        facets = self._facets(searcher, full) if query.facets else {}
        total = sum(c.count for c in facets["language"]) if query.facets else found.count or 0
        highlight = text_query
        if compiler.paired and found.hits and expanded.tree:
            # a pair term is not in the text field: mark the phrase's own words instead
            highlight = _Compiler(self.schema, searcher, pairs=False).compile(expanded.tree)
        hits = self._hits(searcher, found.hits, highlight)
        return SearchResult(query=query, total=total, hits=hits, facets=facets,
                            expansions=expanded.expansions,
                            took_ms=(time.perf_counter() - began) * 1000)

    def _hits(self, searcher: tantivy.Searcher, found: list[Any],
              text_query: tantivy.Query | None) -> list[SearchHit]:
        generators = {}
        hits = []
        for score, address in found:
            doc = searcher.doc(address)
            language = _first(doc, "language") or "en"
            if text_query is not None and language not in generators:
                # made for the languages shown only: each costs a pass over the query's terms
                generator = tantivy.SnippetGenerator.create(searcher, text_query, self.schema,
                                                            f"text_{language}")
                generator.set_max_num_chars(SNIPPET_CHARS)
                generators[language] = generator
            snippet = ""
            if language in generators:
                piece = generators[language].snippet_from_doc(doc)
                ranges = [(r.start, r.end) for r in piece.highlighted()]
                if ranges:
                    snippet = mark_byte_ranges(piece.fragment(), ranges)
            if not snippet:
                snippet = lead(_first(doc, f"text_{language}") or "")
            hits.append(SearchHit(
                document_id=_first(doc, "document_id") or "", source_id=_first(doc, "source_id") or "",
                kind=_first(doc, "kind") or "", title=_first(doc, "title"),
                date_edtf=_first(doc, "date_edtf"), language=language, score=float(score),
                snippets=[snippet] if snippet else []))
        return hits

    def _facets(self, searcher: tantivy.Searcher, full: tantivy.Query) -> dict[str, list[FacetCount]]:
        spec = {name: {"terms": {"field": field, "size": 200 if name == "year" else FACET_SIZE}}
                for name, field in _FACET_FIELDS.items()}
        result = searcher.aggregate(full, spec)
        facets: dict[str, list[FacetCount]] = {}
        for name in _FACET_FIELDS:
            buckets = result.get(name, {}).get("buckets", [])
            counts = [FacetCount(str(b["key"]), str(b["key"]), int(b["doc_count"])) for b in buckets]
            if name == "year":
                counts.sort(key=lambda c: c.value)
            facets[name] = counts
        return facets

    def _filters(self, query: SearchQuery) -> list[tantivy.Query]:
        term = tantivy.Query.term_query
        filters = [term(self.schema, field, value) for field, value in (
            ("kind", query.kind), ("person", query.person), ("place", query.place),
            ("language", query.language), ("source_id", query.source))
            if value]
        for field, value in (("author_key", query.author), ("addressee_key", query.addressee)):
            if value:
                filters.append(term(self.schema, field, value.strip().casefold()))
        if query.date_from:
            filters.append(tantivy.Query.range_query(self.schema, "latest", tantivy.FieldType.Integer,
                                                     lower_bound=day_number(query.date_from)))
        if query.date_to:
            filters.append(tantivy.Query.range_query(self.schema, "earliest", tantivy.FieldType.Integer,
                                                     upper_bound=day_number(query.date_to, "end")))
        return filters


class _Compiler:
    """Turns a parsed query into a tantivy query for both language fields.

    With `pairs`, a phrase with common words in it is looked up in the pair field (see
    `common_words`), and `paired` records that it was, since such a query cannot mark words.
    """

    def __init__(self, schema: tantivy.Schema, searcher: tantivy.Searcher, pairs: bool) -> None:
        self.schema, self.searcher, self.pairs = schema, searcher, pairs
        self.paired = False

    def compile(self, node: Node) -> tantivy.Query:
        if isinstance(node, And):
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, self.compile(k)) for k in node.keep]
                + [(tantivy.Occur.MustNot, self.compile(d)) for d in node.drop])
        if isinstance(node, Or):
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, self.compile(e)) for e in node.either])
        per_language = [q for lang in _LANGS if (q := self._leaf(node, lang)) is not None]
        if not per_language:
            return tantivy.Query.empty_query()
        if len(per_language) == 1:
            return per_language[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in per_language])

    def _leaf(self, node: Word | Phrase | Prefix, lang: str) -> tantivy.Query | None:
        field = f"text_{lang}"
        if isinstance(node, Prefix):
            lowered = node.text.casefold()
            heads = {lowered, *stems(lowered, lang)[-1:]}
            terms: dict[str, int] = {}
            for head in heads:
                for term, freq in self.searcher.terms_with_prefix(field, head, limit=PREFIX_TERMS):
                    terms[term] = freq
            if not terms:
                return None
            chosen = sorted(terms, key=lambda t: -terms[t])[:PREFIX_TERMS]
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.term_query(self.schema, field, t)) for t in chosen])
        words = stems(" ".join(node.words) if isinstance(node, Phrase) else node.text, lang)
        if not words:
            return None
        if len(words) == 1:
            return tantivy.Query.term_query(self.schema, field, words[0])
        return self._phrase(words, lang)

    def _phrase(self, words: list[str], lang: str) -> tantivy.Query:
        phrase = tantivy.Query.phrase_query(self.schema, f"text_{lang}", words)
        pairs = common_pairs(words, lang) if self.pairs else []
        if not pairs:
            return phrase
        self.paired = True
        term = tantivy.Query.term_query
        if len(words) == 2:
            # the pair occurs in a document exactly where the phrase does
            return term(self.schema, f"pairs_{lang}", pairs[0])
        # Longer: every pair must occur, but perhaps in different places, so the phrase is
        # still checked, now only in the documents that hold every pair (and scored as before).
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, tantivy.Query.const_score_query(term(self.schema, f"pairs_{lang}", p), 0.0))
             for p in dict.fromkeys(pairs)] + [(tantivy.Occur.Must, phrase)])


def _party_keys(parties: tuple[Any, ...]) -> list[str]:
    keys = []
    for party in parties:
        keys.append(party.name.strip().casefold())
        if party.entity_id:
            keys.append(party.entity_id)
    return keys


def _first(doc: tantivy.Document, field: str) -> Any:
    values = doc.get_all(field)
    return values[0] if values else None
