"""What the claim finders know about one document: its text, sentences, mentions and author.

Every finder reads the same `DocumentContext`, so sentence splitting, the register look-up and
the choice of who a pronoun means are decided once, in one place.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from testimonia.claims.model import Actor
from testimonia.model import Document, Mention, Note

# A sentence ends at . ! ? … followed by space and a capital, a quote or a dash; never after an
# initial ("K.", "L.D.") or a common abbreviation, which in testimony are everywhere.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[»”\"’)\]]*\s+(?=[«“„\"‘(\[—–-]?\s*[A-ZА-ЯЁ0-9])|\n\s*\n")
_ABBREVIATION = re.compile(r"(?:\b[A-ZА-ЯЁ]|\b(?:Mr|Mrs|Dr|St|vol|Vol|No|pp|p|cf|т|г|гг|см|им|etc))\.$")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_INITIAL_ONLY = re.compile(r"^(?:[A-ZА-ЯЁ]\.\s*){1,2}$")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)


@dataclass
class Span:
    start: int
    end: int


class Spans:
    """Sorted, mostly disjoint spans (quotations) asked whether a range overlaps any of them."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [s for s, _ in self._spans]
        self._longest = max((e - s for s, e in self._spans), default=0)

    def overlaps(self, start: int, end: int) -> bool:
        # only spans that begin before `end` and no earlier than the longest span before `start`
        high = bisect.bisect_left(self._starts, end)
        low = bisect.bisect_left(self._starts, start - self._longest)
        return any(s < end and start < e for s, e in self._spans[low:high])


@dataclass
class DocumentContext:
    """A document's text and what earlier stages found in it, ready for the claim finders."""

    text: str  # the whole source text: every offset indexes into it
    document: Document
    mentions: list[Mention] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # lower-cased name or variant -> entity id
    sentences: list[Span] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)
    language: str = "en"
    fallback_author: str | None = None  # the source's author, for documents that name none
    _sentence_starts: list[int] = field(default_factory=list)
    _sentence_ends: list[int] = field(default_factory=list)
    _paragraph_starts: list[int] = field(default_factory=list)
    _mention_starts: list[int] = field(default_factory=list)
    _linked: dict[str, str] = field(default_factory=dict)  # a linked mention's text -> its entity

    @classmethod
    def build(cls, text: str, document: Document, mentions: list[Mention], notes: list[Note],
              names: dict[str, str] | None = None, fallback_author: str | None = None) -> DocumentContext:
        inside = sorted((m for m in mentions if document.start <= m.start < document.end
                         and m.status != "rejected"), key=lambda m: m.start)
        context = cls(text, document, inside, notes, names or {}, fallback_author=fallback_author)
        context.paragraphs = _split(text, document.start, document.end, _PARAGRAPH_BREAK)
        context.sentences = [s for p in context.paragraphs for s in _sentences(text, p)]
        context._sentence_starts = [s.start for s in context.sentences]
        context._sentence_ends = [s.end for s in context.sentences]
        context._paragraph_starts = [p.start for p in context.paragraphs]
        context._mention_starts = [m.start for m in inside]
        for mention in inside:
            if mention.entity_id:
                context._linked.setdefault(_normal(mention.text), mention.entity_id)
        body = text[document.start:document.end]
        cyrillic, latin = len(_CYRILLIC.findall(body)), len(_LATIN.findall(body))
        context.language = document.language or ("ru" if cyrillic > latin else "en")
        return context

    # -- where things are ------------------------------------------------------------------

    # Look-ups by offset go through sorted starts (bisect), so a long memoir with thousands of
    # sentences and mentions costs a logarithm per question, not a scan.

    def sentence_at(self, offset: int) -> Span:
        if not self.sentences:
            return Span(self.document.start, self.document.end)
        index = max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)
        return self.sentences[index]

    def paragraph_at(self, offset: int) -> Span:
        index = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if index >= 0 and self.paragraphs[index].start <= offset < self.paragraphs[index].end:
            return self.paragraphs[index]
        return Span(offset, offset)

    def sentences_before(self, offset: int) -> list[Span]:
        return self.sentences[:bisect.bisect_right(self._sentence_ends, offset)]

    def sentence_after(self, offset: int) -> Span | None:
        index = bisect.bisect_left(self._sentence_starts, offset)
        return self.sentences[index] if index < len(self.sentences) else None

    def persons_in(self, start: int, end: int) -> list[Mention]:
        return self.mentions_in(start, end, "person")

    def mentions_in(self, start: int, end: int, entity_type: str) -> list[Mention]:
        low = bisect.bisect_left(self._mention_starts, start)
        high = bisect.bisect_left(self._mention_starts, end)
        return [m for m in self.mentions[low:high] if m.entity_type == entity_type]

    # -- who -------------------------------------------------------------------------------

    @property
    def witness(self) -> Actor | None:
        """Who makes the document's claims: its first author, linked to the register if possible."""
        if not self.document.authors:
            if self.fallback_author:
                return Actor(self.fallback_author, self.entity_for(self.fallback_author))
            return None
        author = self.document.authors[0]
        return Actor(author.name, author.entity_id or self.entity_for(author.name))

    def is_party(self, mention: Mention) -> bool:
        """The author or an addressee: never the person a passage is about when it says "he"."""
        parties = [*self.document.authors, *self.document.addressees]
        for party in parties:
            if mention.entity_id and party.entity_id == mention.entity_id:
                return True
            if _same_name(mention.text, party.name):
                return True
        return False

    def entity_for(self, name: str) -> str | None:
        """The register entry of a name: a mention of it in this document first, then the register."""
        wanted = _normal(name)
        return self._linked.get(wanted) or self.names.get(wanted)

    def actor(self, mention: Mention) -> Actor:
        """An actor from a mention; an initial alone ("K.") becomes the person it abbreviates, and a
        given name alone ("Григорий", "Гриша") the person named in full with it earlier on."""
        if _INITIAL_ONLY.match(mention.text.strip()):
            full = self._expand_initial(mention)
            if full is not None:
                return full
        elif len(mention.text.split()) == 1:
            full = self._expand_given(mention)
            if full is not None:
                return full
        return Actor(mention.text, mention.entity_id or self.entity_for(mention.text))

    def _expand_given(self, mention: Mention) -> Actor | None:
        from testimonia.names import full_given_names

        word = _normal(mention.text)
        forms = {word, *(_normal(f) for f in full_given_names(mention.text.strip()))}
        for earlier in reversed(self.persons_in(self.document.start, mention.start)):
            words = _normal(earlier.text).split()
            if len(words) >= 2 and words[0] in forms and not _INITIAL_ONLY.match(earlier.text.strip()):
                return Actor(earlier.text, earlier.entity_id or self.entity_for(earlier.text))
        return None

    def _expand_initial(self, mention: Mention) -> Actor | None:
        # "K." after "Victor Kravchenko" is Kravchenko, whatever a linker guessed: the nearest
        # earlier person written in full whose surname begins with that letter.
        letter = mention.text.strip()[0].upper()
        for earlier in reversed(self.persons_in(self.document.start, mention.start)):
            words = earlier.text.replace("’s", "").split()
            if len(earlier.text.strip()) > 3 and words and words[-1][0].upper() == letter \
                    and not _INITIAL_ONLY.match(earlier.text.strip()):
                return Actor(earlier.text, earlier.entity_id or self.entity_for(earlier.text))
        return None

    def salient_person(self, before: int, exclude: Actor | None = None, gender: str | None = None,
                       window: int = 2500) -> Actor | None:
        """Who "he", "she" or "this gentleman" most likely means at `before`.

        Each person mentioned in the preceding window scores by how often and how lately they
        were named (a mention 600 characters back counts half as much as one just before); the
        author and addressees are left out, because a writer does not call them "he", and so is
        anyone whose name shows the other gender than the pronoun's.
        """
        previous = self._previous_subject(before, exclude, gender)
        if previous is not None:
            return previous
        start = max(self.document.start, before - window)
        scores: dict[str, list] = {}
        for mention in self.persons_in(start, before):
            if self.is_party(mention):
                continue
            actor = self.actor(mention)
            if exclude is not None and _same_actor(actor, exclude):
                continue
            key = actor.entity_id or _normal(actor.name).split()[-1]
            weight = 0.5 ** ((before - mention.end) / 600)
            entry = scores.setdefault(key, [0.0, actor])
            entry[0] += weight
            if len(actor.name) > len(entry[1].name):
                entry[1] = actor
        ranked = sorted(scores.values(), key=lambda item: -item[0])
        for _, actor in ranked:
            if gender is None or name_gender(actor.name) in (None, gender):
                return actor
        return None


    def _previous_subject(self, before: int, exclude: Actor | None, gender: str | None) -> Actor | None:
        # A pronoun at the head of a sentence most often takes up the person the sentence
        # before was about: its first-named person, if that sentence is in the same paragraph.
        paragraph = self.paragraph_at(max(self.document.start, before - 1))
        earlier = [s for s in self.sentences_before(before)[-1:] if s.start >= paragraph.start]
        if not earlier:
            return None
        sentence = earlier[-1]
        for mention in self.persons_in(sentence.start, sentence.end):
            if self.is_party(mention):
                continue
            actor = self.actor(mention)
            if exclude is not None and _same_actor(actor, exclude):
                continue
            if gender is None or name_gender(actor.name) in (None, gender):
                return actor
            return None
        return None


def name_gender(name: str) -> str | None:
    """"f" or "m" where the name shows it (a known given name, a patronymic, a Russian surname)."""
    from testimonia import names
    from testimonia.link.index import gender_evidence

    try:
        return gender_evidence(names.parse_person_name(name))
    except (ValueError, IndexError):
        return None


def pronoun_gender(word: str) -> str | None:
    word = word.lower()
    if word in ("he", "him", "his", "он", "его", "ему", "им", "нем", "нём"):
        return "m"
    if word in ("she", "her", "hers", "она", "ее", "её", "ей", "ней"):
        return "f"
    return None


def _split(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[Span]:
    spans, cursor = [], start
    for match in pattern.finditer(text, start, end):
        if text[cursor:match.start()].strip():
            spans.append(_trimmed(text, cursor, match.start()))
        cursor = match.end()
    if text[cursor:end].strip():
        spans.append(_trimmed(text, cursor, end))
    return spans


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _sentences(text: str, paragraph: Span) -> list[Span]:
    spans, cursor = [], paragraph.start
    for match in _SENTENCE_END.finditer(text, paragraph.start, paragraph.end):
        if _ABBREVIATION.search(text[max(cursor, match.start() - 6):match.start()]):
            continue
        if text[cursor:match.start()].strip():
            spans.append(_trimmed(text, cursor, match.start()))
        cursor = match.end()
    if text[cursor:paragraph.end].strip():
        spans.append(_trimmed(text, cursor, paragraph.end))
    return spans


def _normal(name: str) -> str:
    name = re.sub(r"[’']s$", "", name.strip())
    return " ".join(name.lower().replace("ё", "е").split())


def _same_name(a: str, b: str) -> bool:
    """One person's name written twice: the same surname in any case, gender or script form, and
    (where both give one) the same initial of the given name, so that a husband and wife who
    share a surname stay apart."""
    a_words, b_words = _normal(a).split(), _normal(b).split()
    if not a_words or not b_words:
        return False
    if a_words == b_words:
        return True
    a_last, b_last = _surname(a_words[-1]), _surname(b_words[-1])
    if a_last != b_last or len(a_last) < 3:
        return False
    if len(a_words) > 1 and len(b_words) > 1:
        return _surname(a_words[0])[:1] == _surname(b_words[0])[:1]
    return True


@lru_cache(maxsize=65536)
def _surname(word: str) -> str:
    """A comparison key for a surname: case forms, gendered forms and scripts meet
    ("Коваля" and "Koval", "Лебедевым" and "Lebedev"); a final vowel is dropped, since the
    inflections that the dictionary does not know end in one."""
    from testimonia.names import surname_key

    key = surname_key(word) or word
    return key.rstrip("aeiouy") or key


def _same_actor(a: Actor, b: Actor) -> bool:
    if a.entity_id and b.entity_id:
        return a.entity_id == b.entity_id
    return _same_name(a.name, b.name)


def same_actor(a: Actor | None, b: Actor | None) -> bool:
    """Two actors are one person: the same register entry, or (unlinked) the same surname."""
    return a is not None and b is not None and _same_actor(a, b)


def normal_name(name: str) -> str:
    return _normal(name)
