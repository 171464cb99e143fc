"""GET /search: the search form, hits with highlighted snippets, and facets that filter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from testimonia.archive import Archive
from testimonia.errors import BadQuery
from testimonia.model import DOCUMENT_KINDS
from testimonia.search.base import FacetCount, SearchResult
from testimonia.web.deps import get_archive
from testimonia.web.pages import render
from testimonia.web.paging import Page, query_url
from testimonia.web.search_params import SearchParams, run_search

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
ArchiveDep = Annotated[Archive, Depends(get_archive)]
HITS_PER_PAGE = 20
FACETS_SHOWN = 12
FACET_TITLES = {"kind": "Kind", "year": "Year", "person": "People mentioned", "place": "Places",
                "author": "Sender or author", "addressee": "Addressee", "language": "Language",
                "source": "Source"}


@dataclass
class FacetLink:
    label: str
    count: int
    url: str
    active: bool


@dataclass
class FacetGroup:
    name: str
    title: str
    links: list[FacetLink]


@dataclass
class ActiveFilter:
    name: str
    label: str
    remove_url: str


@router.get("/search")
async def search_page(request: Request, archive: ArchiveDep, params: Annotated[SearchParams, Depends()],
                      page: Annotated[int, Query(ge=1)] = 1) -> Response:
    context: dict[str, object] = {"nav": "search", "params": params.values, "kinds": DOCUMENT_KINDS}
    try:
        result = run_search(archive, params, HITS_PER_PAGE, (page - 1) * HITS_PER_PAGE)
    except BadQuery as error:
        # A malformed query is the user's to fix: show it on the search page, not an error page.
        return render(request, "search.html", {**context, "error": str(error), "result": None}, status=400)
    values = dict(params.values)
    return render(request, "search.html", {
        **context, "error": None, "result": result,
        "page": Page(page, HITS_PER_PAGE, result.total, "/search", dict(values)),
        "facets": facet_groups(result, values),
        "active": active_filters(result, values, archive),
    })



def facet_groups(result: SearchResult, values: dict[str, str]) -> list[FacetGroup]:
    groups = []
    for name in FACET_TITLES:
        counts = result.facets.get(name, [])
        if not counts:
            continue
        links = [_facet_link(name, count, values) for count in counts[:FACETS_SHOWN]]
        groups.append(FacetGroup(name, FACET_TITLES[name], links))
    return groups


def _facet_link(name: str, count: FacetCount, values: dict[str, str]) -> FacetLink:
    label = count.label.replace("_", " ") if name == "kind" else count.label
    if name == "year":
        active = values.get("from") == count.value and values.get("to") == count.value
        change = {"from": None, "to": None} if active else {"from": count.value, "to": count.value}
    else:
        active = values.get(name) == count.value
        change = {name: None if active else count.value}
    return FacetLink(label, count.count, query_url("/search", values, **change), active)


def active_filters(result: SearchResult, values: dict[str, str], archive: Archive) -> list[ActiveFilter]:
    """Each filter in force, named as a reader would name it, with a link that lifts it."""
    labels = {(name, c.value): c.label for name, counts in result.facets.items() for c in counts}
    unknown = [v for n, v in values.items() if n in ("person", "place", "author", "addressee")
               and (n, v) not in labels]
    names = archive.store.entity_names(unknown) if unknown else {}
    active = []
    if values.get("from") and values.get("from") == values.get("to"):
        # A year picked from the facet sets both bounds; one chip lifts both.
        active.append(ActiveFilter("year", f"Year: {values['from']}",
                                   query_url("/search", values, **{"from": None, "to": None})))
    for name, value in values.items():
        if name == "q" or (name in ("from", "to") and active):
            continue
        label = labels.get((name, value)) or names.get(value, (value,))[0]
        title = {"from": "From date", "to": "To date"}.get(name, FACET_TITLES.get(name, name))
        active.append(ActiveFilter(name, f"{title}: {label}", query_url("/search", values, **{name: None})))
    return active
