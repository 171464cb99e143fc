"""The nesting guard: flatten tags nested too deep, before the page is parsed.

Lexbor's tree builder slows down sharply on deep nesting (50,000 nested divs take many
seconds), and broken or hostile pages do nest that deep. Dropping the tags past a fixed
depth, while keeping their text, bounds the parse without losing a word of the page.
"""

from __future__ import annotations

import re

# Lexbor's tree builder checks the stack of open elements on every <div>, which makes a
# page of 50,000 nested divs take many seconds to parse; tags nested deeper than this are
# dropped before parsing (their text is kept).
MAX_DEPTH = 1000

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
