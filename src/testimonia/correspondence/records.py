"""The records of correspondence analysis: letters in a pair, references, gaps, edges."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Correspondent:
    """Someone who wrote or received letters: a register entry, or a name no entry holds yet.

    `key` is the entity id where the party is linked, else "name:" + the name as written, so
    that unlinked senders still pair up with themselves.
    """

    key: str
    name: str

    @property
    def entity_id(self) -> str | None:
        return None if self.key.startswith("name:") else self.key


@dataclass(frozen=True)
class LetterEdge:
    """How many letters one correspondent sent to another (one direction)."""

    sender: Correspondent
    addressee: Correspondent
    letters: int
    first: str | None  # ISO day of the earliest dated letter
    last: str | None


@dataclass(frozen=True)
class CorrespondentPair:
    """Two correspondents and the letters each way."""

    a: Correspondent
    b: Correspondent
    a_to_b: int
    b_to_a: int
    first: str | None
    last: str | None

    @property
    def letters(self) -> int:
        return self.a_to_b + self.b_to_a


@dataclass
class LetterReference:
    """A letter's words about another letter: "your letter of the 12th", "получил твоё письмо".

    `start`/`end` are offsets into the citing letter's source text. `writer` says whose letter
    is meant: "addressee" (your/твоё), "author" (my/моё) or None where the words do not say.
    `date` is the ISO day the words name, resolved against the citing letter's date; `count`
    how many letters ("your two letters" -> 2; 0 for "several"); `matched` the id of the
    letter of the pair it was matched to, once the correspondence is read.
    """

    text: str
    start: int
    end: int
    writer: str | None
    date_text: str | None = None
    date: str | None = None
    count: int = 1
    matched: str | None = None


@dataclass
class PairLetter:
    """One letter between the two correspondents, with its direction and what follows it."""

    document_id: str
    direction: str  # "a_to_b" or "b_to_a"
    date: str | None  # ISO day the letter is dated (its earliest day), None when undated
    date_text: str | None
    edtf: str | None
    place: str | None
    title: str | None
    reply_days: int | None = None  # days to the next letter the other way
    reply_to: str | None = None  # that letter's id
    references: list[LetterReference] = field(default_factory=list)


@dataclass
class MissingLetter:
    """A letter the correspondence refers to and the archive lacks.

    `date` is the day the citing words name, or None when they name none; then `after` and
    `before` bound when it was written (the cited writer's previous letter and the citing one).
    """

    direction: str | None  # "a_to_b", "b_to_a", or None where the words do not say whose
    cited_in: str  # the id of the letter that refers to it
    quote: str
    date: str | None
    after: str | None
    before: str | None


@dataclass
class Gap:
    """A silence between two consecutive letters much longer than the pair's usual rhythm."""

    start: str
    end: str
    days: int
    after_letter: str
    before_letter: str


@dataclass
class Correspondence:
    """The letters between two correspondents, in date order, read together."""

    a: Correspondent
    b: Correspondent
    letters: list[PairLetter]
    missing: list[MissingLetter]
    gaps: list[Gap]
    median_interval_days: float | None
    median_reply_days: float | None
    total: int  # letters between the pair in the archive (the list may be cut at a limit)
