"""Which tagged names count as mentions, and of what kind of entity.

A tagged name is worth keeping as a mention only when it says what it names. persName,
placeName, orgName and title always do; rs and name do through their @type, or through a
key that a register entry can type later; settlement, country and the other geographic
elements only when they carry a key.
"""

from __future__ import annotations

from lxml import etree

from testimonia.read.tei.keys import entity_type_for

_MENTION_ALWAYS = {"persName": "person", "placeName": "place", "orgName": "organisation",
                   "title": "work"}
_MENTION_TYPED = {"rs", "name"}
_MENTION_KEYED = {"geogName": "place", "settlement": "place", "country": "place",
                  "region": "place", "district": "place", "bloc": "place"}


def _mention_type(el: etree._Element, name: str) -> str | None:
    if name in _MENTION_ALWAYS:
        return _MENTION_ALWAYS[name]
    has_ref = bool(el.get("ref") or el.get("key"))
    if name in _MENTION_TYPED:
        kind = el.get("type")
        if kind:
            return entity_type_for(kind)
        return "other" if has_ref else None
    if name in _MENTION_KEYED and has_ref:
        return _MENTION_KEYED[name]
    return None
