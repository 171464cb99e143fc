"""Weighing, the claims store, witness profiles, estimates, CLI, export and evaluation.

The archive is built from the invented letters in tests/data/claims (CC0), which corroborate,
contradict and copy one another.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from testimonia.archive import Archive
from testimonia.claims.estimates import estimates
from testimonia.claims.model import Actor, Claim, ClaimFilter
from testimonia.claims.weigh import SourceInfo, weigh
from testimonia.cli import cli
from testimonia.evaluate.claims import evaluate_claims

GOLD = Path(__file__).parent / "data" / "claims"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("claims") / "gold.tmarch")
    runner = CliRunner()
    assert runner.invoke(cli, ["--archive", path, "init", "--starter-register"]).exit_code == 0
    result = runner.invoke(cli, ["--archive", path, "ingest", "--recognise", "--quiet",
                                 *sorted(str(p) for p in GOLD.glob("*.txt"))])
    assert result.exit_code == 0, result.output
    assert "extracted" in result.output
    return path


def _quantity(source: str, low: float | None, high: float | None, counts: str = "prisoners",
              qualifier: str | None = None, refers_to: str | None = None, written: str = "1960") -> Claim:
    return Claim("quantity", 0, 10, "…", source_id=source, id=f"clm_{source}_{low}_{high}", low=low,
                 high=high,
                 qualifier=qualifier, unit="count", counts=counts, refers_to=refers_to, written=written)


# -- weighing on hand-made claims --------------------------------------------------------------

def test_overlapping_ranges_corroborate_and_disjoint_ones_contradict() -> None:
    claims = [_quantity("a", 15e6, 20e6), _quantity("b", 20e6, 20e6, qualifier="around"),
              _quantity("c", 3e6, 3e6), _quantity("d", 12e6, None, qualifier="at least")]
    result = weigh(claims)
    kinds = {frozenset((r.claim_a, r.claim_b)): r.relation for r in result.relations}
    ids = {c.source_id: c.id for c in claims}
    assert kinds[frozenset((ids["a"], ids["b"]))] == "corroborates"
    assert kinds[frozenset((ids["a"], ids["c"]))] == "contradicts"
    assert kinds[frozenset((ids["c"], ids["d"]))] == "contradicts"
    assert kinds[frozenset((ids["a"], ids["d"]))] == "corroborates"
    assert all("prisoners" in r.why for r in result.relations)


def test_blocking_never_compares_unrelated_claims_or_claims_of_one_source() -> None:
    claims = [_quantity("a", 10, 10, counts="letters"), _quantity("b", 500, 500, counts="prisoners"),
              _quantity("c", 10, 10, counts="letters"), _quantity("c", 90, 90, counts="letters"),
              _quantity("d", 1939, 1939, counts="prisoners", refers_to="1939"),
              _quantity("e", 3, 3, counts="prisoners", refers_to="1950")]
    result = weigh(claims)
    assert result.comparisons < result.possible_pairs
    assert 0 < result.avoided < 1
    pairs = {frozenset((r.claim_a, r.claim_b)) for r in result.relations}
    assert all(len({c.split("_")[1] for c in pair}) == 2 for pair in pairs)
    # figures for 1939 and 1950 are not rivals
    assert not any({"clm_d_1939_1939", "clm_e_3_3"} == set(pair) for pair in pairs)


def test_a_source_that_quotes_another_repeats_it_rather_than_corroborating() -> None:
    first = Claim("event", 0, 5, "…", source_id="s1", id="clm_1", event_type="arrest",
                  subject=Actor("Pavel Serov", "ent_serov"), date="1937", written="1962",
                  witness=Actor("Andrei Volkov", "ent_volkov"))
    quoting = Claim("quotation", 0, 5, "he went quietly", source_id="s2", id="clm_2",
                    speaker=Actor("Volkov", "ent_volkov"), written="1990")
    copy = Claim("event", 9, 15, "…", source_id="s2", id="clm_3", event_type="arrest",
                 subject=Actor("Pavel Serov", "ent_serov"), date="1937-03", written="1990")
    other = Claim("event", 0, 5, "…", source_id="s3", id="clm_4", event_type="arrest",
                  subject=Actor("Serov", "ent_serov"), date="1938", written="1965")
    infos = [SourceInfo("s1", author=Actor("Andrei Volkov", "ent_volkov"), written="1962"),
             SourceInfo("s2", written="1990"), SourceInfo("s3", written="1965")]
    result = weigh([first, quoting, copy, other], infos)
    assert [(d.source_id, d.depends_on) for d in result.dependencies] == [("s2", "s1")]
    relations = {frozenset((r.claim_a, r.claim_b)): r for r in result.relations}
    assert relations[frozenset(("clm_1", "clm_3"))].relation == "repeats"
    assert "not independent" in relations[frozenset(("clm_1", "clm_3"))].why
    assert relations[frozenset(("clm_1", "clm_4"))].relation == "contradicts"
    assert "dates differ" in relations[frozenset(("clm_1", "clm_4"))].why


def test_near_duplicate_passages_make_a_dependency() -> None:
    passage = ("They came at night, three of them, and he went quietly down the stairs without a word "
               "to any of us, and the door stayed open until the morning.")
    infos = [SourceInfo("s1", written="1962", text=f"Intro.\n\n{passage}\n\nEnd."),
             SourceInfo("s2", written="1990",
                        text=f"Other intro.\n\n{passage.replace('night', 'nіght')}\n\n"),
             SourceInfo("s3", written="1970",
                        text="Nothing in common with the others at all, truly nothing. " * 3)]
    result = weigh([], infos)
    assert [(d.source_id, d.depends_on) for d in result.dependencies] == [("s2", "s1")]
    assert "similarity" in result.dependencies[0].reason


def test_estimates_group_by_the_counted_thing_in_dictionary_form() -> None:
    claims = [_quantity("a", 20e6, 20e6, counts="adults"), _quantity("b", 15e6, 20e6, counts="adult"),
              _quantity("c", 5000, 5000, counts="заключённых"),
              _quantity("d", 15000, 20000, counts="заключённые")]
    groups = {g.thing: g for g in estimates(claims)}
    assert len(groups["adult"].rows) == 2
    assert len(groups["заключенный"].rows) == 2
    assert groups["заключенный"].span == (5000, 20000)
    assert [g.thing for g in estimates(claims, "заключённых")] == ["заключенный"]


# -- the archive built from the invented letters --------------------------------------------------

def test_weighing_the_invented_letters(built: str) -> None:
    with Archive.open(built) as archive:
        result = archive.weigh()
        by_kind = {kind: result.count(kind) for kind in ("corroborates", "contradicts", "repeats")}
        assert all(by_kind.values()), by_kind
        assert len(result.dependencies) >= 1
        claims = {c.id: c for c in archive.claims()}
        contradictions = [r for r in result.relations if r.relation == "contradicts"]
        assert any(claims[r.claim_a].kind == "quantity" for r in contradictions)
        assert any(claims[r.claim_a].kind == "event" and "dates differ" in r.why for r in contradictions)


def test_editor_decisions_survive_reextraction_and_reweighing(built: str) -> None:
    with Archive.open(built) as archive:
        archive.weigh()
        relations = archive.store.relations()
        rejected, confirmed = relations[0], relations[1]
        archive.store.decide_relation(rejected.id or "", "rejected")
        archive.store.decide_relation(confirmed.id or "", "confirmed")
        before = archive.store.count_claims()
        archive.extract_claims()
        assert archive.store.count_claims() == before
        archive.weigh()
        statuses = {r.id: (r.status, r.decided_by) for r in archive.store.relations()}
        assert statuses[rejected.id] == ("rejected", "editor")
        assert statuses[confirmed.id] == ("confirmed", "editor")


def test_claims_filter_by_kind_source_and_entity(built: str) -> None:
    with Archive.open(built) as archive:
        judgements = archive.claims(ClaimFilter(kind="judgement"))
        assert judgements and all(c.kind == "judgement" for c in judgements)
        judged = next(c.judged for c in judgements if c.judged and c.judged.entity_id)
        assert judged is not None
        about = archive.claims(ClaimFilter(entity_id=judged.entity_id))
        assert any(c.judged and c.judged.entity_id == judged.entity_id for c in about)
        source_id = judgements[0].source_id
        assert all(c.source_id == source_id for c in archive.claims(ClaimFilter(source_id=source_id)))


def test_witness_profile_of_an_invented_witness(built: str) -> None:
    with Archive.open(built) as archive:
        archive.weigh()
        profile = archive.witness("Andrei Volkov")
        assert profile.claims and profile.corroborated and profile.contradicted
        assert any(j.polarity == "corroborates" and j.judge and "Marsh" in j.judge.name
                   for j in profile.judgements)
        assert profile.vantage.get("eyewitness", 0) >= 1
        assert profile.gap_years and profile.gap_years["min"] >= 20


# -- surfaces -------------------------------------------------------------------------------------

def test_cli_claims_weigh_witness_estimates(built: str) -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["--archive", built, "claims", "--kind", "quantity", "--json"])
    assert listing.exit_code == 0, listing.output
    rows = [json.loads(line) for line in listing.output.splitlines()]
    assert rows and all(r["kind"] == "quantity" for r in rows)
    weighed = runner.invoke(cli, ["--archive", built, "weigh", "--limit", "5"])
    assert weighed.exit_code == 0 and "comparisons" in weighed.output and "avoided" in weighed.output
    witness = runner.invoke(cli, ["--archive", built, "witness", "Drozd", "--json"])
    assert witness.exit_code == 0, witness.output
    assert json.loads(witness.output)["judgements"][0]["polarity"] == "discredits"
    table = runner.invoke(cli, ["--archive", built, "estimates", "prisoners", "--json"])
    group = json.loads(table.output.splitlines()[0])
    assert {row["low"] for row in group["rows"]} >= {3000.0, 12000.0}


@pytest.mark.parametrize(("args", "message"), [
    (["witness", "Nobody Atall"], "no witness"),
    (["estimates", "  "], "query is empty"),
    (["weigh", "--confirm", "rel_0000000000000000"], "no such relation"),
])
def test_cli_errors_are_one_line(built: str, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["--archive", built, *args])
    assert result.exit_code == 1
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_export_carries_claims_relations_and_dependencies(built: str, tmp_path: Path) -> None:
    with Archive.open(built) as archive:
        archive.weigh()
    target = tmp_path / "out.jsonl"
    assert CliRunner().invoke(cli, ["--archive", built, "export", str(target)]).exit_code == 0
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    texts = {r["id"]: r["text"] for r in records if r["type"] == "source"}
    claims = [r for r in records if r["type"] == "claim"]
    required = {"id", "source_id", "document_id", "kind", "start", "end", "text", "witness", "speaker",
                "cited_work", "low", "high", "qualifier", "unit", "counts", "share_of", "refers_to",
                "event_type", "subject", "date", "place", "judge", "judged", "polarity", "reported_by"}
    assert claims and all(required <= set(c) for c in claims)
    for claim in claims:
        if claim["kind"] == "quantity":
            assert texts[claim["source_id"]][claim["start"]:claim["end"]] == claim["text"]
    relations = [r for r in records if r["type"] == "relation"]
    ids = {c["id"] for c in claims}
    assert relations and all(r["claim_a"] in ids and r["claim_b"] in ids and r["why"] for r in relations)
    assert any(r["type"] == "dependency" for r in records)


def test_evaluation_scores_every_kind_and_relations() -> None:
    evaluation = evaluate_claims(GOLD)
    assert {s.kind for s in evaluation.kinds} == {"quotation", "quantity", "event", "judgement"}
    for score in [*evaluation.kinds, evaluation.relations]:
        assert score.gold > 0 and 0 <= score.precision <= 1 and 0 <= score.recall <= 1
        assert score.correct <= min(score.gold, score.predicted)
    assert evaluation.files == 5
    result = CliRunner().invoke(cli, ["eval", "--claims"])
    assert result.exit_code == 0 and "| relations |" in result.output


def test_extracting_an_unknown_source_is_one_line(built: str) -> None:
    result = CliRunner().invoke(cli, ["--archive", built, "claims", "--extract", "--source", "src_nope"])
    assert result.exit_code == 1 and "src_nope" in result.output
    assert len(result.output.strip().splitlines()) == 1
