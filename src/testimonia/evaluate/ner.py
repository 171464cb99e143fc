"""Evaluate recognition (and, where the gold has keys and a register, linking) on real corpora.

For each corpus and each set of backends, every gold document's plain text goes through
`recognise_text`, the predicted mentions are compared with the gold ones (`score`), and
one Row per entity type and one over all types come out. The "register" backend matches
the names of the edition's own register (si.xml for Mitford, the person-list sample and
correspondents for Tolstoy), read from the register files only; corpora without a
register (factRuEval, NEREL) get an "n/a" row for register-only. Where the corpus has
keys and a register, the predicted mentions are linked with `RegisterIndex` and the links
are scored with B-cubed against the gold keys (the register's entity ids are mapped back
to the edition's keys, so the accuracy of the links can be given as well).

`seconds` is the time spent in `recognise_text` and `link_mentions` over the corpus, after
the models are loaded and the register's gazetteer and index are built (neither is timed).
Columns P~, R~, F1~ of the table are the partial-match scores (see `score`).

    python -m testimonia.evaluate.ner --corpus mitford --limit 200
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from testimonia.evaluate import score
from testimonia.evaluate.gold import CORPORA, CorpusSpec, GoldDocument, corpora_root
from testimonia.model import Entity, Mention

# "bare" is the model with nothing of testimonia's reading: the baseline the stage is measured against
BARE = ("bare",)
BACKEND_SETS: tuple[tuple[str, ...], ...] = (
    BARE, ("model",), ("rules",), ("register",), ("register", "model", "rules"))
DEFAULT_CORPORA = ("mitford", "tolstoy", "factrueval", "nerel", "samples")


@dataclass
class Row:
    """One line of the results: a corpus, a backend set, an entity type (or "all")."""

    corpus: str
    language: str
    backends: str
    entity_type: str
    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None
    f1: float | None
    linking_f1: float | None
    documents: int
    words: int
    seconds: float
    partial_precision: float | None = None
    partial_recall: float | None = None
    partial_f1: float | None = None
    linking_precision: float | None = None
    linking_recall: float | None = None
    linking_accuracy: float | None = None
    linking_mentions: int | None = None
    note: str = ""


def default_shared() -> Path:
    env = os.environ.get("TESTIMONIA_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3].parent / "shared"


def _words(docs: Sequence[GoldDocument]) -> int:
    return sum(len(d.text.split()) for d in docs)


class _Register:
    """The edition's register as a Gazetteer and a RegisterIndex, ids mapped back to edition keys.

    The register file is read on first use, so a run that needs no register never reads it.
    """

    def __init__(self, spec: CorpusSpec, root: Path) -> None:
        self.spec = spec
        self.root = root
        self._entities: list[Entity] | None = None
        self.key_of: dict[str, str] = {}
        self._gazetteer = None
        self._index = None

    @property
    def entities(self) -> list[Entity]:
        if self._entities is None:
            assert self.spec.register is not None
            self._entities = [e for e in self.spec.register(self.root) if e.entity_type in self.spec.types]
            for e in self._entities:
                if e.id is None:
                    e.id = f"{self.spec.name}:{e.key}"
                if e.key:
                    self.key_of[e.id] = e.key
        return self._entities

    @property
    def gazetteer(self):  # -> Gazetteer
        if self._gazetteer is None:
            from testimonia.recognise.gazetteer import Gazetteer

            self._gazetteer = Gazetteer(self.entities)
        return self._gazetteer

    @property
    def index(self):  # -> RegisterIndex
        if self._index is None:
            from testimonia.link import RegisterIndex

            self._index = RegisterIndex(self.entities)
        return self._index


def _link(mentions: list[Mention], register: _Register, prior: list) -> tuple[list[str | None], list]:
    """The edition key each predicted mention is linked to (None: not linked), and the decisions.

    `prior` holds the decisions taken for earlier documents of the same source (the
    journal's earlier entries), as the pipeline passes them.
    """
    from testimonia.link import LinkContext, link_mentions

    decisions = link_mentions(mentions, register.index, LinkContext(prior=prior))
    keys: list[str | None] = []
    for decision in decisions:
        if decision.status == "linked" and decision.entity_id is not None:
            keys.append(register.key_of.get(decision.entity_id, decision.entity_id))
        else:
            keys.append(None)
    return keys, decisions


def _served(backends: tuple[str, ...], languages: set[str]) -> tuple[str, ...]:
    """The backends that can serve at least one of the languages here."""
    from testimonia.recognise import available_backends

    available = available_backends()
    return tuple(b for b in backends
                 if "*" in available.get(b, ()) or languages & set(available.get(b, ())))


def _warm_up(docs: Sequence[GoldDocument], backends: tuple[str, ...]) -> None:
    """Load the models a run will use before the clock starts: seconds measure recognition only."""
    from testimonia.recognise import recognise_text

    for language in sorted({d.language for d in docs}):
        recognise_text("Anna Ivanova wrote from Moscow. Анна Иванова писала из Москвы.", language,
                       backends=tuple(b for b in backends if b != "register"))


def _na_row(spec: CorpusSpec, backends: tuple[str, ...], docs: Sequence[GoldDocument], why: str) -> Row:
    return Row(spec.name, spec.language, "+".join(backends), score.ALL, 0, 0, 0, None, None, None, None,
               len(docs), _words(docs), 0.0, note=f"n/a: {why}")


def evaluate_corpus(spec: CorpusSpec, docs: Sequence[GoldDocument], backends: tuple[str, ...],
                    register: _Register | None) -> list[Row]:
    """Rows for one corpus and one backend set (per type, then "all")."""
    from testimonia.recognise import recognise_text

    label, note = "+".join(backends), ""
    if backends == BARE:
        return _bare_rows(spec, docs)
    if "register" in backends and register is None:
        if backends == ("register",):
            return [_na_row(spec, backends, docs, "the corpus has no register")]
        backends = tuple(b for b in backends if b != "register")
        note = "no register: " + "+".join(backends) + " only"
    served = _served(backends, {d.language for d in docs})
    if not served:
        return [_na_row(spec, backends, docs, f"no {'/'.join(backends)} backend for {spec.language}")]
    if served != backends:
        note = "; ".join(n for n in (note, f"{'+'.join(served)} only for {spec.language}") if n)
        backends = served
    _warm_up(docs, backends)
    linking = register is not None and spec.keyed
    if register is not None and "register" in backends:
        _ = register.gazetteer  # built once per corpus, before the clock starts
    if linking:
        _ = register.index  # type: ignore[union-attr]
    gold: list[score.Span] = []
    pred: list[score.Span] = []
    seconds = 0.0
    prior: dict[str, list] = {}
    for doc in docs:
        gold.extend(score.Span(doc.name, m.start, m.end, m.entity_type, m.entity_key) for m in doc.mentions)
        began = time.perf_counter()
        gazetteer = register.gazetteer if register is not None and "register" in backends else None
        mentions = recognise_text(doc.text, doc.language, gazetteer=gazetteer, backends=backends)
        keys: list[str | None] = [None] * len(mentions)
        if linking and mentions:
            earlier = prior.setdefault(doc.source or doc.name, [])
            keys, decisions = _link(mentions, register, earlier)  # type: ignore[arg-type]
            earlier.extend(d for d in decisions if d.status == "linked")
        seconds += time.perf_counter() - began
        pred.extend(score.Span(doc.name, m.start, m.end, m.entity_type, k)
                    for m, k in zip(mentions, keys, strict=True))
    rows = _scored_rows(spec, docs, label, gold, pred, seconds, note)
    if linking:
        gold_keys, pred_keys = score.linking_pairs(gold, pred)
        link = score.bcubed(gold_keys, pred_keys)
        overall = rows[-1]
        overall.linking_f1, overall.linking_precision, overall.linking_recall = \
            link.f1, link.precision, link.recall
        overall.linking_accuracy = score.accuracy(gold_keys, pred_keys)
        overall.linking_mentions = link.mentions
    return rows


def _scored_rows(spec: CorpusSpec, docs: Sequence[GoldDocument], label: str, gold: list[score.Span],
                 pred: list[score.Span], seconds: float, note: str) -> list[Row]:
    """Exact and partial detection scores, one row per type and then "all" (last)."""
    exact = score.detection(gold, pred, "exact", spec.types)
    partial = score.detection(gold, pred, "partial", spec.types)
    recall_only = spec.recall_only
    note = "; ".join(n for n in (note, "recall only: the gold lists some names, not all"
                                 if recall_only else "") if n)
    rows = []
    for kind in [*spec.types, score.ALL]:
        e = exact.get(kind, score.Counts())
        p = partial.get(kind, score.Counts())
        rows.append(Row(spec.name, spec.language, label, kind, e.tp, e.fp, e.fn,
                        None if recall_only else e.precision, e.recall, None if recall_only else e.f1,
                        None, len(docs), _words(docs), round(seconds, 2),
                        None if recall_only else p.precision, p.recall, None if recall_only else p.f1,
                        note=note))
    return rows


def _bare_rows(spec: CorpusSpec, docs: Sequence[GoldDocument]) -> list[Row]:
    """Rows for the bare model (spaCy's or natasha's entities as they come), with no linking."""
    from testimonia.recognise import bare_model_mentions

    languages = {d.language for d in docs}
    if not _served(("model",), languages):
        return [_na_row(spec, BARE, docs, f"no model for {spec.language}")]
    for language in sorted(languages):
        bare_model_mentions("Anna Ivanova wrote from Moscow. Анна Иванова писала из Москвы.", language)
    gold: list[score.Span] = []
    pred: list[score.Span] = []
    began = time.perf_counter()
    for doc in docs:
        gold.extend(score.Span(doc.name, m.start, m.end, m.entity_type, m.entity_key) for m in doc.mentions)
        pred.extend(score.Span(doc.name, m.start, m.end, m.entity_type, None)
                    for m in bare_model_mentions(doc.text, doc.language))
    return _scored_rows(spec, docs, "bare", gold, pred, time.perf_counter() - began,
                        "the model alone, as it comes")


def evaluate(corpora: list[str], backends_sets: list[tuple[str, ...]], limit: int | None,
             shared: Path) -> list[Row]:
    """Run every backend set over the first `limit` documents of every corpus."""
    root = corpora_root(shared)
    rows: list[Row] = []
    for name in corpora:
        try:
            spec = CORPORA[name]
        except KeyError:
            raise ValueError(f"unknown corpus {name!r} (known: {', '.join(CORPORA)})") from None
        docs = list(spec.load(root, limit))
        register = _Register(spec, root) if spec.register is not None else None
        for backends in backends_sets:
            rows.extend(evaluate_corpus(spec, docs, tuple(backends), register))
    return rows


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}"


def format_table(rows: Sequence[Row]) -> str:
    """The rows as a markdown table (percentages; "—" where a number does not apply)."""
    head = ("corpus", "lang", "backends", "type", "tp", "fp", "fn", "P", "R", "F1", "P~", "R~", "F1~",
            "link B³ P", "link B³ R", "link B³ F1", "link acc", "docs", "words", "s", "note")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for r in rows:
        cells = (r.corpus, r.language, r.backends, r.entity_type, str(r.tp), str(r.fp), str(r.fn),
                 _pct(r.precision), _pct(r.recall), _pct(r.f1), _pct(r.partial_precision),
                 _pct(r.partial_recall), _pct(r.partial_f1), _pct(r.linking_precision),
                 _pct(r.linking_recall), _pct(r.linking_f1), _pct(r.linking_accuracy), str(r.documents),
                 str(r.words), f"{r.seconds:.1f}", r.note)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _backend_set(value: str) -> tuple[str, ...]:
    parts = tuple(p.strip() for p in value.replace("+", ",").split(",") if p.strip())
    known = {"register", "model", "rules"}
    if parts == BARE:
        return parts
    if not parts or not set(parts) <= known:
        raise argparse.ArgumentTypeError(
            f"backends are 'bare' (the model alone, as it comes) or a comma-separated subset of "
            f"{sorted(known)}")
    return parts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m testimonia.evaluate.ner",
                                     description="Score recognition and linking against real gold corpora.")
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA),
                        help=f"corpus to evaluate (repeatable; default: {', '.join(DEFAULT_CORPORA)})")
    parser.add_argument("--backends", action="append", type=_backend_set,
                        help="a backend set such as 'register,model,rules' (repeatable; default: "
                             "bare, model, rules, register and all three)")
    parser.add_argument("--limit", type=int, default=None, help="most documents per corpus")
    parser.add_argument("--shared", type=Path, default=None,
                        help="the shared folder holding corpora/ (default: ../shared beside the checkout, "
                             "or $TESTIMONIA_SHARED)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON lines")
    args = parser.parse_args(argv)
    shared = args.shared or default_shared()
    if not corpora_root(shared).is_dir():
        print(f"no corpora at {shared}", file=sys.stderr)
        return 2
    rows = evaluate(args.corpus or list(DEFAULT_CORPORA), args.backends or list(BACKEND_SETS), args.limit,
                    shared)
    if args.json:
        for row in rows:
            print(json.dumps(asdict(row), ensure_ascii=False))
    else:
        print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
