"""PAGE XML (PRImA, the 2010–2019 schemas), as Transkribus, eScriptorium and OCR-D export it.

A page's text regions are read in the order its `ReadingOrder` gives (ordered groups by
`@index`, nested groups where they stand, unordered groups in file order); regions it
leaves out follow in file order. A page without one, and the lines of a region, follow
Transkribus's `@custom="readingOrder {index:N;}"` where it is given, else file order.

A line's text is its own `TextEquiv/Unicode` (the one with the lowest `@index` where there
are several), else its words' joined by spaces; a region whose lines carry no text gives
its own `TextEquiv`, one line per line of it. The transcription is kept as written: a
hyphen at a line's end (`-`, `¬`) stays, as a diplomatic transcription has it. Page
numbers, running heads and footers (`@type` page-number, header, footer, catch-word,
signature-mark) are print furniture, not the text, and are left out; a page-number region
names its page instead.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from testimonia.model import Credit
from testimonia.read.transcription.pages import (
    TranscribedPage,
    TranscribedRegion,
    Transcription,
    clean_line,
)

PAGE_NAMESPACE_PREFIX = "http://schema.primaresearch.org/PAGE/gts/pagecontent/"

Tag = Callable[[str], str]  # a local name -> its tag in the file's namespace

FURNITURE = ("page-number", "header", "footer", "catch-word", "signature-mark")


def is_page(root: etree._Element) -> bool:
    return root.tag.startswith("{" + PAGE_NAMESPACE_PREFIX) and root.tag.endswith("}PcGts")


def read_page_root(root: etree._Element) -> Transcription:
    ns = root.tag[1:].split("}")[0]

    def q(name: str) -> str:
        return f"{{{ns}}}{name}"

    out = Transcription("page", [])
    metadata = root.find(q("Metadata"))
    if metadata is not None:
        creator = clean_line(metadata.findtext(q("Creator")))
        if creator:
            out.credits.append(Credit("transcriber", creator))
        out.created = clean_line(metadata.findtext(q("LastChange"))
                                 or metadata.findtext(q("Created"))) or None
    for page in root.iter(q("Page")):
        out.pages.append(_read_page(page, q))
    return out


def _read_page(page: etree._Element, q: Tag) -> TranscribedPage:
    regions = [r for r in page.iter(q("TextRegion"))]
    by_id = {r.get("id"): r for r in regions if r.get("id")}
    ordered: list[etree._Element] = []
    reading = page.find(q("ReadingOrder"))
    if reading is not None:
        for group in reading:
            _walk_order(group, by_id, ordered)
    seen = set(ordered)
    rest = [r for r in regions if r not in seen]
    if not ordered:  # Transkribus repeats the order in @custom: "readingOrder {index:2;}"
        rest.sort(key=lambda r: _custom_index(r, len(regions)))
    ordered += rest
    out = TranscribedPage(image=page.get("imageFilename") or None)
    for region in ordered:
        kind = _region_type(region)
        lines = _region_lines(region, q)
        if kind in FURNITURE:
            if kind == "page-number" and lines and out.number is None:
                out.number = clean_line(" ".join(lines)) or None
            continue
        out.regions.append(TranscribedRegion(lines, "heading" if kind == "heading" else "paragraph"))
    return out


def _walk_order(group: etree._Element, by_id: dict[str | None, etree._Element],
                out: list[etree._Element]) -> None:
    """Append the regions `group` names, in its order, to `out` (each region once)."""
    if not isinstance(group.tag, str):
        return
    region = by_id.get(group.get("regionRef"))
    if region is not None and region not in out:
        out.append(region)
    members = [m for m in group if isinstance(m.tag, str)]
    if group.tag.endswith(("}OrderedGroup", "}OrderedGroupIndexed")):
        members.sort(key=_index)
    for member in members:
        _walk_order(member, by_id, out)


def _index(el: etree._Element) -> int:
    try:
        return int(el.get("index") or 0)
    except ValueError:
        return 0


def _custom(el: etree._Element, tag: str, key: str) -> str | None:
    """A value from Transkribus's @custom: `_custom(el, "structure", "type")` → "heading"."""
    custom = el.get("custom") or ""
    at = custom.find(tag + " {")
    if at < 0:
        return None
    body = custom[at:].split("}", 1)[0]
    for item in body.split("{", 1)[-1].split(";"):
        name, _, value = item.partition(":")
        if name.strip() == key:
            return value.strip()
    return None


def _custom_index(el: etree._Element, default: int) -> int:
    value = _custom(el, "readingOrder", "index")
    return int(value) if value and value.isdigit() else default


def _region_type(region: etree._Element) -> str:
    # Transkribus keeps its tags in @custom: "structure {type:heading;}"
    return ((region.get("type") or _custom(region, "structure", "type") or "").strip().lower())


def _unicode(holder: etree._Element, q: Tag) -> str | None:
    """The text of `holder`'s own preferred TextEquiv (lowest @index), if it has one."""
    equivs = holder.findall(q("TextEquiv"))
    if not equivs:
        return None
    best = min(equivs, key=_index)
    value = best.findtext(q("Unicode"))
    return value if value and value.strip() else None


def _region_lines(region: etree._Element, q: Tag) -> list[str]:
    lines: list[str] = []
    found = region.findall(q("TextLine"))
    for line in sorted(found, key=lambda el: _custom_index(el, len(found))):
        text = _unicode(line, q)
        if text is None:
            words = [_unicode(w, q) for w in line.findall(q("Word"))]
            text = " ".join(w for w in words if w) or None
        if text is not None:
            lines.append(text)
    if not lines:
        whole = _unicode(region, q)
        if whole:
            lines = whole.splitlines()
    return lines
