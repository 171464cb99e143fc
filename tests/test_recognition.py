"""Recognition and linking over stored sources, through the archive, with the starter register."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from testimonia.archive import Archive
from testimonia.model import Mention
from tests.conftest import require_shared


@pytest.fixture(scope="module")
def seeds_archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    folder = require_shared("seeds")
    archive = Archive.create(tmp_path_factory.mktemp("recognition") / "seeds.tmarch")
    archive.load_starter_register()
    assert not archive.ingest([folder]).failed
    summary = archive.recognise()
    assert summary.sources == 2 and summary.mentions > 20
    return archive


def _by_entity(archive: Archive) -> dict[str, list[Mention]]:
    grouped: dict[str, list[Mention]] = defaultdict(list)
    for row in archive.sources():
        for mention in archive.mentions(source_id=row.id):
            if mention.entity_id and mention.status != "rejected":
                grouped[mention.entity_id].append(mention)
    return grouped


def _entity_named(archive: Archive, name: str) -> str:
    for entity in archive.entities("person"):
        if entity.name == name:
            return entity.id or ""
    raise AssertionError(f"no register entry {name!r}")


def test_a_person_in_both_seeds_is_one_entry(seeds_archive: Archive) -> None:
    trotsky = _entity_named(seeds_archive, "Leon Trotsky")
    mentions = _by_entity(seeds_archive)[trotsky]
    assert len({m.source_id for m in mentions}) == 2, [m.text for m in mentions]


def test_surname_alone_links_to_the_same_entry(seeds_archive: Archive) -> None:
    kravchenko = _entity_named(seeds_archive, "Victor Kravchenko")
    texts = {m.text for m in _by_entity(seeds_archive)[kravchenko]}
    assert "Kravchenko" in texts


def test_derived_words_are_not_person_mentions(seeds_archive: Archive) -> None:
    for row in seeds_archive.sources():
        for mention in seeds_archive.mentions(source_id=row.id):
            if mention.entity_type == "person":
                assert not mention.text.lower().startswith(("stalinis", "trotskyis")), mention


def test_every_mention_is_linked_proposed_or_ambiguous_with_a_reason(seeds_archive: Archive) -> None:
    for row in seeds_archive.sources():
        text = seeds_archive.store.source_text(row.id)
        for mention in seeds_archive.mentions(source_id=row.id):
            assert text[mention.start:mention.end] == mention.text
            assert mention.status in ("linked", "proposed", "ambiguous")
            assert mention.reason
            if mention.status == "ambiguous":
                assert mention.entity_id is None and mention.candidates
            else:
                assert mention.entity_id


def test_rerunning_recognition_keeps_editor_decisions(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Moscow, 3 March 1938\n\nDear Vera,\n\nToday I saw Boris Zhelnin and his wife "
                      "Olga Zhelnina at the station in Leningrad.\n\nYours,\nAnna\n", encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        archive.ingest_file(letter)
        archive.recognise()
        first = {m.text: m for m in archive.mentions()}
        assert "Boris Zhelnin" in first and "Leningrad" in first
        husband, wife = first["Boris Zhelnin"], first.get("Olga Zhelnina")
        assert wife is not None and husband.entity_id != wife.entity_id  # a couple stays apart
        archive.store.decide_mention(first["Leningrad"].id or "", "rejected")
        archive.recognise()
        again = {m.text: m for m in archive.mentions()}
        assert (again["Leningrad"].status, again["Leningrad"].decided_by) == ("rejected", "editor")
        assert again["Boris Zhelnin"].entity_id == husband.entity_id
