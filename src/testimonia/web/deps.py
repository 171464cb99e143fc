"""What every route needs: the archive, open in the thread that serves the request.

An SQLite connection may only be used by the thread that opened it, and opening the search
index costs some 20 ms, too much to pay on every request. So each thread keeps one open
Archive (store and search index) for the app's archive. FastAPI runs plain `def` routes and
dependencies on different worker threads, so `get_archive` is `async` and every route that
uses it is `async def`: dependency and route then both run on the event loop's thread, which
uvicorn keeps for the life of the server. Queries are indexed and short, so blocking the loop
for them costs less than a thread hop would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from fastapi import Request

from testimonia.archive import Archive

WEB_DIR = Path(__file__).parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
T = TypeVar("T")


class ArchivePerThread(threading.local):
    """One open Archive per thread; closed with its thread (or when the app shuts down).

    It also remembers aggregates that cost a pass over the whole archive (the home page's
    counts and most mentioned people) until another connection writes to the archive.
    """

    def __init__(self) -> None:
        self.archive: Archive | None = None
        self.memo: dict[str, tuple[int, Any]] = {}

    def get(self, path: str) -> Archive:
        if self.archive is None:
            self.archive = Archive.open(path)
        return self.archive

    def remember(self, key: str, compute: Callable[[], T]) -> T:
        """compute(), or its value from an earlier call if the archive has not changed since."""
        assert self.archive is not None
        version = self.archive.store.data_version()
        known = self.memo.get(key)
        if known is not None and known[0] == version:
            return cast(T, known[1])
        value = compute()
        self.memo[key] = (version, value)
        return value

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()
            self.archive = None
        self.memo.clear()


async def get_archive(request: Request) -> Archive:
    """The app's archive, open in this thread."""
    archives: ArchivePerThread = request.app.state.archives
    return archives.get(request.app.state.archive_path)


def remembered(request: Request, key: str, compute: Callable[[], T]) -> T:
    """`compute()`, remembered for this thread's archive until the archive changes."""
    archives: ArchivePerThread = request.app.state.archives
    archives.get(request.app.state.archive_path)
    return archives.remember(key, compute)


def mention_counts(request: Request, archive: Archive) -> dict[str, int]:
    """Every entry's mention count (one pass over all mentions), kept until the archive changes."""
    return remembered(request, "mention_counts", archive.store.mention_counts)
