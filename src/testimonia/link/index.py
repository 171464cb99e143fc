"""The register as a lookup table for the linker: name keys to entries, and a blocked fuzzy fallback.

`RegisterIndex(entities)` indexes every name and variant of every entry under its
`names.name_keys` (persons: "f:" whole name, "gs:" given name + surname, "ids:"/"is:"
initials + surname, "s:" surname, "g:" given name, "gp:" given name + patronymic, "i:" bare
initials; and "0ids:"/"0is:" for persons the register knows by initials only) or, for
places, organisations and works, under "n:" + `names.match_key` of the name and of its
lemmatised form (so "Москвы" finds "Москва").

Memory is kept modest for registers of millions of names:

* one plain dict from key to a posting: an int (the entry's number) when one entry has
  the key, which is most keys, and an `array('i')` of numbers when several share it;
* entries are numbered; ids, names and variants are kept once, in lists, by number;
  gender (needed to keep a husband and wife apart) is one byte per entry, and what the
  entry's names say of given name, patronymic, initials and surname is one short string
  ("lev,leon|davidovix|l/d,l|*troski", "*" marking the surname of the entry's own name), so
  that checking a candidate never re-parses its names;
* the fuzzy fallback blocks surnames by pairs of their first three letters (so a slip in any
  one of them still lands in a shared block), and under each surname its "gs:" keys by the
  given name's first or second letter. A block of "gs:" keys is kept as one string, the keys
  joined by newlines: at a million entries the keys themselves lie all over memory, and
  reading a block of a few hundred of them was a cache and TLB miss each (about a
  microsecond apiece on this machine), while one string is read in a sweep and split into
  fresh, adjacent strings in a few microseconds.

`fuzzy()` scores only within those blocks with rapidfuzz, never over the whole register.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

import iuliia
from rapidfuzz import fuzz, process
from unidecode import unidecode

from testimonia import names
from testimonia.model import Entity

GENDER_UNKNOWN, GENDER_MALE, GENDER_FEMALE = 0, 1, 2
_GENDER_CODES = {"m": GENDER_MALE, "f": GENDER_FEMALE}
_GENDER_NAMES = (None, "m", "f")  # by code
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_WIKIPEDIA = iuliia.schemas.get("wikipedia")

INITIALS_ONLY = "0"  # prefix of the "ids:"/"is:" keys of entries no name of which spells out a given name
SURNAME_CUTOFF = 70.0  # rapidfuzz ratio (0..100) for a surname to count as a near spelling
NAME_CUTOFF = 82.0  # for "given surname" as a whole
BLOCK_LIMIT = 5  # how many near surnames a fuzzy look-up follows


class RegisterIndex:
    """Register entries by name key, for `link_mentions`. Build once per register."""

    def __init__(self, entities: Iterable[Entity]):
        self.ids: list[str] = []
        self.types: list[str] = []
        self.names: list[tuple[str, ...]] = []  # (name, *variants) by entry number
        self.genders = bytearray()
        self.facts: list[str] = []  # persons: "given,...|patronymic,...|initials,...|surname,..."
        self._number: dict[str, int] = {}
        self._postings: dict[str, int | array] = {}
        # surname key -> given name's first letter (or "+" and its second) -> "gs:" keys, joined by
        # newlines once the index is built (a list while it is being built), so that a fuzzy look-up
        # under a surname thousands bear scores tens, not thousands, and reads them in one sweep
        self._given_by_surname: dict[str, dict[str, str | list[str]]] = {}
        self._blocks: dict[str, list[str]] = {}  # 2 letters -> surname keys
        self._surname_genders: dict[str, array] = {}  # "s:" key -> persons of unknown, male, female gender
        for entity in entities:
            self.add(entity)
        self._join_blocks()

    def __len__(self) -> int:
        return len(self.ids)

    # -- building --

    @classmethod
    def build(cls, entities: Iterable[Entity], workers: int = 1, batch: int = 500) -> RegisterIndex:
        """Index a register, working out the name keys in `workers` processes.

        The keys are the slow part of building (`names.name_keys` parses each name with
        pymorphy3, a few hundred microseconds a name); inserting them is quick and stays in this
        process, so the index is the same whatever `workers` is. Entities are streamed: at most a
        few batches are held at a time.
        """
        index = cls(())
        if workers <= 1:
            for entity in entities:
                index.add(entity)
            index._join_blocks()
            return index
        import multiprocessing

        pending: deque = deque()
        with multiprocessing.get_context().Pool(workers) as pool:
            iterator = iter(entities)
            while True:
                chunk = list(itertools.islice(iterator, batch))
                if chunk:
                    payload = [(e.entity_type, _forms(e)) for e in chunk]
                    pending.append((chunk, pool.apply_async(_keys_of_batch, (payload,))))
                while pending and (len(pending) > 2 * workers or not chunk):
                    done, result = pending.popleft()
                    for entity, (keyed, gender) in zip(done, result.get(), strict=True):
                        index._add(entity, keyed, gender)
                if not chunk:
                    index._join_blocks()
                    return index

    def add(self, entity: Entity) -> int:
        """Index one entry; returns its number."""
        return self._add(entity, *_keys_of(entity.entity_type, _forms(entity)))

    def _add(self, entity: Entity, keyed: tuple[list[tuple[str, ...]], str], gender: int) -> int:
        keys_per_form, facts = keyed
        number = len(self.ids)
        entity_id = entity.id or entity.key or entity.name
        self.ids.append(entity_id)
        self._number.setdefault(entity_id, number)
        self.types.append(_intern_type(entity.entity_type))
        self.names.append(_forms(entity))
        self.genders.append(gender)
        self.facts.append(facts)
        for keys in keys_per_form:
            surnames = [key[2:] for key in keys if key.startswith("s:")]
            for key in keys:
                if self._post(key, number, surnames) and key.startswith("s:"):
                    counts = self._surname_genders.get(key)
                    if counts is None:
                        counts = self._surname_genders[key] = array("i", (0, 0, 0))
                    counts[gender] += 1
        return number

    def _post(self, key: str, number: int, surnames: list[str]) -> bool:
        """File `number` under `key`; False when it was filed there already."""
        posting = self._postings.get(key)
        if posting is None:
            self._postings[key] = number
            if key.startswith("s:"):
                surname = key[2:]
                for block in _block_keys(surname):
                    self._blocks.setdefault(block, []).append(surname)
            elif key.startswith("gs:"):
                for surname in surnames:
                    if key.endswith(" " + surname):
                        self._file_given(surname, key)
                        break
            return True
        if isinstance(posting, int):
            if posting == number:
                return False
            self._postings[key] = array("i", (posting, number))
            return True
        if posting[-1] == number:
            return False
        posting.append(number)
        return True

    def _file_given(self, surname: str, key: str) -> None:
        given = key[3:len(key) - len(surname) - 1]
        blocks = self._given_by_surname.setdefault(surname, {})
        for block in _given_blocks(given):
            filed = blocks.get(block)
            if filed is None:
                blocks[block] = [key]
            elif isinstance(filed, list):
                filed.append(key)
            else:  # an entry added after the index was built
                blocks[block] = filed + "\n" + key

    def _join_blocks(self) -> None:
        for blocks in self._given_by_surname.values():
            for block, filed in blocks.items():
                if isinstance(filed, list):
                    blocks[block] = "\n".join(filed)

    # -- look-ups --

    def number(self, entity_id: str) -> int | None:
        return self._number.get(entity_id)

    def lookup(self, key: str) -> tuple[int, ...]:
        """Entry numbers indexed under `key` (one of `names.name_keys`' or "n:...")."""
        posting = self._postings.get(key)
        if posting is None:
            return ()
        if isinstance(posting, int):
            return (posting,)
        return tuple(posting)

    def surname_count(self, key: str, genders: Iterable[str] | None = None) -> int:
        """How many persons an "s:" key holds whose gender is one of `genders` or unknown (None: any)."""
        counts = self._surname_genders.get(key)
        if counts is None:
            return 0
        if genders is None:
            return sum(counts)
        return counts[GENDER_UNKNOWN] + sum(counts[_GENDER_CODES[g]] for g in set(genders))

    def count(self, key: str) -> int:
        posting = self._postings.get(key)
        if posting is None:
            return 0
        return 1 if isinstance(posting, int) else len(posting)

    def has(self, key: str, number: int) -> bool:
        posting = self._postings.get(key)
        if posting is None:
            return False
        return posting == number if isinstance(posting, int) else number in posting

    def iter_lookup(self, key: str) -> Iterator[int]:
        posting = self._postings.get(key)
        if posting is None:
            return iter(())
        if isinstance(posting, int):
            return iter((posting,))
        return iter(posting)

    def person_names(self, number: int) -> list[names.PersonName]:
        return [names.parse_person_name(form) for form in self.names[number]]

    def person_facts(self, number: int) -> Facts:
        """What a person entry's names say, gathered once at build time."""
        return Facts.parse(self.facts[number])

    def gender(self, number: int) -> str | None:
        return _GENDER_NAMES[self.genders[number]]

    def near_surnames(self, surname: str, limit: int = BLOCK_LIMIT) -> list[tuple[str, float]]:
        """Registered surname keys spelled like `surname` (a surname key), best first, with 0..1 scores."""
        best: dict[str, float] = {}
        for key in _block_keys(surname):
            block = self._blocks.get(key)
            if not block:
                continue
            for choice, score, _ in process.extract(surname, block, scorer=fuzz.ratio,
                                                    score_cutoff=SURNAME_CUTOFF, limit=limit):
                best[choice] = max(best.get(choice, 0.0), score / 100)
        return sorted(best.items(), key=lambda item: -item[1])[:limit]

    def fuzzy(self, given_keys: Iterable[str], surname: str, limit: int = 10) -> list[tuple[int, float]]:
        """Persons whose "given surname" is spelled like one of `given_keys` + `surname`; (number, score).

        Blocked twice: first the surnames near `surname` (those sharing a block of two of its first
        three letters), then only the given names under those surnames that share the query's first
        or second letter are scored. With no given name, the persons
        under the near surnames are returned with the surname's score.
        """
        surnames = self.near_surnames(surname)
        if self.count("s:" + surname) and not any(s == surname for s, _ in surnames):
            surnames.insert(0, (surname, 1.0))
        scored: dict[int, float] = {}
        given_keys = sorted(g for g in given_keys if g)  # in one order, so that ties fall the same way
        for near, surname_score in surnames:
            if not given_keys:
                for number in self.iter_lookup("s:" + near):
                    scored[number] = max(scored.get(number, 0.0), surname_score)
                    if len(scored) >= limit * 10:
                        break
                continue
            blocks = self._given_by_surname.get(near)
            if not blocks:
                continue
            for given in given_keys:
                query = f"gs:{given} {surname}"
                for block in _given_blocks(given):
                    filed = blocks.get(block)
                    if not filed:
                        continue
                    choices = filed.split("\n") if isinstance(filed, str) else filed
                    found = process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF,
                                            limit=limit)
                    for key, score, _ in found:
                        for number in self.iter_lookup(key):
                            scored[number] = max(scored.get(number, 0.0), score / 100)
        return sorted(scored.items(), key=lambda item: -item[1])[:limit]


_TYPES: dict[str, str] = {}


def _forms(entity: Entity) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in (entity.name, *entity.variants) if v and v.strip()))


_Keyed = tuple[tuple[list[tuple[str, ...]], str], int]  # ((keys of each name, facts), gender code)


def _keys_of(entity_type: str, forms: tuple[str, ...]) -> _Keyed:
    """The keys of each of an entry's names, what they say (persons), and its gender code."""
    keys = [tuple(entry_keys(form, entity_type)) for form in forms]
    if entity_type != "person":
        return (keys, ""), GENDER_UNKNOWN
    given: set[str] = set()
    patronymics: set[str] = set()
    initials: set[str] = set()
    surnames: set[str] = set()
    genders: list[str | None] = []
    for form, form_keys in zip(forms, keys, strict=True):
        parsed = names.parse_person_name(form)
        given.update(k[2:] for k in form_keys if k.startswith("g:"))
        surnames.update(k[2:] for k in form_keys if k.startswith("s:"))
        if parsed.patronymic:
            patronymics.add(names.match_key(parsed.patronymic))
        letters = initial_letters(parsed)
        if letters:
            initials.add(letters)
        genders.append(gender_evidence(parsed))
    strong = [g for g in genders if g]
    gender = strong[0] if strong and all(g == strong[0] for g in strong) else None
    own = {k[2:] for k in keys[0] if k.startswith("s:")} if keys else set()
    marked = {("*" + k if k in own else k) for k in surnames}  # "*": the surname of the entry's own name
    facts = "|".join(",".join(sorted(part)) for part in (given, patronymics, initials, marked))
    if not given:
        # known by initials only: filed once more, so that a full name ("Lev Trotsky") finds the
        # entries it may be ("L. D. Trotsky") without reading every Lev, Leonid and Lazar Trotsky
        keys = [(*form_keys, *(INITIALS_ONLY + k for k in form_keys if k.startswith(("ids:", "is:"))))
                for form_keys in keys]
    return (keys, facts), _GENDER_CODES.get(gender or "", GENDER_UNKNOWN)


def _keys_of_batch(payload: list[tuple[str, tuple[str, ...]]]) -> list[_Keyed]:
    return [_keys_of(entity_type, forms) for entity_type, forms in payload]


def _intern_type(entity_type: str) -> str:
    return _TYPES.setdefault(entity_type, entity_type)


def _given_blocks(given: str) -> tuple[str, ...]:
    """A given name's blocks under its surname: its first letter, and "+" and its second (a slip in
    the first letter)."""
    return (given[:1], "+" + given[1:2]) if len(given) > 1 else (given[:1],)


def _block_keys(surname: str) -> tuple[str, ...]:
    """Blocks a surname key is filed under: its first two letters, its first and third (a swap of
    the second and third letters lands in the other's first block) and its second and third (a
    slip in the first letter)."""
    if len(surname) < 3:
        return (surname[:2],)
    return (surname[:2], surname[0] + surname[2], "+" + surname[1:3])


def entry_keys(text: str, entity_type: str) -> set[str]:
    """The keys a name is indexed and looked up under, for an entry or a mention of this type."""
    if entity_type == "person":
        return names.name_keys(text)
    keys = {"n:" + names.match_key(text)}
    lemma = lemma_phrase(text)
    if lemma:
        keys.add("n:" + names.match_key(lemma))
    keys.discard("n:")
    return keys


@cache
def morph():
    """One pymorphy3 analyser for the linker."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def lemma_phrase(text: str) -> str:
    """A Russian name with each word in its dictionary form ("Бутырской тюрьмы" → "бутырский тюрьма").

    The same reduction is applied to the register's names and to mentions, so the two meet whatever
    case either is in; Latin-script text is returned unchanged.
    """
    if not _CYRILLIC.search(text):
        return text
    analyser = morph()
    return " ".join(analyser.parse(word)[0].normal_form for word in _WORD.findall(text.lower()))


@dataclass(frozen=True)
class Facts:
    """What a person entry's names say: given-name keys (diminutives read as full names too),
    patronymic keys, initials (`initial_letters`: "l/d" for Lev Davidovich or L. D.) and surname keys."""

    given: frozenset[str] = frozenset()
    patronymic: frozenset[str] = frozenset()
    initials: frozenset[str] = frozenset()
    surname: frozenset[str] = frozenset()
    own_surname: frozenset[str] = frozenset()  # the surname(s) of the entry's own (first) name

    @classmethod
    def parse(cls, text: str) -> Facts:
        if not text:
            return cls()
        given, patronymic, initials, surnames = text.split("|")
        # the parts recur across entries (a common given name, a family), so each is split once
        return cls(_keys_in(given), _keys_in(patronymic), _keys_in(initials), *_surnames_in(surnames))


@lru_cache(maxsize=65536)
def _keys_in(part: str) -> frozenset[str]:
    return frozenset(p for p in part.split(",") if p)


@lru_cache(maxsize=65536)
def _surnames_in(part: str) -> tuple[frozenset[str], frozenset[str]]:
    """(all the surname keys, those of the entry's own name) of a facts string's surname part."""
    surnames = _keys_in(part)
    return frozenset(s.lstrip("*") for s in surnames), frozenset(s[1:] for s in surnames if s.startswith("*"))


@lru_cache(maxsize=65536)
def letters(part: str) -> str:
    """The letters a name part may be abbreviated to, in Latin: Л, L, Lev → "l"; Charles, C → "c"
    and "x" (its key's letter); Ю → "i", "y"; Juri → "i", "j". Sorted, as one string."""
    options = {names.match_key(part)[:1]}
    plain = _WIKIPEDIA.translate(part) if _CYRILLIC.search(part) else part
    options.add(unidecode(plain)[:1].lower())
    return "".join(sorted(o for o in options if o.isalnum()))


def initial_letters(parsed: names.PersonName) -> str:
    """Initials of a parsed name, given name first, as `letters` per position joined by "/":
    "l/d" for Лев Давидович and for L. D."""
    parts = [parsed.given] if parsed.given else []
    parts += list(parsed.initials)
    if parsed.patronymic:
        parts.append(parsed.patronymic)
    return "/".join(letters(p) for p in parts if p and letters(p))


def same_initials(mine: str, theirs: str) -> bool:
    """Initials agree at every position both have ("l" fits "l/d"; "l/b" does not fit "l/d")."""
    if not mine or not theirs:
        return False
    return all(set(a) & set(b) for a, b in zip(mine.split("/"), theirs.split("/"), strict=False))


_PATRONYMIC_FEMININE = re.compile(r"(?:вна|чна|ovna|evna|ichna|owna|ewna)$", re.IGNORECASE)
_PATRONYMIC_MASCULINE = re.compile(r"(?:вич|ьич|ич|ovich|evich|ovitch|evitch|owitsch|ewitsch)$",
                                   re.IGNORECASE)
_CYRILLIC_FEMININE = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая|ая)$", re.IGNORECASE)
_CYRILLIC_MASCULINE = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий|ой|ый|ий)$", re.IGNORECASE)
_LATIN_FEMININE = re.compile(r"(?:ova|eva|ina|yna|skaya|skaia|skaja|aya|aia)$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _given_gender(given: str) -> str | None:
    parsed = names.parse_person_name(given)
    return parsed.gender if parsed.given else None


def gender_evidence(parsed: names.PersonName) -> str | None:
    """The gender a name shows, only where it shows it: a patronymic, a known given name, or a
    gendered surname ending (in Latin script only the feminine one, since English prints women's
    surnames in the masculine). Disagreeing signs, or none, give None."""
    if parsed.patronymic:
        if _PATRONYMIC_FEMININE.search(parsed.patronymic):
            return "f"
        if _PATRONYMIC_MASCULINE.search(parsed.patronymic):
            return "m"
    signs = set()
    if parsed.given:
        given_gender = _given_gender(parsed.given)
        if given_gender:
            signs.add(given_gender)
    if parsed.surname:
        last = parsed.surname.split()[-1]
        if _CYRILLIC.search(last):
            if _CYRILLIC_FEMININE.search(last):
                signs.add("f")
            elif _CYRILLIC_MASCULINE.search(last):
                signs.add("m")
        elif _LATIN_FEMININE.search(last):
            signs.add("f")
    return signs.pop() if len(signs) == 1 else None
