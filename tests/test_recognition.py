"""Recognition and linking over stored sources, through the archive, with the starter register."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from testimonia.archive import Archive
from testimonia.model import Credit, Document, FrontMatter, Mention, Note, Source
from testimonia.recognise.base import merge_mentions, model_mention
from testimonia.recognise.consistency import settle_types
from testimonia.recognise.rules import filter_mentions
from testimonia.recognition import persons_from_notes, pieces_of
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


# --- one reading of a name per document (recognise/consistency.py), on invented texts ---------------------

def _at(text: str, surface: str, entity_type: str, method: str = "model:spacy", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(start, start + len(surface), surface, entity_type, method=method, confidence=0.75)


def test_a_surname_a_fuller_mention_vouches_for_is_a_person_throughout() -> None:
    text = "Pavel Zhelnin came late. Zhelnin blames the weather. In Zhelnin, they say, it rains."
    mentions = [_at(text, "Pavel Zhelnin", "person"), _at(text, "Zhelnin", "place", nth=1),
                _at(text, "Zhelnin", "place", nth=2)]
    settled = {(m.start, m.entity_type) for m in settle_types(text, mentions)}
    assert (text.index("Zhelnin blames"), "person") in settled
    assert (text.index("Zhelnin, they"), "place") in settled  # "In Zhelnin": a place after all


def test_a_known_given_name_typed_a_place_is_a_person_unless_a_preposition_makes_it_a_place() -> None:
    text = "Visited Natalia this morning. Later we drove to Victoria."
    settled = settle_types(text, [_at(text, "Natalia", "place"), _at(text, "Victoria", "place")])
    assert [(m.text, m.entity_type) for m in settled] == [("Natalia", "person"), ("Victoria", "place")]


def test_words_a_parser_would_guess_to_be_names_are_not_given_names() -> None:
    text = "Израиль отверг план. Полёт на Марс отложен."
    settled = settle_types(text, [_at(text, "Израиль", "place", "model:natasha"),
                                  _at(text, "Марс", "place", "model:natasha")])
    assert {m.entity_type for m in settled} == {"place"}


def test_unmarked_occurrences_of_a_settled_name_are_added_whole() -> None:
    text = "Koka came at noon. I had met Koka before. Koka Tarasova wrote. Koka's brother stayed."
    settled = settle_types(text, [_at(text, "Koka", "organisation")])
    found = [(m.text, m.entity_type, m.method) for m in settled]
    assert found[0] == ("Koka", "person", "model:spacy")
    assert ("Koka", "person", "rule:same_name") in found
    assert sum(1 for t, _, _ in found if t == "Koka") == 3  # not inside "Koka Tarasova", an unknown name
    assert all(m.text == text[m.start:m.end] for m in settled)


def test_a_name_the_text_also_uses_as_a_common_word_is_not_spread() -> None:
    text = "Writers such as Conquest agree. Conquest is a hard word; conquest by force."
    mention = _at(text, "Conquest", "person", "register")
    assert [m.text for m in settle_types(text, [mention])] == ["Conquest"]


def test_a_name_after_a_word_for_a_work_is_a_work() -> None:
    text = "the love poem Tvoya Pobeda by her, author of The Bell (1913) and Sorrows (1922)."
    settled = settle_types(text, [_at(text, "Tvoya Pobeda", "organisation"), _at(text, "The Bell", "place"),
                                  _at(text, "Sorrows", "person")])
    assert [m.entity_type for m in settled] == ["work", "work", "work"]


def test_the_register_type_stands_over_a_model_guess_on_the_same_span() -> None:
    text = "Figes blames the regime."
    merged = merge_mentions([[_at(text, "Figes", "place")], [_at(text, "Figes", "person", "register")]])
    assert [(m.text, m.entity_type) for m in merged] == [("Figes", "person")]


@pytest.mark.parametrize(("text", "surface", "kept"), [
    ("On the dresser, a little black Browning.", "Browning", False),  # a pistol
    ("He bought an old Ford last year.", "Ford", False),
    ("A letter from a certain Browning came.", "Browning", True),
    ("Then Browning came in.", "Browning", True),
])
def test_a_model_person_after_an_indefinite_article_is_a_thing(text, surface, kept) -> None:
    assert bool(filter_mentions(text, [_at(text, surface, "person")])) is kept


def test_model_spans_stop_at_a_spaced_dash_and_never_run_past_a_possessive() -> None:
    text = "By Anna Petrova - - Allen Lane. Measuring Petrova’s Testimony."
    cut = model_mention(text, text.index("Anna"), text.index(" Lane") + 5, "person", "model:spacy", 0.75)
    assert cut is not None and cut.text == "Anna Petrova"
    title = text.index("Measuring")
    assert model_mention(text, title, title + len("Measuring Petrova’s Testimony"), "person",
                         "model:spacy", 0.75) is None


def test_recognition_reads_the_front_matter_the_documents_and_their_notes() -> None:
    text = "A Title\n\nTranslated by Ida Roe.\n\nDear Ann, I saw him [1].\n\nPS\n\n1. Her brother.\n"
    body = text.index("Dear")
    note_at = text.index("1. Her") + 3
    document = Document(kind="letter", start=body, end=text.index("[1].") + 4)
    note = Note("1", "Her brother.", text.index("[1]"), text.index("[1]") + 3, note_at,
                note_at + len("Her brother."))
    source = Source("x.txt", "0" * 64, len(text), "text", "utf-8", text,
                    FrontMatter(credits=[Credit("translator", "Ida Roe")]), [document], [note], [], [])
    pieces = [(d is document, text[s:e]) for d, s, e in pieces_of(source)]
    assert pieces == [(False, "A Title\n\nTranslated by Ida Roe.\n\n"), (True, "Dear Ann, I saw him [1]."),
                      (True, "Her brother."), (False, "\n\nPS\n\n1. ")]


def test_credits_and_notes_are_read_and_linked_with_their_letter(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "Letters from Tarusa\n\nTranslated & annotated by Ida Roe.\n\nTarusa, 3 March 1938\n\nDear Anna,\n\n"
        "Today Kolya [1] came with a little black Mauser in his coat. We spoke of Bessonov all evening; "
        "Bessonov blames the frost for everything.\n\nYours,\nVera\n\n1. Vera’s younger brother.\n",
        encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        archive.ingest_file(letter)
        archive.recognise()
        found = archive.mentions()
        persons = {m.text: m for m in found if m.entity_type == "person"}
        assert "Ida Roe" in persons and persons["Ida Roe"].document_id is None  # front matter
        assert "Mauser" not in persons
        note_vera = [m for m in found if m.text == "Vera" and m.start > letter.read_text().index("1. Vera")]
        assert note_vera and note_vera[0].document_id is not None  # read with the letter it annotates
        bessonov = [m for m in found if m.text == "Bessonov"]
        assert len(bessonov) == 2 and len({m.entity_id for m in bessonov}) == 1


def test_the_word_a_note_about_a_person_annotates_is_a_person() -> None:
    text = "Zinaida [1] came, then Orlov [2] and the Bureau [3].\n\n1. His sister.\n2. Poet.\n3. A club."
    notes = [Note(marker, body, text.index(f"[{marker}]"), text.index(f"[{marker}]") + 3)
             for marker, body in (("1", "His sister."), ("2", "Poet."), ("3", "A club."))]
    source = Source("x.txt", "0" * 64, len(text), "text", "utf-8", text, FrontMatter(), [], notes, [], [])
    found = persons_from_notes(source, [_at(text, "Zinaida", "organisation"),
                                        _at(text, "Bureau", "organisation")])
    assert [(m.text, m.entity_type) for m in found] == [
        ("Zinaida", "person"), ("Bureau", "organisation"), ("Orlov", "person")]


def test_a_whole_registered_name_outweighs_a_surname_read_alone() -> None:
    from testimonia.model import Entity
    from testimonia.recognise.gazetteer import Gazetteer

    gazetteer = Gazetteer([Entity("place", "Tver", [], id="tver"),
                           Entity("person", "Mikhail of Tver", [], id="mikhail")])
    text = "He went back to Tver in May."
    assert [(m.text, m.entity_type) for m in gazetteer.recognise(text)] == [("Tver", "place")]


@pytest.mark.parametrize(("text", "found"), [
    ("Dear Anna, today Kolya came with Mark.", ["Anna", "Kolya", "Mark"]),
    ("Vera came. Slava stayed.", []),  # at a sentence start a name may be a word ("Вера", "Слава")
    ("We sailed to Victoria on May 3.", []),  # a place after "to"; a month before a number
    ("She wore Nina Ricci and heard Leo Records.", []),  # part of a longer name the backends missed
    ("Mark the place, then tell Mark to mark it.", []),  # the text uses it as a common word
    ("Письмо от Наташи пришло вчера.", ["Наташи"]),
])
def test_a_listed_given_name_nothing_else_found_is_a_person(text, found) -> None:
    settled = settle_types(text, [])
    assert [m.text for m in settled] == found
    assert all(m.method == "rule:given_name" for m in settled)


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("ru", "Из семейного архива. Публикация Н. М. Костровой.", "Н. М. Костровой"),
    ("ru", "Статью прислал Вадим З. Роговин.", "Вадим З. Роговин"),
    ("en", "as Vadim Z. Rogovin wrote", "Vadim Z. Rogovin"),
    ("en", "Edited by Margaret J. Ellory.", "Margaret J. Ellory"),
])
def test_a_word_before_initials_joins_the_name_only_as_a_given_name(language: str, text: str,
                                                                    expected: str) -> None:
    from testimonia.recognise.rules import rule_recogniser

    assert [m.text for m in rule_recogniser(language).recognise(text)] == [expected]


def test_a_russian_word_capitalised_by_its_place_is_not_a_model_person() -> None:
    text = "Примечания\n\n1. Освобождённым из лагерей выезд не разрешался. Горький писал. Вера пришла."
    found = [Mention(text.index(w), text.index(w) + len(w), w, "person", method="model:natasha",
                     confidence=0.75) for w in ("Освобождённым", "Горький", "Вера")]
    assert [m.text for m in filter_mentions(text, found)] == ["Горький", "Вера"]


def test_a_letter_signed_with_a_pet_name_the_register_lists_is_linked_to_that_entry(tmp_path: Path) -> None:
    from testimonia.model import Entity

    letter = tmp_path / "letter.txt"
    letter.write_text("Karaganda, 3 March 1954\n\nMy dear Lyolya,\n\nThe thaw has come early and the "
                      "road is mud again.\n\nYour Grisha\n", encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        olga = archive.store.add_entity(Entity("person", "Olga Nikolaevna Zhelnina", ["Lyolya"]))
        archive.store.add_entity(Entity("person", "Olga Petrovna Rudina", ["Olya"]))
        archive.ingest([letter])
        archive.recognise()
        document = archive.documents()[0]
        assert [p.name for p in document.addressees] == ["Lyolya"]
        mentions = [m for m in archive.store.mentions(document_id=document.id) if m.text == "Lyolya"]
        assert mentions and all((m.entity_id, m.status) == (olga, "linked") for m in mentions)
