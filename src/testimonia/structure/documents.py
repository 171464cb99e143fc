"""Split the body of a source into letters, diary entries, articles and chapters.

A letter opens with a salutation ("My dear Herbert,", "Дорогая Света!"), usually after a
dateline ("Mexico, November 15, ’46", "Москва, 12.III.1947"), and closes with a signature.
A diary entry opens with a date, alone on its line or leading the first sentence
("July 6, 1946. Visited ..."). What opens neither way is one article, review or memoir.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from testimonia.model import DateValue, Document, Epigraph, FrontMatter, Party, TextSpan
from testimonia.structure.cues import (
    POSTSCRIPT,
    addressees_from_salutation,
    is_closing,
    is_name_like,
    is_place_like,
    is_salutation,
    signature_name,
)
from testimonia.structure.dates import find_dates
from testimonia.structure.paragraphs import Line, Paragraph

_PLACE = re.compile(r"^[A-ZÀ-ÞА-ЯЁ][\w'’.\- ]{0,40}(?:\([^)]{1,30}\))?$")
_DATE_TAIL = re.compile(r"^[\s.,:;—–\-]*$")
_ENTRY_JOIN = re.compile(r"^\s*[.:,—–\-]?\s*\S")
_CHAPTER = re.compile(r"^(?:chapter|part|book|глава|часть|книга)\s+[\w\dIVXLC]+", re.IGNORECASE)
_REVIEW_WORDS = re.compile(r"\b(?:review|reviewed|рецензия|отзыв)\b", re.IGNORECASE)
_MEMOIR_WORDS = re.compile(r"\b(?:memoirs?|recollections|reminiscences|воспоминани\w*|мемуар\w*)\b",
                           re.IGNORECASE)
# Every date form testimonia reads has a digit in it (days, years, Roman months come with a
# day); looking for one first spares the date grammar most paragraphs.
_HAS_DIGIT = re.compile(r"\d")
_ATTRIBUTION_DASH = re.compile(r"^[—–\-―]\s*\S")


@dataclass
class Dateline:
    date: DateValue
    place: str | None
    line: Line


@dataclass
class _Start:
    index: int  # first paragraph of the document
    kind: str  # "letter" or "dated"
    dateline: Dateline | None = None
    salutation: Line | None = None
    title: str | None = None
    lead_date: DateValue | None = None
    extra: dict[str, object] = field(default_factory=dict)


def locate(paragraph: Paragraph | Line, value: DateValue) -> DateValue:
    """Give a date read from a plain reading the offsets of its verbatim text."""
    found = paragraph.text.find(value.text)
    if found >= 0:
        value.start, value.end = paragraph.start + found, paragraph.start + found + len(value.text)
    else:
        value.start = value.end = None
    return value


def read_dateline(line: Line, context_year: int | None) -> Dateline | None:
    """A line that is a date, with a place before or after it and nothing else."""
    plain = line.plain
    if len(plain) > 80 or not _HAS_DIGIT.search(plain):
        return None
    for value in find_dates(plain, context_year=context_year):
        before = plain[: value.start].strip(" ,;—–-")
        after = plain[value.end:].strip(" ,;—–-.")
        place = None
        if before and after:
            continue
        candidate = before or after
        if candidate:
            if not _PLACE.match(candidate) or not is_place_like(candidate) or is_salutation(candidate):
                continue
            place = candidate
        if not _precise(value):
            continue
        return Dateline(locate(line, value), place, line)
    return None


def _precise(value: DateValue) -> bool:
    # A dateline names a day or a month; a bare year or a span of years on its own line is
    # a heading ("Letters, 1946–1947"), not the date of one letter or entry.
    edtf = value.edtf or ""
    return bool(re.match(r"^\d{4}-\d{2}", edtf)) and "/" not in edtf.rstrip("?~%")[:8] \
        and not re.match(r"^\d{4}-\d{2}(?:-\d{2})?/\d{4}(?!-)", edtf)


def leading_date(paragraph: Paragraph, context_year: int | None) -> DateValue | None:
    """The date that opens a diary paragraph ("July 6, 1946. Visited Natalia ...")."""
    plain = paragraph.plain
    if not _HAS_DIGIT.search(plain, 0, 80):
        return None
    for value in find_dates(plain[:80], context_year=context_year):
        if (value.start > 0 and plain[: value.start].strip(" #*_")) or not _precise(value):
            return None
        rest = plain[value.end:]
        if _ENTRY_JOIN.match(rest) and len(rest.strip()) > 15:
            return locate(paragraph, value)
        return None
    return None


def epigraphs_at(paragraphs: list[Paragraph], index: int, limit: int) -> tuple[list[Epigraph], int]:
    """Epigraphs (a quotation, then its attribution line) from `index` on."""
    found: list[Epigraph] = []
    while index < limit:
        quote = paragraphs[index]
        if quote.heading or is_salutation(quote.plain):
            break
        if len(quote.lines) >= 2 and _is_attribution(quote.lines[-1].plain) \
                and len(quote.lines[-1].plain) < len(quote.plain) / 2:
            last = quote.lines[-1]
            attribution = _strip_dash(last.plain)
            offset = last.start + max(0, last.text.find(attribution))
            found.append(Epigraph(quote.start, quote.end,
                                  " ".join(line.plain for line in quote.lines[:-1]).strip(),
                                  attribution, offset, offset + len(attribution)))
            index += 1
            continue
        if index + 1 < limit and len(quote.plain) <= 1500 and len(paragraphs[index + 1].lines) == 1 \
                and _is_attribution(paragraphs[index + 1].plain) and not is_name_like(quote.plain):
            attribution = paragraphs[index + 1]
            found.append(Epigraph(quote.start, attribution.end, quote.text,
                                  _strip_dash(attribution.text), attribution.start, attribution.end))
            index += 2
            continue
        break
    return found, index


def _is_attribution(line: str) -> bool:
    if _ATTRIBUTION_DASH.match(line):
        core = line.lstrip("—–-― ").split(",")[0].split("(")[0].strip()
        return len(line) <= 120 and is_name_like(core, 6)
    return is_name_like(line, 5)


def _strip_dash(text: str) -> str:
    return text.strip().lstrip("—–-― ").strip()


def find_starts(body: list[Paragraph], context_year: int | None) -> list[_Start]:
    starts: list[_Start] = []
    year = context_year
    index = 0
    while index < len(body):
        paragraph = body[index]
        first = paragraph.lines[0]
        if is_salutation(first.plain) and len(first.plain) <= 90:
            start = _Start(index, "letter", salutation=first)
            for back in (1, 2):
                if index - back < 0 or (starts and index - back <= starts[-1].index):
                    break
                previous = body[index - back]
                dateline = read_dateline(previous.lines[-1], year) if len(previous.lines) <= 2 else None
                if dateline:
                    start.index, start.dateline = index - back, dateline
                    break
                if not previous.short:
                    break
            if starts and starts[-1].index == start.index:
                starts[-1] = start
            else:
                starts.append(start)
            year = _year_of(start.dateline.date if start.dateline else None) or year
        elif len(paragraph.lines) <= 2 and (dateline := read_dateline(first, year)) \
                and (len(paragraph.lines) == 1 or not is_salutation(paragraph.lines[1].plain)):
            if _closes_letter(body, index, starts):
                pass  # the date under a signature belongs to the letter above it
            elif not _salutation_follows(body, index):
                starts.append(_Start(index, "dated", dateline=dateline))
            else:
                starts.append(_Start(index, "letter", dateline=dateline))
                if index + 1 < len(body) and is_salutation(body[index + 1].lines[0].plain):
                    starts[-1].salutation = body[index + 1].lines[0]
                    index += 1
            year = _year_of(dateline.date) or year
        elif value := leading_date(paragraph, year):
            starts.append(_Start(index, "dated", lead_date=value))
            year = _year_of(value) or year
        index += 1
    return starts


def _closes_letter(body: list[Paragraph], index: int, starts: list[_Start]) -> bool:
    if not starts or starts[-1].kind != "letter" or index == 0:
        return False
    signed = signature_name(body[index - 1].lines[-1].plain) is not None \
        and len(body[index - 1].plain) <= 90
    following = body[index + 1] if index + 1 < len(body) else None
    return signed and (following is None or is_salutation(following.lines[0].plain)
                       or read_dateline(following.lines[0], None) is not None)


def _salutation_follows(body: list[Paragraph], index: int) -> bool:
    for ahead in (1, 2):
        if index + ahead >= len(body):
            return False
        if is_salutation(body[index + ahead].lines[0].plain):
            return True
        if not body[index + ahead].short:
            return False
    return False


def _year_of(value: DateValue | None) -> int | None:
    if value is None or not value.edtf:
        return None
    match = re.match(r"^(\d{4})", value.edtf)
    return int(match.group(1)) if match else None


def build_documents(body: list[Paragraph], front: FrontMatter, front_date: DateValue | None,
                    pending_title: str | None, reviewed: str | None,
                    context_year: int | None) -> list[Document]:
    """Documents for the body paragraphs (everything between front matter and notes)."""
    if not body:
        return []
    starts = find_starts(body, context_year)
    documents: list[Document] = []
    first_start = starts[0].index if starts else len(body)
    lead_titles = []
    index = 0
    while index < first_start and body[index].heading and body[index].short:
        lead_titles.append(body[index].plain)
        index += 1
    epigraphs, after = epigraphs_at(body, index, first_start)
    if not starts or any(not p.short for p in body[after:first_start]):
        documents.append(_single_document(body[:first_start], front, front_date,
                                          pending_title, reviewed, epigraphs))
        epigraphs, pending_title = [], None
    elif lead_titles:
        pending_title = pending_title or lead_titles[-1]
    for position, start in enumerate(starts):
        stop = starts[position + 1].index if position + 1 < len(starts) else len(body)
        span = body[start.index:stop]
        # headings at the end of a span belong to the next document as its title
        title = None
        while len(span) > 1 and span[-1].heading and span[-1].short and position + 1 < len(starts):
            starts[position + 1].title = starts[position + 1].title or span[-1].plain
            span = span[:-1]
        if position == 0 and pending_title and not start.title:
            title = pending_title
        document = _dated_document(span, start, front, title or start.title)
        if position == 0 and epigraphs:
            document.epigraphs = epigraphs
        documents.append(document)
    return documents


def _single_document(paragraphs: list[Paragraph], front: FrontMatter, front_date: DateValue | None,
                     title: str | None, reviewed: str | None,
                     epigraphs: list[Epigraph]) -> Document:
    words = " ".join(filter(None, [front.title, front.subtitle, front.series, title]))
    if reviewed or _REVIEW_WORDS.search(words):
        kind = "review"
    elif _MEMOIR_WORDS.search(words) or any(_CHAPTER.match(p.plain) for p in paragraphs if p.heading):
        kind = "memoir"
    else:
        kind = "article"
    date = front_date or (_publication_date(front))
    authors = [Party(front.author, certainty="stated")] if front.author else []
    return Document(kind=kind, start=paragraphs[0].start, end=paragraphs[-1].end,
                    title=title or front.title, date=date, authors=authors, epigraphs=epigraphs)


def _publication_date(front: FrontMatter) -> DateValue | None:
    publication = front.published_in
    if publication and publication.date:
        return DateValue(publication.date_text or publication.date, publication.date, "inferred")
    return None


def _dated_document(span: list[Paragraph], start: _Start, front: FrontMatter,
                    title: str | None) -> Document:
    document = Document(kind="letter" if start.kind == "letter" else "diary_entry",
                        start=span[0].start, end=span[-1].end, title=title)
    if start.dateline:
        document.date = start.dateline.date
        document.place = start.dateline.place
        line = start.dateline.line
        document.dateline = TextSpan(line.start, line.end, line.text)
    elif start.lead_date:
        document.date = start.lead_date
    if start.salutation:
        line = start.salutation
        document.salutation = TextSpan(line.start, line.end, line.text)
        document.addressees = [Party(name) for name in addressees_from_salutation(line.plain)]
    closing, signature = _closing_and_signature(span[1:])
    if signature and start.kind == "dated" and document.place and not start.lead_date:
        document.kind = "letter"
    if document.kind == "letter":
        document.closing, document.signature = closing, signature
        if signature and (name := signature_name(_plain(signature.text))):
            document.authors = [Party(name)]
        if document.date is None:
            document.date = _date_at_end(span)
    if not document.authors and front.author:
        document.authors = [Party(front.author, certainty="inferred")]
    return document


def _plain(text: str) -> str:
    return " ".join(text.replace("*", "").replace("_", " ").split())


def _closing_and_signature(span: list[Paragraph]) -> tuple[TextSpan | None, TextSpan | None]:
    tail = list(span)
    while tail and POSTSCRIPT.match(tail[-1].plain):
        tail.pop()
    if not tail:
        return None, None
    last = tail[-1]
    if len(last.lines) > 3 or len(last.plain) > 90:
        return None, None
    name_line = last.lines[-1]
    if not signature_name(name_line.plain):
        return None, None
    signature = TextSpan(name_line.start, name_line.end, name_line.text)
    closing = None
    if len(last.lines) >= 2 and is_closing(last.lines[-2].plain):
        line = last.lines[-2]
        closing = TextSpan(line.start, line.end, line.text)
    elif len(tail) >= 2 and len(tail[-2].lines) == 1 and is_closing(tail[-2].plain):
        line = tail[-2].lines[0]
        closing = TextSpan(line.start, line.end, line.text)
    return closing, signature


def _date_at_end(span: list[Paragraph]) -> DateValue | None:
    # Russian letters often carry their date under the signature instead of on top.
    for paragraph in reversed(span[-3:]):
        for line in paragraph.lines:
            if dateline := read_dateline(line, None):
                return dateline.date
    return None
