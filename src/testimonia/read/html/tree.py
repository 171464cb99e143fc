"""The page as a light tree of our own, pruned of furniture as it is built.

Later stages ask the same questions of every element again and again: how much text it
holds, how much of that is link text, what its parent is. The page is copied once from
Lexbor's nodes into plain objects that carry the answers, and walked with explicit stacks
so that a page nested fifty thousand levels deep cannot overflow Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from testimonia.read.html.clean import _skip_reason
from testimonia.read.html.tags import _WS
from testimonia.read.html.updated import _LAST_UPDATED, _YEAR

# Direct children of these count towards an element's share of the paragraph text.
_TEXTISH = frozenset({"p", "pre", "blockquote", "font", "span", "i", "b", "em", "strong",
                      "cite", "small", "big", "u", "q", "sup", "sub", "abbr", "br", "center"})


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
