"""Walk TEI elements by local name, whatever namespace the file uses.

TEI files come in the TEI namespace or in none, with comments and processing
instructions among the elements; these helpers hide both, so the rest of the reader can
ask for "persName" and mean it. Tag names are cached because every walk asks for them at
every element.
"""

from __future__ import annotations

import re

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_WS = re.compile(r"[ \t\r\n]+")

_LOCAL: dict[object, str] = {}
_IN_TEI: dict[object, bool] = {}


def local(el: etree._Element) -> str:
    """The element's name without namespace ('' for comments and processing instructions)."""
    tag = el.tag
    try:
        return _LOCAL[tag]
    except KeyError:
        pass
    name = "" if not isinstance(tag, str) else tag.rsplit("}", 1)[-1] if tag[:1] == "{" else tag
    if len(_LOCAL) < 10000:
        _LOCAL[tag] = name
    return name


def is_tei(el: etree._Element) -> bool:
    """True for elements in the TEI namespace, or in none (TEI files without a namespace)."""
    tag = el.tag
    try:
        return _IN_TEI[tag]
    except KeyError:
        pass
    found = isinstance(tag, str) and (tag[:1] != "{" or tag.startswith("{" + TEI_NS + "}"))
    if len(_IN_TEI) < 10000:
        _IN_TEI[tag] = found
    return found


def kids(el: etree._Element, *names: str) -> list[etree._Element]:
    return [c for c in el if is_tei(c) and (not names or local(c) in names)]


def first(el: etree._Element | None, *names: str) -> etree._Element | None:
    if el is None:
        return None
    for c in el:
        if is_tei(c) and local(c) in names:
            return c
    return None


def find_all(el: etree._Element, *names: str) -> list[etree._Element]:
    """TEI descendants of `el` named one of `names`, in document order."""
    tags = [f"{{{TEI_NS}}}{n}" for n in names] + list(names)
    return [e for e in el.iter(*tags) if e is not el]


def path(el: etree._Element | None, *steps: str) -> etree._Element | None:
    for step in steps:
        el = first(el, step)
        if el is None:
            return None
    return el


def clean(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def plain(el: etree._Element | None, skip: tuple[str, ...] = ("note", "email")) -> str:
    """The element's text with whitespace collapsed, leaving out comments and `skip`ped parts."""
    if el is None:
        return ""
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.text and isinstance(e.tag, str):
            parts.append(e.text)
        for c in e:
            if is_tei(c) and local(c) not in skip:
                walk(c)
            if c.tail:
                parts.append(c.tail)

    walk(el)
    return clean("".join(parts))
