"""Tell page furniture from text: scripts, menus, banners, footers, hidden blocks.

Online archives wrap each letter in such chrome, and it has to be gone before the main
text is chosen, or a long menu can outweigh a short letter. A footer or aside that holds
the page's notes is the exception, which is why note containers are recognised here too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from testimonia.read.html.tags import _BLOCK_TAGS

if TYPE_CHECKING:
    from testimonia.read.html.tree import _El

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
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_NOTES_CLASS = re.compile(r"^(?:foot-?notes|end-?notes|notes|references|footnote-?list|"
                          r"fn-?list|reflist|примечания|сноски)$", re.IGNORECASE)
_NOTE_CLASS = re.compile(r"^(?:footnote|endnote|fn|footnote-?text|endnote-?text|"
                         r"msofootnotetext|msoendnotetext|sdfootnote|sdendnote)$",
                         re.IGNORECASE)


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
