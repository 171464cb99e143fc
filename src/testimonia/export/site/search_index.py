"""The static site's search index: every document's words, folded, in a script file.

Browsers refuse fetch() of files from disk, so the index is JavaScript that assigns one
global (`TESTIMONIA_SEARCH`), loaded by a <script> tag. search.js folds and splits a query
exactly as `fold` and `words` do here; keep the two in step.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

GLOBAL_NAME = "TESTIMONIA_SEARCH"
EXCERPT_CHARS = 220
_COMBINING = re.compile("[\u0300-\u036f]")
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, ё as е, combining diacritics dropped: "Ёлкин, Łódź" -> "елкин, łodz" (ł is a letter)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("ё", "е"))
    return unicodedata.normalize("NFC", _COMBINING.sub("", decomposed))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@dataclass
class SearchIndexBuilder:
    """Collects documents and register entries; `script` writes them out, sorted."""

    documents: list[list[Any]] = field(default_factory=list)
    entities: list[list[str]] = field(default_factory=list)
    terms: dict[str, list[int]] = field(default_factory=dict)

    def add_document(self, href: str, label: str, date: str, kind: str, text: str) -> None:
        number = len(self.documents)
        excerpt = " ".join(text.split())
        if len(excerpt) > EXCERPT_CHARS:
            excerpt = excerpt[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
        self.documents.append([href, label, date, kind, excerpt])
        for term, count in sorted(Counter(words(label + "\n" + text)).items()):
            self.terms.setdefault(term, []).extend((number, count))

    def add_entity(self, href: str, name: str, entity_type: str, variants: list[str]) -> None:
        self.entities.append([href, name, entity_type, " ".join(words(" ".join([name, *variants])))])

    def script(self) -> str:
        data = {"documents": self.documents, "entities": sorted(self.entities, key=lambda e: (e[1], e[0])),
                "terms": dict(sorted(self.terms.items()))}
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return f"/* testimonia: the search index, read by search.js */\nwindow.{GLOBAL_NAME} = {body};\n"
