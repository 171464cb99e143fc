"""Curating the register over HTTP: the JSON API and the entry page's forms run the same logged,
reversible steps as `testimonia register`, keep the editor's decisions through re-recognition,
and refuse requests that a page on another site makes a browser send."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from testimonia.archive import Archive
from tests.web_support import HOSTILE_ENTITY, build_web_archive, client_for

EVIL = {"origin": "http://evil.example"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_web_archive(tmp_path_factory.mktemp("web_curation"))[0]


@pytest.fixture(scope="module")
def client(built: str) -> Iterator[TestClient]:
    with client_for(built) as test_client:
        yield test_client


def _person(client: TestClient, name: str) -> dict:
    items = client.get("/api/v1/entities", params={"q": name, "type": "person"}).json()["items"]
    assert items, name
    return items[0]


def _mentions(client: TestClient, entity_id: str) -> list[dict]:
    return client.get(f"/api/v1/entities/{entity_id}/mentions", params={"limit": 200}).json()["items"]


def test_rename_and_variant_are_logged_and_undone(client: TestClient) -> None:
    entry = _person(client, "Zhelnin")
    renamed = client.post(f"/api/v1/entities/{entry['id']}/rename",
                          params={"name": "Boris  Zhelnin (engineer)"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "Boris Zhelnin (engineer)"
    now = client.get(f"/api/v1/entities/{entry['id']}").json()
    assert now["name"] == "Boris Zhelnin (engineer)" and entry["name"] in now["variants"]
    added = client.post(f"/api/v1/entities/{entry['id']}/variants", params={"variant": "Borya"}).json()
    assert added["step"] is not None
    again = client.post(f"/api/v1/entities/{entry['id']}/variants", params={"variant": "Borya"}).json()
    assert again["step"] is None  # nothing changed, nothing logged
    log = client.get("/api/v1/register/log", params={"entity": entry["id"]}).json()
    assert [e["action"] for e in log["items"]][-2:] == ["update", "update"]
    for step in (added["step"], renamed.json()["step"]):
        assert client.post(f"/api/v1/register/undo/{step}").status_code == 200
    back = client.get(f"/api/v1/entities/{entry['id']}").json()
    assert back["name"] == entry["name"] and "Borya" not in back["variants"]
    assert client.post(f"/api/v1/register/undo/{added['step']}").status_code == 400  # undone already


def test_merge_moves_mentions_and_undo_gives_them_back(client: TestClient) -> None:
    keep, other = _person(client, "Anna Pavlovna Kostrova"), _person(client, "Vera Kostrova")
    moved = {m["id"] for m in _mentions(client, other["id"])}
    assert moved
    merged = client.post(f"/api/v1/entities/{keep['id']}/merge", params={"other": other["id"]}).json()
    assert moved <= {m["id"] for m in _mentions(client, keep["id"])}
    assert client.get(f"/entities/{other['id']}", follow_redirects=False).status_code == 307
    client.post(f"/api/v1/register/undo/{merged['step']}")
    assert moved == {m["id"] for m in _mentions(client, other["id"])}
    itself = client.post(f"/api/v1/entities/{keep['id']}/merge", params={"other": keep["id"]})
    assert itself.status_code == 400


def test_split_and_mention_decisions_survive_recognising_again(client: TestClient, built: str) -> None:
    entry = _person(client, "Matvei")
    mentions = _mentions(client, entry["id"])
    assert len(mentions) >= 3
    split = client.post(f"/api/v1/entities/{entry['id']}/split",
                        params={"name": "Matvei (the cousin)", "mention": [mentions[0]["id"]]}).json()
    rejected = client.post(f"/api/v1/mentions/{mentions[1]['id']}/decision", params={"status": "rejected"})
    confirmed = client.post(f"/api/v1/mentions/{mentions[2]['id']}/decision", params={"status": "confirmed"})
    assert rejected.json()["decided_by"] == confirmed.json()["decided_by"] == "editor"
    with Archive.open(built) as archive:
        archive.recognise()
    by_id = {m["id"]: m for source in {m["source_id"] for m in mentions[:3]}
             for m in client.get("/api/v1/mentions", params={"source": source, "limit": 200}).json()["items"]}
    assert by_id[mentions[0]["id"]]["entity_id"] == split["new"]
    assert by_id[mentions[1]["id"]]["status"] == "rejected"
    assert by_id[mentions[2]["id"]]["status"] == "confirmed"


@pytest.mark.parametrize(("method", "url", "params", "status", "words"), [
    ("post", "/api/v1/entities/ent_nowhere/rename", {"name": "X"}, 404, ["ent_nowhere"]),
    ("post", "/api/v1/entities/{id}/rename", {"name": "   "}, 400, ["name"]),
    ("post", "/api/v1/entities/{id}/rename", {}, 400, ["name"]),
    ("post", "/api/v1/entities/{id}/variants", {"variant": "x" * 301}, 400, ["variant"]),
    ("post", "/api/v1/entities/{id}/merge", {"other": "ent_nowhere"}, 404, ["ent_nowhere"]),
    ("post", "/api/v1/entities/{id}/split", {"name": "New"}, 400, ["mention"]),
    ("post", "/api/v1/entities/{id}/split", {"name": "New", "mention": "m_nowhere"}, 404, ["m_nowhere"]),
    ("post", "/api/v1/mentions/m_nowhere/decision", {"status": "confirmed"}, 404, ["m_nowhere"]),
    ("post", "/api/v1/mentions/m_nowhere/decision", {"status": "maybe"}, 400, ["maybe"]),
    ("post", "/api/v1/register/undo/999999", {}, 404, ["999999"]),
    ("post", "/api/v1/register/undo/x", {}, 400, ["step"]),
    ("get", "/api/v1/register/log", {"limit": 0}, 400, ["limit"]),
])
def test_bad_requests_get_one_line_and_change_nothing(client: TestClient, method: str, url: str,
                                                      params: dict, status: int, words: list[str]) -> None:
    entry = _person(client, "Zhelnin")
    before = client.get("/api/v1/register/log").json()["total"]
    response = getattr(client, method)(url.replace("{id}", entry["id"]), params=params)
    assert response.status_code == status, response.text
    message = response.json()["error"]
    assert "\n" not in message and all(w in message for w in words), message
    assert client.get("/api/v1/register/log").json()["total"] == before


def test_another_site_cannot_make_the_browser_curate(client: TestClient) -> None:
    entry = _person(client, "Zhelnin")
    before = client.get("/api/v1/register/log").json()["total"]
    for response in (
        client.post(f"/api/v1/entities/{entry['id']}/rename", params={"name": "Pwned"}, headers=EVIL),
        client.post(f"/entities/{entry['id']}/curate", data={"action": "rename", "name": "Pwned"},
                    headers=EVIL),
        client.post(f"/entities/{entry['id']}/curate", data={"action": "rename", "name": "Pwned"},
                    headers={"sec-fetch-site": "cross-site"}),
    ):
        assert response.status_code == 403
    assert client.get("/api/v1/register/log").json()["total"] == before
    same_site = client.post(f"/entities/{entry['id']}/curate", data={"action": "variant", "variant": "B. Z."},
                            headers={"origin": "http://testserver"}, follow_redirects=False)
    assert same_site.status_code == 303


def test_the_entry_page_forms_curate_and_show_the_log(client: TestClient) -> None:
    entry = _person(client, "Nina Matveevna")
    mention = _mentions(client, entry["id"])[0]
    posted = client.post(f"/entities/{entry['id']}/curate",
                         data={"action": "reject", "mention": mention["id"]}, follow_redirects=False)
    assert posted.status_code == 303 and posted.headers["location"] == f"/entities/{entry['id']}#curation"
    page = client.get(f"/entities/{entry['id']}").text
    assert 'id="curation-log"' in page and "rejected" in page and "Undo step" in page
    assert f'id="mention-{mention["id"]}"' not in page  # no longer read as a mention of this entry
    renamed = client.post(f"/entities/{entry['id']}/curate",
                          data={"action": "rename", "name": HOSTILE_ENTITY})
    assert renamed.status_code == 200  # followed to the page, which escapes the new name
    assert "<script>alert(\"entity\")" not in renamed.text and "&lt;script&gt;" in renamed.text
    bad = client.post(f"/entities/{entry['id']}/curate", data={"action": "explode"})
    assert bad.status_code == 400 and "explode" in bad.text
    missing = client.post("/entities/ent_nowhere/curate", data={"action": "rename", "name": "X"})
    assert missing.status_code == 404
