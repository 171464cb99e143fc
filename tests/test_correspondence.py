"""Correspondence: references to letters, replies, silences, missing letters, the network.

The letters are invented: hand-built documents for one behaviour each, and a small Russian
file (tests/letters/) that goes through ingest, the CLI and the JSON API.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from testimonia.archive import Archive
from testimonia.cli import cli
from testimonia.correspondence import (
    Correspondent,
    correspondence_between,
    correspondent_pairs,
    letter_network,
    read_correspondence,
)
from testimonia.correspondence.references import find_references
from testimonia.errors import RecordNotFound
from testimonia.model import DateValue, Document, Party
from testimonia.web import create_app

LETTERS = Path(__file__).parent / "letters"


@pytest.mark.parametrize(("text", "written", "expected"), [
    ("Your letter of the 12th reached me today.", "1946-03-20",
     [("Your letter of the 12th", "addressee", "1946-03-12", 1)]),
    # a bare day on or after the citing day is last month's
    ("your letter of the 12th", "1946-03-12", [("your letter of the 12th", "addressee", "1946-02-12", 1)]),
    ("your letter of the 31st", "1946-03-05", [("your letter of the 31st", "addressee", "1946-01-31", 1)]),
    ("I have your letter of 3 March and your two letters from Moscow.", "1947-03-10",
     [("your letter of 3 March", "addressee", "1947-03-03", 1), ("your two letters", "addressee", None, 2)]),
    # a day and month after the citing day belong to the year before
    ("your letter of 20 December", "1947-01-05",
     [("your letter of 20 December", "addressee", "1946-12-20", 1)]),
    ("Did you get my letter of July 6, 1946?", "1946-11-01",
     [("my letter of July 6, 1946", "author", "1946-07-06", 1)]),
    ("your letter of February 1938 is before me", "1947-05-09",
     [("your letter of February 1938", "addressee", "1938-02", 1)]),
    ("In my last letter I told you", "1950-01-01", [("my last letter", "author", None, 1)]),
    ("Ваше письмо от 12-го пришло вчера.", "1947-01-05",
     [("Ваше письмо от 12-го", "addressee", "1946-12-12", 1)]),
    ("Твоё письмо от 3 марта шло месяц.", "1947-04-10",
     [("Твоё письмо от 3 марта", "addressee", "1947-03-03", 1)]),
    ("Получил твоё письмо и фотографию.", "1947-04-10", [("твоё письмо", "addressee", None, 1)]),
    ("В последнем письме ты пишешь о Нине.", "1947-04-10", [("последнем письме", None, None, 1)]),
    ("Получил два твоих письма.", "1946-01-01", [("два твоих письма", "addressee", None, 2)]),
    ("Получил твою открытку и вашу телеграмму.", "1947-01-01",
     [("твою открытку", "addressee", None, 1), ("вашу телеграмму", "addressee", None, 1)]),
    ("в моём письме от 6 июля 1946 г. я писал", "1946-11-01",
     [("моём письме от 6 июля 1946 г.", "author", "1946-07-06", 1)]),
    ("письмо от 3 марта", "1947-04-01", [("письмо от 3 марта", None, "1947-03-03", 1)]),
])
def test_references_are_found_and_dated(text: str, written: str,
                                        expected: list[tuple[str, str | None, str | None, int]]) -> None:
    found = find_references(text, letter_date=written)
    assert [(r.text, r.writer, r.date, r.count) for r in found] == expected
    for reference in found:
        assert text[reference.start:reference.end] == reference.text


@pytest.mark.parametrize("text", [
    "I enclose this letter with the parcel.",
    "In my next letter I will tell you more.",
    "Her letter to the procurator came back unopened.",
    "He wrote a letter to the newspaper.",
    "В следующем письме напишу подробно.",
    "Это письмо передаст Коля.",
    "Он написал письмо прокурору.",
    "Её последнее письмо пропало в цензуре.",
    "В этом письме посылаю фотографию.",
])
def test_words_about_other_letters_are_not_references(text: str) -> None:
    assert find_references(text, letter_date="1950-01-01") == []


def test_references_without_a_citing_date_keep_only_stated_years() -> None:
    found = find_references("your letter of the 12th and my letter of 3 May 1946", letter_date=None)
    assert [(r.date_text, r.date) for r in found] == [("the 12th", None), ("3 May 1946", "1946-05-03")]


def test_references_are_read_only_inside_the_letter() -> None:
    text = "Your letter of the 2nd. || Thank you for your letter."
    found = find_references(text, 0, text.index("||"), letter_date="1946-05-05")
    assert [r.text for r in found] == ["Your letter of the 2nd"]


# -- read_correspondence on hand-built English letters ----------------------------------------

TOM = Correspondent("name:Tom", "Tom")
ELLEN = Correspondent("name:Ellen", "Ellen")


def _letters(*letters: tuple[str, str, str]) -> tuple[list[Document], str]:
    """Documents (sender, ISO date, body) laid end to end in one text."""
    documents, text = [], ""
    for index, (sender, day, body) in enumerate(letters):
        start = len(text)
        text += body + "\n\n"
        addressee = "Ellen" if sender == "Tom" else "Tom"
        documents.append(Document(kind="letter", start=start, end=len(text) - 2, id=f"src_x.d{index + 1}",
                                  source_id="src_x", date=DateValue(text=day, edtf=day),
                                  authors=[Party(sender)], addressees=[Party(addressee)]))
    return documents, text


def test_replies_missing_letters_and_silences() -> None:
    documents, text = _letters(
        ("Tom", "1941-01-05", "Dear Ellen, we arrived."),
        ("Ellen", "1941-01-20", "Dear Tom, I have your letter. All is well here."),
        ("Tom", "1941-02-01", "Thank you for your letter of the 20th, and your letter of the 25th."),
        ("Ellen", "1941-02-15", "Tom, your letter came."),
        ("Tom", "1941-09-01", "Ellen, your three letters reached me at last."),
        ("Ellen", "1941-09-14", "Dear Tom, my letter of 2 September must have crossed yours."),
    )
    found = read_correspondence(TOM, ELLEN, list(reversed(documents)), lambda _: text)
    assert [letter.document_id for letter in found.letters] == [d.id for d in documents]
    assert [letter.direction for letter in found.letters] == ["a_to_b", "b_to_a"] * 3
    assert [letter.reply_days for letter in found.letters] == [15, 12, 14, 198, 13, None]
    assert found.letters[0].reply_to == "src_x.d2"
    # "I have your letter" -> Tom's letter since Ellen last wrote; "of the 20th" -> Ellen's of 20 January
    assert found.letters[1].references[0].matched == "src_x.d1"
    assert [r.matched for r in found.letters[2].references] == ["src_x.d2", None]
    missing = [(m.direction, m.date, m.after, m.before, m.quote) for m in found.missing]
    assert missing == [
        ("b_to_a", "1941-01-25", None, "1941-02-01", "your letter of the 25th"),
        # three cited; since Tom last wrote (1 February) only Ellen's of 15 February is held
        ("b_to_a", None, "1941-02-01", "1941-09-01", "your three letters"),
        ("b_to_a", None, "1941-02-01", "1941-09-01", "your three letters"),
        ("b_to_a", "1941-09-02", None, "1941-09-14", "my letter of 2 September"),
    ]
    assert [(g.start, g.end, g.days) for g in found.gaps] == [("1941-02-15", "1941-09-01", 198)]
    assert found.median_interval_days == 14  # 12, 13, 14, 15, 198
    assert found.median_reply_days == 14


def test_a_steady_correspondence_has_no_gaps_and_nothing_missing() -> None:
    documents, text = _letters(*[("Tom" if n % 2 == 0 else "Ellen", f"1950-{n + 1:02d}-10", "News.")
                                 for n in range(8)])
    found = read_correspondence(TOM, ELLEN, documents, lambda _: text)
    assert found.gaps == [] and found.missing == []
    assert [letter.reply_days for letter in found.letters] == [31, 28, 31, 30, 31, 30, 31, None]


def test_two_citations_of_one_missing_letter_give_one_mark() -> None:
    documents, text = _letters(
        ("Tom", "1942-03-20", "Your letter of the 12th has not come."),
        ("Tom", "1942-03-28", "Still no sign of your letter of 12 March."),
    )
    found = read_correspondence(TOM, ELLEN, documents, lambda _: text)
    assert [(m.date, m.cited_in) for m in found.missing] == [("1942-03-12", "src_x.d1")]


def test_undated_letters_come_last_and_cite_nothing_they_cannot_place() -> None:
    documents, text = _letters(("Tom", "1943-01-01", "Dear Ellen."), ("Ellen", "1943-02-01", "your letter"))
    documents[1].date = None
    found = read_correspondence(TOM, ELLEN, [documents[1], documents[0]], lambda _: text)
    assert [letter.date for letter in found.letters] == ["1943-01-01", None]
    assert found.letters[0].reply_days is None and found.missing == []


# -- the invented Russian letters, through the archive -----------------------------------------


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("letters") / "letters.tmarch")
    with Archive.create(path) as archive:
        summary = archive.ingest([LETTERS / "ru_invented_letters.txt"])
        assert not summary.failed
    return path


def test_letters_between_two_people_in_the_archive(archive_path: str) -> None:
    with Archive.open(archive_path) as archive:
        found = correspondence_between(archive.store, "Илья", "соня")  # names match case-insensitively
    assert (found.a.name, found.b.name, found.total) == ("Илья", "Соня", 6)
    assert [letter.date for letter in found.letters] == [
        "1950-02-02", "1950-02-20", "1950-03-15", "1950-10-10", "1950-10-30", "1950-11-14"]
    assert [letter.reply_days for letter in found.letters] == [18, 23, 229, 20, 15, None]
    ids = [letter.document_id for letter in found.letters]
    matched = [[r.matched for r in letter.references] for letter in found.letters]
    assert matched == [[], [ids[0]], [ids[1], None], [None], [ids[3]], [ids[4]]]
    assert [(m.direction, m.date, m.after) for m in found.missing] == [
        ("b_to_a", "1950-03-01", None), ("b_to_a", None, "1950-03-15"), ("b_to_a", None, "1950-03-15")]
    assert [(g.start, g.end) for g in found.gaps] == [("1950-03-15", "1950-10-10")]


def test_pairs_and_network(archive_path: str) -> None:
    with Archive.open(archive_path) as archive:
        pairs = correspondent_pairs(archive.store)
        network = letter_network(archive.store)
    assert [(p.a.name, p.b.name, p.a_to_b, p.b_to_a, p.first, p.last) for p in pairs] == [
        ("Илья", "Соня", 4, 2, "1950-02-02", "1950-11-14")]
    assert {(e.sender.name, e.addressee.name, e.letters) for e in network.letters} == {
        ("Илья", "Соня", 4), ("Соня", "Илья", 2)}
    assert {(n.name, n.sent, n.received) for n in network.nodes} >= {("Илья", 4, 2), ("Соня", 2, 4)}


def test_unknown_correspondent_is_one_clear_error(archive_path: str) -> None:
    with Archive.open(archive_path) as archive, pytest.raises(RecordNotFound, match="'Никто'"):
        correspondence_between(archive.store, "Илья", "Никто")


def test_cli_letters_table_and_json(archive_path: str) -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["--archive", archive_path, "letters", "Илья", "Соня"])
    assert table.exit_code == 0, table.output
    assert "6 letters between Илья and Соня" in table.output
    assert "1950-03-01" in table.output and "silence: 209 days" in table.output
    data = json.loads(runner.invoke(cli, ["--archive", archive_path, "letters", "Илья", "Соня",
                                          "--json"]).output)
    assert len(data["letters"]) == 6 and len(data["missing"]) == 3
    pairs = runner.invoke(cli, ["--archive", archive_path, "letters"])
    assert pairs.exit_code == 0 and "Илья" in pairs.output
    bad = runner.invoke(cli, ["--archive", archive_path, "letters", "Илья", "Никто"])
    assert bad.exit_code == 1 and bad.output.strip().splitlines()[-1].startswith("Error: correspondent")
    one = runner.invoke(cli, ["--archive", archive_path, "letters", "Илья"])
    assert one.exit_code == 2


def test_api_correspondence_network_and_timeline(archive_path: str) -> None:
    client = TestClient(create_app(archive_path), raise_server_exceptions=False)
    pairs = client.get("/api/v1/correspondence").json()
    assert pairs["total"] == 1 and pairs["items"][0]["letters"] == 6
    pair = pairs["items"][0]
    found = client.get("/api/v1/correspondence", params={"a": pair["a"]["key"], "b": pair["b"]["key"],
                                                         "limit": 2, "offset": 1}).json()
    assert (found["total"], found["limit"], found["offset"]) == (6, 2, 1)
    assert [letter["date"] for letter in found["items"]] == ["1950-02-20", "1950-03-15"]
    assert len(found["missing"]) == 3 and found["gaps"][0]["days"] == 209
    network = client.get("/api/v1/network").json()
    assert sorted(edge["letters"] for edge in network["letters"]) == [2, 4]
    one_sided = client.get("/api/v1/correspondence", params={"a": "Илья"})
    assert one_sided.status_code == 400 and "give both a and b" in one_sided.json()["error"]
    assert client.get("/api/v1/correspondence", params={"a": "Илья", "b": "Никто"}).status_code == 404
    assert client.get("/api/v1/entities/ent_nothing/timeline").status_code == 404
    assert client.get("/api/v1/network", params={"edges": 0}).status_code == 400


def test_pages_draw_the_letters(archive_path: str) -> None:
    client = TestClient(create_app(archive_path), raise_server_exceptions=False)
    page = client.get("/correspondence", params={"a": "Илья", "b": "Соня"})
    assert page.status_code == 200
    assert page.text.count('class="letter letter-') == 6
    assert page.text.count('class="letter-missing"') == 3
    assert page.text.count('class="gap"') == 1
    assert '<svg id="correspondence-timeline" class="chart" role="img"' in page.text
    assert client.get("/correspondence", params={"a": "Илья"}).status_code == 400
    network = client.get("/network")
    assert network.status_code == 200 and network.text.count('class="edge-letter"') == 2


def test_charts_escape_every_name_and_quotation() -> None:
    from testimonia.correspondence.network import build_network
    from testimonia.correspondence.records import LetterEdge
    from testimonia.web.svg import correspondence_timeline, mention_timeline, network_graph

    hostile = '<script>alert(1)</script>"><img onerror=x>'
    documents, text = _letters(("Tom", "1941-01-05", f"Your letter of the 2nd {hostile}"),
                               ("Ellen", "1941-02-05", "Dear Tom."))
    documents[0].place = hostile
    chart = str(correspondence_timeline(read_correspondence(
        Correspondent("name:" + hostile, hostile), ELLEN, documents, lambda _: text)))
    edge = LetterEdge(Correspondent("ent_a", hostile), Correspondent("ent_b", "B"), 2, None, None)
    graph = str(network_graph(build_network([edge], [("ent_a", "ent_b", 1)], {}, {})))
    bars = str(mention_timeline([(1941, 2), (None, 1)], hostile))
    for svg in (chart, graph, bars):
        assert "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg
        assert svg.count("<title") >= 2 and 'role="img"' in svg
    assert "letter-missing" in chart  # the 2nd of January, before the first letter held
    assert '<a href="/entities/ent_a"' in graph


@pytest.fixture(scope="module")
def recognised_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("recognised") / "letters.tmarch")
    with Archive.create(path) as archive:
        archive.ingest([LETTERS / "ru_invented_letters.txt"])
        archive.recognise()
    return path


def test_signatures_linked_through_mentions_make_the_pair_and_the_entry_page(recognised_path: str) -> None:
    with Archive.open(recognised_path) as archive:
        store = archive.store
        found = correspondence_between(store, "Илья", "Соня")
        sonya = found.b.entity_id
        assert found.a.entity_id and sonya  # the signatures "Илья", "Соня" are linked by their mentions
        assert found.total == 6
        profile = store.entity_profile(sonya, mention_limit=2, documents_limit=3)
        by, to, mentioning = (profile.documents[role] for role in ("author", "addressee", "mentioned"))
        mentions = [m for m in store.mentions(entity_id=sonya) if m.status != "rejected"]
        text = store.source_text(mentions[0].source_id or "")
    assert [d.date.earliest for d in by[0] if d.date] == ["1950-02-20", "1950-10-30"] and by[1] == 2
    assert to[1] == 4 and len(to[0]) == 3  # four letters to her, the first three listed
    assert mentioning[1] == len({m.document_id for m in mentions})
    assert profile.mention_total == len(mentions) and len(profile.mentions) == 2
    for shown in profile.mentions:  # the words around each mention are the source's own
        assert shown.before + shown.text + shown.after in text
    assert sum(count for _, count in profile.years) == profile.mention_total
    assert {year for year, _ in profile.years} == {1950}
    client = TestClient(create_app(recognised_path), raise_server_exceptions=False)
    page = client.get(f"/entities/{sonya}")
    assert page.status_code == 200
    assert page.text.count('class="bar"') == 1 and '<svg id="mention-timeline"' in page.text
    letters = {letter.document_id for letter in found.letters if letter.direction == "b_to_a"}
    assert all(f'href="/documents/{document_id}"' in page.text for document_id in letters)
    timeline = client.get(f"/api/v1/entities/{sonya}/timeline").json()
    assert timeline["items"] == [{"year": 1950, "mentions": profile.mention_total}]
