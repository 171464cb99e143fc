"""Where an archive's state lives: the Store interface and its implementations."""

from __future__ import annotations

from testimonia.store.base import DocumentFilter, Store
from testimonia.store.sqlite import SQLiteStore

__all__ = ["DocumentFilter", "SQLiteStore", "Store", "open_store"]


def open_store(path: str, create: bool = False) -> Store:
    """Open (or create) the archive at `path`. Only SQLite files are supported today."""
    return SQLiteStore.create(path) if create else SQLiteStore.open(path)
