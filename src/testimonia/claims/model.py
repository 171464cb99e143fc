"""Claims and the relations between them: factoids tied to the passage that makes them.

A claim is what one source says, in its own words, at one place in its text: a quotation, a
quantity, an event about a person, or a judgement of someone's credibility. Sources that
disagree both keep their word; weighing adds relations between claims, never edits them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ClaimKind = Literal["quotation", "quantity", "event", "judgement"]
CLAIM_KINDS: tuple[str, ...] = ("quotation", "quantity", "event", "judgement")

RELATION_KINDS: tuple[str, ...] = ("corroborates", "contradicts", "repeats")
RELATION_STATUSES: tuple[str, ...] = ("proposed", "confirmed", "rejected")

EVENT_TYPES: tuple[str, ...] = ("arrest", "sentence", "exile", "camp", "release", "death",
                                "rehabilitation", "emigration")
POLARITIES: tuple[str, ...] = ("discredits", "corroborates", "dependent", "important", "partial")
STANCES: tuple[str, ...] = ("endorses", "doubts", "refutes", "neutral")


@dataclass
class Actor:
    """Someone a claim names: as the text names them, linked to the register where known."""

    name: str
    entity_id: str | None = None


@dataclass
class Claim:
    """One claim, anchored to `start`/`end` in its source's text.

    Only the fields of its kind are filled; the others stay None. `reported_by` is the id of
    the claim layer above (A reports that B says X: the quotation of B is reported by A's
    claim); `stance` is how the reporting layer holds it.
    """

    kind: str
    start: int
    end: int
    text: str
    source_id: str | None = None
    document_id: str | None = None
    witness: Actor | None = None
    # quotations
    speaker: Actor | None = None
    cited_work: str | None = None
    # quantities
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    counts: str | None = None
    share_of: str | None = None
    refers_to: str | None = None  # EDTF
    # events
    event_type: str | None = None
    subject: Actor | None = None
    date: str | None = None  # EDTF
    place: str | None = None
    # judgements
    judge: Actor | None = None
    judged: Actor | None = None
    polarity: str | None = None
    # nested attribution
    reported_by: str | None = None
    stance: str | None = None
    confidence: float = 1.0
    found_by: str = "rule"
    id: str | None = None
    written: str | None = None  # EDTF of the document that makes the claim, for weighing
    vantage: str | None = None  # eyewitness / hearsay where the passage shows it

    @property
    def entity_ids(self) -> set[str]:
        actors = (self.speaker, self.subject, self.judged)
        return {a.entity_id for a in actors if a is not None and a.entity_id}


@dataclass
class ClaimRelation:
    """How claim_b stands to claim_a: corroborates, contradicts or repeats it, and why."""

    claim_a: str
    claim_b: str
    relation: str
    score: float
    why: str
    status: str = "proposed"
    id: str | None = None
    decided_by: str = "system"


@dataclass
class SourceDependency:
    """Source `source_id` depends on `depends_on` (quotes, cites or copies it)."""

    source_id: str
    depends_on: str
    reason: str
    score: float = 1.0


@dataclass
class ClaimFilter:
    """What `Store.claims` narrows to; every field optional."""

    kind: str | None = None
    source_id: str | None = None
    document_id: str | None = None
    entity_id: str | None = None  # witness, speaker, subject, judge or judged
    limit: int | None = None
    offset: int = 0
    ids: list[str] = field(default_factory=list)
    reported_by: list[str] = field(default_factory=list)  # claims nested in these quotations
