"""The search parameters the page and the API share, and how they become a SearchQuery."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import Query

from testimonia.archive import Archive, day_bound
from testimonia.errors import BadQuery
from testimonia.model import DOCUMENT_KINDS
from testimonia.search import SearchQuery
from testimonia.search.base import SearchResult

# Like Elasticsearch's max_result_window: ranking deeper than this costs memory and time for
# every request, and no reader pages that far; filters narrow instead.
MAX_SEARCH_OFFSET = 10_000

# The URL parameter names, in the order links are written; `from` and `to` are the date bounds.
FILTER_NAMES: tuple[str, ...] = ("kind", "person", "place", "author", "addressee", "language", "source",
                                 "from", "to")


class SearchParams:
    """GET /search and GET /api/v1/search take the same parameters."""

    def __init__(
            self,
            q: Annotated[str, Query(description="words, \"phrases\", prefix*, OR, -excluded")] = "",
            kind: Annotated[str | None, Query(description="letter, diary_entry, article, ...")] = None,
            person: Annotated[str | None, Query(description="an entity id of a person mentioned")] = None,
            place: Annotated[str | None, Query(description="an entity id of a place mentioned")] = None,
            author: Annotated[str | None, Query(description="an entity id or a sender's name")] = None,
            addressee: Annotated[str | None, Query(description="an entity id or an addressee's name")] = None,
            language: Annotated[str | None, Query(description="en or ru")] = None,
            source: Annotated[str | None, Query(description="a source id")] = None,
            date_from: Annotated[str | None, Query(alias="from", description="YYYY[-MM[-DD]]")] = None,
            date_to: Annotated[str | None, Query(alias="to", description="YYYY[-MM[-DD]]")] = None,
    ) -> None:
        self.values: dict[str, str] = {
            name: value.strip() for name, value in (
                ("q", q), ("kind", kind), ("person", person), ("place", place), ("author", author),
                ("addressee", addressee), ("language", language), ("source", source),
                ("from", date_from), ("to", date_to)) if value and value.strip()}

    @property
    def text(self) -> str:
        return self.values.get("q", "")

    @property
    def filters(self) -> dict[str, str]:
        return {name: self.values[name] for name in FILTER_NAMES if name in self.values}

    def to_query(self, limit: int, offset: int) -> SearchQuery:
        values = self.values
        if offset > MAX_SEARCH_OFFSET:
            raise BadQuery(f"offset {offset}: search results go no deeper than {MAX_SEARCH_OFFSET:,}; "
                           "narrow the search with filters")
        kind = values.get("kind")
        if kind and kind not in DOCUMENT_KINDS:
            raise BadQuery(f"kind {kind!r}: choose one of {', '.join(DOCUMENT_KINDS)}")
        return SearchQuery(
            text=self.text, kind=kind, person=values.get("person"), place=values.get("place"),
            author=values.get("author"), addressee=values.get("addressee"),
            language=values.get("language"), source=values.get("source"),
            date_from=day_bound(values.get("from"), "start"), date_to=day_bound(values.get("to"), "end"),
            limit=limit, offset=offset)


def run_search(archive: Archive, params: SearchParams, limit: int, offset: int) -> SearchResult:
    return archive.search(params.to_query(limit, offset))


def result_record(result: SearchResult, limit: int, offset: int) -> dict[str, Any]:
    """A search result as JSON: the hits as a page, with facets and the names the query grew by."""
    items = [{**asdict(hit), "url": f"/documents/{hit.document_id}"} for hit in result.hits]
    return {"items": items, "total": result.total, "limit": limit, "offset": offset,
            "facets": {name: [asdict(count) for count in counts] for name, counts in result.facets.items()},
            "expansions": result.expansions, "took_ms": round(result.took_ms, 2)}
