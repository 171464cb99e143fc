"""Search benchmark: tantivy (testimonia's engine) against SQLite FTS5, side by side, same run.

    python bench/bench_search.py                      # 100,000 then 1,000,000 documents
    python bench/bench_search.py --documents 100000   # one size
    python bench/bench_search.py --documents 20000 --queries 50   # a quick look

For each size it generates English and Russian documents (bench/corpus_gen.py: real word
frequencies, register names in both scripts, every facet filled), builds each engine's index
through testimonia's own `SearchIndex` API (one commit, one writer thread; FTS5 is optimised
after the load), and times queries through `SearchIndex.search`, exactly as the archive, the CLI
and the web app call it (parsing, name expansion, ranking, 20 hits with snippets, facets where
asked). Prints build time and size, and p50 / p95 latency of four query types:

- term: one word of middle frequency (vocabulary ranks 100-5,000), no name expansion, no facets;
- phrase: two adjacent words taken from generated documents, no name expansion, no facets;
- fuzzy-name: a register surname with one typo or in another spelling, with name expansion;
- faceted: a word plus a kind filter (and, half the time, a date range), with all eight facet counts;
- browse: no words, a kind and a ten-year range, with all facet counts (a search page's first view).

For tantivy the phrase queries are run a second time on the same index with common grams off
(`phrase-plain`: every phrase answered from word positions alone, as before common grams), and
the two runs must find the same number of documents for every phrase.

`--keep DIR` keeps each built index in DIR and reuses it on the next run (the build is then not
timed again; the phrases are drawn from the regenerated documents as before).

Latency is given as wall-clock time and as the CPU time of the process: on a shared box the wall
clock includes waiting for a core, which the CPU time does not.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import GeneratedDocument, generate_documents, people, register_entities, vocabularies
from testimonia.search.base import IndexedDocument, SearchIndex, SearchQuery
from testimonia.search.fts5_index import Fts5Index
from testimonia.search.sync import name_groups
from testimonia.search.tantivy_index import TantivyIndex

KINDS = ("letter", "diary_entry", "memoir")


class TimedSource:
    """Yields the generated documents and keeps the time spent generating them apart."""

    def __init__(self, n_documents: int, seed: int) -> None:
        self.n_documents, self.seed = n_documents, seed
        self.seconds = 0.0
        self.phrases: list[str] = []
        self.rng = random.Random(seed + 1)

    def __iter__(self) -> Iterator[IndexedDocument]:
        generator = generate_documents(self.n_documents, self.seed)
        while True:
            began = time.perf_counter()
            try:
                generated: GeneratedDocument = next(generator)
            except StopIteration:
                self.seconds += time.perf_counter() - began
                return
            if len(self.phrases) < 2000 and self.rng.random() < 0.01:
                words = generated.indexed.text.replace(".", "").split()
                at = self.rng.randrange(len(words) - 1)
                self.phrases.append(f'"{words[at]} {words[at + 1]}"')
            self.seconds += time.perf_counter() - began
            yield generated.indexed


def _typo(word: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(word) - 1)
    choice = rng.random()
    if choice < 0.4:
        return word[:at] + word[at + 1:]  # a letter dropped
    if choice < 0.7:
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]  # two letters swapped
    return word[:at] + rng.choice("aeiou") + word[at + 1:]  # a vowel confused


def query_sets(phrases: list[str], count: int, seed: int) -> dict[str, list[SearchQuery]]:
    rng = random.Random(seed)
    english, russian = vocabularies()
    middle = [w for vocabulary in (english, russian) for w in vocabulary.words[100:5000]]
    surnames = [(p.latin + p.cyrillic) for p in people()]
    fuzzy = []
    for _ in range(count):
        forms = rng.choice(surnames)
        word = rng.choice(forms)
        fuzzy.append(_typo(word, rng) if len(word) > 4 and rng.random() < 0.7 else word)
    faceted = []
    for _ in range(count):
        start = rng.randint(1917, 1985)
        dated = rng.random() < 0.5
        faceted.append(SearchQuery(text=rng.choice(middle), kind=rng.choice(KINDS),
                                   date_from=f"{start}-01-01" if dated else None,
                                   date_to=f"{start + 5}-12-31" if dated else None, fuzzy_names=False))
    browse = [SearchQuery(kind=rng.choice(KINDS), date_from=f"{y}-01-01", date_to=f"{y + 9}-12-31")
              for y in (rng.randint(1917, 1982) for _ in range(count))]
    return {
        "term": [SearchQuery(text=rng.choice(middle), fuzzy_names=False, facets=False) for _ in range(count)],
        "phrase": [SearchQuery(text=rng.choice(phrases), fuzzy_names=False, facets=False)
                   for _ in range(count)],
        "fuzzy-name": [SearchQuery(text=w, facets=False) for w in fuzzy],
        "faceted": faceted,
        "browse": browse,
    }


def _size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1048576


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _time_queries(index: SearchIndex, batch: list[SearchQuery]) -> tuple[dict[str, float], list[int]]:
    for warm in batch[:10]:
        index.search(warm)
    latencies, cpu, totals = [], [], []
    for query in batch:
        began, began_cpu = time.perf_counter(), time.process_time()
        result = index.search(query)
        latencies.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        totals.append(result.total)
    return ({"p50": statistics.median(latencies), "p95": _percentile(latencies, 0.95),
             "cpu50": statistics.median(cpu), "cpu95": _percentile(cpu, 0.95),
             "mean_hits": statistics.mean(totals)}, totals)


def _build(index: SearchIndex, source: TimedSource, folder: Path, keep: bool) -> float | None:
    """Build the index (or, kept from an earlier run, only draw the phrases again); the seconds."""
    done = folder / "bench-built"
    if keep and done.exists():
        for _ in source:
            if len(source.phrases) >= 2000:
                break
        return None
    began = time.perf_counter()
    index.add(source)
    if isinstance(index, Fts5Index):
        index.optimize()
    index.set_name_groups(name_groups(register_entities()))
    seconds = time.perf_counter() - began - source.seconds
    done.write_text(f"{seconds:.1f}")
    return seconds


def measure(engine: str, make: Callable[[Path], SearchIndex], n_documents: int, seed: int,
            queries: int, workdir: Path, keep: bool = False) -> list[dict[str, object]]:
    folder = workdir / (f"{engine}-{n_documents}-{seed}" if keep else engine)
    index = make(folder)
    source = TimedSource(n_documents, seed)
    build = _build(index, source, folder, keep)
    rows: list[dict[str, object]] = [{"engine": engine, "documents": n_documents, "what": "build",
                                      "seconds": build, "size_mb": _size_mb(folder)}]
    for name, batch in query_sets(source.phrases, queries, seed).items():
        figures, totals = _time_queries(index, batch)
        rows.append({"engine": engine, "documents": n_documents, "what": name, **figures})
        if name == "phrase" and isinstance(index, TantivyIndex):
            index.common_grams = False
            figures, plain_totals = _time_queries(index, batch)
            index.common_grams = True
            rows.append({"engine": engine, "documents": n_documents, "what": "phrase-plain", **figures})
            differ = sum(a != b for a, b in zip(totals, plain_totals, strict=True))
            if differ:
                print(f"# {differ} phrases found a different number of documents with common grams",
                      file=sys.stderr)
    index.close()
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def _tantivy(folder: Path) -> SearchIndex:
    return TantivyIndex(folder, writer_heap=256_000_000, threads=1)


def print_table(rows: list[dict[str, object]]) -> None:
    print("| documents | engine | build s | docs/s | index MB |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for row in (r for r in rows if r["what"] == "build"):
        seconds = row["seconds"]
        timed = (f"{seconds:.1f} | {int(row['documents']) / seconds:,.0f}"  # type: ignore[call-overload]
                 if isinstance(seconds, float) else "(kept) | –")
        print(f"| {row['documents']:,} | {row['engine']} | {timed} | {row['size_mb']:,.0f} |")
    print()
    print("| documents | query | engine | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms | mean hits |")
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for row in sorted((r for r in rows if r["what"] != "build"),
                      key=lambda r: (r["documents"], str(r["what"]), str(r["engine"]))):
        print(f"| {row['documents']:,} | {row['what']} | {row['engine']} | {row['p50']:.2f} "
              f"| {row['p95']:.2f} | {row['cpu50']:.2f} | {row['cpu95']:.2f} | {row['mean_hits']:,.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, action="append",
                        help="corpus size (repeat for several; default 100000 and 1000000)")
    parser.add_argument("--queries", type=int, default=200, help="queries of each type (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engines", default="tantivy,fts5", help="comma-separated (default both)")
    parser.add_argument("--workdir", type=Path, default=None, help="where to build (default a temp folder)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the indexes in this folder and reuse them on the next run")
    args = parser.parse_args()
    sizes = args.documents or [100_000, 1_000_000]
    makers: dict[str, Callable[[Path], SearchIndex]] = {"tantivy": _tantivy, "fts5": Fts5Index}
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(dir=args.workdir) as workdir:
        for size in sizes:
            for engine in args.engines.split(","):
                rows.extend(measure(engine, makers[engine], size, args.seed, args.queries,
                                    args.keep or Path(workdir), keep=args.keep is not None))
                print(f"# {engine} at {size:,} documents done", file=sys.stderr, flush=True)
    print_table(rows)


if __name__ == "__main__":
    main()
