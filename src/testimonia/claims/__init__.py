"""Claims: what testimony asserts (quotations, quantities, events, judgements of credibility),
and how the claims of different sources weigh against one another. See docs/claims.md."""

from testimonia.claims.model import Actor, Claim, ClaimFilter, ClaimRelation, SourceDependency

__all__ = ["Actor", "Claim", "ClaimFilter", "ClaimRelation", "SourceDependency"]
