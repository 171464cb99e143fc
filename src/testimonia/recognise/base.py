"""What every recogniser shares: the protocol, the type mapping, span clean-up, chunking, merging.

A recogniser finds spans of a text that name a person, place, organisation or work and returns
them as `Mention`s whose offsets point into the text it was given (not into a slice of it), with
`entity_key` None: linking a mention to a register entry is a later stage.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol, runtime_checkable

from testimonia.model import Mention

# spaCy's OntoNotes labels. NORP (nationalities, religious and political groups: "Soviet",
# "Trotskyists", "Bolsheviks") names no single entity, so it is dropped rather than made an
# organisation; so are DATE, CARDINAL, EVENT (dates are a stage of their own) and the rest.
SPACY_TYPES: dict[str, str] = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organisation",
    "WORK_OF_ART": "work",
}

# natasha's (slovnet's) three labels.
NATASHA_TYPES: dict[str, str] = {"PER": "person", "LOC": "place", "ORG": "organisation"}

# How much more confident an overlapping mention has to be to win over a longer one.
CONFIDENCE_MARGIN = 0.2
# Agreement never makes a machine guess certain.
MAX_CONFIDENCE = 0.99


@runtime_checkable
class Recogniser(Protocol):
    """Finds mentions in `text[start:end]`; offsets in the result are offsets into `text`."""

    name: str

    def recognise(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]: ...


@runtime_checkable
class BatchRecogniser(Recogniser, Protocol):
    """A recogniser that is faster on many texts at once (the model backends)."""

    def recognise_batch(self, items: Sequence[tuple[str, int, int]]) -> list[list[Mention]]:
        """For each (text, start, end): the mentions in text[start:end], offsets into text."""
        ...


def _letters(predicate) -> str:  # type: ignore[no-untyped-def]
    """The letters of the Latin, Greek and Cyrillic blocks that satisfy `predicate`, as class ranges."""
    codes = [c for lo, hi in ((0x41, 0x24F), (0x370, 0x3FF), (0x400, 0x52F)) for c in range(lo, hi + 1)]
    chosen = [c for c in codes if predicate(chr(c))]
    parts: list[str] = []
    i = 0
    while i < len(chosen):
        j = i
        while j + 1 < len(chosen) and chosen[j + 1] == chosen[j] + 1:
            j += 1
        lo, hi = re.escape(chr(chosen[i])), re.escape(chr(chosen[j]))
        parts.append(lo if i == j else (lo + hi if j == i + 1 else f"{lo}-{hi}"))
        i = j + 1
    return "".join(parts)


# Character classes for regexes: Python's `re` has no \p{Lu}, so the upper- and lower-case letters
# of the Latin, Greek and Cyrillic blocks are listed once here.
UPPER = "[" + _letters(str.isupper) + "]"
LOWER = "[" + _letters(str.islower) + "]"
LETTER = r"[^\W\d_]"

# Letter groups that are abbreviations and not a person's initials ("U.S.", "P.S.", "N.B.").
ABBREVIATIONS = frozenset(
    str.split("""
    US UK USA USSR UN EU DC AD BC PS PPS NB OK RIP RSVP AM PM TV GB NY LA SS SA SR MP QC CP SU UC
    GPU OGPU NKVD KGB ID IE EG VIP SOS CV BA MA BSc MSc PhD
    СССР США РФ СС ЧК ГПУ ОГПУ НКВД КГБ ЦК ВКП РКП КП НБ ПС ТВ
    """)
)
_INITIALS_ONLY = re.compile(r"^(?:" + UPPER + r"\.[ \u00a0]?){1,3}$")


def looks_like_initials(surface: str) -> bool:
    """ "L.D.", "Л. Д.": one to three initials that are not a common abbreviation ("U.S.")."""
    return bool(_INITIALS_ONLY.match(surface)) and "".join(filter(str.isalpha, surface)) not in ABBREVIATIONS


# Characters a mention never starts or ends with. A final full stop is kept only after an initial
# or an abbreviation ("L.D.", "Jr."), which is decided in `clean_span`.
_EDGE_PUNCT = " \t\r\n\u00a0\"'“”„«»‘’‹›()[]{}<>,;:!?*_–—-/\\|&+=#§•·"
_POSSESSIVE = re.compile(r"['’][sS]$|(?<=s)['’]$")
_SHORT_FINAL = re.compile(
    r"(?:^|[\s.])" + UPPER + r"{1,2}\.$|(?:^|\s)(?:Jr|Sr|St|Dr|Mr|Mrs|Ms|Mme|Co|Inc|Ltd)\.$"
)


def clean_span(text: str, start: int, end: int, entity_type: str) -> tuple[int, int]:
    """Shrink [start, end) past edge punctuation, a possessive 's and (places, orgs) a lowercase 'the'."""
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start:
        ch = text[end - 1]
        if ch in _EDGE_PUNCT:
            end -= 1
            continue
        if ch == ".":
            if _SHORT_FINAL.search(text[start:end]):
                break
            end -= 1
            continue
        if entity_type in ("person", "place", "organisation") and end - start > 3:
            m = _POSSESSIVE.search(text[end - 3 : end])
            if m:
                end -= 3 - m.start()
                continue
        break
    if entity_type in ("place", "organisation") and text.startswith("the ", start) and end - start > 4:
        start += 4
    return start, end


def make_mention(
    text: str, start: int, end: int, entity_type: str, method: str, confidence: float
) -> Mention | None:
    """A mention over text[start:end] after `clean_span`; None when nothing with a letter is left."""
    start, end = clean_span(text, start, end, entity_type)
    if end <= start:
        return None
    surface = text[start:end]
    if not any(ch.isalpha() for ch in surface):
        return None
    return Mention(start, end, surface, entity_type, method=method, confidence=round(confidence, 3))


_BLOCK_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")
_LINE_BREAK = re.compile(r"\n")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?" + UPPER + ")")


def chunk_spans(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut text[start:end] into pieces of at most about `max_chars`, at paragraph breaks where it can.

    Small paragraphs are packed together up to `max_chars` so that a model sees some context and
    the per-document overhead stays low; a paragraph longer than that is cut after a sentence end
    (or, failing one, at a space). Pieces never start or end inside a word.
    """
    pieces: list[tuple[int, int]] = []
    paras: list[tuple[int, int]] = []
    pos = start
    for m in _BLOCK_BREAK.finditer(text, start, end):
        if m.start() > pos:
            paras.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        paras.append((pos, end))
    paras = [(ps, pe - (len(text[ps:pe]) - len(text[ps:pe].rstrip()))) for ps, pe in paras]
    paras = [(ps, pe) for ps, pe in paras if pe > ps]
    cur_s = cur_e = -1
    for ps, pe in paras:
        if pe - ps > max_chars:
            if cur_s >= 0:
                pieces.append((cur_s, cur_e))
                cur_s = -1
            pieces.extend(_cut_long(text, ps, pe, max_chars))
            continue
        if cur_s < 0:
            cur_s, cur_e = ps, pe
        elif pe - cur_s <= max_chars:
            cur_e = pe
        else:
            pieces.append((cur_s, cur_e))
            cur_s, cur_e = ps, pe
    if cur_s >= 0:
        pieces.append((cur_s, cur_e))
    return pieces


def _cut_long(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    pos = start
    while end - pos > max_chars:
        limit = pos + max_chars
        cut = -1
        # the last sentence end in the second half of the window, else a line break, else a space
        for m in _SENTENCE_END.finditer(text, pos + max_chars // 2, limit):
            cut = m.end()
        if cut < 0:
            nl = text.rfind("\n", pos + max_chars // 2, limit)
            sp = text.rfind(" ", pos + max_chars // 2, limit)
            cut = (nl if nl > 0 else sp) + 1
            if cut <= 0:
                cut = limit
                while cut < end and not text[cut].isspace():
                    cut += 1
        yield pos, _before_trailing_space(text, pos, cut)
        pos = _past_leading_space(text, cut, end)
    end = _before_trailing_space(text, pos, end)
    if pos < end:
        yield pos, end


def _past_leading_space(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _before_trailing_space(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def strip_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """text[start:end] without the whitespace at either edge, as offsets (start == end: nothing left)."""
    start = _past_leading_space(text, start, end)
    return start, _before_trailing_space(text, start, end)


def batch_plan(items: Sequence[tuple[str, int, int]],
               max_chars: int) -> tuple[list[tuple[int, int, int]], list[list[Mention]]]:
    """What a model backend's `recognise_batch` starts from: the pieces it reads, as (item number,
    start, end) for every `chunk_spans` piece of every (text, start, end) item, and one empty list of
    mentions per item to fill."""
    jobs = [(i, s, e) for i, (text, start, end) in enumerate(items)
            for s, e in chunk_spans(text, start, end, max_chars)]
    return jobs, [[] for _ in items]


def model_mention(text: str, start: int, end: int, entity_type: str, method: str,
                  confidence: float) -> Mention | None:
    """A model's entity as a `Mention` (see `make_mention`); None for a span across a blank line, which
    only packing several paragraphs into one piece can produce, and for a person whose span runs on
    past a possessive. A span is cut at a dash set off by a space, which no name contains."""
    surface = text[start:end]
    if "\n\n" in surface or "\n \n" in surface:
        return None
    dash = _SPACED_DASH.search(surface)
    if dash:
        end = start + dash.start()  # "Victor Serge – VII", "Figes- - Allen Lane": a name stops at a dash
    if entity_type == "person" and _POSSESSIVE_INSIDE.search(text[start:end]):
        return None  # "Measuring Kravchenko’s Testimony" is a title about someone, not a name
    return make_mention(text, start, end, entity_type, method, confidence)


_SPACED_DASH = re.compile(r"\s[-–—]|[-–—]\s")
# brackets and list bullets stand between names, never inside one: a model that tags the tokens on
# both sides as one entity has joined two ("Грегори Чамитофф (Gregory Chamitoff)", "Бахрейн • Барбадос")
_SEPARATORS = re.compile(r"[()\[\]•·|]+")


def model_mentions(text: str, start: int, end: int, entity_type: str, method: str,
                   confidence: float) -> list[Mention]:
    """`model_mention` for each part of a model's span between brackets and list bullets: a name
    and its gloss in brackets ("Комитет защиты журналистов (КЗЖ)") are two mentions of one type."""
    parts = []
    at = start
    for sep in _SEPARATORS.finditer(text, start, end):
        parts.append((at, sep.start()))
        at = sep.end()
    parts.append((at, end))
    out = []
    for s, e in parts:
        while s < e and not (text[s].isalnum() or text[s] in "«\"'“"):
            s += 1
        while e > s and not (text[e - 1].isalnum() or text[e - 1] in ".»\"'”"):
            e -= 1
        if s < e and any(ch.isalpha() for ch in text[s:e]):
            found = model_mention(text, s, e, entity_type, method, confidence)
            if found is not None:
                out.append(found)
    return out
_POSSESSIVE_INSIDE = re.compile(r"\w['’]s?\s+\w")


def _length(m: Mention) -> int:
    return m.end - m.start


def _prefer_register_type(groups: dict[tuple[int, int, str], list[Mention]]) -> None:
    """Where the register and a model read the same span as different types, keep the register's.

    The register knows what the name is ("Figes" the historian, "Kamenev" the Bolshevik); a model
    only guesses from the words around it, and small models often take a surname for a place.
    """
    types_by_span: dict[tuple[int, int], list[str]] = {}
    for start, end, entity_type in groups:
        types_by_span.setdefault((start, end), []).append(entity_type)
    for (start, end), types in types_by_span.items():
        if len(types) < 2:
            continue
        known = [t for t in types if any(m.method in ("register", "markup") for m in groups[(start, end, t)])]
        if len(known) == 1:
            for entity_type in types:
                if entity_type != known[0]:
                    del groups[(start, end, entity_type)]


def merge_mentions(lists: Iterable[Iterable[Mention]]) -> list[Mention]:
    """One set of non-overlapping mentions out of several backends' output.

    0. Where the register (or the edition's markup) reads a span as one type and another backend
       as another, the register's type stands (`_prefer_register_type`).
    1. Mentions with the same span and type are one mention: the most confident one is kept (its
       `method`), and since independent backends agreeing is evidence, its confidence becomes
       1 - prod(1 - c) over all of them (capped at 0.99). A register id on any of them is kept.
    2. Overlaps: the longer span wins ("Leon Trotsky" over "Trotsky", "Comrade-less" partial
       spans), unless an overlapping one is more confident by `CONFIDENCE_MARGIN` or more (a
       register hit "Victor Serge" beats a model's "Victor Serge – VII" typed as an organisation).
       Equal lengths go to the higher confidence, then to the earlier span.
    Returns the mentions sorted by (start, end).
    """
    groups: dict[tuple[int, int, str], list[Mention]] = {}
    for lst in lists:
        for m in lst:
            groups.setdefault((m.start, m.end, m.entity_type), []).append(m)
    _prefer_register_type(groups)
    candidates: list[Mention] = []
    for group in groups.values():
        if len(group) == 1:
            candidates.append(group[0])
            continue
        best = max(group, key=lambda m: m.confidence)
        miss = 1.0
        methods = set()
        for m in group:
            if m.method in methods:
                continue  # the same backend twice is no agreement
            methods.add(m.method)
            miss *= 1.0 - min(m.confidence, MAX_CONFIDENCE)
        merged = Mention(
            best.start,
            best.end,
            best.text,
            best.entity_type,
            entity_key=best.entity_key or next((m.entity_key for m in group if m.entity_key), None),
            entity_id=best.entity_id or next((m.entity_id for m in group if m.entity_id), None),
            method=best.method,
            confidence=round(min(MAX_CONFIDENCE, max(best.confidence, 1.0 - miss)), 3),
            document_index=best.document_index,
            source_id=best.source_id,
            document_id=best.document_id,
        )
        candidates.append(merged)
    if len(candidates) < 2:
        return sorted(candidates, key=lambda m: (m.start, m.end))

    by_start = sorted(candidates, key=lambda m: (m.start, m.end))
    starts = [m.start for m in by_start]
    longest = max(_length(m) for m in by_start)

    def overlapping(m: Mention) -> Iterator[Mention]:
        i = bisect.bisect_left(starts, m.start - longest)
        while i < len(by_start) and by_start[i].start < m.end:
            o = by_start[i]
            if o is not m and o.end > m.start:
                yield o
            i += 1

    order = sorted(candidates, key=lambda m: (-_length(m), -m.confidence, m.start))
    accepted: list[Mention] = []
    taken: list[tuple[int, int]] = []  # sorted accepted spans

    def free(m: Mention) -> bool:
        i = bisect.bisect_left(taken, (m.start, m.end))
        if i > 0 and taken[i - 1][1] > m.start:
            return False
        return not (i < len(taken) and taken[i][0] < m.end)

    deferred: list[Mention] = []
    for m in order:
        if not free(m):
            continue
        if any(o.confidence >= m.confidence + CONFIDENCE_MARGIN for o in overlapping(m)):
            deferred.append(m)
            continue
        accepted.append(m)
        bisect.insort(taken, (m.start, m.end))
    # A mention set aside for a more confident rival gets its place back if that rival lost too.
    for m in deferred:
        if free(m):
            accepted.append(m)
            bisect.insort(taken, (m.start, m.end))
    return sorted(accepted, key=lambda m: (m.start, m.end))
