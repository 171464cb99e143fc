"""Register lookup in running text: every name in the register found in one pass.

The `Gazetteer` recognises the register's own names and variants in a text with one
Aho-Corasick automaton (pyahocorasick) run over a folded copy of the text:

* **Folding.** The text is case-folded, ё is read as е, Latin diacritics are dropped
  (Coyoacán = Coyoacan; Cyrillic й is kept), stress marks, soft hyphens and zero-width
  characters are dropped, curly apostrophes become ', and runs of whitespace (line breaks
  included) become one space. An offset map (one entry per change in shift, not one per
  character) takes every match back to offsets in the original text.
* **Whole words only.** A match must not continue a word on either side; a hyphen joining
  two words counts as inside a word ("Петров-Водкин" is not a mention of Петров, "Ivanovo"
  is not a mention of Ivanov). An apostrophe ends a word ("Trotsky's" is a mention).
* **Longest match wins.** Overlapping matches are settled leftmost-longest, then by
  confidence.
* **Capitals.** A registered name written with a capital must be written with one in the
  text: "мороз" and "зима" are not the persons Мороз and Зима (`require_capital`).

**Inflection (Russian): case forms, not stems.** Each Russian word the register holds is
indexed under its six singular case forms, generated with pymorphy3 for the word's role
(surname, given name, patronymic; for other entries the leading nominative words of the
name, so "Бутырская тюрьма" → "Бутырской тюрьмы") and, where pymorphy3 has no parse of
that role, by the regular endings of Russian names. Surnames are declined in the gender
the register gives them: Иванова (f) yields Ивановой, Иванову; Иванов (m) yields Иванова,
Ивановым. Generating forms keeps the automaton exact: a stem would also match "Ивановский"
or need a list of legal endings checked after each hit, and it could not tell Ивановой
(only hers) from Иванову (either spouse's). The price is a larger automaton, which the
next point bounds.

**Persons are anchored on the surname.** Putting every case form of every full name into
the automaton would mean ~20 patterns per person (≈20M for a register of 1M); instead
only the distinct surnames' case forms go in (a few per surname), and each surname hit
looks at the words beside it: a given name, a given name and patronymic, or initials to
its left ("Льва Давидовича Троцкого", "Л.Д. Троцкий") or, in register order, to its right
("Троцкий Лев Давидович", "Trotsky, Leon"). The neighbours are looked up in small tables
of given-name and patronymic case forms and checked against the persons under that
surname, kept per surname as arrays sorted by given name. Names of other kinds (places,
organisations, works) and persons registered without a surname (a nickname, "Коба") go
into the automaton whole.

**Confidence.** A registered name (full variant, or surname with given name, with or
without patronymic): 0.9; surname with initials: 0.8; surname alone: 0.6.

**Size.** Measured with a generated register of 1,000,000 persons (three in four Russian,
each with one to three variants): 91,000 automaton keys, +326 MB resident, built in three
minutes with `workers=2` (parsing the names with `names.parse_person_name` is most of
that), and 40,000-100,000 words a second of recognition on text dense with names. The lists
of everyone under a surname, and of everyone under a surname by initials, are worked out
the first time a text needs them and then kept.

**Candidates.** A mention carries `entity_id` when exactly one entry fits what was
matched. When several do (father and son Kamenev under "Каменев"; "Иванова", which is
both her nominative and his genitive), `entity_id` is None and the candidates are not
written into the Mention: `Gazetteer.candidates(mention)` gives them, worked out again
from the mention's own text, so nothing is kept between calls and the answer holds for a
mention read back from the store too. `find(text)` gives each mention together with its
candidates in one pass.
"""

from __future__ import annotations

import itertools
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from testimonia import names
from testimonia.model import ENTITY_TYPES, Entity, Mention

FULL_CONFIDENCE = 0.9
INITIALS_CONFIDENCE = 0.8
SURNAME_CONFIDENCE = 0.6

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")

# --- folding with an offset map ---------------------------------------------------------------

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_DELETE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_APOSTROPHES = {"\u2019", "\u2018", "\u02bc", "\u02b9", "`", "\u00b4"}
_HYPHENS = {"\u2010", "\u2011"}


def _fold_char(char: str) -> str:
    if char in _DELETE:
        return ""
    if char in _APOSTROPHES:
        return "'"
    if char in _HYPHENS:
        return "-"
    if char.isspace():
        return " "
    if unicodedata.category(char) == "Mn":  # a stress mark or other combining mark standing alone
        return ""
    folded = char.casefold().replace("ё", "е")
    if folded.isascii() or _CYRILLIC.match(folded):
        return folded
    decomposed = unicodedata.normalize("NFD", folded)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped) or folded


def _build_tables() -> tuple[dict[int, str], str]:
    table: dict[int, str] = {}
    special: list[str] = []
    extra = sorted(ord(c) for c in _DELETE | _APOSTROPHES | _HYPHENS if ord(c) >= 0x3000)
    for code in [*range(0x3000), *extra]:
        char = chr(code)
        folded = _fold_char(char)
        if len(folded) != 1:
            special.append(char)
        elif folded != char:
            table[code] = folded
    chars = "".join(re.escape(c) for c in special if c not in " \t\n\r\f\v")
    return table, rf"\s{{2,}}|[{chars}]"


_TABLE, _special_pattern = _build_tables()
_SPECIAL = re.compile(_special_pattern)


def fold(text: str) -> str:
    """The folded form names and texts are compared in (see the module docstring)."""
    return _SPECIAL.sub(lambda m: " " if m.group()[0].isspace() else _fold_char(m.group()),
                        text.translate(_TABLE)).strip()


class FoldedText:
    """A folded copy of a text and the way back to offsets in the original."""

    __slots__ = ("_exact", "_norm_starts", "_orig_starts", "folded", "length")

    def __init__(self, text: str):
        pieces: list[str] = []
        norm_starts: list[int] = []
        orig_starts: list[int] = []
        exact: list[bool] = []
        position = folded_position = 0
        for match in _SPECIAL.finditer(text):
            start, end = match.span()
            if start > position:
                pieces.append(text[position:start].translate(_TABLE))
                norm_starts.append(folded_position)
                orig_starts.append(position)
                exact.append(True)
                folded_position += start - position
            group = match.group()
            replacement = " " if group[0].isspace() else _fold_char(group)
            pieces.append(replacement)
            norm_starts.append(folded_position)
            orig_starts.append(start)
            exact.append(False)
            folded_position += len(replacement)
            position = end
        if position < len(text) or not norm_starts:
            pieces.append(text[position:].translate(_TABLE))
            norm_starts.append(folded_position)
            orig_starts.append(position)
            exact.append(True)
        self.folded = "".join(pieces)
        self.length = len(text)
        self._norm_starts = norm_starts
        self._orig_starts = orig_starts
        self._exact = exact

    def start(self, position: int) -> int:
        """Offset in the original text of the character at `position` in the folded text."""
        index = bisect_right(self._norm_starts, position) - 1
        if self._exact[index]:
            return self._orig_starts[index] + position - self._norm_starts[index]
        return self._orig_starts[index]

    def end(self, position: int) -> int:
        """Offset in the original text just after the folded text's [.., position) span."""
        return min(self.start(position - 1) + 1, self.length) if position > 0 else 0


# --- case forms ---------------------------------------------------------------------------------

_morph = None


def _analyzer():
    global _morph
    if _morph is None:
        import pymorphy3

        _morph = pymorphy3.MorphAnalyzer()
    return _morph


_ROLE_GRAMMEME = {"surname": "Surn", "given": "Name", "patronymic": "Patr"}
_GENDERS = {"m": "masc", "f": "femn"}
_VELARS = set("гкхжшщч")


@lru_cache(maxsize=300_000)
def case_forms(word: str, role: str, gender: str | None = None) -> tuple[str, ...]:
    """The folded singular case forms of a folded Russian name word, the word itself first.

    `role` is "surname", "given" or "patronymic"; `gender` "m", "f" or None (as pymorphy3
    reads it). A word with no parse of that role is declined by the regular endings.
    """
    if not _CYRILLIC.search(word) or len(word) < 2 or not word.isalpha():
        return (word,)
    grammeme = _ROLE_GRAMMEME[role]
    wanted = _GENDERS.get(gender or "")
    best = None
    for parse in _analyzer().parse(word):
        tag = parse.tag
        if grammeme not in tag or tag.case != "nomn" or tag.number == "plur":
            continue
        if wanted and tag.gender is not None and wanted not in tag:
            continue
        best = parse
        break
    forms = [word]
    if best is not None:
        if "Fixd" in best.tag:
            return (word,)
        for case in CASES:
            inflected = best.inflect({case}) if case != "nomn" else best
            if inflected is not None:
                forms.append(inflected.word.replace("ё", "е"))
    else:
        forms.extend(_regular_forms(word, role, gender))
    return tuple(dict.fromkeys(forms))


def _regular_forms(word: str, role: str, gender: str | None) -> list[str]:
    """Case forms by ending, for names pymorphy3 does not know in that role."""
    def endings(stem: str, *suffixes: str) -> list[str]:
        return [stem + suffix for suffix in suffixes]

    feminine_a = ("и" if len(word) > 1 and word[-2] in _VELARS else "ы", "е", "у", "ой", "е")
    if role == "patronymic":
        if word.endswith("ич"):
            return endings(word, "а", "у", "ем", "е")
        if word.endswith("на"):
            return endings(word[:-1], "ы", "е", "у", "ой")
        return []
    if role == "surname":
        if word.endswith(("ский", "цкий", "ской")):
            return endings(word[:-2], "ого", "ому", "им", "ом")
        if word.endswith(("ская", "цкая")):
            return endings(word[:-2], "ой", "ую")
        if word.endswith(("ова", "ева", "ина", "ына")) and gender != "m":
            return endings(word[:-1], "ой", "у")
        if word.endswith(("ов", "ев", "ин", "ын")):
            return endings(word, "а", "у", "ым", "е")
        if gender == "f":
            return []
        if word[-1] in "бвгджзклмнпрстфхцчшщ":
            return endings(word, "а", "у", "ом", "е")
        if word.endswith("а"):
            return endings(word[:-1], *feminine_a)
        return []
    # given names
    if word.endswith("ия"):
        return endings(word[:-1], "и", "ю", "ей")
    if word.endswith("я"):
        return endings(word[:-1], "и", "е", "ю", "ей")
    if word.endswith("а"):
        return endings(word[:-1], *feminine_a)
    if gender == "f":
        return endings(word[:-1], "и", "ью") if word.endswith("ь") else []
    if word.endswith(("й", "ь")):
        return endings(word[:-1], "я", "ю", "ем", "е")
    if word[-1] in "бвгджзклмнпрстфхцчшщ":
        return endings(word, "а", "у", "ом", "е")
    return []


@lru_cache(maxsize=100_000)
def _phrase_forms(phrase: str) -> tuple[str, ...]:
    """Case forms of a folded non-person name: its head noun and the adjectives before it, declined.

    "бутырская тюрьма" → "бутырской тюрьмы", ...; words after the head noun ("оппозиции" in
    "бюллетень оппозиции", "внутренних дел") are a complement and stay as they are.
    """
    if not _CYRILLIC.search(phrase):
        return (phrase,)
    words = phrase.split(" ")
    parses = []
    for word in words:
        if not word.isalpha():
            break
        options = [p for p in _analyzer().parse(word) if p.tag.case == "nomn" and "Fixd" not in p.tag]
        noun = next((p for p in options if p.tag.POS == "NOUN"), None)
        adjective = next((p for p in options if p.tag.POS in ("ADJF", "PRTF")), None)
        if adjective is not None and (noun is None or options.index(adjective) < options.index(noun)) \
                and word != words[-1]:
            parses.append(adjective)
            continue
        if noun is not None:
            parses.append(noun)
        else:
            parses = []
        break
    if not parses or parses[-1].tag.POS != "NOUN":
        return (phrase,)
    head = parses[-1].tag
    # an adjective's accusative follows the noun's animacy only in the masculine and the plural
    animacy = ("anim" if "anim" in head else "inan") if "masc" in head or "plur" in head else None
    rest = words[len(parses):]
    forms = [phrase]
    for case in CASES[1:]:
        declined = []
        for parse in parses:
            inflected = None
            if case == "accs" and animacy and parse.tag.POS != "NOUN":
                inflected = parse.inflect({case, animacy})
            inflected = inflected or parse.inflect({case})
            if inflected is None:
                break
            declined.append(inflected.word.replace("ё", "е"))
        else:
            forms.append(" ".join(declined + rest))
    return tuple(dict.fromkeys(forms))


# --- the gazetteer ---------------------------------------------------------------------------------

_MAX_KEY = 1023  # a key's length travels in the automaton's int value, beside a capital flag and the payload
_CAPITAL_BIT = 1 << 10
_PAYLOAD_SHIFT = 11
_KIND_FULL, _KIND_SURNAME = 0, 1
_LEFT_WORDS = re.compile(r"(?<![\w'-])(\w+) (?:(\w+) )?$")
_LEFT_INITIALS = re.compile(r"(?<![\w'-])(\w)\. ?(?:(\w)\. ?)?$")
_RIGHT_WORDS = re.compile(r",? (\w+)(?: (\w+))?(?![\w-])")
_RIGHT_INITIALS = re.compile(r",? (\w)\.(?: ?(\w)\.)?")
_PATRONYMIC_SHAPE = re.compile(r"(?:вич|вна|ична|инична)(?:а|у|ем|е|ы|ой)?$|(?:ovich|evich|ovna|evna|ichna)$")


@dataclass(frozen=True)
class _Span:
    start: int  # in the folded text
    end: int
    targets: tuple[int, ...]  # entity indices
    confidence: float
    entity_type: str | None = None  # when known without looking at every target (persons by surname)


class Gazetteer:
    """A Recogniser (name "register") that finds the register's names in a text.

    Build it once per register: `Gazetteer(entities)`; `recognise(text)` gives Mentions with
    method "register"; `find(text)` gives them with their candidates; `candidates(mention)`
    the candidates of one mention. See the module docstring for what is matched and how.
    """

    name = "register"

    def __init__(self, entities: Iterable[Entity], *, inflect: bool = True, require_capital: bool = True,
                 workers: int = 1):
        """`workers` > 1 parses the persons' names in that many processes (parsing is most of the
        build: a few hundred microseconds a name); the gazetteer is the same either way."""
        self.inflect = inflect
        self.require_capital = require_capital
        self._ids: list[str] = []
        self._types: list[str] = []
        self._surnames: dict[tuple[str, str | None], int] = {}
        self._given: dict[str, int] = {}  # folded given name (or initial) -> gid
        self._patronymics: dict[str, int] = {}
        self._given_forms: dict[str, tuple[int, ...]] = {}  # folded case form -> gids
        self._patronymic_forms: dict[str, tuple[int, ...]] = {}
        self._given_initial: list[str] = []  # gid -> first letter
        self._patronymic_initial: list[str] = []
        keys: dict[str, set[int]] = {}
        capitals: dict[str, bool] = {}
        records: list[tuple[array, array, array]] = []  # sid -> (gids, pids, entity indices)
        for entity, variants, parses in _parsed(entities, workers):
            index = len(self._ids)
            self._ids.append(entity.id or entity.key or entity.name)
            self._types.append(sys.intern(entity.entity_type))
            for variant, parsed in zip(variants, parses, strict=True):
                if parsed is not None:
                    self._add_person(variant, parsed, index, keys, capitals, records)
                else:
                    self._add_phrase(variant, index, keys, capitals)
        # per surname: its persons' records sorted by given name, as arrays to bisect
        self._by_surname: list[tuple[array, array, array]] = []
        for gids, pids, indices in records:
            rows = sorted(set(zip(gids, pids, indices, strict=True)))
            self._by_surname.append((array("i", [r[0] for r in rows]), array("i", [r[1] for r in rows]),
                                     array("i", [r[2] for r in rows])))
        self._payloads: list[tuple[int, ...]] = []
        payload_numbers: dict[tuple[int, ...], int] = {}
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for key, targets in keys.items():
            payload = tuple(sorted(targets))
            number = payload_numbers.get(payload)
            if number is None:
                number = payload_numbers[payload] = len(self._payloads)
                self._payloads.append(payload)
            capital = _CAPITAL_BIT if require_capital and capitals[key] else 0
            automaton.add_word(key, (number << _PAYLOAD_SHIFT) | capital | len(key))
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton
        self._surname_cache: dict[int, tuple[int, ...]] = {}
        self._initials_cache: dict[int, dict[tuple[str, str], set[int]]] = {}
        self._merge_cache: dict[tuple[int, int], tuple[tuple[int, ...], ...]] = {}

    # -- building --

    @staticmethod
    def _add_key(key: str, target: int, keys: dict[str, set[int]], capitals: dict[str, bool],
                 capital: bool) -> None:
        if not key or len(key) > _MAX_KEY:
            return
        keys.setdefault(key, set()).add(target)
        capitals[key] = capitals.get(key, True) and capital

    def _add_phrase(self, variant: str, index: int, keys: dict[str, set[int]],
                    capitals: dict[str, bool]) -> None:
        folded = fold(variant)
        capital = any(c.isupper() for c in variant)
        for form in _phrase_forms(folded) if self.inflect else (folded,):
            self._add_key(form, (index << 1) | _KIND_FULL, keys, capitals, capital)

    def _add_person(self, variant: str, parsed: names.PersonName, index: int, keys: dict[str, set[int]],
                    capitals: dict[str, bool], records: list[tuple[array, array, array]]) -> None:
        gender = parsed.gender if parsed.gender in ("m", "f") else None
        surname = fold(parsed.surname or "")
        if not any(c.isalpha() for c in surname):
            if parsed.given or not parsed.initials:
                # a nickname or a given name registered alone: the whole word, declined
                word = fold(parsed.given or variant)
                forms = case_forms(word, "given", gender) if self.inflect and " " not in word else (word,)
                for form in forms:
                    self._add_key(form, (index << 1) | _KIND_FULL, keys, capitals,
                                  any(c.isupper() for c in variant))
            return  # initials alone are left to the linker and the document's context
        sid = self._surnames.get((surname, gender))
        if sid is None:
            sid = self._surnames[(surname, gender)] = len(records)
            records.append((array("i"), array("i"), array("i")))
            *particles, last = surname.split(" ")
            capital = any(c.isupper() for c in parsed.surname or "")
            for form in case_forms(last, "surname", gender) if self.inflect else (last,):
                self._add_key(" ".join([*particles, form]), (sid << 1) | _KIND_SURNAME, keys, capitals,
                              capital)
        gid = self._name_id(fold(parsed.given or ""), "given", gender)
        if gid >= 0:
            # the given name as the register writes it, when the parser read it otherwise
            others = {*surname.split(), fold(parsed.patronymic or "")}
            written = [w for w in fold(variant).replace(",", " ").split()
                       if len(w) > 1 and not w.endswith(".") and w not in others]
            if len(written) == 1 and written[0] != fold(parsed.given or ""):
                for form in case_forms(written[0], "given", None) if self.inflect else (written[0],):
                    if gid not in self._given_forms.get(form, ()):
                        self._given_forms[form] = (*self._given_forms.get(form, ()), gid)
        pid = self._name_id(fold(parsed.patronymic or ""), "patronymic", gender)
        initials = [fold(i).strip(". ") for i in parsed.initials or ()]
        initials = [i for i in initials if i]
        if gid < 0 and initials:  # "Л. Д. Троцкий": the initials stand for given name and patronymic
            gid = self._name_id(initials[0][0], "given-initial", gender)
            if pid < 0 and len(initials) > 1:
                pid = self._name_id(initials[1][0], "patronymic-initial", gender)
        elif pid < 0 and parsed.given and initials and initials[-1][0] != fold(parsed.given)[0]:
            pid = self._name_id(initials[-1][0], "patronymic-initial", gender)
        gids, pids, indices = records[sid]
        gids.append(gid)
        pids.append(pid)
        indices.append(index)

    def _name_id(self, word: str, role: str, gender: str | None) -> int:
        """The id of a given name or patronymic (-1 for none), registering its case forms."""
        if not word:
            return -1
        if role.startswith("given"):
            table, forms_table, initials = self._given, self._given_forms, self._given_initial
        else:
            table, forms_table, initials = self._patronymics, self._patronymic_forms, self._patronymic_initial
        if role.endswith("-initial"):
            word = word + "."  # an initial is its own entry, never the case form of a name
        known = table.get(word)
        if known is not None:
            return known
        number = table[word] = len(initials)
        initials.append(word[0])
        if not role.endswith("-initial"):
            forms = case_forms(word, role, gender) if self.inflect and " " not in word else (word,)
            for form in forms:
                forms_table[form] = (*forms_table.get(form, ()), number)
        return number

    # -- matching --

    def find(self, text: str, start: int = 0,
             end: int | None = None) -> list[tuple[Mention, tuple[str, ...]]]:
        """Mentions in text[start:end] (offsets into `text`), each with the ids of every entry that fits.

        A common surname alone may fit thousands of entries: `recognise` does not list them.
        """
        return [(mention, tuple(self._ids[i] for i in targets))
                for mention, targets in self._mentions(text, start, end)]

    def recognise(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        return [mention for mention, _ in self._mentions(text, start, end)]

    def _mentions(self, text: str, start: int, end: int | None) -> Iterator[tuple[Mention, tuple[int, ...]]]:
        end = len(text) if end is None else end
        piece = text[start:end]
        folded = FoldedText(piece)
        for span in self._spans(folded, piece, check_capital=self.require_capital):
            begin, finish = folded.start(span.start) + start, folded.end(span.end) + start
            targets = span.targets
            mention = Mention(begin, finish, text[begin:finish], span.entity_type or self._type_of(targets),
                              entity_id=self._ids[targets[0]] if len(targets) == 1 else None,
                              method="register", confidence=span.confidence)
            yield mention, targets

    def candidates(self, mention: Mention) -> tuple[str, ...]:
        """Ids of every register entry that fits the mention's text; () when none does.

        Worked out again from `mention.text` alone, so it answers for any mention of this
        gazetteer's, including one read back from the store.
        """
        folded = FoldedText(mention.text)
        whole = len(folded.folded.rstrip())
        for span in self._spans(folded, mention.text, check_capital=False):
            if span.start == 0 and span.end == whole:
                return tuple(self._ids[i] for i in span.targets)
        return ()

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def pattern_count(self) -> int:
        """How many keys the automaton holds (surname case forms, and whole names of other entries)."""
        return len(self._automaton)

    def _type_of(self, targets: tuple[int, ...]) -> str:
        types = [self._types[i] for i in targets]
        if len(set(types)) == 1:
            return types[0]
        order = {t: n for n, t in enumerate(ENTITY_TYPES)}
        return min(set(types), key=lambda t: (-types.count(t), order.get(t, len(order)), t))

    def _spans(self, folded: FoldedText, original: str, check_capital: bool) -> list[_Span]:
        text = folded.folded
        if not len(self._automaton):
            return []
        found: dict[tuple[int, int], _Span] = {}
        for last, value in self._automaton.iter(text):
            length = value & _MAX_KEY
            begin, finish = last - length + 1, last + 1
            if not _whole_word(text, begin, finish):
                continue
            if check_capital and value & _CAPITAL_BIT and not _has_capital(
                    original, folded.start(begin), folded.end(finish)):
                continue
            for target in self._payloads[value >> _PAYLOAD_SHIFT]:
                if target & 1 == _KIND_FULL:
                    span: _Span | None = _Span(begin, finish, (target >> 1,), FULL_CONFIDENCE,
                                               self._types[target >> 1])
                else:
                    span = self._person_span(text, begin, finish, target >> 1, folded, original,
                                             check_capital)
                if span is None:
                    continue
                where = (span.start, span.end)
                previous = found.get(where)
                if previous is None:
                    found[where] = span
                else:  # one span, several readings ("Иванова": her, him in the genitive, Иваново)
                    merged = self._merge(previous.targets, span.targets)
                    confidence = max(span.confidence, previous.confidence)
                    kind = span.entity_type if span.entity_type == previous.entity_type else None
                    if span.confidence != previous.confidence:
                        # a whole registered name outweighs a surname read alone ("Moscow" the city,
                        # not the surname in "Tikhon of Moscow")
                        kind = (span if span.confidence > previous.confidence else previous).entity_type
                    found[where] = _Span(span.start, span.end, merged, confidence, kind)
        # leftmost-longest, then the more confident
        chosen: list[_Span] = []
        taken_until = -1
        for span in sorted(found.values(), key=lambda s: (s.start, s.start - s.end, -s.confidence)):
            if span.start >= taken_until:
                chosen.append(span)
                taken_until = span.end
        return chosen

    def _person_span(self, text: str, begin: int, finish: int, sid: int, folded: FoldedText, original: str,
                     check_capital: bool) -> _Span | None:
        entities = self._by_surname[sid][2]
        if not len(entities):
            return None

        def capitalised(position: int) -> bool:
            return not check_capital or original[folded.start(position)].isupper()

        # a given name [and patronymic] to the left: "Льва Давидовича Троцкого", "Leon Trotsky"
        left = _LEFT_WORDS.search(text, max(0, begin - 80), begin)
        if left:
            first, second = left.group(1), left.group(2)
            if second is not None and capitalised(left.start(1)):
                full, _ = self._given_matches(first, second, sid)
                if full:
                    return _Span(left.start(1), finish, full, FULL_CONFIDENCE, "person")
            word, position = (second, left.start(2)) if second is not None else (first, left.start(1))
            if capitalised(position):
                full, given_only = self._given_matches(word, None, sid)
                if given_only:
                    return _Span(position, finish, given_only, FULL_CONFIDENCE, "person")
        # in register order to the right: "Троцкий Лев Давидович", "Trotsky, Leon"
        right = _RIGHT_WORDS.match(text, finish)
        if right and capitalised(right.start(1)):
            full, given_only = self._given_matches(right.group(1), right.group(2), sid)
            if full:
                return _Span(begin, right.end(2), full, FULL_CONFIDENCE, "person")
            if given_only:
                return _Span(begin, right.end(1), given_only, FULL_CONFIDENCE, "person")
        # initials: "Л.Д. Троцкий", "Троцкий Л. Д."
        initials = _LEFT_INITIALS.search(text, max(0, begin - 12), begin)
        if initials and all(capitalised(initials.start(g)) for g in (1, 2) if initials.group(g)):
            targets = self._initials_matches(initials.group(1), initials.group(2), sid)
            if targets:
                return _Span(initials.start(1), finish, targets, INITIALS_CONFIDENCE, "person")
        initials = _RIGHT_INITIALS.match(text, finish)
        if initials and all(capitalised(initials.start(g)) for g in (1, 2) if initials.group(g)):
            targets = self._initials_matches(initials.group(1), initials.group(2), sid)
            if targets:
                return _Span(begin, initials.end(), targets, INITIALS_CONFIDENCE, "person")
        return _Span(begin, finish, self._surname_entities(sid), SURNAME_CONFIDENCE, "person")

    def _merge(self, first: tuple[int, ...], second: tuple[int, ...]) -> tuple[int, ...]:
        if len(first) + len(second) < 64:
            return tuple(sorted(set(first) | set(second)))
        # two long lists, as under a surname form both genders share: merged once, then kept
        key = (id(first), id(second))
        cached = self._merge_cache.get(key)
        if cached is None or cached[0] is not first or cached[1] is not second:
            cached = self._merge_cache[key] = (first, second, tuple(sorted(set(first) | set(second))))
        return cached[2]

    def _surname_entities(self, sid: int) -> tuple[int, ...]:
        """Every person filed under a surname, once each (worked out on first use, then kept)."""
        cached = self._surname_cache.get(sid)
        if cached is None:
            cached = self._surname_cache[sid] = tuple(sorted(set(self._by_surname[sid][2])))
        return cached

    def _given_ids(self, word: str) -> tuple[int, ...]:
        gids = self._given_forms.get(word)
        if gids:
            return gids
        full = names.full_given_name(word)  # a diminutive: "Лёва" -> "Лев"
        if full and fold(full) != word:
            return self._given_forms.get(fold(full), ())
        return ()

    def _given_matches(self, given: str, patronymic: str | None, sid: int) -> tuple[tuple[int, ...], ...]:
        """Persons under the surname whose given name (and patronymic) fit: (with patronymic, given only)."""
        gids_arr, pids_arr, entities_arr = self._by_surname[sid]
        pids = self._patronymic_forms.get(patronymic, ()) if patronymic else ()
        patronymic_shaped = bool(patronymic and (pids or _PATRONYMIC_SHAPE.search(patronymic)))
        full: set[int] = set()
        given_only: set[int] = set()
        for gid in self._given_ids(given):
            low, high = bisect_left(gids_arr, gid), bisect_right(gids_arr, gid)
            for i in range(low, high):
                if patronymic_shaped and (pids_arr[i] in pids or pids_arr[i] < 0):
                    full.add(entities_arr[i])  # a patronymic the register does not contradict
                given_only.add(entities_arr[i])
        return tuple(sorted(full)), tuple(sorted(given_only))

    def _initials_matches(self, first: str, second: str | None, sid: int) -> tuple[int, ...]:
        by_initials = self._initials_cache.get(sid)
        if by_initials is None:  # worked out for a surname the first time initials stand before it
            by_initials = {}
            gids_arr, pids_arr, entities_arr = self._by_surname[sid]
            for gid, pid, entity in zip(gids_arr, pids_arr, entities_arr, strict=True):
                if gid >= 0:
                    pair = (self._given_initial[gid], self._patronymic_initial[pid] if pid >= 0 else "")
                    by_initials.setdefault(pair, set()).add(entity)
            self._initials_cache[sid] = by_initials
        if second is None:
            found = set().union(*(v for (g, _), v in by_initials.items() if g == first))
        else:  # both initials, else the persons the register knows without a patronymic
            found = by_initials.get((first, second)) or by_initials.get((first, ""), set())
        return tuple(sorted(found))


def _variants(entity: Entity) -> list[str]:
    return [v for v in dict.fromkeys([entity.name, *entity.variants]) if v and v.strip()]


def _parse_batch(batch: list[tuple[bool, list[str]]]) -> list[list[names.PersonName | None]]:
    return [[names.parse_person_name(v) if person else None for v in variants] for person, variants in batch]


def _parsed(entities: Iterable[Entity], workers: int
            ) -> Iterator[tuple[Entity, list[str], list[names.PersonName | None]]]:
    """Each entity with its names and, for persons, their parses; in `workers` processes if > 1."""
    if workers <= 1:
        for entity in entities:
            variants = _variants(entity)
            yield entity, variants, _parse_batch([(entity.entity_type == "person", variants)])[0]
        return
    import multiprocessing

    pending: deque = deque()
    iterator = iter(entities)
    with multiprocessing.get_context().Pool(workers) as pool:
        while True:
            chunk = [(entity, _variants(entity)) for entity in itertools.islice(iterator, 500)]
            if chunk:
                payload = [(entity.entity_type == "person", variants) for entity, variants in chunk]
                pending.append((chunk, pool.apply_async(_parse_batch, (payload,))))
            while pending and (len(pending) > 2 * workers or not chunk):
                done, result = pending.popleft()
                for (entity, variants), parses in zip(done, result.get(), strict=True):
                    yield entity, variants, parses
            if not chunk:
                return


def _whole_word(text: str, begin: int, finish: int) -> bool:
    if begin > 0:
        before = text[begin - 1]
        if before.isalnum() or (before == "-" and begin > 1 and text[begin - 2].isalnum()):
            return False
    if finish < len(text):
        after = text[finish]
        if after.isalnum() or (after == "-" and finish + 1 < len(text) and text[finish + 1].isalnum()):
            return False
    return True


def _has_capital(original: str, start: int, end: int) -> bool:
    return any(c.isupper() for c in original[start:end])
