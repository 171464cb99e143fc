"""HTML-safe snippets: the document's words escaped, the matches wrapped in <mark>.

Everything from a document is untrusted, so escaping happens here, once, on every piece of
text, and the only markup a snippet carries is the <mark> this module adds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from testimonia.search.analysis import stems

SNIPPET_CHARS = 200
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)  # the tokenizer's notion of a word (alphanumeric runs)


def mark_byte_ranges(fragment: str, ranges: Iterable[tuple[int, int]]) -> str:
    """Escape a fragment and mark the given UTF-8 byte ranges (what tantivy reports)."""
    data = fragment.encode("utf-8")
    out, at = [], 0
    for start, end in sorted(ranges):
        if start < at:
            continue
        out.append(html.escape(data[at:start].decode("utf-8", "replace")))
        out.append("<mark>" + html.escape(data[start:end].decode("utf-8", "replace")) + "</mark>")
        at = end
    out.append(html.escape(data[at:].decode("utf-8", "replace")))
    return " ".join("".join(out).split())


def lead(text: str, chars: int = SNIPPET_CHARS) -> str:
    """The opening of a text, escaped: the snippet of a document matched by filters alone."""
    clipped = " ".join(text[: chars * 2].split())
    if len(clipped) > chars:
        clipped = clipped[:chars].rsplit(" ", 1)[0] + " …"
    return html.escape(clipped)


def best_window(text: str, language: str, wanted: set[str], prefixes: tuple[str, ...] = (),
                chars: int = SNIPPET_CHARS) -> str:
    """Our own snippet generator (for engines without one): the window with most matching words.

    `wanted` holds stems in the document's language; `prefixes` lowercase word beginnings.
    """
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if not tokens or not (wanted or prefixes):
        return lead(text, chars)
    words = [text[s:e] for s, e in tokens]
    stemmed = stems(" ".join(words), language)
    if len(stemmed) != len(words):  # tokenizers disagree on some character: stem word by word
        stemmed = [(stems(w, language) or [w.lower()])[0] for w in words]
    hits = [i for i, stem in enumerate(stemmed)
            if stem in wanted or (prefixes and words[i].casefold().startswith(prefixes))]
    if not hits:
        return lead(text, chars)
    best, best_count = hits[0], 0
    for i, first in enumerate(hits):
        count = sum(1 for h in hits[i:] if tokens[h][1] - tokens[first][0] <= chars)
        if count > best_count:
            best, best_count = first, count
    start = max(0, tokens[best][0] - chars // 4)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + chars)
    hit_set = set(hits)
    marked = [(s - start, e - start) for i, (s, e) in enumerate(tokens)
              if i in hit_set and s >= start and e <= end]
    piece = text[start:end]
    out, at = [], 0
    for s, e in marked:
        out.append(html.escape(piece[at:s]))
        out.append("<mark>" + html.escape(piece[s:e]) + "</mark>")
        at = e
    out.append(html.escape(piece[at:]))
    body = " ".join("".join(out).split())
    return ("… " if start else "") + body + (" …" if end < len(text) else "")
