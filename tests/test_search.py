"""Full-text search: the query language, both engines, the archive keeping its index, the CLI."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy
from click.testing import CliRunner

from testimonia.archive import Archive
from testimonia.cli import cli
from testimonia.errors import BadQuery
from testimonia.model import Entity
from testimonia.samples import sample_files
from testimonia.search import IndexedDocument, IndexedParty, SearchIndex, SearchQuery, index_folder
from testimonia.search.analysis import LANGUAGES
from testimonia.search.common_words import COMMON_WORDS, common_stems
from testimonia.search.fts5_index import Fts5Index
from testimonia.search.query import And, Or, Phrase, Prefix, Word, parse_query
from testimonia.search.sync import name_groups
from testimonia.search.tantivy_index import TantivyIndex
from tests.conftest import require_shared

# -- the query language ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "tree"), [
    ("Раковский", Word("Раковский")),
    ('"Victor Serge" Paris', And((Phrase(("Victor", "Serge")), Word("Paris")))),
    ("Мандель*", Prefix("Мандель")),
    ("a OR b c", Or((Word("a"), And((Word("b"), Word("c")))))),
    ("(a OR b) -c", And((Or((Word("a"), Word("b"))),), (Word("c"),))),
    ("NOT x AND y", And((Word("y"),), (Word("x"),))),
    ("Санкт-Петербург", Word("Санкт-Петербург")),
    ("", None),
])
def test_parse_query(text: str, tree: object) -> None:
    assert parse_query(text) == tree


@pytest.mark.parametrize(("text", "message"), [
    ('"Victor Serge', "the quote at character 1 is never closed"),
    ("(Serge OR Trotsky", "the '(' at character 1 is never closed"),
    ("Serge)", "the ')' at character 6 closes nothing"),
    ("Serge AND", "'AND' at character 7 has nothing after it"),
    ("OR Serge", "expected a word or phrase at character 1"),
    ("-Paris", "only excludes"),
    ("Ser*ge", "'*' may only end a word"),
    ("S*", "at least two letters"),
    ("()", "the parentheses at character 1 are empty"),
    ("&&&", "has no letters or digits"),
    ('""', "the phrase at character 1 has no words"),
    ("x " * 600, "too long"),
])
def test_malformed_queries_are_one_line_bad_query(text: str, message: str) -> None:
    with pytest.raises(BadQuery) as caught:
        parse_query(text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


# -- both engines, on hand-made documents ---------------------------------------------------------

HOSTILE = 'A note: <script>alert("x")</script> & more about the letter.'
DOCUMENTS = [
    IndexedDocument("s1.d1", "s1", "letter", "Я читал показания Раковского о ссылке и письма Мандельштама.",
                    date_edtf="1936-05-02", earliest="1936-05-02", latest="1936-05-02", language="ru",
                    persons=("ent_rakovsky", "ent_mandelstam"), places=("ent_moscow",),
                    authors=(IndexedParty("Анна Кострова", "ent_anna"),),
                    addressees=(IndexedParty("Вера",),)),
    IndexedDocument("s1.d2", "s1", "diary_entry", "Osip Mandelstam read his letters at the transit camp.",
                    date_edtf="1938", earliest="1938-01-01", latest="1938-12-31", language="en",
                    persons=("ent_mandelstam",), places=("ent_vladivostok",),
                    authors=(IndexedParty("Nadezhda", "ent_nadezhda"),)),
    IndexedDocument("s2.d1", "s2", "letter",
                    "The camp was cold; Mandelshtam wrote of the transit and of Paris. " + HOSTILE,
                    date_edtf="1946-11-15", earliest="1946-11-15", latest="1946-11-15",
                    language="en", persons=("ent_mandelstam",), places=("ent_paris",),
                    authors=(IndexedParty("Victor Serge",),),
                    addressees=(IndexedParty("Vlady", "ent_vlady"),)),
    IndexedDocument("s3.d1", "s3", "memoir", "Мы жили в Париже без денег; ссылка кончилась.",
                    language=None),
]
REGISTER = [Entity("person", "Osip Mandelstam", ["Осип Эмильевич Мандельштам", "Ossip Mandelstamm"]),
            Entity("person", "Christian Rakovsky", ["Христиан Георгиевич Раковский"])]


@pytest.fixture(params=["tantivy", "fts5"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchIndex]:
    folder = tmp_path / "ix"
    engine: SearchIndex = TantivyIndex(folder) if request.param == "tantivy" else Fts5Index(folder)
    engine.add(DOCUMENTS)
    engine.set_name_groups(name_groups(REGISTER))
    yield engine
    engine.close()


def ids(index: SearchIndex, text: str = "", **filters: object) -> list[str]:
    result = index.search(SearchQuery(text=text, **filters))  # type: ignore[arg-type]
    assert result.total == len(result.hits)
    return sorted(h.document_id for h in result.hits)


@pytest.mark.parametrize(("text", "expected"), [
    ("Раковский", ["s1.d1"]),  # nominative finds the genitive
    ("показание", ["s1.d1"]),
    ("letter", ["s1.d2", "s2.d1"]),  # singular finds plural
    ('"transit camp"', ["s1.d2"]),  # a phrase, not the words apart
    ("transit camp", ["s1.d2", "s2.d1"]),
    ("Мандель*", ["s1.d1"]),
    ("trans*", ["s1.d2", "s2.d1"]),
    ("camp AND Paris", ["s2.d1"]),
    ("camp -Paris", ["s1.d2"]),
    ("camp NOT Paris", ["s1.d2"]),
    ("Osip OR Раковский", ["s1.d1", "s1.d2"]),
    ("(Париже OR Paris) ссылка", ["s3.d1"]),
    ("nothingofthesort", []),
])
def test_words_phrases_prefixes_and_booleans(index: SearchIndex, text: str, expected: list[str]) -> None:
    assert ids(index, text, fuzzy_names=False) == expected


@pytest.mark.parametrize("spelling", ["Mandelshtam", "Mandelstam", "Мандельштам", "Mandelstham"])
def test_names_are_found_across_spellings_scripts_and_typos(index: SearchIndex, spelling: str) -> None:
    result = index.search(SearchQuery(text=spelling))
    assert sorted(h.document_id for h in result.hits) == ["s1.d1", "s1.d2", "s2.d1"]
    assert result.expansions and spelling not in result.expansions
    exact = {h.document_id for h in index.search(SearchQuery(text=spelling, fuzzy_names=False)).hits}
    assert len(exact) < 3  # without expansion only the spelling itself matches


def test_register_spelling_reaches_an_inflected_cyrillic_form(index: SearchIndex) -> None:
    # only "Раковского" is in the texts; the register's Раковский/Rakovsky bridge the scripts
    assert ids(index, "Rakovsky") == ["s1.d1"]


@pytest.mark.parametrize(("filters", "expected"), [
    ({"kind": "letter"}, ["s1.d1", "s2.d1"]),
    ({"person": "ent_rakovsky"}, ["s1.d1"]),
    ({"place": "ent_paris"}, ["s2.d1"]),
    ({"author": "ent_anna"}, ["s1.d1"]),
    ({"author": "victor serge"}, ["s2.d1"]),
    ({"addressee": "ВЕРА"}, ["s1.d1"]),  # a name, case-insensitive
    ({"addressee": "ent_vlady"}, ["s2.d1"]),
    ({"language": "ru"}, ["s1.d1", "s3.d1"]),  # s3's language is guessed from its script
    ({"source": "s1"}, ["s1.d1", "s1.d2"]),
    ({"date_from": "1937-01-01"}, ["s1.d2", "s2.d1"]),
    ({"date_to": "1938-06-30"}, ["s1.d1", "s1.d2"]),  # 1938 reaches into the range
    ({"date_from": "1938-02-01", "date_to": "1946-01-01"}, ["s1.d2"]),
    ({"kind": "letter", "language": "en"}, ["s2.d1"]),
])
def test_filters(index: SearchIndex, filters: dict[str, str], expected: list[str]) -> None:
    assert ids(index, **filters) == expected


def test_facet_counts(index: SearchIndex) -> None:
    facets = index.search(SearchQuery(text="Mandelstam")).facets
    counts = {name: {c.value: c.count for c in values} for name, values in facets.items()}
    assert counts["kind"] == {"letter": 2, "diary_entry": 1}
    assert counts["person"] == {"ent_mandelstam": 3, "ent_rakovsky": 1}
    assert counts["place"] == {"ent_moscow": 1, "ent_vladivostok": 1, "ent_paris": 1}
    assert counts["author"] == {"ent_anna": 1, "ent_nadezhda": 1, "Victor Serge": 1}
    assert counts["addressee"] == {"Вера": 1, "ent_vlady": 1}
    assert counts["language"] == {"ru": 1, "en": 2}
    assert counts["source"] == {"s1": 2, "s2": 1}
    assert [c.value for c in facets["year"]] == ["1936", "1938", "1946"]
    assert index.search(SearchQuery(text="Mandelstam", facets=False)).facets == {}


def test_snippets_escape_document_text_and_mark_matches(index: SearchIndex) -> None:
    hit = index.search(SearchQuery(text="letter", source="s2")).hits[0]
    snippet = hit.snippets[0]
    assert "<mark>letter</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert (hit.kind, hit.language, hit.date_edtf) == ("letter", "en", "1946-11-15")


def test_ranking_orders_by_relevance(index: SearchIndex) -> None:
    hits = index.search(SearchQuery(text="transit camp", fuzzy_names=False)).hits
    assert hits[0].document_id == "s1.d2" and hits[0].score >= hits[1].score


def test_paging(index: SearchIndex) -> None:
    first = index.search(SearchQuery(text="Mandelstam", limit=2))
    rest = index.search(SearchQuery(text="Mandelstam", limit=2, offset=2))
    assert first.total == rest.total == 3
    assert len(first.hits) == 2 and len(rest.hits) == 1
    assert rest.hits[0].document_id not in {h.document_id for h in first.hits}
    with pytest.raises(BadQuery, match="limit 0"):
        index.search(SearchQuery(text="camp", limit=0))
    with pytest.raises(BadQuery, match="from date"):
        index.search(SearchQuery(date_from="1946-13"))
    assert ids(index, date_from="1946", date_to="1946-11") == ["s2.d1"]  # years and months are bounds too
    assert ids(index, date_to="1946-10") == ["s1.d1", "s1.d2"]


def test_replace_delete_clear(index: SearchIndex) -> None:
    replaced = IndexedDocument("s1.d1", "s1", "letter", "Only a new text about Kolyma.", language="en")
    assert index.replace_source("s1", [replaced]) == 1
    assert index.count() == 3
    assert ids(index, "Kolyma") == ["s1.d1"] and ids(index, "Раковский") == []
    index.delete_source("s2")
    assert ids(index, "camp") == []
    index.clear()
    assert index.count() == 0 and ids(index) == []


# -- the archive keeps its index ------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    path = tmp_path_factory.mktemp("search") / "samples.tmarch"
    with Archive.create(path) as archive:
        archive.load_starter_register()
        archive.ingest(sample_files())
        yield archive


def test_first_search_builds_the_index(sample_archive: Archive) -> None:
    result = sample_archive.search(SearchQuery(text="письмо"))
    assert result.total > 0 and sample_archive.search_index.count() == sample_archive.count_documents()
    assert all(h.language == "ru" for h in result.hits)
    sources = {c.value: c.label for c in result.facets["source"]}
    assert all(not label.startswith("src_") for label in sources.values())  # labelled with titles


def test_notes_are_searched_with_their_document(sample_archive: Archive) -> None:
    note = next(n for n in sample_archive.notes() if n.document_id and len(n.text.split()) > 3)
    word = max(note.text.replace(".", " ").split(), key=len)
    hits = sample_archive.search(SearchQuery(text=f'"{word}"', fuzzy_names=False, limit=100)).hits
    assert note.document_id in {h.document_id for h in hits}


def test_every_mention_of_a_register_entry(sample_archive: Archive) -> None:
    sample_archive.recognise()
    mentioned = sample_archive.search(SearchQuery(text="Moscow", limit=1)).facets["place"]
    assert mentioned, "recognise should link places, and the index should follow"
    entry = mentioned[0]
    result = sample_archive.search(SearchQuery(place=entry.value, limit=100))
    assert result.total == entry.count or result.total >= entry.count
    linked = {m.document_id for m in sample_archive.mentions(entity_id=entry.value)
              if m.status in ("linked", "confirmed") and m.document_id}
    assert {h.document_id for h in result.hits} >= linked
    assert entry.label and not entry.label.startswith("ent_")


def test_ingest_of_a_new_version_replaces_the_old_in_the_index(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Москва, 12.III.1947\n\nДорогая Света!\n\nПолучил твоё письмо из Воркуты.\n\n"
                      "Твой Лёва\n", encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        archive.ingest([letter])
        assert archive.search(SearchQuery(text="Воркута")).total == 1
        letter.write_text("Москва, 13.III.1947\n\nДорогая Света!\n\nПосылку с Колымы получил.\n\nТвой Лёва\n",
                          encoding="utf-8")
        outcome = archive.ingest([letter]).outcomes[0]
        assert outcome.status == "new_version" and not outcome.warnings
        assert archive.search(SearchQuery(text="Воркута")).total == 0
        assert [h.source_id for h in archive.search(SearchQuery(text="Колыма")).hits] == [outcome.source_id]


def test_reindex_rebuilds_a_lost_or_other_engine_index(tmp_path: Path) -> None:
    with Archive.create(tmp_path / "a.tmarch") as archive:
        archive.ingest(sample_files()[:3])
        documents = archive.count_documents()
        assert archive.reindex() == documents
        before = archive.search(SearchQuery(text="letter")).total
        assert archive.reindex(engine="fts5") == documents
        assert archive.search(SearchQuery(text="letter")).total == before
    shutil.rmtree(index_folder(str(tmp_path / "a.tmarch")))
    with Archive.open(tmp_path / "a.tmarch") as archive:  # an old archive: built on first search
        assert archive.search(SearchQuery(text="letter")).total == before


# -- the command line -----------------------------------------------------------------------------


def test_cli_search_and_reindex(tmp_path: Path) -> None:
    runner = CliRunner()
    path = str(tmp_path / "c.tmarch")
    assert runner.invoke(cli, ["--archive", path, "init"]).exit_code == 0
    (tmp_path / "d.txt").write_text(
        "July 6, 1946. Visited Natalia; <b>read</b> Kravchenko's book.\n\nJuly 8, 1946. Rain all day.\n",
        encoding="utf-8")
    assert runner.invoke(cli, ["--archive", path, "ingest", str(tmp_path / "d.txt")]).exit_code == 0
    result = runner.invoke(cli, ["--archive", path, "reindex"])
    with Archive.open(path) as archive:
        assert result.exit_code == 0 and f"indexed {archive.count_documents()} documents" in result.output
    table = runner.invoke(cli, ["--archive", path, "search", "Kravchenko"])
    assert table.exit_code == 0 and "1–1 of 1 documents" in table.output and "<b>" in table.output
    data = json.loads(runner.invoke(cli, ["--archive", path, "search", "rain", "--json"]).output)
    assert data["total"] == 1 and "<mark>Rain</mark>" in data["hits"][0]["snippets"][0]
    assert set(data["facets"]) == {"kind", "person", "place", "author", "addressee", "language",
                                   "source", "year"}
    dated = runner.invoke(cli, ["--archive", path, "search", "--from", "1947", "--json"])
    assert json.loads(dated.output)["total"] == 0


@pytest.mark.parametrize("query", ['"Kravchenko', "(rain", "rain AND", "rain OR", "NOT rain"])
def test_cli_malformed_query_is_one_line(tmp_path: Path, query: str) -> None:
    runner = CliRunner()
    path = str(tmp_path / "c.tmarch")
    runner.invoke(cli, ["--archive", path, "init"])
    result = runner.invoke(cli, ["--archive", path, "search", query])
    assert result.exit_code == 1
    assert result.output.startswith("Error: query:") and result.output.count("\n") == 1


# -- real texts ----------------------------------------------------------------------------------


def test_seeds_kravchenko_in_both_scripts(tmp_path: Path) -> None:
    seeds = require_shared("seeds")
    with Archive.create(tmp_path / "seeds.tmarch") as archive:
        archive.load_starter_register()
        archive.ingest([seeds])
        latin = archive.search(SearchQuery(text="Kravchenko"))
        cyrillic = archive.search(SearchQuery(text="Кравченко"))
        assert latin.total > 0
        assert {h.document_id for h in cyrillic.hits} == {h.document_id for h in latin.hits}
        assert any("<mark>Kravchenko</mark>" in s for h in cyrillic.hits for s in h.snippets)
        assert archive.search(SearchQuery(text="Мищенко")).total > 0  # Mishchenko, across scripts


@pytest.mark.parametrize("engine", [TantivyIndex, Fts5Index])
def test_an_open_index_sees_what_another_process_committed(tmp_path: Path, engine: type) -> None:
    reader, writer = engine(tmp_path / "ix"), engine(tmp_path / "ix")
    assert reader.search(SearchQuery(text="Kolyma")).total == 0
    writer.add([IndexedDocument("s9.d1", "s9", "letter", "A letter from Kolyma.", language="en")])
    assert reader.search(SearchQuery(text="Kolyma")).total == 1
    reader.close()
    writer.close()


def test_an_empty_archive_searches_to_nothing(tmp_path: Path) -> None:
    with Archive.create(tmp_path / "empty.tmarch") as archive:
        result = archive.search(SearchQuery(text="Kolyma"))
        assert (result.total, result.hits, result.expansions) == (0, [], [])
        assert set(result.facets) == {"kind", "person", "place", "author", "addressee", "language",
                                      "source", "year"}
        with pytest.raises(BadQuery, match="NUL"):
            archive.search(SearchQuery(text="Kolyma\x00"))


def test_recognising_one_source_updates_its_person_facets(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Mexico, 20 August 1940\n\nDear Victor,\n\nTrotsky was attacked at his house today.\n\n"
                      "Yours, Natalia\n", encoding="utf-8")
    with Archive.create(tmp_path / "r.tmarch") as archive:
        archive.load_starter_register()
        source_id = archive.ingest([letter]).outcomes[0].source_id
        assert archive.search(SearchQuery(text="Trotsky")).facets["person"] == []
        archive.recognise([source_id or ""], backends=("register",))
        people = archive.search(SearchQuery(text="Trotsky")).facets["person"]
        assert "Leon Trotsky" in {p.label for p in people}
        trotsky = next(p.value for p in people if p.label == "Leon Trotsky")
        assert archive.search(SearchQuery(person=trotsky)).total == 1


def test_curation_moves_a_documents_person_facet_and_undo_moves_it_back(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Mexico, 20 August 1940\n\nDear Victor,\n\nTrotsky was attacked at his house today.\n\n"
                      "Yours, Natalia\n", encoding="utf-8")
    with Archive.create(tmp_path / "c.tmarch") as archive:
        archive.load_starter_register()
        archive.ingest([letter])
        archive.recognise(backends=("register",))
        trotsky = next(p.value for p in archive.search(SearchQuery(text="Trotsky")).facets["person"]
                       if p.label == "Leon Trotsky")
        keeper = archive.store.add_entity(Entity("person", "Lev Davidovich Bronstein"))
        step = archive.curate("merge_entities", keeper, trotsky)
        people = {p.value for p in archive.search(SearchQuery(text="Trotsky")).facets["person"]}
        assert keeper in people and trotsky not in people  # no reindex needed
        archive.curate("undo", step)
        people = {p.value for p in archive.search(SearchQuery(text="Trotsky")).facets["person"]}
        assert trotsky in people and keeper not in people
        with pytest.raises(BadQuery, match="curation step"):
            archive.curate("drop_everything")


# -- common grams: phrases of common words answered from word pairs --------------------------------


GENERATED_WORDS = {  # the commonest first: drawn with weights falling from first to last
    "en": "the of and to in was he his had at for that it with by from this letters were camp "
          "transit Paris wrote letter war winter home house",
    "ru": "и в не на что он с по из его как был после за для года письма лагерь ссылка Париже "
          "писал зимой дом жена",
}


def _generated_documents(count: int) -> list[IndexedDocument]:
    """English and Russian texts in which common words follow each other often (as in real prose)."""
    rng = random.Random(5)
    vocabulary = {language: words.split() for language, words in GENERATED_WORDS.items()}
    documents = []
    for number in range(count):
        language = "en" if number % 2 else "ru"
        words = rng.choices(vocabulary[language], weights=range(len(vocabulary[language]), 0, -1),
                            k=rng.randint(5, 40))
        text = " ".join(w.capitalize() if rng.random() < 0.1 else w for w in words)
        text = text.replace(" ", ". ", 1) if rng.random() < 0.5 else text  # punctuation between words
        documents.append(IndexedDocument(f"g{number}", f"g{number // 10}", "letter", text,
                                         language=language))
    return documents


def _phrase_ids(index: TantivyIndex, text: str) -> set[str]:
    result = index.search(SearchQuery(text=text, fuzzy_names=False, facets=False, limit=1000))
    assert result.total == len(result.hits)
    return {h.document_id for h in result.hits}


def test_common_grams_find_exactly_what_the_plain_phrase_finds(tmp_path: Path) -> None:
    documents = _generated_documents(600)
    index = TantivyIndex(tmp_path / "ix")
    index.add(documents)
    rng = random.Random(6)
    phrases = set()
    for document in rng.sample(documents, 150):  # phrases taken from the texts, two to four words
        words = document.text.replace(".", "").split()
        length = rng.randint(2, 4)
        if len(words) > length:
            at = rng.randrange(len(words) - length)
            phrases.add('"' + " ".join(words[at:at + length]) + '"')
    phrases |= {'"the of"', '"of the"', '"the the"', '"was at the"', '"и в"', '"в и"', '"не на что"',
                '"transit camp"', '"лагерь ссылка"', '"the transit" camp', '"the camp" OR "и ссылка"'}
    paired = 0
    for phrase in sorted(phrases):
        index.common_grams = True
        with_pairs = _phrase_ids(index, phrase)
        index.common_grams = False
        assert _phrase_ids(index, phrase) == with_pairs, phrase
        paired += bool(with_pairs)
    assert paired > 100  # most phrases match something, in both languages
    index.close()


def test_a_phrase_answered_from_pairs_still_marks_its_words(tmp_path: Path) -> None:
    index = TantivyIndex(tmp_path / "ix")
    index.add(DOCUMENTS)
    snippet = index.search(SearchQuery(text='"the transit"', fuzzy_names=False)).hits[0].snippets[0]
    assert "<mark>transit</mark>" in snippet
    index.close()


def test_common_words_are_the_snowball_stop_words() -> None:
    for language, words in COMMON_WORDS.items():
        stop = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(
            tantivy.Filter.stopword(LANGUAGES[language])).build()
        known = [w for w in words if not stop.analyze(w)]
        # tantivy's Russian list is Snowball's; its English list is Lucene's 33 words, all in ours
        assert len(known) == (len(words) if language == "ru" else 33)
        assert all(common_stems(language))


def test_an_index_of_an_older_layout_is_rebuilt(tmp_path: Path) -> None:
    with Archive.create(tmp_path / "a.tmarch") as archive:
        archive.ingest(sample_files()[:3])
        before = archive.search(SearchQuery(text="letter")).total
    meta = index_folder(str(tmp_path / "a.tmarch")) / "meta.json"
    meta.write_text(json.dumps({"engine": "tantivy", "schema": 1}))  # as testimonia wrote it before
    with Archive.open(tmp_path / "a.tmarch") as archive:
        assert archive.search(SearchQuery(text="letter")).total == before > 0


def test_the_total_is_the_same_with_and_without_facets(index: SearchIndex) -> None:
    for text in ("Mandelstam", "camp", ""):
        with_facets = index.search(SearchQuery(text=text)).total
        assert with_facets == index.search(SearchQuery(text=text, facets=False)).total > 0
