"""HTML vocabulary shared by the stages: block tags, headings, whitespace.

The tree, the note finder, the choice of the main text and the renderer must agree on
what breaks a paragraph; defining the vocabulary once keeps them from drifting apart.
"""

from __future__ import annotations

import re

_BLOCK_TAGS = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "h1", "h2", "h3", "h4",
    "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "section",
    "article", "main", "header", "figure", "figcaption", "address", "center", "hr", "body",
    "html", "form", "details", "summary", "hgroup", "legend", "listing", "xmp", "plaintext",
})
_HEADINGS = {"h1": "1", "h2": "2", "h3": "3", "h4": "4", "h5": "5", "h6": "6"}

_WS = re.compile(r"[ \t\n\r\f]+")
