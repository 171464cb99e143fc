"""Paragraphs and lines of a text, with offsets, and the plain reading of each.

Rules in the structure stage look at `Paragraph.plain` (Markdown heading hashes, emphasis
marks and quote arrows taken away, whitespace collapsed) but report offsets of the verbatim
text, so a Markdown source and its plain twin are structured alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from testimonia.model import Layout

_BLANK = re.compile(r"\n[ \t\r\f\v]*\n")
_MARKUP = re.compile(r"^(?:#{1,6}[ \t]+|>[ \t]?)|(?<!\w)[*_]{1,2}(?=\S)|(?<=\S)[*_]{1,2}(?!\w)")


@dataclass
class Line:
    start: int
    end: int
    text: str
    plain: str


@dataclass
class Paragraph:
    start: int
    end: int
    text: str
    plain: str
    lines: list[Line] = field(default_factory=list)
    heading: bool = False
    italic_share: float = 0.0

    @property
    def short(self) -> bool:
        return len(self.plain) <= 90 and len(self.lines) <= 2


def plain_of(text: str) -> str:
    if "#" in text or ">" in text or "*" in text or "_" in text:
        text = _MARKUP.sub("", text)
    return " ".join(text.split())


def split_paragraphs(text: str, layout: list[Layout] | None = None,
                     start: int = 0, end: int | None = None) -> list[Paragraph]:
    """Paragraphs of `text[start:end]`: runs of non-blank lines."""
    end = len(text) if end is None else end
    headings = [(item.start, item.end) for item in layout or [] if item.kind == "heading"]
    italics = [(item.start, item.end) for item in layout or [] if item.kind == "italic"]
    paragraphs: list[Paragraph] = []
    position = start
    for gap in [*_BLANK.finditer(text, start, end), None]:
        stop = gap.start() if gap else end
        chunk = text[position:stop]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            p_start, p_end = position + lead, position + len(chunk.rstrip())
            paragraphs.append(_paragraph(text, p_start, p_end, headings, italics))
        if gap is None:
            break
        position = gap.end()
    return paragraphs


def _paragraph(text: str, start: int, end: int, headings: list[tuple[int, int]],
               italics: list[tuple[int, int]]) -> Paragraph:
    raw = text[start:end]
    lines = []
    offset = start
    for piece in raw.split("\n"):
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            lines.append(Line(offset + lead, offset + lead + len(stripped), stripped, plain_of(stripped)))
        offset += len(piece) + 1
    is_heading = raw.lstrip().startswith("#") or any(
        h_start >= start and h_end <= end and (h_end - h_start) >= 0.8 * len(raw.strip())
        for h_start, h_end in headings
    )
    covered = sum(min(end, i_end) - max(start, i_start) for i_start, i_end in italics
                  if i_end > start and i_start < end)
    plain = " ".join(line.plain for line in lines if line.plain)
    return Paragraph(start, end, raw, plain, lines, is_heading,
                     covered / max(1, end - start))
