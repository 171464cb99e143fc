"""The register gazetteer: inflected, whole-word, longest-match register look-up with original offsets.

Every person here is invented, with the names of people from the period where that helps the
reader follow the case being tested.
"""

from __future__ import annotations

import pytest

from testimonia.model import Entity
from testimonia.recognise.base import Recogniser
from testimonia.recognise.gazetteer import (
    FULL_CONFIDENCE,
    INITIALS_CONFIDENCE,
    SURNAME_CONFIDENCE,
    FoldedText,
    Gazetteer,
    case_forms,
    fold,
)

REGISTER = [
    Entity("person", "Христиан Георгиевич Раковский", ["Christian Rakovsky"], id="rakovsky"),
    Entity("person", "Светлана Иванова", [], id="svetlana"),
    Entity("person", "Пётр Иванов", ["Pyotr Ivanov"], id="pyotr"),
    Entity("person", "Лев Давидович Троцкий", ["Leon Trotsky", "Л. Д. Троцкий"], id="trotsky"),
    Entity("person", "Лев Борисович Каменев", [], id="kamenev-father"),
    Entity("person", "Александр Львович Каменев", [], id="kamenev-son"),
    Entity("person", "Семён Щёкин", [], id="shchekin"),
    Entity("person", "Фёдор Мороз", [], id="moroz"),
    Entity("person", "Павел Петров", [], id="petrov"),
    Entity("place", "Ivanovo", [], id="ivanovo"),
    Entity("place", "Москва", ["Moscow"], id="moscow"),
    Entity("place", "Бутырская тюрьма", ["Butyrka"], id="butyrka"),
    Entity("work", "Бюллетень оппозиции", [], id="bulletin"),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(REGISTER)


def found(gazetteer: Gazetteer, text: str) -> list[tuple[str, str | None, float]]:
    return [(m.text, m.entity_id, m.confidence) for m in gazetteer.recognise(text)]


def test_is_a_recogniser(gazetteer):
    assert isinstance(gazetteer, Recogniser)
    assert gazetteer.name == "register"
    assert len(gazetteer) == len(REGISTER)


def test_surname_in_the_genitive(gazetteer):
    [mention] = gazetteer.recognise("Показания Раковского были получены позже.")
    assert (mention.text, mention.entity_id, mention.entity_type) == ("Раковского", "rakovsky", "person")
    assert mention.method == "register"
    assert mention.confidence == SURNAME_CONFIDENCE


def test_full_name_in_the_genitive_across_a_line_break(gazetteer):
    text = "Прочёл письмо Христиана Георгиевича\n   Раковского."
    [mention] = gazetteer.recognise(text)
    assert mention.text == "Христиана Георгиевича\n   Раковского"
    assert text[mention.start:mention.end] == mention.text
    assert (mention.entity_id, mention.confidence) == ("rakovsky", FULL_CONFIDENCE)


def test_feminine_surname_declined_is_hers_not_his(gazetteer):
    assert found(gazetteer, "Передайте Ивановой привет.") == [("Ивановой", "svetlana", SURNAME_CONFIDENCE)]
    assert found(gazetteer, "Письмо Светлане Ивановой.") == [
        ("Светлане Ивановой", "svetlana", FULL_CONFIDENCE)]
    assert found(gazetteer, "Ивановым было не до того.") == [("Ивановым", "pyotr", SURNAME_CONFIDENCE)]


def test_a_form_shared_by_both_genders_lists_both(gazetteer):
    mention, candidates = gazetteer.find("Письмо Иванова пришло.")[0]
    assert mention.text == "Иванова"
    assert mention.entity_id is None  # his genitive or her nominative
    assert set(candidates) == {"svetlana", "pyotr"}
    assert set(gazetteer.candidates(mention)) == {"svetlana", "pyotr"}


def test_whole_words_only(gazetteer):
    assert found(gazetteer, "They were sent to Ivanovo.") == [("Ivanovo", "ivanovo", FULL_CONFIDENCE)]
    assert found(gazetteer, "Pyotr Ivanov's notes") == [("Pyotr Ivanov", "pyotr", FULL_CONFIDENCE)]
    assert found(gazetteer, "Ivanovskaya street, Ivanovich") == []
    assert found(gazetteer, "картина Петров-Водкина") == []  # a hyphenated compound is another word


def test_offsets_with_yo_and_mixed_case(gazetteer):
    text = "«Щекин»: так СЕМЁН ЩЁКИН подписывал письма, а Семена Щекина звали Сёмой."
    mentions = gazetteer.recognise(text)
    assert [m.text for m in mentions] == ["Щекин", "СЕМЁН ЩЁКИН", "Семена Щекина"]
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text
        assert mention.entity_id == "shchekin"


def test_offsets_after_characters_that_fold_to_more_or_fewer(gazetteer):
    # ß folds to two letters, a stress mark and a soft hyphen to none
    text = "Straße, Христиа\u0301н Ра\u00adковский и Leon Trotsky"
    mentions = gazetteer.recognise(text)
    assert [m.text for m in mentions] == ["Христиа\u0301н Ра\u00adковский", "Leon Trotsky"]
    assert all(text[m.start:m.end] == m.text for m in mentions)


def test_longest_match_wins(gazetteer):
    assert found(gazetteer, "Лев Давидович Троцкий приехал") == [
        ("Лев Давидович Троцкий", "trotsky", FULL_CONFIDENCE)]
    assert found(gazetteer, "Троцкий Лев Давидович, 1879") == [
        ("Троцкий Лев Давидович", "trotsky", FULL_CONFIDENCE)]


def test_initials(gazetteer):
    assert found(gazetteer, "Подпись: Л.Д. Троцкий.") == [("Л.Д. Троцкий", "trotsky", INITIALS_CONFIDENCE)]
    assert found(gazetteer, "Trotsky, L. D.") == [("Trotsky, L. D.", "trotsky", INITIALS_CONFIDENCE)]
    # lowercase "т." is "товарищ", not an initial
    assert found(gazetteer, "т. Троцкий") == [("Троцкий", "trotsky", SURNAME_CONFIDENCE)]


def test_father_and_son_are_candidates_until_the_given_name_says(gazetteer):
    mention, candidates = gazetteer.find("Каменев выступил.")[0]
    assert mention.entity_id is None
    assert set(candidates) == {"kamenev-father", "kamenev-son"}
    assert found(gazetteer, "Александра Каменева арестовали.") == [
        ("Александра Каменева", "kamenev-son", FULL_CONFIDENCE)]
    assert found(gazetteer, "с Львом Каменевым") == [("Львом Каменевым", "kamenev-father", FULL_CONFIDENCE)]


def test_diminutive_before_a_surname(gazetteer):
    assert found(gazetteer, "Лёва Троцкий") == [("Лёва Троцкий", "trotsky", FULL_CONFIDENCE)]


def test_lowercase_common_words_are_not_names(gazetteer):
    assert found(gazetteer, "стоял мороз, а Мороз молчал") == [("Мороз", "moroz", SURNAME_CONFIDENCE)]


def test_places_and_works_are_declined(gazetteer):
    text = "Из Бутырской тюрьмы в Москве он писал в «Бюллетене оппозиции»."
    assert found(gazetteer, text) == [
        ("Бутырской тюрьмы", "butyrka", FULL_CONFIDENCE), ("Москве", "moscow", FULL_CONFIDENCE),
        ("Бюллетене оппозиции", "bulletin", FULL_CONFIDENCE)]
    assert [m.entity_type for m in gazetteer.recognise(text)] == ["place", "place", "work"]


def test_start_and_end_give_offsets_into_the_whole_text(gazetteer):
    text = "Раковский. " * 3
    mentions = gazetteer.recognise(text, 11, 22)
    assert [(m.start, m.end) for m in mentions] == [(11, 20)]


def test_without_inflection_only_the_registered_forms_match():
    gazetteer = Gazetteer(REGISTER[:1], inflect=False)
    assert gazetteer.recognise("Раковского") == []
    assert [m.text for m in gazetteer.recognise("Раковский")] == ["Раковский"]


def test_case_forms_and_folding():
    assert set(case_forms("иванова", "surname", "f")) == {"иванова", "ивановой", "иванову"}
    assert "христиана" in case_forms("христиан", "given", "m")
    assert fold("  Пётр\n ЩЁКИН ") == "петр щекин"
    folded = FoldedText("a  Ё\u0301b")
    assert folded.folded == "a еb"
    assert (folded.start(2), folded.end(4)) == (3, 6)
