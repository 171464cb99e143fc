"""Write the chosen part of the tree into a TextBuilder, then the notes after it.

The main text and the notes go through the same walk, so headings, italics, quotations
and line breaks come out alike in both; only in the notes are labels and back-links left
out, and each note is recorded with the markers that point to it.
"""

from __future__ import annotations

import re

from testimonia.model import Layout, Note
from testimonia.read.html.builder import TextBuilder, _Span
from testimonia.read.html.footnotes import (
    _AFTER_LABEL,
    _BACKREF_CLASS,
    _BACKREF_TEXT,
    _LABEL_TEXT,
    _marker_element,
    _Notes,
)
from testimonia.read.html.tags import _BLOCK_TAGS, _HEADINGS
from testimonia.read.html.tree import _collapsed_text, _El

_ITALIC_TAGS = frozenset({"i", "em", "cite", "dfn", "var"})
_BOLD_TAGS = frozenset({"b", "strong"})
_PRE_TAGS = frozenset({"pre", "listing", "xmp", "plaintext"})
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*(?:italic|oblique)", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)


class _Renderer:
    def __init__(self, builder: TextBuilder, notes: _Notes) -> None:
        self.out = builder
        self.notes = notes
        self.in_notes = False
        self.pre = 0

    def render(self, root: _El, skip: set[int]) -> None:
        out = self.out
        # (node, leaving, span handle, what entering did: 0 nothing, 1 commit, 2 push, 3 quote)
        stack: list[tuple[_El | str, bool, _Span | None, int]] = [(root, False, None, 0)]
        quotes: list[int] = []
        markers = self.notes.markers
        while stack:
            node, leaving, handle, action = stack.pop()
            if isinstance(node, str):
                out.add(node, preserve=self.pre > 0)
                continue
            tag = node.tag
            if leaving:
                if handle is not None:
                    out.close_span(handle)
                if tag in _PRE_TAGS:
                    self.pre -= 1
                if action == 2:
                    out.pop_block()
                elif action:
                    out.commit()
                if action == 3:
                    placed = out.paragraphs[quotes.pop():]
                    if placed:
                        out.layout.append(Layout("quote", placed[0][0], placed[-1][2]))
                continue
            if node is not root and id(node) in skip:
                continue
            if self.in_notes and id(node) in self.notes.skip_in_notes:
                continue
            marker = markers.get(id(node))
            if marker is not None and not self.in_notes:
                out.add_marker(marker.text, marker, {"label": marker.label})
                continue
            if self.in_notes and tag == "a" and self._is_backref(node):
                continue
            if tag == "br":
                if self.pre:
                    out.add("\n", preserve=True)
                else:
                    out.line_break()
                continue
            if tag in ("hr", "img", "wbr"):
                if tag == "hr":
                    out.commit()
                continue
            handle = None
            action = 0
            if tag in _HEADINGS and not self.in_notes:
                out.push_block("heading", {"level": _HEADINGS[tag]})
                action = 2
            elif tag in _PRE_TAGS or tag in ("li", "dt", "dd"):
                if tag in _PRE_TAGS:
                    self.pre += 1
                out.push_block(*out.current_block() if self.in_notes else ("paragraph", {}))
                action = 2
            elif tag in _BLOCK_TAGS:
                out.commit()
                action = 1
                if tag == "blockquote":
                    quotes.append(len(out.paragraphs))
                    action = 3
            elif tag in _ITALIC_TAGS or (tag == "span" and _ITALIC_STYLE.search(node.get("style"))):
                handle = out.open_span("italic")
            elif tag in _BOLD_TAGS or (tag == "span" and _BOLD_STYLE.search(node.get("style"))):
                handle = out.open_span("bold")
            stack.append((node, True, handle, action))
            stack.extend((child, False, None, 0) for child in reversed(node.children))

    def _is_backref(self, anchor: _El) -> bool:
        href = anchor.get("href")
        if not href.startswith("#"):
            return False
        if anchor.get("role").lower() == "doc-backlink" or any(
                _BACKREF_CLASS.match(t) for t in anchor.get("class").split()):
            return True
        target = self.notes.tree.ids.get(href[1:])
        if target is not None and (id(target) in self.notes.markers or id(
                _marker_element(target)) in self.notes.markers):
            return True
        return bool(_BACKREF_TEXT.match(_collapsed_text(anchor, 20)))

    def render_notes(self) -> list[Note]:
        out = self.out
        entries = sorted(self.notes.entries.values(), key=lambda e: e.order)
        self.in_notes = True
        records: list[Note] = []
        skip_backlinks = {
            id(node) for entry in entries for block in entry.blocks for node in block.walk()
            if isinstance(node, _El) and node.attrs.get("class")
            and any(_BACKREF_CLASS.match(t) for t in node.get("class").split())
        }
        for number, entry in enumerate(entries, start=1):
            label = entry.label or (entry.markers[0].label if entry.markers else None) or str(
                number)
            out.push_block("note_body", {"label": label})
            out.prefix = label + (". " if label[-1].isalnum() else " ")
            if entry.text_label:
                out.strip_label = _LABEL_TEXT
            elif entry.label_el is not None:
                out.strip_label = _AFTER_LABEL
            else:
                out.strip_label = None
            first = len(out.paragraphs)
            for block in entry.blocks:
                self.render(block, skip_backlinks)
            out.pop_block()
            out.prefix, out.strip_label = "", None
            placed = out.paragraphs[first:]
            if not placed:
                continue
            start, end = placed[0][1], placed[-1][2]
            body = out.text[start:end]
            shown = [m for m in entry.markers if m.anchor_start is not None]
            if not shown:
                records.append(Note(label, body, None, None, start, end, "dangling_note"))
            for marker in shown:
                records.append(Note(label, body, marker.anchor_start, marker.anchor_end,
                                    start, end, "attached"))
        self.in_notes = False
        attached = {n.anchor_start for n in records if n.status == "attached"}
        for marker in self.notes.markers.values():
            if marker.anchor_start is not None and marker.anchor_start not in attached:
                records.append(Note(marker.label, "", marker.anchor_start, marker.anchor_end,
                                    None, None, "dangling_marker"))
        records.sort(key=lambda n: n.anchor_start if n.anchor_start is not None else n.start or 0)
        return records
