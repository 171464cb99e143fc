"""Full-text search over an archive's documents and notes.

An index lives beside its archive, in the folder `<archive path>.search/`, and can always be
rebuilt from the store (`testimonia reindex`). Engines register by name; tantivy is the default
and SQLite FTS5 the measured baseline (see docs/search.md).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from testimonia.errors import TestimoniaError
from testimonia.search.base import (
    FACET_NAMES,
    FacetCount,
    IndexedDocument,
    IndexedParty,
    SearchHit,
    SearchIndex,
    SearchQuery,
    SearchResult,
)

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "FACET_NAMES",
    "FacetCount",
    "IndexedDocument",
    "IndexedParty",
    "SearchHit",
    "SearchIndex",
    "SearchQuery",
    "SearchResult",
    "index_folder",
    "is_built",
    "mark_built",
    "open_index",
    "register_engine",
]

DEFAULT_ENGINE = "tantivy"
ENGINES: dict[str, Callable[[Path], SearchIndex]] = {}


def register_engine(name: str, factory: Callable[[Path], SearchIndex]) -> None:
    ENGINES[name] = factory


def _tantivy(folder: Path) -> SearchIndex:
    from testimonia.search.tantivy_index import TantivyIndex

    return TantivyIndex(folder)


def _fts5(folder: Path) -> SearchIndex:
    from testimonia.search.fts5_index import Fts5Index

    return Fts5Index(folder)


register_engine("tantivy", _tantivy)
register_engine("fts5", _fts5)


def index_folder(archive_path: str) -> Path:
    return Path(f"{archive_path}.search")


def _state(folder: Path) -> dict[str, object]:
    try:
        return json.loads((folder / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_built(folder: Path) -> bool:
    """Whether a full build finished here (an interrupted one leaves this false)."""
    return bool(_state(folder).get("built"))


def engine_of(folder: Path) -> str | None:
    engine = _state(folder).get("engine")
    return engine if isinstance(engine, str) else None


def mark_built(folder: Path, engine: str, built: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "state.json").write_text(json.dumps({"engine": engine, "built": built}), encoding="utf-8")


def open_index(folder: Path, engine: str | None = None) -> SearchIndex:
    """Open (or create) the index in `folder`; a different engine than the one there starts afresh."""
    chosen = engine or engine_of(folder) or DEFAULT_ENGINE
    if chosen not in ENGINES:
        known = ", ".join(sorted(ENGINES))
        raise TestimoniaError(f"search engine {chosen!r}: unknown; choose one of {known}")
    present = engine_of(folder)
    if present is not None and present != chosen:
        shutil.rmtree(folder, ignore_errors=True)
    if present != chosen:
        mark_built(folder, chosen, False)
    index = ENGINES[chosen](folder)
    if getattr(index, "discarded", False):
        # written by an older testimonia in a layout this one cannot read: the archive rebuilds it
        mark_built(folder, chosen, False)
    return index
