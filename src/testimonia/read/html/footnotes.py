"""Find a page's footnotes and tie each to the markers that point to it.

Archives mark notes in every way HTML allows: marker and note linked both ways, a notes
section with a numbered list, numbered paragraphs under a "Notes" heading, bare
superscript numbers, "[4]" typed as plain text. No single rule finds them all, so several
searches run in turn, and markers are tied to notes by link target where the page has
one, else by label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from testimonia.model import Layout
from testimonia.read.html.builder import TextBuilder
from testimonia.read.html.clean import _NOTE_CLASS, _NOTES_CLASS, _is_notes_container
from testimonia.read.html.tags import _BLOCK_TAGS, _HEADINGS
from testimonia.read.html.tree import _collapsed_text, _El, _Tree
from testimonia.vocabulary import NOTES_HEADING

# Footnote markers and note labels.
_MARKER_TEXT = re.compile(r"^[\[(]?(?:\d{1,4}[a-z]?|[*†‡§¶]{1,3}|[a-z]|[ivxlc]{1,6})[\])]?\.?$")
_BRACKETED = re.compile(r"^[\[(](?:\d{1,4}[a-z]?|[*†‡§¶]{1,3})[\])]$")
_SUP_MARKER = re.compile(r"^[\[(]?(?:\d{1,3}|[*†‡§¶]{1,3})[\])]?$")
_LABEL_TEXT = re.compile(
    r"^\s*(?:\[(?P<a>\d{1,4}|[*†‡§¶]{1,3})\]|\((?P<b>\d{1,3})\)|(?P<c>\d{1,3})[.)]"
    r"|(?P<d>[*†‡§¶]{1,3}))\s*"
)
_AFTER_LABEL = re.compile(r"^[.):\]]\s*")
_TEXT_MARKER = re.compile(r"\[(\d{1,3})\](?!:)")
_NOTE_ID = re.compile(
    r"(?:^|[-_:])(?:fn|ftn|_ftn|edn|_edn|footnote|endnote|note|notes|n|cite_note|sdfootnote|"
    r"sdendnote|en|fnt|ref|ftnt)[-_:.]?\d", re.IGNORECASE)
_NOTE_ID_PLAIN = re.compile(r"^(?:n|fn|note|ftn|_ftn|edn|_edn)\d{1,4}$", re.IGNORECASE)
_NOTEREF_CLASS = re.compile(r"^(?:footnote-?ref(?:erence)?|noteref|fn-?ref|footnote-?link|"
                            r"msofootnotereference|msoendnotereference|sdfootnoteanc|"
                            r"sdendnoteanc|reference)$", re.IGNORECASE)
_BACKREF_CLASS = re.compile(r"^(?:footnote-?back(?:ref)?|fn-?back(?:ref)?|mw-cite-backlink|"
                            r"backlink|reversefootnote)$", re.IGNORECASE)
_BACKREF_TEXT = re.compile(r"^(?:[↩↑⤴↵^]\ufe0e?\ufe0f?\d*|\^\s*[a-z](?:\s+[a-z])*|back|return|"
                           r"\[return\]|назад|наверх)$", re.IGNORECASE)


@dataclass(eq=False)
class _Entry:
    blocks: list[_El]
    label: str | None = None
    label_el: _El | None = None
    text_label: bool = False  # the label is plain text at the head of the first block
    guessed: bool = False  # the label is the item's place in its list, not written
    markers: list[_Marker] = field(default_factory=list)

    @property
    def order(self) -> int:
        return self.blocks[0].order


@dataclass(eq=False)
class _Marker:
    el: _El
    text: str
    label: str
    entry: _Entry | None = None
    anchor_start: int | None = None
    anchor_end: int | None = None


def _normal_label(text: str) -> str:
    return text.strip().strip("[]().").strip()


def _block_of(element: _El) -> _El:
    node = element
    while node.tag not in _BLOCK_TAGS and node.parent is not None:
        node = node.parent
    return node


def _at_block_start(element: _El) -> bool:
    """Whether nothing but whitespace precedes `element` in its block."""
    if element.tag in _BLOCK_TAGS:
        return True
    block = _block_of(element)
    for count, node in enumerate(block.walk()):
        if node is element:
            return True
        if isinstance(node, str) and node.strip():
            return False
        if count > 5000:
            break
    return False


def _leading_label(block: _El) -> tuple[_El | None, str | None]:
    """The anchor (or text) that opens a note: its element and its label."""
    for node in block.walk():
        if isinstance(node, str):
            if not node.strip():
                continue
            match = _LABEL_TEXT.match(node)
            if match:
                return None, next(g for g in match.groups() if g)
            return None, None
        if node.tag in ("a", "sup", "span", "b", "strong", "small"):
            text = _collapsed_text(node, 40)
            if not text:
                continue
            if node.tag in ("a", "sup") and _MARKER_TEXT.match(text):
                return node, _normal_label(text)
            if node.tag == "a":
                return None, None
    return None, None


def _marker_element(anchor: _El) -> _El:
    """The sup around a marker's anchor, when it holds nothing else."""
    parent = anchor.parent
    if parent is not None and parent.tag == "sup" and all(
        c is anchor or (isinstance(c, str) and not c.strip()) for c in parent.children
    ):
        return parent
    return anchor


class _Notes:
    """Finds note entries and markers in the tree and ties them together."""

    def __init__(self, tree: _Tree) -> None:
        self.tree = tree
        self.entries: dict[int, _Entry] = {}  # id(first block) -> entry
        self.block_entry: dict[int, _Entry] = {}  # id(any block of an entry) -> entry
        self.skip: set[int] = set()  # elements left out of the main text
        self.markers: dict[int, _Marker] = {}  # id(marker element) -> marker
        self.skip_in_notes: set[int] = set()  # labels and back-links inside notes
        self._find()

    def _entry_for(self, block: _El) -> _Entry | None:
        node: _El | None = block
        while node is not None:
            entry = self.block_entry.get(id(node))
            if entry is not None:
                return entry
            node = node.parent
        return None

    def _add_entry(self, blocks: list[_El], label: str | None = None,
                   label_el: _El | None = None, text_label: bool = False) -> _Entry:
        existing = self._entry_for(blocks[0])
        if existing is not None:
            return existing
        if label is None:
            found_el, found = _leading_label(blocks[0])
            label, label_el, text_label = found, found_el, found is not None and found_el is None
        entry = _Entry(blocks, label, label_el, text_label)
        self.entries[id(blocks[0])] = entry
        for block in blocks:
            self.block_entry[id(block)] = entry
            self.skip.add(id(block))
        if label_el is not None:
            self.skip_in_notes.add(id(label_el))
        return entry

    def _find(self) -> None:
        elements = self.tree.elements
        # 1. Sections that hold notes.
        for element in elements:
            if element is self.tree.body or not _is_notes_container(element.tag, element.attrs):
                continue
            if self._entry_for(element) is not None or self._in_skipped(element):
                continue
            if self._is_single_note(element):
                self._add_entry([element])
                continue
            self.skip.add(id(element))
            self._section_entries(element)
        # 2. Pairs of links: a marker pointing at a note, a note pointing back at its marker.
        for element in elements:
            if element.tag == "a":
                self._pair(element)
        # 3. Numbered paragraphs after a "Notes" heading.
        for element in elements:
            if (element.tag in _HEADINGS or element.tag in ("p", "div", "b", "strong")) and (
                    0 < element.text_len <= 60):
                heading = _collapsed_text(element, 80).rstrip(":. ")
                if NOTES_HEADING.fullmatch(heading):
                    self._heading_region(element)
        # 4. Superscript numbers without links.
        for element in elements:
            if element.tag != "sup" or id(element) in self.markers:
                continue
            if any(isinstance(n, _El) and n.tag == "a" for n in element.walk()):
                continue
            text = _collapsed_text(element, 20)
            if _SUP_MARKER.match(text) and not self._inside_entry(element):
                self.markers[id(element)] = _Marker(element, text, _normal_label(text))
        self._match_by_label()

    def _in_skipped(self, element: _El) -> bool:
        node = element.parent
        while node is not None:
            if id(node) in self.skip:
                return True
            node = node.parent
        return False

    def _is_single_note(self, element: _El) -> bool:
        role = element.get("role").lower()
        epub = element.get("epub:type").lower()
        if role in ("doc-footnote", "doc-endnote") or epub in ("footnote", "endnote", "note",
                                                                 "rearnote"):
            return True
        tokens = element.tokens()
        return any(_NOTE_CLASS.match(t) for t in tokens) and not any(
            _NOTES_CLASS.match(t) for t in tokens)

    def _inside_entry(self, element: _El) -> bool:
        node: _El | None = element
        while node is not None:
            if id(node) in self.block_entry:
                return True
            node = node.parent
        return False

    def _section_entries(self, section: _El) -> None:
        lists = [n for n in section.walk() if isinstance(n, _El) and n.tag in ("ol", "ul")]
        if lists:
            for list_el in lists:
                if any(list_el is not other and list_el.is_inside(other) for other in lists):
                    continue
                number = _int(list_el.get("start"), 1)
                for child in list_el.children:
                    if isinstance(child, _El) and child.tag == "li":
                        number = _int(child.get("value"), number)
                        if _leading_label(child)[1] is None and list_el.tag == "ol":
                            self._add_entry([child], str(number)).guessed = True
                        else:
                            self._add_entry([child])
                        number += 1
            return
        blocks = [c for c in section.children if isinstance(c, _El) and c.tag in _BLOCK_TAGS
                  and c.tag not in _HEADINGS and c.tag != "hr" and c.text_len]
        if not blocks:
            self.skip.discard(id(section))
            self._add_entry([section])
            return
        if len(blocks) == 1 and blocks[0].tag in ("div", "section") and not _leading_label(
                blocks[0])[1]:
            blocks = [c for c in blocks[0].children if isinstance(c, _El) and c.text_len]
        labelled = [b for b in blocks if _leading_label(b)[1] is not None]
        if not labelled:
            for block in blocks:
                self._add_entry([block])
            return
        current: _Entry | None = None
        for block in blocks:
            if _leading_label(block)[1] is not None:
                current = self._add_entry([block])
            elif current is not None:
                current.blocks.append(block)
                self.block_entry[id(block)] = current
                self.skip.add(id(block))

    def _heading_region(self, heading: _El) -> None:
        parent = heading.parent
        if parent is None:
            return
        siblings = parent.children
        index = next(i for i, c in enumerate(siblings) if c is heading)
        current: _Entry | None = None
        found = False
        for sibling in siblings[index + 1:]:
            if isinstance(sibling, str):
                if sibling.strip():
                    break
                continue
            if sibling.tag == "hr":
                continue
            if sibling.tag in _HEADINGS:
                break
            if sibling.tag in ("ol", "ul"):
                number = _int(sibling.get("start"), 1)
                for child in sibling.children:
                    if isinstance(child, _El) and child.tag == "li":
                        if _leading_label(child)[1] is None:
                            self._add_entry([child], str(number)).guessed = True
                        else:
                            self._add_entry([child])
                        number += 1
                        found = True
                current = None
                continue
            if id(sibling) in self.skip:  # a notes section of its own
                found = True
                continue
            if not sibling.text_len:
                continue
            existing = self._entry_for(sibling)
            if existing is not None:
                current, found = existing, True
                continue
            if _leading_label(sibling)[1] is not None:
                current, found = self._add_entry([sibling]), True
            elif current is not None and sibling.tag == current.blocks[-1].tag and sibling.get(
                    "class") == current.blocks[-1].get("class"):
                current.blocks.append(sibling)
                self.block_entry[id(sibling)] = current
                self.skip.add(id(sibling))
            else:
                break
        if found:
            self.skip.add(id(heading))

    def _pair(self, anchor: _El) -> None:
        href = anchor.get("href").strip()
        if "#" not in href or id(anchor) in self.skip_in_notes:
            return
        path, _, fragment = href.partition("#")
        text = _collapsed_text(anchor, 40)
        in_sup = anchor.parent is not None and anchor.parent.tag == "sup"
        noteref = self._is_noteref(anchor)
        if not (noteref or _MARKER_TEXT.match(text) or (in_sup and 0 < len(text) <= 6)):
            return
        if not text:
            return
        target = self.tree.ids.get(fragment) if not path and fragment else None
        anchor_start = _at_block_start(anchor)
        if target is None:
            if anchor_start:
                # The label of a note whose marker is gone, when it stands among other notes.
                block = _block_of(anchor)
                if block.tag not in _HEADINGS and block is not self.tree.body and (
                        _NOTE_ID.search(fragment) or _NOTE_ID_PLAIN.match(fragment)
                        or _NOTE_ID.search(anchor.get("name")) or _NOTE_ID.search(block.get("id"))
                        or _NOTE_ID_PLAIN.match(block.get("id"))) and (
                        self._inside_entry(block)
                        or any(e.order < block.order for e in self.entries.values())):
                    self._add_entry([block])
                    self.skip_in_notes.add(id(anchor))
                    return
            if self._inside_entry(anchor):
                return
            if path and not (_BRACKETED.match(text) or in_sup or noteref
                             or _NOTE_ID.search(fragment)):
                return
            self._add_marker(anchor, text)
            return
        target_start = target.tag in _BLOCK_TAGS or _at_block_start(target)
        if anchor_start and not target_start:
            is_label = True
        elif target_start and not anchor_start:
            is_label = False
        else:
            is_label = anchor_start and target.order < anchor.order
        if is_label:
            block = _block_of(anchor)
            if block.tag in _HEADINGS or block is self.tree.body:
                return
            self._add_entry([block])
            self.skip_in_notes.add(id(anchor))
            return
        if self._inside_entry(anchor):
            if _BACKREF_TEXT.match(text):
                self.skip_in_notes.add(id(anchor))
            return
        block = _block_of(target)
        if block.tag in _HEADINGS or block is self.tree.body or anchor.is_inside(block):
            return
        label = _normal_label(text)
        if not (noteref or self._inside_entry(block) or _is_notes_container(block.tag, block.attrs)
                or _NOTE_ID.search(fragment) or _NOTE_ID_PLAIN.match(fragment)
                or _leading_label(block)[1] == label):
            return
        entry = self._entry_for(block) or self._add_entry([block])
        marker = self._add_marker(anchor, text)
        marker.entry = entry
        entry.markers.append(marker)
        if entry.label is None or entry.guessed:
            entry.label, entry.guessed = label, False

    def _is_noteref(self, anchor: _El) -> bool:
        for node in (anchor, anchor.parent):
            if node is None:
                continue
            if node.get("role").lower() == "doc-noteref" or "noteref" in node.get(
                    "epub:type").lower():
                return True
            if any(_NOTEREF_CLASS.match(t) for t in node.get("class").split()):
                return True
        return False

    def _add_marker(self, anchor: _El, text: str) -> _Marker:
        element = _marker_element(anchor)
        marker = self.markers.get(id(element))
        if marker is None:
            marker = _Marker(element, text, _normal_label(text))
            self.markers[id(element)] = marker
        return marker

    def _match_by_label(self) -> None:
        waiting: dict[str, list[_Entry]] = {}
        for entry in sorted(self.entries.values(), key=lambda e: e.order):
            if not entry.markers and entry.label:
                waiting.setdefault(entry.label, []).append(entry)
        for marker in sorted(self.markers.values(), key=lambda m: m.el.order):
            if marker.entry is None and self._inside_entry(marker.el):
                continue
            if marker.entry is None and waiting.get(marker.label):
                entry = waiting[marker.label].pop(0)
                marker.entry = entry
                entry.markers.append(marker)


def _int(value: str, default: int) -> int:
    try:
        return int(value.strip())
    except (ValueError, AttributeError):
        return default


def _text_markers(builder: TextBuilder, notes: _Notes) -> None:
    """Tie notes no element points to, to "[4]" written as plain text in the main text."""
    waiting: dict[str, list[_Entry]] = {}
    for entry in sorted(notes.entries.values(), key=lambda e: e.order):
        if entry.label and not any(m.anchor_start is not None for m in entry.markers):
            waiting.setdefault(entry.label, []).append(entry)
    if not waiting:
        return
    text = builder.text
    taken = [(item.start, item.end) for item in builder.layout if item.kind == "note_ref"]
    unpaired: list[re.Match[str]] = []
    paired = False
    for match in _TEXT_MARKER.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        queue = waiting.get(match.group(1))
        if not queue:
            unpaired.append(match)
            continue
        entry = queue.pop(0)
        _text_marker(builder, notes, match, entry)
        paired = True
    if paired:  # the page writes its markers as plain text: the rest lost their notes
        for match in unpaired:
            _text_marker(builder, notes, match, None)


def _text_marker(builder: TextBuilder, notes: _Notes, match: re.Match[str],
                 entry: _Entry | None) -> None:
    marker = _Marker(entry.blocks[0] if entry else notes.tree.body, match.group(0),
                     match.group(1), entry, match.start(), match.end())
    if entry is not None:
        entry.markers.append(marker)
    notes.markers[id(marker)] = marker
    builder.layout.append(Layout("note_ref", match.start(), match.end(), {"label": marker.label}))
