"""Pages for claims: a witness's profile, a claim with its related claims side by side, and
the table and chart of estimates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from testimonia.archive import Archive
from testimonia.claims.estimates import EstimateGroup
from testimonia.claims.model import RELATION_STATUSES
from testimonia.cli_claims import describe
from testimonia.errors import BadQuery
from testimonia.structure.dates import edtf_bounds
from testimonia.web.api_claims import related_claims
from testimonia.web.curation import refuse_cross_site
from testimonia.web.deps import get_archive

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
ArchiveDep = Annotated[Archive, Depends(get_archive)]
GROUPS_SHOWN = 10


@router.get("/witnesses/{witness}")
async def witness_page(request: Request, witness: str, archive: ArchiveDep) -> Response:
    profile = archive.witness(witness)
    return request.app.state.templates.TemplateResponse(request, "witness.html", {
        "nav": "register", "profile": profile, "describe": describe})


@router.get("/claims/{claim_id}")
async def claim_page(request: Request, claim_id: str, archive: ArchiveDep) -> Response:
    claim = archive.store.claim(claim_id)
    document = archive.store.document(claim.document_id) if claim.document_id else None
    return request.app.state.templates.TemplateResponse(request, "claim.html", {
        "nav": "register", "claim": claim, "document": document, "describe": describe,
        "related": related_claims(archive, claim_id)})


@router.post("/claims/{claim_id}/relations/{relation_id}", dependencies=[Depends(refuse_cross_site)])
async def decide_relation(claim_id: str, relation_id: str, archive: ArchiveDep,
                          status: Annotated[str, Query(max_length=20)]) -> Response:
    # The decision travels in the form's action URL, so that the page needs no form parser.
    if status not in RELATION_STATUSES:
        raise BadQuery(f"status {status!r}: choose one of {', '.join(RELATION_STATUSES)}")
    archive.store.decide_relation(relation_id, status)
    return RedirectResponse(f"/claims/{claim_id}#relations", status_code=303)


@router.get("/estimates")
async def estimates_page(request: Request, archive: ArchiveDep,
                         q: Annotated[str, Query(max_length=200)] = "") -> Response:
    # With no query the page lists every counted thing, the most often estimated first.
    groups = archive.estimates(q) if q.strip() else sorted(
        archive.estimates(None), key=lambda group: -len(group.rows))
    return request.app.state.templates.TemplateResponse(request, "estimates.html", {
        "nav": "estimates", "q": q, "groups": groups[:GROUPS_SHOWN], "total": len(groups),
        "charts": [estimates_chart(g, index) for index, g in enumerate(groups[:GROUPS_SHOWN])]})


def _year(edtf: str | None) -> float | None:
    if not edtf:
        return None
    low, high = edtf_bounds(edtf)
    if not low or not high:
        return None
    return (int(low[:4]) + int(high[:4])) / 2


def estimates_chart(group: EstimateGroup, index: int) -> Markup:
    """Each figure as a vertical range at the year it refers to (else the year written): a dot
    for an exact figure, a bar for a range, an arrow for an open end."""
    points = [(row, _year(row.refers_to) or _year(row.written)) for row in group.rows]
    points = [(row, year) for row, year in points if year is not None]
    width, height, left, bottom, top = 640, 260, 70, 30, 16
    element = f"estimates-chart-{index}"
    title = f"Estimates of {group.thing} ({group.unit})"
    if not points:
        desc = "No figure in this group has a date to place it by."
        return _svg(element, width, 60, title, desc, ['<text x="10" y="35">No dated figures.</text>'])
    values = [v for row, _ in points for v in (row.low, row.high) if v is not None]
    top_value = max(values) * 1.1 if values else 1.0
    years = [year for _, year in points]
    first, last = min(years) - 1, max(years) + 1

    def x(year: float) -> float:
        return left + (year - first) / (last - first) * (width - left - 20)

    def y(value: float) -> float:
        return height - bottom - value / top_value * (height - bottom - top)

    base, peak = height - bottom, top_value / 1.1
    body = [f'<line class="axis" x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}"/>',
            f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{base}"/>',
            f'<text x="{left - 6}" y="{y(peak):.1f}" text-anchor="end">{_short(peak)}</text>',
            f'<text x="{left - 6}" y="{base}" text-anchor="end">0</text>']
    for year in sorted({int(year) for year in years}):
        body.append(f'<text x="{x(year):.1f}" y="{height - 10}" text-anchor="middle">{year}</text>')
    for row, year in points:
        low = row.low if row.low is not None else 0.0
        high = row.high if row.high is not None else top_value
        label = escape(f"{row.witness or 'unknown'}: {row.claim.text}")
        link = f'<a class="estimate-link" href="/claims/{escape(row.claim.id or "")}"><title>{label}</title>'
        if low == high:
            body.append(f'{link}<circle class="estimate" cx="{x(year):.1f}" cy="{y(low):.1f}" r="5"/></a>')
        else:
            dash = ' stroke-dasharray="4 3"' if row.high is None or row.low is None else ""
            body.append(f'{link}<line class="estimate-range" x1="{x(year):.1f}" y1="{y(low):.1f}" '
                        f'x2="{x(year):.1f}" y2="{y(high):.1f}"{dash}/></a>')
    desc = (f"{len(points)} figures for {group.thing}, placed by the year they refer to or were written, "
            f"from {int(min(years))} to {int(max(years))}; the table below gives each one.")
    return _svg(element, width, height, title, desc, body)


def _short(value: float) -> str:
    for size, suffix in ((1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if value >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


_STYLE = ("<style>text{font:12px system-ui,sans-serif;fill:#222}.axis{stroke:#777;stroke-width:1}"
          ".estimate{fill:#3b6ea5;stroke:#222}.estimate-range{stroke:#3b6ea5;stroke-width:6}"
          ".estimate-link:focus .estimate,.estimate-link:hover .estimate-range{stroke:#b5562a}</style>")


def _svg(element_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg id="{element_id}" class="chart" role="img" aria-labelledby="{element_id}-title '
        f'{element_id}-desc" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet"'
        f' xmlns="http://www.w3.org/2000/svg"><title id="{element_id}-title">{escape(title)}</title>'
        f'<desc id="{element_id}-desc">{escape(desc)}</desc>{_STYLE}' + "".join(body) + "</svg>")
