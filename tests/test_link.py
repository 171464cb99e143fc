"""Linking mentions to the register: context first, the register second, never a silent guess.

The registers and letters are invented; some names are borrowed from the period so that the
cases (a famous patronymic, a father and son, a husband and wife) read naturally.
"""

from __future__ import annotations

import pytest

from testimonia.link import LinkContext, LinkDecision, RegisterIndex, link_mentions
from testimonia.link.index import Facts
from testimonia.model import Document, Entity, Mention, Party

REGISTER = [
    Entity("person", "Лев Давидович Троцкий", ["Leon Trotsky"], id="trotsky"),
    Entity("person", "Наталья Ивановна Седова", ["Natalia Sedova"], id="sedova"),
    Entity("person", "Светлана Павловна Иванова", [], id="svetlana"),
    Entity("person", "Пётр Ильич Иванов", [], id="pyotr"),
    Entity("person", "Лев Борисович Каменев", [], id="kamenev-father"),
    Entity("person", "Александр Львович Каменев", [], id="kamenev-son"),
    Entity("person", "Nina Orlova", [], id="nina"),
    Entity("place", "Москва", ["Moscow"], id="moscow"),
    Entity("place", "Киров", [], id="kirov-town"),
]


@pytest.fixture(scope="module")
def index() -> RegisterIndex:
    return RegisterIndex(REGISTER)


def mentions(*texts: str, entity_type: str = "person") -> list[Mention]:
    """Mentions laid out one after another, as a recogniser would find them in a letter."""
    out, position = [], 0
    for text in texts:
        out.append(Mention(position, position + len(text), text, entity_type, method="ner"))
        position += len(text) + 20
    return out


def by_text(decisions: list[LinkDecision]) -> dict[str, LinkDecision]:
    return {d.mention.text: d for d in decisions}


def test_exact_name_is_linked(index):
    [decision] = link_mentions(mentions("Льва Давидовича Троцкого"), index)
    assert (decision.status, decision.entity_id) == ("linked", "trotsky")
    assert decision.candidates == [("trotsky", 1.0)]
    assert "Троцкий" in decision.reason


def test_transliteration_is_linked(index):
    [decision] = link_mentions(mentions("Lev Trotskii"), index)
    assert (decision.status, decision.entity_id) == ("linked", "trotsky")


def test_surname_alone_resolves_to_the_fuller_mention_in_the_document(index):
    decisions = by_text(link_mentions(mentions("Лев Каменев", "Каменев", "Каменева"), index))
    assert decisions["Лев Каменев"].entity_id == "kamenev-father"
    assert (decisions["Каменев"].status, decisions["Каменев"].entity_id) == ("linked", "kamenev-father")
    assert "Лев Каменев" in decisions["Каменев"].reason
    assert decisions["Каменева"].entity_id == "kamenev-father"  # his genitive


def test_fuller_mention_may_come_later_or_sit_in_the_context(index):
    first, = mentions("Каменев")
    later = Mention(200, 221, "Александром Каменевым", "person")
    [decision] = link_mentions([first], index, LinkContext(mentions=[later]))
    assert (decision.status, decision.entity_id) == ("linked", "kamenev-son")


def test_initials_resolve_through_the_register_patronymic(index):
    # the letter says only "Trotsky"; that "L.D." is Lev Davidovich only the register knows
    decisions = by_text(link_mentions(mentions("Trotsky", "L.D."), index))
    assert decisions["Trotsky"].entity_id == "trotsky"
    assert (decisions["L.D."].status, decisions["L.D."].entity_id) == ("linked", "trotsky")
    assert "Trotsky" in decisions["L.D."].reason


def test_initials_that_do_not_fit_are_not_linked(index):
    decisions = by_text(link_mentions(mentions("Trotsky", "L.B."), index))
    assert decisions["L.B."].status == "proposed_new"


def test_initial_resolves_to_the_addressee(index):
    letter = Document("letter", 0, 100, authors=[Party("Лев Троцкий")], addressees=[Party("Natalia Sedova")])
    [decision] = link_mentions(mentions("N."), index, LinkContext.for_document(letter))
    assert (decision.status, decision.entity_id) == ("linked", "sedova")
    assert "addressee" in decision.reason


def test_initial_and_diminutive_resolve_to_parties_known_by_id(index):
    letter = Document("letter", 0, 100, authors=[Party("Л.", entity_id="trotsky")],
                      addressees=[Party("Наташа", entity_id="sedova")])
    context = LinkContext.for_document(letter)
    decisions = by_text(link_mentions(mentions("N.", "Наташе", "Лёва"), index, context))
    assert decisions["N."].entity_id == "sedova"
    assert decisions["Наташе"].entity_id == "sedova"
    assert decisions["Лёва"].entity_id == "trotsky"


def test_an_addressee_outside_the_register_is_proposed(index):
    letter = Document("letter", 0, 100, addressees=[Party("Вера Кострова")])
    [decision] = link_mentions(mentions("В."), index, LinkContext.for_document(letter))
    assert decision.status == "proposed_new"
    assert decision.proposed_name == "Вера Кострова"


def test_husband_and_wife_stay_apart(index):
    given = mentions("Пётр Иванов", "Светлана Иванова", "Ивановой", "Ивановым")
    decisions = by_text(link_mentions(given, index))
    assert decisions["Пётр Иванов"].entity_id == "pyotr"
    assert decisions["Светлана Иванова"].entity_id == "svetlana"
    assert decisions["Ивановой"].entity_id == "svetlana"
    assert decisions["Ивановым"].entity_id == "pyotr"


def test_surname_forms_shared_by_husband_and_wife_stay_open(index):
    decisions = by_text(link_mentions(mentions("Пётр Иванов", "Светлана Иванова", "Иванова"), index))
    # "Иванова" is her nominative and his genitive: both remain candidates
    assert decisions["Иванова"].status == "ambiguous"
    assert {c for c, _ in decisions["Иванова"].candidates} == {"pyotr", "svetlana"}


def test_gender_and_given_name_block_the_register(index):
    [wife] = link_mentions(mentions("Ивановой"), index)
    assert (wife.status, wife.entity_id) == ("linked", "svetlana")
    assert "Пётр Ильич Иванов" in wife.reason  # set aside, and said so
    [stranger] = link_mentions(mentions("Иван Иванов"), index)
    assert stranger.entity_id is None
    assert "pyotr" not in [c for c, _ in stranger.candidates]
    [son] = link_mentions(mentions("Александр Каменев"), index)
    assert son.entity_id == "kamenev-son"


def test_two_candidates_without_context_are_ambiguous(index):
    [decision] = link_mentions(mentions("Каменев"), index)
    assert decision.status == "ambiguous"
    assert decision.entity_id is None
    assert {c for c, _ in decision.candidates} == {"kamenev-father", "kamenev-son"}
    assert "Лев Борисович Каменев" in decision.reason and "Александр Львович Каменев" in decision.reason


def test_sole_bearer_of_a_surname_is_linked_and_says_why(index):
    [decision] = link_mentions(mentions("Троцкого"), index)
    assert (decision.status, decision.entity_id) == ("linked", "trotsky")
    assert "only person" in decision.reason


def test_a_given_name_alone_is_never_linked_from_the_register(index):
    [decision] = link_mentions(mentions("Nina"), index)
    assert decision.status == "ambiguous"
    assert decision.candidates == [("nina", 0.5)]


def test_unknown_person_is_proposed_with_the_fullest_form(index):
    decisions = by_text(link_mentions(mentions("Ивана Петровича Кострова", "Кострову", "Ваня"), index))
    for text in ("Ивана Петровича Кострова", "Кострову", "Ваня"):
        assert decisions[text].status == "proposed_new", text
        assert decisions[text].proposed_name == "Иван Петрович Костров", text
        assert decisions[text].entity_id is None


def test_misspelling_is_proposed_with_the_close_entry_not_linked(index):
    [decision] = link_mentions(mentions("Natalya Sedowa"), index)
    assert decision.status in ("linked", "ambiguous")
    assert decision.candidates[0][0] == "sedova"
    [typo] = link_mentions(mentions("Natalia Sedovq"), index)
    assert typo.status == "ambiguous"
    assert typo.candidates[0][0] == "sedova"
    assert "closest" in typo.reason


def test_earlier_decisions_of_the_source_are_context(index):
    first = link_mentions(mentions("Лев Каменев"), index)
    [decision] = link_mentions(mentions("Каменев"), index, LinkContext(prior=first))
    assert (decision.status, decision.entity_id) == ("linked", "kamenev-father")
    assert "earlier in this source" in decision.reason


def test_two_people_in_context_leave_a_short_form_ambiguous(index):
    decisions = by_text(link_mentions(mentions("Лев Каменев", "Александр Каменев", "Каменев"), index))
    assert decisions["Каменев"].status == "ambiguous"
    assert {c for c, _ in decisions["Каменев"].candidates} == {"kamenev-father", "kamenev-son"}


def test_markup_link_is_kept(index):
    mention = Mention(0, 7, "Каменев", "person", entity_id="kamenev-son", method="markup")
    [decision] = link_mentions([mention], index)
    assert (decision.status, decision.entity_id) == ("linked", "kamenev-son")


def test_places_are_linked_in_any_case_and_kept_apart_from_people(index):
    decisions = by_text(link_mentions(mentions("Москвы", "Кирове", "Ленинграда", entity_type="place"), index))
    assert decisions["Москвы"].entity_id == "moscow"
    assert decisions["Кирове"].entity_id == "kirov-town"
    assert decisions["Ленинграда"].status == "proposed_new"
    assert decisions["Ленинграда"].proposed_name == "Ленинград"


def test_every_decision_gives_a_reason_and_keeps_the_order(index):
    given = mentions("Каменев", "Лев Каменев", "Nina", "N.", "Ивановой", "Иван Иванов")
    decisions = link_mentions(given, index)
    assert [d.mention for d in decisions] == given
    assert all(d.reason and d.status in ("linked", "ambiguous", "proposed_new") for d in decisions)


def test_index_posting_lists(index):
    assert index.lookup("s:kamenev") == (index.number("kamenev-father"), index.number("kamenev-son"))
    assert index.lookup("gs:lev troski") == (index.number("trotsky"),)
    assert index.lookup("nothing") == ()
    assert index.gender(index.number("svetlana")) == "f"


def test_a_full_name_finds_an_entry_known_by_initials_only():
    index = RegisterIndex([Entity("person", "Л. Д. Троцкий", [], id="initials-only"),
                           Entity("person", "Лев Троцкий-Седов", [], id="other")])
    [decision] = link_mentions(mentions("Лев Давидович Троцкий"), index)
    assert (decision.status, decision.entity_id) == ("linked", "initials-only")
    [other] = link_mentions(mentions("Леонид Борисович Троцкий"), index)
    assert other.entity_id is None  # "Л. Б." does not fit "Л. Д."


def test_long_candidate_lists_are_cut_and_counted():
    register = [Entity("person", f"{given} Кострова", [], id=f"k{n}")
                for n, given in enumerate(["Анна", "Вера", "Нина", "Ольга", "Мария"])]
    index = RegisterIndex(register)
    [decision] = link_mentions(mentions("Костровой"), index, max_candidates=2)
    assert decision.status == "ambiguous"
    assert len(decision.candidates) == 2
    assert decision.candidate_count == 5
    assert "5 people" in decision.reason


def test_building_in_worker_processes_gives_the_same_index(index):
    built = RegisterIndex.build(REGISTER, workers=2, batch=2)
    assert built.ids == index.ids
    assert built.facts == index.facts
    assert bytes(built.genders) == bytes(index.genders)
    assert built.lookup("s:kamenev") == index.lookup("s:kamenev")


def test_person_facts_gather_what_all_the_entry_names_say(index):
    facts = index.person_facts(index.number("trotsky"))
    assert {"lev", "leon"} <= facts.given
    assert facts.patronymic == {"davidovix"}
    assert "l/d" in facts.initials
    assert facts.surname == facts.own_surname == {"troski"}
    wife = index.person_facts(index.number("svetlana"))
    assert wife.surname == {"ivanov"} and wife.own_surname == {"ivanov"}
    assert wife.given == {"svetlana"}
    assert index.person_facts(index.number("moscow")) == Facts()


def test_fuzzy_finds_a_slip_in_either_name_and_entries_added_after_the_build(index):
    trotsky, sedova = index.number("trotsky"), index.number("sedova")
    assert [n for n, _ in index.fuzzy(["lev"], "trocki")][:1] == [trotsky]  # a slip in the surname
    assert [n for n, _ in index.fuzzy(["natalla"], "sedov")][:1] == [sedova]  # and in the given name
    assert index.fuzzy(["pavel"], "sedov") == []  # a surname alone is not enough
    grown = RegisterIndex(REGISTER)
    later = grown.add(Entity("person", "Лидия Троцкая", [], id="lidia"))
    assert later in [n for n, _ in grown.fuzzy(["lidiia"], "troski")]
    assert [n for n, _ in grown.fuzzy(["lev"], "troski")][:1] == [trotsky]  # the earlier entries stay
    built = RegisterIndex.build(REGISTER, workers=1)
    assert built.fuzzy(["natalla"], "sedov") == index.fuzzy(["natalla"], "sedov")


def test_a_surname_alone_goes_to_the_entry_that_bears_it_in_its_own_name():
    index = RegisterIndex([Entity("person", "Мария Павловна Сидорова", [], id="maria"),
                           Entity("person", "Анна Ивановна Петрова", ["Анна Сидорова"], id="anna")])
    [decision] = link_mentions(mentions("Сидоровой"), index)
    assert (decision.status, decision.entity_id) == ("linked", "maria")
    assert [c for c, _ in decision.candidates] == ["maria", "anna"]  # the other stays in view
    assert "own name" in decision.reason
    [both] = link_mentions(mentions("Кострова"), RegisterIndex(
        [Entity("person", "Вера Кострова", [], id="v"), Entity("person", "Нина Кострова", [], id="n")]))
    assert both.status == "ambiguous"


# --- short forms weighed by the document: initials, names as written, families ---------------------------

PEOPLE = [
    Entity("person", "Pavel Korin", [], id="korin"),
    Entity("person", "Kirill Rudnev", [], id="rudnev"),
    Entity("person", "Lev Kamenev", ["Lev Borisovich Kamenev"], id="lev-kamenev"),
    Entity("person", "Olga Kameneva", ["Olga Davidovna Kameneva"], id="olga-kameneva"),
    Entity("person", "Vera Orlova", ["Vera Belova"], id="vera-orlova"),
    Entity("person", "Vera Kuzmina", [], id="vera-kuzmina"),
    Entity("person", "Ivan Belov", [], id="ivan-belov"),
    Entity("person", "Joseph Berger", [], id="berger"),
]


@pytest.fixture(scope="module")
def people() -> RegisterIndex:
    return RegisterIndex(PEOPLE)


@pytest.mark.parametrize(("order", "expected"), [
    (("Kirill Rudnev", "Pavel Korin", "K."), "korin"),  # the surname's initial, named last
    (("Pavel Korin", "Kirill Rudnev", "K."), "rudnev"),  # the given name's initial, named last
])
def test_a_lone_initial_names_the_fitting_person_named_most_recently(people, order, expected):
    decision = by_text(link_mentions(mentions(*order), people))["K."]
    assert (decision.status, decision.entity_id) == ("linked", expected)
    assert "most recently" in decision.reason
    assert {c for c, _ in decision.candidates} == {"korin", "rudnev"}  # the other stays in view


def test_a_lone_initial_before_everyone_it_may_be_is_left_to_the_editor(people):
    decision = by_text(link_mentions(mentions("K.", "Pavel Korin", "Kirill Rudnev"), people))["K."]
    assert decision.status == "ambiguous"
    assert {c for c, _ in decision.candidates} == {"korin", "rudnev"}


def test_a_lone_initial_may_stand_for_the_surname(people):
    # "the great K." after Pavel Korin: his given name's initial is P, his surname's K
    decision = by_text(link_mentions(mentions("Pavel Korin", "K."), people))["K."]
    assert (decision.status, decision.entity_id) == ("linked", "korin")


def test_two_initials_may_be_given_name_and_surname(index):
    # "L.T." for Lev Trotsky: not his given name and patronymic (L.D.), but given name and surname
    decisions = by_text(link_mentions(mentions("Trotsky", "L.T."), index))
    assert (decisions["L.T."].status, decisions["L.T."].entity_id) == ("linked", "trotsky")
    [alone] = link_mentions(mentions("L.B."), index)
    assert alone.entity_id is None


def test_a_short_form_goes_to_the_name_as_the_document_writes_it(index):
    # the register makes Trotsky a Lev too, but this document writes him Leon, and Lev Orlov Lev
    decisions = by_text(link_mentions(mentions("Lev", "Leon Trotsky", "Lev Orlov"), index))
    lev = decisions["Lev"]
    assert (lev.status, lev.proposed_name) == ("proposed_new", "Lev Orlov")
    assert "as written" in lev.reason and "Leon Trotsky" in lev.reason


def test_a_given_name_alone_goes_to_the_family_the_document_names(people):
    decisions = by_text(link_mentions(mentions("Ivan Belov", "Vera"), people))
    vera = decisions["Vera"]
    assert (vera.status, vera.entity_id) == ("linked", "vera-orlova")  # also known as Vera Belova
    assert "Belov" in vera.reason
    assert {c for c, _ in vera.candidates} == {"vera-orlova", "vera-kuzmina"}
    [alone] = link_mentions(mentions("Vera"), people)
    assert alone.status == "ambiguous"  # no family named: the editor chooses


def test_a_given_name_many_bear_and_no_one_here_names_is_proposed_as_new():
    register = [Entity("person", f"Nikolai {surname}", [], id=surname.lower())
                for surname in ("Orlov", "Petrov", "Sidorov", "Belov", "Popov", "Lebedev")]
    [decision] = link_mentions(mentions("Nikolai"), RegisterIndex(register))
    assert decision.status == "proposed_new"
    assert len(decision.candidates) == 6  # listed for the editor all the same
    named = by_text(link_mentions(mentions("Nikolai", "Nikolai Orlov"), RegisterIndex(register)))
    assert named["Nikolai"].entity_id == "orlov"


def test_the_masculine_form_beside_the_feminine_one_is_the_man(people):
    decisions = by_text(link_mentions(mentions("Olga Kameneva", "Kamenev"), people))
    assert (decisions["Kamenev"].status, decisions["Kamenev"].entity_id) == ("linked", "lev-kamenev")
    [alone] = link_mentions(mentions("Kamenev"), people)  # English may print her name so too
    assert alone.status == "ambiguous"


def test_a_slip_in_a_patronymic_ending_still_links(people):
    [decision] = link_mentions(mentions("Olga Davidovno Kameneva"), people)
    assert (decision.status, decision.entity_id) == ("linked", "olga-kameneva")
    [other] = link_mentions(mentions("Olga Borisovna Kameneva"), people)
    assert other.entity_id is None


def test_a_surname_alone_is_offered_only_close_spellings(people):
    [far] = link_mentions(mentions("Becker"), people)
    assert (far.status, far.candidates) == ("proposed_new", [])
    [close] = link_mentions(mentions("Bergers"), people)
    assert close.status == "ambiguous" and close.candidates[0][0] == "berger"
    # as close by the ratio, but not starting alike: no offer
    [other_start] = link_mentions(mentions("Derger"), people)
    assert (other_start.status, other_start.candidates) == ("proposed_new", [])
