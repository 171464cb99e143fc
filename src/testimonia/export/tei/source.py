"""One source as one TEI file, and a whole archive as a folder of them with a register.

Files are named by source id, so that the register (register.xml) sorts first and a
folder ingest meets the register entries before the names that point to them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from testimonia.errors import TestimoniaError
from testimonia.export.tei.body import BodyWriter, Losses
from testimonia.export.tei.header import build_header, has_correspondence
from testimonia.export.tei.register import REGISTER_FILE, register_tei
from testimonia.export.tei.xml import XML_ID, Ids, element, serialise, sub
from testimonia.model import Document, Entity, Source
from testimonia.store import Store


@dataclass
class TeiExport:
    """What an export wrote: files, counts, and what TEI could not hold."""

    files: list[str] = field(default_factory=list)
    sources: int = 0
    documents: int = 0
    notes: int = 0
    mentions: int = 0
    entities: int = 0
    lost: dict[str, int] = field(default_factory=dict)


def source_tei(source: Source, entities: dict[str, Entity], register_href: str = REGISTER_FILE
               ) -> tuple[etree._Element, Losses]:
    """The TEI document for one source, and what of it could not be written."""
    losses = Losses()
    ids = Ids()
    documents = _documents(source, losses)
    entity_ref = {entity_id: f"{register_href}#{entity_id}" for entity_id in entities}
    types = {entity_id: e.entity_type for entity_id, e in entities.items()}

    def ref_for(entity_id: str | None) -> str | None:
        return entity_ref.get(entity_id or "")

    with_text = [d for d in documents if d.end > d.start]
    # a document that is the whole body takes the file's title; one with a title of its own
    # (or none) keeps it in a div of its own
    single = len(documents) == 1 and bool(with_text) and documents[0].title == source.front.title
    div_ids = {i: ids.take(d.xml_id, f"doc{i + 1}") for i, d in enumerate(documents)} if not single else {}
    letters = [i for i, d in enumerate(documents) if d.kind == "letter" and has_correspondence(d)]
    corresp_ids = {i: ids.take(None, f"corresp{i + 1}") for i in letters}
    root = element("TEI")
    if single:  # the reader gives a document that is the whole body the file's id
        root.set(XML_ID, ids.take(documents[0].xml_id, "doc1"))
    build_header(root, source, documents, corresp_ids, ref_for, types)
    text = sub(root, "text")
    body = sub(text, "body")
    writer = BodyWriter(source, ids, entity_ref, losses)
    if not with_text:
        sub(body, "p")  # letters without text, as a CMIF gives them: the header holds them
    elif single:
        writer.write_document(body, documents[0], None, None)
    else:
        for i, doc in enumerate(documents):
            writer.write_document(body, doc, div_ids[i], corresp_ids.get(i))
    _rest_of_notes(text, source, writer, ids, losses)
    expected = sum(1 for m in source.mentions if m.status != "rejected")
    if expected > len(writer.placed_mentions):
        losses.add("mention", expected - len(writer.placed_mentions))
    return root, losses


def _documents(source: Source, losses: Losses) -> list[Document]:
    """The documents TEI can hold: in order, none overlapping the one before; text-less
    documents only where no document has text (a letters index)."""
    ordered = sorted(source.documents, key=lambda d: (d.start, -d.end))
    if all(d.end <= d.start for d in ordered):
        return ordered
    out: list[Document] = []
    for doc in ordered:
        if doc.end <= doc.start or (out and doc.start < out[-1].end):
            losses.add("document")
            continue
        out.append(doc)
    return out


def _rest_of_notes(text: etree._Element, source: Source, writer: BodyWriter, ids: Ids,
                   losses: Losses) -> None:
    """Notes without a marker in any document go to the back, where the reader finds them."""
    rest = [n for n in source.notes if id(n) not in writer.placed_notes]
    holder = None
    for note in rest:
        if note.status == "dangling_marker":
            if note.anchor_start is None or note.anchor_end is None or note.anchor_end <= note.anchor_start \
                    or not any(d.start <= note.anchor_start < d.end for d in source.documents):
                losses.add("note")
            continue
        if note.status == "attached":
            losses.add("note anchor")
        if holder is None:
            holder = sub(sub(text, "back"), "div", type="notes")
        number = source.notes.index(note) + 1
        writer.note_element(holder, note, ids.take(None, f"note{number}"), None)


def write_tei_edition(store: Store, directory: str | os.PathLike[str]) -> TeiExport:
    """Write register.xml and one TEI file per current source into `directory`."""
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TestimoniaError(f"{folder}: cannot make the export folder: {exc.strerror}") from None
    entities = {e.id: e for e in store.entities() if e.id}
    summary = TeiExport(entities=len(entities))
    _write(folder / REGISTER_FILE, register_tei(list(entities.values())))
    summary.files.append(str(folder / REGISTER_FILE))
    lost: dict[str, int] = {}
    for source in store.iter_sources():
        root, losses = source_tei(source, entities)
        path = folder / f"{source.id}.xml"
        _write(path, root)
        summary.files.append(str(path))
        summary.sources += 1
        summary.documents += len(source.documents)
        summary.notes += len(source.notes)
        summary.mentions += sum(1 for m in source.mentions if m.status != "rejected")
        for what, n in losses.counts.items():
            lost[what] = lost.get(what, 0) + n
    summary.lost = lost
    return summary


def source_tei_bytes(store: Store, source_id: str) -> bytes:
    """One source's TEI file as UTF-8 bytes; its names point into register.xml."""
    source = store.source(source_id)
    entities = {e.id: e for e in store.entities() if e.id}
    root, _ = source_tei(source, entities)
    return serialise(root)


def _write(path: Path, root: etree._Element) -> None:
    # written whole to a temporary name, then moved: a failed export leaves no half a file
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(serialise(root))
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise TestimoniaError(f"{path}: cannot write: {exc.strerror}") from None
