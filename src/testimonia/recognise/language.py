"""Cheap language identification: enough to pick a recogniser, not a general-purpose detector.

Script decides first: a text whose letters are mostly Cyrillic is Russian ("uk" when the letters
only Ukrainian has, ї є ґ, are frequent; pre-reform Russian і ѣ ѳ ѵ stays "ru"). A Latin-script
text is English unless the commonest function words of German or French clearly outnumber the
English ones: callers use the code to skip what they do not support. No letters at all: "und".
"""

from __future__ import annotations

import re


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# The most frequent short function words of each language, chosen so that the sets do not share
# members (so "a", "in", "an", "me", "will", "on" are in none).
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": (
        _words(
            "the and of to is was that it for with as his her he she they be by this which have had not "
            "are were from at or but you we my would there their been has who could all"
        )
    ),
    "de": (
        _words(
            "der die das und ist nicht ich sie es ein eine einen dem den mit sich auf für von zu auch "
            "wie aus bei nach wir ihr war sind noch nur wenn aber oder mir mich uns doch schon"
        )
    ),
    "fr": (
        _words(
            "le la les et est une des du que qui pas pour dans sur au aux ce cette il elle nous vous "
            "je ne se son sa ses avec mais ou été avait sont très lui leur"
        )
    ),
}

# Enough letters to trust the script count, enough words to trust the stopword count.
MIN_LETTERS = 40
MIN_WORDS = 12
_SAMPLE = 3_000
# Six or more words in a row in one script: a passage, not a stray name or abbreviation.
_LATIN_PASSAGE = re.compile(r"[A-Za-z\u00C0-\u024F]{2,}(?:[\s,.;:'’()-]+[A-Za-z\u00C0-\u024F]{2,}){5,}")
_CYRILLIC_PASSAGE = re.compile(r"[\u0400-\u04FF]{2,}(?:[\s,.;:'’()-]+[\u0400-\u04FF]{2,}){5,}")


def _sample(text: str) -> str:
    """At most _SAMPLE characters: the beginning, the middle and the end of `text`."""
    if len(text) <= _SAMPLE:
        return text
    third = _SAMPLE // 3
    mid = len(text) // 2
    return text[:third] + " " + text[mid - third // 2 : mid + third // 2] + " " + text[-third:]


# Letters are counted on the UTF-8 bytes, where bytes.count and bytes.translate run at memory speed
# (a regex findall over the same sample is ten times slower): every Cyrillic letter (U+0400-04FF)
# starts with byte D0-D3, every accented Latin letter (U+00C0-024F) with C3-C9.
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))
_CYRILLIC_LEADS = (b"\xd0", b"\xd1", b"\xd2", b"\xd3")
_LATIN_LEADS = (b"\xc3", b"\xc4", b"\xc5", b"\xc6", b"\xc7", b"\xc8", b"\xc9")
_UKRAINIAN_ONLY = "їЇєЄґҐ"
_STRIP = ".,;:!?\"'()[]«»“”„‘’-–—…*"


def _letter_counts(sample: str) -> tuple[int, int]:
    """(Cyrillic letters, Latin letters) in `sample`."""
    raw = sample.encode("utf-8", "ignore")
    cyr = sum(raw.count(lead) for lead in _CYRILLIC_LEADS)
    lat = len(raw.translate(None, _NOT_ASCII_LETTER)) + sum(raw.count(lead) for lead in _LATIN_LEADS)
    return cyr, lat


def _detect(text: str, default: str | None) -> str | None:
    sample = _sample(text)
    cyr, lat = _letter_counts(sample)
    if cyr + lat < MIN_LETTERS and default is not None:
        return default
    if cyr + lat == 0:
        return "und"
    if cyr > lat:
        return "uk" if sum(sample.count(ch) for ch in _UKRAINIAN_ONLY) * 200 > cyr else "ru"
    words = [w.strip(_STRIP) for w in sample.lower().split()]
    if len(words) < MIN_WORDS and default is not None:
        return default
    counts = {code: sum(1 for w in words if w in stops) for code, stops in _STOPWORDS.items()}
    best = max(counts, key=lambda c: counts[c])
    if best != "en" and counts[best] >= 3 and counts[best] >= 1.5 * counts["en"]:
        return best
    return "en"


def detect_language(text: str) -> str:
    """ "ru", "uk", "en", "de", "fr" or "und" (no letters) for `text`; cheap (a sample is counted)."""
    return _detect(text, None) or "und"


_BLOCK = re.compile(r"\n[ \t\u00a0]*\n")


def _script(text: str) -> str | None:
    cyr, lat = _letter_counts(_sample(text))
    if cyr + lat < MIN_LETTERS:
        return None
    return "cyrillic" if cyr > lat else "latin"


def language_segments(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """text[start:end] as runs of paragraphs in one language: [(start, end, code), ...].

    The whole text is detected once. Only a text that holds a passage in the other script (six
    words in a row) is looked at block by block (blocks are separated by blank lines): a block in
    the other script with enough letters to tell gets its own language ("ru" inside an English
    review); every other block, including a short one (a heading, a signature, "Mexico,
    November 15, ’46"), takes the text's language.
    Adjacent blocks in the same language are joined. A German paragraph inside an English text
    is therefore not separated: both are Latin script.
    """
    end = len(text) if end is None else end
    if end <= start:
        return []
    whole = detect_language(text[start:end])
    whole_script = "cyrillic" if whole in ("ru", "uk") else "latin"
    other = _LATIN_PASSAGE if whole_script == "cyrillic" else _CYRILLIC_PASSAGE
    if other.search(text, start, end) is None:
        return [(start, end, whole)]
    out: list[tuple[int, int, str]] = []
    pos = start
    bounds: list[tuple[int, int]] = []
    for m in _BLOCK.finditer(text, start, end):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, end))
    for bs, be in bounds:
        block = text[bs:be]
        script = _script(block)
        lang = whole if script is None or script == whole_script else (_detect(block, whole) or whole)
        if out and out[-1][2] == lang:
            out[-1] = (out[-1][0], be, lang)
        else:
            out.append((bs, be, lang))
    return out
