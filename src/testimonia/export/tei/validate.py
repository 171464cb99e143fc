"""Validation against TEI P5 (tei_all) with lxml's RELAX NG, compiled once per process.

tei_all is large (compiling it takes seconds), so the compiled schema is kept for the
life of the process; tests, the round-trip tool and the exporter's callers share it.
"""

from __future__ import annotations

import functools
import os

from lxml import etree

from testimonia.errors import UnreadableSource


@functools.lru_cache(maxsize=2)
def relaxng(path: str) -> etree.RelaxNG:
    """The compiled RELAX NG schema at `path` (tei_all.rng)."""
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        return etree.RelaxNG(etree.parse(path, parser))
    except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
        raise UnreadableSource(path, f"not a usable RELAX NG schema: {exc}") from None


def validation_errors(document: etree._Element | etree._ElementTree | bytes,
                      schema_path: str | os.PathLike[str]) -> list[str]:
    """The schema's complaints about a document, one line each (empty when it is valid)."""
    schema = relaxng(str(schema_path))
    if isinstance(document, bytes):
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        document = etree.fromstring(document, parser)
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
