"""Dictionary forms of words, so that "арестовали", "арестован" and "арест" meet one lexicon entry."""

from __future__ import annotations

import re
from functools import lru_cache

_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_][\w’'-]*")


@lru_cache(maxsize=131072)
def lemma(word: str) -> str:
    """A Russian word's normal form (pymorphy3, shared with the linker); other words lower-cased."""
    lowered = word.lower().replace("ё", "е")
    if not _CYRILLIC.search(lowered):
        return lowered
    from testimonia.link.index import morph

    return morph().parse(lowered)[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=131072)
def all_lemmas(word: str) -> tuple[str, ...]:
    """Every dictionary form a word may have ("лагере": "лагер" or "лагерь"), most likely first."""
    lowered = word.lower().replace("ё", "е")
    if not _CYRILLIC.search(lowered):
        return (lowered,)
    from testimonia.link.index import morph

    forms = [p.normal_form.replace("ё", "е") for p in morph().parse(lowered)]
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=131072)
def noun_lemma(word: str) -> str:
    """Like `lemma`, but a reading as a noun wins: "заключённых" is "заключённый" (a prisoner),
    not "заключить" (to conclude), when what is wanted is the thing counted."""
    lowered = word.lower().replace("ё", "е")
    if not _CYRILLIC.search(lowered):
        return lowered
    from testimonia.link.index import morph

    parses = morph().parse(lowered)
    noun = next((p for p in parses if p.tag.POS == "NOUN"), None)
    if noun is not None:
        return noun.normal_form.replace("ё", "е")
    first = parses[0]
    if first.tag.POS in ("PRTF", "ADJF"):  # a participle or adjective used as a noun: "заключённых"
        form = first.inflect({"masc", "sing", "nomn"})
        if form is not None:
            return form.word.replace("ё", "е")
    return first.normal_form.replace("ё", "е")


def lemma_key(phrase: str) -> str:
    """A phrase reduced for grouping: dictionary forms, no articles, English plurals singular."""
    words = []
    for word in WORD.findall(phrase):
        form = noun_lemma(word)
        if form in ("the", "a", "an", "of", "its", "their", "his", "her"):
            continue
        if not _CYRILLIC.search(form) and len(form) > 3 and form.endswith("s") and not form.endswith("ss"):
            form = form[:-1]
        words.append(form)
    return " ".join(words)
