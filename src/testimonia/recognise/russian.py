"""Russian names with natasha's news NER (slovnet NewsNERTagger over navec NewsEmbedding).

The tagger tokenises its input itself, so natasha's Segmenter (sentences and tokens for the
morphology and syntax models) is not run: for NER alone it would only cost time. Texts are cut at
paragraph breaks into pieces of up to two thousand characters and tagged in batches: the tagger pads
every batch to its longest member, so even, short pieces are fastest (one big document is ~40 %
slower). MorphVocab (lemmas) is not needed to find names and is not loaded. Embedding and model
load once per process, on first use.
"""

from __future__ import annotations

import importlib.util
import threading
import warnings
from collections.abc import Sequence
from typing import Any

from testimonia.model import Mention
from testimonia.recognise.base import NATASHA_TYPES, batch_plan, looks_like_initials, model_mentions

METHOD = "model:natasha"
CONFIDENCE = 0.75
CHUNK_CHARS = 2_000
BATCH_SIZE = 16

_lock = threading.Lock()
_tagger: Any = None


def load_tagger() -> Any:
    """natasha's NewsNERTagger, loaded once per process."""
    global _tagger
    if _tagger is not None:
        return _tagger
    with _lock:
        if _tagger is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                from natasha import NewsEmbedding, NewsNERTagger

                tagger = NewsNERTagger(NewsEmbedding())
            tagger.batch_size = BATCH_SIZE
            tagger.infer.encoder.batch_size = BATCH_SIZE
            _tagger = tagger
    return _tagger


def available() -> bool:
    return importlib.util.find_spec("natasha") is not None


def _confidence(surface: str, label: str) -> float:
    conf = CONFIDENCE
    if label != "PER" and looks_like_initials(surface):
        conf -= 0.25  # "L.D." called a place or an organisation: initials stand for people
    elif any(ch.isdigit() for ch in surface):
        conf -= 0.2
    elif label == "PER" and len(surface.split()) > 1:
        conf += 0.05
    return conf


class NatashaRecogniser:
    """The Russian model backend (method "model:natasha")."""

    name = METHOD

    def __init__(self, chunk_chars: int = CHUNK_CHARS, raw: bool = False):
        self.chunk_chars = chunk_chars
        self.raw = raw  # the model's entities as it gives them: the baseline `testimonia eval` reports

    def recognise(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        return self.recognise_batch([(text, start, len(text) if end is None else end)])[0]

    def recognise_batch(self, items: Sequence[tuple[str, int, int]]) -> list[list[Mention]]:
        """Mentions in each text[start:end]; the pieces of all the texts are tagged together."""
        jobs, out = batch_plan(items, self.chunk_chars)
        if not jobs:
            return out
        tagger = load_tagger()
        # slovnet tags BATCH_SIZE texts per forward pass, padded to the longest: sorting the
        # pieces by length keeps the padding low
        jobs.sort(key=lambda job: job[2] - job[1])
        markups = tagger.map([items[i][0][s:e] for i, s, e in jobs])
        for (i, offset, _), markup in zip(jobs, markups, strict=True):
            text = items[i][0]
            for span in markup.spans:
                etype = NATASHA_TYPES.get(span.type)
                if etype is None:
                    continue
                s, e = offset + span.start, offset + span.stop
                if self.raw:
                    out[i].append(Mention(s, e, text[s:e], etype, method=METHOD, confidence=CONFIDENCE))
                    continue
                out[i] += model_mentions(text, s, e, etype, METHOD, _confidence(text[s:e], span.type))
        for found in out:
            found.sort(key=lambda m: (m.start, m.end))
        return out
