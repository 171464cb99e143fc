"""Turning the parts of one match into an EDTF value, a certainty and a calendar.

The pattern says only where a date is and what its pieces are; whether those pieces make
a real day (no 31 June, no range that runs backwards, an Old Style pair that names one
day) is decided here, one small function per kind of date, each free to return None so
that the finder moves on. Keeping that judgement out of the regexes keeps them readable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from testimonia.model import Certainty
from testimonia.structure.dates.grammar import _FORMS, _KINDS
from testimonia.structure.dates.reckoning import _days_in_month, _julian_to_gregorian, resolve_two_digit_year
from testimonia.structure.dates.vocabulary import (
    _EN_DECADE_WORDS,
    _EN_SEASONS,
    _MONTH_NUMBER,
    _ROMAN,
    _RU_DECADE_STEMS,
    _RU_SEASONS,
    _SEASON_MONTHS,
)

_Parts = tuple[int | None, int | None, int | None, bool]  # year, month, day, year inferred
_Get = Callable[[str], "str | None"]
_Result = tuple[str, Certainty, "str | None"] | None


_FORM_RE = [re.compile(pattern) for pattern in _FORMS.values()]


def _year(token: str, context_year: int | None) -> tuple[int, bool]:
    if len(token) == 4:
        return int(token), False
    return resolve_two_digit_year(int(token[-2:]), context_year), True


def _month(token: str) -> int:
    if token in _ROMAN:
        return _ROMAN[token]
    if token.isdigit():
        return int(token)
    return _MONTH_NUMBER[token.lower().rstrip(".")]


def _parts(get: _Get, context_year: int | None) -> _Parts | None:
    y, m, d = get("y") or get("y2"), get("m"), get("d")
    year, inferred = _year(y, context_year) if y else (None, False)
    month = _month(m) if m else None
    day = int(d) if d else None
    if day is not None and day > _days_in_month(year or 2000, month or 1):
        return None
    return year, month, day, inferred


def _side(text: str, context_year: int | None) -> _Parts | None:
    """One side of a range (or of a circa) taken apart by the form that fits it whole."""
    for regex in _FORM_RE:
        m = regex.fullmatch(text)
        if m:
            return _parts(m.groupdict().get, context_year)
    return None


def _fmt(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _qualify(edtf: str, mark: str) -> str:
    return "/".join(side + mark for side in edtf.split("/"))



# ---------------------------------------------------------------------------- handlers
# Each takes the parts of one match (by name) and the context year, and returns
# (edtf, certainty, calendar), or None where the parts make no date.


def _simple(get: _Get, context_year: int | None) -> _Result:
    parts = _parts(get, context_year)
    if parts is None:
        return None
    year, month, day, inferred = parts
    if year is None:
        # "15 ноября" names a day only when the document says which year it is in.
        if context_year is None or month is None or day is None \
                or day > _days_in_month(context_year, month):
            return None
        return _fmt(context_year, month, day), "inferred", None
    return _fmt(year, month, day), "inferred" if inferred else "stated", None


def _numeric(get: _Get, context_year: int | None) -> _Result:
    """12/03/1947 or 12-03-47: day first unless only month first can be right."""
    first, second = int(get("d") or 0), int(get("m") or 0)
    if first <= 12 < second:  # "12/25/1946" can only be American
        return _simple({"d": str(second), "m": str(first), "y": get("y")}.get, context_year)
    found = _simple(get, context_year)
    if found is None or second > 12:
        return None
    if first <= 12 and first != second:  # either could be the month: the order is assumed
        return found[0], "inferred", None
    return found


def _interval(a: _Parts, b: _Parts) -> tuple[str, bool] | None:
    ya, ma, da, ia = a
    yb, mb, db, ib = b
    if yb is None:
        return None
    if ya is None:
        if ma is None:
            ma = mb
            if ma is None:
                return None
        # "December – January 1947": the first month closes the year before.
        ya = yb - 1 if mb is not None and (ma, da or 1) > (mb, db or 1) else yb
    if da is not None and da > _days_in_month(ya, ma or 1):
        return None
    if (ya, ma or 1, da or 1) > (yb, mb or 1, db or 1):
        return None
    return f"{_fmt(ya, ma, da)}/{_fmt(yb, mb, db)}", ia or ib


def _range(get: _Get, context_year: int | None) -> _Result:
    a, b = _side(get("a") or "", context_year), _side(get("b") or "", context_year)
    if a is None or b is None:
        return None
    found = _interval(a, b)
    if found is None:
        return None
    return found[0], "inferred" if found[1] else "stated", None


def _short_range(get: _Get, context_year: int | None) -> _Result:
    start, b = int(get("a") or 0), get("b") or ""
    end = int(b) if len(b) == 4 else start - start % 100 + int(b)
    if end <= start:
        return None
    return f"{start}/{end}", "stated", None


def _day_range(get: _Get, context_year: int | None) -> _Result:
    year, inferred = _year(get("y") or "", context_year)
    month, d1, d2 = _month(get("m") or ""), int(get("d1") or 0), int(get("d2") or 0)
    if not d1 < d2 <= _days_in_month(year, month):
        return None
    return (f"{_fmt(year, month, d1)}/{_fmt(year, month, d2)}",
            "inferred" if inferred else "stated", None)


def _double(julian: tuple[int, int, int], gregorian: tuple[int, int, int]) -> _Result:
    """An Old Style / New Style pair: keep the New Style day, check the two agree."""
    if julian[2] > _days_in_month(julian[0], julian[1]) \
            or gregorian[2] > _days_in_month(gregorian[0], gregorian[1]):
        return None
    agree = _julian_to_gregorian(*julian) == date(*gregorian)
    return _fmt(*gregorian), "stated" if agree else "uncertain", "julian"


def _os_days(get: _Get, context_year: int | None) -> _Result:
    year, month = int(get("y") or 0), _month(get("m") or "")
    return _double((year, month, int(get("d1") or 0)), (year, month, int(get("d2") or 0)))


def _os_day_months(get: _Get, context_year: int | None) -> _Result:
    year, m1, m2 = int(get("y") or 0), _month(get("m1") or ""), _month(get("m2") or "")
    # "19 декабря / 1 января 1918": the Old Style side still belongs to the year before.
    return _double((year - 1 if m1 > m2 else year, m1, int(get("d1") or 0)),
                   (year, m2, int(get("d2") or 0)))


def _os_full(get: _Get, context_year: int | None) -> _Result:
    a, b = _side(get("a") or "", context_year), _side(get("b") or "", context_year)
    if a is None or b is None or a[0] is None or b[0] is None:
        return None
    ya, ma, da, _ = a
    yb, mb, db, _ = b
    if ma is None or da is None or mb is None or db is None:
        return None
    found = _double((ya, ma, da), (yb, mb, db))
    # Two whole dates side by side are one double date only if they name the same day.
    return found if found and found[1] == "stated" else None


_PART_KEYS = {
    "early": "early", "beginning": "early", "start": "early", "начале": "early",
    "начало": "early", "начала": "early", "mid": "mid", "middle": "mid", "середине": "mid",
    "середина": "mid", "середины": "mid", "late": "late", "end": "late", "close": "late",
    "конце": "late", "конец": "late", "конца": "late", "first half": "h1",
    "первой половине": "h1", "первая половина": "h1", "second half": "h2",
    "второй половине": "h2", "вторая половина": "h2",
}
_DECADE_PARTS = {None: (0, 9), "early": (0, 3), "mid": (4, 6), "late": (7, 9), "h1": (0, 4),
                 "h2": (5, 9)}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "h1": (1, 6), "h2": (7, 12)}
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31), "h1": (1, 15),
                "h2": (16, 31)}
_PART_NOISE = {"в", "во", "the", "of", "-"}


def _part(token: str | None) -> str | None:
    if not token:
        return None
    words = token.lower().replace("-", " ").split()
    return _PART_KEYS[" ".join(w for w in words if w not in _PART_NOISE)]


def _decade_start(digits: str, context_year: int | None, after: int | None = None) -> int:
    if len(digits) == 4:
        return int(digits)
    if after is not None:  # "1930—40-е": the second decade is in the first one's century
        return after - after % 100 + int(digits)
    return resolve_two_digit_year(int(digits), context_year)


def _decade(get: _Get, context_year: int | None) -> _Result:
    digits = get("d4") or get("dec") or get("d2")
    if digits:
        start = _decade_start(digits, context_year)
    else:
        word = (get("w") or get("w2") or "").lower()
        start = resolve_two_digit_year(
            _EN_DECADE_WORDS.get(word) or _RU_DECADE_STEMS[word.rstrip("ыхмие")], context_year)
    second = get("e4") or get("e2") or get("dec2")
    end = _decade_start(second, context_year, start) if second else start
    if end < start:
        return None
    low, high = _DECADE_PARTS[_part(get("p"))]
    return f"{start + low}/{end + high}", "approximate", None


def _year_part(get: _Get, context_year: int | None) -> _Result:
    part = _part(get("p") or get("p2") or get("p3"))
    parts = _side(get("x") or "", context_year)
    if part is None or parts is None or parts[0] is None:
        return None
    year, month = parts[0], parts[1]
    if month is None:
        low, high = _YEAR_PARTS[part]
        return f"{_fmt(year, low)}/{_fmt(year, high)}", "approximate", None
    low, high = _MONTH_PARTS[part]
    high = min(high, _days_in_month(year, month))
    return f"{_fmt(year, month, low)}/{_fmt(year, month, high)}", "approximate", None


def _season(get: _Get, context_year: int | None) -> _Result:
    word = (get("s") or "").lower()
    season = _EN_SEASONS.get(word) or _RU_SEASONS[word]
    year, inferred = _year(get("y") or "", context_year)
    certainty: Certainty = "inferred" if inferred else "stated"
    y2 = get("y2")
    if y2:
        second = int(y2) if len(y2) == 4 else year - year % 100 + int(y2)
        if season != "winter" or second != year + 1:
            return None
        return f"{year}-12/{second}-02", certainty, None
    if season == "winter":
        return f"{year - 1}-12/{year + 1}-02", "approximate", None
    low, high = _SEASON_MONTHS[season]
    return f"{_fmt(year, low)}/{_fmt(year, high)}", certainty, None


_HANDLERS: dict[str, Callable[[_Get, int | None], _Result]] = {
    "ayear": _simple, "r_from": _range, "decade_en": _decade, "decade_en_word": _decade,
    "decade_ru": _decade, "decade_ru_word": _decade, "part_en": _year_part,
    "part_ru": _year_part, "season": _season, "os_full": _os_full, "os_dm": _os_day_months,
    "os_d": _os_days, "os_md": _os_days, "r_days_dmy": _day_range, "r_days_mdy": _day_range,
    "iso": _simple, "r_dash": _range, "r_short": _short_range, "dmy": _simple, "mdy": _simple,
    "num": _simple, "slash": _numeric, "dash": _numeric, "roman": _simple, "cueyear": _simple,
    "gyear": _simple, "pyear": _simple,
}
assert set(_HANDLERS) == {*_KINDS, "cueyear", "gyear", "pyear"}
