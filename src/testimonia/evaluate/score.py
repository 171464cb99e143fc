"""Scores for mention detection and linking: pure functions over lists of spans.

Detection is scored as precision, recall and F1 over spans, per entity type and over all
types, in two ways:

* exact: a predicted span counts only when its start, end and type equal a gold span's;
* partial: a predicted span counts when it has the gold span's type and the two overlap
  by at least half of the longer one (`overlap / max(len(gold), len(pred)) >= 0.5`), so
  "Т. А. Ергольской" found as "Ергольской" counts but "Татьяна" for "Татьяна
  Александровна" does not. Measuring against the longer span keeps the relation
  symmetric and stops one long prediction from matching every short gold span inside it.

Every gold and every predicted span is used at most once. For partial matching the pairs
are chosen greedily, best overlap first, which is optimal for the nearly always
non-crossing spans of names.

Linking is scored with B-cubed (see `bcubed`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ALL = "all"


@dataclass(frozen=True)
class Span:
    """A typed span in one document; `key` is a gold entity key or a predicted entity id."""

    doc: str
    start: int
    end: int
    entity_type: str
    key: str | None = None


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def overlap_ratio(a: Span, b: Span) -> float:
    """Shared characters over the length of the longer span (0 when disjoint)."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    longer = max(a.end - a.start, b.end - b.start)
    return shared / longer if shared > 0 and longer > 0 else 0.0


def match(gold: Sequence[Span], pred: Sequence[Span], mode: str = "exact",
          threshold: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of the same document and type.

    mode "exact" pairs identical spans; "partial" pairs spans overlapping by at least
    `threshold` of the longer one, best overlap first (exact matches win ties).
    """
    if mode not in ("exact", "partial"):
        raise ValueError(f"mode must be 'exact' or 'partial', not {mode!r}")
    by_place: dict[tuple[str, str], list[int]] = {}
    for j, p in enumerate(pred):
        by_place.setdefault((p.doc, p.entity_type), []).append(j)
    if mode == "exact":
        free: dict[tuple[str, int, int, str], list[int]] = {}
        for j, p in enumerate(pred):
            free.setdefault((p.doc, p.start, p.end, p.entity_type), []).append(j)
        pairs = []
        for i, g in enumerate(gold):
            waiting = free.get((g.doc, g.start, g.end, g.entity_type))
            if waiting:
                pairs.append((i, waiting.pop(0)))
        return pairs
    candidates: list[tuple[float, int, int]] = []
    for i, g in enumerate(gold):
        for j in by_place.get((g.doc, g.entity_type), []):
            ratio = overlap_ratio(g, pred[j])
            if ratio >= threshold:
                candidates.append((ratio, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def detection(gold: Sequence[Span], pred: Sequence[Span], mode: str = "exact",
              types: Iterable[str] | None = None) -> dict[str, Counts]:
    """Counts per entity type and over all (`"all"`), for the given matching mode.

    `types` limits the scoring to the types the gold marks: gold and predicted spans of
    other types are left out, so a corpus that tags only persons does not count every
    place a recogniser finds as a false positive. Without it, every type seen is scored.
    """
    if types is not None:
        wanted = set(types)
        gold = [g for g in gold if g.entity_type in wanted]
        pred = [p for p in pred if p.entity_type in wanted]
    pairs = match(gold, pred, mode)
    kinds = sorted({g.entity_type for g in gold} | {p.entity_type for p in pred}
                   | (set(types) if types is not None else set()))
    out = {k: Counts() for k in kinds}
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    for i, g in enumerate(gold):
        if i in matched_g:
            out[g.entity_type].tp += 1
        else:
            out[g.entity_type].fn += 1
    for j, p in enumerate(pred):
        if j not in matched_p:
            out[p.entity_type].fp += 1
    total = Counts()
    for c in out.values():
        total.add(c)
    out[ALL] = total
    return out


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float
    f1: float
    mentions: int


def bcubed(gold_keys: Sequence[str], pred_ids: Sequence[str | None]) -> BCubed:
    """B-cubed precision, recall and F1 of a predicted clustering against a gold one.

    Item i is in gold cluster `gold_keys[i]` and predicted cluster `pred_ids[i]`; a
    predicted None (not linked, NIL) makes a cluster of its own. For each item,
    precision is the share of its predicted cluster that shares its gold cluster, recall
    the share of its gold cluster that shares its predicted cluster; both are averaged
    over the items.

    Why B-cubed for linking here: the system's entity ids and the edition's keys are
    different name spaces (a store id, an si.xml xml:id, a Wikidata id), and a linker may
    rightly group mentions of someone the register lacks; B-cubed compares the groupings
    themselves, with no mapping between ids. It is computed per mention, so a person
    mentioned a hundred times weighs a hundred times, unlike cluster-level measures; it
    counts singletons, which MUC ignores (a system that links nothing still gets recall
    for people mentioned once); and it penalises merging two people (precision) and
    splitting one (recall) separately, which is what an editor correcting links feels.
    Only gold mentions the detector found are scored, so these numbers measure linking,
    not detection.

    What B-cubed does not see: an unlinked mention is a singleton, which is a correct
    cluster for someone mentioned once, so a linker that links nothing scores precision 1
    and a recall equal to the mean of 1/|gold cluster|, high where most people appear
    once or twice. Where the predicted ids can be mapped into the gold key space (an
    edition's register), report `accuracy` beside it.
    """
    if len(gold_keys) != len(pred_ids):
        raise ValueError("gold_keys and pred_ids must be the same length")
    n = len(gold_keys)
    if n == 0:
        return BCubed(0.0, 0.0, 0.0, 0)
    pred = [p if p is not None else f"\x00nil{i}" for i, p in enumerate(pred_ids)]
    gold_size: dict[str, int] = {}
    pred_size: dict[str, int] = {}
    both: dict[tuple[str, str], int] = {}
    for g, p in zip(gold_keys, pred, strict=True):
        gold_size[g] = gold_size.get(g, 0) + 1
        pred_size[p] = pred_size.get(p, 0) + 1
        both[(g, p)] = both.get((g, p), 0) + 1
    precision = sum(both[(g, p)] / pred_size[p] for g, p in zip(gold_keys, pred, strict=True)) / n
    recall = sum(both[(g, p)] / gold_size[g] for g, p in zip(gold_keys, pred, strict=True)) / n
    return BCubed(precision, recall, f1(precision, recall), n)


def linking_pairs(gold: Sequence[Span], pred: Sequence[Span]) -> tuple[list[str], list[str | None]]:
    """Gold keys and predicted ids of the gold mentions with a key that partially match a prediction.

    Matching ignores type here: a person found as a place and linked to the right
    entity is a detection error, not a linking one.
    """
    keyed = [g for g in gold if g.key]
    untyped_g = [Span(g.doc, g.start, g.end, "", g.key) for g in keyed]
    untyped_p = [Span(p.doc, p.start, p.end, "", p.key) for p in pred]
    pairs = match(untyped_g, untyped_p, "partial")
    gold_keys = [untyped_g[i].key or "" for i, _ in pairs]
    pred_ids = [untyped_p[j].key for _, j in pairs]
    return gold_keys, pred_ids


def accuracy(gold_keys: Sequence[str], pred_ids: Sequence[str | None]) -> float:
    """Share of items whose predicted id equals the gold key (ids in the same space)."""
    if not gold_keys:
        return 0.0
    return sum(1 for g, p in zip(gold_keys, pred_ids, strict=True) if g == p) / len(gold_keys)


def spans(doc: str, items: Iterable[object], key_attr: str = "entity_key") -> list[Span]:
    """Spans from objects with start, end, entity_type (Mention, GoldMention)."""
    return [Span(doc, it.start, it.end, it.entity_type, getattr(it, key_attr, None))  # type: ignore[attr-defined]
            for it in items]


__all__ = ["ALL", "BCubed", "Counts", "Span", "accuracy", "bcubed", "detection", "f1", "linking_pairs",
           "match", "overlap_ratio", "spans"]
