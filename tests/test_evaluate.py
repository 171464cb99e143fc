"""The evaluation harness: the scorer on hand-made cases, the gold loaders on the real corpora."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path

import pytest

from testimonia.evaluate import gold as gold_mod
from testimonia.evaluate.score import (
    ALL,
    Span,
    accuracy,
    bcubed,
    detection,
    linking_pairs,
    match,
    overlap_ratio,
)
from tests.conftest import require_shared

# ----------------------------------------------------------------------------- scorer

GOLD = [Span("d", 0, 5, "person"), Span("d", 10, 20, "place"), Span("d", 30, 40, "person")]
PRED = [
    Span("d", 0, 5, "person"),  # exact
    Span("d", 10, 18, "place"),  # 8 of 10 characters: partial only
    Span("d", 30, 34, "person"),  # 4 of 10: not even partial
    Span("d", 50, 55, "organisation"),  # nothing there
]


def _triple(counts) -> tuple[int, int, int]:
    return counts.tp, counts.fp, counts.fn


def test_exact_match_per_type_and_overall() -> None:
    scores = detection(GOLD, PRED, "exact")
    assert _triple(scores["person"]) == (1, 1, 1)
    assert _triple(scores["place"]) == (0, 1, 1)
    assert _triple(scores["organisation"]) == (0, 1, 0)
    assert _triple(scores[ALL]) == (1, 3, 2)
    assert scores[ALL].precision == pytest.approx(1 / 4)
    assert scores[ALL].recall == pytest.approx(1 / 3)
    assert scores[ALL].f1 == pytest.approx(2 * (1 / 4) * (1 / 3) / (1 / 4 + 1 / 3))


def test_partial_match_needs_half_of_the_longer_span() -> None:
    scores = detection(GOLD, PRED, "partial")
    assert _triple(scores["person"]) == (1, 1, 1)
    assert _triple(scores["place"]) == (1, 0, 0)
    assert _triple(scores[ALL]) == (2, 2, 1)
    assert overlap_ratio(Span("d", 10, 20, "x"), Span("d", 10, 18, "x")) == pytest.approx(0.8)
    assert overlap_ratio(Span("d", 0, 10, "x"), Span("d", 5, 15, "x")) == pytest.approx(0.5)
    assert overlap_ratio(Span("d", 0, 10, "x"), Span("d", 10, 15, "x")) == 0.0


def test_types_outside_the_gold_are_not_scored() -> None:
    scores = detection(GOLD, PRED, "exact", types=("person", "place"))
    assert "organisation" not in scores
    assert _triple(scores[ALL]) == (1, 2, 2)


def test_matching_is_one_to_one_per_document_and_type() -> None:
    gold = [Span("a", 0, 5, "person")]
    pred = [Span("a", 0, 5, "person"), Span("a", 0, 5, "person"), Span("b", 0, 5, "person"),
            Span("a", 0, 5, "place")]
    assert match(gold, pred, "exact") == [(0, 0)]
    assert match(gold, pred, "partial") == [(0, 0)]
    scores = detection(gold, pred, "exact")
    assert _triple(scores["person"]) == (1, 2, 0)
    assert _triple(scores["place"]) == (0, 1, 0)


def test_partial_matching_prefers_the_best_overlap() -> None:
    gold = [Span("d", 0, 10, "person"), Span("d", 12, 20, "person")]
    pred = [Span("d", 0, 9, "person"), Span("d", 0, 10, "person")]
    assert match(gold, pred, "partial") == [(0, 1)]


def test_bad_mode_is_refused() -> None:
    with pytest.raises(ValueError):
        match(GOLD, PRED, "fuzzy")


def test_bcubed_on_a_hand_computed_example() -> None:
    # gold clusters A = {1, 2, 3}, B = {4, 5}; predicted x = {1, 2}, y = {3, 4}, 5 unlinked.
    # precision per item: 1, 1, 1/2, 1/2, 1 -> 4/5; recall: 2/3, 2/3, 1/3, 1/2, 1/2 -> 8/15;
    # F1 = 2 * 4/5 * 8/15 / (4/5 + 8/15) = 0.64
    result = bcubed(["A", "A", "A", "B", "B"], ["x", "x", "y", "y", None])
    assert result.precision == pytest.approx(4 / 5)
    assert result.recall == pytest.approx(8 / 15)
    assert result.f1 == pytest.approx(0.64)
    assert result.mentions == 5


def test_bcubed_extremes() -> None:
    perfect = bcubed(["A", "A", "B"], ["p", "p", "q"])
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    nothing_linked = bcubed(["A", "A", "B"], [None, None, None])
    assert nothing_linked.precision == 1.0
    assert nothing_linked.recall == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)
    all_merged = bcubed(["A", "A", "B"], ["z", "z", "z"])
    assert all_merged.recall == 1.0
    assert all_merged.precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    assert bcubed([], []).mentions == 0
    with pytest.raises(ValueError):
        bcubed(["A"], [])


def test_linking_pairs_use_found_keyed_gold_mentions_only() -> None:
    gold = [Span("d", 0, 5, "person", "A"), Span("d", 10, 20, "person", None),
            Span("d", 30, 40, "place", "B"), Span("d", 50, 60, "person", "A")]
    pred = [Span("d", 0, 5, "place", "A"), Span("d", 10, 20, "person", "Z"), Span("d", 31, 40, "place", None)]
    gold_keys, pred_ids = linking_pairs(gold, pred)
    assert gold_keys == ["A", "B"]  # the unkeyed gold and the one never found are left out
    assert pred_ids == ["A", None]
    assert accuracy(gold_keys, pred_ids) == 0.5


# ----------------------------------------------------------------------------- gold loaders


def _check_offsets(docs: list[gold_mod.GoldDocument], types: set[str]) -> int:
    count = 0
    for doc in docs:
        assert doc.text and doc.name and doc.language
        for m in doc.mentions:
            assert 0 <= m.start < m.end <= len(doc.text), (doc.name, m)
            surface = doc.text[m.start:m.end]
            assert surface.strip(), (doc.name, m)
            if m.text is not None:
                assert surface == m.text, (doc.name, m)
            assert m.entity_type in types, (doc.name, m)
            count += 1
    return count


@pytest.mark.corpus
def test_mitford_entries_and_their_persons_and_places() -> None:
    shared = require_shared("corpora/mitford-journal")
    docs = list(gold_mod.load_mitford(shared.parent, limit=20))
    assert len(docs) == 20
    assert all(d.language == "en" for d in docs)
    assert _check_offsets(docs, {"person", "place"}) > 30
    first = docs[0]
    by_key = {first.text[m.start:m.end]: m.entity_key for m in first.mentions}
    assert by_key["Granny"] == "Russell_M"  # nickname linked to the full person
    assert by_key["Bertram House"] == "Bertram_house"
    assert {m.entity_type for d in docs for m in d.mentions} == {"person", "place"}


@pytest.mark.corpus
def test_mitford_register_comes_from_the_site_index() -> None:
    shared = require_shared("corpora/mitford-journal")
    register = gold_mod.mitford_register(shared.parent)
    keys = {e.key for e in register}
    assert len(register) > 1500
    assert {"Russell_M", "Mitford_Geo"} <= keys
    assert {e.entity_type for e in register} == {"person", "place"}


@pytest.mark.corpus
def test_tolstoy_person_mentions() -> None:
    shared = require_shared("corpora/tolstoy-digital")
    docs = list(gold_mod.load_tolstoy(shared.parent))
    assert len(docs) == 10
    total = _check_offsets(docs, {"person"})
    assert total >= 60  # SOURCE.md: 60 tagged mentions, counted once each
    assert all(m.entity_key and m.entity_key.isdigit() for d in docs for m in d.mentions)
    assert len(list(gold_mod.load_tolstoy(shared.parent.parent, limit=3))) == 3  # the shared folder works too
    register = {e.key: e for e in gold_mod.tolstoy_register(shared.parent)}
    assert register["3444"].name.startswith("Гоголь")  # from the person-list sample
    assert "9649" in register  # Nekrasov, a correspondent named in correspDesc


@pytest.mark.corpus
def test_factrueval_objects_become_typed_spans() -> None:
    shared = require_shared("corpora/factrueval-2016")
    docs = list(gold_mod.load_factrueval(shared.parent, limit=5))
    assert len(docs) == 5
    assert _check_offsets(docs, {"person", "place", "organisation"}) > 30
    book = gold_mod.read_factrueval(shared / "devset" / "book_100.txt")
    found = {(book.text[m.start:m.end], m.entity_type) for m in book.mentions}
    assert ("Юрия Лужкова", "person") in found
    assert ("Москвы", "place") in found  # LocOrg
    assert ("мэрии Москвы", "organisation") in found  # Org with its descriptor
    assert ("Тверской площади", "place") in found  # Location
    assert all(m.entity_key and m.entity_key.startswith("book_100:") for m in book.mentions
               if m.entity_key)


@pytest.mark.corpus
def test_nerel_outermost_entities_with_wikidata_keys() -> None:
    shared = require_shared("corpora/nerel/NEREL-v1.1")
    docs = list(gold_mod.load_nerel(shared.parent.parent, limit=5))
    assert len(docs) == 5
    assert _check_offsets(docs, {"person", "place", "organisation", "work"}) > 50
    for doc in docs:
        ordered = sorted(doc.mentions, key=lambda m: (m.start, -m.end))
        for a, b in itertools.pairwise(ordered):
            assert a.end <= b.start or not (a.start <= b.start and b.end <= a.end), (doc.name, a, b)
    keys = [m.entity_key for d in docs for m in d.mentions if m.entity_key]
    assert keys and all(k.startswith("Q") and k[1:].isdigit() for k in keys)
    obama = gold_mod.read_nerel(shared / "dev" / "119336_text.txt")
    found = {(obama.text[m.start:m.end], m.entity_type, m.entity_key) for m in obama.mentions}
    assert ("Мишель", "person", "Q13133") in found
    assert ("Вашингтоне", "place", "Q61") in found
    assert ("США", "place", "Q30") in found
    assert not any(t == "DATE" for _, t, _ in found)


def test_samples_locate_the_manifest_surface_forms() -> None:
    docs = list(gold_mod.load_samples(None))
    assert len(docs) == 7
    assert _check_offsets(docs, {"person"}) > 50
    assert {d.language for d in docs} == {"en", "ru"}
    for doc in docs:
        spans = sorted((m.start, m.end) for m in doc.mentions)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # never overlapping
    assert len(list(gold_mod.load_samples(None, limit=2))) == 2


@pytest.mark.corpus
def test_schnitzler_rs_mentions() -> None:
    shared = require_shared("corpora/schnitzler-briefe")
    docs = list(gold_mod.load_schnitzler(shared.parent, limit=3))
    assert len(docs) == 3
    assert _check_offsets(docs, {"person", "place", "organisation", "work"}) > 10
    assert all(m.entity_key and m.entity_key.startswith("pmb") for d in docs for m in d.mentions)


def test_unknown_corpus_is_refused() -> None:
    with pytest.raises(ValueError):
        gold_mod.load("nonesuch", Path("."))


# ----------------------------------------------------------------------------- end to end

_HAVE_RECOGNISE = importlib.util.find_spec("testimonia.recognise") is not None


@pytest.mark.corpus
@pytest.mark.skipif(not _HAVE_RECOGNISE, reason="testimonia.recognise is not there yet")
def test_evaluate_end_to_end_on_a_few_documents() -> None:
    from testimonia.evaluate.ner import evaluate, format_table

    shared = require_shared("corpora")
    rows = evaluate(["mitford", "factrueval"], [("rules",), ("register",)], 5, shared.parent)
    table = format_table(rows)
    assert table.startswith("| corpus |")
    by = {(r.corpus, r.backends, r.entity_type): r for r in rows}
    mitford = by[("mitford", "register", ALL)]
    assert mitford.documents == 5 and mitford.words > 0
    assert mitford.tp + mitford.fn > 0
    assert mitford.tp > 0  # the site index names people the journal mentions
    assert mitford.linking_f1 is not None and 0.0 <= mitford.linking_f1 <= 1.0
    assert by[("factrueval", "register", ALL)].note.startswith("n/a")
    rules = by[("factrueval", "rules", ALL)]
    assert rules.linking_f1 is None
    assert rules.tp + rules.fn == sum(by[("factrueval", "rules", t)].tp + by[("factrueval", "rules", t)].fn
                                      for t in ("person", "place", "organisation"))


@pytest.mark.corpus
@pytest.mark.skipif(not _HAVE_RECOGNISE, reason="testimonia.recognise is not there yet")
def test_languages_without_a_backend_are_reported_not_scored() -> None:
    from testimonia.evaluate.ner import evaluate

    shared = require_shared("corpora/schnitzler-briefe")
    rows = evaluate(["schnitzler"], [("rules",)], 2, shared.parent)
    assert len(rows) == 1
    assert rows[0].note.startswith("n/a") and rows[0].f1 is None and rows[0].documents == 2


@pytest.mark.corpus
def test_the_bare_model_is_scored_as_it_comes_beside_the_stage() -> None:
    """The baseline: natasha's own spans, unlinked, on the same documents as the whole stage."""
    from testimonia.evaluate.ner import evaluate
    from testimonia.recognise import available_backends, bare_model_mentions

    if "ru" not in available_backends().get("model", ()):
        pytest.skip("natasha is not installed")
    shared = require_shared("corpora")
    rows = evaluate(["factrueval"], [("bare",), ("model",)], 5, shared.parent)
    by = {(r.backends, r.entity_type): r for r in rows}
    bare, stage = by[("bare", ALL)], by[("model", ALL)]
    assert bare.documents == stage.documents == 5
    assert bare.tp + bare.fn == stage.tp + stage.fn  # the same gold
    assert bare.tp > 0 and bare.linking_f1 is None and "as it comes" in bare.note
    text = "Комитет защиты журналистов (КЗЖ) заявил."
    raw = bare_model_mentions(text, "ru")
    assert [m.method for m in raw] == ["model:natasha"] * len(raw)
    assert any("(" in m.text for m in raw)  # uncut: what the stage's reading then mends
