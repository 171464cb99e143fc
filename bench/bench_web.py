"""Web benchmark: p50/p95 of the workbench's busiest pages over generated archives.

    python bench/bench_web.py                        # 100,000 then 1,000,000 documents
    python bench/bench_web.py --documents 20000      # one size, a quick look
    python bench/bench_web.py --keep /tmp/webbench   # keep (and reuse) the built archives there
    python bench/bench_web.py --only /entities       # only the rows whose name contains this (repeatable)

Builds an archive with bench/corpus_gen.py (real word frequencies, register names in English and
Russian, every facet filled), then requests pages from the app in-process, through Starlette's
TestClient: the full HTTP stack (routing, the per-request archive, the query, Jinja rendering,
response), no network. Measured, each `--requests` times after a warm-up, with random inputs:

- GET /search?q=WORD&kind=KIND: a word of middle frequency and a kind, 20 hits with snippets and
  every facet counted and rendered (the search page as a reader first sees it);
- GET /documents/ID: the reader, with mentions, notes, metadata and provenance;
- GET /entities/ID: an entity page (a register person, mentioned thousands of times at 1M);
- with --home, the home page and the register sorted by mentions (aggregates over every mention);
- baselines in the same run: GET /static/style.css (the same app and client serving a file: the
  floor of any request), the bare store calls a document page makes and the bare
  `Archive.search` call the search page makes, without HTTP or HTML.
Targets at 1M documents: /search p95 <= 50 ms, document and entity pages p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_gen import build_bench_archive, vocabularies
from testimonia.archive import Archive
from testimonia.model import DOCUMENT_KINDS
from testimonia.search import SearchQuery
from testimonia.web import create_app

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

# Starlette 1.x warns that its TestClient will move from httpx to httpx2; the numbers do not care.
warnings.filterwarnings("ignore", message="Using .httpx. with .starlette.testclient. is deprecated")

SEED = 7
PER_SOURCE = 100


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, max(ordered)


def timed(call: Callable[[], object], requests: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(requests):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def archive_at(folder: Path, documents: int) -> Path:
    path = folder / f"web-{documents}-{SEED}.tmarch"
    marker = folder / f"web-{documents}-{SEED}.done"
    if not marker.exists():
        for leftover in folder.glob(f"web-{documents}-{SEED}.tmarch*"):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        began = time.perf_counter()
        build_bench_archive(path, documents, SEED, per_source=PER_SOURCE)
        marker.write_text(f"{time.perf_counter() - began:.0f} s\n")
        print(f"built {documents:,} documents in {marker.read_text().strip()}", flush=True)
    return path


def wanted(name: str, only: list[str] | None) -> bool:
    """Whether to time the row `name`: all of them, or those whose name contains one of `only`."""
    return not only or any(part in name for part in only)


def get(client: TestClient, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}: {response.text[:200]}")


def bench_size(folder: Path, documents: int, requests: int, warmup: int,
               home: bool, only: list[str] | None = None) -> list[tuple[str, list[float]]]:
    path = archive_at(folder, documents)
    rng = random.Random(SEED)
    english, russian = vocabularies()
    words = [w for vocabulary in (english, russian) for w in vocabulary.words[100:5000]]
    connection = sqlite3.connect(path)
    count = connection.execute("SELECT max(rowid) FROM documents").fetchone()[0]
    sample = [connection.execute("SELECT id FROM documents WHERE rowid = ?", (rng.randint(1, count),))
              .fetchone()[0] for _ in range(2000)]
    connection.close()

    def document_id() -> str:
        return rng.choice(sample)

    with Archive.open(path) as archive:
        people = [row.entity.id for row in archive.store.top_entities("person", 40)]
        store = archive.store

        def bare_document() -> None:
            document_id_ = document_id()
            document = store.document(document_id_)
            store.document_text(document_id_)
            store.notes(document_id=document_id_)
            store.mentions(document_id=document_id_)
            store.source_front(document.source_id or "")
            store.source_summary(document.source_id or "")

        def bare_search() -> None:
            archive.search(SearchQuery(text=rng.choice(words), kind=rng.choice(DOCUMENT_KINDS[:4]),
                                       limit=20))

        rows = []
        if wanted("store calls of a document page (baseline)", only):
            rows.append(("store calls of a document page (baseline)", timed(bare_document, requests, warmup)))
        if wanted("Archive.search, word + kind (baseline)", only):
            rows.append(("Archive.search, word + kind (baseline)", timed(bare_search, requests, warmup)))
    from fastapi.testclient import TestClient

    app = create_app(str(path))
    with TestClient(app) as client:
        def measure(name: str, url: Callable[[], str], times: int, warm: int) -> None:
            if wanted(name, only):
                rows.append((name, timed(lambda: get(client, url()), times, warm)))

        entity_page = client.get(f"/entities/{people[0]}").status_code == 200
        measure("GET /static/style.css (baseline)", lambda: "/static/style.css", requests, warmup)
        measure("GET /search?q=…&kind=… (facets)",
                lambda: f"/search?q={rng.choice(words)}&kind={rng.choice(DOCUMENT_KINDS[:4])}",
                requests, warmup)
        measure("GET /search (no words: browse, facets)",
                lambda: f"/search?kind={rng.choice(DOCUMENT_KINDS[:4])}", requests, warmup)
        measure("GET /api/v1/search?q=… (JSON, facets)",
                lambda: f"/api/v1/search?q={rng.choice(words)}&limit=20", requests, warmup)
        measure("GET /documents/ID", lambda: f"/documents/{document_id()}", requests, warmup)
        if entity_page:
            measure("GET /entities/ID", lambda: f"/entities/{rng.choice(people)}", requests, warmup)
        else:
            print("(GET /entities/ID does not answer 200 in this app: entity page not measured)")
        if home:
            measure("GET / (home: counts, top people, span)", lambda: "/", max(5, requests // 10), 2)
            measure("GET /register (by mentions)", lambda: "/register", max(5, requests // 10), 2)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, action="append",
                        help="archive size (repeat for several; default 100,000 and 1,000,000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--home", action="store_true", help="also time the home and register pages")
    parser.add_argument("--keep", type=Path, help="build archives here and reuse them on the next run")
    parser.add_argument("--only", action="append",
                        help="time only the rows whose name contains this (e.g. /entities; repeat for more)")
    args = parser.parse_args()
    sizes = args.documents or [100_000, 1_000_000]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="testimonia-webbench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        print(f"{'documents':>10}  {'request':<44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for documents in sizes:
            for name, samples in bench_size(folder, documents, args.requests, args.warmup, args.home,
                                              args.only):
                p50, p95, worst = percentiles(samples)
                print(f"{documents:>10,}  {name:<44} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
