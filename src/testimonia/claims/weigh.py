"""Weighing: which claims in other sources corroborate, contradict or repeat a claim.

Claims are compared only inside blocks that could hold the same fact (never all pairs):

* quantities by the thing counted (or what a share is of) and unit;
* events by subject and event type;
* judgements by the person judged;
* quotations by speaker, and by their first words (the same words quoted in two places).

Within a block, two claims from different sources are compared. Quantities whose intervals
overlap corroborate each other, disjoint ones contradict (an "around" or a vague magnitude
is given 15% either way); events agree when their dates and places do; judgements when their
polarity does. A source that quotes, cites or copies another is not independent: its
agreement with that source is marked `repeats`, not `corroborates`. The dependency map comes
from explicit citation (the other source's title in a note or cited work), from quoting the
other source's author, and from near-duplicate passages (rapidfuzz over paragraphs that share
an eight-word shingle).
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz

from testimonia.claims.context import normal_name
from testimonia.claims.lemmas import lemma_key
from testimonia.claims.model import Actor, Claim, ClaimRelation, SourceDependency
from testimonia.structure.dates import edtf_bounds

_VAGUE_MARGIN = 0.15
_MAX_BLOCK = 400  # a block larger than this is compared by neighbours in value order only
_NEIGHBOURS = 25
_NEGATIVE = {"discredits", "partial"}
_POSITIVE = {"corroborates"}
_SHINGLE = 8
_WORDS = re.compile(r"\w+")


@dataclass
class SourceInfo:
    """What weighing needs to know of a source beyond its claims."""

    id: str
    title: str | None = None
    author: Actor | None = None
    written: str | None = None
    text: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class WeighResult:
    relations: list[ClaimRelation]
    dependencies: list[SourceDependency]
    claims: int = 0
    blocks: int = 0
    comparisons: int = 0
    possible_pairs: int = 0
    seconds: float = 0.0

    @property
    def avoided(self) -> float:
        """Share of all cross-source pairs that blocking never compared."""
        if self.possible_pairs == 0:
            return 0.0
        return 1.0 - self.comparisons / self.possible_pairs

    def count(self, relation: str) -> int:
        return sum(1 for r in self.relations if r.relation == relation)


def weigh(claims: list[Claim], sources: Iterable[SourceInfo] = ()) -> WeighResult:
    """Relations between claims of different sources, and the sources' dependencies."""
    began = time.perf_counter()
    infos = {info.id: info for info in sources}
    dependencies = find_dependencies(claims, infos)
    depends = {(d.source_id, d.depends_on): d for d in dependencies}
    blocks = _blocks(claims)
    relations: dict[str, ClaimRelation] = {}
    comparisons = 0
    for key, members in blocks.items():
        for a, b in _pairs(members):
            if a.source_id == b.source_id:
                continue
            comparisons += 1
            relation = _compare(key[0], a, b)
            if relation is None:
                continue
            _mark_dependence(relation, a, b, depends)
            from testimonia.store.claims import relation_id

            relation.id = relation_id(relation.claim_a, relation.claim_b)
            kept = relations.get(relation.id)
            if kept is None or relation.score > kept.score:
                relations[relation.id] = relation
    per_source: dict[str | None, int] = defaultdict(int)
    for claim in claims:
        per_source[claim.source_id] += 1
    total = len(claims)
    possible = (total * total - sum(n * n for n in per_source.values())) // 2
    return WeighResult(sorted(relations.values(), key=lambda r: -r.score), dependencies,
                       claims=total, blocks=len(blocks), comparisons=comparisons,
                       possible_pairs=possible, seconds=time.perf_counter() - began)


# -- blocking ---------------------------------------------------------------------------------

def _actor_key(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    if actor.entity_id:
        return actor.entity_id
    words = normal_name(actor.name).split()
    return "name:" + words[-1] if words and len(words[-1]) > 2 else None


def _blocks(claims: list[Claim]) -> dict[tuple[str, ...], list[Claim]]:
    blocks: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    for claim in claims:
        for key in block_keys(claim):
            blocks[key].append(claim)
    return {key: members for key, members in blocks.items()
            if len({m.source_id for m in members}) > 1}


def block_keys(claim: Claim) -> list[tuple[str, ...]]:
    """The blocks a claim falls into; claims that share none are never compared."""
    keys: list[tuple[str, ...]] = []
    if claim.kind == "quantity":
        thing = claim.counts or (f"share of {claim.share_of}" if claim.share_of else None)
        if thing:
            keys.append(("quantity", lemma_key(thing), claim.unit or "count"))
    elif claim.kind == "event":
        subject = _actor_key(claim.subject)
        if subject and claim.event_type:
            keys.append(("event", subject, claim.event_type))
    elif claim.kind == "judgement":
        judged = _actor_key(claim.judged)
        if judged:
            keys.append(("judgement", judged))
    elif claim.kind == "quotation":
        speaker = _actor_key(claim.speaker)
        if speaker:
            keys.append(("quotation", speaker))
        words = _WORDS.findall(claim.text.lower())
        if len(words) >= 5:
            keys.append(("quotation", "words:" + " ".join(words[:5])))
    return keys


def _pairs(members: list[Claim]) -> Iterable[tuple[Claim, Claim]]:
    if len(members) <= _MAX_BLOCK:
        return combinations(members, 2)
    ordered = sorted(members, key=lambda c: (c.low if c.low is not None else c.high or 0.0, c.start))
    return ((ordered[i], ordered[j]) for i in range(len(ordered))
            for j in range(i + 1, min(len(ordered), i + 1 + _NEIGHBOURS)))


# -- comparing ---------------------------------------------------------------------------------

def _ordered(a: Claim, b: Claim) -> tuple[Claim, Claim]:
    """The earlier-written claim first: the later one corroborates, contradicts or repeats it."""
    key_a, key_b = (a.written or "9999", a.source_id or ""), (b.written or "9999", b.source_id or "")
    return (a, b) if key_a <= key_b else (b, a)


def _compare(kind: str, a: Claim, b: Claim) -> ClaimRelation | None:
    a, b = _ordered(a, b)
    if kind == "quantity":
        return _compare_quantities(a, b)
    if kind == "event":
        return _compare_events(a, b)
    if kind == "judgement":
        return _compare_judgements(a, b)
    return _compare_quotations(a, b)


def _bounds(claim: Claim) -> tuple[float, float]:
    low = claim.low if claim.low is not None else 0.0
    high = claim.high if claim.high is not None else math.inf
    if claim.qualifier and claim.qualifier not in ("more than", "at least", "up to", "less than"):
        low, high = low * (1 - _VAGUE_MARGIN), high * (1 + _VAGUE_MARGIN)
    return low, high


def _number(value: float | None) -> str:
    if value is None:
        return "open"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _interval(claim: Claim) -> str:
    text = _number(claim.low) if claim.low == claim.high else f"{_number(claim.low)}–{_number(claim.high)}"
    return f"{claim.qualifier + ' ' if claim.qualifier else ''}{text}"


def _years_apart(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    a_low, a_high = edtf_bounds(a)
    b_low, b_high = edtf_bounds(b)
    if not (a_low and a_high and b_low and b_high):
        return False
    return int(a_low[:4]) - int(b_high[:4]) > 3 or int(b_low[:4]) - int(a_high[:4]) > 3


def _compare_quantities(a: Claim, b: Claim) -> ClaimRelation | None:
    if _years_apart(a.refers_to, b.refers_to):
        return None  # numbers for different years are not rivals
    a_low, a_high = _bounds(a)
    b_low, b_high = _bounds(b)
    thing = a.counts or b.counts or a.share_of or ""
    what = f"both count “{thing}” ({a.unit}): {_interval(a)} vs {_interval(b)}"
    overlap = min(a_high, b_high) - max(a_low, b_low)
    if overlap >= 0:
        union = max(a_high, b_high) - min(a_low, b_low)
        score = 1.0 if union in (0, math.inf) else max(0.3, overlap / union) if overlap != math.inf else 0.5
        return ClaimRelation(a.id or "", b.id or "", "corroborates", round(min(1.0, 0.5 + score / 2), 3),
                             f"{what}: the ranges overlap")
    gap = max(a_low, b_low) - min(a_high, b_high)
    scale = max(abs(a_high if a_high != math.inf else a_low), abs(b_high if b_high != math.inf else b_low), 1)
    return ClaimRelation(a.id or "", b.id or "", "contradicts", round(min(1.0, 0.5 + gap / scale / 2), 3),
                         f"{what}: the ranges do not meet")


def _compare_events(a: Claim, b: Claim) -> ClaimRelation | None:
    subject = (a.subject or b.subject or Actor("?")).name
    reasons = [f"same person ({subject}) and event ({a.event_type})"]
    disagree = []
    if a.date and b.date:
        a_low, a_high = edtf_bounds(a.date)
        b_low, b_high = edtf_bounds(b.date)
        if a_low and a_high and b_low and b_high:
            if a_low <= b_high and b_low <= a_high:
                reasons.append(f"dates agree ({a.date} / {b.date})")
            else:
                disagree.append(f"dates differ ({a.date} / {b.date})")
    if a.place and b.place:
        if lemma_key(a.place) == lemma_key(b.place):
            reasons.append(f"same place ({a.place})")
        else:
            disagree.append(f"places differ ({a.place} / {b.place})")
    if disagree:
        return ClaimRelation(a.id or "", b.id or "", "contradicts", 0.6 + 0.1 * len(disagree),
                             "; ".join(reasons + disagree))
    score = 0.5 + 0.2 * (len(reasons) - 1)
    return ClaimRelation(a.id or "", b.id or "", "corroborates", round(min(score, 1.0), 3),
                         "; ".join(reasons))


def _compare_judgements(a: Claim, b: Claim) -> ClaimRelation | None:
    judged = (a.judged or b.judged or Actor("?")).name
    judges = f"{a.judge.name if a.judge else 'an author'} and {b.judge.name if b.judge else 'an author'}"
    if a.polarity == b.polarity:
        return ClaimRelation(a.id or "", b.id or "", "corroborates", 0.7,
                             f"{judges} both judge {judged}: {a.polarity}")
    if {a.polarity, b.polarity} & _NEGATIVE and {a.polarity, b.polarity} & _POSITIVE:
        return ClaimRelation(a.id or "", b.id or "", "contradicts", 0.7,
                             f"{judges} disagree about {judged}: {a.polarity} vs {b.polarity}")
    return None


def _compare_quotations(a: Claim, b: Claim) -> ClaimRelation | None:
    similarity = fuzz.ratio(a.text.lower(), b.text.lower()) / 100
    if similarity < 0.8:
        partial = fuzz.partial_ratio(a.text.lower(), b.text.lower()) / 100
        if partial < 0.9 or min(len(a.text), len(b.text)) < 40:
            return None
        similarity = partial
    speaker = (a.speaker or b.speaker or Actor("someone")).name
    return ClaimRelation(a.id or "", b.id or "", "repeats", round(similarity, 3),
                         f"the same words of {speaker} (similarity {similarity:.2f})")


def _mark_dependence(relation: ClaimRelation, a: Claim, b: Claim,
                     depends: dict[tuple[str, str], SourceDependency]) -> None:
    if relation.relation != "corroborates":
        return
    a_source, b_source = a.source_id or "", b.source_id or ""
    pair = depends.get((b_source, a_source)) or depends.get((a_source, b_source))
    if pair is not None:
        relation.relation = "repeats"
        relation.why += f"; not independent: {pair.source_id} depends on {pair.depends_on} ({pair.reason})"


# -- dependencies between sources -----------------------------------------------------------

def find_dependencies(claims: list[Claim], infos: dict[str, SourceInfo]) -> list[SourceDependency]:
    """Which source quotes, cites or copies which: the map weighing uses to tell repeats."""
    found: dict[tuple[str, str], SourceDependency] = {}
    authors = {sid: info.author for sid, info in infos.items() if info.author}
    titles = {sid: info.title for sid, info in infos.items() if info.title and len(info.title) >= 12}
    for claim in claims:
        if claim.kind != "quotation" or not claim.source_id:
            continue
        for other, author in authors.items():
            # Quoting someone's words makes a source lean on theirs, unless it quotes them to
            # refute them, or "quotes" a text written after itself (it must mean other words).
            if other != claim.source_id and _same(claim.speaker, author) \
                    and claim.found_by != "reported_speech" and claim.stance not in ("refutes", "doubts") \
                    and not _before(claim.written, infos[other].written):
                found.setdefault((claim.source_id, other), SourceDependency(
                    claim.source_id, other, f"quotes its author, {author.name}"))
        cited = (claim.cited_work or "").lower()
        for other, title in titles.items():
            if other != claim.source_id and cited and title.lower() in cited:
                found[(claim.source_id, other)] = SourceDependency(claim.source_id, other,
                                                                   f"cites “{title}”")
    for sid, info in infos.items():
        text = " ".join(info.notes).lower()
        for other, title in titles.items():
            if other != sid and title.lower() in text:
                found[(sid, other)] = SourceDependency(sid, other, f"cites “{title}” in a note")
    for dependency in _near_duplicates(infos):
        found.setdefault((dependency.source_id, dependency.depends_on), dependency)
    return sorted(found.values(), key=lambda d: (d.source_id, d.depends_on))


def _before(a: str | None, b: str | None) -> bool:
    """a was written before b began (both known)."""
    if not a or not b:
        return False
    a_high, b_low = edtf_bounds(a)[1], edtf_bounds(b)[0]
    return bool(a_high and b_low and a_high < b_low)


def _same(speaker: Actor | None, author: Actor) -> bool:
    if speaker is None:
        return False
    if speaker.entity_id and author.entity_id:
        return speaker.entity_id == author.entity_id
    return normal_name(speaker.name) == normal_name(author.name)


def _near_duplicates(infos: dict[str, SourceInfo]) -> list[SourceDependency]:
    """Sources sharing a passage nearly word for word: the later copies the earlier."""
    shingles: dict[int, set[tuple[str, int]]] = defaultdict(set)
    paragraphs: dict[tuple[str, int], str] = {}
    for sid, info in infos.items():
        for index, paragraph in enumerate(p for p in re.split(r"\n\s*\n", info.text) if len(p) >= 80):
            paragraphs[(sid, index)] = paragraph
            words = _WORDS.findall(paragraph.lower())
            for i in range(0, max(1, len(words) - _SHINGLE + 1), 4):
                digest = hashlib.blake2b(" ".join(words[i:i + _SHINGLE]).encode(), digest_size=8).digest()
                shingles[int.from_bytes(digest, "big")].add((sid, index))
    candidates: dict[tuple[tuple[str, int], tuple[str, int]], int] = defaultdict(int)
    for holders in shingles.values():
        if 1 < len(holders) <= 20:
            for x, y in combinations(sorted(holders), 2):
                if x[0] != y[0]:
                    candidates[(x, y)] += 1
    found = []
    for (x, y), shared in candidates.items():
        if shared < 2:
            continue
        score = fuzz.ratio(paragraphs[x], paragraphs[y]) / 100
        if score < 0.85:
            continue
        first, second = sorted((infos[x[0]], infos[y[0]]), key=lambda i: (i.written or "9999", i.id))
        found.append(SourceDependency(second.id, first.id,
                                      f"a passage nearly word for word (similarity {score:.2f})", score))
    return found
