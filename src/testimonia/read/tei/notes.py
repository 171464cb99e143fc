"""Which note each pointer leads to, across the whole file.

TEI ties a note to its place in several ways: the note inline, a <ref target="#n1">
marker in the text, a note in the back or standOff whose @target or @corresp names an
anchor. The index of ids and pointers is built once over the whole file, before the text
is written, so that each note can be anchored wherever its marker stands; markers that
point to a note the file lacks are kept, to be reported.
"""

from __future__ import annotations

import re

from lxml import etree

from testimonia.read.tei.elements import XML_ID, is_tei, local, plain


class _Notes:
    """Pointers, anchors and the notes they lead to, across the whole file."""

    def __init__(self, root: etree._Element) -> None:
        self.ids: dict[str, etree._Element] = {}
        for el in root.iter(etree.Element):
            xml_id = el.get(XML_ID)
            if xml_id and xml_id not in self.ids:
                self.ids[xml_id] = el
        self.pointers: dict[etree._Element, list[etree._Element]] = {}
        self.missing: list[tuple[etree._Element, str]] = []
        for ptr in root.iter(etree.Element):
            if local(ptr) not in ("ref", "ptr") or not is_tei(ptr):
                continue
            target = (ptr.get("target") or "").split()
            if len(target) != 1 or not target[0].startswith("#"):
                continue
            found = self.ids.get(target[0][1:])
            if found is not None and local(found) == "note":
                self.pointers.setdefault(found, []).append(ptr)
            elif found is None and _looks_like_marker(ptr, target[0]):
                self.missing.append((ptr, target[0][1:]))

    def target_of(self, note: etree._Element) -> tuple[etree._Element | None, str]:
        """The element a note's @target (or @corresp) names, and which attribute named it."""
        for attr in ("target", "corresp"):
            for value in (note.get(attr) or "").split():
                found = self.ids.get(value.lstrip("#"))
                if found is not None and found is not note:
                    return found, attr
        return None, ""


def _looks_like_marker(ptr: etree._Element, target: str) -> bool:
    label = plain(ptr)
    kind = (ptr.get("type") or "").lower()
    return ("note" in kind or "fn" in kind or re.match(r"#?(note|fn|ftn|n)\W?\d", target, re.I)
            is not None or (local(ptr) == "ref" and bool(re.fullmatch(r"[\d*†‡a-z]{1,4}", label))))


def _back_notes(el: etree._Element) -> list[etree._Element]:
    """Notes of back matter and standOff, leaving register entries alone."""
    out: list[etree._Element] = []
    for c in el:
        if not isinstance(c.tag, str) or not is_tei(c):
            continue
        name = local(c)
        if name == "note":
            out.append(c)
        elif not (name.startswith("list") or name in ("person", "place", "org", "bibl",
                                                       "biblStruct", "event", "teiHeader")):
            out.extend(_back_notes(c))
    return out
