"""The JSON API over the bundled samples: every endpoint, paging, filters and bad parameters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from testimonia.archive import Archive
from testimonia.store import DocumentFilter
from tests.web_support import HOSTILE_ENTITY, HOSTILE_LETTER, build_web_archive, client_for


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    return build_web_archive(tmp_path_factory.mktemp("web_api"))


@pytest.fixture(scope="module")
def client(built: tuple[str, str]) -> Iterator[TestClient]:
    with client_for(built[0]) as test_client:
        yield test_client


@pytest.fixture
def archive(built: tuple[str, str]) -> Iterator[Archive]:
    with Archive.open(built[0]) as opened:
        yield opened


def get_json(client: TestClient, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.text)
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def assert_one_line_error(client: TestClient, url: str, status: int, *words: str) -> str:
    body = get_json(client, url, status)
    assert set(body) == {"error"}
    message = body["error"]
    assert message and "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message, (url, message)
    return message


# -- sources ---------------------------------------------------------------------------------

def test_sources_are_paged_and_complete(client: TestClient, archive: Archive) -> None:
    first = get_json(client, "/api/v1/sources?limit=3")
    assert (first["total"], first["limit"], first["offset"]) == (len(archive.sources()), 3, 0)
    rest = get_json(client, "/api/v1/sources?limit=500&offset=3")
    ids = [s["id"] for s in first["items"] + rest["items"]]
    assert sorted(ids) == sorted(s.id for s in archive.sources())
    assert len(first["items"]) == 3 and len(set(ids)) == len(ids)


def test_source_has_front_matter_and_counts(client: TestClient, archive: Archive) -> None:
    credited = [s for s in archive.sources() if archive.store.source_front(s.id).credits]
    assert credited, "the samples credit translators"
    source = credited[0]
    body = get_json(client, f"/api/v1/sources/{source.id}")
    assert body["documents"] == source.documents and body["title"] == source.title
    assert body["front"]["credits"] == [{"role": c.role, "name": c.name}
                                        for c in archive.store.source_front(source.id).credits]
    listed = get_json(client, body["documents_url"] + "&limit=500")
    assert listed["total"] == source.documents


# -- documents -------------------------------------------------------------------------------

@pytest.mark.parametrize("query, where", [
    ("kind=letter", DocumentFilter(kind="letter")),
    ("kind=diary_entry&from=1938&to=1938", DocumentFilter(kind="diary_entry", date_from="1938-01-01",
                                                          date_to="1938-12-31")),
    ("from=1946-07&to=1947", DocumentFilter(date_from="1946-07-01", date_to="1947-12-31")),
    ("author=Zhelnin", DocumentFilter(author="Zhelnin")),
    ("addressee=Kostrov", DocumentFilter(addressee="Kostrov")),
])
def test_document_filters_match_the_store(client: TestClient, archive: Archive, query: str,
                                          where: DocumentFilter) -> None:
    body = get_json(client, f"/api/v1/documents?{query}&limit=500")
    expected = archive.documents(where)
    assert expected, f"the samples have documents for {query}"
    assert body["total"] == len(expected)
    assert [d["id"] for d in body["items"]] == [d.id for d in expected]


def test_documents_page_through_in_order(client: TestClient, archive: Archive) -> None:
    everything = [d.id for d in archive.documents()]
    pages = [get_json(client, f"/api/v1/documents?limit=4&offset={o}")["items"]
             for o in range(0, len(everything), 4)]
    assert [d["id"] for page in pages for d in page] == everything
    assert get_json(client, f"/api/v1/documents?offset={len(everything)}")["items"] == []


def test_document_carries_its_text_and_metadata(client: TestClient, archive: Archive) -> None:
    letter = next(d for d in archive.documents(DocumentFilter(kind="letter")) if d.addressees and d.date)
    body = get_json(client, f"/api/v1/documents/{letter.id}")
    source_text = archive.source(letter.source_id or "").text
    assert body["text"] == source_text[letter.start:letter.end]
    assert body["date"] == letter.date.edtf and body["date_text"] == letter.date.text
    assert [a["name"] for a in body["addressees"]] == [a.name for a in letter.addressees]
    assert body["url"] == f"/documents/{letter.id}"


def test_document_notes_and_all_notes(client: TestClient, archive: Archive) -> None:
    annotated = next(d for d in archive.documents() if archive.notes(document_id=d.id))
    notes = archive.notes(document_id=annotated.id)
    body = get_json(client, f"/api/v1/documents/{annotated.id}/notes")
    assert [(n["marker"], n["text"]) for n in body["items"]] == [(n.marker, n.text) for n in notes]
    everything = get_json(client, "/api/v1/notes?limit=500")
    assert everything["total"] == len(archive.notes())
    by_source = get_json(client, f"/api/v1/notes?source={annotated.source_id}&limit=1")
    assert by_source["total"] == len(archive.notes(source_id=annotated.source_id))
    assert len(by_source["items"]) == 1


# -- entities and mentions -------------------------------------------------------------------

def test_entities_filter_by_type_and_name(client: TestClient) -> None:
    body = get_json(client, "/api/v1/entities?type=person&q=Kostrov&limit=500")
    assert body["total"] == len(body["items"]) > 0
    for item in body["items"]:
        assert item["entity_type"] == "person"
        assert any("kostrov" in name.lower() for name in [item["name"], *item["variants"]])
    counts = [item["mentions"] for item in body["items"]]
    assert counts == sorted(counts, reverse=True)
    by_name = get_json(client, "/api/v1/entities?type=person&q=Kostrov&sort=name&limit=500")
    names = [item["name"] for item in by_name["items"]]
    assert names == sorted(names)


def test_entities_match_variants_in_another_script(client: TestClient) -> None:
    body = get_json(client, "/api/v1/entities?q=Костров&limit=500")
    assert body["items"] and body["total"] == len(body["items"])
    assert all(any("Костров" in variant for variant in [item["name"], *item["variants"]])
               for item in body["items"])
    assert any("Костров" not in item["name"] for item in body["items"]), "found through a variant"


def test_entity_and_its_mentions(client: TestClient, archive: Archive) -> None:
    top = get_json(client, "/api/v1/entities?type=person&limit=1")["items"][0]
    assert top["mentions"] > 0
    body = get_json(client, f"/api/v1/entities/{top['id']}")
    assert body["name"] == top["name"] and body["mentions"] == top["mentions"] + sum(
        1 for m in archive.mentions(entity_id=top["id"]) if m.status == "rejected")
    mentions = get_json(client, f"{body['mentions_url']}?limit=500")
    stored = archive.mentions(entity_id=top["id"])
    assert mentions["total"] == len(stored)
    assert [m["id"] for m in mentions["items"]] == [m.id for m in stored]
    assert all(m["entity_id"] == top["id"] for m in mentions["items"])


def test_mentions_by_document_and_source(client: TestClient, archive: Archive) -> None:
    document = archive.documents()[0]
    body = get_json(client, f"/api/v1/mentions?document={document.id}&limit=500")
    stored = archive.mentions(document_id=document.id)
    assert body["total"] == len(stored) and [m["text"] for m in body["items"]] == [m.text for m in stored]
    body = get_json(client, f"/api/v1/mentions?source={document.source_id}&limit=2&offset=1")
    assert body["total"] == len(archive.mentions(source_id=document.source_id))
    in_source = archive.mentions(source_id=document.source_id)
    assert [m["id"] for m in body["items"]] == [m.id for m in in_source[1:3]]


# -- search ----------------------------------------------------------------------------------

def test_search_returns_hits_snippets_and_consistent_facets(client: TestClient) -> None:
    body = get_json(client, "/api/v1/search?q=Kostrova")
    assert body["total"] >= 2 and body["items"]
    for hit in body["items"]:
        assert hit["url"] == f"/documents/{hit['document_id']}"
        assert any("<mark>" in snippet for snippet in hit["snippets"])
    assert sum(f["count"] for f in body["facets"]["kind"]) == body["total"]
    kind = body["facets"]["kind"][0]
    narrowed = get_json(client, f"/api/v1/search?q=Kostrova&kind={kind['value']}")
    assert narrowed["total"] == kind["count"]
    assert {hit["kind"] for hit in narrowed["items"]} == {kind["value"]}


def test_search_pages_and_filters_by_year(client: TestClient) -> None:
    everything = get_json(client, "/api/v1/search?q=&limit=500")
    years = everything["facets"]["year"]
    assert years and everything["total"] >= len(everything["items"]) > 3
    paged = get_json(client, "/api/v1/search?limit=2&offset=2")
    assert paged["total"] == everything["total"] and len(paged["items"]) == 2
    year = years[0]
    narrowed = get_json(client, f"/api/v1/search?from={year['value']}&to={year['value']}&limit=500")
    assert narrowed["total"] == year["count"]


# -- bad parameters ----------------------------------------------------------------------------

@pytest.mark.parametrize("url, status, words", [
    ("/api/v1/documents?limit=0", 400, ["limit"]),
    ("/api/v1/documents?limit=501", 400, ["limit", "500"]),
    ("/api/v1/sources?limit=ten", 400, ["limit"]),
    ("/api/v1/notes?offset=-1", 400, ["offset"]),
    ("/api/v1/documents?kind=poem", 400, ["kind", "poem", "letter"]),
    ("/api/v1/documents?from=1946-13", 400, ["1946-13"]),
    ("/api/v1/documents?to=1946-02-30", 400, ["no such day"]),
    ("/api/v1/entities?type=dragon", 400, ["type", "dragon"]),
    ("/api/v1/entities?sort=age", 400, ["sort", "age"]),
    ("/api/v1/search?q=%22unclosed", 400, ["quote", "never closed"]),
    ("/api/v1/search?q=(a%20OR", 400, ["query"]),
    ("/api/v1/search?kind=poem", 400, ["kind"]),
    ("/api/v1/search?from=someday", 400, ["someday"]),
    ("/api/v1/search?offset=10001", 400, ["offset", "10,000"]),
    ("/api/v1/search?q=%00", 400, ["NUL"]),
    ("/api/v1/documents/src_0000000000000000.d1", 404, ["src_0000000000000000.d1"]),
    ("/api/v1/documents/nope/notes", 404, ["nope"]),
    ("/api/v1/sources/src_nope", 404, ["src_nope"]),
    ("/api/v1/entities/ent_nope", 404, ["ent_nope"]),
    ("/api/v1/entities/ent_nope/mentions", 404, ["ent_nope"]),
    ("/api/v1/no-such-endpoint", 404, ["/api/v1/no-such-endpoint"]),
])
def test_bad_parameters_give_one_line_json(client: TestClient, url: str, status: int,
                                           words: list[str]) -> None:
    assert_one_line_error(client, url, status, *words)


def test_openapi_is_served_and_lists_every_endpoint(client: TestClient) -> None:
    schema = get_json(client, "/openapi.json")
    paths = set(schema["paths"])
    for path in ("/api/v1/sources", "/api/v1/sources/{source_id}", "/api/v1/documents",
                 "/api/v1/documents/{document_id}", "/api/v1/documents/{document_id}/notes",
                 "/api/v1/notes", "/api/v1/entities", "/api/v1/entities/{entity_id}",
                 "/api/v1/entities/{entity_id}/mentions", "/api/v1/mentions", "/api/v1/search"):
        assert path in paths
    assert not any(not p.startswith("/api/") for p in paths), "HTML pages stay out of the schema"
    # Swagger UI and ReDoc would load scripts from a CDN.
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404


# -- hostile text ------------------------------------------------------------------------------

def test_hostile_text_comes_back_intact_in_json(client: TestClient, built: tuple[str, str]) -> None:
    source_id = built[1]
    source = get_json(client, f"/api/v1/sources/{source_id}")
    assert source["title"] == 'Letters about <script>alert("title")</script>'
    document = get_json(client, f"/api/v1/documents?source={source_id}")["items"][0]
    full = get_json(client, f"/api/v1/documents/{document['id']}")
    assert "<script>alert('body')</script>" in full["text"] and full["text"] in HOSTILE_LETTER
    assert full["addressees"][0]["name"].endswith('"><img src=x onerror=alert(1)>')
    notes = get_json(client, f"/api/v1/documents/{document['id']}/notes")["items"]
    assert notes[0]["text"] == "A note with <script>alert('note')</script> inside it."
    entities = get_json(client, "/api/v1/entities?q=alert")["items"]
    assert [e["name"] for e in entities] == [HOSTILE_ENTITY] and entities[0]["variants"] == ["<b>Ivanov</b>"]


def test_missing_archive_is_refused_at_start(tmp_path: Path) -> None:
    from testimonia.errors import ArchiveNotFound
    from testimonia.web import create_app

    with pytest.raises(ArchiveNotFound, match="no archive here"):
        create_app(str(tmp_path / "missing.tmarch"))
