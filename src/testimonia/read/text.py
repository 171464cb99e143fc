"""Plain text and Markdown: decode, keep the text verbatim, note paragraphs and headings.

Nothing is rewritten, not even Windows line ends: Markdown markup stays in the text so
that every offset indexes the file as the editor wrote it; the layout records say where
headings and emphasis are.
"""

from __future__ import annotations

import re

from testimonia.model import Layout, ReadResult
from testimonia.read import register_reader
from testimonia.read.decode import decode_bytes

_BLANK = re.compile(r"\n[ \t\r\f\v]*\n")
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(?<![*_\w])([*_])(?!\s)(.+?)(?<!\s)\1(?![*_\w])")
_MD_STRONG = re.compile(r"(\*\*|__)(?!\s)(.+?)(?<!\s)\1")
_MD_QUOTE = re.compile(r"^>[ \t]?.*$", re.MULTILINE)


def paragraph_layout(text: str) -> list[Layout]:
    """One `paragraph` record per run of non-blank lines."""
    layout = []
    position = 0
    for gap in [*_BLANK.finditer(text), None]:
        end = gap.start() if gap else len(text)
        chunk = text[position:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            layout.append(Layout("paragraph", position + lead, position + len(chunk.rstrip())))
        if gap:
            position = gap.end()
    return layout


def read_text(data: bytes, path: str) -> ReadResult:
    text, encoding = decode_bytes(data, path)
    return ReadResult(text=text, format="text", encoding=encoding, layout=paragraph_layout(text))


def read_markdown(data: bytes, path: str) -> ReadResult:
    text, encoding = decode_bytes(data, path)
    layout = paragraph_layout(text)
    for match in _MD_HEADING.finditer(text):
        layout.append(Layout("heading", match.start(2), match.end(2),
                             {"level": str(len(match.group(1)))}))
    for match in _MD_STRONG.finditer(text):
        layout.append(Layout("bold", match.start(2), match.end(2)))
    for match in _MD_EMPHASIS.finditer(text):
        layout.append(Layout("italic", match.start(2), match.end(2)))
    for match in _MD_QUOTE.finditer(text):
        layout.append(Layout("quote", match.start(), match.end()))
    layout.sort(key=lambda item: (item.start, -item.end))
    return ReadResult(text=text, format="markdown", encoding=encoding, layout=layout)


register_reader("text", (".txt", ".text"), read_text)
register_reader("markdown", (".md", ".markdown"), read_markdown)
