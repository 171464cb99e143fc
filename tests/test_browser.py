"""The workbench in a real browser: Playwright driving Debian's Chromium, headless.

The app is served by uvicorn on a free loopback port over an archive of the bundled samples,
a letter full of markup, the invented letters in tests/letters and (where ../shared has them)
the seed texts. Every test leaves a screenshot in test-artifacts/screenshots/.

Chromium comes from the system (`apt-get install chromium`; .ci/run does it), never from
`playwright install`. Without it these tests skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from testimonia.archive import Archive
from tests.browser_support import SCREENSHOTS
from tests.conftest import SHARED, require_shared
from tests.web_support import build_web_archive

LETTERS = Path(__file__).parent / "letters"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    extra = [LETTERS / "ru_invented_letters.txt"]
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        extra += sorted(seeds.glob("*.txt"))
    path, _ = build_web_archive(tmp_path_factory.mktemp("browser"), extra)
    return path


@pytest.fixture(scope="session")
def base_url(archive_path: str) -> Iterator[str]:
    import uvicorn

    from testimonia.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(archive_path), host="127.0.0.1", port=port, log_level="warning",
                            lifespan="off", ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _open_page(browser: Browser, request: pytest.FixtureRequest, javascript: bool = True) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_default_timeout(10_000)
    yield page
    _screenshot(page, request.node.name)
    context.close()
    assert dialogs == [], f"a script ran from document text: {dialogs}"


def _screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _open_page(browser, request)


@pytest.fixture
def page_without_js(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _open_page(browser, request, javascript=False)


def test_search_open_a_document_click_a_person_whose_page_lists_it(page: Page, base_url: str,
                                                                   archive_path: str) -> None:
    with Archive.open(archive_path) as archive:
        person_id, _ = archive.store.most_mentioned("person", 1)[0]
        surname = archive.store.entity(person_id).name.split()[-1]
    page.goto(f"{base_url}/search")
    page.fill("#q", surname)
    page.press("#q", "Enter")
    hits = page.locator("#results li.hit a.hit-title")
    expect(hits.first).to_be_visible()
    hits.first.click()
    expect(page.locator("article#document")).to_be_visible()
    document_path = page.url.removeprefix(base_url).split("#")[0]
    person = page.locator("article#document a.entity-person[href^='/entities/']").first
    expect(person).to_be_visible()
    name = person.inner_text()
    person.click()
    expect(page.locator("h1")).to_be_visible()
    assert page.url.startswith(f"{base_url}/entities/")
    expect(page.locator(f"#documents a[href='{document_path}']").first).to_be_visible()
    # the mention that was clicked is among those listed in context
    expect(page.locator("#mentions li.mention mark", has_text=name).first).to_be_visible()
    expect(page.locator("svg#mention-timeline[role='img'] rect.bar").first).to_be_attached()


def test_correspondence_timeline_draws_every_letter_and_the_missing_ones(page: Page, base_url: str,
                                                                          archive_path: str) -> None:
    page.goto(f"{base_url}/correspondence")
    expect(page.locator("#pair-table a.pair-link").first).to_be_visible()
    page.locator("#pair-table a.pair-link").first.click()
    timeline = page.locator("svg#correspondence-timeline[role='img']")
    expect(timeline).to_be_visible()
    rows = page.locator("#letter-table tbody tr")
    assert rows.count() >= 2
    assert timeline.locator("circle.letter").count() == rows.count()
    # a pair whose letters speak of letters the archive lacks: the page draws each as a hollow mark
    response = page.request.get(f"{base_url}/api/v1/correspondence", params={"limit": 500})
    pairs = response.json()["items"]
    for pair in pairs:
        found = page.request.get(f"{base_url}/api/v1/correspondence",
                                 params={"a": pair["a"]["key"], "b": pair["b"]["key"]}).json()
        if found["missing"]:
            break
    else:
        pytest.fail("no pair in the test archive refers to a missing letter")
    page.goto(f"{base_url}/correspondence?a={pair['a']['key']}&b={pair['b']['key']}")
    missing = page.locator("svg#correspondence-timeline circle.letter-missing")
    assert missing.count() == len(found["missing"]) > 0
    expect(page.locator("#missing-table tbody tr")).to_have_count(len(found["missing"]))
    assert timeline.locator("circle.letter").count() == len(found["items"])
    _screenshot(page, "correspondence_timeline_with_missing_letters")
    # a letter's mark links to the letter
    timeline.locator("a.letter-link").first.click()
    expect(page.locator("article#document")).to_be_visible()


def test_document_shows_notes_at_their_markers(page: Page, base_url: str, archive_path: str) -> None:
    with Archive.open(archive_path) as archive:
        note = next(n for n in archive.notes() if n.status == "attached" and n.document_id)
    page.goto(f"{base_url}/documents/{note.document_id}")
    marker = page.locator(f"a.note-ref[id='ref-{note.id}']")
    expect(marker).to_be_visible()
    at_marker = page.locator(f"[id='note-text-{note.id}']")
    marker.focus()
    expect(at_marker).to_be_visible()
    assert " ".join(note.text.split())[:40] in " ".join(at_marker.inner_text().split())
    marker.click()
    assert page.url.endswith(f"#note-{note.id}")
    expect(page.locator(f"#notes li[id='note-{note.id}']")).to_be_visible()


def test_keyboard_reaches_the_skip_link_and_the_search_box(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/network")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(f"{base_url}/network")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-q":
            break
    else:
        pytest.fail("fifteen presses of Tab never reached the search box")
    page.keyboard.type("Magadan")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=Magadan*")
    # on the network, each person is a link the keyboard can reach and follow
    page.goto(f"{base_url}/network")
    link = page.locator("svg#network a.node-link").first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/entities/*")


def test_pages_read_without_javascript(page_without_js: Page, base_url: str,
                                       archive_path: str) -> None:
    page = page_without_js
    with Archive.open(archive_path) as archive:
        letter = next(d for d in archive.documents() if d.kind == "letter")
    page.goto(f"{base_url}/documents/{letter.id}")
    expect(page.locator("article#document p[id^='p-']").first).to_be_visible()
    page.goto(f"{base_url}/network")
    expect(page.locator("svg#network[role='img']")).to_be_visible()
    arrows = page.locator("svg#network line.edge-letter")
    assert arrows.count() == page.locator("#letter-edges tbody tr").count()
    page.goto(f"{base_url}/correspondence")
    page.fill("#correspondent-a", "Илья")
    page.fill("#correspondent-b", "Соня")
    page.click("#correspondence-form button")
    expect(page.locator("svg#correspondence-timeline rect.gap")).to_have_count(1)


def test_markup_in_letters_stays_text(page: Page, base_url: str) -> None:
    for path in ("/correspondence", "/network"):
        page.goto(base_url + path)
        expect(page.locator("h1")).to_have_count(1)
        assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    page.goto(f"{base_url}/network")
    assert '"><img' in page.locator("#letter-edges").inner_text()


def test_seed_texts_are_searchable_and_readable(page: Page, base_url: str) -> None:
    seeds = require_shared("seeds")
    first_line = next(line for line in (seeds / "001_72d990d6eede73e3.txt").read_text("utf-8").splitlines()
                      if line.strip())
    page.goto(f"{base_url}/search?q={first_line.split()[-1]}")
    expect(page.locator("#results li.hit").first).to_be_visible()
    page.locator("#results a.hit-title").first.click()
    expect(page.locator("article#document")).to_be_visible()


def test_an_editor_adds_a_name_on_the_entry_page_and_undoes_it(page_without_js: Page, base_url: str,
                                                                archive_path: str) -> None:
    """Curation works with plain forms, without JavaScript; the step is undone again so that the
    shared archive stays as the other tests expect it."""
    page = page_without_js
    with Archive.open(archive_path) as archive:
        person_id, _ = archive.store.most_mentioned("person", 1)[0]
    page.goto(f"{base_url}/entities/{person_id}")
    page.get_by_label("Another name (spelling, transliteration, nickname)").fill("Nomen Probandum")
    page.get_by_role("button", name="Add the name").click()
    expect(page.locator("#variants")).to_contain_text("Nomen Probandum")
    _screenshot(page, "entry_page_after_adding_a_name")
    undo = page.locator("#curation-log button[aria-label^='Undo step']").first
    expect(undo).to_be_visible()
    undo.click()
    expect(page.locator("#variants")).not_to_contain_text("Nomen Probandum")
    expect(page.locator("#curation-log")).to_contain_text("(undone)")
