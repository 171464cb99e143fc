"""Letters that a letter speaks of: "your letter of the 12th", "получил твоё письмо от 3 марта".

A reference needs words that tie it to the correspondence: a possessive ("your", "my",
"твоё", "ваше", "моё"), an adjective of sequence ("the last letter", "в последнем письме") or
a date ("the letter of 3 March", "письмо от 12-го"). Third persons' letters ("her letter to the
procurator") and the letter itself ("this letter", "это письмо") are left out, and so are
letters still to come ("my next letter", "в следующем письме").

Dates are resolved against the citing letter's date: a day and month without a year take the
latest such day on or before it, a bare day ("the 12th", "от 12-го") the latest such day before
it; the date grammar of `testimonia.structure.dates` reads everything that has a month.
"""

from __future__ import annotations

import calendar
import datetime
import re

from testimonia.correspondence.records import LetterReference
from testimonia.structure.dates import find_dates

_EN_WRITER = {"your": "addressee", "thy": "addressee", "my": "author"}
_EN_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2, "several": 0, "many": 0}
_RU_COUNT = {"два": 2, "две": 2, "двух": 2, "оба": 2, "обоих": 2, "обоими": 2, "три": 3, "трёх": 3,
             "трех": 3, "четыре": 4, "четырёх": 4, "четырех": 4, "пять": 5, "несколько": 0}

_EN_NOUN = r"(?P<noun>letters?|postcards?|telegrams?|cables?)"
_EN_ADJECTIVE = r"(?:last|latest|previous|recent|long|short|kind|dear|welcome|sad|good|first)"
_EN_COUNT_WORD = r"(?:two|three|four|five|both|several|many)"
_EN = re.compile(
    rf"\b(?:(?P<own>[Yy]our|[Tt]hy|[Mm]y)|(?P<the>[Tt]he|[Tt]hat))[^\S\n]+"
    rf"(?:(?P<count>{_EN_COUNT_WORD})[^\S\n]+)?(?:(?P<adj>{_EN_ADJECTIVE})[^\S\n]+){{0,2}}"
    rf"(?:(?P<count2>{_EN_COUNT_WORD})[^\S\n]+)?{_EN_NOUN}\b"
    rf"(?=[^\S\n]*,?[^\S\n]+(?:of|dated|written[^\S\n]+on|from)[^\S\n]+(?P<tail>[^;:!?\n]{{1,40}}))?"
)
_EN_NOT_PAST = re.compile(r"\bnext\b|\bfollowing\b", re.IGNORECASE)

_RU_ENDING = r"(?:ё|е|его|ём|ем|им|и|их|ими|ю|у|я|ей)"
_RU_OWN = rf"(?P<own>[ТтВв](?:во|аш){_RU_ENDING}|[Мм]о{_RU_ENDING}|[Тт]вой|[Вв]аш)"
_RU_ADJECTIVE = (r"(?:последн|прошл|предыдущ|недавн|длинн|коротк|больш|хорош|грустн)"
                 r"(?:ее|ие|ий|ый|ое|ого|ем|ом|им|ым|их|ых|ими|ыми|ая|ую|ей)")
_RU_NOUN = (r"(?P<noun>письм(?:о|а|е|ом|ами|ах|у)|писем|открытк(?:а|у|и|ой|е)|открыток"
            r"|телеграмм(?:а|у|ы|ой|е)?)")
_RU_COUNT_WORD = (r"(?:два|две|двух|оба|обоих|обоими|три|тр[её]х|четыре|четыр[её]х|пять|несколько)")
_RU = re.compile(
    rf"(?<![^\W\d_])(?:(?P<count>{_RU_COUNT_WORD})[^\S\n]+)?(?:{_RU_OWN}[^\S\n]+)?"
    rf"(?:(?P<count2>{_RU_COUNT_WORD})[^\S\n]+)?(?:(?P<adj>{_RU_ADJECTIVE})[^\S\n]+)?{_RU_NOUN}"
    rf"(?![^\W\d_])(?=[^\S\n]+от[^\S\n]+(?P<tail>[^;:!?\n]{{1,40}}))?"
)
_RU_WRITER_PREFIX = {"тв": "addressee", "ва": "addressee", "мо": "author"}
_RU_NOT_PAST = re.compile(r"следующ|будущ", re.IGNORECASE)
_RU_THIRD_PERSON = re.compile(r"(?<![^\W\d_])(?:его|её|ее|их|это|этом|этого|этим)[^\S\n]+$", re.IGNORECASE)

# "the 12th", "12th", "12-го", "12 числа": a day of the month with no month, for a bare day.
_DAY_ONLY = re.compile(r"(?:the[^\S\n]+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th|-?го|[^\S\n]+числа)(?![^\W\d_])",
                       re.IGNORECASE)


def find_references(text: str, start: int = 0, end: int | None = None,
                    letter_date: str | None = None) -> list[LetterReference]:
    """The references to other letters in `text[start:end]`, in order.

    `letter_date` is the citing letter's ISO day; without it only dates that name their
    year are resolved.
    """
    end = len(text) if end is None else end
    window = text[start:end]
    cited_on = _iso_day(letter_date)
    found: list[LetterReference] = []
    for pattern, reader in ((_EN, _read_english), (_RU, _read_russian)):
        for match in pattern.finditer(window):
            reference = reader(match, cited_on)
            if reference is not None:
                reference.start += start
                reference.end += start
                found.append(reference)
    found.sort(key=lambda r: r.start)
    return found


def _read_english(match: re.Match[str], cited_on: datetime.date | None) -> LetterReference | None:
    own = match["own"]
    adjectives = match.group(0)[: match.start("noun") - match.start()]
    if _EN_NOT_PAST.search(adjectives):
        return None
    date_text, date, end = _read_tail(match, cited_on)
    if own is None and not match["adj"] and date is None and date_text is None:
        return None  # "the letter" alone may be any letter, or this one
    writer = _EN_WRITER.get(own.lower()) if own else None
    return _reference(match, writer, _count(match, _EN_COUNT), date_text, date, end)


def _read_russian(match: re.Match[str], cited_on: datetime.date | None) -> LetterReference | None:
    own = match["own"]
    if _RU_NOT_PAST.search(match.group(0)):
        return None
    if own is None and _RU_THIRD_PERSON.search(match.string, max(match.start() - 8, 0), match.start()):
        return None  # "её последнее письмо", "в этом письме": not a letter of this correspondence
    date_text, date, end = _read_tail(match, cited_on)
    if own is None and not match["adj"] and date is None and date_text is None:
        return None
    writer = _RU_WRITER_PREFIX.get(own[:2].lower()) if own else None
    return _reference(match, writer, _count(match, _RU_COUNT), date_text, date, end)


def _reference(match: re.Match[str], writer: str | None, count: int, date_text: str | None,
               date: str | None, end: int) -> LetterReference:
    return LetterReference(text=match.string[match.start():end], start=match.start(), end=end,
                           writer=writer, date_text=date_text, date=date, count=count)


def _count(match: re.Match[str], words: dict[str, int]) -> int:
    """How many letters the words speak of; 0 for "several"/"несколько", 1 where none is said."""
    word = match["count"] or match["count2"]
    return words.get(word.lower(), 1) if word else 1


def _read_tail(match: re.Match[str], cited_on: datetime.date | None) -> tuple[str | None, str | None, int]:
    """The date after "of"/"от" as written, resolved to an ISO day, and where the reference ends."""
    tail = match["tail"]
    if not tail:
        return None, None, match.end("noun")
    offset = match.start("tail")
    context_year = cited_on.year if cited_on else None
    for value in find_dates(tail, context_year=context_year):
        lead = tail[: value.start or 0].strip().lower()
        if lead not in ("", "the") or value.end is None:
            break
        return value.text, _resolve_dated(value.edtf, value.text, cited_on), offset + value.end
    day = _DAY_ONLY.match(tail)
    if day is not None:
        return day.group(0), _resolve_day(int(day["day"]), cited_on), offset + day.end()
    return None, None, match.end("noun")


_DAY_OR_MONTH = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")
_NAMES_YEAR = re.compile(r"\d{4}|['’]\d{2}")


def _resolve_dated(edtf: str | None, written: str, cited_on: datetime.date | None) -> str | None:
    """An ISO day or month ("1938-02") from a date the words give.

    A year taken from the citing letter is moved back one when it would put the cited letter
    after the citing one ("your letter of 20 December", written on 5 January).
    """
    if not edtf or not _DAY_OR_MONTH.fullmatch(edtf):
        return None
    if _NAMES_YEAR.search(written):
        return edtf
    if cited_on is None:
        return None
    year, month = int(edtf[:4]), int(edtf[5:7])
    opens = datetime.date(year, month, int(edtf[8:10]) if len(edtf) == 10 else 1)
    if opens > cited_on:
        year -= 1
    return f"{year:04d}{edtf[4:]}" if not edtf.endswith("-02-29") else f"{year:04d}-02-28"


def _resolve_day(day: int, cited_on: datetime.date | None) -> str | None:
    """The latest date before `cited_on` that falls on this day of the month."""
    if cited_on is None or not 1 <= day <= 31:
        return None
    year, month = cited_on.year, cited_on.month
    if day >= cited_on.day:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    for _ in range(12):  # the 31st: go back to the latest month that has one
        if day <= calendar.monthrange(year, month)[1]:
            return datetime.date(year, month, day).isoformat()
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return None


def _iso_day(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None
