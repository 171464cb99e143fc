"""Building TEI with lxml: names in the TEI namespace, ids that are valid NCNames, safe text.

Text from documents is untrusted and may hold characters XML cannot carry (most C0 control
characters); they are replaced here, at the one place text enters the tree, so that every
exported file is well-formed.
"""

from __future__ import annotations

import re

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
XML_SPACE = f"{{{XML_NS}}}space"
TEI_MEDIA_TYPE = "application/tei+xml"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NCNAME = re.compile(r"[A-Za-z_][\w.\-]*")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


def tei(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def xml_safe(text: str) -> str:
    """The text with characters that XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def sub(parent: etree._Element, tag: str, text: str | None = None,
        **attrs: str | None) -> etree._Element:
    """A TEI child element; attributes whose value is None are left out."""
    el = etree.SubElement(parent, tei(tag))
    for name, value in attrs.items():
        if value is not None:
            el.set(name, xml_safe(value))
    if text:
        el.text = xml_safe(text)
    return el


def element(tag: str, **attrs: str | None) -> etree._Element:
    el = etree.Element(tei(tag), nsmap={None: TEI_NS})
    for name, value in attrs.items():
        if value is not None:
            el.set(name, xml_safe(value))
    return el


def add_text(parent: etree._Element, text: str) -> None:
    """Append text after the last child of `parent` (or to its text when it has none)."""
    if not text:
        return
    text = xml_safe(text)
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def is_ncname(value: str | None) -> bool:
    return bool(value) and _NCNAME.fullmatch(value or "") is not None and ":" not in (value or "")


def language_tag(value: str | None) -> str | None:
    """The value if it can stand in @xml:lang / @ident (a BCP 47 shape), else None."""
    return value if value and _LANGUAGE.fullmatch(value) else None


class Ids:
    """Hands out xml:ids unique within one file, keeping the wanted one where it is free."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str | None, fallback: str) -> str:
        candidate = wanted if is_ncname(wanted) and wanted not in self.used else None
        if candidate is None:
            candidate, n = fallback, 1
            while candidate in self.used:
                n += 1
                candidate = f"{fallback}-{n}"
        self.used.add(candidate)
        return candidate


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
