"""TEI dating attributes as EDTF dates with a certainty.

TEI states dates as ISO values in @when, @from/@to or @notBefore/@notAfter (or their
-iso and -custom variants), and hedges them with @cert, @evidence and @precision.
Converting them once, the same way, keeps the dates of the header, of correspDesc and of
the text comparable.
"""

from __future__ import annotations

import re

from lxml import etree

from testimonia.model import Certainty, DateValue
from testimonia.read.tei.elements import clean, first, plain

_POINT = re.compile(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[0-9:.+\-Z]*)?")


def edtf_point(value: str | None) -> str | None:
    """A TEI date attribute value (ISO 8601) as an EDTF day, month or year, or None."""
    if not value:
        return None
    m = _POINT.fullmatch(value.strip())
    if not m:
        return None
    year, month, day = m.groups()
    if not month or month == "00":
        return year
    if not 1 <= int(month) <= 12:
        return None
    if not day or day == "00":
        return f"{year}-{month}"
    if not 1 <= int(day) <= 31:
        return f"{year}-{month}"
    return f"{year}-{month}-{day}"


def _attr(el: etree._Element, name: str) -> str | None:
    return el.get(name) or el.get(name + "-iso") or el.get(name + "-custom")


def edtf_of(el: etree._Element, text: str = "") -> str | None:
    """EDTF for a TEI dating element: @when, @from/@to, @notBefore/@notAfter, else its text."""
    when = edtf_point(_attr(el, "when"))
    if when:
        return when
    for lo_name, hi_name in (("from", "to"), ("notBefore", "notAfter")):
        lo, hi = edtf_point(_attr(el, lo_name)), edtf_point(_attr(el, hi_name))
        if lo or hi:
            if lo == hi:
                return lo
            return f"{lo or '..'}/{hi or '..'}"
    return edtf_point(text) if text else None


def certainty_of(el: etree._Element) -> Certainty:
    cert = (el.get("cert") or "").lower()
    if cert in ("low", "medium", "unknown"):
        return "uncertain"
    evidence = (el.get("evidence") or "").lower()
    if evidence in ("conjecture", "external"):
        return "inferred"
    precision = (el.get("precision") or "").lower()
    if precision in ("low", "medium") or first(el, "precision") is not None:
        return "approximate"
    if (el.get("type") or "").lower() in ("approximate", "circa"):
        return "approximate"
    return "stated"


def date_value(el: etree._Element | None, text: str | None = None) -> DateValue | None:
    """A DateValue for a TEI date element; None when it gives neither text nor a date."""
    if el is None:
        return None
    written = clean(text) if text is not None else plain(el)
    edtf = edtf_of(el, written)
    if not written:
        written = edtf or ""
    if not written:
        return None
    calendar = (el.get("calendar") or el.get("datingMethod") or "").lstrip("#").lower()
    cal = "julian" if "julian" in calendar else "gregorian" if "gregorian" in calendar else None
    return DateValue(written, edtf, certainty_of(el), cal)
