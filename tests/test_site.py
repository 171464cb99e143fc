"""The static HTML edition: built through the CLI, then opened from disk in headless Chromium.

The archive holds the bundled samples, a letter full of markup and (from ../shared) the seed
texts. Browser tests leave screenshots in test-artifacts/screenshots/; like tests/test_browser.py
they skip without Debian's Chromium, except under CI=true, where they fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, expect

from testimonia.archive import Archive
from testimonia.cli import cli
from testimonia.export.site import page_name
from testimonia.export.site.search_index import fold, words
from tests.browser_support import SCREENSHOTS
from tests.conftest import require_shared
from tests.web_support import RAW_MARKUP, build_web_archive

SERGE_NOTE = "Serge’s young daughter."


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The archive's path and the hostile letter's source id."""
    seeds = require_shared("seeds")
    return build_web_archive(tmp_path_factory.mktemp("site"), sorted(seeds.glob("*.txt")))


@pytest.fixture(scope="module")
def archive_path(built: tuple[str, str]) -> str:
    return built[0]


@pytest.fixture(scope="module")
def site(archive_path: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site-out") / "site"
    result = CliRunner().invoke(cli, ["--archive", archive_path, "export", "--format", "site", str(folder),
                                      "--title", "Seeds & samples"])
    assert result.exit_code == 0, result.output
    assert re.search(r"\d+ pages \(\d+ documents", result.output), result.output
    return folder


def test_every_record_has_its_page_and_every_link_is_relative(site: Path, archive_path: str) -> None:
    with Archive.open(archive_path) as archive:
        documents = archive.documents()
        sources = archive.sources()
    for document in documents:
        assert (site / "documents" / page_name(document.id or "")).is_file()
    for source in sources:
        assert (site / "sources" / page_name(source.id)).is_file()
    assert {"index.html", "search.html", "register.html", "documents.html", "style.css", "search.js",
            "search-index.js"} <= {p.name for p in site.iterdir()}
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        targets = re.findall(r'(?:href|src|action)="([^"]*)"', html)
        assert not [t for t in targets if t.startswith(("/", "http:", "https:", "//"))], page
        for target in targets:  # and every page a link names is there
            file = target.split("#", 1)[0].split("?", 1)[0]
            if file:
                assert (page.parent / file).resolve().is_file(), f"{page.name} links to missing {target}"


def test_document_text_is_escaped(site: Path, built: tuple[str, str]) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for raw in RAW_MARKUP:
            assert raw not in html, f"{page}: {raw}"
    letter = (site / "documents" / page_name(f"{built[1]}.d1")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in letter
    assert "&lt;script&gt;alert(&#39;note&#39;)" in letter  # the footnote, at its marker and in the list
    source = (site / "sources" / page_name(built[1])).read_text(encoding="utf-8")
    assert "<h1>Letters about &lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;</h1>" in source
    # The index keeps the text as written: search.js only ever sets textContent.
    assert "<script>alert('body')" in (site / "search-index.js").read_text(encoding="utf-8")


def test_the_same_archive_gives_the_same_bytes(site: Path, archive_path: str, tmp_path: Path) -> None:
    again = tmp_path / "again"
    with Archive.open(archive_path) as archive:
        archive.export_site(again, "Seeds & samples")
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second
    (again / "entities" / "ent_gone.html").write_text("stale", encoding="utf-8")
    with Archive.open(archive_path) as archive:
        archive.export_site(again)
    assert not (again / "entities" / "ent_gone.html").exists()


def test_a_folder_holding_other_files_is_refused(archive_path: str, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--archive", archive_path, "export", "--format", "site", str(tmp_path)])
    assert result.exit_code == 1 and "not empty" in result.output
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(("text", "folded"), [
    ("Ёлка", ["елка"]), ("Łódź Gomułka", ["łodz", "gomułka"]),
    ("café-au-lait", ["cafe", "au", "lait"]),
    ("Лёва, 1937!", ["лева", "1937"]), ("snake_case", ["snake", "case"]),
])
def test_search_words_are_folded_as_search_js_folds_them(text: str, folded: list[str]) -> None:
    assert words(text) == folded
    assert fold("ЙОД") == "иод"  # й loses its breve like any other diacritic, in the index and the query


# -- in the browser -----------------------------------------------------------------------------

def _open(browser: Browser, request: pytest.FixtureRequest, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.set_default_timeout(10_000)
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"site_{request.node.name}.png"), full_page=True)
    context.close()
    assert dialogs == [], f"a script ran from document text: {dialogs}"
    outside = [url for url in requests if not url.startswith("file://")]
    assert outside == [], f"the site reached outside its folder: {outside}"


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _open(browser, request, javascript=True)


@pytest.fixture
def page_without_js(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _open(browser, request, javascript=False)



@pytest.mark.slow
def test_read_a_seed_text_with_its_notes_and_people_then_find_it_by_search(page: Page, site: Path,
                                                                             archive_path: str) -> None:
    with Archive.open(archive_path) as archive:
        note = next(n for n in archive.notes() if n.text == SERGE_NOTE)
        document = archive.document(note.document_id or "")
        source = archive.store.source_summary(document.source_id or "")
        person = next(m for m in archive.mentions(document_id=document.id) if m.entity_type == "person"
                      and m.entity_id and len(m.text) > 5 and m.status != "rejected")
        entity = archive.store.entity(person.entity_id or "")
    document_file = f"documents/{page_name(document.id or '')}"

    page.goto((site / "index.html").as_uri())
    expect(page.locator("h1")).to_have_text("Seeds & samples")
    page.locator("#sources a", has_text=source.title or "").click()
    expect(page.locator("#source-documents")).to_be_visible()
    page.locator(f"#source-documents a[href='../{document_file}']").click()
    assert page.url == (site / document_file).as_uri()

    # the footnote sits at its marker, shows on focus, and the marker leads to the notes list
    marker = page.locator(f"a.note-ref[id='ref-{note.id}']")
    marker.focus()
    expect(page.locator(f"[id='note-text-{note.id}']")).to_have_text(SERGE_NOTE)
    marker.click()
    assert page.url.endswith(f"#note-{note.id}")
    expect(page.locator(f"#notes li[id='note-{note.id}']")).to_contain_text(SERGE_NOTE)

    # a person named in the text links to the register page that lists this document
    link = page.locator(f"article#document a.entity-person[href='../entities/{page_name(entity.id or '')}']")
    expect(link.first).to_be_visible()
    link.first.click()
    expect(page.locator("h1")).to_have_text(entity.name)
    expect(page.locator(f"#documents a[href='../{document_file}']").first).to_be_visible()

    # the search box on every page: the seed text is found by a word in it, then opened
    page.fill("#site-q", person.text)
    page.press("#site-q", "Enter")
    assert page.url.startswith((site / "search.html").as_uri())
    hit = page.locator(f"#results li.hit a.hit-title[href='{document_file}']")
    expect(hit).to_be_visible()
    expect(page.locator("#entity-results a", has_text=entity.name).first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "site_search_results.png"), full_page=True)
    hit.click()
    expect(page.locator("h1#document-title")).to_be_visible()
    assert page.url == (site / document_file).as_uri()


@pytest.mark.slow
def test_search_folds_case_yo_and_matches_beginnings_of_words(page: Page, site: Path) -> None:
    page.goto((site / "search.html").as_uri() + "?q=" + "ДОРОГ")
    expect(page.locator("#q")).to_have_value("ДОРОГ")
    expect(page.locator("#results li.hit").first).to_be_visible()  # "Дорогая", "дорогой"…
    page.fill("#q", "kravchenko's testimony")
    page.press("#q", "Enter")
    expect(page.locator("#results li.hit", has_text="Kravchenko").first).to_be_visible()
    page.fill("#q", "zzzzqqq")
    page.press("#q", "Enter")
    expect(page.locator("#search-status")).to_contain_text("0 documents")
    expect(page.locator("#document-hits")).to_be_hidden()


@pytest.mark.slow
def test_reading_needs_no_javascript_and_search_says_it_does(page_without_js: Page, site: Path) -> None:
    page = page_without_js
    page.goto((site / "documents.html").as_uri())
    page.locator("#document-table a.document-link").first.click()
    expect(page.locator("article#document p").first).to_be_visible()
    page.goto((site / "search.html").as_uri())
    expect(page.locator("#search-noscript")).to_be_visible()
