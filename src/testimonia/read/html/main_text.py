"""Choose the element that holds the page's main text.

Pages seldom mark their content reliably, so <main> and <article> are trusted only when
they hold a fair share of the page's text; otherwise the element richest in paragraph
text wins, widened to its parent where that adds plain prose (not lists of links) or the
heading just above it.
"""

from __future__ import annotations

from testimonia.read.html.tags import _HEADINGS
from testimonia.read.html.tree import _El, _Tree


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
