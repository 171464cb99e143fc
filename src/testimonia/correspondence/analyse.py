"""The letters between two correspondents read together: replies, silences, letters missing.

A reply interval is the number of days from a letter to the next letter the other way. A gap
is a silence between two consecutive letters longer than `GAP_FACTOR` times the pair's median
interval (and at least `MIN_GAP_DAYS`): what counts as long depends on how often the two wrote.

A reference to a letter ("your letter of the 12th", "получил твоё письмо") is matched to a
letter of the pair: by its date where the words give one, otherwise to the cited writer's
letters since the citing writer last wrote. One that no letter of the archive answers is a
missing letter.
"""

from __future__ import annotations

import datetime
import itertools
import statistics
from collections.abc import Callable

from testimonia.correspondence.records import (
    Correspondence,
    Correspondent,
    Gap,
    LetterReference,
    MissingLetter,
    PairLetter,
)
from testimonia.correspondence.references import find_references
from testimonia.model import Document, Party
from testimonia.structure.dates import edtf_bounds

GAP_FACTOR = 3.0
MIN_GAP_DAYS = 30


def party_key(party: Party) -> str:
    """The key a party is known by in the correspondence: its entry, else its name."""
    return party.entity_id or "name:" + party.name


def read_correspondence(a: Correspondent, b: Correspondent, letters: list[Document],
                        text_of: Callable[[Document], str]) -> Correspondence:
    """Order, time and cross-reference the letters between `a` and `b`.

    `letters` are documents with `a` or `b` among the senders and the other among the
    addressees; `text_of` gives the text of a letter's source (offsets index into it).
    """
    pair = [_pair_letter(document, a) for document in letters]
    pair.sort(key=lambda letter: (letter.date is None, letter.date or "", letter.document_id))
    _set_replies(pair)
    by_id = {document.id: document for document in letters}
    missing: list[MissingLetter] = []
    for letter in pair:
        document = by_id[letter.document_id]
        letter.references = find_references(text_of(document), document.start, document.end,
                                            letter_date=letter.date)
        missing.extend(_resolve(letter, pair))
    intervals = _intervals(pair)
    replies = [letter.reply_days for letter in pair if letter.reply_days is not None]
    return Correspondence(
        a=a, b=b, letters=pair, missing=_distinct(missing), gaps=_gaps(pair, intervals),
        median_interval_days=statistics.median(intervals) if intervals else None,
        median_reply_days=statistics.median(replies) if replies else None, total=len(pair))


def _pair_letter(document: Document, a: Correspondent) -> PairLetter:
    from_a = any(party_key(party) == a.key for party in document.authors)
    date = document.date
    return PairLetter(
        document_id=document.id or "", direction="a_to_b" if from_a else "b_to_a",
        date=date.earliest if date else None, date_text=date.text if date else None,
        edtf=date.edtf if date else None, place=document.place, title=document.title)


def _set_replies(pair: list[PairLetter]) -> None:
    for index, letter in enumerate(pair):
        if letter.date is None:
            continue
        for later in pair[index + 1:]:
            if later.direction != letter.direction and later.date is not None:
                letter.reply_days = _days(letter.date, later.date)
                letter.reply_to = later.document_id
                break


def _intervals(pair: list[PairLetter]) -> list[int]:
    dated = [letter.date for letter in pair if letter.date]
    return [_days(first, second) for first, second in itertools.pairwise(dated)]


def _gaps(pair: list[PairLetter], intervals: list[int]) -> list[Gap]:
    if len(intervals) < 2:
        return []  # one interval is its own rhythm: nothing to be long against
    threshold = max(GAP_FACTOR * statistics.median(intervals), MIN_GAP_DAYS)
    dated = [letter for letter in pair if letter.date]
    return [Gap(first.date or "", second.date or "", days, first.document_id, second.document_id)
            for first, second, days in zip(dated, dated[1:], intervals, strict=False)
            if days > threshold]


def _resolve(letter: PairLetter, pair: list[PairLetter]) -> list[MissingLetter]:
    """Match each of the letter's references to letters of the pair; return those unmatched."""
    missing = []
    for reference in letter.references:
        direction = _cited_direction(letter.direction, reference.writer)
        if reference.date:
            found = [other for other in pair if other is not letter and _dated_on(other, reference.date)
                     and (direction is None or other.direction == direction)]
            if found:
                reference.matched = found[0].document_id
            else:
                missing.append(MissingLetter(direction, letter.document_id, reference.text,
                                             reference.date, None, letter.date))
            continue
        if reference.date_text or letter.date is None:
            continue  # a date we could not place, or a citing letter with no date: no window
        after = _previous_from(pair, letter, _other(direction) if direction else None)
        found = [other for other in pair if other is not letter and other.date
                 and (direction is None or other.direction == direction)
                 and other.date <= letter.date and (after is None or other.date >= after)]
        if found:
            reference.matched = found[-1].document_id
        # "several letters" (count 0) asks for at least one; "two letters" for two
        lacking = (0 if found else 1) if reference.count == 0 else max(reference.count - len(found), 0)
        for _ in range(lacking):
            missing.append(MissingLetter(direction, letter.document_id, reference.text, None, after,
                                         letter.date))
    return missing


def _cited_direction(citing: str, writer: str | None) -> str | None:
    if writer == "author":
        return citing
    if writer == "addressee":
        return _other(citing)
    return None


def _other(direction: str) -> str:
    return "b_to_a" if direction == "a_to_b" else "a_to_b"


def _previous_from(pair: list[PairLetter], letter: PairLetter, direction: str | None) -> str | None:
    """The date of the last letter before `letter` sent the citing way (None: none known).

    The cited letter was written after the citing writer's previous letter, or it would have
    been answered there; with no direction known, any previous letter bounds it.
    """
    before = [other.date for other in pair if other is not letter and other.date and letter.date
              and other.date < letter.date and (direction is None or other.direction == direction)]
    return max(before) if before else None


def _dated_on(letter: PairLetter, date: str) -> bool:
    """Whether the letter's date and a cited day or month ("1938-02") can be the same day."""
    if not letter.edtf:
        return False
    earliest, latest = edtf_bounds(letter.edtf)
    opens, closes = edtf_bounds(date)
    return bool(earliest and latest and opens and closes and earliest <= closes and opens <= latest)


def _distinct(missing: list[MissingLetter]) -> list[MissingLetter]:
    """One mark per missing letter: two letters citing "your letter of the 12th" cite one letter."""
    seen: set[tuple[str | None, str]] = set()
    kept = []
    for item in missing:
        if item.date is not None:
            if (item.direction, item.date) in seen:
                continue
            seen.add((item.direction, item.date))
        kept.append(item)
    return kept


def _days(first: str, second: str) -> int:
    return (datetime.date.fromisoformat(second[:10]) - datetime.date.fromisoformat(first[:10])).days


__all__ = ["GAP_FACTOR", "MIN_GAP_DAYS", "LetterReference", "party_key", "read_correspondence"]
