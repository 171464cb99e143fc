"""The calendar arithmetic that reading dates and bounding them both need.

Which century a two-digit year belongs to, how long a month is and which Gregorian day an
Old Style date names are facts about the calendar, not about how dates are written: kept
here, the handlers and the EDTF bounds share one definition of each, and the one
judgement among them, `resolve_two_digit_year`, is easy to find and to change.
"""

from __future__ import annotations

from datetime import date


def resolve_two_digit_year(yy: int, context_year: int | None) -> int:
    """The full year a writer meant by "’27" or "30-е".

    Letters and diaries look back far more than forward, so of the years ending in `yy` the
    one nearest the context year wins, a year after it counting four times its distance
    (with context 1946: "’46" is 1946, "’27" 1927, "’60" 1960, "’70" 1870). Without context
    the 1900s are assumed: the century of nearly all the repression this archive documents.
    """
    if not 0 <= yy <= 99:
        raise ValueError(f"not a two-digit year: {yy}")
    if context_year is None:
        return 1900 + yy
    base = context_year - context_year % 100
    candidates = (base - 100 + yy, base + yy, base + 100 + yy)
    return min(candidates, key=lambda y: (context_year - y if y <= context_year
                                          else 4 * (y - context_year), y))


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _julian_to_gregorian(year: int, month: int, day: int) -> date:
    a = (14 - month) // 12
    y, m = year + 4800 - a, month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    return date.fromordinal(jdn - 1721425)
