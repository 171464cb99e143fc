"""Dates and certainty as TEI attributes (@when, @notBefore/@notAfter, @cert, @evidence).

TEI's dating attributes take ISO days, months and years; testimonia keeps EDTF, which
says more (seasons, "193X", qualifiers). A date TEI can state exactly goes in @when (or
in @notBefore/@notAfter for an interval of such dates); anything else goes in as the span
of days it covers. Certainty follows CMIF 1.1's vocabulary, which the TEI reader reads back:
inferred → @evidence="conjecture", uncertain → @cert="low".
"""

from __future__ import annotations

import re

from testimonia.model import DateValue
from testimonia.structure.dates import edtf_bounds

_ISO_POINT = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


def _iso_point(value: str) -> bool:
    return _ISO_POINT.fullmatch(value) is not None


def dating_attributes(edtf: str | None) -> dict[str, str]:
    """@when or @notBefore/@notAfter for an EDTF value; empty when it cannot be bounded."""
    if not edtf:
        return {}
    if _iso_point(edtf):
        return {"when": edtf}
    if _iso_point(edtf.rstrip("~?%")):  # "1946~": the certainty says how sure, the day stays
        return {"when": edtf.rstrip("~?%")}
    left, slash, right = edtf.partition("/")
    if slash and all(_iso_point(s) or s in ("", "..") for s in (left, right)) and (
            _iso_point(left) or _iso_point(right)):
        out = {}
        if _iso_point(left):
            out["notBefore"] = left
        if _iso_point(right):
            out["notAfter"] = right
        return out
    try:
        low, high = edtf_bounds(edtf)
    except ValueError:
        return {}
    out = {}
    if low and _iso_point(low):
        out["notBefore"] = low
    if high and _iso_point(high):
        out["notAfter"] = high
    if out.get("notBefore") and out.get("notBefore") == out.get("notAfter"):
        return {"when": out["notBefore"]}
    return out


def certainty_attributes(certainty: str | None) -> dict[str, str]:
    if certainty == "inferred":
        return {"evidence": "conjecture"}
    if certainty == "uncertain":
        return {"cert": "low"}
    return {}


def date_attributes(value: DateValue) -> dict[str, str]:
    """Every attribute a TEI <date> carries for this value (calendar included)."""
    attrs = {**dating_attributes(value.edtf), **certainty_attributes(value.certainty)}
    if value.certainty == "approximate":
        attrs["precision"] = "low"
    if value.calendar in ("julian", "gregorian"):
        attrs["calendar"] = f"#{value.calendar}"
    return attrs
