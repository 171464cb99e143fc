"""Read an HTML page: its main text, headings, italics, and footnotes tied to their markers.

Online archives wrap a letter or an article in menus, banners and footers; the reader drops
those, keeps the main text as paragraphs separated by blank lines (headings and list items
as paragraphs of their own, <br> as a line break), and records where headings, italics
(titles of works), quotations and note markers stand. Notes are moved to the end of the
text, each as a paragraph that opens with its label ("4. Serge's young daughter."), and
tied to their markers by link targets where the page has them, else by number.

Everything here walks the tree with explicit stacks: a page nested fifty thousand levels
deep must not overflow Python's recursion limit.

The stages live in modules of their own: `encoding` and `depth` prepare the source,
`tree` (with `clean`) copies the page without its furniture, `main_text` chooses the
text, `footnotes` finds the notes, `render` writes both through a `builder.TextBuilder`,
and `front` and `updated` read what the page says about itself.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from testimonia.errors import UnreadableSource
from testimonia.model import ReadResult
from testimonia.read import register_reader
from testimonia.read.html.builder import TextBuilder
from testimonia.read.html.depth import _limit_depth
from testimonia.read.html.encoding import _decode
from testimonia.read.html.footnotes import _Notes, _text_markers
from testimonia.read.html.front import _front_matter
from testimonia.read.html.main_text import _choose_container
from testimonia.read.html.render import _Renderer
from testimonia.read.html.tree import _build_tree
from testimonia.read.html.updated import _UPDATED_LINE, _updated

__all__ = ["TextBuilder", "read_html"]


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
