"""The public readers: `find_dates` for running text, `parse_date` for a date field.

Both run the one finder pattern and the handlers, but they trust their input differently:
running text is long and full of numbers that are not dates, so it is scanned in windows
around digits and a bare year needs a cue, while a field is short and meant to hold a
date, so it is taken whole. What turns a match into a DateValue (its offsets, an editor's
brackets, a doubting question mark, an Old or New Style mark) is shared here by both.
"""

from __future__ import annotations

import re
from functools import cache

from testimonia.model import DateValue
from testimonia.structure.dates.grammar import _FORMS, _finder
from testimonia.structure.dates.handlers import _HANDLERS, _fmt, _qualify, _simple, _year
from testimonia.structure.dates.vocabulary import _Y


@cache
def _group_numbers() -> dict[str, tuple[tuple[str, int], ...]]:
    """For each kind, its parts' names and their group numbers in the finder."""
    numbers: dict[str, list[tuple[str, int]]] = {}
    for full, number in _finder().groupindex.items():
        kind, _, name = full.partition("__")
        if name:
            numbers.setdefault(kind, []).append((name, number))
    return {kind: tuple(numbers.get(kind, ())) for kind in _HANDLERS}


_DAY_FORMS = [re.compile(_FORMS[name] + r"(?![-‐‑‒–—―/]?\d)")
              for name in ("dmy", "mdy", "num", "roman", "iso")]
_WHOLE_YEAR = re.compile(_Y)
_QUICK = [re.compile(_FORMS[name]) for name in ("dmy", "mdy", "num", "roman", "iso", "year")]
# What may stand around a date that parse_date is given: brackets, quotes, punctuation.
_STRIP = re.compile(r"[\s()\[\]«»\"“”„*#_.,:;!?–—-]*")
_LEAD = re.compile(r"[\s()\[\]«»\"“”„*#_.,:;–—-]*"
                   r"(?:(?:[Ii]n|[Oo]n|[Ss]ince|[Uu]ntil|[Dd]uring|[Вв]о?)\s+)?"
                   r"(?:[Tt]he\s+)?(?:[Yy]ear\s+)?")
# Every date holds an ASCII digit or a decade word ("the thirties", "тридцатые годы"):
# these cover all of those words as they are written and declined.
_DIGITS = re.compile(r"[0-9]+")
_DECADE_NEEDLES = ("ties", "дцат", "десят", "ороков", "евяност")
# A date starts at most this far before its first digit ("approximately in the beginning of
# the year 1946") and ends at most this far after it ("6 July 1946 to Thursday, 8 August
# 1947"); a reading that ends within the margin of the window is read again in full.
_LOOKBACK, _REACH, _MARGIN = 80, 80, 30
_DOUBT = re.compile(r"\s*(?:\?|\(\?\)|\[\?\])")
_JULIAN_MARK = re.compile(r"O\.|o\.|[Oo]ld|старому|ст\.\s?ст\.")

# Kinds that keep an English "in" before them, as in "in the late 1930s".
_SPANS = frozenset({"decade_en", "decade_en_word", "part_en"})


def _read(text: str, m: re.Match[str], context_year: int | None) -> DateValue | None:
    """The DateValue for one finder match, or None when its parts make no date."""
    kind = m.lastgroup or ""
    start, end = m.start(), m.end(kind)
    if m.start("cue") >= 0 and text[start].isascii() and kind not in _SPANS:
        start = m.end("cue")
    group = m.group
    parts = {name: group(index) for name, index in _group_numbers()[kind]}
    found = _HANDLERS[kind](parts.get, context_year)
    if found is None:
        return None
    edtf, certainty, calendar = found
    if m.start("circa") >= 0:
        edtf, certainty = _qualify(edtf, "~"), "approximate"
    stop = max(m.end(), end)
    if stop > end:
        suffix = text[end:stop]
        if "?" in suffix:
            edtf = _qualify(edtf.replace("~", ""), "%" if "~" in edtf else "?")
            certainty = "uncertain"
        if suffix.strip(" ,?()[]\t\xa0"):
            calendar = "julian" if _JULIAN_MARK.search(suffix) else "gregorian"
    if start and text[start - 1] == "[" and text[stop:stop + 1] == "]" and certainty == "stated":
        certainty = "inferred"  # an editor's square brackets: a date supplied, not written
    return DateValue(text=text[start:stop], edtf=edtf, certainty=certainty, calendar=calendar,
                     start=start, end=stop)


def _fallback(text: str, m: re.Match[str], context_year: int | None) -> DateValue | None:
    """A single day where the longest reading made no date.

    "6 July 1946 / 7 July 1946" reads as a double date until its days prove not to be one;
    then the first day still stands on its own.
    """
    start = m.start(m.lastgroup or 0)
    for regex in _DAY_FORMS:
        day = regex.match(text, start)
        if day is not None:
            found = _simple(day.groupdict().get, context_year)
            if found is not None and day.group("d"):
                return DateValue(text=day.group(), edtf=found[0], certainty=found[1],
                                 start=start, end=day.end())
    return None



def find_dates(text: str, *, context_year: int | None = None) -> list[DateValue]:
    """Every date expression in running text, in order, with offsets into `text`.

    One precompiled pattern reads every kind of date; where several readings start at the
    same place the longest comes first in it, so "July 6–8, 1946" is one range and not
    "July 6". Matches never overlap. `context_year` (the document's year, where known)
    supplies the century of "’27" and the year of "15 ноября".

    Every date holds a digit or a decade word, so the pattern is run only in a window
    around each of those (found by fast scans), not over the whole text: prose without
    numbers costs next to nothing, and the time grows linearly with the text.
    """
    found: list[DateValue] = []
    search = _finder().search
    size = len(text)
    pos = 0
    for low, high in _windows(text):
        low = max(low, pos)
        while low < high:
            if high >= size:
                m = search(text, low)
            else:
                m = search(text, low, high)
                if m is not None and m.end() > high - _MARGIN:
                    m = search(text, low)  # it may run past the window: read it whole
            if m is None:
                break
            value = _read(text, m, context_year) or _fallback(text, m, context_year)
            if value is None:
                low = m.start() + 1
                continue
            found.append(value)
            low = pos = value.end or m.end()
    return found


def _windows(text: str) -> list[tuple[int, int]]:
    """The stretches around digits and decade words where dates can be, merged, in order."""
    if len(text) <= _LOOKBACK + _REACH:  # a line: one window, if any date can be in it
        if _DIGITS.search(text) or any(needle in text for needle in _DECADE_NEEDLES):
            return [(0, len(text))]
        return []
    spans = [m.span() for m in _DIGITS.finditer(text)]
    digits = len(spans)
    for needle in _DECADE_NEEDLES:
        at = text.find(needle)
        while at >= 0:
            spans.append((at, at + len(needle)))
            at = text.find(needle, at + 1)
    if len(spans) > digits:
        spans.sort()
    windows: list[tuple[int, int]] = []
    for first, last in spans:
        low, high = max(first - _LOOKBACK, 0), last + _REACH
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
    return windows


def parse_date(text: str, *, context_year: int | None = None) -> DateValue | None:
    """The date a short string states, or None if the string is something else.

    For fields that should hold a date (a dateline, a header's date, a catalogue entry):
    the string may add only punctuation, brackets and a preposition ("in", "в") to the date,
    and a bare year or "’46" counts here although it would not in running text. Datelines
    with a place ("Москва, 12.III.1947") are for `find_dates`. `text` is the date as written
    without what surrounds it; start/end are left unset: they locate a date in a source's
    text, which this string need not be.
    """
    if not text or len(text) > 200:
        return None
    core = text.strip()
    for regex in _QUICK:  # the common shapes alone, without the finder's many others
        quick = regex.fullmatch(core)
        if quick is not None:
            found = _simple(quick.groupdict().get, context_year)
            if found is not None:
                return DateValue(text=core, edtf=found[0], certainty=found[1])
            break
    m = _finder().search(text)
    value = _read(text, m, context_year) if m is not None else None
    if value is not None and not (_LEAD.fullmatch(text, 0, value.start or 0)
                                  and _STRIP.fullmatch(text, value.end or 0)):
        value = None
    if value is None:
        lead = _LEAD.match(text)
        y = _WHOLE_YEAR.match(text, lead.end() if lead else 0)
        if y is None or not _STRIP.fullmatch(text, y.end()):
            return None
        year, inferred = _year(y["y"], context_year)
        value = DateValue(text=y.group(), edtf=_fmt(year),
                          certainty="inferred" if inferred else "stated",
                          start=y.start(), end=y.end())
    start, end = value.start or 0, value.end or 0
    doubt = _DOUBT.match(text, end)
    if doubt and value.certainty != "uncertain" and value.edtf:
        value.edtf = _qualify(value.edtf.replace("~", ""), "%" if "~" in value.edtf else "?")
        value.certainty = "uncertain"
        end = doubt.end()
    value.text = text[start:end]
    value.start = value.end = None
    return value

