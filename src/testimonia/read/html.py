"""Read an HTML page: its main text, headings, italics, and footnotes tied to their markers.

Online archives wrap a letter or an article in menus, banners and footers; the reader drops
those, keeps the main text as paragraphs separated by blank lines (headings and list items
as paragraphs of their own, <br> as a line break), and records where headings, italics
(titles of works), quotations and note markers stand. Notes are moved to the end of the
text, each as a paragraph that opens with its label ("4. Serge's young daughter."), and
tied to their markers by link targets where the page has them, else by number.

Everything here walks the tree with explicit stacks: a page nested fifty thousand levels
deep must not overflow Python's recursion limit.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from testimonia.errors import UnreadableSource
from testimonia.model import DateValue, FrontMatter, Layout, Note, ReadResult
from testimonia.read import register_reader
from testimonia.read.decode import _BOMS, decode_bytes

__all__ = ["TextBuilder", "read_html"]

# Lexbor's tree builder checks the stack of open elements on every <div>, which makes a
# page of 50,000 nested divs take many seconds to parse; tags nested deeper than this are
# dropped before parsing (their text is kept).
MAX_DEPTH = 1000

# Where the encoding is declared: the first bytes of the file.
_SNIFF_BYTES = 4096
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)""")
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# Labels browsers read differently from Python's codec of the same name (WHATWG Encoding).
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "ansi_x3.4-1968": "cp1252",
    "x-mac-cyrillic": "mac_cyrillic", "x-mac-ukrainian": "mac_cyrillic",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",  # an ASCII-readable label lies
    "x-cp1251": "cp1251", "x-user-defined": "cp1252", "gb2312": "gbk", "iso-8859-5": "iso8859_5",
}

_SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
    "object", "embed", "canvas", "audio", "video", "picture", "select", "button", "textarea",
    "input", "option", "head", "title", "meta", "link", "base", "dialog", "map", "nav", "aside",
    "footer", "menu", "label", "fieldset", "datalist", "output", "progress", "meter",
})
_SKIP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search",
                         "menu", "menubar", "toolbar", "dialog", "alert"})
_BOILERPLATE = re.compile(
    r"^(?:site|page|main|top|global|primary|secondary)?[-_]?(?:nav|navbar|navigation|menu|"
    r"menubar|breadcrumbs?|sidebar|side-bar|toolbar|skip-?link|skip-?to-?content|share|sharing|"
    r"social|social-links|cookies?|cookie-?banner|cookie-?notice|advert|adverts|ads|banner|"
    r"footer|masthead|pagination|pager|linkback|updat|related|print-?links)$"
    r"|^(?:site|global|top)[-_]?header$",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "h1", "h2", "h3", "h4",
    "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "section",
    "article", "main", "header", "figure", "figcaption", "address", "center", "hr", "body",
    "html", "form", "details", "summary", "hgroup", "legend", "listing", "xmp", "plaintext",
})
_HEADINGS = {"h1": "1", "h2": "2", "h3": "3", "h4": "4", "h5": "5", "h6": "6"}
_ITALIC_TAGS = frozenset({"i", "em", "cite", "dfn", "var"})
_BOLD_TAGS = frozenset({"b", "strong"})
_PRE_TAGS = frozenset({"pre", "listing", "xmp", "plaintext"})
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*(?:italic|oblique)", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Direct children of these count towards an element's share of the paragraph text.
_TEXTISH = frozenset({"p", "pre", "blockquote", "font", "span", "i", "b", "em", "strong",
                      "cite", "small", "big", "u", "q", "sup", "sub", "abbr", "br", "center"})

_WS = re.compile(r"[ \t\n\r\f]+")
_BLANK_LINES = re.compile(r"\n[ \t\r\f]*\n\s*")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr", "basefont", "bgsound", "frame", "keygen"})
# Kept even past MAX_DEPTH (while under twice that): they carry the layout, and Lexbor
# nests them cheaply.
_KEEP_DEEP = frozenset({"i", "em", "b", "strong", "cite", "sup", "sub", "a", "blockquote",
                        "h1", "h2", "h3", "h4", "h5", "h6", "pre", "p", "li", "dt", "dd", "tr",
                        "td", "th"})
_NEVER_NESTED = frozenset({"html", "head", "body", "tbody", "thead", "tfoot", "colgroup",
                           "caption", "optgroup", "rb", "rt", "rp"})
# A start tag that closes an open element of its kin, when nothing but inline markup and
# its passable containers stand between them.
_KIN = {"p": frozenset({"p"}), "li": frozenset({"li"}), "dt": frozenset({"dt", "dd"}),
        "dd": frozenset({"dt", "dd"}), "td": frozenset({"td", "th"}),
        "th": frozenset({"td", "th"}), "tr": frozenset({"tr"}), "option": frozenset({"option"})}
_PASSABLE = {"tr": frozenset({"td", "th"})}
_STOPPERS = frozenset({"ul", "ol", "dl", "table", "tr", "td", "th", "div", "blockquote",
                       "section", "article", "main", "aside", "nav", "header", "footer", "form",
                       "fieldset", "figure", "details", "select", "menu", "center", "address"})

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
_NOTES_CLASS = re.compile(r"^(?:foot-?notes|end-?notes|notes|references|footnote-?list|"
                          r"fn-?list|reflist|примечания|сноски)$", re.IGNORECASE)
_NOTE_CLASS = re.compile(r"^(?:footnote|endnote|fn|footnote-?text|endnote-?text|"
                         r"msofootnotetext|msoendnotetext|sdfootnote|sdendnote)$",
                         re.IGNORECASE)
_NOTEREF_CLASS = re.compile(r"^(?:footnote-?ref(?:erence)?|noteref|fn-?ref|footnote-?link|"
                            r"msofootnotereference|msoendnotereference|sdfootnoteanc|"
                            r"sdendnoteanc|reference)$", re.IGNORECASE)
_BACKREF_CLASS = re.compile(r"^(?:footnote-?back(?:ref)?|fn-?back(?:ref)?|mw-cite-backlink|"
                            r"backlink|reversefootnote)$", re.IGNORECASE)
_BACKREF_TEXT = re.compile(r"^(?:[↩↑⤴↵^]\ufe0e?\ufe0f?\d*|\^\s*[a-z](?:\s+[a-z])*|back|return|"
                           r"\[return\]|назад|наверх)$", re.IGNORECASE)
_NOTES_HEADING = re.compile(
    r"^(?:(?:editor|translator|author)['’]?s\s+)?(?:foot|end)?notes?(?:\s+and\s+references)?"
    r"|примечани[яе](?:\s+(?:редакции|переводчика|автора))?|сноски|комментарии$",
    re.IGNORECASE,
)
_LAST_UPDATED = re.compile(
    r"(?:page\s+)?(?:last\s+(?:updated|modified|revised)|updated|обновлено|"
    r"последнее\s+обновление|последние\s+изменения)(?:\s+on)?\s*:?\s*(?P<date>[^|\n]{3,60})",
    re.IGNORECASE,
)
# A paragraph of the page that is only its update line (dropped from the text).
_UPDATED_LINE = re.compile(
    r"^(?:page\s+)?(?:last\s+(?:updated|modified|revised)|последнее\s+обновление|"
    r"последние\s+изменения|обновлено)(?:\s+on)?\s*:?\s*(?P<date>[^\n]{3,40})$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)|(?<!\d)\d{1,2}[./]\d{1,2}[./]\d{2}(?!\d)")
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}


# --------------------------------------------------------------------------------------
# Plain text with layout, one paragraph at a time (shared with the DOCX reader)
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Decoding and the nesting guard
# --------------------------------------------------------------------------------------


def _decode(data: bytes, path: str, warnings: list[str]) -> tuple[str, str]:
    """Decode by the page's own declaration where the bytes bear it out, else by detection."""
    head = data[:_SNIFF_BYTES]
    match = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if not match or any(data.startswith(bom) for bom, _, _ in _BOMS) or _binary(data):
        return decode_bytes(data, path)  # raises on binary junk
    label = match.group(1).decode("ascii").strip().lower()
    name = _LABEL_ALIASES.get(label, label)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        text, encoding = decode_bytes(data, path)
        warnings.append(f"unknown declared charset {label!r}; decoded as {encoding}")
        return text, encoding
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        if codec == "cp1252":  # bytes Windows-1252 leaves undefined: the page meant Latin-1
            try:
                return data.decode("latin_1"), "latin-1"
            except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes every byte
                pass
        text, encoding = decode_bytes(data, path)
        warnings.append(f"declared charset {label} does not fit the bytes; decoded as {encoding}")
        return text, encoding
    if codec not in ("utf-8", "utf-8-sig") and not data.isascii():
        # A page saved as UTF-8 that still declares its old code page.
        try:
            utf8 = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            warnings.append(f"declared charset {label}, but the bytes are UTF-8; read as UTF-8")
            return utf8, "utf-8"
    return text, codec.replace("_", "-")


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _binary(data: bytes) -> bool:
    """A quick look for what decode_bytes calls binary (it decides, and says so)."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > 0.05 * len(sample)


def _limit_depth(text: str, warnings: list[str]) -> str:
    """Drop tags nested deeper than MAX_DEPTH, keeping their text.

    The depth is estimated from the tags as written, closing what HTML closes by itself
    (a <p> ends the open paragraph and the formatting left open in it; an end tag closes
    what was left open inside its element), so sloppy pages are not mistaken for deep ones.
    """
    if text.count("<") <= MAX_DEPTH:
        return text
    stack: list[str] = []
    open_count: dict[str, int] = {}
    dropped: dict[str, int] = {}
    pieces: list[str] = []
    position = 0

    def pop_to(index: int) -> None:
        while len(stack) > index:
            open_count[stack.pop()] -= 1

    for match in _TAG.finditer(text):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or name in _NEVER_NESTED or (self_closing and not closing):
            continue
        drop = False
        if not closing:
            kin = _KIN.get(name)
            if kin and any(open_count.get(k) for k in kin):
                passable = _PASSABLE.get(name, frozenset())
                for index in range(len(stack) - 1, max(-1, len(stack) - 64), -1):
                    top = stack[index]
                    if top in kin:
                        pop_to(index)
                        break
                    if top in _STOPPERS and top not in passable:
                        break
            if len(stack) >= (2 * MAX_DEPTH if name in _KEEP_DEEP else MAX_DEPTH):
                dropped[name] = dropped.get(name, 0) + 1
                drop = True
            else:
                stack.append(name)
                open_count[name] = open_count.get(name, 0) + 1
        elif dropped.get(name):
            dropped[name] -= 1
            drop = True
        elif open_count.get(name):
            index = len(stack) - 1
            while stack[index] != name:
                index -= 1
            pop_to(index)
        if drop:
            pieces.append(text[position:match.start()])
            position = match.end()
    if position == 0:
        return text
    pieces.append(text[position:])
    warnings.append(f"tags nested deeper than {MAX_DEPTH} levels were flattened")
    return "".join(pieces)


# --------------------------------------------------------------------------------------
# The page as a light tree of our own, with boilerplate pruned
# --------------------------------------------------------------------------------------


class _El:
    __slots__ = ("attrs", "children", "link_len", "order", "parent", "score", "tag", "text_len")

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: _El | None, order: int):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[_El | str] = []
        self.order = order
        self.text_len = 0
        self.link_len = 0
        self.score = 0

    def get(self, name: str) -> str:
        return self.attrs.get(name) or ""

    def tokens(self) -> list[str]:
        return [*self.get("class").split(), *self.get("id").split()]

    def walk(self) -> Iterator[_El | str]:
        """Descendants in document order (self excluded), without recursion."""
        stack: list[_El | str] = list(reversed(self.children))
        while stack:
            node = stack.pop()
            yield node
            if isinstance(node, _El):
                stack.extend(reversed(node.children))

    def is_inside(self, other: _El) -> bool:
        node: _El | None = self
        while node is not None:
            if node is other:
                return True
            node = node.parent
        return False


@dataclass
class _Tree:
    body: _El
    elements: list[_El]  # document order
    ids: dict[str, _El]
    last_updated: str | None = None


def _is_notes_container(tag: str, attrs: dict[str, str | None]) -> bool:
    if not attrs:
        return False
    role = (attrs.get("role") or "").lower()
    epub = (attrs.get("epub:type") or "").lower()
    if role in ("doc-endnotes", "doc-footnotes", "doc-footnote", "doc-endnote"):
        return True
    if any(word in epub for word in ("footnote", "endnote", "rearnote")):
        return True
    tokens = [*(attrs.get("class") or "").split(), *(attrs.get("id") or "").split()]
    return any(_NOTES_CLASS.match(t) for t in tokens) or (
        tag in _BLOCK_TAGS and any(_NOTE_CLASS.match(t) for t in tokens))


def _skip_reason(tag: str, attrs: dict[str, str | None], parent: _El) -> bool:
    """Whether an element is page furniture (menus, scripts, footers), not text."""
    if tag in _SKIP_TAGS:
        return not (tag in ("aside", "footer") and _is_notes_container(tag, attrs))
    if tag == "header":
        node: _El | None = parent
        while node is not None:
            if node.tag in ("article", "main") or node.get("role") == "main":
                break
            node = node.parent
        else:
            return True
    if not attrs:
        return False
    if "hidden" in attrs or _HIDDEN_STYLE.search(attrs.get("style") or ""):
        return True
    tokens = [*(attrs.get("class") or "").split(), *(attrs.get("id") or "").split()]
    if (attrs.get("role") or "").lower() in _SKIP_ROLES or any(
            _BOILERPLATE.match(t) for t in tokens):
        return not _is_notes_container(tag, attrs)
    return False


def _build_tree(body_node: LexborNode) -> _Tree:
    body = _El("body", dict(body_node.attributes), None, 0)
    elements = [body]
    ids: dict[str, _El] = {}
    last_updated: str | None = None
    parent = body
    lex_stack: list[LexborNode] = []
    node = body_node.first_child
    while True:
        if node is None:
            if not lex_stack:
                break
            node = lex_stack.pop().next
            parent = parent.parent  # type: ignore[assignment]
            continue
        tag = node.tag
        if tag == "-text":
            content = node.text_content
            if content:
                parent.children.append(content)
            node = node.next
            continue
        if tag is None or tag.startswith("-"):
            node = node.next
            continue
        attrs = dict(node.attributes)
        if _skip_reason(tag, attrs, parent):
            if last_updated is None and tag not in ("script", "style", "svg", "template"):
                found = _LAST_UPDATED.search(node.text(deep=True)[:2000])
                if found and _YEAR.search(found.group("date")):
                    last_updated = found.group(0)
            node = node.next
            continue
        element = _El(tag, attrs, parent, len(elements))
        elements.append(element)
        parent.children.append(element)
        for key in ("id", "name"):
            value = attrs.get(key)
            if value and value not in ids and (key == "id" or tag == "a"):
                ids[value] = element
        child = node.first_child
        if child is not None:
            lex_stack.append(node)
            parent = element
            node = child
        else:
            node = node.next
    # Forms wrap whole pages on some sites; only those without text blocks are dropped.
    for element in elements:
        if element.tag == "form" and not any(
            isinstance(n, _El) and n.tag in ("p", "h1", "h2", "h3", "article", "main")
            for n in element.walk()
        ):
            element.children = []
    _measure(elements)
    return _Tree(body, elements, ids, last_updated)


def _measure(elements: list[_El]) -> None:
    """Text length, link text length and paragraph-text score of every element."""
    for element in reversed(elements):
        for child in element.children:
            if isinstance(child, str):
                size = len(child.strip())
                element.text_len += size
                element.score += size
            else:
                element.text_len += child.text_len
                element.link_len += child.link_len
                if child.tag in _TEXTISH:
                    element.score += child.text_len - child.link_len
        if element.tag == "a":
            element.link_len = element.text_len


def _choose_container(tree: _Tree, notes: set[int]) -> _El:
    """The element holding the main text; `notes` are the ids of note blocks, never chosen."""
    body = tree.body
    if body.text_len == 0:
        return body
    inside_notes: set[int] = set()
    for element in tree.elements:
        if id(element) in notes:
            inside_notes.add(id(element))
            inside_notes.update(id(n) for n in element.walk() if isinstance(n, _El))
    candidates = [e for e in tree.elements if id(e) not in inside_notes]
    mains = [e for e in candidates if e.tag == "main" or e.get("role").lower() == "main"]
    for main in mains:
        if main.text_len >= 0.2 * body.text_len:
            return main
    articles = [e for e in candidates if e.tag == "article" and e.text_len > 0]
    articles = [a for a in articles if not any(a is not b and a.is_inside(b) for b in articles)]
    if articles:
        container = articles[0] if len(articles) == 1 else _common_ancestor(articles)
        if container.text_len >= 0.2 * body.text_len:
            return container
    best = max(candidates, key=lambda e: e.score)
    if best.score == 0:
        return body
    container = best
    while container is not body and container.parent is not None:
        parent = container.parent
        others = parent.text_len - container.text_len
        others_links = parent.link_len - container.link_len
        plain = others - others_links
        if others and plain >= max(200, 0.2 * container.text_len) and others_links < 0.5 * others:
            container = parent
            continue
        # A heading just before the text (its title) comes along, if little else does.
        if others and others < 600 and not any(
            isinstance(n, _El) and n.tag in _HEADINGS for n in container.walk()
        ) and any(isinstance(c, _El) and c.tag in _HEADINGS and c.order < container.order
                  for c in parent.children):
            container = parent
        break
    return container


def _common_ancestor(elements: list[_El]) -> _El:
    chain: list[_El] = []
    node: _El | None = elements[0]
    while node is not None:
        chain.append(node)
        node = node.parent
    for candidate in chain:
        if all(e.is_inside(candidate) for e in elements[1:]):
            return candidate
    return chain[-1]


# --------------------------------------------------------------------------------------
# Notes and their markers
# --------------------------------------------------------------------------------------


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


def _collapsed_text(element: _El, limit: int = 4000) -> str:
    """The element's text, whitespace collapsed; stops after about `limit` characters."""
    parts: list[str] = []
    size = 0
    for count, node in enumerate(element.walk()):
        if isinstance(node, str):
            parts.append(node)
            size += len(node)
            if size > limit:
                break
        elif count > limit:
            break
    return _WS.sub(" ", "".join(parts)).strip()


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
                if _NOTES_HEADING.fullmatch(heading):
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


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Front matter
# --------------------------------------------------------------------------------------


def _front_matter(parser: LexborHTMLParser, tree: _Tree | None) -> FrontMatter:
    metas: dict[str, list[str]] = {}
    for meta in parser.css("meta"):
        key = (meta.attributes.get("name") or meta.attributes.get("property")
               or meta.attributes.get("http-equiv") or "").strip().lower()
        content = _WS.sub(" ", meta.attributes.get("content") or "").strip()
        if key and content:
            metas.setdefault(key, []).append(content)

    def first(*keys: str) -> str | None:
        for key in keys:
            if metas.get(key):
                return metas[key][0]
        return None

    title = first("citation_title", "dc.title", "og:title")
    h1 = next((e for e in tree.elements if e.tag == "h1" and e.text_len), None) \
        if tree is not None else None
    heading = _collapsed_text(h1) if h1 is not None else None
    if title is None:
        node = parser.css_first("title")
        title = _WS.sub(" ", node.text()).strip() if node is not None else None
        # "<h1> | Site name": the page's own heading names the text, the rest the site
        if title and heading and heading in title and heading != title:
            title = heading
    title = title or heading
    authors = metas.get("citation_author") or metas.get("author") or metas.get(
        "dc.creator") or metas.get("dcterms.creator") or []
    author = "; ".join(dict.fromkeys(authors)) or None
    language = None
    root = parser.root
    if root is not None:
        language = (root.attributes.get("lang") or root.attributes.get("xml:lang") or "").strip()
    language = language or first("content-language", "dc.language", "citation_language",
                                 "language")
    front = FrontMatter(title=title or None, author=author, language=language or None)
    if tree is not None and tree.last_updated:
        front.last_updated = _updated(tree.last_updated)
    return front


def _updated(line: str) -> DateValue | None:
    match = _LAST_UPDATED.search(line)
    if not match or not _YEAR.search(match.group("date")):
        return None
    text = match.group("date").strip().rstrip(".").strip()
    return DateValue(text=text, edtf=_edtf(text))


def _edtf(text: str) -> str | None:
    """An EDTF day or month for the common ways archives write their update dates."""
    lowered = text.lower().replace(",", " ")
    if m := re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", lowered):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := re.search(r"\b(\d{1,2})([./])(\d{1,2})\2(\d{4})\b", lowered):
        first_n, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if m.group(2) == "." or first_n > 12:
            day, month = first_n, second
        elif second > 12:
            day, month = second, first_n
        else:
            return None
    elif m := re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-zа-яё]+)\.?\s+(\d{4})", lowered):
        day, month, year = int(m.group(1)), _MONTHS.get(m.group(2), 0), int(m.group(3))
    elif m := re.search(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s+(\d{4})", lowered):
        day, month, year = int(m.group(2)), _MONTHS.get(m.group(1), 0), int(m.group(3))
    elif m := re.search(r"\b([a-zа-яё]+)\s+(\d{4})\b", lowered):
        month, year = _MONTHS.get(m.group(1), 0), int(m.group(2))
        return f"{year:04d}-{month:02d}" if month else None
    elif m := re.fullmatch(r"\s*(\d{4})\s*", lowered):
        return m.group(1)
    else:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


# --------------------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------------------


def read_html(data: bytes, path: str) -> ReadResult:
    """Read an HTML page: main text, layout, front matter and notes. Raises UnreadableSource."""
    warnings: list[str] = []
    source, encoding = _decode(data, path, warnings)
    source = _limit_depth(source, warnings)
    parser = LexborHTMLParser(source)
    body_node = parser.body
    if body_node is None:
        raise UnreadableSource(path, "HTML page has no body (a frameset?); nothing to read")
    tree = _build_tree(body_node)
    front = _front_matter(parser, tree)
    notes = _Notes(tree)
    container = _choose_container(tree, notes.skip)

    builder = TextBuilder()

    def drop_updated(paragraph: str) -> bool:
        if _UPDATED_LINE.match(paragraph):
            updated = _updated(paragraph)
            if updated is not None and updated.edtf is not None:
                front.last_updated = front.last_updated or updated
                return True
        return False

    builder.veto = drop_updated
    renderer = _Renderer(builder, notes)
    renderer.render(container, notes.skip)
    builder.commit()
    builder.veto = None
    _text_markers(builder, notes)
    records = renderer.render_notes()
    text = builder.text
    if not text.strip():
        raise UnreadableSource(path, "no text found in the HTML page's body")
    return ReadResult(
        text=text,
        format="html",
        encoding=encoding,
        layout=sorted(builder.layout, key=lambda item: (item.start, -item.end)),
        front=front,
        notes=records,
        warnings=warnings,
    )


register_reader("html", (".html", ".htm", ".xhtml"), read_html)
