"""Recognition: find the persons, places, organisations and works a text names.

    recognise_text(text, language=None, *, italics=None, gazetteer=None,
                   backends=("register", "model", "rules")) -> list[Mention]
    recognise_many(texts, ...) -> list[list[Mention]]   (the same, models batched over texts)

Backends:
  register  the `gazetteer` passed in (any `Recogniser`: names already in the archive's register);
            language-independent; skipped when no gazetteer is given.
  model     spaCy (English, "model:spacy") or natasha (Russian, "model:natasha").
  rules     the regex rules and italic spans of `rules.py` ("rule:<name>"), English and Russian.
Every backend's output goes through `rules.filter_mentions` (words derived from names, common
words, lowercase spans), then `base.merge_mentions` (one mention per stretch of text; agreement
raises confidence; the register's type stands over a model's), then `consistency.settle_types` (one
reading of a name per text: a surname the register or a fuller mention shows to be a person is not
a place elsewhere, and its unmarked occurrences are added). Model and rule mentions carry no
`entity_key`/`entity_id` (linking comes later); a register mention keeps whatever its gazetteer set.

Without `language` each blank-line separated block is detected on its own (`language_segments`),
so an English review quoting a Russian paragraph gets both models. Text in a language with no
model or rules ("de", "fr", "und", ...) is left to the register alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from testimonia.model import Mention
from testimonia.recognise import english, russian
from testimonia.recognise.base import (
    NATASHA_TYPES,
    SPACY_TYPES,
    BatchRecogniser,
    Recogniser,
    merge_mentions,
)
from testimonia.recognise.consistency import settle_types
from testimonia.recognise.language import detect_language, language_segments
from testimonia.recognise.rules import TextFacts, filter_mentions, italic_works, rule_recogniser

__all__ = [
    "BACKENDS",
    "NATASHA_TYPES",
    "RULE_LANGUAGES",
    "SPACY_TYPES",
    "BatchRecogniser",
    "Recogniser",
    "available_backends",
    "bare_model_mentions",
    "detect_language",
    "language_segments",
    "merge_mentions",
    "model_recogniser",
    "recognise_many",
    "recognise_text",
    "rule_recogniser",
]

BACKENDS: tuple[str, ...] = ("register", "model", "rules")
RULE_LANGUAGES: tuple[str, ...] = ("en", "ru")

_models: dict[tuple[str, bool], BatchRecogniser] = {}


def _model(language: str, raw: bool) -> BatchRecogniser | None:
    """The model for `language` ("en" spaCy, "ru" natasha), one per process; `raw`: as it comes."""
    rec = _models.get((language, raw))
    if rec is None:
        if language == "en" and english.available():
            rec = english.SpacyRecogniser(raw=raw)
        elif language == "ru" and russian.available():
            rec = russian.NatashaRecogniser(raw=raw)
        else:
            return None
        _models[(language, raw)] = rec
    return rec


def model_recogniser(language: str) -> BatchRecogniser | None:
    """The model backend for `language` ("en" spaCy, "ru" natasha), or None when there is none."""
    return _model(language, raw=False)


def bare_model_mentions(text: str, language: str) -> list[Mention]:
    """The model's own entities in `text`, typed but with nothing of testimonia's reading (no
    filters, no splitting, no type settling): the baseline that `testimonia eval --backends bare`
    scores the stage against. Empty where no model serves `language`."""
    rec = _model(language, raw=True)
    return sorted(rec.recognise(text), key=lambda m: (m.start, m.end)) if rec is not None else []


def available_backends() -> dict[str, tuple[str, ...]]:
    """Backend name -> the languages it can serve here ("*" for any). Models only if installed."""
    model_langs = tuple(lang for lang, ok in (("en", english.available()), ("ru", russian.available())) if ok)
    out: dict[str, tuple[str, ...]] = {"register": ("*",), "rules": RULE_LANGUAGES}
    if model_langs:
        out["model"] = model_langs
    return out


def _segments(text: str, language: str | None) -> list[tuple[int, int, str]]:
    if language is not None:
        return [(0, len(text), language)] if text else []
    return language_segments(text)


def recognise_text(
    text: str,
    language: str | None = None,
    *,
    italics: Iterable[tuple[int, int]] | None = None,
    gazetteer: Recogniser | None = None,
    backends: tuple[str, ...] = BACKENDS,
) -> list[Mention]:
    """Mentions of persons, places, organisations and works in `text`, sorted by (start, end).

    `language`: "en", "ru", ... for the whole text; None detects it per paragraph block.
    `italics`: (start, end) spans set in italics by the reader's layout (titles of works).
    `gazetteer`: the "register" backend. `backends`: which of "register", "model", "rules" to run.
    """
    return recognise_many(
        [text], language, italics=[italics] if italics else None, gazetteer=gazetteer, backends=backends
    )[0]


def recognise_many(
    texts: Sequence[str],
    language: str | None = None,
    *,
    italics: Sequence[Iterable[tuple[int, int]] | None] | None = None,
    gazetteer: Recogniser | None = None,
    backends: tuple[str, ...] = BACKENDS,
    languages: Sequence[str | None] | None = None,
) -> list[list[Mention]]:
    """`recognise_text` over several texts at once: one list of mentions per text, in order.

    The models see the pieces of all the texts in one stream (spaCy's nlp.pipe, natasha's batched
    tagger), which is what makes bulk recognition as fast as the bare model; pass a few dozen to a
    few hundred documents at a time (memory grows with the batch). `italics`, when given, holds
    one list of spans (or None) per text.
    """
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        raise ValueError(f"unknown recognition backends: {sorted(unknown)}; known: {BACKENDS}")
    if italics is not None and len(italics) != len(texts):
        raise ValueError("italics needs one entry (a list of spans or None) per text")
    if languages is not None and len(languages) != len(texts):
        raise ValueError("languages needs one entry (a language or None) per text")
    per_text = languages if languages is not None else [language] * len(texts)
    segments = [_segments(text, lang) for text, lang in zip(texts, per_text, strict=True)]
    # the model backends, batched over all texts, one language at a time
    model_found: list[list[Mention]] = [[] for _ in texts]
    if "model" in backends:
        by_language: dict[str, list[tuple[int, int, int]]] = {}
        for i, segs in enumerate(segments):
            for start, end, lang in segs:
                by_language.setdefault(lang, []).append((i, start, end))
        for lang, jobs in by_language.items():
            rec = model_recogniser(lang)
            if rec is None:
                continue
            results = rec.recognise_batch([(texts[i], start, end) for i, start, end in jobs])
            for (i, _, _), found in zip(jobs, results, strict=True):
                model_found[i].extend(found)
    out: list[list[Mention]] = []
    for i, text in enumerate(texts):
        if not text:
            out.append([])
            continue
        facts = TextFacts(text)
        found: list[list[Mention]] = []
        registered: list[Mention] = []
        if "register" in backends and gazetteer is not None:
            registered = filter_mentions(text, gazetteer.recognise(text, 0, len(text)), facts)
            found.append(registered)
        models = filter_mentions(text, model_found[i], facts)
        found.append(models)
        italic_spans = sorted(italics[i] or ()) if italics is not None else []
        if "rules" in backends:
            covered = [*registered, *models]
            for start, end, lang in segments[i]:
                if lang not in RULE_LANGUAGES:
                    continue
                found.append(filter_mentions(text, rule_recogniser(lang).recognise(text, start, end), facts))
                if italic_spans:
                    found.append(italic_works(text, italic_spans, lang, covered, start, end))
        out.append(settle_types(text, merge_mentions(found), add="rules" in backends))
    return out
