"""Deciding which register entry a mention names: linked, ambiguous, or a proposed new entry.

`link_mentions(mentions, index, context)` returns one `LinkDecision` per mention, in order.
The rules, in the order they are tried:

1. **Markup.** A mention whose own markup names an entry the register has (method
   "markup", entity_id set) is linked to it.
2. **Full names first.** Mentions with a given name and a surname, or initials and a
   surname, are decided first, from the register: keys (`names.name_keys`) are looked up
   from the most specific ("f:" whole name, "gs:" given name + surname) to initials +
   surname ("ids:", "is:"; for a full name only the entries known by initials alone,
   "0ids:"/"0is:"); one fitting entry → linked; several → whichever one this letter's
   parties or the source's earlier decisions already name, else ambiguous; none → the
   closest spellings (blocked fuzzy search) as an ambiguous proposal, else a proposed new
   entry.
3. **Short forms from context.** Then surnames alone, and last given names alone
   (diminutives included: "Лёва"), given name + patronymic and bare initials ("L.D.",
   "N."). Each is compared with what the document already settled: the fuller mentions in
   the same document and the letter's authors and addressees (one tier), then the
   source's earlier decisions. A surname must agree (`names.surname_key`), a given name
   must be a reading of the other's (`names.full_given_names`), initials must fit the
   entry's given name and patronymic *as the register has them* ("L.D." fits Lev
   Davidovich Trotsky even where the text only said "Trotsky"), or, for initials alone,
   the surname's initial ("K." for Kravchenko; "L.T.", given name and surname, for Lev
   Trotsky; `context.initials_of_surname`).
   When several people fit, the one whose name *as the document writes it* agrees wins
   ("Lev" beside "Lev Mishchenko" and "Leon Trotsky"); among several that agree, initials
   go to the one named most recently before them, the person the passage is about. A
   surname or given name that several people here bear as written stays ambiguous.
4. **Short forms from the register.** Only if the context has nothing: a surname alone
   that one person in the register bears is linked (and says so); when several bear it but
   only one in their own name (the others through a variant: a married or maiden name),
   that one is linked with the others listed; otherwise ambiguous, listing them; a surname
   no one bears is offered only close spellings (`_SURNAME_ALONE_NEAR`). A given name alone
   is linked from the register only when exactly one of its bearers shares a surname with
   someone the document or source names ("Natalia" where Trotsky is named: Natalia Sedova,
   also Natalia Trotsky); a given name more than `_MANY_BEARERS` entries bear, none of
   them named here, is proposed as a new entry with the bearers listed; otherwise the
   bearers are listed as ambiguous. Initials alone are never linked from the register.

**People who share a surname stay apart.** A gender mismatch or a given-name mismatch
always blocks a candidate, whether it came from the register or from the context:
"Ивановой" cannot be Пётр Иванов; "Каменев" after "Лев Каменев" is the father, not
Александр Львович. Gender counts only where a name shows it (`index.gender_evidence`: a
patronymic, a known given name, a gendered surname ending); the gender of a Russian
surname alone is read from every case it may be in ("Иванова" may be his genitive or her
nominative; "Ивановой" is only hers), and a Latin-script masculine surname is no evidence
of a man, since English sources print women's names in the masculine ("Svetlana Ivanov"),
unless the same document writes the feminine form too ("Kameneva" beside "Kamenev": two
people; `context.gendered_pair`). A slip in a patronymic's last letter is forgiven.
Candidates are checked against what all the entry's names say together
(`RegisterIndex.person_facts`), never by re-parsing them.

A proposed new entry carries the fullest form of the name seen in the document, in the
nominative (`proposed_name`). Every decision states its reason in words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from testimonia import names
from testimonia.link.context import (
    LinkContext,
    LinkDecision,
    gendered_pair,
    initials_of_surname,
    same_patronymic,
)
from testimonia.link.index import (
    Facts,
    RegisterIndex,
    entry_keys,
    gender_evidence,
    initial_letters,
    letters,
    morph,
    same_initials,
)
from testimonia.model import Mention

Status = Literal["linked", "proposed_new", "ambiguous"]
STATUSES: tuple[str, ...] = ("linked", "proposed_new", "ambiguous")
MAX_CANDIDATES = 20
# A surname alone has no given name to back a near spelling up: only a close one is offered, and
# one that starts alike ("Trotzky" for Trotsky, 0.83), not a merely similar one ("Becker" for
# Berger, 0.73; "Jeannine" for Lenin).
_SURNAME_ALONE_NEAR = 0.8
_MANY_BEARERS = 5  # a given name alone that more register entries bear than this is more likely someone new
_EXAMINE = 200  # register entries compared with one mention under one kind of key, at most

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+")


# --- a person mention, parsed once ----------------------------------------------------------------------

_FULL, _INITIALS_SURNAME, _SURNAME, _GIVEN, _INITIALS, _NONE = range(6)


@dataclass
class _Person:
    mention: Mention
    parsed: names.PersonName
    keys: set[str]
    form: int
    genders: frozenset[str] | None  # the genders the mention may have; None: either
    surname_key: str
    given_keys: frozenset[str]
    letters: str  # initials as match-key letters, given name first

    @property
    def text(self) -> str:
        return self.mention.text


@lru_cache(maxsize=65536)
def _given_keys(given: str) -> frozenset[str]:
    """Match keys of every full name a given name may be (Лёва → lev; Саша → aleksandr, aleksandra)."""
    return frozenset(k for k in (names.match_key(g) for g in (given, *names.full_given_names(given))) if k)


# A Russian surname alone, by its ending: which genders can it have in some case? Adjectival
# surnames first (-ский/-ская/-ской...), then the possessive ones (-ов/-ев/-ин/-ын).
_SURNAME_CASE_GENDERS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(pattern + "$"), frozenset(genders))
    for pattern, genders in (
        (r"(?:ск|цк)(?:ая|ую)", "f"),
        (r"(?:ск|цк)(?:ий|ого|ому|им|ом)", "m"),
        (r"(?:ск|цк)ой", "mf"),  # Толстой is his nominative; Раковской her oblique cases
        (r"(?:ов|ев|ёв|ин|ын)(?:ой|ою)", "f"),
        (r"(?:ов|ев|ёв|ин|ын)(?:ым|ом|е)", "m"),
        (r"(?:ов|ев|ёв|ин|ын)(?:а|у)", "mf"),  # her nominative or accusative, his genitive or dative
        (r"(?:ов|ев|ёв|ин|ын)", "m"),
    )
)


@lru_cache(maxsize=65536)
def _surname_genders(word: str) -> frozenset[str] | None:
    """Genders a Russian surname standing alone may have, judged by its case ending: "Ивановой" only
    hers, "Ивановым" only his, "Иванова" either. None where the ending says nothing (Мандельштам)."""
    lower = word.lower()
    for pattern, genders in _SURNAME_CASE_GENDERS:
        if pattern.search(lower):
            return genders
    return None


def _person(mention: Mention) -> _Person:
    return _person_of(mention, mention.text)


def _person_of(mention: Mention, text: str) -> _Person:
    parsed = names.parse_person_name(text)
    keys = names.name_keys(text) if text.strip() else set()
    if parsed.surname and parsed.given:
        form = _FULL
    elif parsed.surname and parsed.initials:
        form = _INITIALS_SURNAME
    elif parsed.surname:
        form = _SURNAME
    elif parsed.given:
        form = _GIVEN
    elif parsed.initials:
        form = _INITIALS
    else:
        form = _NONE
    evidence = gender_evidence(parsed)
    genders: frozenset[str] | None = frozenset({evidence}) if evidence else None
    if form == _SURNAME:
        words = _WORD.findall(text)
        if words and _CYRILLIC.search(words[-1]):
            genders = _surname_genders(words[-1])
    surname_key = names.surname_key(parsed.surname) if parsed.surname else ""
    given_keys = _given_keys(parsed.given) if parsed.given else frozenset()
    return _Person(mention, parsed, keys, form, genders, surname_key, given_keys, initial_letters(parsed))


def _fits(person: _Person, other: names.PersonName, *, surname: bool = True) -> str | None:
    """Why `other` cannot be the person mentioned, or None when it can (and something agrees)."""
    mine = person.parsed
    evidence = False
    if mine.surname and surname:
        if not other.surname:
            return "has no surname to compare"
        if names.surname_key(other.surname) != person.surname_key:
            return "has another surname"
        evidence = True
    if mine.given:
        if other.given:
            if not person.given_keys & _given_keys(other.given):
                return f"is {other.given}, another given name"
            evidence = True
        elif other.initials:
            if not names.initials_match((mine.given,), other):
                return "has other initials"
            evidence = True
    if mine.patronymic:
        if other.patronymic:
            if not same_patronymic(names.match_key(other.patronymic), names.match_key(mine.patronymic)):
                return f"has another patronymic ({other.patronymic})"
            evidence = True
        elif len(other.initials) > 1 and not names.initials_match(
                tuple(i for i in (mine.given, mine.patronymic) if i), other):
            return "has other initials"
    if mine.initials:
        surname_letters = set(letters(other.surname)) if other.surname and not mine.surname else set()
        given_letters = set(letters(other.given or (other.initials[0] if other.initials else "")))
        if person.form == _INITIALS and _initials_of_surname(person, given_letters, surname_letters):
            return None
        if not (other.given or other.initials or other.patronymic):
            return "has no given name to compare the initials with"
        if not names.initials_match(mine.initials, other):
            return "has other initials"
        evidence = True
    return None if evidence else "shares nothing with it"


def _initials_of_surname(person: _Person, given_letters: set[str], surname_letters: set[str]) -> bool:
    return initials_of_surname(person.letters, given_letters, surname_letters)


_GENDER_CODE = {"m": 1, "f": 2}


def _allowed_genders(person: _Person) -> frozenset[int]:
    """`RegisterIndex.genders` codes that do not clash with the mention's possible genders."""
    if not person.genders:
        return frozenset((0, 1, 2))
    return frozenset((0, *(_GENDER_CODE[g] for g in person.genders)))


def _gender_clash(person: _Person, gender: str | None) -> bool:
    return bool(person.genders and gender and gender not in person.genders)


# --- what the context offers ---------------------------------------------------------------------------


@dataclass
class _Target:
    """Someone the context names: a register entry, an entry proposed earlier, or an open question."""

    label: str  # the text that names them ("Лев Троцкий", the addressee's name)
    where: str  # "earlier in this document", "the letter's addressee", ...
    numbers: tuple[int, ...] = ()  # register entries (one when linked, several when ambiguous)
    proposed: str | None = None  # a proposed new entry's name
    parsed: names.PersonName | None = None
    settled: bool = True  # False for a mention that was itself left ambiguous

    @property
    def identity(self) -> tuple:
        return ("new", self.proposed) if self.proposed else ("id", self.numbers)


def _entry_fits(person: _Person, index: RegisterIndex, number: int, surname: bool = True) -> str | None:
    """Why register entry `number` cannot be the person mentioned, or None when it can.

    Judged on what all the entry's names say together (`RegisterIndex.person_facts`), so a variant
    with initials only does not wave through a given name the entry's full name contradicts.
    """
    if _gender_clash(person, index.gender(number)):
        return "is of the other gender"
    facts = index.facts[number]
    if person.parsed.given:  # the commonest refusal, read straight off the string
        given = facts[: facts.find("|")]
        if given and not any(g in person.given_keys for g in given.split(",")):
            return "has another given name"
    return _fits_facts(person, Facts.parse(facts), surname)


def _fits_facts(person: _Person, facts: Facts, surname: bool = True) -> str | None:
    mine = person.parsed
    evidence = False
    if mine.surname and surname:
        if not facts.surname:
            return "has no surname to compare"
        if person.surname_key not in facts.surname:
            return "has another surname"
        evidence = True
    if mine.given and facts.given:
        if not person.given_keys & facts.given:
            return "has another given name"
        evidence = True
    if mine.patronymic and facts.patronymic:
        key = names.match_key(mine.patronymic)
        if not any(same_patronymic(key, known) for known in facts.patronymic):
            return "has another patronymic"
        evidence = True
    if mine.initials and person.form == _INITIALS:
        given_letters = {c for s in facts.initials for c in s.split("/")[0]}
        if _initials_of_surname(person, given_letters, {k[:1] for k in facts.surname if k}):
            return None
    if mine.initials or (mine.given and not facts.given):
        strings = [s for s in facts.initials if s]
        if "/" in person.letters and any("/" in s for s in strings):
            strings = [s for s in strings if "/" in s]  # judge a patronymic's initial by a known patronymic
        if not strings:
            return "has no given name to compare the initials with"
        if not any(same_initials(person.letters, s) for s in strings):
            return "has other initials"
        evidence = True
    return None if evidence else "shares nothing with it"


def _target_fits(person: _Person, target: _Target, index: RegisterIndex) -> bool:
    if target.numbers:
        return any(_entry_fits(person, index, n) is None for n in target.numbers)
    if target.parsed is None or _gender_clash(person, target.parsed.gender):
        return False
    return _fits(person, target.parsed) is None


# --- the linker ----------------------------------------------------------------------------------------


class _Linker:
    def __init__(self, index: RegisterIndex, context: LinkContext, max_candidates: int):
        self.index = index
        self.context = context
        self.max_candidates = max_candidates
        self.persons: dict[int, _Person] = {}
        self.decided: dict[int, LinkDecision] = {}
        self.document: list[Mention] = []
        self._parties: list[_Target] | None = None
        self._prior: list[_Target] | None = None
        self._named_here: set[int] | None = None

    # context, built on first use

    def parties(self) -> list[_Target]:
        if self._parties is None:
            self._parties = []
            for role, parties in (("author", self.context.authors), ("addressee", self.context.addressees)):
                for party in parties:
                    if not party.name and not party.entity_id:
                        continue
                    where = f"the letter's {role}"
                    number = self.index.number(party.entity_id) if party.entity_id else None
                    parsed = names.parse_person_name(party.name) if party.name else None
                    if number is not None:
                        self._parties.append(_Target(party.name or self.index.ids[number], where, (number,),
                                                     parsed=parsed))
                        continue
                    decision = None
                    if party.name:
                        person = _person_of(Mention(0, 0, party.name, "person"), party.name)
                        if person.form in (_FULL, _INITIALS_SURNAME):
                            decision = self._decide_full(person, use_context=False)
                        elif person.form == _GIVEN:
                            listing = self._listed_as(person)
                            if len(listing) == 1:  # "Dear Anya": the one entry an editor gave that name
                                self._parties.append(_Target(party.name, where, (listing[0],), parsed=parsed))
                                continue
                    if decision is not None and decision.status == "linked":
                        number = self.index.number(decision.entity_id or "")
                        self._parties.append(_Target(party.name, where, (number,), parsed=parsed))
                    else:
                        self._parties.append(_Target(party.name, where, proposed=parsed.display if parsed else
                                                     party.name, parsed=parsed))
        return self._parties

    def _listed_as(self, person: _Person) -> list[int]:
        """The person entries that list this given name or pet name, exactly as written, among
        their names: a signature "Anya" is whoever the register records as "Anya"."""
        wanted = person.text.casefold()
        found: list[int] = []
        for key in sorted(k for k in person.keys if k.startswith("g:")):
            for number in itertools.islice(self.index.iter_lookup(key), _EXAMINE):
                if number not in found and self.index.types[number] == "person" \
                        and any(form.casefold() == wanted for form in self.index.names[number]):
                    found.append(number)
        return found

    def prior(self) -> list[_Target]:
        if self._prior is None:
            self._prior = []
            for decision in self.context.prior:
                if decision.mention.entity_type != "person":
                    continue
                target = self._target_of(decision, "earlier in this source")
                if target is not None:
                    self._prior.append(target)
        return self._prior

    def named_here(self) -> set[int]:
        """Register entries the letter's parties and the source's earlier decisions name."""
        if self._named_here is None:
            self._named_here = set()
            for target in [*self.parties(), *self.prior()]:
                if len(target.numbers) == 1:
                    self._named_here.add(target.numbers[0])
        return self._named_here

    def _target_of(self, decision: LinkDecision, where: str) -> _Target | None:
        parsed = names.parse_person_name(decision.mention.text)
        if decision.status == "linked" and decision.entity_id:
            number = self.index.number(decision.entity_id)
            if number is not None:
                return _Target(decision.mention.text, where, (number,), parsed=parsed)
            return None
        if decision.status == "proposed_new":
            return _Target(decision.mention.text, where, proposed=decision.proposed_name or parsed.display,
                           parsed=parsed)
        numbers = tuple(n for n in (self.index.number(c) for c, _ in decision.candidates) if n is not None)
        if numbers:
            return _Target(decision.mention.text, where, numbers, parsed=parsed, settled=False)
        return None

    # helpers

    def name(self, number: int) -> str:
        return self.index.names[number][0] if self.index.names[number] else self.index.ids[number]

    def names_of(self, numbers: list[int] | tuple[int, ...], limit: int = 5, total: int | None = None) -> str:
        total = len(numbers) if total is None else total
        shown = ", ".join(self.name(n) for n in numbers[:limit])
        return shown + (f" and {total - min(limit, len(numbers))} more" if total > limit else "")

    def decision(self, mention: Mention, status: str, reason: str, numbers: Iterable[tuple[int, float]] = (),
                 entity: int | None = None, proposed: str | None = None) -> LinkDecision:
        scored = list(numbers)
        candidates = [(self.index.ids[n], round(score, 3)) for n, score in scored[: self.max_candidates]]
        entity_id = self.index.ids[entity] if entity is not None else None
        return LinkDecision(mention, entity_id, status, candidates, reason, proposed, len(scored))

    def fuller_form(self, person: _Person) -> str:
        """The fullest form of this person's name in the document, in the nominative."""
        best, best_score = person.parsed, _richness(person.parsed)
        for mention in self.document:
            other = self.persons.get(id(mention))
            if other is None or other is person:
                continue
            score = _richness(other.parsed)
            if score > best_score and _fits(person, other.parsed) is None \
                    and not _gender_clash(person, other.parsed.gender):
                best, best_score = other.parsed, score
        return best.display or person.text

    def entry_fits(self, person: _Person, number: int, surname: bool = True) -> str | None:
        return _entry_fits(person, self.index, number, surname)

    # decisions

    def decide(self, mention: Mention) -> LinkDecision:
        marked = self.index.number(mention.entity_id) if mention.entity_id else None
        if mention.method == "markup" and marked is not None:
            return self.decision(mention, "linked", f"the text's own markup names {self.name(marked)}",
                                 [(marked, 1.0)], marked)
        if mention.entity_type != "person":
            return self.decide_other(mention)
        person = self.persons[id(mention)]
        if person.form in (_FULL, _INITIALS_SURNAME):
            return self._decide_full(person)
        if person.form == _NONE:
            return self.decision(mention, "proposed_new", f"{_q(mention.text)} holds no name to look up",
                                 proposed=mention.text)
        return self._decide_short(person)

    def decide_other(self, mention: Mention) -> LinkDecision:
        numbers: list[int] = []
        for key in entry_keys(mention.text, mention.entity_type):
            numbers.extend(n for n in self.index.lookup(key)
                           if self.index.types[n] == mention.entity_type and n not in numbers)
        kind, said = mention.entity_type, _q(mention.text)
        if len(numbers) == 1:
            reason = f"{said} is the register's {kind} {self.name(numbers[0])}"
            return self.decision(mention, "linked", reason, [(numbers[0], 1.0)], numbers[0])
        if numbers:
            reason = f"{len(numbers)} register entries ({kind}) are called {said}: {self.names_of(numbers)}"
            return self.decision(mention, "ambiguous", reason, [(n, 1.0) for n in numbers])
        proposed = _nominative(mention.text)
        reason = f"no {kind} in the register is called {said}; proposed as a new entry {_q(proposed)}"
        return self.decision(mention, "proposed_new", reason, proposed=proposed)

    def _decide_full(self, person: _Person, use_context: bool = True) -> LinkDecision:
        mention, said = person.mention, _q(person.text)
        # most specific first. A written initials form ("f:l d troski") says no more than "ids:"; a full
        # name that no given-name key finds can only be someone the register knows by initials alone.
        if person.form == _FULL:
            levels: tuple[tuple[str, ...], ...] = (("f:", "gs:"), ("0ids:",), ("0is:",))
        else:
            levels = (("ids:",), ("is:",))
        rejected: list[tuple[int, str]] = []
        fitting: list[int] = []
        count = 0
        mine = person.parsed
        index = self.index
        for prefixes in levels:
            # sorted, so that equally good candidates come in the same order in every process
            ordered = sorted(person.keys)
            keys = [k for k in ordered if k.startswith(prefixes)] if prefixes[0][0] != "0" else [
                "0" + k for k in ordered if k.startswith(tuple(p[1:] for p in prefixes))]
            postings = [index.lookup(k) for k in keys]
            if len(postings) > 1:
                numbers: Iterable[int] = dict.fromkeys(itertools.chain.from_iterable(postings))
            else:
                numbers = postings[0] if postings else ()
            # what the key already guarantees needs no second look; only the rest is compared
            if prefixes[0] in ("f:", "gs:"):
                compare = bool(mine.patronymic or mine.initials)
            elif prefixes[0] in ("ids:", "0ids:"):
                compare = bool(mine.given or mine.patronymic)
            else:
                compare = "/" in person.letters or bool(mine.given)
            if not compare:
                # gender alone: count them all, keep the first few
                allowed = _allowed_genders(person)
                genders = index.genders
                matches = (n for n in numbers if genders[n] in allowed)
                fitting = list(itertools.islice(matches, self.max_candidates))
                count = len(fitting) + sum(1 for _ in matches)
                if len(numbers) <= 10:
                    rejected = [(n, "is of the other gender") for n in numbers if genders[n] not in allowed]
            else:
                for examined, number in enumerate(numbers):
                    if examined >= _EXAMINE:
                        break  # a key this common decides nothing
                    why = self.entry_fits(person, number)
                    if why is None:
                        fitting.append(number)
                    elif len(rejected) < 5:
                        rejected.append((number, why))
                count = len(fitting)
            if fitting:
                break
        aside = self._aside(rejected)
        what = "given name and surname" if person.form == _FULL else "initials and surname"
        if count == 1:
            reason = f"{said} is {self.name(fitting[0])} in the register (same {what}){aside}"
            return self.decision(mention, "linked", reason, [(fitting[0], 1.0)], fitting[0])
        if fitting:
            shared = f"{count} register entries share the {what} of {said}"
            named = [n for n in fitting if n in self.named_here()] if use_context else []
            if len(named) == 1:
                others = [n for n in fitting if n != named[0]]
                reason = (f"{shared}; {self.name(named[0])} is the one this letter's parties or this source "
                          f"already name (not {self.names_of(others)})")
                scored = [(named[0], 1.0)] + [(n, 0.5) for n in others]
                return self.decision(mention, "linked", reason, scored, named[0])
            reason = f"{shared}: {self.names_of(fitting, total=count)}{aside}"
            decision = self.decision(mention, "ambiguous", reason, [(n, 1.0) for n in fitting])
            decision.candidate_count = count
            return decision
        # nothing exact: spellings close to it
        near = []
        if person.surname_key:
            for number, score in self.index.fuzzy(person.given_keys, person.surname_key):
                if self.index.types[number] != "person":
                    continue
                # the spelling was scored already: a slip in the given name is allowed, another gender is not
                if person.given_keys and _gender_clash(person, self.index.gender(number)):
                    continue
                if not person.given_keys and self.entry_fits(person, number, surname=False) is not None:
                    continue
                near.append((number, score))
        proposed = self.fuller_form(person) if use_context else person.parsed.display
        if near:
            reason = (f"no register entry is spelled {said}; the closest spellings are "
                      f"{self.names_of([n for n, _ in near])}: to confirm, or to add {_q(proposed)} as new")
            return self.decision(mention, "ambiguous", reason, near, proposed=proposed)
        reason = f"no register entry fits {said}{aside}; proposed as a new entry {_q(proposed)}"
        return self.decision(mention, "proposed_new", reason, proposed=proposed)

    def _aside(self, rejected: list[tuple[int, str]]) -> str:
        if not rejected:
            return ""
        return " (set aside: " + "; ".join(f"{self.name(n)}, who {why}" for n, why in rejected[:3]) + ")"

    def _decide_short(self, person: _Person) -> LinkDecision:
        mention = person.mention
        # 1. the document and the letter's parties, then 2. the source's earlier decisions; each target
        # with the place in the text of the mention that names it (parties and earlier documents: -1)
        here: list[tuple[_Target, int]] = []
        for other in self.document:
            if other is mention or other.entity_type != "person":
                continue
            decision = self.decided.get(id(other))
            other_person = self.persons.get(id(other))
            if decision is None or other_person is None:
                continue
            if _richness(other_person.parsed) <= _richness(person.parsed):
                continue  # only a fuller mention explains a shorter one
            if _other_gendered_form(person, other_person):
                continue  # "Kamenev" beside "Kameneva": the writer tells the two apart
            where = "earlier in this document" if other.start <= mention.start else "later in this document"
            target = self._target_of(decision, where)
            if target is not None:
                here.append((target, other.start))
        parties = [(t, -1) for t in self.parties()]
        prior = [(t, -1 - n) for n, t in enumerate(reversed(self.prior()))]
        for tier, targets in (("document", here + parties), ("source", prior)):
            fitting: dict[tuple, _Target] = {}
            places: dict[tuple, list[int]] = {}
            for target, place in targets:
                identity = target.identity
                if identity in fitting:
                    places[identity].append(place)
                elif _target_fits(person, target, self.index):
                    fitting[identity] = target
                    places[identity] = [place]
            if len(fitting) == 1:
                return self._from_target(person, next(iter(fitting.values())))
            if len(fitting) > 1:
                chosen = self._focus(person, fitting, places)
                if chosen is not None:
                    return chosen
                numbers = list(dict.fromkeys(n for t in fitting.values() for n in t.numbers))
                labels = "; ".join(f"{_q(t.label)} ({t.where})" for t in fitting.values())
                reason = f"{_q(mention.text)} may be any of {len(fitting)} people this {tier} names: {labels}"
                return self.decision(mention, "ambiguous", reason, [(n, 1.0) for n in numbers])
        return self._short_from_register(person)

    def _focus(self, person: _Person, fitting: dict[tuple, _Target],
               places: dict[tuple, list[int]]) -> LinkDecision | None:
        """The one of several fitting people a short form means, when the text singles them out.

        First, the form must agree with the name *as the document writes it*: "Lev" beside "Lev
        Mishchenko" and "Leon Trotsky" is Mishchenko, whom only the register's variants also make
        a Lev. Then, for initials alone, among those that agree: initials abbreviate the person the
        passage is about, the one named most recently before them ("We discussed the book by Victor
        Kravchenko ... K. tells of ..."). A surname or given name that several people here bear
        as written ("Иванова" beside Пётр Иванов and Светлана Иванова) is left to the editor, and
        so are initials none of whose fitting people is named before them: None.
        """
        start = person.mention.start
        literal = [i for i, t in fitting.items() if t.parsed is not None and _literal(person, t.parsed)]
        if not literal:
            return None
        before = {i: max(p for p in places[i] if p < start)
                  for i in literal if any(p < start for p in places[i])}
        if len(literal) == 1:
            best, why = literal[0], "the only one whose name as written here fits it"
        elif before and person.form == _INITIALS:
            ranked = sorted(before, key=lambda i: -before[i])
            if len(ranked) > 1 and before[ranked[0]] == before[ranked[1]]:
                return None
            best, why = ranked[0], "the one named most recently before it"
        else:
            return None
        target = fitting[best]
        others = [t for i, t in fitting.items() if i != best]
        decision = self._from_target(person, target)
        decision.reason += (f"; {why}, of {len(fitting)} who fit (also "
                            + "; ".join(f"{_q(t.label)}, {t.where}" for t in others) + ")")
        extra = [(n, 0.5) for t in others for n in t.numbers if n not in target.numbers]
        if extra and decision.entity_id is not None:
            decision.candidates += [(self.index.ids[n], 0.5) for n, _ in extra[: self.max_candidates]]
        return decision

    def _from_target(self, person: _Person, target: _Target) -> LinkDecision:
        mention = person.mention
        refers = f"{_q(mention.text)} refers to {_q(target.label)} ({target.where})"
        if target.proposed:
            reason = f"{refers}, who is not in the register; proposed as a new entry {_q(target.proposed)}"
            return self.decision(mention, "proposed_new", reason, proposed=target.proposed)
        with_surname = bool(person.parsed.surname)
        fitting = [n for n in target.numbers
                   if self.entry_fits(person, n, surname=with_surname) is None] or list(target.numbers)
        if len(fitting) == 1 and target.settled:
            entry = self.name(fitting[0])
            via = f"; {entry} in the register" if entry != target.label else ""
            return self.decision(mention, "linked", refers + via, [(fitting[0], 1.0)], fitting[0])
        open_question = "" if target.settled else ", itself not settled,"
        which = "any of " if len(fitting) > 1 else ""
        reason = f"{refers}{open_question} who may be {which}{self.names_of(fitting)}"
        return self.decision(mention, "ambiguous", reason, [(n, 1.0) for n in fitting])

    def _short_from_register(self, person: _Person) -> LinkDecision:
        mention, said = person.mention, _q(person.text)
        if person.form == _SURNAME:
            return self._surname_from_register(person)
        # a given name (with or without patronymic) or bare initials: listed, never linked, from the register
        numbers: list[int] = []
        total = 0
        if person.form == _GIVEN:
            prefixes = ("gp:",) if person.parsed.patronymic else ("g:",)
            seen: set[int] = set()
            for key in sorted(person.keys):
                if not key.startswith(prefixes):
                    continue
                total += self.index.count(key)
                for number in self.index.iter_lookup(key):
                    if len(seen) >= _EXAMINE:
                        break
                    if number in seen or self.index.types[number] != "person":
                        continue
                    seen.add(number)
                    if not _gender_clash(person, self.index.gender(number)):
                        numbers.append(number)
        what = "a given name" if person.form == _GIVEN else "initials"
        proposed = self.fuller_form(person)
        if numbers and person.form == _GIVEN:
            family = self._family(numbers)
            if len(family) == 1:
                number, surname = next(iter(family.items()))
                others = [n for n in numbers if n != number]
                reason = (f"{said} is a given name alone; of the {len(numbers)} people in the register who "
                          f"bear it, only {self.name(number)} shares a surname with someone this document or "
                          f"source names ({surname})")
                return self.decision(mention, "linked", reason,
                                     [(number, 0.8), *((n, 0.2) for n in others)], number)
        if numbers:
            ranked = sorted(numbers, key=lambda n: (n not in self.named_here(), n))
            count = f"{len(numbers)}" if total <= len(seen) else f"{total} or so"
            bearers = f"{count} people in the register bear it: {self.names_of(ranked)}"
            listed = f"{count} people in the register who bear it ({self.names_of(ranked)})"
            common = len(numbers) > _MANY_BEARERS and not set(numbers) & self.named_here()
            if person.form == _GIVEN and common:
                # a name this common, none of whose bearers the document or source names, most likely
                # belongs to someone the register lacks: proposed, with the bearers listed for the editor
                reason = (f"{said} is {what} alone, nothing in the document says whose, and none of the "
                          f"{listed} is named here; proposed as a new entry {_q(proposed)}")
                return self.decision(mention, "proposed_new", reason, [(n, 0.2) for n in ranked],
                                     proposed=proposed)
            reason = f"{said} is {what} alone and nothing in the document says whose; {bearers}"
            return self.decision(mention, "ambiguous", reason, [(n, 0.5) for n in ranked], proposed=proposed)
        reason = (f"{said} is {what} alone, and nothing in the document or the register fits it; proposed "
                  f"as a new entry {_q(proposed)}")
        return self.decision(mention, "proposed_new", reason, proposed=proposed)

    def _surnames_of(self, entry: int) -> list[tuple[str, int | None, str]]:
        return [(key, entry, self.name(entry)) for key in Facts.parse(self.index.facts[entry]).surname]

    def _family(self, numbers: list[int]) -> dict[int, str]:
        """Of the register entries `numbers`, those that share a surname with another person this
        document (as linked or as written) or this source names; with that person's name."""
        named: list[tuple[str, int | None, str]] = []  # (surname key, entry, the name that bears it)
        for other in self.document:
            decision = self.decided.get(id(other))
            other_person = self.persons.get(id(other))
            if other_person is None or decision is None or not other_person.surname_key:
                continue  # a given name alone names no family
            entry = self.index.number(decision.entity_id) if decision.entity_id else None
            named.append((other_person.surname_key, entry, other_person.parsed.surname or other.text))
            if entry is not None and decision.status == "linked":
                named += self._surnames_of(entry)
        for entry in self.named_here():
            named += self._surnames_of(entry)
        out: dict[int, str] = {}
        for number in numbers:
            surnames = Facts.parse(self.index.facts[number]).surname
            bearer = next((label for key, entry, label in named if key in surnames and entry != number), None)
            if bearer is not None:
                out[number] = bearer
        return out

    def _surname_from_register(self, person: _Person) -> LinkDecision:
        mention, said = person.mention, _q(person.text)
        key = "s:" + person.surname_key
        total = self.index.count(key)
        count = self.index.surname_count(key, person.genders)
        # the first few that fit, the entries this letter or source names first; the count is kept per
        # surname and gender, so a surname thousands bear costs no more than a rare one
        named = [n for n in self.named_here() if self.index.has(key, n)]
        fitting: list[int] = [n for n in named if not _gender_clash(person, self.index.gender(n))]
        rejected: list[tuple[int, str]] = []
        for number in self.index.iter_lookup(key):
            if len(fitting) >= max(self.max_candidates, 2) and len(fitting) >= min(count, 2):
                break
            if number in fitting:
                continue
            if _gender_clash(person, self.index.gender(number)):
                if len(rejected) < 3:
                    rejected.append((number, "is of the other gender"))
                continue
            fitting.append(number)
        aside = self._aside(rejected) if total <= 10 else ""
        if count == 1 and fitting:
            reason = (f"nothing in the document says who {said} is, and {self.name(fitting[0])} is the only "
                      f"person in the register with that surname{aside}")
            return self.decision(mention, "linked", reason, [(fitting[0], 1.0)], fitting[0])
        own = "*" + person.surname_key
        holders = [n for n in fitting if own in self.index.facts[n].rpartition("|")[2].split(",")]
        if len(holders) == 1 and len(fitting) > 1 and count == len(fitting):
            # One entry bears the surname in its own preferred name; the others only through a
            # variant (a wife's married name, a pseudonym's family): the name's holder is meant
            # unless the document says otherwise, and the editor still sees the others.
            holder = holders[0]
            others = [n for n in fitting if n != holder]
            reason = (f"a surname alone; {self.name(holder)} bears it in their own name, while "
                      f"{self.names_of(others)} bear it only as a variant{aside}")
            return self.decision(mention, "linked", reason,
                                 [(holder, 0.7), *((n, 0.3) for n in others)], holder)
        if fitting:
            reason = (f"a surname alone, and nothing in the document says which of {count} people in "
                      f"the register {said} is: {self.names_of(fitting)}{aside}")
            decision = self.decision(mention, "ambiguous", reason, [(n, 1.0) for n in fitting])
            decision.candidate_count = count
            return decision
        proposed = self.fuller_form(person)
        near = [(n, score) for n, score in self.index.fuzzy((), person.surname_key)
                if score >= _SURNAME_ALONE_NEAR and self.index.types[n] == "person"
                and not _gender_clash(person, self.index.gender(n))
                and any(k[:1] == person.surname_key[:1] for k in Facts.parse(self.index.facts[n]).surname)]
        if near:
            reason = (f"no one in the register has the surname {said}; the closest spellings are "
                      f"{self.names_of([n for n, _ in near])}")
            return self.decision(mention, "ambiguous", reason, near, proposed=proposed)
        reason = f"no one in the register has the surname {said}{aside}; proposed as new: {_q(proposed)}"
        return self.decision(mention, "proposed_new", reason, proposed=proposed)


def _q(text: str) -> str:
    return f"“{text}”"


def _richness(parsed: names.PersonName) -> int:
    return (3 * bool(parsed.surname) + 2 * bool(parsed.given) + 2 * bool(parsed.patronymic)
            + min(len(parsed.initials), 2))


def _literal(person: _Person, written: names.PersonName) -> bool:
    """Does the short form agree with a name as the document writes it, not only through the
    register's other forms of it? "Lev" agrees with "Lev Mishchenko" and with "Лёва" but not with
    "Leon Trotsky"; "K." with "Kravchenko" and with "Koka"."""
    mine = person.parsed
    if mine.given:
        return bool(written.given) and names.match_key(written.given) in person.given_keys
    if mine.surname:
        return bool(written.surname) and names.surname_key(written.surname) == person.surname_key
    return _fits(person, written) is None


def _other_gendered_form(person: _Person, other: _Person) -> bool:
    return gendered_pair(person.parsed.surname or "", other.parsed.surname or "")


def _masculine_beside_feminine(persons: list[_Person]) -> None:
    """A Latin-script surname alone in its masculine form, where the same document writes the
    feminine form too, is a man's (see `_other_gendered_form`)."""
    written = {p.parsed.surname for p in persons if p.parsed.surname}
    for person in persons:
        surname = person.parsed.surname
        if person.form != _SURNAME or not surname or person.genders or _CYRILLIC.search(surname):
            continue
        if any(len(w) > len(surname) and gendered_pair(surname, w) for w in written):
            person.genders = frozenset({"m"})


_ORDER = {_FULL: 0, _INITIALS_SURNAME: 0, _SURNAME: 1, _GIVEN: 2, _INITIALS: 2, _NONE: 2}


def link_mentions(mentions: list[Mention], index: RegisterIndex, context: LinkContext | None = None, *,
                  max_candidates: int = MAX_CANDIDATES) -> list[LinkDecision]:
    """One decision per mention, in the mentions' order (see the module docstring for the rules).

    `context.mentions` may hold the document's other mentions (those not being linked now); they
    inform the decisions but get none of their own. Nothing is written into the mentions.
    """
    linker = _Linker(index, context or LinkContext(), max_candidates)
    own = {id(m) for m in mentions}
    document = list(mentions) + [m for m in linker.context.mentions if id(m) not in own]
    document.sort(key=lambda m: (m.start, m.end))
    linker.document = document
    for mention in document:
        if mention.entity_type == "person":
            linker.persons[id(mention)] = _person(mention)
    _masculine_beside_feminine(list(linker.persons.values()))

    def order(mention: Mention) -> int:
        person = linker.persons.get(id(mention))
        return 0 if person is None else _ORDER[person.form]

    for mention in sorted(document, key=lambda m: (order(m), m.start, m.end)):
        linker.decided[id(mention)] = linker.decide(mention)
    return [linker.decided[id(m)] for m in mentions]


def _nominative(text: str) -> str:
    """A Russian place or organisation name with its head noun (and the adjectives before it) in the
    nominative, first letters kept: "Бутырской тюрьмы" → "Бутырская тюрьма"; other text as written."""
    if not _CYRILLIC.search(text):
        return text
    words = text.split()
    out = []
    for word in words:
        parse = next((p for p in morph().parse(word) if p.tag.POS in ("NOUN", "ADJF", "PRTF")), None)
        if parse is None:
            break
        nominative = parse.inflect({"nomn"}) if parse.tag.case != "nomn" else parse
        lemma = nominative.word if nominative is not None else word.lower()
        out.append(lemma[:1].upper() + lemma[1:] if word[:1].isupper() else lemma)
        if parse.tag.POS == "NOUN":
            break
    return " ".join(out + words[len(out):])
