"""ALTO (v1–v4), as eScriptorium, ABBYY FineReader, Tesseract and OCR-D export it.

Pages are read in the order of `Page/@PHYSICAL_IMG_NR` (file order where it is missing),
each page's text blocks in the order of ALTO 4.2's `ReadingOrder` where there is one, else
in file order (blocks inside `ComposedBlock`s where they stand), and only those of the
print space when a page has one: the margins hold running heads and page numbers, not the
text. A line is its `String/@CONTENT`s, separated by a space where an `SP` stands between
them (or everywhere, when a producer writes no `SP` at all). A word broken at a line's end
(`HYP`, or `@SUBS_TYPE="HypPart1"`) is joined without its hyphen on the first line, and the
next line starts after it.
"""

from __future__ import annotations

from lxml import etree

from testimonia.model import Credit
from testimonia.read.transcription.pages import (
    TranscribedPage,
    TranscribedRegion,
    Transcription,
    clean_line,
)

_HYPHENS = ("-", "\u00ac", "\u2010", "\u2e17", "=")


def is_alto(root: etree._Element) -> bool:
    if not isinstance(root.tag, str) or etree.QName(root).localname.lower() != "alto":
        return False
    ns = etree.QName(root).namespace or ""
    return not ns or "alto" in ns.lower()


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def read_alto_root(root: etree._Element) -> Transcription:
    out = Transcription("alto", [])
    image = None
    for el in root.iter(etree.Element):
        name = _local(el)
        if name == "fileName" and image is None:
            image = clean_line(el.text) or None
        elif name == "processingSoftware":
            parts = {_local(c): clean_line(c.text) for c in el}
            software = " ".join(p for p in (parts.get("softwareName"), parts.get("softwareVersion")) if p)
            if parts.get("softwareCreator") and software:
                software += f" ({parts['softwareCreator']})"
            if software:
                out.credits.append(Credit("transcriber", software))
        elif name == "processingDateTime" and out.created is None:
            out.created = clean_line(el.text) or None
        elif name == "Layout":
            break
    pages = [el for el in root.iter(etree.Element) if _local(el) == "Page"]
    order = sorted(range(len(pages)), key=lambda i: (_number(pages[i].get("PHYSICAL_IMG_NR")), i))
    # ALTO 4.2's ReadingOrder lists blocks by ID, in order; blocks it leaves out follow
    rank = {ref.get("REF"): n for n, ref in enumerate(
        el for order in root if _local(order) == "ReadingOrder"
        for el in order.iter(etree.Element) if _local(el) == "ElementRef")}
    lines = _Lines()
    laid: list[tuple[etree._Element, list[list[list[str]]]]] = []
    for i in order:
        page = pages[i]
        spaces = [c for c in page if _local(c) == "PrintSpace"]
        holders = spaces or [page]
        blocks = [b for h in holders for b in h.iter(etree.Element) if _local(b) == "TextBlock"]
        if rank:
            at = {b: n for n, b in enumerate(blocks)}
            blocks.sort(key=lambda b: (rank.get(b.get("ID"), len(rank)), at[b]))
        laid.append((page, [lines.of_block(b) for b in blocks]))
    lines.finish()
    for page, blocks in laid:
        number = page.get("PRINTED_IMG_NR") or page.get("PHYSICAL_IMG_NR")
        out.pages.append(TranscribedPage(
            [TranscribedRegion([" ".join(words) for words in block if words]) for block in blocks],
            number=number or None, image=image if len(pages) == 1 else None))
    return out


def _number(value: str | None) -> float:
    try:
        return float(value) if value else float("inf")
    except ValueError:
        return float("inf")


class _Lines:
    """Each line as its words, a word broken at a line's end completed by the next line.

    Lines stay lists of words until every page is read, because the rest of a broken word
    may stand in the next block or on the next page.
    """

    def __init__(self) -> None:
        self.pending: tuple[list[str], str] | None = None  # (the line, its last word as written)

    def of_block(self, block: etree._Element) -> list[list[str]]:
        return [self._words(line) for line in block.iter(etree.Element) if _local(line) == "TextLine"]

    def _words(self, line: etree._Element) -> list[str]:
        words: list[str] = []
        glued = False  # the next String continues the last word (no SP between them)
        any_space = any(_local(c) == "SP" for c in line)
        broken = False
        for child in line:
            name = _local(child)
            if name == "SP":
                glued = False
            elif name == "String":
                content = clean_line(child.get("CONTENT"))
                if not content:
                    continue
                if self.pending is not None:  # the rest of the word broken on the line before
                    self.pending[0][-1] += content
                    self.pending = None
                    glued = True
                    continue
                if glued and words and any_space:
                    words[-1] += content
                else:
                    words.append(content)
                glued = True
                broken = broken or child.get("SUBS_TYPE") == "HypPart1"
            elif name == "HYP":
                broken = True
        if broken and words:
            written = words[-1]
            if written.endswith(_HYPHENS) and len(written) > 1:
                words[-1] = written[:-1]
            self.pending = (words, written + ("" if written != words[-1] else "-"))
        return words

    def finish(self) -> None:
        """A word broken on the very last line keeps its hyphen: nothing completes it."""
        if self.pending is not None:
            self.pending[0][-1] = self.pending[1]
            self.pending = None
