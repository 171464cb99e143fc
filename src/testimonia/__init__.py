"""testimonia: preserve, structure, name, mine and weigh the testimony of political repression."""

from __future__ import annotations

from testimonia.archive import Archive, DocumentFilter, IngestOutcome, IngestSummary
from testimonia.errors import TestimoniaError

__all__ = ["Archive", "DocumentFilter", "IngestOutcome", "IngestSummary", "TestimoniaError"]
__version__ = "0.1.0"
