"""One reading of a name per document: the document's own evidence settles a model's type errors.

A statistical model types each occurrence of a name on its own, from the few words around it,
and small models often take a surname or a given name for a place or an organisation ("Figes
blames ...", "Visited Natalia"). A writer, though, means one thing by one name throughout a
document. `settle_types` therefore reads the document as a whole, after the backends' output
has been merged:

1. **Person evidence.** A word is known to name a person in this document when the register
   found it as a person (`merge_mentions` already lets the register's type stand over a model's
   on the same span), when it is part of a fuller person mention ("Vadim Rogovin" vouches for
   "Rogovin": a register name, or a model's whose first word is a known given name), or when it
   is a given name the name tables list ("Natalia", "Koka"; not "Израиль" or "Марс", which a
   parser would take for names).
2. **Retyping.** A one-word place or organisation mention from a model or a rule whose word is
   so known becomes a person, unless a locative preposition governs it ("in Victoria", "из
   Софии") or the register itself reads it as a place or organisation.
3. **Works.** A model's place or organisation right after an English word for a work ("the poem
   Tvoya Pobeida", "author of The Stone") is a work; so is the next item of a list of works dated
   in brackets ("The Stone (1913) and Tristla (1922)"). (A person there may be the author: "the
   book Darwin wrote"; and in Russian a name after "книги" is the author, in the genitive.)
4. **Other occurrences.** A one-word name settled as a person on such evidence is also a person
   where no backend marked it (method "rule:same_name"), written with the same capital, unless the text
   also uses it as a lowercase word ("Conquest" / "conquest").
5. **Given names.** A given name the tables list, where nothing else was found, is a person
   ("Dear Anna,", "Today Kolya came"; method "rule:given_name"), except at the start of a
   sentence, after a preposition of place, before a number, beside another capitalised word,
   or where the text uses the word in lower case.

Nothing here consults a list of known texts or names beyond the register and the given-name
tables; each step is a property of how documents are written.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from testimonia import names
from testimonia.model import Mention
from testimonia.recognise.base import LETTER, LOWER, UPPER, looks_like_initials
from testimonia.recognise.rules import COMMON_WORDS, WORK_CUE_BEFORE

SAME_NAME_METHOD = "rule:same_name"
SAME_NAME_CONFIDENCE = 0.6
_KNOWN_TYPES = ("register", "markup")

# A preposition of place right before a name makes it a place ("in Victoria", "из Софии"); "у"
# and "к" are left out, since "у Наташи", "к Наташе" are about a person.
_LOCATIVE_BEFORE = re.compile(
    r"(?<![\w-])(?:[Ii]n|[Aa]t|[Ff]rom|[Tt]o|[Nn]ear|[Ii]nto|[Tt]owards?|[Aa]cross|[Oo]utside|[Ii]nside|"
    r"[Aa]round|[Tt]hrough|[Vv]ia|[Vv]isit(?:ed|ing)? to|[Вв]о?|[Ии]з|[Пп]од|[Оо]коло|[Вв]озле|[Бб]лиз)"
    r"[ \t\u00a0]+(?:the[ \t\u00a0]+)?$"
)
_DATED = re.compile(r"\s*\(\d{4}\)")
_DATED_LIST = re.compile(r"\s*\(\d{4}\)\s*(?:,|and|or|и|или)?\s*")
_LOWER_WORD = re.compile(rf"(?<!{LETTER}){LOWER}{LETTER}*")
_NAME_WORD = re.compile(rf"{LETTER}+(?:[-'’]{LETTER}+)*")


def settle_types(text: str, mentions: list[Mention], add: bool = True) -> list[Mention]:
    """The document's mentions with types made consistent and missed occurrences added, sorted.

    `mentions` are the merged, non-overlapping mentions of `text` (offsets into it); they are
    changed in place where their type is settled. `add`: also add the occurrences nothing marked
    (steps 4 and 5, which are rules: the pipeline adds them when the "rules" backend runs).
    """
    register_types = _register_types(mentions)
    persons = _person_words(mentions, register_types)
    previous: Mention | None = None
    for mention in sorted(mentions, key=lambda m: m.start):
        before, previous = previous, mention
        if mention.method in _KNOWN_TYPES:
            continue
        if before is not None and before.entity_type == "work" and mention.entity_type != "work" \
                and _DATED_LIST.fullmatch(text, before.end, mention.start) \
                and _DATED.match(text, mention.end):
            mention.entity_type = "work"  # "The Stone (1913) and Tristla (1922)": a list of dated works
            continue
        if mention.entity_type in ("place", "organisation") \
                and WORK_CUE_BEFORE.search(text, max(0, mention.start - 40), mention.start):
            mention.entity_type = "work"
            continue
        if mention.entity_type in ("place", "organisation") and _one_word(mention.text) \
                and mention.text in persons and not _locative(text, mention.start):
            mention.entity_type = "person"
    if not add:
        return sorted(mentions, key=lambda m: (m.start, m.end))
    added = _other_occurrences(text, mentions, register_types, persons)
    added += _given_names(text, [*mentions, *added])
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end))


GIVEN_NAME_METHOD = "rule:given_name"
GIVEN_NAME_CONFIDENCE = 0.55
_CAPITALISED = re.compile(rf"(?<!{LETTER})(?<![-.])({UPPER}{LOWER}+)(?![-.]?{LETTER})")
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?…:;][\"'”’»)]?\s+|[\"“«„‘(]\s*|\n\s*)$")
_NUMBER_AFTER = re.compile(r"[ \t\u00a0]*\d")


def _given_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """A given name the tables list, standing where nothing else was found, is a person: "Dear
    Anna,", "Today Kolya came" (method "rule:given_name").

    Not at the start of a sentence, where "Вера", "Слава" or "Victoria" may be words or places,
    nor after a preposition of place, nor before a number ("May 3"), nor beside another
    capitalised word (part of a longer name the backends missed: "Nina Ricci", "ордена
    Александра Невского"), nor where the text also uses the word in lower case."""
    taken = sorted((m.start, m.end) for m in mentions)
    lowercase: set[str] | None = None
    out: list[Mention] = []
    for found in _CAPITALISED.finditer(text):
        start, end = found.span(1)
        i = bisect.bisect_left(taken, (end, -1))
        if i and taken[i - 1][1] > start:
            continue
        if _SENTENCE_BEFORE.search(text, max(0, start - 4), start) or _locative(text, start) \
                or _NUMBER_AFTER.match(text, end) or _beside_capitalised(text, start, end) \
                or not _known_given_name(found.group(1)):
            continue  # (beside another capitalised word it is part of a longer name: "Nina Ricci")
        if lowercase is None:
            lowercase = set(_LOWER_WORD.findall(text))
        if found.group(1).lower() in lowercase:
            continue
        out.append(Mention(start, end, found.group(1), "person", method=GIVEN_NAME_METHOD,
                           confidence=GIVEN_NAME_CONFIDENCE))
    return out


def _one_word(surface: str) -> bool:
    return bool(_NAME_WORD.fullmatch(surface)) and surface[:1].isupper()


def _locative(text: str, start: int) -> bool:
    return bool(_LOCATIVE_BEFORE.search(text, max(0, start - 20), start))


def _register_types(mentions: Iterable[Mention]) -> dict[str, set[str]]:
    """The types the register (or the edition's markup) gave each surface in this document."""
    out: dict[str, set[str]] = {}
    for m in mentions:
        if m.method in _KNOWN_TYPES:
            out.setdefault(m.text, set()).add(m.entity_type)
    return out


def _person_words(mentions: list[Mention], register_types: dict[str, set[str]]) -> set[str]:
    """Words this document shows to name persons (see the module docstring, step 1)."""
    words: set[str] = set()
    for m in mentions:
        if m.entity_type != "person":
            continue
        if m.method in _KNOWN_TYPES and _one_word(m.text):
            words.add(m.text)
        parts = [p for p in _NAME_WORD.findall(m.text) if p[:1].isupper() and len(p) > 1]
        if len(parts) < 2 or looks_like_initials(m.text):
            continue
        if m.method in _KNOWN_TYPES:
            words.update(parts)
        elif _known_given_name(parts[0]):
            # a model's "Vadim Rogovin" vouches for "Rogovin"; a model's "Японии Синдзи Хара" does not
            words.update((parts[0], parts[-1]))
    for m in mentions:
        if _one_word(m.text) and m.text not in words and _known_given_name(m.text):
            words.add(m.text)
    # a word the register knows only as something else is not a person's here
    return {w for w in words if register_types.get(w, {"person"}) & {"person"}}


def _known_given_name(word: str) -> bool:
    """A given name the name tables know (they give it a gender), not a word of unknown kind."""
    parsed = names.parse_person_name(word)  # the given name in the nominative: Наташи → Наташа
    return bool(parsed.given) and not parsed.surname and names.is_known_given_name(parsed.given or "")


def _other_occurrences(text: str, mentions: list[Mention], register_types: dict[str, set[str]],
                       persons: set[str]) -> list[Mention]:
    """Person mentions for the occurrences of a settled one-word person name that nothing marked.

    An occurrence beside other capitalised words is part of a longer name: it is taken whole when
    every word of it is known to name a person here ("Евгений Евтушенко" where both were marked
    elsewhere), and left alone otherwise ("Эмма Мартина Луиджа").
    """
    # only names with evidence beyond a model's lone guess are spread ("Филдсовская" once typed a
    # person by a model is not made a person everywhere)
    settled = {m.text for m in mentions if m.entity_type == "person" and m.text in persons
               and not looks_like_initials(m.text)}
    if not settled:
        return []
    known = persons
    lowercase = set(_LOWER_WORD.findall(text))
    # the text also uses a word in lower case: a common word, capitalised only by position
    settled = {w for w in settled if w.lower() not in lowercase}
    if not settled:
        return []
    taken = sorted((m.start, m.end) for m in mentions)
    spans: set[tuple[int, int]] = set()
    words = "|".join(re.escape(w) for w in sorted(settled, key=len, reverse=True))
    for found in re.finditer(rf"(?<!{LETTER})(?<!-)(?:{words})(?!-?{LETTER})", text):
        span = _whole_name(text, found.start(), found.end(), known)
        if span is None or _locative(text, span[0]):
            continue
        # merged mentions do not overlap, so the last one starting before the span ends reaches
        # furthest: the span is free when that one ends before it begins
        i = bisect.bisect_left(taken, (span[1], -1))
        if i and taken[i - 1][1] > span[0]:
            continue
        spans.add(span)
    return [Mention(start, end, text[start:end], "person", method=SAME_NAME_METHOD,
                    confidence=SAME_NAME_CONFIDENCE) for start, end in sorted(spans)]


def _beside_capitalised(text: str, start: int, end: int) -> bool:
    """Does a capitalised word other than a common one ("Dear", "Мой") stand right beside this one?"""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text, end)
    return any(m is not None and m.group(1)[:1].isupper() and m.group(1) not in COMMON_WORDS
               for m in (before, after))


_WORD_BEFORE = re.compile(rf"({LETTER}+(?:[-'’]{LETTER}+)*)[ \t\u00a0]$")
_WORD_AFTER = re.compile(rf"[ \t\u00a0]({LETTER}+(?:[-'’]{LETTER}+)*)")


def _whole_name(text: str, start: int, end: int, known: set[str]) -> tuple[int, int] | None:
    """The run of capitalised words around text[start:end], if each names a person here; else None."""
    while True:
        before = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if not before or not before.group(1)[:1].isupper():
            break
        if before.group(1) not in known:
            return None
        start = before.start(1)
    while True:
        after = _WORD_AFTER.match(text, end)
        if not after or not after.group(1)[:1].isupper():
            break
        if after.group(1) not in known:
            return None
        end = after.end(1)
    return start, end
