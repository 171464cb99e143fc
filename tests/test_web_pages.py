"""The reading pages over the bundled samples (and the seeds, where ../shared has them)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from testimonia.archive import Archive
from testimonia.cli import cli
from testimonia.model import Entity
from testimonia.samples import sample_files
from testimonia.store import DocumentFilter
from tests.conftest import require_shared
from tests.web_support import HOSTILE_ENTITY, RAW_MARKUP, build_web_archive, client_for


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    return build_web_archive(tmp_path_factory.mktemp("web_pages"))


@pytest.fixture(scope="module")
def client(built: tuple[str, str]) -> Iterator[TestClient]:
    with client_for(built[0]) as test_client:
        yield test_client


@pytest.fixture
def archive(built: tuple[str, str]) -> Iterator[Archive]:
    with Archive.open(built[0]) as opened:
        yield opened


def page(client: TestClient, url: str, status: int = 200) -> lxml.html.HtmlElement:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    tree = lxml.html.fromstring(response.text)
    assert_accessible_frame(tree, url)
    return tree


def assert_accessible_frame(tree: lxml.html.HtmlElement, url: str) -> None:
    """The parts every page shares: title, skip link, main landmark, one h1, labelled fields."""
    assert tree.findtext(".//title").strip(), url
    assert tree.xpath("//a[@class='skip-link'][@href='#main']"), url
    assert tree.xpath("//main[@id='main']") and tree.xpath("//nav[@aria-label='Main']"), url
    assert len(tree.xpath("//h1")) == 1, url
    labelled = set(tree.xpath("//label/@for"))
    for field in tree.xpath("//input[not(@type='hidden')] | //select"):
        assert field.get("id") in labelled, (url, lxml.html.tostring(field))


def text_of(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def found(tree: lxml.html.HtmlElement) -> int:
    """The number of documents a search page says it found."""
    heading = text_of(tree.get_element_by_id("results-heading"))
    return int(re.match(r"[\d,]+", heading).group().replace(",", ""))


# -- home ------------------------------------------------------------------------------------

def test_home_shows_the_archive_at_a_glance(client: TestClient, archive: Archive) -> None:
    tree = page(client, "/")
    counts = {text_of(div.find("dt")): text_of(div.find("dd"))
              for div in tree.xpath("//dl[@id='counts']/div")}
    status = archive.status()
    assert counts["Documents"] == f"{status['documents']:,}" and counts["Sources"] == f"{status['sources']:,}"
    earliest, latest = archive.store.date_span()
    assert counts["Dates"] == f"{earliest[:4]}–{latest[:4]}"
    people = tree.xpath("//section[@id='people']//a[contains(@class, 'entity-person')]")
    assert people, "the samples mention people"
    top = archive.store.top_entities("person", 1)[0]
    assert people[0].get("href") == f"/entities/{top.entity.id}" and text_of(people[0]) == top.entity.name
    recent = tree.xpath("//section[@id='recent-sources']//a/@href")
    assert len(recent) == min(8, status["sources"])
    assert all(re.fullmatch(r"/sources/src_[0-9a-f]{16}", href) for href in recent)


def test_home_and_register_follow_changes_made_while_serving(tmp_path: Path) -> None:
    first, second = sample_files()[:2]
    path = tmp_path / "live.tmarch"
    with Archive.create(path) as archive:
        archive.ingest([first])
    with client_for(str(path)) as client:
        assert counts_on_home(client)["Sources"] == "1"
        with Archive.open(path) as writer:  # another connection, as `testimonia ingest` would be
            writer.ingest([second])
            writer.store.add_entity(Entity("person", "Zinaida Testova"))
        assert counts_on_home(client)["Sources"] == "2"
        assert "Zinaida Testova" in client.get("/register?q=Testova").text


def counts_on_home(client: TestClient) -> dict[str, str]:
    tree = page(client, "/")
    return {text_of(div.find("dt")): text_of(div.find("dd")) for div in tree.xpath("//dl[@id='counts']/div")}


# -- the document reader ---------------------------------------------------------------------

def test_every_document_reads_with_paragraph_links_and_notes_at_markers(client: TestClient,
                                                                        archive: Archive) -> None:
    for document in archive.documents():
        tree = page(client, f"/documents/{document.id}")
        article = tree.get_element_by_id("document")
        paragraphs = article.xpath(".//p[starts-with(@id, 'p-')]")
        for number, paragraph in enumerate(paragraphs, start=1):
            assert paragraph.get("id") == f"p-{number}"
            permalink = f"/documents/{document.id}#p-{number}"
            assert paragraph.xpath("./a[@class='permalink']/@href") == [permalink]
        for note in archive.notes(document_id=document.id):
            listed = tree.get_element_by_id(f"note-{note.id}")
            assert note.marker in text_of(listed)
            if note.anchor_start is None:
                continue
            marker = tree.get_element_by_id(f"ref-{note.id}")
            assert marker.getparent().tag == "p", "the marker stands in the text"
            assert marker.get("href") == f"#note-{note.id}"
            inline = tree.get_element_by_id(marker.get("aria-describedby"))
            if note.status == "attached":
                assert " ".join(note.text.split()) in text_of(inline)
                assert " ".join(note.text.split()) in text_of(listed)
            assert listed.xpath(f".//a[@href='#ref-{note.id}']"), "the listed note links back"


def test_epigraphs_are_set_apart_with_their_attribution(client: TestClient, archive: Archive) -> None:
    with_epigraphs = [d for d in archive.documents() if d.epigraphs]
    assert with_epigraphs, "the samples have epigraphs (the HTML review, the Markdown diary)"
    for document in with_epigraphs:
        tree = page(client, f"/documents/{document.id}")
        styled = " ".join(text_of(p) for p in tree.xpath(
            "//article[@id='document']//p[@class='epigraph' or @class='epigraph-attribution']"
            " | //article[@id='document']//blockquote[contains(@class, 'epigraph')]"))
        for epigraph in document.epigraphs:
            assert epigraph.text.strip("“”\"«» ")[:40] in styled, (document.id, epigraph.text)
            if epigraph.attribution:
                assert epigraph.attribution in styled


def test_markdown_markup_is_read_not_shown(client: TestClient, archive: Archive) -> None:
    markdown = [s for s in archive.sources() if s.format == "markdown"]
    assert markdown, "the samples include a Markdown diary"
    emphasised = 0
    for source in markdown:
        for document in archive.documents(DocumentFilter(source_id=source.id)):
            tree = page(client, f"/documents/{document.id}")
            for paragraph in tree.xpath("//article[@id='document']//p[starts-with(@id, 'p-')]"):
                shown = text_of(paragraph).lstrip("¶ ")
                assert not re.match(r"#{1,6} |> ", shown), shown
                assert not re.search(r"(?<!\w)\*\w[^*]*\w\*(?!\w)", shown), shown
            emphasised += len(tree.xpath("//article[@id='document']//p/em"))
    assert emphasised, "emphasis in the Markdown is shown as emphasis"


def test_letter_metadata_panel(client: TestClient, archive: Archive) -> None:
    letters = [d for d in archive.documents(DocumentFilter(kind="letter"))
               if d.date and d.place and d.authors]
    assert letters
    for letter in letters:
        tree = page(client, f"/documents/{letter.id}")
        panel = tree.get_element_by_id("metadata")
        date = panel.xpath(".//dd[@class='document-date']")[0]
        assert date.xpath(".//*[@class='date-written']")[0].text_content() == letter.date.text
        assert date.xpath(".//time/@datetime") == [letter.date.edtf]
        assert text_of(panel.xpath(".//dd[@class='place']")[0]) == " ".join(letter.place.split())
        senders = text_of(panel.xpath(".//dd[@class='senders']")[0])
        assert all(" ".join(a.name.split()) in senders for a in letter.authors)
        if letter.addressees:
            addressees = text_of(panel.xpath(".//dd[@class='addressees']")[0])
            assert all(" ".join(a.name.split()) in addressees for a in letter.addressees)
        front = archive.store.source_front(letter.source_id or "")
        for credit in front.credits:
            assert credit.name in text_of(panel)
        assert panel.xpath(".//a[@class='citation']/@href") == [f"/documents/{letter.id}"]


def test_mentions_are_links_by_type_to_existing_entries(client: TestClient, archive: Archive) -> None:
    linked_people = 0
    for document in archive.documents():
        tree = page(client, f"/documents/{document.id}")
        article = tree.get_element_by_id("document")
        stored = {(m.text, m.entity_id, m.entity_type) for m in archive.mentions(document_id=document.id)
                  if m.status != "rejected"}
        for link in article.xpath(".//a[contains(@class, 'entity ')]"):
            entity_id = link.get("href").removeprefix("/entities/")
            archive.store.entity(entity_id)  # raises if the entry is not there
            entity_type = link.get("class").removeprefix("entity entity-")
            assert (link.text_content(), entity_id, entity_type) in stored
            linked_people += "entity-person" in link.get("class")
    assert linked_people > 10, "people in the samples are clickable"


def test_parties_are_linked_to_the_register(client: TestClient, archive: Archive) -> None:
    linked = 0
    for letter in archive.documents(DocumentFilter(kind="letter")):
        tree = page(client, f"/documents/{letter.id}")
        for href in tree.xpath("//dd[@class='senders' or @class='addressees']/a/@href"):
            archive.store.entity(href.removeprefix("/entities/"))  # raises if the entry is not there
            linked += 1
    assert linked >= 5


def test_unknown_document_is_a_404_page(client: TestClient) -> None:
    tree = page(client, "/documents/src_0000000000000000.d9", status=404)
    assert "src_0000000000000000.d9" in text_of(tree.xpath("//p[@class='error']")[0])


@pytest.mark.parametrize("url, words", [
    ("/register?page=0", ["page", "greater than or equal to 1"]),
    ("/search?page=abc", ["page", "integer"]),
    ("/sources/src_nope", ["src_nope"]),
    ("/nowhere", ["/nowhere"]),
])
def test_bad_page_parameters_are_one_line_on_an_error_page(client: TestClient, url: str,
                                                           words: list[str]) -> None:
    response = client.get(url)
    assert response.status_code in (400, 404)
    tree = page(client, url, status=response.status_code)
    message = text_of(tree.xpath("//p[@class='error']")[0])
    assert all(word in message for word in words), message


# -- sources and the register ----------------------------------------------------------------

def test_source_page_lists_front_matter_and_documents(client: TestClient, archive: Archive) -> None:
    for source in archive.sources():
        tree = page(client, f"/sources/{source.id}")
        rows = tree.xpath("//section[@id='source-documents']//tbody/tr")
        assert len(rows) == source.documents
        hrefs = [row.xpath(".//a/@href")[0] for row in rows]
        assert hrefs == [f"/documents/{d.id}" for d in archive.documents(DocumentFilter(source_id=source.id))]
        front = archive.store.source_front(source.id)
        if front.provenance:
            shown = text_of(tree.xpath("//dd[@class='provenance-note']")[0])
            assert shown == " ".join(front.provenance.split())


def test_register_filters_and_links(client: TestClient, archive: Archive) -> None:
    tree = page(client, "/register?type=place")
    rows = tree.xpath("//table[@id='register']/tbody/tr")
    assert rows and all(text_of(row.xpath("./td")[1]) == "place" for row in rows)
    mentions = [int(text_of(row.xpath("./td")[3]).replace(",", "")) for row in rows]
    assert mentions == sorted(mentions, reverse=True)
    tree = page(client, "/register?type=person&q=Zhelnin&sort=name")
    names = [text_of(row.xpath("./td")[0]) for row in tree.xpath("//table[@id='register']/tbody/tr")]
    assert names and names == sorted(names)
    for row in tree.xpath("//table[@id='register']/tbody/tr"):
        entity = archive.store.entity(row.xpath(".//a/@href")[0].removeprefix("/entities/"))
        assert entity.entity_type == "person"
        assert any("zhelnin" in n.lower() for n in [entity.name, *entity.variants])
    total = archive.store.entity_page(limit=1)[1]
    assert f"{total:,}" in text_of(page(client, "/register").get_element_by_id("register-total"))
    page(client, "/register?type=dragon", status=400)


def test_register_pages_through_all_entries(client: TestClient, archive: Archive) -> None:
    total = archive.store.entity_page(limit=1)[1]
    tree = page(client, "/register?sort=name&page=2")
    assert tree.xpath("//nav[@class='pagination']//a[@rel='prev']/@href") == ["/register?sort=name"]
    first_on_two = text_of(tree.xpath("//table[@id='register']/tbody/tr/td")[0])
    expected = archive.store.entity_page(sort="name", limit=1, offset=50)[0][0].entity.name
    assert first_on_two == " ".join(expected.split()) and total > 50


# -- search ----------------------------------------------------------------------------------

def test_search_page_hits_snippets_and_facets_agree(client: TestClient) -> None:
    tree = page(client, "/search?q=Kostrova")
    form = tree.get_element_by_id("search-form")
    assert form.get("role") == "search" and form.xpath(".//input[@id='q']/@value") == ["Kostrova"]
    hits = tree.xpath("//ol[@id='results']/li[@class='hit']")
    assert hits
    for hit in hits:
        assert hit.xpath("./a[@class='hit-title']/@href")[0].startswith("/documents/")
        assert hit.xpath(".//p[@class='snippet']/mark")
    total = found(tree)
    kinds = tree.xpath("//nav[@id='facets']//ul[@data-facet='kind']/li")
    assert sum(int(text_of(li.find("span"))) for li in kinds) == total
    for facet in tree.xpath("//nav[@id='facets']//ul/li")[:8]:
        count = int(text_of(facet.find("span")).replace(",", ""))
        narrowed = page(client, facet.find("a").get("href"))
        heading = text_of(narrowed.get_element_by_id("results-heading"))
        assert heading.startswith(f"{count:,} document"), (facet.find("a").get("href"), heading)
        active = narrowed.xpath("//ul[@id='active-filters']//a/@href")
        assert active, "the filter shows and can be lifted"
        lifted = page(client, active[0])
        assert found(lifted) == total


def test_search_pagination(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from testimonia.web import search_page

    monkeypatch.setattr(search_page, "HITS_PER_PAGE", 5)
    url: str | None = "/search?kind=letter"
    seen: list[str] = []
    starts = []
    while url:
        tree = page(client, url)
        hits = tree.xpath("//a[@class='hit-title']/@href")
        assert 0 < len(hits) <= 5
        seen += hits
        starts += tree.xpath("//ol[@id='results']/@start")
        following = tree.xpath("//nav[@class='pagination']//a[@rel='next']/@href")
        url = following[0] if following else None
        assert url is None or url == f"/search?kind=letter&page={len(starts) + 1}"
    total = found(tree)
    assert total > 5 and len(seen) == len(set(seen)) == total
    assert starts == [str(1 + 5 * n) for n in range(len(starts))]


@pytest.mark.parametrize("query, words", [
    ("q=%22unclosed", ["never closed"]),
    ("q=a%20OR", ["OR"]),
    ("from=1946-13", ["1946-13"]),
    ("kind=poem", ["poem"]),
    ("page=502", ["10,000"]),
])
def test_malformed_search_shows_one_line_on_the_page(client: TestClient, query: str,
                                                     words: list[str]) -> None:
    tree = page(client, f"/search?{query}", status=400)
    message = text_of(tree.get_element_by_id("search-error"))
    assert all(word in message for word in words)
    assert tree.get_element_by_id("search-form") is not None and not tree.xpath("//ol[@id='results']")


# -- hostile text ------------------------------------------------------------------------------

def test_hostile_text_is_escaped_on_every_page(client: TestClient, built: tuple[str, str],
                                               archive: Archive) -> None:
    source_id = built[1]
    document = archive.documents(DocumentFilter(source_id=source_id))[0]
    hostile_entity = archive.store.entity_page(query="alert")[0][0].entity
    urls = ["/", f"/sources/{source_id}", f"/documents/{document.id}", "/search?q=alert",
            "/search?q=onerror", "/register?q=alert", "/register?type=person&q=Ivanov",
            "/search?q=%3Cscript%3E", "/documents/%3Cscript%3Ealert(1)%3C%2Fscript%3E"]
    for url in urls:
        response = client.get(url)
        for raw in RAW_MARKUP:
            assert raw not in response.text, (url, raw)
    reader = client.get(f"/documents/{document.id}").text
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in reader
    assert "&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;" in reader
    assert "&lt;img src=x onerror=alert(1)&gt;" in reader
    tree = lxml.html.fromstring(client.get("/register?q=alert").text)
    assert text_of(tree.xpath("//table[@id='register']//a")[0]) == HOSTILE_ENTITY
    assert hostile_entity.name == HOSTILE_ENTITY
    results = lxml.html.fromstring(client.get("/search?q=alert").text).get_element_by_id("results")
    assert "alert(" in text_of(results)


def test_api_page_lists_the_endpoints(client: TestClient) -> None:
    tree = page(client, "/api")
    paths = [text_of(code) for code in tree.xpath("//table[@id='endpoints']//td[2]/code")]
    assert "/api/v1/search" in paths and "/api/v1/documents/{document_id}" in paths
    assert client.get("/static/style.css").status_code == 200


# -- the CLI -----------------------------------------------------------------------------------

def test_demo_builds_indexes_and_prints_the_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[tuple[str, int]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, host, port, **_: served.append((host, port)))
    extra = tmp_path / "extra"
    extra.mkdir()
    letter = "Leningrad, 1 May 1950\n\nDear Olga,\n\nAll is well here.\n\nYour Petya\n"
    (extra / "letter.txt").write_text(letter, encoding="utf-8")
    target = tmp_path / "demo.tmarch"
    result = CliRunner().invoke(cli, ["demo", str(extra), "--path", str(target), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert f"serving {target} at http://127.0.0.1:8123/" in result.output
    assert served == [("127.0.0.1", 8123)]
    with Archive.open(target) as archive:
        assert any(s.path.endswith("letter.txt") for s in archive.sources())
    with client_for(str(target)) as test_client:
        body = test_client.get("/api/v1/search?q=Olga").json()
        assert body["total"] >= 1, "demo built the search index"


def test_serve_needs_an_archive_and_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--archive", str(tmp_path / "none.tmarch"), "serve"])
    assert result.exit_code == 1 and "no archive here" in result.output
    assert "Traceback" not in result.output


def test_serve_on_a_taken_port_is_one_line(built: tuple[str, str]) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["--archive", built[0], "serve", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.output and "serving" not in result.output
    assert len(result.output.strip().splitlines()) == 1


# -- the seed texts ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    seeds = require_shared("seeds")
    folder = tmp_path_factory.mktemp("web_seeds")
    copy = folder / "seeds"
    shutil.copytree(seeds, copy)
    path, _ = build_web_archive(folder, [copy])
    with client_for(path) as test_client:
        yield test_client, path


def test_seeds_read_well(seeded: tuple[TestClient, str]) -> None:
    client, path = seeded
    with Archive.open(path) as archive:
        seed_sources = [s for s in archive.sources() if "/seeds/" in s.path]
        assert seed_sources
        documents = [d for s in seed_sources for d in archive.documents(DocumentFilter(source_id=s.id))]
        notes = [n for d in documents for n in archive.notes(document_id=d.id)]
        letters = [d for d in documents if d.kind == "letter" and d.date and d.authors]
    assert notes and letters
    people = set()
    for document in documents:
        tree = page(client, f"/documents/{document.id}")
        people.update(tree.xpath("//article[@id='document']//a[contains(@class, 'entity-person')]/@href"))
        for note in (n for n in notes if n.document_id == document.id and n.anchor_start is not None):
            marker = tree.get_element_by_id(f"ref-{note.id}")
            assert marker.getparent().tag == "p"
            inline = tree.get_element_by_id(marker.get("aria-describedby"))
            assert " ".join(note.text.split()) in text_of(inline)
    for letter in letters:
        panel = page(client, f"/documents/{letter.id}").get_element_by_id("metadata")
        assert letter.date.text in text_of(panel) and letter.authors[0].name in text_of(panel)
    assert len(people) >= 5
    for href in sorted(people)[:10]:
        assert client.get(f"/api/v1/entities/{href.removeprefix('/entities/')}").status_code == 200
