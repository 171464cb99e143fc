"""The name model: recognising one person across scripts, spellings, genders and grammatical cases.

Testimony about the same person arrives as "Осип Эмильевич Мандельштам" in a Russian letter, "Ossip
Mandelstam" in a French-derived English memoir, "O. E. Mandelštam" in a scholarly footnote and
"Мандельштама" in the genitive. Three layers make those meet:

* **parsing** (:func:`parse_person_name`) splits a name into given name, patronymic, surname and initials,
  puts Russian case forms back into the nominative without losing the woman's ending (pymorphy3 alone
  would turn "Ивановой" into the masculine "иванов"), and guesses gender;
* **keys** (:func:`match_key`, :func:`surname_key`, :func:`name_keys`) reduce any spelling to a lowercase
  ASCII skeleton in which the differences between romanisation schemes vanish, so that a dictionary lookup
  replaces a fuzzy search;
* **variants** (:func:`transliterations`, :func:`variants`) generate the display forms a register entry
  should list, through iuliia's 27 Russian schemes and the older French and German spellings in
  :mod:`testimonia.name_tables`.

The module depends only on the standard library, iuliia, pymorphy3, rapidfuzz and unidecode, so that any
stage of testimonia can use it without import cycles.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

import iuliia
import pymorphy3
from rapidfuzz import fuzz
from unidecode import unidecode

from testimonia.name_tables import (
    FRENCH_ENDINGS,
    FRENCH_LETTERS,
    GERMAN_ENDINGS,
    GERMAN_LETTERS,
    GIVEN_NAMES,
    VOWELS_CYRILLIC,
    WESTERN_GIVEN_NAMES,
)

__all__ = [
    "PersonName",
    "full_given_name",
    "full_given_names",
    "gendered_forms",
    "initials_match",
    "lemma_surname",
    "match_key",
    "name_keys",
    "parse_person_name",
    "similarity",
    "surname_key",
    "transliterations",
    "variants",
]

Script = Literal["cyrillic", "latin"]

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

# --- Keys: a phonetic skeleton of the Latin form ------------------------------------------------------------
# Cyrillic is first romanised letter by letter with the plainest English-style values; from then on both
# scripts go through the same Latin rules, so a key never depends on which side a spelling came from.
_BASE_ROMAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    # pre-reform and Ukrainian/Belarusian letters that turn up in older sources
    "і": "i", "ѣ": "e", "ѳ": "f", "ѵ": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}
# Scholarly diacritics carry information unidecode would throw away (š → s would make Mandelštam lose its
# "sh"), so they are spelled out first; signs for ъ/ь, tie bars and BGN's middle dot are dropped because
# most schemes omit them.
_DIACRITICS = {
    "š": "sh", "č": "ch", "ć": "ch", "ž": "zh", "ŝ": "shch", "â": "ja", "û": "ju", "ë": "e", "ǎ": "a",
    "'": "", "’": "", "‘": "", "ʹ": "", "ʺ": "", "ʼ": "", "″": "", "`": "", "´": "", '"': "", "”": "",
    "“": "", "·": "", "\u0361": "", "\u0306": "",
}
_KEY_TABLE = str.maketrans({**_BASE_ROMAN, **_DIACRITICS})
_NON_KEY = re.compile(r"[^a-z0-9]+")

# The skeleton rules, in the order they run on the whole lowercase ASCII name (words separated by spaces).
# "X" stands for the hushing class while they run. Each rule says why it exists; the cheap `in` tests
# before each regex skip the ones that cannot apply, which keeps an uncached key near 10 µs.
_CONS = "bcdfghjklmnpqrstvwxzX"
# Doubled letters carry no information across schemes (French ss in Ossip, German mm, -ii/-iy endings);
# collapsed before the rules too, so that "tts" (Битцевский) reads like "ts".
_DOUBLE = re.compile(r"([a-zX])\1+")
# ш щ ж ч and their spellings are ONE class: щ is shch (English), sch (Moscow metro), shh (GOST 7.79),
# chtch (French), schtsch (German), szcz (Polish); French writes ш as "ch", English writes ч as "ch",
# German writes ж as "sch", so no finer split survives all three traditions. Longest alternatives first.
_HUSH = re.compile(r"schtsch|shtch|chtch|shch|szcz|shh|tsch|tch|sch|sh|zh|sz|cz")
# German "ch" is х at the start of a word before a consonant (Chruschtschow, Chlebnikow); elsewhere "ch" is
# English ч or French ш (Pouchkine, Iochkar-Ola), so the rare medial German х (Ochrana) is lost.
_CH_GERMAN = re.compile(r"\bch(?=[rlmnvw])")
# c: Slavic -cki/-ckij (Trocki, Trockij) is цк, English "ck" is k; soft c (English) and ISO/Polish c = ц
# both sound [s]/[ts]; c before the surname suffix -ov/-ova and in final -ec is the ц of ISO-style
# spellings (Kuznecov, Borovcova, Nemec), since English has no -cov and almost no -ec; other c before a, o,
# u, l, r, t, k, q or at the end is the hard c of Western spellings (Nicolai, Victor, Isaac); c before
# any other consonant is Slavic ц (Cvetaeva).
_C_SLAVIC_CK = re.compile(r"ck(?=[iy][ijy]?\b)")
_C_SOFT = re.compile(r"c(?=[eiy])|c(?=ov[aiy]?\b)|(?<=e)c\b")
_C_HARD = re.compile(r"c(?=[aoulrtkq]|\b)")
# x is х in ISO-style schemes when it touches a consonant (Xrushhyov, Olxovaya); otherwise it is the
# English ks of Maxim, Alexander, Oxana.
_X_CONSONANT = re.compile(rf"(?<=[{_CONS}])x|x(?=[{_CONS}])")
# One-letter equivalences: q = k; German w = в (Wladimir, Romanow); z/s: German z = ц, German s = з,
# English z = з, so the three cannot be kept apart (ц was merged with с by ts → s); y/j/i: the glides of
# й/ы/ь/я/ю are written y, j or i depending on the scheme.
_LETTERS = str.maketrans({"q": "k", "w": "v", "z": "s", "j": "i", "y": "i"})
_GU = re.compile(r"gu(?=[ei])")  # French gu before e/i keeps g hard (Sneguireva, Guéorgui)
# е after a consonant, ь or vowel: ye / ie / je / e all mean one vowel (Yeltsin/Eltsin, Vasilyeva/Vasileva).
_IE = re.compile(r"i+e")
# ё inside a word: yo / io / jo / ë / e (Pyotr/Petr/Piotr, Fyodor/Fedor); word-initial io is kept (Iosif).
_IO = re.compile(r"(?<=[a-zX])i+o")
_INE = re.compile(r"(?<=[a-zX])ine\b")  # French -ine = -ин (Lénine, Pouchkine, Eltsine)
_OFF = re.compile(r"(?<=[oe])f+\b")  # émigré -off/-eff = -ов/-ев (Romanoff)
_X_STOP = re.compile(r"X(?=[tp])")  # German st/sp = шт/шп (Mandelstam, Stein)


def _skeleton(s: str) -> str:
    s = _DOUBLE.sub(r"\1", s)
    if "h" in s or "z" in s:
        s = _HUSH.sub("X", s)
    if "h" in s:
        s = _CH_GERMAN.sub("h", s).replace("ch", "X")
        # х is kh (English) or h (ISO, German-Slavic); gh, th, ph are Western spellings of г, т, ф
        s = s.replace("kh", "h").replace("gh", "g").replace("th", "t").replace("ph", "f")
    if "t" in s:  # ц: ts, tz (German), tc (Russian passports) — merged with с and з, see _LETTERS
        s = s.replace("ts", "s").replace("tz", "s").replace("tc", "s")
    if "c" in s:
        s = _C_SLAVIC_CK.sub("sk", s).replace("ck", "k")
        s = _C_HARD.sub("k", _C_SOFT.sub("s", s)).replace("c", "s")
    if "x" in s:
        s = _X_CONSONANT.sub("h", s).replace("x", "ks")
    s = s.translate(_LETTERS)
    if "gu" in s:
        s = _GU.sub("g", s)
    if "ou" in s:
        s = s.replace("ou", "u")  # French у
    if "ie" in s:
        s = _IE.sub("e", s)
    if "io" in s:
        s = _IO.sub("e", s)
    if "ine" in s:
        s = _INE.sub("in", s)
    if "f" in s:
        s = _OFF.sub("v", s)
    if "X" in s:
        s = _X_STOP.sub("s", s)
    return _DOUBLE.sub(r"\1", s).lower()


def _ascii_words(text: str) -> list[str]:
    """Lowercase ASCII words of a name in either script, before the skeleton rules."""
    text = unicodedata.normalize("NFC", text).lower().translate(_KEY_TABLE)
    if not text.isascii():
        text = unidecode(text).lower()
    return [w for w in _NON_KEY.split(text) if w]


@functools.lru_cache(maxsize=131072)
def match_key(text: str) -> str:
    """One lowercase ASCII key under which spellings of the same name collide.

    Мандельштам, Mandelstam, Mandelshtam and Mandelštam all give ``mandelstam``; Троцкий, Trotsky,
    Trotskii, Trotzki and Trockij give ``troski``. The key is built from spelling alone (no morphology), so
    case forms ("Раковского") and derived words ("сталинский", "Stalinist") keep keys of their own: use
    :func:`parse_person_name` or :func:`name_keys` to lemmatise first. The comments on the rules above
    ``_skeleton`` say what each does and why; the price of merging ш/ж/ч and с/з/ц is an occasional false
    collision between different names (Шубин/Чубин), measured in :mod:`testimonia.evaluate.name_matching`.
    """
    return _skeleton(" ".join(_ascii_words(text)))


_FEMININE_ENDING = re.compile(r"(?<=ov|ev|in)a$")
_ADJECTIVAL_ENDING = re.compile(r"(?:(?<=[^aeiou])(?:aia|oi)|iaia)$")


@functools.lru_cache(maxsize=65536)
def surname_key(text: str) -> str:
    """A key shared by the masculine and feminine forms of a surname and by its case forms.

    English sources often call a woman by the masculine form ("Svetlana Ivanov"), and a register needs
    husband and wife under one surname, so -ova/-eva/-ina lose their -a and -ский/-ская/-ой/-ая become one
    adjectival ending: Ivanova, Ivanov, Иванова and Ивановой give ``ivanov``; Rakovsky, Rakovskaya,
    Раковская and Раковского give ``rakovski``. Cyrillic case forms are lemmatised first.
    """
    if not text.strip():
        return ""
    if len(text.split()) > 1:  # a whole name: keep only its surname ("Lev Ivanov" → ivanov)
        parsed = parse_person_name(text)
        if parsed.surname:
            text = parsed.surname
    head, _, last = text.strip().rpartition(" ")
    if _CYRILLIC.search(last):
        last = lemma_surname(last)
    key = match_key(f"{head} {last}")
    if not key:
        return ""
    front, _, tail = key.rpartition(" ")
    tail = _gender_neutral(tail)
    return f"{front} {tail}" if front else tail


def _gender_neutral(key: str) -> str:
    if _FEMININE_ENDING.search(key):
        return key[:-1]
    if len(key) > 4 and _ADJECTIVAL_ENDING.search(key):
        return _ADJECTIVAL_ENDING.sub("i", key)
    return key


# --- Morphology ---------------------------------------------------------------------------------------------


@functools.cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=32768)
def _parses(word: str) -> tuple:
    return tuple(_morph().parse(word.lower()))


def _known(parse) -> bool:
    """True when the parse comes from the dictionary rather than pymorphy3's guesser."""
    return type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"


def _gender_of(tag) -> str | None:
    if "femn" in tag:
        return "f"
    if "masc" in tag:
        return "m"
    return None


def _recase(lemma: str, original: str) -> str:
    if original[:1].isupper():
        return "-".join(part[:1].upper() + part[1:] for part in lemma.split("-"))
    return lemma


# Hand rules for surnames pymorphy3 does not know (testimony is full of them: Кострова, Желнин): only the
# oblique endings that cannot be a nominative are rewritten, so a nominative is never changed.
_SURNAME_ENDING_CYRILLIC = re.compile(r"(?:ов|ев|ёв|ин|ын|ск|цк)(?:ий|ой|ая|а|ого|ой|у|ым|ом|е)?$")
_SURNAME_CASE_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), replacement, gender)
    for pattern, replacement, gender in (
        (r"(ск|цк)(ого|ому|им|ом)$", r"\1ий", "m"),
        (r"(ск|цк)(ой|ую|ою)$", r"\1ая", "f"),
        (r"(ов|ев|ёв|ин|ын)(ой|ою)$", r"\1а", "f"),
        (r"(ов|ев|ёв|ин|ын)(ым|ом|е)$", r"\1", "m"),
    )
)


@functools.lru_cache(maxsize=32768)
def _lemma_surname(word: str, gender: str | None) -> tuple[str, str | None]:
    if not _CYRILLIC.search(word):
        return word, gender
    surn = [p for p in _parses(word) if "Surn" in p.tag and _known(p)]
    if gender:
        surn = [p for p in surn if _gender_of(p.tag) in (gender, None)] or surn
    if surn:
        nominative = [p for p in surn if "nomn" in p.tag and "sing" in p.tag]
        if nominative:
            # A form that is already nominative is kept: "Иванова" may also be the genitive of Иванов, but
            # its surname key is the same either way, and a woman's name is not turned into a man's.
            return word, _gender_of(nominative[0].tag) or gender
        best = surn[0]
        inflected = best.inflect({"nomn", "sing"})
        if inflected is not None:
            return _recase(inflected.word, word), _gender_of(best.tag) or gender
    lower = word.lower()
    for pattern, replacement, rule_gender in _SURNAME_CASE_RULES:
        if pattern.search(lower):
            return _recase(pattern.sub(replacement, lower), word), rule_gender
    # -ову is the man's dative or the woman's accusative, -ова the man's genitive or the woman's
    # nominative: the gender known from the rest of the name decides, else the nominative reading stays.
    if re.search(r"(ов|ев|ёв|ин|ын)у$", lower):
        return _recase(lower[:-1] + ("а" if gender == "f" else ""), word), gender or "m"
    if re.search(r"(ов|ев|ёв|ин|ын)а$", lower):
        return (_recase(lower[:-1], word), "m") if gender == "m" else (word, "f")
    if lower.endswith(("ская", "цкая")):
        return word, "f"
    if lower.endswith(("ов", "ев", "ёв", "ин", "ын", "ский", "цкий")):
        return word, "m"
    return word, gender


def lemma_surname(word: str) -> str:
    """The nominative of a Russian surname in any case, keeping its gender (Ивановой → Иванова).

    pymorphy3's own lemma of a woman's surname is the man's ("Ивановой" → "иванов"), which would merge a
    wife into her husband's record; the surname parse is therefore re-inflected instead. Forms that are
    already nominative, and Latin-script words, are returned unchanged.
    """
    return _lemma_surname(word, None)[0]


def _lemma_tagged(word: str, grammeme: str) -> tuple[str, str | None]:
    """Nominative of a given name ('Name') or patronymic ('Patr') with its gender, or the word itself."""
    if not _CYRILLIC.search(word):
        return word, None
    tagged = [p for p in _parses(word) if grammeme in p.tag and _known(p)]
    if not tagged:
        return word, None
    for p in tagged:
        if "nomn" in p.tag and "sing" in p.tag:
            return word, _gender_of(p.tag)
    inflected = tagged[0].inflect({"nomn", "sing"})
    return (_recase(inflected.word, word) if inflected else word), _gender_of(tagged[0].tag)


# --- Given names and diminutives ----------------------------------------------------------------------------


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


@functools.cache
def _given_index() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], dict[str, str]]:
    """(Cyrillic form → full names, Latin key → full names, full name → gender), built once."""
    cyr: dict[str, list[str]] = {}
    key: dict[str, list[str]] = {}
    gender: dict[str, str] = {}
    full_forms = {_fold(full) for full, _, _ in GIVEN_NAMES}
    for full, sex, diminutives in GIVEN_NAMES:
        gender.setdefault(full, sex)
        for form in (full, *diminutives.split()):
            if form != full and _fold(form) in full_forms:
                continue  # a full name is never expanded to another (Нина stays Нина, not Антонина)
            cyr.setdefault(_fold(form), []).append(full)
            key.setdefault(match_key(form), []).append(full)
    for western, full in WESTERN_GIVEN_NAMES.items():
        if match_key(western) not in key:
            key[match_key(western)] = [full]
    return _dedup(cyr), _dedup(key), gender


def _dedup(index: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {form: tuple(dict.fromkeys(fulls)) for form, fulls in index.items()}


@functools.lru_cache(maxsize=16384)
def _full_given_cyrillic(given: str) -> tuple[str, ...]:
    cyr, key, _ = _given_index()
    if _CYRILLIC.search(given):
        return cyr.get(_fold(given)) or key.get(match_key(given), ())
    return key.get(match_key(given), ())


def is_known_given_name(given: str) -> bool:
    """Whether the given-name tables list `given` (a full name, a diminutive or a Western form, in
    either script), as opposed to a word a parser merely guesses to be a name from its shape."""
    return bool(_full_given_cyrillic(given))


@functools.lru_cache(maxsize=16384)
def full_given_names(given: str) -> tuple[str, ...]:
    """Every full name a given name or diminutive may stand for, most likely first, in the input's script.

    Саша may be Александр or Александра, Кока Николай or Константин; callers that index a name should keep
    all of them. A full name is returned as itself; an unknown name as a one-element tuple of the input.
    """
    candidates = _full_given_cyrillic(given)
    if not candidates:
        return (given,)
    if _CYRILLIC.search(given):
        return candidates
    names = []
    for full in candidates:
        names.append(given if match_key(full) == match_key(given) else _schema("wikipedia").translate(full))
    return tuple(dict.fromkeys(names))


def full_given_name(given: str) -> str:
    """The full form of a given name: Лёва → Лев, Света → Светлана, Lyova → Lev; unknown names unchanged.

    Memoirs and letters call people by diminutives, registers by full names; without this the same man is
    two entries. For a diminutive of several names the most common reading wins (see
    :func:`full_given_names` for all of them).
    """
    return full_given_names(given)[0]


def _given_gender(given: str) -> str | None:
    _, _, gender = _given_index()
    genders = {gender.get(full) for full in _full_given_cyrillic(given)}
    if len(genders) == 1:
        return genders.pop()
    if _CYRILLIC.search(given) and not genders:
        named = [p for p in _parses(given) if "Name" in p.tag and _known(p)]
        if named:
            return _gender_of(named[0].tag)
    return None


def _is_given(word: str) -> bool:
    if _full_given_cyrillic(word):
        return True
    if _CYRILLIC.search(word):
        if _SURNAME_ENDING_CYRILLIC.search(word.lower()):
            return False  # Снафидина, Булычов: pymorphy3 guesses "Name" for unknown words with these endings
        # Only dictionary parses count: for an unknown word pymorphy3's guesser proposes a name as readily
        # as anything else.
        parses = [p for p in _parses(word) if _known(p) and "sing" in p.tag]
        name = max((p.score for p in parses if "Name" in p.tag), default=0.0)
        surn = max((p.score for p in parses if "Surn" in p.tag), default=0.0)
        return name > surn
    return False


# --- Transliteration ----------------------------------------------------------------------------------------

# uz is Uzbek Cyrillic, not Russian; the others are Russian romanisations.
_SCHEMA_NAMES = tuple(name for name in sorted(iuliia.schemas.names()) if name != "uz")


@functools.cache
def _schema(name: str) -> iuliia.Schema:
    return iuliia.schemas.get(name)


def _old_romanisation(
    text: str, letters: dict[str, str], endings: tuple[tuple[str, str], ...], french: bool
) -> str:
    """French or German romanisation as printed before the ISO/GOST era (Ossip, Trotzki, Emilievitch)."""

    def word(w: str) -> str:
        lower = w.lower()
        suffix = ""
        for ending, spelled in endings:
            if lower.endswith(ending) and len(lower) > len(ending) + 1:
                lower, suffix = lower[: -len(ending)], spelled
                break
        out = []
        for i, ch in enumerate(lower):
            prev = lower[i - 1] if i else ""
            nxt = lower[i + 1] if i + 1 < len(lower) else (suffix[:1] or "")
            after_vowel = prev in VOWELS_CYRILLIC or prev in "ьъ" or not prev
            if ch == "с" and prev in VOWELS_CYRILLIC and (nxt in VOWELS_CYRILLIC or nxt in "aeiouy"):
                out.append("ss")
            elif ch == "е" and after_vowel and prev:
                out.append("ie" if french else "je")
            elif ch == "е" and not prev and not french:
                out.append("je")
            elif ch == "ё" and prev in "жшчщ":
                out.append("o")
            elif ch == "г" and french and nxt in "еиыё":
                out.append("gu")
            elif ch == "и" and french and prev in VOWELS_CYRILLIC:
                out.append("ï")
            elif ch == "й" and french and not prev:
                out.append("i")
            elif ch == "ц" and not french and prev in VOWELS_CYRILLIC:
                out.append("tz")
            else:
                out.append(letters.get(ch, ch))
        result = "".join(out) + suffix
        return result[:1].upper() + result[1:] if w[:1].isupper() else result

    return re.sub(r"[\u0400-\u04ff]+", lambda m: word(m.group()), text)


@functools.lru_cache(maxsize=8192)
def _transliterations(text: str) -> frozenset[str]:
    if not _CYRILLIC.search(text):
        return frozenset({text})
    folded = text.replace("ё", "е").replace("Ё", "Е")
    out: set[str] = set()
    for name in _SCHEMA_NAMES:
        schema = _schema(name)
        rendered = schema.translate(text)
        if _CYRILLIC.search(rendered):  # some schemas leave ё untranslated (see dependency-probe notes)
            rendered = schema.translate(folded)
        if not _CYRILLIC.search(rendered):
            out.add(rendered)
    french = _old_romanisation(text, FRENCH_LETTERS, FRENCH_ENDINGS, french=True)
    german = _old_romanisation(text, GERMAN_LETTERS, GERMAN_ENDINGS, french=False)
    out.update({french, german, re.sub(r"\b(\w{2,}[oe])v\b", r"\1ff", french)})
    return frozenset(s for s in out if not _CYRILLIC.search(s))


def transliterations(text: str) -> set[str]:
    """Latin renderings of a Cyrillic string in every common scheme, for display variants and look-ups.

    All of iuliia's Russian schemes (Wikipedia, BGN/PCGN, ALA-LC, ISO 9, GOST, ICAO passports, MVD's French
    table, Telegram…) plus the older French and German spellings of :mod:`testimonia.name_tables`
    ("Ossip", "Trotzki", "Romanoff"). ё is tried as written and folded to е where a scheme leaves it
    untranslated; no result contains Cyrillic. A Latin input is returned as the only rendering.
    """
    return set(_transliterations(text))


# --- Parsing ------------------------------------------------------------------------------------------------

# Combining marks belong to their word: ALA-LC writes ц as "t͡s", with a tie bar (U+0361).
_WORD_LETTERS = r"[^\W\d_]+(?:[\u0300-\u036f]+[^\W\d_]*)*"
_TOKEN = re.compile(rf"{_WORD_LETTERS}(?:[-'’ʼ]{_WORD_LETTERS})*\.?|,")
_PARTICLES = frozenset(
    {"von", "van", "de", "der", "den", "du", "la", "le", "di", "da", "del", "ten", "zu", "af"}
)
_TITLES = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "madame": "f", "mme": "f", "mlle": "f", "monsieur": "m",
    "frau": "f", "herr": "m", "sir": "m", "lady": "f", "countess": "f", "princess": "f", "prince": "m",
    "count": "m", "dr": None, "prof": None, "professor": None, "comrade": None, "citizen": None,
    "товарищ": None, "тов": None, "гражданин": "m", "гражданка": "f", "гр": None, "госпожа": "f",
    "господин": "m", "г-жа": "f", "г-н": "m", "мадам": "f", "мсье": "m", "месье": "m", "граф": "m",
    "графиня": "f", "князь": "m", "княгиня": "f", "княжна": "f",
}
_PATRONYMIC_LOOSE = re.compile(r"(?:(?:ov|ev)i?x|ix|(?:ov|ev|ix)n[aoi])$")
_PATRONYMIC_CYRILLIC = re.compile(r"(?:ович|евич|ьич|ич|овна|евна|ична)(?:а|у|ем|е|ы|ой|ою)?$")


@dataclass(frozen=True)
class PersonName:
    """A personal name split into its parts, in the script it was written in.

    ``initials`` holds only the letters written as initials ("L. D." → ("L", "D")); given names and
    patronymics spelled out are in their own fields. Cyrillic parts are in the nominative.
    """

    given: str | None = None
    patronymic: str | None = None
    surname: str | None = None
    initials: tuple[str, ...] = ()
    gender: str | None = None
    script: Script = "latin"

    @property
    def display(self) -> str:
        """The name as a reader expects it: "Осип Эмильевич Мандельштам", "L. D. Trotsky", "N."."""
        parts = [self.given, *(f"{i}." for i in self.initials), self.patronymic, self.surname]
        return " ".join(p for p in parts if p)

    @property
    def all_initials(self) -> tuple[str, ...]:
        """Initials of the given name and patronymic, whether written out or not (Lev Davidovich → L, D)."""
        letters = [self.given[:1].upper()] if self.given else []
        letters += list(self.initials)
        if self.patronymic:
            letters.append(self.patronymic[:1].upper())
        return tuple(letters)

    @property
    def short(self) -> str:
        """Initials and surname: "Л. Д. Троцкий", "L. D. Trotsky"."""
        if not self.surname:
            return self.display
        initials = " ".join(f"{i}." for i in self.all_initials)
        return " ".join(p for p in (initials, self.surname) if p)

    @property
    def full_given(self) -> str | None:
        """The given name with diminutives expanded (Лёва → Лев)."""
        return full_given_name(self.given) if self.given else None

    @property
    def key(self) -> str:
        """:func:`match_key` of the displayed name."""
        return match_key(self.display)


def _script(text: str) -> Script:
    return "cyrillic" if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)) else "latin"


def _is_initial(token: str) -> bool:
    letters = token.rstrip(".")
    if not letters or not letters[0].isupper():
        return False
    return (token.endswith(".") and len(letters) <= 2) or len(letters) == 1


@functools.cache
def _patronymic_stem_set() -> frozenset[str]:
    """Keys a patronymic can be built on: Иван-ович, Серге-евич, Никола-евич, Павл-ович (fleeting vowel)."""
    stems: set[str] = set()
    for full, _, _ in GIVEN_NAMES:
        key = match_key(full)
        stems.add(key)
        stems.add(key.rstrip("aeiou"))
        stems.add(re.sub(r"[aeiou](?=[^aeiou]$)", "", key))
    return frozenset(s for s in stems if len(s) >= 2)


def _looks_patronymic(word: str, strict: bool) -> bool:
    """Whether a word is a patronymic; ``strict`` where it could also be a surname (Шостакович)."""
    if _CYRILLIC.search(word):
        if any("Patr" in p.tag and _known(p) for p in _parses(word)):
            return True
        lower = word.lower()
        if re.search(r"(?:овн|евн|ичн)(?:а|ы|е|у|ой|ою)$", lower):
            return True  # -овна/-евна/-ична are never surnames
        return not strict and bool(_PATRONYMIC_CYRILLIC.search(lower))
    key = match_key(word)
    match = _PATRONYMIC_LOOSE.search(key)
    if not match:
        return False
    if not strict or match.group().endswith(("na", "no", "ni")):
        return True  # -ovna/-evna/-ichna are never surnames; -ovno is a common misspelling
    return key[: match.start()] in _patronymic_stem_set()


def _patronymic_gender(word: str) -> str | None:
    key = match_key(word)
    if re.search(r"n[aoi]$", key):
        return "f"
    return "m" if key.endswith("x") else None


def surname_gender(surname: str) -> str | None:
    """"f" or "m" where the surname's form shows its gender (Ivanova, Раковского), else None."""
    return _surname_gender(surname)


def _surname_gender(surname: str) -> str | None:
    if _CYRILLIC.search(surname):
        return _lemma_surname(surname, None)[1]
    key = surname.lower()
    if re.search(r"(?:ova|eva|ina|yna|aya|aia|aja)$", key):
        return "f"
    if re.search(r"(?:ov|ev|in|yn|[sc]ky|[sc]ki|[sc]kii|[sc]kiy|[sc]kij|oy|oi|off|ow)$", key):
        return "m"
    return None


@functools.lru_cache(maxsize=32768)
def parse_person_name(text: str) -> PersonName:
    """Split a personal name into given name, patronymic, surname and initials, and guess the gender.

    Handles "Осип Эмильевич Мандельштам", "Trotsky, L. D.", "Л. Д. Троцкий", the official order
    "Троцкий Лев Давидович", lone initials ("N.", "the great R."), lone surnames in any case
    ("Раковского" → Раковский, "Ивановой" → Иванова) and misspelled patronymics ("Davidovno").
    Lowercase words other than nobiliary particles and titles (Mrs, товарищ) are dropped, the titles
    only informing the gender. Gender comes from, in order: a title, the given name, the patronymic, the
    surname's ending; "Svetlana Ivanov" is a woman whose surname is written in the masculine.
    """
    text = unicodedata.normalize("NFC", text).strip()
    script = _script(text)
    tokens = _TOKEN.findall(text)
    gender_hint: str | None = None
    comma = tokens.index(",") if "," in tokens else -1
    kept: list[tuple[str, int]] = []  # (token, side): side 0 before a comma, 1 after
    any_capital = any(t[:1].isupper() for t in tokens if t != ",")
    pending_particle: list[str] = []
    for position, token in enumerate(tokens):
        if token == ",":
            continue
        side = 1 if 0 <= comma < position else 0
        bare = token.rstrip(".").lower()
        if bare in _TITLES:
            gender_hint = gender_hint or _TITLES[bare]
            continue
        if bare in _PARTICLES and any_capital:
            pending_particle.append(token)
            continue
        if any_capital and not token[:1].isupper():
            continue
        if pending_particle:
            token = " ".join([*pending_particle, token])
            pending_particle = []
        kept.append((token, side))

    initials = tuple(t.rstrip(".") for t, _ in kept if _is_initial(t))
    words = [(t.rstrip("."), side) for t, side in kept if not _is_initial(t)]
    if not any_capital:
        words = [(w[:1].upper() + w[1:], side) for w, side in words]
    words = [(w.title() if w.isupper() and len(w) > 2 else w, side) for w, side in words]

    given = patronymic = surname = None
    if comma >= 0:  # "Trotsky, L. D." / "Trotsky, Lev Davidovich"
        before = [w for w, side in words if side == 0]
        after = [w for w, side in words if side == 1]
        surname = " ".join(before) or None
        if after:
            given = after[0]
            rest = after[1:]
            patronymic = next((w for w in rest if _looks_patronymic(w, strict=False)), None)
            given = " ".join([given, *(w for w in rest if w != patronymic)])
    else:
        plain = [w for w, _ in words]
        given, patronymic, surname = _assign_roles(plain, bool(initials))

    gender = gender_hint
    if given:
        if script == "cyrillic":
            given, given_gender = _lemma_tagged(given, "Name")
        else:
            given_gender = None
        gender = gender or _given_gender(given) or given_gender
    if patronymic:
        if _CYRILLIC.search(patronymic):
            patronymic = _lemma_tagged(patronymic, "Patr")[0]
        gender = gender or _patronymic_gender(patronymic)
    if surname:
        head, _, last = surname.rpartition(" ")
        lemma, surname_gender = _lemma_surname(last, gender)
        surname = f"{head} {lemma}" if head else lemma
        gender = gender or surname_gender or _surname_gender(surname)
    return PersonName(given, patronymic, surname, initials, gender, script)


def _assign_roles(words: list[str], has_initials: bool) -> tuple[str | None, str | None, str | None]:
    """(given, patronymic, surname) from the spelled-out words of a name without a comma."""
    if not words:
        return None, None, None
    if len(words) == 1:
        word = words[0]
        if not has_initials and _is_given(word):
            return word, None, None
        if not has_initials and _looks_patronymic(word, strict=True):
            return None, word, None  # "Панкратьевна": Russians address older people by patronymic alone
        return None, None, word
    if len(words) == 2:
        first, second = words
        if _looks_patronymic(second, strict=True):
            return first, second, None  # "Анна Андреевна", "Ivan Petrovich"
        if _CYRILLIC.search(first) and not _is_given(first) and _is_given(second):
            return second, None, first  # official order "Троцкий Лев"
        return first, None, second
    if _looks_patronymic(words[-1], strict=True) and not _looks_patronymic(words[1], strict=False):
        return words[1], words[-1], words[0]  # "Троцкий Лев Давидович"
    middle = words[1:-1]
    patronymic = next((w for w in middle if _looks_patronymic(w, strict=False)), None)
    if patronymic is None and len(words) == 3 and _CYRILLIC.search(words[1]):
        patronymic = words[1]
    given = " ".join([words[0], *(w for w in middle if w != patronymic)])
    return given, patronymic, words[-1]


# --- Keys for indexing --------------------------------------------------------------------------------------


def _first_letter_key(text: str) -> str:
    key = match_key(text)
    return key[:1]


@functools.lru_cache(maxsize=32768)
def _name_keys(text: str) -> frozenset[str]:
    name = parse_person_name(text)
    keys: set[str] = set()
    full = match_key(name.display)
    if full and len(full.split()) > 1:
        keys.add(f"f:{full}")
    surname = surname_key(name.surname) if name.surname else ""
    given_keys = set()
    if name.given:
        given_keys = {match_key(name.given)} | {match_key(g) for g in _full_given_cyrillic(name.given)}
        given_keys.discard("")
    patronymic = match_key(name.patronymic) if name.patronymic else ""
    slots = [name.given, *name.initials, name.patronymic]
    initials = [letter for letter in (_first_letter_key(s) for s in slots if s) if letter]
    if surname:
        keys.add(f"s:{surname}")
        keys.update(f"gs:{g} {surname}" for g in given_keys)
        if initials:
            keys.add(f"is:{initials[0]} {surname}")
        if len(initials) >= 2:
            keys.add(f"ids:{''.join(initials[:2])} {surname}")
    keys.update(f"g:{g}" for g in given_keys)
    if patronymic:
        keys.update(f"gp:{g} {patronymic}" for g in given_keys)
        if not given_keys and not surname:
            keys.add(f"p:{patronymic}")
    if not keys and initials:
        keys.add(f"i:{''.join(initials)}")
    return frozenset(keys)


def name_keys(text: str) -> set[str]:
    """The keys under which a name should be indexed and looked up, each prefixed by its kind.

    ``f:`` the whole name as written; ``s:`` the gender-neutral surname (:func:`surname_key`); ``gs:`` full
    given name + surname, once per reading of a diminutive (Лёва Троцкий → ``gs:lev troski``); ``is:`` and
    ``ids:`` one or two initials + surname ("L. D. Trotsky"); ``g:`` the full given name alone, for mentions
    by first name; ``gp:`` given name + patronymic, the Russian polite form ("Анна Андреевна"); ``p:`` a
    patronymic alone ("Панкратьевна", how servants and elders are named in memoirs); ``i:`` bare initials
    when nothing else is known. Two mentions may be the same person when they share a key;
    ``gs:``/``f:``/``ids:`` are strong evidence, ``s:`` and ``g:`` only narrow the candidates.
    """
    return set(_name_keys(text))


# --- Gender, initials, variants, similarity -----------------------------------------------------------------

_MASC_TO_FEM_CYRILLIC = (
    (r"(ск|цк)(ий|ой)$", r"\1ая"), (r"(ов|ев|ёв|ин|ын)$", r"\1а"), (r"([кгхжшчщ])ий$", r"\1ая"),
    (r"ний$", "няя"), (r"(ой|ый)$", "ая"),
)
_FEM_TO_MASC_CYRILLIC = (
    (r"(ск|цк)ая$", r"\1ий"), (r"(ов|ев|ёв|ин|ын)а$", r"\1"), (r"([кгхжшчщ])ая$", r"\1ий"),
    (r"няя$", "ний"), (r"ая$", "ой"),
)
_MASC_TO_FEM_LATIN = (
    (r"([sc]k)ij$", r"\1aja"), (r"([sc]k)ii$", r"\1aia"), (r"([sc]k)(y|iy|i|oy|oi)$", r"\1aya"),
    (r"(ov|ev|in|yn)$", r"\1a"),
    (r"(oy|oi|yi|yy)$", "aya"), (r"oj$", "aja"),
)
_FEM_TO_MASC_LATIN = (
    (r"([sc]k)aja$", r"\1ij"), (r"([sc]k)aia$", r"\1ii"), (r"([sc]k)aya$", r"\1y"),
    (r"(ov|ev|in|yn)a$", r"\1"), (r"aya$", "oy"), (r"aia$", "oi"), (r"aja$", "oj"),
)


def _apply_first(rules: tuple[tuple[str, str], ...], word: str) -> str | None:
    for pattern, replacement in rules:
        if re.search(pattern, word.lower()):
            return _recase(re.sub(pattern, replacement, word.lower()), word)
    return None


@functools.lru_cache(maxsize=16384)
def gendered_forms(surname: str) -> tuple[str, str]:
    """(masculine, feminine) forms of a surname in its own script: Иванов → (Иванов, Иванова).

    Non-declining surnames (Мандельштам, Кравченко, Plant) give the same form twice. Latin spellings keep
    their scheme (Trockij ↔ Trockaja, Trotskii ↔ Trotskaia, Trotsky ↔ Trotskaya). A Latin surname ending
    in -in or -ov that is not Russian (Franklin) is inflected all the same: the rules cannot tell.
    """
    if _CYRILLIC.search(surname):
        lemma, gender = _lemma_surname(surname, None)
        for p in _parses(lemma):
            if "Surn" in p.tag and _known(p) and "Fixd" not in p.tag and "nomn" in p.tag:
                masc = p.inflect({"masc", "nomn", "sing"})
                fem = p.inflect({"femn", "nomn", "sing"})
                if masc and fem:
                    return _recase(masc.word, lemma), _recase(fem.word, lemma)
        if gender == "f" or re.search(r"(ая|яя|ова|ева|ёва|ина|ына)$", lemma.lower()):
            masc = _apply_first(_FEM_TO_MASC_CYRILLIC, lemma)
            return (masc or lemma), lemma
        return lemma, (_apply_first(_MASC_TO_FEM_CYRILLIC, lemma) or lemma)
    if _surname_gender(surname) == "f":
        return (_apply_first(_FEM_TO_MASC_LATIN, surname) or surname), surname
    return surname, (_apply_first(_MASC_TO_FEM_LATIN, surname) or surname)


@functools.lru_cache(maxsize=16384)
def _initial_letters(text: str) -> frozenset[str]:
    """Latin letters a name or initial may be abbreviated to in any scheme: Евгений → {e, y, j, i}."""
    letters = {match_key(text)[:1]}
    if _CYRILLIC.search(text):
        letters.update(unidecode(t)[:1].lower() for t in _transliterations(text))
    else:
        letters.add(unidecode(text)[:1].lower())
    letters.discard("")
    return frozenset(letters)


def initials_match(initials: tuple[str, ...], name: PersonName) -> bool:
    """Whether initials such as ("L", "D") or ("Л", "Д") fit a name such as Лев Давидович Троцкий.

    Compared position by position with the given name, then the patronymic (or further written
    initials), across scripts: Ю. fits Yuri and Iurii, Е. fits Yevgeny and Evgenij. An initial with
    nothing to compare against does not count against the match ("L. D." fits "Lev Trotsky").
    """
    if not initials:
        return False
    slots: list[tuple[str, ...]] = []
    if name.given:
        slots.append((name.given, *full_given_names(name.given)))
        slots.extend((i,) for i in name.initials)
        if name.patronymic:
            slots.append((name.patronymic,))
    else:
        slots.extend((i,) for i in name.initials)
        if name.patronymic:
            slots.append((name.patronymic,))
    compared = 0
    for initial, slot in zip(initials, slots, strict=False):
        wanted = _initial_letters(initial.rstrip("."))
        if not any(wanted & _initial_letters(form) for form in slot):
            return False
        compared += 1
    return compared > 0


def variants(name: str) -> list[str]:
    """Display forms to store on a register entry, the parsed name first.

    Transliterations of a Cyrillic name (deduplicated), the name without patronymic, the initials forms in
    both scripts ("Л. Д. Троцкий", "L. D. Trotsky"), the surname alone and its other-gender form, and for a
    woman her given name with the masculine surname, as English sources often print it.
    """
    parsed = parse_person_name(name)
    if not parsed.display:
        return []
    out: list[str] = [parsed.display]
    cyrillic = parsed.script == "cyrillic"
    wiki = _schema("wikipedia")

    def add(*forms: str | None) -> None:
        for form in forms:
            if form and form not in out:
                out.append(form)

    if cyrillic:
        add(*sorted(_transliterations(parsed.display)))
    if parsed.patronymic and parsed.given and parsed.surname:
        plain = f"{parsed.given} {parsed.surname}"
        add(plain, wiki.translate(plain) if cyrillic else None)
    if parsed.surname and parsed.all_initials:
        add(parsed.short, wiki.translate(parsed.short) if cyrillic else None)
    if parsed.surname:
        masc, fem = gendered_forms(parsed.surname)
        other = fem if parsed.gender != "f" else masc
        add(parsed.surname, wiki.translate(parsed.surname) if cyrillic else None)
        if other != parsed.surname:
            add(other, wiki.translate(other) if cyrillic else None)
            if parsed.gender == "f" and parsed.given:
                add(f"{parsed.given} {masc}", wiki.translate(f"{parsed.given} {masc}") if cyrillic else None)
    return out


_STRONG = ("f:", "gs:", "ids:")


def similarity(a: str, b: str) -> float:
    """How alike two names are, 0..1: 1.0 for equal keys, 0.95 when their strong :func:`name_keys` meet
    (same full given name and surname, or same initials and surname), otherwise the better rapidfuzz
    ratio of their keys or of their plain romanisations, capped at 0.9 so that a fuzzy resemblance never
    outranks a key match.
    """
    key_a, key_b = match_key(a), match_key(b)
    if not key_a or not key_b:
        return 0.0
    if key_a == key_b:
        return 1.0
    shared = _name_keys(a) & _name_keys(b)
    if any(k.startswith(_STRONG) for k in shared):
        return 0.95
    plain_a = unidecode(_schema("wikipedia").translate(a)).lower()
    plain_b = unidecode(_schema("wikipedia").translate(b)).lower()
    score = max(fuzz.ratio(key_a, key_b), fuzz.ratio(plain_a, plain_b)) / 100
    return min(score, 0.9)
