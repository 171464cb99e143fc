"""Structure rules on small hand-made texts, one behaviour each."""

from __future__ import annotations

import pytest

from testimonia.model import ReadResult
from testimonia.read.text import paragraph_layout
from testimonia.structure import Structured, structure_source
from testimonia.structure.cues import addressees_from_salutation, is_name_like, is_salutation, signature_name
from testimonia.structure.front import parse_credit, parse_publication


def structure(text: str) -> Structured:
    return structure_source(ReadResult(text=text, format="text", encoding="utf-8",
                                       layout=paragraph_layout(text)))


@pytest.mark.parametrize(("line", "names"), [
    ("My dear Herbert,", ["Herbert"]),
    ("Dear Mr. Read:", ["Mr. Read"]),
    ("Dearest Anna and Boris,", ["Anna", "Boris"]),
    ("Дорогая Света!", ["Света"]),
    ("Милый мой Лёвушка!", ["Лёвушка"]),
    ("Мотенька, родной мой!", ["Мотенька"]),
    ("Здравствуй, дорогая мама!", []),
    ("Многоуважаемый Иван Петрович!", ["Иван Петрович"]),
])
def test_salutations(line: str, names: list[str]) -> None:
    assert is_salutation(line)
    assert addressees_from_salutation(line) == names


@pytest.mark.parametrize("line", ["It was very somber, very sad.", "Dear me, what a day it was today and",
                                  "Дорогой ценой досталась нам эта победа, и мы"])
def test_not_salutations(line: str) -> None:
    assert not is_salutation(line)


@pytest.mark.parametrize(("line", "name"), [
    ("Victor Serge", "Victor Serge"), ("Твой Лёва", "Лёва"), ("Твоя Аня", "Аня"),
    ("Твой папа", "папа"), ("твоя тётя Вера", "Вера"), ("Yours ever, Anna", "Anna"),
    ("— J. J. Plant", "J. J. Plant"), ("It was cold.", None), ("See you on the 12th", None),
])
def test_signatures(line: str, name: str | None) -> None:
    assert signature_name(line) == name


@pytest.mark.parametrize(("line", "expected"), [
    ("Leon Trotsky", True), ("Н. М. Кострова", True), ("Ossip Emilievitch Mandelstam", True),
    ("He is lying; protests were impossible.", False), ("15 to 20 million", False),
])
def test_name_like(line: str, expected: bool) -> None:
    assert is_name_like(line) is expected


@pytest.mark.parametrize(("line", "credits"), [
    ("Translated & annotated by James M. Fenwick.",
     [("translator", "James M. Fenwick"), ("annotator", "James M. Fenwick")]),
    ("Transcribed & marked up by Einde O’Callaghan for the Marxists’ Internet Archive.",
     [("transcriber", "Einde O’Callaghan"), ("encoder", "Einde O’Callaghan")]),
    ("Translated from the Russian by Margaret Ellory.", [("translator", "Margaret Ellory")]),
    ("Edited by Anna Smith and John Doe", [("editor", "Anna Smith"), ("editor", "John Doe")]),
    ("Перевод с французского Н. Н. Гусева", [("translator", "Н. Н. Гусева")]),
    ("Публикация и примечания Н. М. Костровой",
     [("editor", "Н. М. Костровой"), ("annotator", "Н. М. Костровой")]),
    ("Translated the letter into French at once.", []),
])
def test_credits(line: str, credits: list[tuple[str, str]]) -> None:
    assert [(c.role, c.name) for c in parse_credit(line)] == credits


def test_publication_line() -> None:
    publication = parse_publication("First published in Novy Mir, No. 11, November 1962, pp. 8–74.")
    assert publication is not None
    assert (publication.periodical, publication.issue, publication.pages, publication.date) == \
        ("Novy Mir", "11", "8–74", "1962-11")
    assert parse_publication("From the Kostrov family archive.") is None


def test_two_digit_year_takes_its_century_from_the_entry_before() -> None:
    text = ("March 3, 1938. Queued at the window again.\n\n"
            "Leningrad, May 2, ’39\n\nMy dear Anna,\n\nThe parcel came.\n\nYours ever,\nVera\n")
    diary, letter = structure(text).documents
    assert (diary.kind, letter.kind) == ("diary_entry", "letter")
    assert letter.date is not None and (letter.date.edtf, letter.date.certainty) == ("1939-05-02", "inferred")
    assert letter.place == "Leningrad"
    assert letter.closing is not None and letter.closing.text == "Yours ever,"
    assert [p.name for p in letter.authors] == ["Vera"]


def test_postscript_after_the_signature_is_passed_over() -> None:
    text = "Москва, 6 июля 1946 г.\n\nДорогая Нина!\n\nВсё хорошо.\n\nЦелую,\nтвоя мама\n\nP.S. Пиши чаще.\n"
    (letter,) = structure(text).documents
    assert letter.signature is not None and letter.signature.text == "твоя мама"
    assert letter.date is not None and letter.date.edtf == "1946-07-06"
    assert [p.name for p in letter.addressees] == ["Нина"]


def test_date_under_the_signature() -> None:
    text = "Дорогая Нина!\n\nВсё хорошо, пиши.\n\nТвой папа\n\n12.III.1947\n"
    (letter,) = structure(text).documents
    assert letter.kind == "letter"
    assert letter.date is not None and letter.date.edtf == "1947-03-12"


def test_numbered_list_at_the_end_is_not_notes() -> None:
    text = "June 3, 1941. Things to take:\n\n1. Warm boots.\n\n2. The grey sweater.\n"
    result = structure(text)
    assert result.notes == []
    assert result.documents[-1].end == len(text.rstrip())


def test_notes_heading_introduces_notes_without_markers() -> None:
    text = "A short article about the camps, long enough to be prose on its own.\n\nNotes\n\n1. A note.\n"
    result = structure(text)
    assert [(n.marker, n.status) for n in result.notes] == [("1", "dangling_note")]


def test_epigraph_with_dash_on_its_own_line() -> None:
    text = ("Words are also deeds.\n— Anna Akhmatova\n\n"
            "The article begins here, and goes on for a while about the subject at hand.\n")
    (article,) = structure(text).documents
    assert [(e.text, e.attribution) for e in article.epigraphs] == \
        [("Words are also deeds.", "Anna Akhmatova")]


def test_superscript_and_markdown_markers() -> None:
    text = "The word appears here.² And here[^3].\n\n² First note.\n\n[^3]: Second note.\n"
    notes = structure(text).notes
    assert [(n.marker, n.status) for n in notes] == [("2", "attached"), ("3", "attached")]
    assert text[notes[0].anchor_start:notes[0].anchor_end] == "²"


def test_crlf_text_keeps_offsets() -> None:
    text = "Москва, 12.III.1947\r\n\r\nДорогая Света!\r\n\r\nВсё хорошо.\r\n\r\nТвой Лёва\r\n"
    (letter,) = structure(text).documents
    assert letter.salutation is not None
    assert text[letter.salutation.start:letter.salutation.end] == "Дорогая Света!"
    assert letter.signature is not None and letter.signature.text == "Твой Лёва"
