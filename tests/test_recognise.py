"""Recognition of persons, places, organisations and works (testimonia.recognise).

The hand-made texts use invented people and real places. Model tests share module-scoped
fixtures: each model loads once per process anyway, and each text is recognised once.
"""

from __future__ import annotations

import itertools

import pytest

from testimonia.model import Mention
from testimonia.recognise import (
    available_backends,
    detect_language,
    language_segments,
    merge_mentions,
    recognise_text,
)
from testimonia.recognise.base import (
    NATASHA_TYPES,
    SPACY_TYPES,
    Recogniser,
    chunk_spans,
    clean_span,
    looks_like_initials,
)
from testimonia.recognise.rules import TextFacts, filter_mentions, italic_works, rule_recogniser

# --- helpers ---------------------------------------------------------------------------------


def _check_offsets(text: str, mentions: list[Mention]) -> None:
    for m in mentions:
        assert text[m.start : m.end] == m.text, m
        assert m.entity_key is None


def _found(mentions: list[Mention], entity_type: str | None = None) -> set[str]:
    return {m.text for m in mentions if entity_type is None or m.entity_type == entity_type}


def _rules(text: str, language: str = "en") -> list[Mention]:
    found = rule_recogniser(language).recognise(text)
    _check_offsets(text, found)
    return found


def _m(
    start: int, end: int, etype: str = "person", method: str = "model:spacy", conf: float = 0.75
) -> Mention:
    return Mention(start, end, "x" * (end - start), etype, method=method, confidence=conf)


class _ListGazetteer:
    """A stand-in register backend: every occurrence of the given names."""

    name = "register"

    def __init__(self, names: dict[str, str]):
        self.names = names

    def recognise(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        end = len(text) if end is None else end
        out = []
        for name, etype in self.names.items():
            pos = text.find(name, start, end)
            while pos >= 0:
                found = Mention(pos, pos + len(name), name, etype, entity_id="E1", method="register")
                found.confidence = 0.9
                out.append(found)
                pos = text.find(name, pos + 1, end)
        return out


# --- language --------------------------------------------------------------------------------


def test_detect_language() -> None:
    assert detect_language("The letters were written in the camp and sent to his wife in Moscow.") == "en"
    assert detect_language("Письма были написаны в лагере и отправлены жене в Москву.") == "ru"
    assert detect_language("Листи були написані в таборі та надіслані дружині до Києва, її сім'ї.") == "uk"
    german = "Die Briefe wurden im Lager geschrieben und an seine Frau nach Moskau geschickt"
    assert detect_language(german + ", aber sie ist nicht gekommen und wir haben nichts gehört.") == "de"
    french = "Les lettres ont été écrites dans le camp et envoyées à sa femme qui était à Moscou avec"
    assert detect_language(french + " les enfants, mais elle ne les a pas reçues.") == "fr"
    assert detect_language("1937 — 1938") == "und"
    assert detect_language("") == "und"


def test_language_segments_mixed_text() -> None:
    en = "The review of the memoir is in English and it quotes a long passage from the Russian original."
    ru = "Мы жили тогда в Томске, и каждый день я ходила на почту, но писем от него не было."
    text = f"{en}\n\n{ru}\n\nMexico, 1946\n\n{en}"
    segs = language_segments(text)
    assert [lang for _, _, lang in segs] == ["en", "ru", "en"]
    assert text[segs[1][0] : segs[1][1]] == ru
    assert segs[0][0] == 0 and segs[-1][1] == len(text)


# --- base ------------------------------------------------------------------------------------


def test_type_mappings() -> None:
    assert SPACY_TYPES["PERSON"] == "person"
    assert {SPACY_TYPES[k] for k in ("GPE", "LOC", "FAC")} == {"place"}
    assert SPACY_TYPES["ORG"] == "organisation" and SPACY_TYPES["WORK_OF_ART"] == "work"
    assert "NORP" not in SPACY_TYPES
    assert NATASHA_TYPES == {"PER": "person", "LOC": "place", "ORG": "organisation"}


def test_clean_span() -> None:
    text = "(“Kostrov’s”) the Urals. L.D. went"
    s, e = clean_span(text, 0, 13, "person")
    assert text[s:e] == "Kostrov"
    s, e = clean_span(text, 14, 24, "place")
    assert text[s:e] == "Urals"
    s, e = clean_span(text, 25, 29, "person")
    assert text[s:e] == "L.D."
    assert looks_like_initials("L.D.") and looks_like_initials("Л. Д.") and not looks_like_initials("U.S.")


def test_chunk_spans_cover_paragraphs() -> None:
    para = "Ivan wrote from Tomsk. " * 30  # ~690 characters, one paragraph
    text = "\n\n".join([para.strip()] * 5)
    pieces = chunk_spans(text, 0, len(text), 1000)
    assert all(e - s <= 1000 for s, e in pieces)
    assert sum(text[s:e].count("Tomsk") for s, e in pieces) == text.count("Tomsk")
    long = "Ivan wrote from Tomsk. " * 200
    pieces = chunk_spans(long, 0, len(long), 1000)
    assert len(pieces) > 4 and all(long[s:e].endswith("Tomsk.") for s, e in pieces)
    assert chunk_spans("abc def", 4, 7, 100) == [(4, 7)]


def test_merge_prefers_longer_and_records_agreement() -> None:
    a = [_m(0, 12, conf=0.75)]  # "Leon Varensky"
    b = [_m(5, 12, method="rule:title_name", conf=0.8)]  # "Varensky"
    assert [(m.start, m.end) for m in merge_mentions([a, b])] == [(0, 12)]
    # the same span and type from two backends: one mention, more confident, winner's method
    c = [_m(20, 25, conf=0.75)]
    d = [_m(20, 25, method="rule:initials", conf=0.6)]
    (merged,) = merge_mentions([c, d])
    assert merged.method == "model:spacy"
    assert merged.confidence == pytest.approx(1 - 0.25 * 0.4)
    # the same backend twice is no agreement
    (same,) = merge_mentions([[_m(20, 25)], [_m(20, 25)]])
    assert same.confidence == 0.75
    # same span, different types: the more confident type
    (typed,) = merge_mentions([[_m(30, 34, "place", conf=0.5)], [_m(30, 34, "person", conf=0.6)]])
    assert typed.entity_type == "person"


def test_merge_margin_and_ids() -> None:
    model = [_m(0, 18, "organisation", conf=0.75)]  # "Victor Kalina – VII"
    register = [Mention(0, 13, "x" * 13, "person", entity_id="P1", method="register", confidence=0.95)]
    (won,) = merge_mentions([model, register])
    assert (won.end, won.method, won.entity_id) == (13, "register", "P1")
    # an id on a losing duplicate survives on the merged mention
    (merged,) = merge_mentions([[_m(0, 5, conf=0.9)], [Mention(0, 5, "xxxxx", "person", entity_id="P2")]])
    assert merged.entity_id == "P2"
    # a mention set aside for a strong rival comes back when that rival loses to a longer one
    long = [_m(0, 30, conf=0.8)]
    strong = [_m(25, 40, conf=0.8)]
    weak = [_m(32, 36, conf=0.55)]
    spans = [(m.start, m.end) for m in merge_mentions([long, strong, weak])]
    assert spans == [(0, 30), (32, 36)]
    assert merge_mentions([]) == []


# --- rules -----------------------------------------------------------------------------------


def test_initials_rules_english() -> None:
    text = (
        "In 1928 L. D. Varensky and J.J. Osterman met Vadim K. Lebedinsky in Moscow. "
        "Then L.D. left; the U.S. Embassy and the U.S. were silent. P.S. Write soon. "
        "“Oh, yes,” said N. with her weak laugh. N. was stretched out on the bed. "
        "She was the step-child of the great R., and poor T. knew it. Andrewes, E.A. signed."
    )
    found = _rules(text)
    persons = _found(found, "person")
    assert {"L. D. Varensky", "J.J. Osterman", "Vadim K. Lebedinsky", "L.D.", "Andrewes, E.A."} <= persons
    singles = {(m.text, m.method) for m in found if len(m.text) == 2}
    assert ("N.", "rule:speech_initial") in singles
    assert ("N.", "rule:subject_initial") in singles
    assert ("R.", "rule:epithet_initial") in singles
    assert ("T.", "rule:epithet_initial") in singles
    assert not persons & {"U.S.", "P.S.", "U.S. Embassy", "In", "Then L.D."}


def test_initials_rules_russian() -> None:
    text = (
        "Л. Д. Кривошеин приехал в Томск. Кривошеин Л.Д. пишет из ссылки. "
        "«Не знаю», — сказала Н. и заплакала. Н. была больна. Бедная В. не дождалась. "
        "В СССР и США об этом не писали."
    )
    found = _rules(text, "ru")
    persons = _found(found, "person")
    assert {"Л. Д. Кривошеин", "Кривошеин Л.Д."} <= persons
    methods = {(m.text, m.method) for m in found}
    assert ("Н.", "rule:speech_initial") in methods
    assert ("Н.", "rule:subject_initial") in methods
    assert ("В.", "rule:epithet_initial") in methods
    assert not any("СССР" in p or "США" in p for p in persons)


def test_initials_rules_do_not_swallow_sentence_starts() -> None:
    text = "She resembled L.T. Directed by him, the bureau grew. He met A. The next day he left."
    persons = _found(_rules(text), "person")
    assert "L.T. Directed" not in persons and "A. The" not in persons


def test_title_rules() -> None:
    text = (
        "Comrade Voskresensky came with Dr. Pilnyak and Professor Ilya Ostrovsky; "
        "my comrade Lebedev stayed. The General Secretary spoke. Mr. and Mrs. Harlow left."
    )
    found = _rules(text)
    assert {"Voskresensky", "Pilnyak", "Ilya Ostrovsky", "Lebedev", "Harlow"} <= _found(found, "person")
    assert all(m.method == "rule:title_name" for m in found if m.text in {"Pilnyak", "Ilya Ostrovsky"})
    assert not _found(found) & {"Secretary", "General Secretary", "Comrade Voskresensky", "Dr. Pilnyak"}
    ru = (
        "Товарищ Белозёров пришёл к профессору Зарецкому. Академика Сомова не было. "
        "Он стал профессором Московского университета, а тов. Грачёв — следователем."
    )
    found = _rules(ru, "ru")
    assert {"Белозёров", "Зарецкому", "Сомова", "Грачёв"} <= _found(found, "person")
    assert "Московского" not in _found(found)


def test_work_rules_quotes() -> None:
    text = (
        'We read the book “The Quiet Hours” by Zelensky, his article "On Forgetting", and the '
        'novel by Anna Kalina, "Winter Roads". He said "Hello" to me.'
    )
    works = _found(_rules(text), "work")
    assert works == {"The Quiet Hours", "On Forgetting", "Winter Roads"}
    ru = "В журнале «Красная новь» вышла его статья «О старых друзьях»; работала на заводе «Серп и молот»."
    found = _rules(ru, "ru")
    assert _found(found, "work") == {"Красная новь", "О старых друзьях"}
    assert _found(found, "organisation") == {"Серп и молот"}


def test_work_rules_italics() -> None:
    text = "His poem Tvoya Pobeda was read aloud. Later Winter Roads appeared, and I never forgot it."
    cue = (text.index("Tvoya"), text.index("Tvoya") + len("Tvoya Pobeda"))
    bare = (text.index("Winter"), text.index("Winter") + len("Winter Roads"))
    emphasis = (text.index("never"), text.index("never") + len("never"))
    found = italic_works(text, [cue, bare, emphasis], "en")
    assert {(m.text, m.confidence) for m in found} == {("Tvoya Pobeda", 0.85), ("Winter Roads", 0.5)}
    # a bare italic span a model already tagged is left to the model
    tagged = [Mention(bare[0], bare[1], "Winter Roads", "person", method="model:spacy")]
    assert _found(italic_works(text, [cue, bare], "en", tagged)) == {"Tvoya Pobeda"}
    # but after a cue word the italic title wins over the model in recognise_text
    merged = recognise_text(text, "en", italics=[cue, bare], backends=("rules",))
    assert _found(merged, "work") == {"Tvoya Pobeda", "Winter Roads"}


def test_filter_drops_derived_and_common_words() -> None:
    text = (
        "Stalinist regime. Stalinism won. The Trotskyists left. Marxist David North wrote. "
        "A Trotskyite and Trotsky. Marguerite Duras and Marguerite. Сталинский режим, сталинский, "
        "троцкист Раковский. Left Oppositionists. komsomols 1937. Dear Sir, the party met. Party members"
        " left.\nTranslated by"
    )

    def mention(surface: str, etype: str = "person", nth: int = 0) -> Mention:
        pos = -1
        for _ in range(nth + 1):
            pos = text.index(surface, pos + 1)
        return Mention(pos, pos + len(surface), surface, etype, method="model:spacy", confidence=0.75)

    candidates = [
        mention("Stalinist"),
        mention("Stalinism", "organisation"),
        mention("Trotskyists"),
        mention("Marxist David North"),
        mention("Trotskyite"),
        mention("Trotsky"),
        mention("Marguerite", nth=1),
        mention("Сталинский"),
        mention("сталинский"),
        mention("троцкист"),
        mention("Раковский"),
        mention("Left Oppositionists"),
        mention("komsomols"),
        mention("1937"),
        mention("Dear"),
        mention("Sir"),
        mention("Party", "organisation"),
        mention("Translated", "organisation"),
    ]
    kept = filter_mentions(text, candidates, TextFacts(text))
    _check_offsets(text, kept)
    assert _found(kept) == {"David North", "Trotsky", "Marguerite", "Раковский"}


# --- the models (module-scoped: each model loads once, each text is recognised once) ---------

EN_TEXT = """Leningrad, 3 May 1935

Dear Harriet,

Yesterday Maxim Voskresensky came back from Novosibirsk and told us that Nikolai Gribov had been \
arrested by the NKVD. His wife, Elena Gribova, went to Moscow at once. The Stalinist regime spares \
no one, and Voskresensky fears that the Trotskyists will be blamed again.

We read the book "The Quiet Hours" by Pavel Zelensky. N. was stretched out on the bed all evening, \
said M. with a sigh, and Comrade Ostapenko promised to write to the Red Cross in Geneva.

Your loving sister,
Olga"""

RU_TEXT = """Москва, 12 марта 1937 г.

Дорогая Вера!

Вчера приходил Степан Ильич Белозёров и рассказал, что Никиту Воронцова арестовали в Ленинграде. \
Сотрудники НКВД увезли его в Бутырскую тюрьму. Сталинский режим не щадит никого, и сталинский \
суд его не пощадит. Его жена Анна Воронцова уехала в Томск, а профессор Зарецкий остался в Киеве.

В журнале «Красная новь» напечатали статью Воронцова «О старых друзьях». Н. была больна, сказала Л.

Твой А. К."""


@pytest.fixture(scope="module")
def english_mentions() -> list[Mention]:
    if "en" not in available_backends().get("model", ()):
        pytest.skip("spaCy or its English model is not installed")
    found = recognise_text(EN_TEXT, "en")
    _check_offsets(EN_TEXT, found)
    return found


@pytest.fixture(scope="module")
def russian_mentions() -> list[Mention]:
    if "ru" not in available_backends().get("model", ()):
        pytest.skip("natasha is not installed")
    found = recognise_text(RU_TEXT, "ru")
    _check_offsets(RU_TEXT, found)
    return found


def test_english_recognition(english_mentions: list[Mention]) -> None:
    persons = _found(english_mentions, "person")
    assert {"Maxim Voskresensky", "Nikolai Gribov", "Elena Gribova", "Pavel Zelensky"} <= persons
    assert {"N.", "M.", "Ostapenko"} <= persons  # the rules' share
    places = _found(english_mentions, "place")
    assert {"Leningrad", "Moscow", "Geneva"} <= places
    assert "Novosibirsk" in _found(english_mentions)  # the small model calls it an organisation
    assert "NKVD" in _found(english_mentions, "organisation")
    assert "The Quiet Hours" in _found(english_mentions, "work")
    # derived words are nobody
    assert not any(m.text.startswith(("Stalinist", "Trotskyist")) for m in english_mentions)
    # mentions are sorted and never overlap
    ends = [(m.start, m.end) for m in english_mentions]
    assert ends == sorted(ends)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))
    assert {m.method for m in english_mentions} <= {"model:spacy"} | {
        m.method for m in english_mentions if m.method.startswith("rule:")
    }


def test_russian_recognition(russian_mentions: list[Mention]) -> None:
    persons = _found(russian_mentions, "person")
    assert {"Степан Ильич Белозёров", "Никиту Воронцова", "Анна Воронцова", "Зарецкий"} <= persons
    assert {"Н.", "Л.", "А. К."} <= persons
    assert {"Москва", "Ленинграде", "Томск", "Киеве"} <= _found(russian_mentions, "place")
    assert "НКВД" in _found(russian_mentions, "organisation")
    assert {"Красная новь", "О старых друзьях"} <= _found(russian_mentions, "work")
    assert not any(m.text.lower().startswith("сталинск") for m in russian_mentions)
    assert any(m.method == "model:natasha" for m in russian_mentions)


def test_model_backends_follow_the_protocol() -> None:
    from testimonia.recognise import model_recogniser

    for lang in available_backends().get("model", ()):
        rec = model_recogniser(lang)
        assert isinstance(rec, Recogniser)
    assert model_recogniser("de") is None
    assert isinstance(rule_recogniser("en"), Recogniser)


def test_offsets_into_the_whole_text_and_long_texts() -> None:
    if "en" not in available_backends().get("model", ()):
        pytest.skip("spaCy or its English model is not installed")
    from testimonia.recognise import model_recogniser

    para = "Maxim Voskresensky wrote to Elena Gribova from Novosibirsk about the trial in Moscow."
    text = "Preface.\n\n" + "\n\n".join([para] * 120)  # cut into several pieces
    rec = model_recogniser("en")
    assert rec is not None
    found = rec.recognise(text, 10)
    _check_offsets(text, found)
    assert sum(m.text == "Moscow" for m in found) >= 110
    assert all(m.start >= 10 for m in found)
    part = rec.recognise(text, 10, 10 + len(para))
    assert all(m.end <= 10 + len(para) for m in part) and "Moscow" in _found(part)


def test_register_backend_and_backend_choice() -> None:
    text = "Comrade Voskresensky met Zelensky in Geneva yesterday evening."
    gaz = _ListGazetteer({"Zelensky": "person", "Geneva": "place"})
    only_register = recognise_text(text, "en", gazetteer=gaz, backends=("register",))
    assert [(m.text, m.entity_id) for m in only_register] == [("Zelensky", "E1"), ("Geneva", "E1")]
    rules_and_register = recognise_text(text, "en", gazetteer=gaz, backends=("register", "rules"))
    assert _found(rules_and_register) == {"Voskresensky", "Zelensky", "Geneva"}
    with pytest.raises(ValueError):
        recognise_text(text, backends=("oracle",))
    assert recognise_text("") == []
    # a language without model or rules is left to the register
    german = "Genosse Voskresensky traf Zelensky gestern Abend in Genf, und er war nicht allein da."
    assert _found(recognise_text(german, gazetteer=gaz)) == {"Zelensky"}
    assert set(available_backends()) >= {"register", "rules"}


def test_register_and_model_agree() -> None:
    if "en" not in available_backends().get("model", ()):
        pytest.skip("spaCy or its English model is not installed")
    text = "Yesterday Maxim Voskresensky travelled from Leningrad to Geneva by train."
    gaz = _ListGazetteer({"Geneva": "place"})
    geneva = next(m for m in recognise_text(text, "en", gazetteer=gaz) if m.text == "Geneva")
    assert geneva.confidence > 0.9 and geneva.entity_id == "E1"


# --- the seeds -------------------------------------------------------------------------------


@pytest.mark.corpus
def test_seeds() -> None:
    from tests.conftest import require_shared

    folder = require_shared("seeds")
    if "en" not in available_backends().get("model", ()):
        pytest.skip("spaCy or its English model is not installed")
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = recognise_text(text)
        _check_offsets(text, found)
        persons = _found(found, "person")
        assert not any(p.startswith(("Stalinis", "Trotskyis", "Marxis")) for p in persons)
        assert "komsomols" not in _found(found)
        if "Kravchenko" in text[:300]:  # Victor Serge's diary on Kravchenko's book
            assert {"Kravchenko", "Victor Kravchenko", "Trotsky", "L.D.", "N."} <= persons
            assert "R." in persons  # "the great R."
            assert {"Mexico", "Moscow", "Paris"} <= _found(found, "place")
        else:  # the review of Figes's book
            assert {"Leon Trotsky", "Stalin", "J.J. Plant", "Vadim Z. Rogovin"} <= persons
            assert "Stalinism" not in _found(found)


# --- model spans and titles (2026-12-04) -----------------------------------------------------


def test_a_model_span_across_brackets_or_bullets_is_cut_into_its_names() -> None:
    from testimonia.recognise.base import model_mentions

    text = "Комитет защиты журналистов (КЗЖ) заявил. Страны: Бахрейн • Барбадос."
    joined = text.index("Комитет"), text.index(")") + 1
    parts = model_mentions(text, *joined, "organisation", "model:test", 0.75)
    assert [(m.text, m.entity_type) for m in parts] == [
        ("Комитет защиты журналистов", "organisation"), ("КЗЖ", "organisation")]
    _check_offsets(text, parts)
    listed = text.index("Бахрейн"), text.index("Барбадос") + len("Барбадос")
    assert [m.text for m in model_mentions(text, *listed, "place", "model:test", 0.75)] == [
        "Бахрейн", "Барбадос"]
    years = "Victor Serge (1890–1947)"
    assert [m.text for m in model_mentions(years, 0, len(years), "person", "model:test", 0.75)] == [
        "Victor Serge"]


def test_a_russian_title_keeps_its_place_or_acronym_out_of_the_name() -> None:
    text = ("Об этом заявила генпрокурор Бразилии Ракель Додж. Бывший полковник ГРУ Сергей Скрипаль "
            "выжил. Письмо товарищу Сталину. Выступил глава Республики Мордовия.")
    persons = _found(_rules(text, "ru"), "person")
    assert {"Сергей Скрипаль", "Сталину"} <= persons
    assert not {m for m in persons if "Бразилии" in m or "ГРУ" in m or "Мордовия" in m}
    from testimonia.recognise.rules import _belongs_to_title_ru

    assert _belongs_to_title_ru(["Бразилии", "Ракель"]) and _belongs_to_title_ru(["Героя", "России"])
    assert not _belongs_to_title_ru(["Ракель", "Додж"])  # a common noun, but here a given name


def test_a_latin_initial_before_a_cyrillic_word_is_no_name() -> None:
    assert _found(_rules("Фото: Kiss G. Из-за дождя матч перенесли.", "ru"), "person") == set()
    assert "Л. Д. Троцкий" in _found(_rules("Ответ написал Л. Д. Троцкий.", "ru"), "person")


@pytest.mark.skipif("ru" not in available_backends().get("model", ()), reason="natasha is not installed")
def test_a_capitalised_noun_opening_the_sentence_is_not_part_of_the_person() -> None:
    text = "Астронавт Грегори Чамитофф вернулся на Землю."
    persons = _found(recognise_text(text, "ru"), "person")
    assert "Грегори Чамитофф" in persons
    assert not any(p.startswith("Астронавт") for p in persons)


@pytest.mark.skipif("en" not in available_backends().get("model", ()), reason="spaCy is not installed")
def test_an_english_word_opening_the_sentence_before_a_given_name_is_not_part_of_it() -> None:
    text = "The parcel came on Tuesday.\nKiss Nina for me. Victor Serge wrote to Natalia."
    persons = _found(recognise_text(text, "en"), "person")
    assert "Nina" in persons and "Kiss Nina" not in persons
    assert "Victor Serge" in persons  # a given name first: the whole name stays
    from testimonia.recognise.rules import _word_before_given_name

    assert _word_before_given_name("Tell", "Evdokia")
    assert not _word_before_given_name("Ivanova", "Nina")  # surname first, as Russian lists write it


@pytest.mark.skipif("ru" not in available_backends().get("model", ()), reason="natasha is not installed")
def test_a_name_glossed_in_brackets_keeps_its_given_name() -> None:
    text = "Об этом сообщил руководитель КЗЖ Джоэл Саймон (Joel Simon) в среду."
    persons = _found(recognise_text(text, "ru"), "person")
    assert "Joel Simon" in persons and "Simon" not in persons
