"""Correspondence benchmark: the pairs list, one pair's letters and the network, p50/p95.

    python bench/bench_letters.py                       # 100,000 documents
    python bench/bench_letters.py --documents 20000 --keep /tmp/webbench

Uses the archives bench/bench_web.py builds (bench/corpus_gen.py: letters with senders and
addressees, dated, with mentions) and requests pages in-process through Starlette's TestClient.
Rows:

- baseline: GET /static/style.css, the floor of any request through the same app and client;
- the pairs query itself, uncached (`SQLiteStore._letter_edges`): what the first pairs or
  network page after a write pays;
- GET /correspondence and GET /network, as every later request sees them (kept until the
  archive file changes);
- GET /correspondence?a=&b= and its JSON twin for the busiest pair: the letters, replies, gaps
  and references read from their text.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web import archive_at, get, percentiles, timed  # also quiets TestClient's httpx warning
from testimonia.archive import Archive
from testimonia.web import create_app


def bench_size(folder: Path, documents: int, requests: int, warmup: int) -> list[tuple[str, list[float]]]:
    from fastapi.testclient import TestClient

    path = archive_at(folder, documents)
    with Archive.open(path) as archive:
        store = archive.store
        rows = [("pairs query, uncached (first page after a write)",
                 timed(lambda: store._letter_edges(200), max(3, requests // 20), 1))]
        busiest = store.letter_edges(1)
    if not busiest:
        raise SystemExit(f"{path}: no letters with a sender and an addressee")
    pair = urlencode({"a": busiest[0].sender.key, "b": busiest[0].addressee.key})
    with TestClient(create_app(str(path))) as client:
        rows.append(("GET /static/style.css (baseline)",
                     timed(lambda: get(client, "/static/style.css"), requests, warmup)))
        rows.append(("GET /correspondence (pairs, kept)", timed(lambda: get(client, "/correspondence"),
                                                                requests, warmup)))
        rows.append(("GET /network (kept)", timed(lambda: get(client, "/network"), requests, warmup)))
        rows.append(("GET /correspondence?a=&b= (busiest pair)",
                     timed(lambda: get(client, f"/correspondence?{pair}"), requests, warmup)))
        rows.append(("GET /api/v1/correspondence?a=&b=",
                     timed(lambda: get(client, f"/api/v1/correspondence?{pair}"), requests, warmup)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, action="append",
                        help="archive size (repeat for several; default 100,000)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build archives here and reuse them on the next run")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="testimonia-letterbench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        print(f"{'documents':>10}  {'request':<50} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for documents in args.documents or [100_000]:
            for name, samples in bench_size(folder, documents, args.requests, args.warmup):
                p50, p95, worst = percentiles(samples)
                print(f"{documents:>10,}  {name:<50} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
