"""Evaluate claim extraction and weighing against a gold set of annotated texts.

The gold folder holds plain-text testimonies and `gold.json`: for each file the claims a
careful reader marks, each located by an `anchor` (words inside its passage), and the
relations between claims of different files. The texts are ingested into a throw-away
archive with the starter register, recognised, their claims extracted and weighed, exactly
as `testimonia ingest --recognise` and `testimonia weigh` do.

A predicted claim meets a gold claim when both are of one kind and the predicted passage
covers the anchor. It is *correct* when its key fields agree too: a quotation's speaker, a
quantity's low and high, an event's type and subject, a judgement's judged person and
polarity (names agree when their surnames do, in any case form). P, R and F1 per kind count
correct claims; "speaker acc" is the share of anchored quotations whose speaker is right.
A relation is correct when it joins the two gold claims with the gold relation.

    python -m testimonia.evaluate.claims --gold tests/data/claims
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from testimonia.claims.context import same_actor
from testimonia.claims.model import CLAIM_KINDS, Actor, Claim, ClaimFilter
from testimonia.errors import TestimoniaError

DEFAULT_GOLD = Path(__file__).resolve().parents[3] / "tests" / "data" / "claims"


@dataclass
class KindScore:
    kind: str
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    anchored: int = 0  # gold claims found at the right place, whatever their fields

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ClaimsEvaluation:
    kinds: list[KindScore]
    relations: KindScore
    speaker_total: int = 0
    speaker_right: int = 0
    files: int = 0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_total if self.speaker_total else 0.0


def _names_agree(predicted: Actor | None, gold: str | None) -> bool:
    return gold is None or same_actor(predicted, Actor(gold))


def _fields_agree(claim: Claim, gold: dict[str, Any]) -> bool:
    if claim.kind == "quotation":
        return _names_agree(claim.speaker, gold.get("speaker"))
    if claim.kind == "quantity":
        return claim.low == gold.get("low") and claim.high == gold.get("high")
    if claim.kind == "event":
        return claim.event_type == gold.get("event_type") and _names_agree(claim.subject, gold.get("subject"))
    return claim.polarity == gold.get("polarity") and _names_agree(claim.judged, gold.get("judged"))


def evaluate_claims(gold_dir: Path) -> ClaimsEvaluation:
    """Ingest, recognise, extract and weigh the gold texts; score against gold.json."""
    from testimonia.archive import Archive

    gold_file = gold_dir / "gold.json"
    try:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TestimoniaError(f"{gold_file}: cannot read the gold set ({exc})") from None
    scores = {kind: KindScore(kind) for kind in CLAIM_KINDS}
    evaluation = ClaimsEvaluation(list(scores.values()), KindScore("relations"))
    gold_of: dict[str, str] = {}  # predicted claim id -> gold claim id
    with tempfile.TemporaryDirectory() as folder, Archive.create(Path(folder) / "gold.tmarch") as archive:
        archive.load_starter_register()
        paths = [gold_dir / name for name in gold["files"]]
        summary = archive.ingest(paths)
        if summary.failed:
            raise TestimoniaError(summary.failed[0].error or "a gold file could not be read")
        archive.recognise()
        archive.extract_claims()
        weighed = archive.weigh()
        by_path = {Path(s.path).name: s.id for s in archive.sources()}
        for name, wanted in gold["files"].items():
            source_id = by_path[name]
            text = archive.source(source_id).text
            predicted = archive.claims(ClaimFilter(source_id=source_id))
            _score_file(name, text, wanted, predicted, scores, evaluation, gold_of)
            evaluation.files += 1
    wanted_relations = {frozenset((r["a"], r["b"])): r["relation"] for r in gold["relations"]}
    found_relations: dict[frozenset[str], str] = {}
    for relation in weighed.relations:
        a, b = gold_of.get(relation.claim_a), gold_of.get(relation.claim_b)
        if a and b and a != b:
            found_relations[frozenset((a, b))] = relation.relation
    evaluation.relations.gold = len(wanted_relations)
    evaluation.relations.predicted = len(found_relations)
    evaluation.relations.anchored = sum(1 for pair in found_relations if pair in wanted_relations)
    evaluation.relations.correct = sum(1 for pair, kind in found_relations.items()
                                       if wanted_relations.get(pair) == kind)
    return evaluation


def _score_file(name: str, text: str, wanted: list[dict[str, Any]], predicted: list[Claim],
                scores: dict[str, KindScore], evaluation: ClaimsEvaluation, gold_of: dict[str, str]) -> None:
    """Pair gold and predicted claims: first the pairs that agree in every field, then the rest
    by place alone, so that two gold claims in one sentence do not steal each other's match."""
    used: set[str] = set()
    spans: dict[str, tuple[int, int]] = {}
    for claim in predicted:
        scores[claim.kind].predicted += 1
    for item in wanted:
        scores[item["kind"]].gold += 1
        at = text.find(item["anchor"])
        if at < 0:
            raise TestimoniaError(f"{name}: gold anchor {item['anchor']!r} is not in the text")
        spans[item["id"]] = (at, at + len(item["anchor"]))
    matched: dict[str, Claim] = {}
    for strict in (True, False):
        for item in wanted:
            if item["id"] in matched:
                continue
            at, end = spans[item["id"]]
            candidates = [c for c in predicted if c.kind == item["kind"] and c.id not in used
                          and c.start < end and at < c.end and (not strict or _fields_agree(c, item))]
            if candidates:
                best = min(candidates, key=lambda c: c.end - c.start)
                used.add(best.id or "")
                matched[item["id"]] = best
    for item in wanted:
        best = matched.get(item["id"])
        if best is None:
            continue
        kind = item["kind"]
        gold_of[best.id or ""] = item["id"]
        scores[kind].anchored += 1
        if _fields_agree(best, item):
            scores[kind].correct += 1
        if kind == "quotation":
            evaluation.speaker_total += 1
            evaluation.speaker_right += _names_agree(best.speaker, item.get("speaker"))


def format_table(evaluation: ClaimsEvaluation) -> str:
    lines = ["| claims | gold | predicted | correct | P | R | F1 |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    total = KindScore("all")
    for score in [*evaluation.kinds, evaluation.relations]:
        if score is not evaluation.relations:
            total.gold += score.gold
            total.predicted += score.predicted
            total.correct += score.correct
        lines.append(_row(score))
    lines.insert(len(evaluation.kinds) + 2, _row(total))
    lines.append("")
    lines.append(f"speaker attribution accuracy: {evaluation.speaker_accuracy:.1%} "
                 f"({evaluation.speaker_right} of {evaluation.speaker_total} quotations found); "
                 f"relation accuracy on pairs found: "
                 f"{evaluation.relations.correct}/{evaluation.relations.anchored}; {evaluation.files} files")
    return "\n".join(lines)


def _row(score: KindScore) -> str:
    return (f"| {score.kind} | {score.gold} | {score.predicted} | {score.correct} "
            f"| {100 * score.precision:.1f} | {100 * score.recall:.1f} | {100 * score.f1:.1f} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m testimonia.evaluate.claims",
                                     description="Score claim extraction and weighing against a gold set.")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD,
                        help="folder with the texts and gold.json (default: tests/data/claims)")
    parser.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    args = parser.parse_args(argv)
    if not (args.gold / "gold.json").is_file():
        print(f"{args.gold}: no gold.json here", file=sys.stderr)
        return 2
    try:
        evaluation = evaluate_claims(args.gold)
    except TestimoniaError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({s.kind: {"gold": s.gold, "predicted": s.predicted, "correct": s.correct,
                                   "precision": s.precision, "recall": s.recall, "f1": s.f1}
                          for s in [*evaluation.kinds, evaluation.relations]}
                         | {"speaker_accuracy": evaluation.speaker_accuracy}))
    else:
        print(format_table(evaluation))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
