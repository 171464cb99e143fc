"""Title, author and language of an HTML page.

Scholarly sites publish citation_* and Dublin Core meta tags, which are more reliable
than a <title> that often names the site as well; so the meta tags are asked first, then
the <title> (cut to the page's own heading where it holds one), then the first <h1>.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from testimonia.model import FrontMatter
from testimonia.read.html.tags import _WS
from testimonia.read.html.tree import _collapsed_text, _Tree
from testimonia.read.html.updated import _updated


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
