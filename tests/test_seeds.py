"""The two texts the project started from, read by hand and asserted here."""

from __future__ import annotations

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
