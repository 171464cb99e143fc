"""The English model reads only the sentences that can hold a name."""

from __future__ import annotations

from testimonia.recognise.english import SpacyRecogniser
from testimonia.recognise.name_bearing import name_bearing_spans


def _read(text: str) -> list[str]:
    return [text[s:e] for s, e in name_bearing_spans(text, 0, len(text))]


def test_sentences_without_a_capitalised_word_are_skipped() -> None:
    text = ("It rained all day and we stayed in. Then Lev came with a parcel from Moscow. "
            "I was glad of it. But the post is slow here.")
    assert _read(text) == ["Then Lev came with a parcel from Moscow."]


def test_a_sentence_initial_name_keeps_its_sentence_but_a_function_word_does_not() -> None:
    assert _read("Kravchenko lies. He knows it.") == ["Kravchenko lies."]
    assert _read("She wrote on Tuesday.") == ["She wrote on Tuesday."]
    assert _read("She wrote to me. I answered.") == []


def test_initials_and_abbreviations_keep_the_run_together() -> None:
    text = "we met A. Valpy and Mr. R.I.C. Smith there. nothing else happened."
    assert _read(text) == ["we met A. Valpy and Mr. R.I.C. Smith there."]


def test_consecutive_kept_lines_are_one_run_and_offsets_point_into_the_text() -> None:
    text = "at home all day\nDear Sir,\nSincerely,\nJohn Redmond\nand the rain went on\n"
    spans = name_bearing_spans(text, 0, len(text))
    assert [text[s:e] for s, e in spans] == ["Dear Sir,\nSincerely,\nJohn Redmond"]
    start = text.index("home")
    assert [text[s:e] for s, e in name_bearing_spans(text, start, len(text))] == [
        "Dear Sir,\nSincerely,\nJohn Redmond"]


def test_a_text_without_capitals_is_read_whole() -> None:
    lower = "all lower case, as some transcriptions are"
    assert _read(lower) == [lower]
    assert _read("   ") == []
    assert _read("письмо без заглавных букв") == ["письмо без заглавных букв"]


def test_skipping_finds_the_same_names_as_reading_everything() -> None:
    text = ("We had a quiet week. It was cold and the stove smoked. "
            "On Sunday Victor Serge came from Mexico City with news of Natalia Sedova. "
            "we talked late into the night, and then he left.")
    skipping = SpacyRecogniser().recognise(text)
    everything = SpacyRecogniser(every_sentence=True).recognise(text)
    names = {(m.start, m.end, m.entity_type) for m in skipping}
    assert names == {(m.start, m.end, m.entity_type) for m in everything}
    assert ("Victor Serge", "person") in {(m.text, m.entity_type) for m in skipping}
