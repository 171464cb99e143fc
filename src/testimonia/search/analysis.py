"""Language-aware text analysis shared by every engine: stemming, language, name-like words.

Both engines stem with the same Snowball analyzers (tantivy's, which are Rust and fast), so
that the FTS5 baseline, which has no Russian stemmer of its own, is indexed the same way and
the two can be compared on equal terms.
"""

from __future__ import annotations

import functools
import re

import tantivy

LANGUAGES: dict[str, str] = {"en": "english", "ru": "russian"}
TOKENIZER_NAMES: dict[str, str] = {"en": "testimonia_en", "ru": "testimonia_ru"}

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
# A capitalised word that does not open a sentence: the cheap sign of a proper name.
_NAME_LIKE = re.compile(r"(?<![.!?…:«\"\n]\s)(?<=\s)([A-ZА-ЯЁ][a-zа-яёA-ZА-ЯЁ\-]{2,})")


@functools.cache
def analyzer(language: str) -> tantivy.TextAnalyzer:
    """Lowercase + Snowball stemmer for "en" or "ru"."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer(LANGUAGES[language]))
            .build())


def stems(text: str, language: str) -> list[str]:
    return analyzer(language).analyze(text)


def guess_language(text: str) -> str:
    """"ru" when Cyrillic letters outnumber Latin ones in the first few thousand characters."""
    sample = text[:4000]
    return "ru" if len(_CYRILLIC.findall(sample)) > len(_LATIN.findall(sample)) else "en"


def script_language(word: str) -> str:
    return "ru" if _CYRILLIC.search(word) else "en"


def name_like_words(text: str) -> set[str]:
    """Capitalised words not at the start of a sentence: the forms name expansion can offer."""
    return {m.strip("-") for m in _NAME_LIKE.findall(text)}
