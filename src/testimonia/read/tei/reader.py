"""The TEI reader: run the stages over one file and assemble its ReadResult.

Each stage needs what the one before produced: the text and its offsets before the
documents, the documents before notes and mentions can be placed in them, the mentions
before the entities. Writing the notes after the body, placing notes and mentions, and
gathering entities and layout need the state of the whole run, so they live here as
methods of the reader.
"""

from __future__ import annotations

from lxml import etree

from testimonia.errors import UnsupportedFormat
from testimonia.model import Document, Entity, Layout, Mention, Note, ReadResult
from testimonia.read.tei.correspondence import Reference, read_correspondence
from testimonia.read.tei.documents import _doc_at, _Documents, _is_register, _Tei
from testimonia.read.tei.elements import XML_ID, XML_LANG, clean, find_all, first, is_tei, kids, local, plain
from testimonia.read.tei.header import language_of, read_front
from testimonia.read.tei.keys import identifier_from_uri, normalise_key
from testimonia.read.tei.mentions import _mention_type
from testimonia.read.tei.notes import _back_notes, _Notes
from testimonia.read.tei.parse import _parse
from testimonia.read.tei.register import register_entries
from testimonia.read.tei.text import _Flow, _NoteSeen, _Renderer


def read_tei(data: bytes, path: str) -> ReadResult:
    """Read a TEI file (letters, diary, CMIF, register). Raises UnreadableSource."""
    root, encoding, warnings = _parse(data, path)
    return read_tei_root(root, encoding, warnings, path)


def read_tei_root(root: etree._Element, encoding: str, warnings: list[str], path: str) -> ReadResult:
    """Read an already parsed TEI file (the `.xml` dispatcher parses once, then sniffs)."""
    name = local(root)
    ns = root.tag[1:].split("}")[0] if root.tag[:1] == "{" else ""
    if name not in ("TEI", "teiCorpus") or not is_tei(root):
        shown = f"{{{ns}}}{name}" if ns else name
        # UnsupportedFormat, not a failure: an XML index beside an edition's TEI files is
        # no source, and a folder walk skips it.
        raise UnsupportedFormat(path, f"not a TEI file: the root element is <{shown}>, not <TEI> "
                                "or <teiCorpus> in the TEI namespace")
    return _Reader(root, encoding, warnings).read()


class _Reader:
    def __init__(self, root: etree._Element, encoding: str, warnings: list[str]) -> None:
        self.root = root
        self.encoding = encoding
        self.warnings = warnings
        self.flow = _Flow()
        self.render = _Renderer(self.flow)
        self.notes_index = _Notes(root)

    def _teis(self) -> list[_Tei]:
        out: list[_Tei] = []

        def collect(el: etree._Element) -> None:
            if local(el) == "teiCorpus":
                for c in kids(el, "TEI", "teiCorpus"):
                    collect(c)
                return
            header = first(el, "teiHeader")
            text = first(el, "text")
            bodies: list[etree._Element] = []
            if text is not None:
                bodies = [b for b in text.iter(etree.Element) if is_tei(b) and local(b) == "body"]
            lang = ((text.get(XML_LANG) if text is not None else None) or el.get(XML_LANG)
                    or language_of(header))
            register = bool(bodies) and all(_is_register(b) for b in bodies)
            out.append(_Tei(el, header, bodies, lang, register))

        collect(self.root)
        return out

    def read(self) -> ReadResult:
        root_header = first(self.root, "teiHeader")
        front = read_front(root_header)
        teis = self._teis()
        if front.title is None and teis and teis[0].header is not None:
            front = read_front(teis[0].header)
        if front.language is None:
            front.language = next((t.language for t in teis if t.language), None)
        flow, render = self.flow, self.render
        back_notes: list[_NoteSeen] = []
        for i, tei in enumerate(teis):
            render.tei = i
            flow.block()
            tei.start = flow.length
            flow.set_language(tei.language)
            if not tei.register:
                for body in tei.bodies:
                    render.walk(body)
            tei.end = flow.length
            text_el = first(tei.el, "text")
            for holder in [c for c in (text_el, tei.el) if c is not None]:
                for part in kids(holder, "back", "standOff", "standoff"):
                    back_notes.extend(_NoteSeen(n, None, i) for n in _back_notes(part))
        body_notes = list(render.notes)
        render.notes = []
        notes = self._render_notes(body_notes + back_notes)
        text = flow.finish()
        if render.entities:
            self.warnings.append(f"{render.entities} reference(s) to entities the file does not "
                                 "declare (its DTD is not read); HTML entity names were used")
        finder = _Documents(text, render.spans, self.warnings)
        documents: list[Document] = []
        doc_ranges: list[tuple[int, int, int]] = []  # (tei index, first doc, end doc)
        references: list[Reference] = []
        for i, tei in enumerate(teis):
            profile = first(tei.header, "profileDesc")
            descs = find_all(profile, "correspDesc") if profile is not None else []
            corrs = [read_correspondence(d) for d in descs]
            for c in corrs:
                references.extend(c.references)
            title = (front.title if tei.header is None or tei.header is root_header
                     or len(teis) == 1 else read_front(tei.header).title)
            begin = len(documents)
            documents.extend(finder.for_tei(tei, corrs, title))
            doc_ranges.append((i, begin, len(documents)))
        self._place_notes(notes, documents, doc_ranges)
        mentions = self._mentions(text, documents, notes)
        entities = self._entities(teis, references, mentions)
        layout = self._layout()
        return ReadResult(
            text=text, format="tei", encoding=self.encoding, layout=layout, front=front,
            documents=documents, notes=[n for n, _ in notes], mentions=mentions,
            entities=entities, structured=True, warnings=self.warnings,
        )

    # ----------------------------------------------------------------- notes

    def _render_notes(self, seen: list[_NoteSeen]) -> list[tuple[Note, _NoteSeen | None]]:
        """Anchor each note, then write the notes after the body, one paragraph each."""
        flow, render, index = self.flow, self.render, self.notes_index
        spans, points = render.spans, render.points

        def where(el: etree._Element) -> tuple[int, int] | None:
            rec = spans.get(el) or points.get(el)
            if rec is None or rec[0] is None:
                return None
            return rec[0], rec[1] if rec[1] is not None else rec[0]

        placed: list[tuple[tuple[int, int] | None, str | None, _NoteSeen]] = []
        done: set[etree._Element] = set()
        queue = list(seen)
        while queue:
            item = queue.pop(0)
            if item.el in done:
                continue
            done.add(item.el)
            anchor, marker = None, item.el.get("n")
            for ptr in index.pointers.get(item.el, []):
                at = where(ptr)
                if at is not None:
                    anchor = at
                    marker = marker or plain(ptr) or None
                    break
            if anchor is None:
                target, attr = index.target_of(item.el)
                at = where(target) if target is not None else None
                if at is not None:
                    anchor = at
                    # <anchor xml:id="k"/>lemma<note corresp="k">: the note comments the passage
                    if (attr == "corresp" and local(target) == "anchor"  # type: ignore[arg-type]
                            and item.pos is not None and 0 <= item.pos - at[0] <= 500):
                        anchor = (at[0], item.pos)
            if anchor is None and item.pos is not None:
                anchor = (item.pos, item.pos)
            placed.append((anchor, marker, item))
        order = sorted(range(len(placed)),
                       key=lambda i: (placed[i][0] is None,
                                      placed[i][0][0] if placed[i][0] else 0, i))
        out: list[tuple[Note, _NoteSeen | None]] = []
        count = 0
        for i in order:
            anchor, marker, item = placed[i]
            count += 1
            marker = clean(marker) or str(count)
            flow.block()
            flow.emit(marker)
            before = len(render.notes)
            rec = self._note_body(item.el)
            note = Note(marker=marker, text="", anchor_start=anchor[0] if anchor else None,
                        anchor_end=anchor[1] if anchor else None, start=rec[0], end=rec[1],
                        status="attached" if anchor else "dangling_note",
                        id=item.el.get(XML_ID))
            out.append((note, item))
            for nested in render.notes[before:]:  # a note inside a note: anchored in this one
                nested_anchor = (nested.pos, nested.pos)
                count += 1
                flow.block()
                nested_marker = clean(nested.el.get("n")) or str(count)
                flow.emit(nested_marker)
                nrec = self._note_body(nested.el)
                out.append((Note(nested_marker, "", nested_anchor[0], nested_anchor[1],
                                 nrec[0], nrec[1], "attached", id=nested.el.get(XML_ID)), nested))
            del render.notes[before:]
        for ptr, missing in index.missing:
            at = where(ptr)
            if at is None:
                continue
            out.append((Note(ptr.get("n") or plain(ptr) or missing, "", at[0], at[1], None, None,
                             "dangling_marker"), None))
            self.warnings.append(f"note marker points to #{missing}, which is not in the file")
        return out

    def _note_body(self, el: etree._Element) -> list[int | None]:
        """Write a note's text after its marker: one paragraph, its blocks on lines."""
        flow = self.flow
        flow.space(False)
        flow.cap, flow.cap_after_emit = 1, 2
        rec = self.render.render_note(el)
        flow.cap = flow.cap_after_emit = 3
        flow.block()
        return rec

    def _place_notes(self, notes: list[tuple[Note, _NoteSeen | None]], documents: list[Document],
                     ranges: list[tuple[int, int, int]]) -> None:
        text = "".join(self.flow.parts)
        for note, item in notes:
            if note.start is not None and note.end is not None:
                note.text = text[note.start:note.end]
            if note.anchor_start is not None:
                note.document_index = _doc_at(documents, note.anchor_start)
            if note.document_index is None and item is not None:
                for tei_i, begin, end in ranges:
                    if tei_i == item.tei and end - begin == 1:
                        note.document_index = begin

    # ----------------------------------------------------------------- mentions

    def _mentions(self, text: str, documents: list[Document],
                  notes: list[tuple[Note, _NoteSeen | None]]) -> list[Mention]:
        note_ranges = [(n.start, n.end, n.document_index) for n, _ in notes
                       if n.start is not None and n.end is not None]
        out: list[Mention] = []
        seen: set[tuple[int, int, str | None, str]] = set()
        several = 0
        for el, rec in self.render.spans.items():
            name = local(el)
            etype = _mention_type(el, name)
            if etype is None or rec[0] is None or rec[1] is None or rec[1] <= rec[0]:
                continue
            key, count = normalise_key(el.get("ref") or el.get("key"))
            if count > 1:
                several += 1
            start, end = rec[0], rec[1]
            sig = (start, end, key, etype)
            if sig in seen:
                continue
            seen.add(sig)
            doc = _doc_at(documents, start)
            if doc is None:
                doc = next((d for s, e, d in note_ranges if s <= start < e), None)
            out.append(Mention(start, end, text[start:end], etype, key, document_index=doc))
        if several:
            self.warnings.append(f"{several} tagged name(s) refer to several entities at once; "
                                 "the first ref of each is kept")
        out.sort(key=lambda m: (m.start, -m.end))
        return out

    # ----------------------------------------------------------------- entities

    def _entities(self, teis: list[_Tei], references: list[Reference],
                  mentions: list[Mention]) -> list[Entity]:
        register = any(t.register for t in teis)
        entities = register_entries(self.root, register)
        known = {e.key: e for e in entities}
        refs = list(references) + [Reference(m.entity_key, clean(m.text), m.entity_type)
                                   for m in mentions if m.entity_key]
        for m in mentions:
            if m.entity_type == "other" and m.entity_key in known:
                m.entity_type = known[m.entity_key].entity_type
        extra: dict[str, Entity] = {}
        for ref in refs:
            if ref.key in known:
                continue
            entity = extra.get(ref.key)
            if entity is None:
                ids = {}
                pair = identifier_from_uri(ref.key)
                if pair:
                    ids[pair[0]] = pair[1]
                extra[ref.key] = Entity(ref.entity_type, ref.name or ref.key, identifiers=ids,
                                        key=ref.key)
            elif ref.name and ref.name != entity.name and ref.name not in entity.variants \
                    and len(entity.variants) < 20:
                entity.variants.append(ref.name)
        return entities + list(extra.values())

    # ----------------------------------------------------------------- layout

    def _layout(self) -> list[Layout]:
        out = list(self.render.layout)
        for el, rec in self.render.spans.items():
            name = local(el)
            if rec[0] is None or rec[1] is None or rec[1] <= rec[0]:
                continue
            kind = None
            attrs: dict[str, str] = {}
            if name in ("p", "ab"):
                kind = "paragraph"
            elif name == "head":
                kind = "heading"
            elif (name == "emph" or (name == "hi" and "ital" in (el.get("rend") or "").lower())
                  or (name == "title" and el.get("level") in ("m", "j"))):
                kind = "italic"
            elif name == "hi" and "bold" in (el.get("rend") or "").lower():
                kind = "bold"
            elif name in ("quote", "q"):
                kind = "quote"
            elif name == "div" or (name.startswith("div") and name[3:].isdigit()):
                kind = "div"
                attrs = {k: v for k, v in (("type", el.get("type")), ("n", el.get("n")),
                                           ("xml_id", el.get(XML_ID))) if v}
            elif name == "note":
                kind = "note_body"
            if kind:
                out.append(Layout(kind, rec[0], rec[1], attrs))
        index = self.notes_index
        for note_el, pointers in index.pointers.items():
            for ptr in pointers:
                rec = self.render.spans.get(ptr) or self.render.points.get(ptr)
                if rec is not None and rec[0] is not None:
                    out.append(Layout("note_ref", rec[0], rec[1] if rec[1] is not None else rec[0],
                                      {"note": note_el.get(XML_ID) or ""}))
        out.sort(key=lambda x: (x.start, -x.end))
        return out
