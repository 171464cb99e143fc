"""Readers: one module per file format, registered by name and extension.

A reader is a function `(data: bytes, path: str) -> ReadResult`. The built-in readers
register themselves through the same `register_reader` an outside package would call.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from testimonia.errors import UnreadableSource, UnsupportedFormat
from testimonia.model import ReadResult

Reader = Callable[[bytes, str], ReadResult]

# One source is held in memory while it is structured and stored; a file larger than
# this is almost always a dump or a mistake, and would push the ingest's memory far past
# its bound. Editors can raise it (`--max-size`), knowing the cost.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ReaderEntry:
    name: str
    extensions: tuple[str, ...]
    read: Reader


_READERS: dict[str, ReaderEntry] = {}
_BY_EXTENSION: dict[str, str] = {}


def register_reader(name: str, extensions: tuple[str, ...], read: Reader) -> None:
    """Make `read` the reader for files ending in any of `extensions` (".txt", ".xml")."""
    _READERS[name] = ReaderEntry(name, extensions, read)
    for ext in extensions:
        _BY_EXTENSION[ext.lower()] = name


def readers() -> list[ReaderEntry]:
    _load_builtin_readers()
    return list(_READERS.values())


def supported_extensions() -> set[str]:
    _load_builtin_readers()
    return set(_BY_EXTENSION)


def reader_for(path: str) -> ReaderEntry:
    _load_builtin_readers()
    name = os.path.basename(path).lower()
    for ext in sorted(_BY_EXTENSION, key=len, reverse=True):
        if name.endswith(ext):
            return _READERS[_BY_EXTENSION[ext]]
    known = ", ".join(sorted(_BY_EXTENSION))
    raise UnsupportedFormat(path, f"unknown file type (testimonia reads {known})")


def read_bytes(data: bytes, path: str) -> ReadResult:
    """Read `data` as the file at `path` would be read. Raises UnreadableSource."""
    entry = reader_for(path)
    if not data.strip():
        raise UnreadableSource(path, "empty file")
    try:
        return entry.read(data, path)
    except UnreadableSource:
        raise
    except (RecursionError, MemoryError) as exc:
        problem = f"too deeply nested or too large to read ({type(exc).__name__})"
        raise UnreadableSource(path, problem) from None


_loaded = False


def _load_builtin_readers() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from testimonia.read import docx, html, tei, text, xml  # noqa: F401  (they register themselves)
