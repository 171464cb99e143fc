"""The earliest and latest day an EDTF value covers, for sorting and filtering.

The store asks this of every date it holds, and the `edtf` package takes milliseconds a
parse, so the forms this package writes are bounded here by hand and only the rare rest
goes to the package; it needs none of the patterns that read dates from text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from testimonia.structure.dates.reckoning import _days_in_month

_EDTF_SIDE = re.compile(r"(?P<y>[\dX]{4})(?:-(?P<m>[\dX]{2})(?:-(?P<d>[\dX]{2}))?)?")
_EDTF_QUALIFIERS = str.maketrans("", "", "~?%")
_CODE_SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11)}


def _digits(token: str, low: int, high: int) -> tuple[int, int]:
    return max(int(token.replace("X", "0")), low), min(int(token.replace("X", "9")), high)


def _side_bounds(side: str) -> tuple[str | None, str | None] | None:
    """Earliest and latest day of one EDTF date, or None when it is beyond this reader."""
    m = _EDTF_SIDE.fullmatch(side.translate(_EDTF_QUALIFIERS))
    if m is None:
        return None
    if m["y"] == "XXXX":  # no year at all: nothing to sort or filter by
        return None, None
    y_lo, y_hi = _digits(m["y"], 0, 9999)
    if m["m"] is None:
        return f"{y_lo:04d}-01-01", f"{y_hi:04d}-12-31"
    if m["m"].isdigit() and int(m["m"]) > 12:
        code = int(m["m"])
        if m["d"] is not None or y_lo != y_hi or code not in (*_CODE_SEASONS, 24):
            return None
        if code == 24:  # winter: December and the two months that follow it
            return f"{y_lo:04d}-12-01", f"{y_lo + 1:04d}-02-{_days_in_month(y_lo + 1, 2):02d}"
        low, high = _CODE_SEASONS[code]
        return (f"{y_lo:04d}-{low:02d}-01",
                f"{y_lo:04d}-{high:02d}-{_days_in_month(y_lo, high):02d}")
    m_lo, m_hi = _digits(m["m"], 1, 12)
    if m_lo > m_hi:
        raise ValueError(f"no such month in EDTF {side!r}")
    if m["d"] is None:
        return (f"{y_lo:04d}-{m_lo:02d}-01",
                f"{y_hi:04d}-{m_hi:02d}-{_days_in_month(y_hi, m_hi):02d}")
    d_lo, _ = _digits(m["d"], 1, 31)
    _, d_hi = _digits(m["d"], 1, _days_in_month(y_hi, m_hi))
    if "X" not in m["d"] and "X" not in m["m"] + m["y"] \
            and d_lo > _days_in_month(y_lo, m_lo):
        raise ValueError(f"no such day in EDTF {side!r}")
    if d_lo > d_hi:
        raise ValueError(f"no such day in EDTF {side!r}")
    return f"{y_lo:04d}-{m_lo:02d}-{d_lo:02d}", f"{y_hi:04d}-{m_hi:02d}-{d_hi:02d}"


def _iso(value: object) -> str | None:
    if isinstance(value, float):  # the edtf package's +/- infinity for an open end
        return None
    year, month, day = value[:3]  # type: ignore[index]
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


@lru_cache(maxsize=16384)
def edtf_bounds(edtf: str) -> tuple[str | None, str | None]:
    """Earliest and latest ISO day an EDTF value covers, None for an open or unknown end.

    Sorting and filtering call this for every stored date, and the `edtf` package takes
    milliseconds a parse, so the forms this module writes (days, months, years, "193X",
    qualifiers, seasons 21-24, intervals with open ends) are computed here; anything else
    (sets, long years, level-2 seasons) goes to `edtf.parse_edtf`. Qualifiers do not widen
    the bounds. Raises ValueError for what is not EDTF.
    """
    value = edtf.strip()
    if "/" in value and not value.startswith(("[", "{")):
        left, _, right = value.partition("/")
        sides = [None if s in ("", "..") else _side_bounds(s) for s in (left, right)]
        if all(s is not None or raw in ("", "..") for s, raw in zip(sides, (left, right),
                                                                     strict=True)):
            low = sides[0][0] if sides[0] else None
            high = sides[1][1] if sides[1] else None
            if low and high and low > high:
                raise ValueError(f"interval ends before it begins: {edtf!r}")
            return low, high
    else:
        bounds = _side_bounds(value)
        if bounds is not None:
            return bounds
    return _edtf_package_bounds(value)


def _edtf_package_bounds(value: str) -> tuple[str | None, str | None]:
    from edtf import parse_edtf  # imported late: it costs a quarter-second to load

    try:
        parsed = parse_edtf(value)
        return _iso(parsed.lower_strict()), _iso(parsed.upper_strict())
    except Exception as exc:  # the package raises several kinds on bad input
        raise ValueError(f"not an EDTF date: {value!r}") from exc
