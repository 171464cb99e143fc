"""Claims on the web: the API endpoints and the witness, claim and estimates pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from testimonia.archive import Archive
from tests.web_support import client_for

GOLD = Path(__file__).parent / "data" / "claims"
HOSTILE = ("“<script>alert(1)</script> was written on the wall,” said the guard, "
           "and more than 40 <b>men</b> saw it.")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("claims_web")
    path = str(folder / "gold.tmarch")
    hostile = folder / "hostile.txt"
    hostile.write_text(f"Kyiv, 1 May 1960\n\nDear Ann,\n\n{HOSTILE}\n\nYours,\nIvo Marr\n", encoding="utf-8")
    with Archive.create(path) as archive:
        archive.load_starter_register()
        archive.ingest([*sorted(GOLD.glob("*.txt")), hostile])
        archive.recognise()
        archive.extract_claims()
        archive.weigh()
    return path


@pytest.fixture(scope="module")
def client(built: str) -> Iterator[TestClient]:
    with client_for(built) as test_client:
        yield test_client


def test_claims_api_pages_and_filters(client: TestClient) -> None:
    page = client.get("/api/v1/claims?kind=judgement&limit=2").json()
    assert page["limit"] == 2 and page["total"] >= len(page["items"]) > 0
    assert all(item["kind"] == "judgement" and item["url"].startswith("/claims/") for item in page["items"])
    bad = client.get("/api/v1/claims?kind=rumour")
    assert bad.status_code == 400 and "kind" in bad.json()["error"]
    assert client.get("/api/v1/claims/clm_0000000000000000").status_code == 404


def test_claim_with_related_claims_and_editor_decision(client: TestClient) -> None:
    quantities = client.get("/api/v1/claims?kind=quantity&limit=500").json()["items"]
    related = [client.get(f"/api/v1/claims/{q['id']}").json() for q in quantities]
    claim = next(r for r in related if any(rel["relation"] == "contradicts" for rel in r["relations"]))
    relation = next(rel for rel in claim["relations"] if rel["relation"] == "contradicts")
    assert relation["other"]["kind"] == "quantity" and relation["why"]
    page = client.get(f"/claims/{claim['id']}")
    assert page.status_code == 200
    assert relation["other"]["text"] in page.text and 'class="side-by-side"' in page.text
    decided = client.post(f"/claims/{claim['id']}/relations/{relation['id']}?status=rejected",
                          follow_redirects=False)
    assert decided.status_code == 303
    again = client.get(f"/api/v1/claims/{claim['id']}").json()
    mine = next(rel for rel in again["relations"] if rel["id"] == relation["id"])
    assert (mine["status"], mine["decided_by"]) == ("rejected", "editor")
    assert client.post(f"/api/v1/relations/{relation['id']}?status=maybe").status_code == 400


def test_witness_api_and_page(client: TestClient) -> None:
    profile = client.get("/api/v1/witnesses/Nikolai%20Drozd").json()
    assert profile["witness"]["name"] == "Nikolai Drozd"
    assert [j["polarity"] for j in profile["judgements"]] == ["discredits"]
    page = client.get(f"/witnesses/{profile['witness']['entity_id']}")
    assert page.status_code == 200
    assert page.text.count("<h1>") == 1 and "He is lying" in page.text and 'id="judgements"' in page.text
    missing = client.get("/witnesses/Nobody%20Atall")
    assert missing.status_code == 404 and "no witness" in missing.text


def test_estimates_api_and_chart(client: TestClient) -> None:
    groups = client.get("/api/v1/estimates?q=prisoners").json()["items"]
    lows = {row["low"] for row in groups[0]["rows"]}
    assert {3000.0, 12000.0} <= lows
    page = client.get("/estimates?q=prisoners")
    assert page.status_code == 200
    assert '<svg id="estimates-chart-0"' in page.text and 'role="img"' in page.text
    assert 'id="estimates-table-0"' in page.text and "12,000" in page.text
    assert client.get("/api/v1/estimates?q=").status_code == 400
    overview = client.get("/estimates")
    assert overview.status_code == 200 and 'id="estimates-table-0"' in overview.text
    assert 'href="/estimates" aria-current="page"' in overview.text


def test_document_text_is_escaped_on_claim_pages(client: TestClient) -> None:
    items = client.get("/api/v1/claims?limit=500").json()["items"]
    hostile = [item for item in items if "<script>" in item["text"] or "<b>" in item["text"]]
    assert hostile
    for item in hostile:
        page = client.get(item["url"]).text
        assert "<script>alert(1)</script>" not in page and "<b>men</b>" not in page
        assert "&lt;script&gt;" in page or "&lt;b&gt;men" in page


def test_entity_page_leads_to_the_witness_page(client: TestClient) -> None:
    profile = client.get("/api/v1/witnesses/Nikolai%20Drozd").json()
    entity_id = profile["witness"]["entity_id"]
    page = client.get(f"/entities/{entity_id}")
    assert page.status_code == 200
    assert f'id="witness-link" href="/witnesses/{entity_id}"' in page.text
