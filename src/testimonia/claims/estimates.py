"""Tables of estimates: every quantity stated about the same thing, across sources.

Quantities are grouped by the counted thing in dictionary form ("adults", "взрослых" and
"adult" meet), or by what a percentage is a share of, and unit. Each row says who gave the
figure, when they wrote, what period it refers to, and its low–high range.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from testimonia.claims.lemmas import lemma_key
from testimonia.claims.model import Claim


@dataclass
class EstimateRow:
    claim: Claim
    witness: str | None
    written: str | None
    refers_to: str | None
    low: float | None
    high: float | None


@dataclass
class EstimateGroup:
    """All the figures for one counted thing in one unit."""

    thing: str
    unit: str
    rows: list[EstimateRow] = field(default_factory=list)

    @property
    def span(self) -> tuple[float | None, float | None]:
        lows = [r.low for r in self.rows if r.low is not None]
        highs = [r.high for r in self.rows if r.high is not None]
        return (min(lows) if lows else None, max(highs) if highs else None)


def group_key(claim: Claim) -> tuple[str, str] | None:
    if claim.counts:
        return lemma_key(claim.counts), claim.unit or "count"
    if claim.share_of:
        return "share of " + lemma_key(claim.share_of), claim.unit or "percent"
    return None


def estimates(claims: list[Claim], query: str | None = None) -> list[EstimateGroup]:
    """Groups of quantity claims whose counted thing holds every word of `query` (all if None)."""
    wanted = lemma_key(query).split() if query else []
    groups: dict[tuple[str, str], EstimateGroup] = {}
    for claim in claims:
        if claim.kind != "quantity":
            continue
        key = group_key(claim)
        if key is None or (wanted and not all(word in key[0].split() or word in key[0] for word in wanted)):
            continue
        group = groups.setdefault(key, EstimateGroup(key[0], key[1]))
        group.rows.append(EstimateRow(claim, claim.witness.name if claim.witness else None, claim.written,
                                      claim.refers_to, claim.low, claim.high))
    for group in groups.values():
        group.rows.sort(key=lambda r: (r.refers_to or r.written or "9999", r.written or "9999"))
    return sorted(groups.values(), key=lambda g: (-len(g.rows), g.thing))
