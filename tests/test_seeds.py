"""The two texts the project started from, read by hand and asserted here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from testimonia.archive import Archive
from testimonia.model import Document, Source


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Source]:
    from tests.conftest import require_shared

    folder = require_shared("seeds")
    archive = Archive.create(tmp_path_factory.mktemp("seeds") / "seeds.tmarch")
    summary = archive.ingest([folder])
    assert not summary.failed, [o.error for o in summary.failed]
    found = {}
    for row in archive.sources():
        source = archive.source(row.id)
        found["serge" if "Kravchenko" in source.text[:200] else "review"] = source
    archive.close()
    return found


def _text(source: Source, start: int | None, end: int | None) -> str:
    assert start is not None and end is not None
    return source.text[start:end]


def test_serge_front_matter(seeds: dict[str, Source]) -> None:
    front = seeds["serge"].front
    assert front.author == "Victor Serge"
    assert front.title == "Measuring Kravchenko’s Testimony"
    assert front.series == "Concluding the Diary of Victor Serge – VII"
    credits = {(c.role, c.name) for c in front.credits}
    assert ("translator", "James M. Fenwick") in credits
    assert ("annotator", "James M. Fenwick") in credits
    assert ("transcriber", "Einde O’Callaghan") in credits
    publication = front.published_in
    assert publication is not None
    assert publication.periodical == "The New International"
    assert (publication.volume, publication.issue, publication.pages) == ("XVI", "6", "368–371")
    assert publication.date == "1950-11/1950-12"
    assert front.last_updated is not None and front.last_updated.edtf == "2018-10-19"


def test_serge_diary_entry_and_letter(seeds: dict[str, Source]) -> None:
    source = seeds["serge"]
    kinds = [d.kind for d in source.documents]
    assert kinds == ["diary_entry", "letter"]
    diary, letter = source.documents
    assert diary.date is not None and diary.date.edtf == "1946-07-06"
    assert _text(source, diary.start, diary.end).startswith("July 6, 1946. Visited Natalia")
    assert [p.name for p in diary.authors] == ["Victor Serge"]

    assert letter.date is not None
    assert (letter.date.edtf, letter.date.text) == ("1946-11-15", "November 15, ’46")
    assert letter.date.certainty == "inferred"  # the century comes from the diary's 1946
    assert letter.place == "Mexico"
    assert [p.name for p in letter.addressees] == ["Herbert"]
    assert [p.name for p in letter.authors] == ["Victor Serge"]
    assert letter.dateline is not None and letter.dateline.text == "Mexico, November 15, ’46"
    assert letter.salutation is not None and letter.salutation.text == "My dear Herbert,"
    assert letter.closing is not None and letter.closing.text == "My best to you both, my dear Herbert."
    assert letter.signature is not None and letter.signature.text == "Victor Serge"
    body = _text(source, letter.start, letter.end)
    assert body.startswith("Mexico, November 15") and body.endswith("Victor Serge")
    assert "Last updated" not in body and "Serge’s young daughter" not in body


def test_serge_footnotes_attached_to_markers(seeds: dict[str, Source]) -> None:
    source = seeds["serge"]
    notes = {n.marker: n for n in source.notes}
    assert set(notes) == {"4", "5", "6", "7"}
    assert all(n.status == "attached" for n in notes.values())
    assert _text(source, notes["4"].anchor_start, notes["4"].anchor_end) == "[4]"
    # each marker stands right after the word it annotates
    assert source.text[: notes["4"].anchor_start].rstrip().endswith("Jeannine")
    assert source.text[: notes["7"].anchor_start].rstrip().endswith("VOKS")
    assert notes["4"].text == "Serge’s young daughter."
    assert notes["6"].text.startswith("Poet, author of The Stone (1913)")
    assert _text(source, notes["5"].start, notes["5"].end) == "Austrian émigré doctor."
    diary = source.documents[0]
    assert all(diary.start <= n.anchor_start < diary.end for n in notes.values())


def test_review_document_epigraphs_and_notes(seeds: dict[str, Source]) -> None:
    source = seeds["review"]
    assert [d.kind for d in source.documents] == ["review"]
    review: Document = source.documents[0]
    assert review.date is not None and review.date.edtf == "2019-11-13"
    assert review.date.text == "Wednesday, 13 November 2019"
    attributions = [e.attribution for e in review.epigraphs]
    assert attributions == ["Svetlana Ivanov", "Leon Trotsky", "Nadezhda Joffe"]
    assert review.epigraphs[0].text.startswith("“How many times have I wanted")
    assert review.epigraphs[1].text.startswith("No, I do not see any grounds for pessimism")
    for epigraph in review.epigraphs:
        assert _text(source, epigraph.attribution_start, epigraph.attribution_end) == epigraph.attribution
    assert "There is a strong cultural tradition" in _text(source, review.start, review.end)

    by_status = {n.status: n for n in source.notes}
    assert set(by_status) == {"attached", "dangling_marker"}
    attached, dangling = by_status["attached"], by_status["dangling_marker"]
    assert (attached.marker, dangling.marker) == ("2", "1")
    assert attached.text.startswith("Author’s introduction to Bolsheviks Against Stalinism")
    assert _text(source, dangling.anchor_start, dangling.anchor_end) == "[1]"
    assert source.text[: dangling.anchor_start].endswith("last forever”.")
    assert dangling.start is None and dangling.text == ""


def test_seed_offsets_index_the_verbatim_text(seeds: dict[str, Source]) -> None:
    from tests.conftest import require_shared

    folder: Path = require_shared("seeds")
    originals = {p.read_text(encoding="utf-8") for p in folder.glob("*.txt")}
    for source in seeds.values():
        assert source.text in originals
        assert source.encoding == "utf-8"


# -- claims (issue 5): what a careful reading of the seeds finds ---------------------------------

@pytest.fixture(scope="module")
def claimed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    from tests.conftest import require_shared

    folder = require_shared("seeds")
    archive = Archive.create(tmp_path_factory.mktemp("claims") / "seeds.tmarch")
    archive.load_starter_register()
    archive.ingest([folder])
    archive.recognise()
    archive.extract_claims()
    archive.weigh()
    yield archive
    archive.close()


def _quotations_by_speaker(archive: Archive) -> dict[str, list[str]]:
    from testimonia.claims.model import ClaimFilter

    found: dict[str, list[str]] = {}
    for claim in archive.claims(ClaimFilter(kind="quotation")):
        found.setdefault(claim.speaker.name if claim.speaker else "", []).append(claim.text)
    return found


def test_serge_judges_kravchenko_on_his_witness_page(claimed: Archive) -> None:
    profile = claimed.witness("Kravchenko")
    assert profile.witness.name == "Victor Kravchenko"
    by_serge = [j for j in profile.judgements if j.judge and j.judge.name == "Victor Serge"]
    polarities = {j.polarity for j in by_serge}
    # "He is lying", "conceals a great many things": discredits; "Everything is true": corroborates;
    # "we knew all that before": dependent; "only partially true": partial; "is important".
    assert {"discredits", "corroborates", "dependent", "partial", "important"} <= polarities
    lying = [j for j in by_serge if j.claim.text.startswith("He is lying")]
    assert lying and lying[0].polarity == "discredits"
    conceals = [j for j in by_serge if "conceals a great many things" in j.claim.text]
    assert conceals and conceals[0].polarity == "discredits"
    important = [j for j in by_serge if "upon forced labor is important" in j.claim.text]
    assert important and important[0].polarity == "important"
    # what K. "tells of" is reported speech, refuted by the sentence that follows
    reported = [c for c in profile.claims if c.found_by == "reported_speech"]
    assert reported and reported[0].stance == "refutes"


def test_review_quotations_and_epigraphs_carry_their_speakers(claimed: Archive) -> None:
    from testimonia.claims.model import ClaimFilter

    speakers = _quotations_by_speaker(claimed)
    assert any(t.startswith("How many times have I wanted") for t in speakers["Svetlana Ivanov"])
    assert any(t.startswith("No, I do not see any grounds") for t in speakers["Leon Trotsky"])
    assert any(t.startswith("We wanted nothing for ourselves") for t in speakers["Nadezhda Joffe"])
    assert any(t.startswith("serve many purposes") for t in speakers["J.J. Plant"])
    assert speakers["David North"] == ["literary genre"]
    assert any(t.startswith("no one ever knew") for t in speakers["Figes"])
    assert any(t.startswith("The memoirs of survivors") for t in speakers["Helen Halyard"])
    rogovin = [c for c in claimed.claims(ClaimFilter(kind="quotation"))
               if c.speaker and c.speaker.name == "Vadim Rogovin"]
    assert rogovin and rogovin[0].text.startswith("Stalin’s repressive campaigns")
    assert rogovin[0].cited_work and "Bolsheviks Against Stalinism" in rogovin[0].cited_work
    epigraphs = [c for c in claimed.claims(ClaimFilter(kind="quotation")) if c.found_by == "epigraph"]
    assert len(epigraphs) == 3
    # "This is not true" answers Figes's words: the review refutes them
    figes = [c for c in claimed.claims(ClaimFilter(kind="quotation"))
             if c.speaker and c.speaker.name == "Figes" and c.text.startswith("no one ever knew")]
    assert figes[0].stance == "refutes"
    # "said N.": the initial stands for Natalia, named earlier in the entry
    assert any(t.startswith("Oh, yes, my dear") for t in speakers["Natalia"])


@pytest.mark.parametrize(("words", "low", "high", "qualifier", "unit", "counts", "share_of"), [
    ("more than 1,200 letters", 1200, None, "more than", "count", "letters", None),
    ("hundreds of thousands", 1e5, 999999, "hundreds of thousands", "count", None, None),
    ("around 20 million adults", 20e6, 20e6, "around", "count", "adults", None),
    ("15 to 20 million", 15e6, 20e6, None, "count", "Penal manpower", None),
    ("7–8 per cent of the adult population", 7, 8, None, "percent", None, "the adult population"),
    ("around 15 per cent of the adult population", 15, 15, "around", "percent", None, "the adult population"),
    ("25 miles", 25, 25, None, "mile", None, None),
])
def test_seed_quantities_with_ranges_qualifiers_and_units(
        claimed: Archive, words: str, low: float, high: float | None, qualifier: str | None, unit: str,
        counts: str | None, share_of: str | None) -> None:
    from testimonia.claims.model import ClaimFilter

    found = [c for c in claimed.claims(ClaimFilter(kind="quantity")) if c.text == words]
    assert len(found) == 1
    claim = found[0]
    assert (claim.low, claim.high, claim.qualifier, claim.unit) == (low, high, qualifier, unit)
    assert (claim.counts, claim.share_of) == (counts, share_of)


def test_serge_privileged_share_refers_to_1936(claimed: Archive) -> None:
    from testimonia.claims.model import ClaimFilter

    found = [c for c in claimed.claims(ClaimFilter(kind="quantity")) if c.text == "15 per cent"]
    assert found and found[0].refers_to == "1936" and found[0].written == "1946-11-15"


# --- who is who: recognition and linking with the starter register, against a careful reading ------------


@pytest.fixture(scope="module")
def recognised(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, str, str | None, str]]]:
    """Per seed: (text, type, the linked entry's name or None, status) for every mention, in order."""
    from tests.conftest import require_shared

    folder = require_shared("seeds")
    archive = Archive.create(tmp_path_factory.mktemp("seeds") / "recognised.tmarch")
    archive.load_starter_register()
    assert not archive.ingest([folder]).failed
    archive.recognise()
    names = {e.id: e.name for e in archive.entities()}
    found: dict[str, list[tuple[str, str, str | None, str]]] = {}
    for row in archive.sources():
        source = archive.source(row.id)
        key = "serge" if "Kravchenko" in source.text[:200] else "review"
        found[key] = [(m.text, m.entity_type, names.get(m.entity_id or ""), m.status)
                      for m in archive.mentions(source_id=row.id)]
    archive.close()
    return found


def _entries(found: list[tuple[str, str, str | None, str]], text: str) -> list[str | None]:
    return [entry for surface, _, entry, _ in found if surface == text]


@pytest.mark.parametrize(("short", "entry"), [
    ("Natalia", "Natalia Sedova"),  # Trotsky's widow: the diary names Trotsky (L.D.)
    ("N.", "Natalia Sedova"),  # every "N." of the visit
    ("L.D.", "Leon Trotsky"),
    ("L.T.", "Leon Trotsky"),  # in the diary and again in the letter
    ("Trotsky", "Leon Trotsky"),
    ("K.", "Victor Kravchenko"),  # "We discussed the book by Victor Kravchenko ... K. tells of"
    ("Kravchenko", "Victor Kravchenko"),
    ("R.", "Christian Rakovsky"),  # "the step-child of the great R."
    ("Rakovsky", "Christian Rakovsky"),
    ("Kamenev", "Lev Kamenev"),  # "Trotsky's sister, who was Kamenev's wife"
    ("Olga Davidovno Kameneva", "Olga Kameneva"),
    ("Serge", "Victor Serge"),  # note 4, "Serge's young daughter"
])
def test_serge_short_forms_resolve_to_the_right_person(recognised, short, entry) -> None:
    entries = _entries(recognised["serge"], short)
    assert entries and all(e == entry for e in entries), entries


def test_serge_koka_is_one_person_the_register_lacks(recognised) -> None:
    koka = [m for m in recognised["serge"] if m[0] == "Koka"]
    # the heading, "Did you know Koka", "I had met Koka", "The punishment of Koka", "the tortured Koka"
    assert len(koka) == 5
    assert {(t, status) for _, t, _, status in koka} == {("person", "proposed")}
    assert len({entry for _, _, entry, _ in koka}) == 1


def test_serge_people_the_register_lacks_are_proposed(recognised) -> None:
    found = {m[0]: m for m in recognised["serge"]}
    # "Jeannine [4]" (note 4: "Serge's young daughter"), "Becker [5]" (note 5: "Austrian émigré doctor"),
    # the addressee, and the transcriber credited in the front matter
    for name in ("Jeannine", "Becker", "Herbert", "Einde O’Callaghan", "James M. Fenwick"):
        assert found[name][1] == "person" and found[name][3] == "proposed", found[name]


def test_serge_things_and_titles_are_not_people(recognised) -> None:
    found = recognised["serge"]
    assert not [m for m in found if m[0] == "Browning"]  # "a little black Browning": a pistol
    assert ("Tvoya Pobeida", "work") in {(m[0], m[1]) for m in found}  # "the love poem Tvoya Pobeida"
    assert {m[1] for m in found if m[0] == "Moscow"} == {"place"}
    assert not [m for m in found if m[1] == "person" and "Testimony" in m[0]]


def test_review_short_forms_join_the_full_names(recognised) -> None:
    found = recognised["review"]
    assert set(_entries(found, "Figes")) == {"Orlando Figes"}
    assert {m[1] for m in found if m[0] == "Figes"} == {"person"}  # never a place
    assert set(_entries(found, "Lev")) == set(_entries(found, "Lev Mishchenko")) == {"Lev Mishchenko"}
    assert set(_entries(found, "Svetlana")) == set(_entries(found, "Svetlana Ivanov")) == {"Svetlana Ivanov"}
    assert set(_entries(found, "Rogovin")) == set(_entries(found, "Vadim Z. Rogovin")) == {"Vadim Rogovin"}
    assert set(_entries(found, "Conquest")) == {"Robert Conquest"}  # "writers such as Conquest and Rogovin"
    assert not [m for m in found if m[1] == "person" and m[0].lower().startswith("stalinis")]


def test_the_same_people_in_both_seeds_are_one_entry(recognised) -> None:
    for name in ("Leon Trotsky",):
        assert name in _entries(recognised["review"], "Leon Trotsky")
        assert name in _entries(recognised["serge"], "Trotsky")
