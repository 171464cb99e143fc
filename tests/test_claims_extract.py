"""Claim finders on small invented texts, English and Russian, with mentions made by hand."""

from __future__ import annotations

import re

import pytest

from testimonia.claims.context import DocumentContext
from testimonia.claims.events import find_events
from testimonia.claims.extract import extract_document
from testimonia.claims.judgements import find_judgements
from testimonia.claims.quantities import find_quantities
from testimonia.claims.quotations import find_quotations
from testimonia.model import DateValue, Document, Epigraph, Mention, Note, Party


def context_for(text: str, persons: tuple[str, ...] = (), places: tuple[str, ...] = (),
                works: tuple[str, ...] = (), author: str | None = None, date: str | None = None,
                notes: list[Note] | None = None, epigraphs: list[Epigraph] | None = None) -> DocumentContext:
    """A document over the whole text, with a mention at every occurrence of each given name."""
    mentions = []
    for names, entity_type in ((persons, "person"), (places, "place"), (works, "work")):
        for name in names:
            for match in re.finditer(re.escape(name), text):
                mentions.append(Mention(match.start(), match.end(), name, entity_type,
                                        entity_id=f"ent_{abs(hash(name.split()[-1][:5])) % 10**6}"))
    document = Document("letter", 0, len(text), authors=[Party(author)] if author else [],
                        date=DateValue(date, date) if date else None, epigraphs=epigraphs or [],
                        id="src_test.d1")
    return DocumentContext.build(text, document, mentions, notes or [])


# -- quotations ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "persons", "speaker", "words"), [
    ("As Maria Orlova wrote in 1958, “the barracks were never heated before November.”",
     ("Maria Orlova",), "Maria Orlova", "the barracks were never heated"),
    ("In the words of Pyotr Lanin, \"nobody there ever spoke of the trial again\".",
     ("Pyotr Lanin",), "Pyotr Lanin", "nobody there ever spoke"),
    ("По словам Ивана Седова, «в лагере каждый знал цену хлеба».",
     ("Ивана Седова",), "Ивана Седова", "в лагере каждый знал"),
    ("«Мы вернёмся домой весной», — сказал Петров и отвернулся.",
     ("Петров",), "Петров", "Мы вернёмся домой весной"),
    ("Anna Rubin states „the letters stopped in March of that year“ and says no more.",
     ("Anna Rubin",), "Anna Rubin", "the letters stopped in March"),
    ("“We will meet again in the spring,” said Orlov, and closed the door.",
     ("Orlov",), "Orlov", "We will meet again"),
])
def test_quotation_marks_of_every_kind_with_speaker_cues(text: str, persons: tuple[str, ...], speaker: str,
                                                         words: str) -> None:
    quotations = find_quotations(context_for(text, persons=persons))
    assert len(quotations) == 1
    assert quotations[0].speaker is not None and quotations[0].speaker.name == speaker
    assert quotations[0].text.startswith(words)


def test_short_scare_quotes_are_not_quotations_but_cued_ones_are() -> None:
    text = ("The so-called “wreckers” were tried in spring. He was arrested for “betraying his homeland”. "
            "In the words of Lena Korn, a “true ordeal”.")
    found = find_quotations(context_for(text, persons=("Lena Korn",)))
    assert [q.text for q in found] == ["betraying his homeland", "true ordeal"]
    assert found[1].speaker is not None and found[1].speaker.name == "Lena Korn"


def test_unclosed_quotation_after_a_cue_runs_to_the_paragraph_end_and_takes_its_footnote() -> None:
    text = ("A point made by the historian Oleg Vinter who states ” The camps grew because the plan "
            "demanded labour, not because of any crime.[3]\n\nNext paragraph.\n\n"
            "[3] Vinter, Camps and Plans, 1994.")
    anchor = text.index("[3]")
    note = Note("3", "Vinter, Camps and Plans, 1994.", anchor, anchor + 3)
    found = find_quotations(context_for(text, persons=("Oleg Vinter",), notes=[note]))
    assert len(found) == 1
    assert found[0].speaker is not None and found[0].speaker.name == "Oleg Vinter"
    assert found[0].cited_work == "Vinter, Camps and Plans, 1994."


def test_epigraph_and_block_quote_with_attribution_on_its_own_line() -> None:
    text = ("“Hope is the last to die.”\n\nNina Berg\n\nThe book opens there.\n\n"
            "“Nothing was written down and nothing was forgotten by anyone.”\n\nSemyon Daler\n\n"
            "Then it goes on.")
    epigraph = Epigraph(0, 26, text[0:26], "Nina Berg", 28, 37)
    found = find_quotations(context_for(text, persons=("Nina Berg",), epigraphs=[epigraph]))
    by_way = {q.found_by: q for q in found}
    assert by_way["epigraph"].speaker is not None and by_way["epigraph"].speaker.name == "Nina Berg"
    assert by_way["block_quote"].speaker is not None and by_way["block_quote"].speaker.name == "Semyon Daler"
    assert by_way["block_quote"].text.startswith("Nothing was written down")


def test_pronoun_cue_means_the_person_the_passage_is_about_and_respects_gender() -> None:
    text = ("I met Olga Mirnova and Pavel Gusev at the station. Olga Mirnova was tired. "
            "“The train is late again,” she said.")
    found = find_quotations(context_for(text, persons=("Olga Mirnova", "Pavel Gusev")))
    assert found[0].speaker is not None and found[0].speaker.name == "Olga Mirnova"


# -- quantities ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "low", "high", "qualifier", "unit", "counts", "share_of"), [
    ("She kept more than 1,200 letters from him.", 1200, None, "more than", "count", "letters", None),
    ("Estimates ran from 15 to 20 million prisoners.", 15e6, 20e6, None, "count", "prisoners", None),
    ("That was 7–8 per cent of the adult population.", 7, 8, None, "percent", None, "the adult population"),
    ("It held around 20 million adults at the time.", 20e6, 20e6, "around", "count", "adults", None),
    ("Peasants died by the hundreds of thousands of families.", 1e5, 999999, "hundreds of thousands",
     "count", "families", None),
    ("The camp lay up to 20 km from the town.", None, 20, "up to", "km", None, None),
    ("В лагерях было около 15–20 млн заключённых.", 15e6, 20e6, "around", "count", "заключённых", None),
    ("Погибло свыше пяти тысяч человек.", 5000, None, "more than", "count", "человек", None),
    ("Сотни тысяч крестьян были высланы.", 1e5, 999999, "сотни тысяч", "count", "крестьян", None),
    ("Это около 15 процентов взрослого населения.", 15, 15, "around", "percent", None, "взрослого населения"),
    ("В бараке жили пятьдесят восемь женщин.", 58, 58, None, "count", "женщин", None),
    ("Их было около двухсот тридцати пяти человек.", 235, 235, "around", "count", "человек", None),
    ("He wrote twenty-three letters that winter.", 23, 23, None, "count", "letters", None),
    ("Some one hundred and fifty prisoners were moved.", 150, 150, "around", "count", "prisoners", None),
    ("Between two and three thousand people signed.", 2000, 3000, None, "count", "people", None),
    ("Сорок два человека вернулись.", 42, 42, None, "count", "человека", None),
    ("He waited four hours at the window.", 4, 4, None, "hour", None, None),
    ("Этап шёл пять недель.", 5, 5, None, "week", None, None),
])
def test_quantities_are_normalised_to_intervals(text: str, low: float | None, high: float | None,
                                                qualifier: str | None, unit: str, counts: str | None,
                                                share_of: str | None) -> None:
    found = find_quantities(context_for(text))
    assert len(found) == 1, [q.text for q in found]
    quantity = found[0]
    assert (quantity.low, quantity.high, quantity.qualifier, quantity.unit) == (low, high, qualifier, unit)
    assert (quantity.counts, quantity.share_of) == (counts, share_of)


@pytest.mark.parametrize("text", [
    "On 12 May 1946 he wrote again.", "See p. 368 and note [2].", "In 1937 he was 21.",
    "Letters of 1928-1933 survive.", "In ’27 she was probably around 17.", "One step forward.",
    "It was his 5th letter.", "Это был 3-й этап.", "Твой Мотя\n\nМосква, 9.XI.1946",
    "Он работал до двух ночи.", "Приходи в шесть вечера.", "The train left at 10 a.m. sharp.",
    "We met at six o’clock.",
])
def test_dates_pages_ages_and_bare_numbers_are_not_quantities(text: str) -> None:
    assert find_quantities(context_for(text, date="1946")) == []


def test_a_measure_counts_nothing_named_before_it_and_a_count_stays_on_its_line() -> None:
    measure = find_quantities(context_for("Передачу деньгами приняли, пятьдесят рублей."))
    assert [(q.unit, q.counts) for q in measure] == [("rouble", None)]
    heading = find_quantities(context_for("Prisoners\nPenal labour, 15 to 20 million."))
    assert [q.counts for q in heading] == ["Penal labour"]


def test_the_date_a_quantity_refers_to_is_read_from_its_clause() -> None:
    found = find_quantities(context_for("In 1939 there were around 3,000 prisoners in the camp.",
                                        date="1962"))
    assert found[0].refers_to == "1939"
    found = find_quantities(context_for("Some 15 per cent (in ’36; less later) were privileged.",
                                        date="1946"))
    assert found[0].refers_to == "1936"


# -- events ---------------------------------------------------------------------------------------

def test_events_with_subject_date_and_place_in_english_and_russian() -> None:
    english = context_for("Pavel Serov was arrested in March 1937 in Kharkov. He died in 1942.",
                          persons=("Pavel Serov",), places=("Kharkov",), date="1962")
    events = {e.event_type: e for e in find_events(english)}
    assert events["arrest"].subject is not None and events["arrest"].subject.name == "Pavel Serov"
    assert (events["arrest"].date, events["arrest"].place) == ("1937-03", "Kharkov")
    assert events["death"].subject is not None and events["death"].subject.name == "Pavel Serov"
    assert events["death"].date == "1942"
    russian = context_for("Мой муж Григорий Лебедев был арестован в августе 1938 года в Киеве. "
                          "Он вернулся из лагеря в 1946 году и был реабилитирован в 1956 году.",
                          persons=("Григорий Лебедев",), places=("Киеве",), date="1970")
    events = {e.event_type: e for e in find_events(russian)}
    assert (events["arrest"].date, events["arrest"].place) == ("1938-08", "Киеве")
    assert events["release"].date == "1946" and events["rehabilitation"].date == "1956"
    assert events["rehabilitation"].subject is not None
    assert events["rehabilitation"].subject.name == "Григорий Лебедев"


def test_no_event_without_a_person_and_none_from_a_title_or_figure_of_speech() -> None:
    context = context_for("The arrests began in spring. She read Arrested Lives by Ivan Tor. "
                          "It was the death of the revolution, wrote Ivan Tor.",
                          persons=("Ivan Tor",), works=("Arrested Lives",))
    assert find_events(context) == []


def test_pronoun_subject_follows_gender() -> None:
    context = context_for("Svetlana Orlova wrote to Lev Mishin every week. Later he was arrested in 1949.",
                          persons=("Svetlana Orlova", "Lev Mishin"))
    events = find_events(context)
    assert events[0].subject is not None and events[0].subject.name == "Lev Mishin"


# -- judgements and attribution ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "polarity"), [
    ("Boris Lind tells of the strike, which he says he led. He is lying; no strike took place.",
     "discredits"),
    ("Boris Lind describes the camp. He exaggerates the numbers.", "discredits"),
    ("Boris Lind describes the camp. He does not exaggerate anything.", "corroborates"),
    ("Boris Lind describes the camp. Everything he says is true.", "corroborates"),
    ("Boris Lind describes the camp. The information he gives is important.", "important"),
    ("Boris Lind describes the camp, but we knew that before.", "dependent"),
    ("Борис Линд рассказывает о лагере. Он преувеличивает.", "discredits"),
    ("Борис Линд рассказывает о лагере. Он не преувеличивает.", "corroborates"),
    ("Борис Линд говорит правду о лагере.", "corroborates"),
])
def test_judgements_of_credibility(text: str, polarity: str) -> None:
    context = context_for(text, persons=("Boris Lind", "Борис Линд"), author="Vera Sand")
    judgements = find_judgements(context, find_quotations(context))
    assert [j.polarity for j in judgements] == [polarity]
    assert judgements[0].judged is not None and judgements[0].judged.name in ("Boris Lind", "Борис Линд")
    assert judgements[0].judge is not None and judgements[0].judge.name == "Vera Sand"


def test_this_is_not_true_after_a_quotation_judges_its_speaker_and_sets_the_stance() -> None:
    text = ("Marta Hale laments that “nobody ever knew what the purge was about”. This is not true. "
            "Olga Fenn said that the camp was near the river.")
    context = context_for(text, persons=("Marta Hale", "Olga Fenn"), author="Ian Moss")
    claims = extract_document(context, "src_test")
    judgement = next(c for c in claims if c.kind == "judgement")
    assert judgement.judged is not None and judgement.judged.name == "Marta Hale"
    quotation = next(c for c in claims if c.kind == "quotation" and c.found_by.startswith("cue"))
    assert quotation.stance == "refutes"
    reported = next(c for c in claims if c.found_by == "reported_speech")
    assert reported.speaker is not None and reported.speaker.name == "Olga Fenn"


def test_claims_inside_a_quotation_are_reported_by_it_and_judged_by_its_speaker() -> None:
    text = ("Irina Vold said, “Semyon Gall was arrested in 1937, and he lies about everything.”")
    context = context_for(text, persons=("Irina Vold", "Semyon Gall"), author="Kira Lenz", date="1960")
    claims = extract_document(context, "src_test")
    quotation = next(c for c in claims if c.kind == "quotation")
    event = next(c for c in claims if c.kind == "event")
    judgement = next(c for c in claims if c.kind == "judgement")
    assert event.reported_by == quotation.id and judgement.reported_by == quotation.id
    assert judgement.judge is not None and judgement.judge.name == "Irina Vold"
    assert judgement.judged is not None and judgement.judged.name == "Semyon Gall"
    assert quotation.witness is not None and quotation.witness.name == "Kira Lenz"


def test_vantage_eyewitness_and_hearsay() -> None:
    text = ("I saw with my own eyes how Ada Rimm was arrested in 1938. "
            "I was told that Ada Rimm died in 1941.")
    claims = extract_document(context_for(text, persons=("Ada Rimm",), author="Leo Hart"), "src_test")
    vantage = {c.event_type: c.vantage for c in claims if c.kind == "event"}
    assert vantage == {"arrest": "eyewitness", "death": "hearsay"}


def test_claim_ids_are_stable_across_runs() -> None:
    text = "Pavel Serov was arrested in 1937. There were around 3,000 prisoners."
    first = [c.id for c in extract_document(context_for(text, persons=("Pavel Serov",)), "src_x")]
    second = [c.id for c in extract_document(context_for(text, persons=("Pavel Serov",)), "src_x")]
    assert first == second and len(set(first)) == len(first) == 2


def test_first_person_events_belong_to_the_writer_but_not_my_relatives() -> None:
    context = context_for("In 1938 I was sent to the camp at Vorkuta. My brother was arrested in 1937. "
                          "Меня арестовали в 1949 году.", places=("Vorkuta",), author="Oleg Rand")
    events = find_events(context)
    subjects = {(e.event_type, e.subject.name if e.subject else None) for e in events}
    assert ("camp", "Oleg Rand") in subjects and ("arrest", "Oleg Rand") in subjects
    assert len([e for e in events if e.event_type == "arrest"]) == 1  # "my brother" is not the writer


def test_a_given_name_alone_is_the_person_named_in_full_before() -> None:
    context = context_for("Мой муж Григорий Лебедев писал редко. Гриша был реабилитирован в 1956 году.",
                          persons=("Григорий Лебедев", "Гриша"))
    events = find_events(context)
    assert events[0].subject is not None and events[0].subject.name == "Григорий Лебедев"


def test_i_believe_him_after_a_quotation_judges_the_one_quoted() -> None:
    text = ("Pavel Serov was arrested. As Ilya Gorin wrote to me, “nobody came back the same man.” "
            "I believe him completely.")
    context = context_for(text, persons=("Pavel Serov", "Ilya"), author="Vera Sand")
    claims = extract_document(context, "src_test")
    quotation = next(c for c in claims if c.kind == "quotation")
    judgement = next(c for c in claims if c.kind == "judgement")
    # recognition took only "Ilya" for a person: the cue's full name wins
    assert quotation.speaker is not None and quotation.speaker.name == "Ilya Gorin"
    assert judgement.polarity == "corroborates"
    assert judgement.judged is not None and judgement.judged.name == "Ilya Gorin"
    assert quotation.stance == "endorses"


@pytest.mark.parametrize("text", ["", "   \n\n  ", "“", "«»„“", "K. K. K.", "1937–1938 — 15–20",
                                  "\x00\x01junk\ufffd"])
def test_junk_and_empty_documents_give_no_error(text: str) -> None:
    claims = extract_document(context_for(text, author="A Writer"), "src_junk")
    assert all(0 <= c.start <= c.end <= len(text) for c in claims)
