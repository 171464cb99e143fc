"""A static HTML edition of the archive: reader, register and search, with no server.

The pages are those of the workbench's reader (web/reading.py lays out the text, the web's
macros and stylesheet are reused), rendered once into files whose links are all relative, so
the folder reads the same opened from disk (file://) or served by any static host. Search is
a small script over an index shipped as a script file (see search_index.py); everything else
reads without JavaScript. Output is deterministic: the same archive gives the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from testimonia.errors import TestimoniaError
from testimonia.export.site.search_index import SearchIndexBuilder
from testimonia.model import Document, Entity, Source
from testimonia.store import DocumentFilter, Store
from testimonia.web.deps import STATIC_DIR as WEB_STATIC_DIR
from testimonia.web.deps import TEMPLATES_DIR as WEB_TEMPLATES_DIR
from testimonia.web.filters import install_filters
from testimonia.web.reading import guess_language, layout_document, link_parties

__all__ = ["DEFAULT_TITLE", "SiteExport", "SiteNotWritable", "page_name", "write_site"]

SITE_DIR = Path(__file__).parent
TEMPLATES_DIR = SITE_DIR / "templates"
STATIC_DIR = SITE_DIR / "static"
DEFAULT_TITLE = "testimonia edition"
MARKER = "search-index.js"  # a folder holding it is a site we wrote and may rewrite
SUBFOLDERS = ("documents", "sources", "entities")
MENTIONS_IN_CONTEXT = 100
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass
class SiteExport:
    """What was written: pages by kind, files, bytes and seconds."""

    directory: str
    pages: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0


class SiteNotWritable(TestimoniaError):
    """The target folder holds files that are not a testimonia site."""


def page_name(record_id: str) -> str:
    """The file name of a record's page: its id where the id is safe in a path and a URL."""
    if _SAFE_ID.match(record_id) and not record_id.startswith("."):
        return f"{record_id}.html"
    return "x" + hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:16] + ".html"


def write_site(store: Store, directory: str | os.PathLike[str], title: str | None = None) -> SiteExport:
    """Write the static edition of the archive into `directory` (created if need be)."""
    started = time.monotonic()
    site = _SiteWriter(store, Path(directory), title or DEFAULT_TITLE)
    site.prepare()
    site.write_documents()
    site.write_sources()
    site.write_index()
    site.write_entities()
    site.write_register()
    site.write_assets()
    site.remove_stale()
    export = SiteExport(str(directory), dict(site.pages), len(site.written),
                        sum(path.stat().st_size for path in site.written))
    export.seconds = time.monotonic() - started
    return export


class _SiteWriter:
    def __init__(self, store: Store, folder: Path, title: str) -> None:
        self.store = store
        self.folder = folder
        self.title = title
        self.written: set[Path] = set()
        self.pages: dict[str, int] = {}
        self.search = SearchIndexBuilder()
        self.mentions = store.mention_counts()
        everyone = list(store.entities(include_merged=True))
        self.merged = {e.id: e.merged_into for e in everyone if e.id and e.merged_into}
        self.known = {e.id for e in everyone if e.id and not e.merged_into}
        self.linked: set[str] = set()  # entries a page links to: each gets a page of its own
        self.env = _environment()
        self.env.globals.update(site_title=title, entity_href=self.entity_href, page_name=page_name,
                                file_name=file_name)
        self.label: Callable[[Document], Markup] = self.env.get_template("macros.html").module.document_label  # type: ignore[attr-defined]

    def prepare(self) -> None:
        if self.folder.exists() and any(self.folder.iterdir()) and not (self.folder / MARKER).is_file():
            raise SiteNotWritable(f"{self.folder} is not empty and holds no testimonia site: "
                                  "give a new or empty folder")
        for sub in SUBFOLDERS:
            (self.folder / sub).mkdir(parents=True, exist_ok=True)

    def entity_href(self, entity_id: str | None, root: str) -> str | None:
        """The relative link to an entry's page, noting that the page must be written."""
        entity_id = self.merged.get(entity_id or "", entity_id)
        if not entity_id or entity_id not in self.known:
            return None
        self.linked.add(entity_id)
        return f"{root}entities/{page_name(entity_id)}"

    def render(self, relative: str, template: str, **context: Any) -> None:
        context.setdefault("nav", "")
        html = self.env.get_template(template).render(root="../" * relative.count("/"), **context)
        path = self.folder / relative
        path.write_text(html, encoding="utf-8", newline="\n")
        self.written.add(path)
        kind = relative.split("/", 1)[0] if "/" in relative else "top-level"
        self.pages[kind] = self.pages.get(kind, 0) + 1

    def write_documents(self) -> None:
        listed: list[Document] = []
        for source in sorted(self.store.iter_sources(), key=lambda s: s.id or ""):
            front = self.store.source_front(source.id or "")
            summary = self.store.source_summary(source.id or "")
            for document in source.documents:
                self._write_document(source, summary, front, document)
                listed.append(document)
        listed.sort(key=lambda d: (d.date is None or d.date.earliest is None,
                                   (d.date.earliest if d.date else None) or "", d.id or ""))
        self.render("documents.html", "documents.html", documents=listed, nav="documents")

    def _write_document(self, source: Source, summary: Any, front: Any, document: Document) -> None:
        document_id = document.id or ""
        text = source.text[document.start:document.end]
        notes = [n for n in source.notes if n.document_id == document_id]
        mentions = [m for m in source.mentions if m.document_id == document_id]
        paragraphs = layout_document(document, text, mentions, notes, source.format, source.pages)
        link_parties(document, mentions, self.store.entities_named)
        previous, following = self.store.neighbours(document_id)
        href = f"documents/{page_name(document_id)}"
        self.render(href, "document.html", document=document, paragraphs=paragraphs, notes=notes,
                    language=document.language or guess_language(text), source=summary, front=front,
                    previous=self.store.document(previous) if previous else None,
                    next=self.store.document(following) if following else None,
                    entity_types=sorted({m.entity_type for m in mentions if m.status != "rejected"}))
        date = document.date
        self.search.add_document(href, self.label(document).unescape(),
                                 (date.text or date.edtf or "") if date else "", document.kind,
                                 "\n".join([source.front.title or "", text, *(n.text for n in notes)]))

    def write_sources(self) -> None:
        for summary in self.store.sources():
            documents = self.store.documents(DocumentFilter(source_id=summary.id))
            self.render(f"sources/{page_name(summary.id)}", "source.html", source=summary,
                        front=self.store.source_front(summary.id), documents=documents)

    def write_index(self) -> None:
        counts = self.store.counts()
        kinds = [(key.split(".", 1)[1], n) for key, n in counts.items() if key.startswith("documents.")]
        sources = sorted(self.store.sources(),
                         key=lambda s: ((s.title or file_name(s.path)).casefold(), s.id))
        self.render("index.html", "index.html", nav="home", counts=counts, span=self.store.date_span(),
                    kinds=sorted(kinds, key=lambda kv: (-kv[1], kv[0])), sources=sources,
                    people=self.store.top_entities("person", 12, self.mentions),
                    places=self.store.top_entities("place", 8, self.mentions))
        self.render("search.html", "search.html", nav="search")

    def write_entities(self) -> None:
        for entity_id, count in self.mentions.items():
            if count:
                self.entity_href(entity_id, "")
        done: set[str] = set()
        while pending := sorted(self.linked - done):  # a page may link to entries not yet written
            for entity_id in pending:
                done.add(entity_id)
                self._write_entity(self.store.entity(entity_id))

    def _write_entity(self, entity: Entity) -> None:
        entity_id = entity.id or ""
        profile = self.store.entity_profile(entity_id, MENTIONS_IN_CONTEXT, 0, 10_000)
        together = self.store.cooccurring(entity_id, 20)
        names = self.store.entity_names([other for other, _ in together])
        href = f"entities/{page_name(entity_id)}"
        self.render(href, "entity.html", nav="register", entity=entity, profile=profile,
                    mentions_shown=MENTIONS_IN_CONTEXT,
                    cooccurring=[(other, names.get(other, (other, "other")), n) for other, n in together])
        self.search.add_entity(href, entity.name, entity.entity_type, entity.variants)

    def write_register(self) -> None:
        entities = sorted((self.store.entity(entity_id) for entity_id in self.linked),
                          key=lambda e: (e.entity_type, e.name.casefold(), e.id or ""))
        types = sorted({e.entity_type for e in entities})
        self.render("register.html", "register.html", nav="register", entities=entities, types=types,
                    mentions=self.mentions)

    def write_assets(self) -> None:
        # One stylesheet: the workbench's, then what the static site adds.
        style = "\n".join(((WEB_STATIC_DIR / "style.css").read_text(encoding="utf-8"),
                           (STATIC_DIR / "site.css").read_text(encoding="utf-8")))
        script = (STATIC_DIR / "search.js").read_text(encoding="utf-8")
        for name, content in (("style.css", style), ("search.js", script), (MARKER, self.search.script())):
            path = self.folder / name
            path.write_text(content, encoding="utf-8", newline="\n")
            self.written.add(path)

    def remove_stale(self) -> None:
        """Pages of records no longer in the archive, left by an earlier export into this folder."""
        for sub in SUBFOLDERS:
            for path in (self.folder / sub).glob("*.html"):
                if path not in self.written:
                    path.unlink()


def file_name(path: str) -> str:
    """A source's file name, for a source without a title."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _environment() -> jinja2.Environment:
    # The site's templates first; the web's macros.html (labels, dates) is reused as it is.
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(TEMPLATES_DIR),
                                  jinja2.FileSystemLoader(WEB_TEMPLATES_DIR)])
    environment = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                     undefined=jinja2.StrictUndefined)
    install_filters(environment)
    return environment
