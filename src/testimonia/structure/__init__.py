"""The structure stage: front matter, documents, notes and dates of one source.

`structure_source` takes what a reader found and returns it completed: for plain formats it
finds the front matter, splits the body into documents and pairs note markers with notes;
for formats whose markup already says all that (TEI) it only fills what is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from testimonia.model import DateValue, Document, FrontMatter, Note, ReadResult
from testimonia.structure.cues import is_salutation
from testimonia.structure.dates import parse_date
from testimonia.structure.documents import build_documents, leading_date, locate, read_dateline
from testimonia.structure.front import (
    apply_lines,
    is_bibliographic,
    is_front_line,
    is_heading_line,
    parse_updated,
)
from testimonia.structure.notes import attach, find_markers, find_notes_region, read_notes
from testimonia.structure.paragraphs import Paragraph, split_paragraphs

__all__ = ["Structured", "structure_source"]


@dataclass
class Structured:
    front: FrontMatter
    documents: list[Document]
    notes: list[Note]
    warnings: list[str] = field(default_factory=list)


def structure_source(read: ReadResult) -> Structured:
    if read.structured:
        return Structured(read.front, read.documents, read.notes, list(read.warnings))
    text = read.text
    paragraphs = split_paragraphs(text, read.layout)
    front = FrontMatter(**vars(read.front)) if read.front else FrontMatter()
    front.credits = list(front.credits)

    trailer_start = len(paragraphs)
    while trailer_start > 0 and _is_trailer(paragraphs[trailer_start - 1]):
        trailer_start -= 1
    if read.notes:
        notes = list(read.notes)
        note_starts = [n.start for n in notes if n.start is not None]
        body_end_offset = min(note_starts) if note_starts else len(text)
        notes_index = next((i for i, p in enumerate(paragraphs) if p.end > body_end_offset),
                           trailer_start)
        notes_index = min(notes_index, trailer_start)
    else:
        markers = find_markers(text, 0, len(text), read.layout)
        labels = {m.label for m in markers}
        found = find_notes_region(paragraphs[:trailer_start], labels)
        notes_index = trailer_start if found is None else found
        region_start = paragraphs[notes_index].start if notes_index < len(paragraphs) else len(text)
        notes = attach([m for m in markers if m.start < region_start],
                       read_notes(paragraphs[notes_index:trailer_start]))

    front_end, front_date, pending_title, reviewed = _read_front(paragraphs[:notes_index], front)
    trailer_lines = [line.plain for p in paragraphs[trailer_start:] for line in p.lines]
    apply_lines(front, [], trailer_lines)
    body = paragraphs[front_end:notes_index]
    context_year = _year(front_date) or _year_text(front.published_in.date if front.published_in
                                                   else None)
    documents = build_documents(body, front, front_date, pending_title, reviewed, context_year)
    if front.start is None and front_end > 0:
        front.start, front.end = paragraphs[0].start, paragraphs[front_end - 1].end
    _place_notes(notes, documents)
    return Structured(front, documents, notes, list(read.warnings))


def _is_trailer(paragraph: Paragraph) -> bool:
    return (len(paragraph.plain) < 200 and bool(parse_updated(paragraph.plain))) or (
        len(paragraph.plain) < 200 and is_front_line(paragraph.plain)
        and not paragraph.plain[:1].isdigit() and not paragraph.plain.startswith("["))


def _read_front(paragraphs: list[Paragraph], front: FrontMatter
                ) -> tuple[int, DateValue | None, str | None, str | None]:
    """Leading paragraphs that describe the source; returns where the body starts."""
    headings: list[str] = []
    provenance: list[str] = []
    front_date = None
    reviewed = None
    pending_title = None
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        plain = paragraph.plain
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if is_salutation(paragraph.lines[0].plain):
            break
        if len(paragraph.lines) <= 12 and all(is_front_line(line.plain) and len(line.plain) < 300
                                              for line in paragraph.lines):
            provenance.extend(line.plain for line in paragraph.lines)
        elif len(paragraph.lines) > 3 or len(plain) > 300:
            break
        elif (dateline := read_dateline(paragraph.lines[0], None)) and len(paragraph.lines) == 1 \
                and dateline.place is None and front_date is None \
                and following is not None and _front_like(following):
            front_date = dateline.date
        elif is_bibliographic(plain) and len(paragraph.lines) <= 2 and reviewed is None \
                and not leading_date(paragraph, None):
            reviewed = plain
        elif len(paragraph.lines) in (2, 3) and not provenance and not headings \
                and all(is_heading_line(line.plain) for line in paragraph.lines) \
                and not any(read_dateline(line, None) for line in paragraph.lines):
            headings.extend(line.plain for line in paragraph.lines)
        elif is_heading_line(plain) and len(paragraph.lines) == 1 \
                and not read_dateline(paragraph.lines[0], None) \
                and not leading_date(paragraph, None) and _front_like_after(paragraphs, index):
            if provenance:
                pending_title = plain
            else:
                headings.append(plain)
        else:
            break
        index += 1
    if reviewed and not headings and not front.title:
        front.title = re.split(r",?\s+by\s+|\s+[-–—]\s+", reviewed, maxsplit=1,
                               flags=re.IGNORECASE)[0].strip(" ,-")
        front.subtitle = reviewed
    apply_lines(front, headings, provenance)
    if front_date is not None:
        locate(paragraphs[_index_of(paragraphs, front_date)], front_date)
    return index, front_date, pending_title, reviewed


def _front_like(paragraph: Paragraph) -> bool:
    plain = paragraph.plain
    return is_front_line(plain) or is_bibliographic(plain) or (
        is_heading_line(plain) and len(paragraph.lines) == 1)


def _front_like_after(paragraphs: list[Paragraph], index: int) -> bool:
    # A short line is a title only if something other than one long text follows it.
    return index + 1 < len(paragraphs)


def _index_of(paragraphs: list[Paragraph], value: DateValue) -> int:
    for i, paragraph in enumerate(paragraphs):
        if value.text in paragraph.text:
            return i
    return 0


def _year(value: DateValue | None) -> int | None:
    return _year_text(value.edtf) if value else None


def _year_text(edtf: str | None) -> int | None:
    match = re.match(r"^(\d{4})", edtf or "")
    return int(match.group(1)) if match else None


def _place_notes(notes: list[Note], documents: list[Document]) -> None:
    for note in notes:
        anchor = note.anchor_start if note.anchor_start is not None else note.start
        if anchor is None:
            continue
        for index, document in enumerate(documents):
            if document.start <= anchor <= document.end:
                note.document_index = index
                break


def parse_date_text(text: str, context_year: int | None = None) -> DateValue | None:
    """Parse one date expression (re-exported for the shells)."""
    return parse_date(text, context_year=context_year)
