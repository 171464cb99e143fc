"""Plain text with layout, built one paragraph at a time (shared with the DOCX reader).

Both readers turn markup into paragraphs separated by blank lines, with spans (headings,
italics, note markers) at character offsets. Keeping that bookkeeping in one place makes
the two formats agree on how whitespace collapses, where a paragraph ends, and where a
span lands once its paragraph has been trimmed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from testimonia.model import Layout
from testimonia.read.html.tags import _WS

_BLANK_LINES = re.compile(r"\n[ \t\r\f]*\n\s*")


class _Span:
    __slots__ = ("attrs", "kind", "ref", "start")

    def __init__(self, kind: str, start: int, attrs: dict[str, str] | None, ref: object = None):
        self.kind = kind
        self.start = start
        self.attrs = attrs or {}
        self.ref = ref


class TextBuilder:
    """Accumulates plain text paragraph by paragraph, with layout spans at their offsets.

    Inside a paragraph runs of whitespace collapse to one space (unless `preserve`), a line
    break is "\\n", and two line breaks in a row (or a blank line) end the paragraph.
    Paragraphs are joined by a blank line. Inline spans (italic, bold, note_ref) are opened
    and closed around the text they cover and survive paragraph breaks inside them.
    """

    def __init__(self) -> None:
        self._out: list[str] = []
        self.pos = 0  # length of the committed text
        self.layout: list[Layout] = []
        self.paragraphs: list[tuple[int, int, int]] = []  # (start, text start, end)
        self._buf: list[str] = []
        self._len = 0
        self._line_start = 0
        self._line_has_text = False
        self._spans: list[tuple[str, int, int, dict[str, str], object]] = []
        self._open: list[_Span] = []
        self._blocks: list[tuple[str, dict[str, str]]] = [("paragraph", {})]
        self._pending_marks: list[tuple[str, dict[str, str]]] = []
        self.prefix = ""  # put before the next committed paragraph
        self.strip_label: re.Pattern[str] | None = None  # cut from the next paragraph's head
        self.veto: Callable[[str], bool] | None = None  # drop a paragraph when it says so

    # -- text -------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return "".join(self._out)

    def _last(self) -> str:
        return self._buf[-1][-1] if self._buf else ""

    def _append(self, piece: str) -> None:
        if piece:
            self._buf.append(piece)
            self._len += len(piece)

    def add(self, text: str, preserve: bool = False) -> None:
        if not text:
            return
        if preserve:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            pieces = _BLANK_LINES.split(text)
            for index, piece in enumerate(pieces):
                if index:
                    self.commit()
                lines = piece.split("\n")
                for number, line in enumerate(lines):
                    if number:
                        self.line_break()
                    if line:
                        self._append(line)
                        if line.strip():
                            self._line_has_text = True
            return
        text = _WS.sub(" ", text)
        if text[0] == " " and self._last() in ("", " ", "\n"):
            text = text[1:]
        if text:
            self._append(text)
            if not self._line_has_text and not text.isspace():
                self._line_has_text = True

    def _trim_end(self, count: int) -> None:
        while count > 0 and self._buf:
            piece = self._buf[-1]
            if len(piece) <= count:
                self._buf.pop()
                count -= len(piece)
                self._len -= len(piece)
            else:
                self._buf[-1] = piece[:-count]
                self._len -= count
                count = 0
        limit = self._len
        self._spans = [(k, s, min(e, limit), a, r) for k, s, e, a, r in self._spans]
        for span in self._open:
            span.start = min(span.start, limit)
        self._line_start = min(self._line_start, limit)

    def line_break(self) -> None:
        """A <br>: a new line, or the end of the paragraph after an empty line."""
        if not self._line_has_text:
            self._trim_end(self._len - self._line_start)
            if self._len:
                if self._last() == "\n":
                    self._trim_end(1)
                self.commit()
            return
        if self._last() == " ":
            self._trim_end(1)
        self._append("\n")
        self._line_start = self._len
        self._line_has_text = False

    # -- spans ------------------------------------------------------------------------

    def open_span(self, kind: str, attrs: dict[str, str] | None = None) -> _Span:
        span = _Span(kind, self._len, attrs)
        self._open.append(span)
        return span

    def close_span(self, span: _Span) -> None:
        if span in self._open:
            self._open.remove(span)
        if self._len > span.start:
            self._spans.append((span.kind, span.start, self._len, span.attrs, span.ref))

    def add_marker(self, text: str, ref: object, attrs: dict[str, str] | None = None) -> None:
        """Put a note marker's text where it stands, as a note_ref span tied to `ref`.

        `ref` gets `anchor_start`/`anchor_end` set once the paragraph is placed.
        """
        text = _WS.sub(" ", text).strip()
        if not text:
            return
        start = self._len
        self._append(text)
        self._line_has_text = True
        self._spans.append(("note_ref", start, self._len, attrs or {}, ref))

    def mark_next(self, kind: str, attrs: dict[str, str] | None = None) -> None:
        """A zero-width layout record (a page break) at the start of the next paragraph."""
        self._pending_marks.append((kind, attrs or {}))

    # -- blocks -----------------------------------------------------------------------

    def push_block(self, kind: str, attrs: dict[str, str] | None = None) -> None:
        self.commit()
        self._blocks.append((kind, attrs or {}))

    def current_block(self) -> tuple[str, dict[str, str]]:
        kind, attrs = self._blocks[-1]
        return kind, dict(attrs)

    def pop_block(self) -> None:
        self.commit()
        if len(self._blocks) > 1:
            self._blocks.pop()

    def commit(self) -> tuple[int, int, int] | None:
        """End the paragraph being built; return (start, start after prefix, end) or None."""
        if not self._buf:
            for span in self._open:
                span.start = 0
            self._spans = []
            self._line_start, self._line_has_text = 0, False
            return None
        raw = "".join(self._buf)
        spans = self._spans
        for span in self._open:
            if self._len > span.start:
                spans.append((span.kind, span.start, self._len, span.attrs, span.ref))
            span.start = 0
        self._buf, self._len, self._spans = [], 0, []
        self._line_start, self._line_has_text = 0, False
        body = raw.strip()
        if not body:
            return None
        lead = len(raw) - len(raw.lstrip())
        if self.strip_label is not None:
            match = self.strip_label.match(body)
            self.strip_label = None
            if match and match.end() < len(body):
                lead += match.end()
                body = body[match.end():]
                stripped = body.lstrip()
                lead += len(body) - len(stripped)
                body = stripped
        if self.veto is not None and self.veto(body):
            return None
        prefix, self.prefix = self.prefix, ""
        if self._out:
            self._out.append("\n\n")
            self.pos += 2
        start = self.pos
        text_start = start + len(prefix)
        self._out.append(prefix + body)
        self.pos = end = text_start + len(body)
        for kind, attrs in self._pending_marks:
            self.layout.append(Layout(kind, start, start, dict(attrs)))
        self._pending_marks = []
        kind, attrs = self._blocks[-1]
        self.layout.append(Layout(kind, start, end, dict(attrs)))
        for kind, s, e, attrs, ref in spans:
            s = min(max(s - lead, 0), len(body))
            e = min(max(e - lead, 0), len(body))
            while s < e and body[s].isspace():
                s += 1
            while e > s and body[e - 1].isspace():
                e -= 1
            if e <= s:
                continue
            s, e = s + text_start, e + text_start
            self.layout.append(Layout(kind, s, e, dict(attrs)))
            if ref is not None:
                ref.anchor_start, ref.anchor_end = s, e  # type: ignore[attr-defined]
        self.paragraphs.append((start, text_start, end))
        return start, text_start, end
