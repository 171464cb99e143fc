"""Lay out transcribed pages as one text: lines, regions, page breaks, credits.

PAGE and ALTO readers turn their XML into `TranscribedPage`s (regions of lines in reading
order); this module writes them out the same way for both, so the structure stage sees
what it sees for a plain text: one line per transcribed line, a blank line between
regions, and a blank line between pages (a page always starts a new paragraph). Each page
start is a `page_break` layout record (as TEI `pb` and DOCX page breaks are), with the
page's number and image file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from testimonia.errors import UnreadableSource
from testimonia.model import Credit, DateValue, FrontMatter, Layout, ReadResult

_SPACE = re.compile(r"\s+")


@dataclass
class TranscribedRegion:
    lines: list[str]
    kind: str = "paragraph"  # or "heading"


@dataclass
class TranscribedPage:
    regions: list[TranscribedRegion] = field(default_factory=list)
    number: str | None = None  # the page's own number or position, as the file gives it
    image: str | None = None  # the scan the page was transcribed from


@dataclass
class Transcription:
    """What a PAGE or ALTO file says, before it is laid out as text."""

    format: str
    pages: list[TranscribedPage]
    credits: list[Credit] = field(default_factory=list)
    created: str | None = None  # an ISO timestamp from the file's metadata
    warnings: list[str] = field(default_factory=list)


def clean_line(text: str | None) -> str:
    """One transcribed line, its whitespace collapsed (a line never holds a line break)."""
    return _SPACE.sub(" ", text or "").strip()


def lay_out(transcription: Transcription, encoding: str, path: str) -> ReadResult:
    """The transcription as a ReadResult for the structure stage. Raises UnreadableSource."""
    parts: list[str] = []
    layout: list[Layout] = []
    length = 0
    # Pages are numbered by their place in the file only where none carries a number of its
    # own: a page after a printed "17" is not page "2", and guessing "18" would be citable.
    numbered = any(page.number for page in transcription.pages)
    for index, page in enumerate(transcription.pages):
        if parts:
            parts.append("\n\n")
            length += 2
        number = page.number or (None if numbered else str(index + 1))
        attrs = {"n": number} if number else {}
        if page.image:
            attrs["image"] = page.image
        layout.append(Layout("page_break", length, length, attrs))
        first = True
        for region in page.regions:
            lines = [line for line in (clean_line(x) for x in region.lines) if line]
            if not lines:
                continue
            if not first:
                parts.append("\n\n")
                length += 2
            first = False
            block = "\n".join(lines)
            layout.append(Layout(region.kind, length, length + len(block)))
            parts.append(block)
            length += len(block)
    text = "".join(parts)
    if not text.strip():
        raise UnreadableSource(path, f"{transcription.format.upper()} file with "
                               f"{len(transcription.pages)} page(s) but no transcribed text "
                               "(layout analysis only?); transcribe it first")
    front = FrontMatter(credits=_unique(transcription.credits))
    if transcription.created:
        day = transcription.created[:10]
        edtf = day if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else None
        front.last_updated = DateValue(transcription.created, edtf)
    layout.sort(key=lambda item: (item.start, -item.end))
    return ReadResult(text=text, format=transcription.format, encoding=encoding, layout=layout,
                      front=front, warnings=transcription.warnings)


def _unique(credits: list[Credit]) -> list[Credit]:
    seen: list[Credit] = []
    for credit in credits:
        if credit.name and credit not in seen:
            seen.append(credit)
    return seen
