"""Footnote and endnote markers in the running text, and the notes they point to.

A marker without its note, or a note without its marker, is kept and reported as
dangling: an editor must see what the transcription lost, not have it silently dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from testimonia.model import Layout, Note
from testimonia.structure.paragraphs import Paragraph
from testimonia.vocabulary import NOTES_HEADING

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

# In running text: [4], [^4] (Markdown), or superscript digits glued to a word or mark.
# Each alternative starts with a literal character, so the scan skips ahead quickly.
_BODY_MARKER = re.compile(r"\[\^?(\d{1,3})\](?!:)|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})")
_GLUED_TO = re.compile(r"[\w.,;:!?”’\"»)]")

# At the head of a note: "[4] ...", "[^4]: ...", "4. ...", "4) ...", "¹ ...".
_NOTE_HEAD = re.compile(
    r"^(?:\[\^?(?P<bracket>\d{1,3})\]:?|(?P<number>\d{1,3})[.)]|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))\s+(?=\S)"
)


@dataclass
class Marker:
    label: str
    start: int
    end: int


def find_markers(text: str, start: int, end: int, layout: list[Layout]) -> list[Marker]:
    """Note markers between `start` and `end`, from the reader's markup or the text."""
    markers = {}
    for item in layout:
        if item.kind == "note_ref" and start <= item.start < end:
            label = item.attrs.get("label") or text[item.start:item.end].strip("[]^ ")
            markers[item.start] = Marker(label.translate(_SUPERSCRIPTS), item.start, item.end)
    for match in _BODY_MARKER.finditer(text, start, end):
        if match.group(2) and not (match.start() > 0 and _GLUED_TO.match(text, match.start() - 1)):
            continue
        if not any(m.start <= match.start() < m.end for m in markers.values()):
            label = (match.group(1) or match.group(2)).translate(_SUPERSCRIPTS)
            markers[match.start()] = Marker(label, match.start(), match.end())
    return sorted(markers.values(), key=lambda m: m.start)


def note_head(paragraph: Paragraph) -> re.Match[str] | None:
    return _NOTE_HEAD.match(paragraph.text.lstrip("#> \t"))


def find_notes_region(paragraphs: list[Paragraph], body_labels: set[str]) -> int | None:
    """Index of the first paragraph of the trailing notes block, or None if there is none.

    A block of numbered paragraphs counts as notes only when the running text before it
    carries a marker for at least one of them, or a "Notes" heading introduces it, so that a
    numbered list at the end of a diary is not taken for notes.
    """
    index = len(paragraphs)
    first_note = None
    while index > 0:
        candidate = paragraphs[index - 1]
        if note_head(candidate):
            first_note = index - 1
            index -= 1
            continue
        if first_note is not None and index - 2 >= 0 and note_head(paragraphs[index - 2]) \
                and not NOTES_HEADING.fullmatch(candidate.plain):
            index -= 1  # a continuation paragraph of the note before it
            continue
        break
    if first_note is None:
        return None
    labels = {_label(note_head(p)) for p in paragraphs[first_note:] if note_head(p)}
    introduced = first_note > 0 and NOTES_HEADING.fullmatch(paragraphs[first_note - 1].plain)
    if introduced:
        return first_note - 1
    return first_note if labels & body_labels else None


def read_notes(paragraphs: list[Paragraph]) -> list[Note]:
    """Notes from the paragraphs of a notes block (continuations joined to their note)."""
    notes: list[Note] = []
    for paragraph in paragraphs:
        head = note_head(paragraph)
        if head is None:
            if notes and not NOTES_HEADING.fullmatch(paragraph.plain):
                notes[-1].end = paragraph.end
                notes[-1].text = notes[-1].text + "\n\n" + paragraph.text
            continue
        lead = len(paragraph.text) - len(paragraph.text.lstrip("#> \t"))
        body_start = paragraph.start + lead + head.end()
        notes.append(Note(_label(head), paragraph.text[lead + head.end():].strip(),
                          None, None, body_start, paragraph.end, "dangling_note"))
    return notes


def attach(markers: list[Marker], notes: list[Note]) -> list[Note]:
    """Pair markers with notes by label, in order; return every note, dangling ones too."""
    waiting: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        waiting[note.marker].append(note)
    result = list(notes)
    for marker in markers:
        queue = waiting.get(marker.label)
        if queue:
            note = queue.pop(0)
            note.anchor_start, note.anchor_end, note.status = marker.start, marker.end, "attached"
        else:
            result.append(Note(marker.label, "", marker.start, marker.end, None, None,
                               "dangling_marker"))
    return sorted(result, key=lambda n: (n.anchor_start if n.anchor_start is not None
                                         else n.start or 0))


def _label(match: re.Match[str] | None) -> str:
    if match is None:
        return ""
    label = match.group("bracket") or match.group("number") or match.group("sup") or ""
    return label.translate(_SUPERSCRIPTS)
