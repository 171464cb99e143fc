"""A witness's profile: what they claim, how it fares against other sources, what others say
of them, from where they saw it, and how long after the events they wrote."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from testimonia.claims.model import Actor, Claim, ClaimRelation
from testimonia.structure.dates import edtf_bounds


@dataclass
class JudgementOf:
    """What someone said of the witness's credibility."""

    judge: Actor | None
    polarity: str
    claim: Claim


@dataclass
class WitnessProfile:
    witness: Actor
    claims: list[Claim] = field(default_factory=list)
    corroborated: list[Claim] = field(default_factory=list)
    contradicted: list[Claim] = field(default_factory=list)
    repeated: list[Claim] = field(default_factory=list)
    uncorroborated: list[Claim] = field(default_factory=list)
    judgements: list[JudgementOf] = field(default_factory=list)
    vantage: dict[str, int] = field(default_factory=dict)  # eyewitness / hearsay / unstated -> claims
    gap_years: dict[str, float] = field(default_factory=dict)  # min / median / max

    @property
    def judgement_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for judgement in self.judgements:
            counts[judgement.polarity] = counts.get(judgement.polarity, 0) + 1
        return counts


def build_profile(witness: Actor, made: list[Claim], about: list[Claim],
                  relations: list[ClaimRelation]) -> WitnessProfile:
    """`made`: the witness's claims (as author or quoted speaker); `about`: judgements of them."""
    profile = WitnessProfile(witness, claims=made)
    mine = {c.id for c in made}
    status: dict[str, set[str]] = {}
    for relation in relations:
        if relation.status == "rejected":
            continue
        for claim_id in (relation.claim_a, relation.claim_b):
            if claim_id in mine:
                status.setdefault(claim_id, set()).add(relation.relation)
    for claim in made:
        found = status.get(claim.id or "", set())
        if "contradicts" in found:
            profile.contradicted.append(claim)
        if "corroborates" in found:
            profile.corroborated.append(claim)
        if "repeats" in found and not found & {"corroborates", "contradicts"}:
            profile.repeated.append(claim)
        if not found:
            profile.uncorroborated.append(claim)
        vantage = claim.vantage or "unstated"
        profile.vantage[vantage] = profile.vantage.get(vantage, 0) + 1
    profile.judgements = [JudgementOf(c.judge, c.polarity or "", c) for c in about]
    profile.gap_years = _gaps(made)
    return profile


def _year(edtf: str | None, side: int) -> int | None:
    if not edtf:
        return None
    bound = edtf_bounds(edtf)[side]
    return int(bound[:4]) if bound and bound[:4].isdigit() else None


def _gaps(claims: list[Claim]) -> dict[str, float]:
    """Years between the events a witness refers to and the writing, over their dated claims."""
    gaps = []
    for claim in claims:
        written = _year(claim.written, 0)
        referred = _year(claim.date or claim.refers_to, 1)
        if written is not None and referred is not None and referred <= written:
            gaps.append(written - referred)
    if not gaps:
        return {}
    return {"min": float(min(gaps)), "median": float(statistics.median(gaps)), "max": float(max(gaps)),
            "claims": float(len(gaps))}
