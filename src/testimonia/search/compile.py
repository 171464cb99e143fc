"""Shared steps of answering a query: parse, expand names, build filters' day numbers.

An engine turns the expanded tree into its own query; everything before that is here, so the
engines answer the same question.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from testimonia.errors import BadQuery
from testimonia.search.base import SearchQuery
from testimonia.search.name_lexicon import NameLexicon
from testimonia.search.query import And, Node, Or, Phrase, Prefix, Word, parse_query

MAX_LIMIT = 1000
_ISO_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Expanded:
    """A parsed query whose name words carry their other spellings."""

    tree: Node | None
    expansions: list[str]


def day_number(iso: str | None, side: str = "start") -> int | None:
    """"1946-07-06" -> 19460706, a sortable integer both engines can range over.

    A year or a month stands for its first day (side "start") or its last ("end"); anything
    else gives None.
    """
    if not iso:
        return None
    match = _ISO_DAY.fullmatch(iso.strip())
    if not match:
        return None
    year, month, day = match.groups()
    if not month:
        month, day = ("01", "01") if side == "start" else ("12", "31")
    elif not day:
        if not 1 <= int(month) <= 12:
            return None
        day = "01" if side == "start" else f"{calendar.monthrange(int(year), int(month))[1]:02d}"
    return int(year) * 10000 + int(month) * 100 + int(day)


def check_paging(query: SearchQuery) -> None:
    if not 1 <= query.limit <= MAX_LIMIT:
        raise BadQuery(f"limit {query.limit}: give a number from 1 to {MAX_LIMIT}")
    if query.offset < 0:
        raise BadQuery(f"offset {query.offset}: must not be negative")
    for name, value in (("from", query.date_from), ("to", query.date_to)):
        if value and day_number(value) is None:
            raise BadQuery(f"{name} date {value!r}: write YYYY, YYYY-MM or YYYY-MM-DD")


def expand(query: SearchQuery, lexicon: NameLexicon) -> Expanded:
    """Parse the query text and, if asked, add other spellings of each bare word as alternatives."""
    tree = parse_query(query.text)
    if tree is None or not query.fuzzy_names:
        return Expanded(tree, [])
    added: list[str] = []

    def walk(node: Node) -> Node:
        if isinstance(node, Word):
            forms = lexicon.expand(node.text)
            if not forms:
                return node
            added.extend(f for f in forms if f not in added)
            return Or((node, *(Word(f) for f in forms)))
        if isinstance(node, And):
            return And(tuple(walk(k) for k in node.keep), node.drop)
        if isinstance(node, Or):
            return Or(tuple(walk(e) for e in node.either))
        return node

    return Expanded(walk(tree), added)


def words_of(node: Node | None) -> list[Word | Phrase | Prefix]:
    """Every leaf of a tree (exclusions included), for engines that highlight by term."""
    if node is None:
        return []
    if isinstance(node, And):
        return [leaf for child in (*node.keep, *node.drop) for leaf in words_of(child)]
    if isinstance(node, Or):
        return [leaf for child in node.either for leaf in words_of(child)]
    return [node]
