"""Who wrote to whom and who is mentioned with whom, as one graph of correspondents and people."""

from __future__ import annotations

from dataclasses import dataclass, field

from testimonia.correspondence.records import Correspondent, CorrespondentPair, LetterEdge


@dataclass
class NetworkNode:
    """A correspondent or a much-mentioned person."""

    key: str
    name: str
    sent: int = 0
    received: int = 0
    mentions: int = 0

    @property
    def entity_id(self) -> str | None:
        return None if self.key.startswith("name:") else self.key


@dataclass(frozen=True)
class MentionEdge:
    """Two entries mentioned in the same documents, and in how many."""

    a: str
    b: str
    documents: int


@dataclass
class Network:
    nodes: list[NetworkNode] = field(default_factory=list)
    letters: list[LetterEdge] = field(default_factory=list)
    mentioned_with: list[MentionEdge] = field(default_factory=list)


def pairs_from_edges(edges: list[LetterEdge]) -> list[CorrespondentPair]:
    """Directed letter counts folded into pairs, most letters first."""
    pairs: dict[tuple[str, str], CorrespondentPair] = {}
    for edge in edges:
        a, b = sorted((edge.sender, edge.addressee), key=lambda c: c.key)
        known = pairs.get((a.key, b.key)) or CorrespondentPair(a, b, 0, 0, None, None)
        forward = edge.sender.key == a.key
        pairs[(a.key, b.key)] = CorrespondentPair(
            a, b, known.a_to_b + (edge.letters if forward else 0),
            known.b_to_a + (0 if forward else edge.letters),
            _earlier(known.first, edge.first), _later(known.last, edge.last))
    return sorted(pairs.values(), key=lambda p: (-p.letters, p.a.name, p.b.name))


def build_network(edges: list[LetterEdge], mentioned: list[tuple[str, str, int]],
                  mention_counts: dict[str, int], names: dict[str, str], together: int = 60) -> Network:
    """Join the letter edges and the `together` strongest co-mention edges over one set of nodes."""
    nodes: dict[str, NetworkNode] = {}

    def node(correspondent: Correspondent) -> NetworkNode:
        return nodes.setdefault(correspondent.key, NetworkNode(correspondent.key, correspondent.name))

    for edge in edges:
        node(edge.sender).sent += edge.letters
        node(edge.addressee).received += edge.letters
    for key, count in mention_counts.items():
        node(Correspondent(key, names.get(key, key))).mentions = count
    mention_edges = [MentionEdge(a, b, n) for a, b, n in mentioned if a in nodes and b in nodes][:together]
    ordered = sorted(nodes.values(), key=lambda n: (-(n.sent + n.received), -n.mentions, n.name))
    return Network(ordered, edges, mention_edges)


def _earlier(first: str | None, second: str | None) -> str | None:
    return min(d for d in (first, second) if d) if first or second else None


def _later(first: str | None, second: str | None) -> str | None:
    return max(d for d in (first, second) if d) if first or second else None
