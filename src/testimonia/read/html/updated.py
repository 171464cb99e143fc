"""A page's "last updated" stamp, read as a date.

Archives stamp their pages with when they were last changed ("Last updated: 12 March
2004"). The stamp tells how old the transcription is, so it is kept in the front matter,
and a paragraph that is nothing but the stamp is left out of the text.
"""

from __future__ import annotations

import re

from testimonia.model import DateValue

_LAST_UPDATED = re.compile(
    r"(?:page\s+)?(?:last\s+(?:updated|modified|revised)|updated|обновлено|"
    r"последнее\s+обновление|последние\s+изменения)(?:\s+on)?\s*:?\s*(?P<date>[^|\n]{3,60})",
    re.IGNORECASE,
)
# A paragraph of the page that is only its update line (dropped from the text).
_UPDATED_LINE = re.compile(
    r"^(?:page\s+)?(?:last\s+(?:updated|modified|revised)|последнее\s+обновление|"
    r"последние\s+изменения|обновлено)(?:\s+on)?\s*:?\s*(?P<date>[^\n]{3,40})$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)|(?<!\d)\d{1,2}[./]\d{1,2}[./]\d{2}(?!\d)")
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}


def _updated(line: str) -> DateValue | None:
    match = _LAST_UPDATED.search(line)
    if not match or not _YEAR.search(match.group("date")):
        return None
    text = match.group("date").strip().rstrip(".").strip()
    return DateValue(text=text, edtf=_edtf(text))


def _edtf(text: str) -> str | None:
    """An EDTF day or month for the common ways archives write their update dates."""
    lowered = text.lower().replace(",", " ")
    if m := re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", lowered):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := re.search(r"\b(\d{1,2})([./])(\d{1,2})\2(\d{4})\b", lowered):
        first_n, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if m.group(2) == "." or first_n > 12:
            day, month = first_n, second
        elif second > 12:
            day, month = second, first_n
        else:
            return None
    elif m := re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-zа-яё]+)\.?\s+(\d{4})", lowered):
        day, month, year = int(m.group(1)), _MONTHS.get(m.group(2), 0), int(m.group(3))
    elif m := re.search(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s+(\d{4})", lowered):
        day, month, year = int(m.group(2)), _MONTHS.get(m.group(1), 0), int(m.group(3))
    elif m := re.search(r"\b([a-zа-яё]+)\s+(\d{4})\b", lowered):
        month, year = _MONTHS.get(m.group(1), 0), int(m.group(2))
        return f"{year:04d}-{month:02d}" if month else None
    elif m := re.fullmatch(r"\s*(\d{4})\s*", lowered):
        return m.group(1)
    else:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
