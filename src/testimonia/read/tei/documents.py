"""Cut a TEI text into documents: one per letter or diary entry.

Editions mark their letters and entries in many ways (typed divs, a correspDesc pointing
at its div, divs that merely open with a date, one letter per file), so each way is tried
in turn; the senders, addressees, date and place of a correspDesc are joined to the letter
it describes, and a correspDesc without text is kept as a letter of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from testimonia.model import DateValue, Document, TextSpan
from testimonia.read.tei.correspondence import Correspondence
from testimonia.read.tei.dates import date_value, edtf_of
from testimonia.read.tei.elements import XML_ID, XML_LANG, find_all, first, is_tei, kids, local, path, plain

_LETTER_DIVS = {"letter", "brief", "письмо", "lettre", "correspondence-letter"}
_ENTRY_DIVS = {"entry", "diary", "diaryday", "diaryentry", "day", "journalentry", "dailyentry",
               "dayentry"}
# Divisions that are documents of another kind; testimonia's own export writes them.
_KIND_DIVS = {"article": "article", "review": "review", "memoir": "memoir", "document": "other"}
_PROSE = {"p", "ab", "l", "lg", "opener", "closer", "salute", "dateline", "sp", "quote"}
_ENTITY_LISTS = {"listPerson", "listPlace", "listOrg", "listBibl", "listEvent", "listNym"}
_NOT_TEXT = {"note", "teiHeader", "fw", "del", "orig", "sic", "abbr", "rdg"}


def _div_kind(div: etree._Element) -> str:
    return (div.get("type") or "").lower().replace("-", "").replace("_", "").replace(" ", "")


def _outermost(root: etree._Element, test) -> list[etree._Element]:
    found: list[etree._Element] = []

    def scan(el: etree._Element) -> None:
        for c in el:
            if not isinstance(c.tag, str) or not is_tei(c) or local(c) in _NOT_TEXT:
                continue
            if local(c).startswith("div") and test(c):
                found.append(c)
            else:
                scan(c)

    scan(root)
    return found


def _is_register(body: etree._Element) -> bool:
    """A body holding register lists and no prose of its own (a listperson.xml, si.xml)."""
    state = {"lists": False, "prose": False}

    def scan(el: etree._Element) -> None:
        for c in el:
            if not isinstance(c.tag, str) or not is_tei(c):
                continue
            name = local(c)
            if name in _ENTITY_LISTS or (
                    name == "list" and any(i.get(XML_ID) for i in kids(c, "item"))):
                state["lists"] = True
            elif name in _PROSE:
                state["prose"] = True
            elif name not in ("note", "head"):
                scan(c)

    scan(body)
    return state["lists"] and not state["prose"]


def _descendants(el: etree._Element, *names: str) -> list[etree._Element]:
    """TEI descendants named `names`, not looking inside notes or rejected readings."""
    wanted = set(names)
    out: list[etree._Element] = []

    def scan(e: etree._Element) -> None:
        for c in e:
            if not isinstance(c.tag, str) or not is_tei(c):
                continue
            name = local(c)
            if name in _NOT_TEXT:
                continue
            if name in wanted:
                out.append(c)
            scan(c)

    scan(el)
    return out


@dataclass
class _Tei:
    """One TEI text of the file (a teiCorpus holds several)."""

    el: etree._Element
    header: etree._Element | None
    bodies: list[etree._Element]
    language: str | None
    register: bool
    start: int = 0
    end: int = 0


class _Documents:
    """Finds the letters and diary entries of one TEI text."""

    def __init__(self, text: str, spans: dict, warnings: list[str]) -> None:
        self.text = text
        self.spans = spans
        self.warnings = warnings

    def span(self, el: etree._Element | None) -> tuple[int, int] | None:
        rec = self.spans.get(el) if el is not None else None
        if rec is None or rec[0] is None or rec[1] is None:
            return None
        return rec[0], rec[1]

    def textspan(self, el: etree._Element | None) -> TextSpan | None:
        s = self.span(el)
        if s is None or s[1] <= s[0]:
            return None
        return TextSpan(s[0], s[1], self.text[s[0]:s[1]])

    def located_date(self, el: etree._Element) -> DateValue | None:
        s = self.span(el)
        written = self.text[s[0]:s[1]] if s and s[1] > s[0] else ""
        value = date_value(el, written)
        if value is None:
            return None
        if written:
            value.start, value.end = s  # type: ignore[misc]
            if written.startswith("[") and written.endswith("]") and value.certainty == "stated":
                value.certainty = "inferred"
        return value

    def closing(self, closer: etree._Element) -> TextSpan | None:
        """The closing formula: the closer's salute, else the closer up to its signature."""
        salutes = _descendants(closer, "salute")
        if salutes:
            return self.textspan(salutes[0])
        whole = self.span(closer)
        signed = [self.span(s) for s in _descendants(closer, "signed")]
        if whole is None or not signed or signed[0] is None:
            return self.textspan(closer)
        start, end = whole[0], signed[0][0]
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if end <= start:
            return None
        return TextSpan(start, end, self.text[start:end])

    def entry_date(self, div: etree._Element) -> DateValue | None:
        if edtf_of(div):
            return date_value(div, edtf_of(div) or "")
        holders = [c for c in kids(div) if local(c) in ("head", "opener", "dateline", "docDate")]
        blocks = [c for c in kids(div) if local(c) in ("p", "ab")]
        written: DateValue | None = None  # a date without a normal form, if nothing better
        for holder in holders + blocks[:1]:
            dates = [holder] if local(holder) == "docDate" else _descendants(holder, "date")
            # a date in a later hand (<add>) or a note annotates the heading; it does not
            # date the entry ("Torquato Tasso, 1544" added above "Thursday 11")
            dates = [d for d in dates if not any(local(a) in ("add", "note") for a in d.iterancestors())]
            for d in dates:
                value = self.located_date(d)
                if value is not None and value.edtf:
                    return value
                written = written or value
        return written

    def build(self, kind: str, el: etree._Element, tei: _Tei, title: str | None = None,
              corr: Correspondence | None = None) -> Document | None:
        s = self.span(el)
        if s is None:
            return None
        doc = Document(kind=kind, start=s[0], end=s[1])
        heads = kids(el, "head")
        head = self.textspan(heads[0]) if heads else None
        doc.title = head.text if head is not None and local(el) != "body" else title
        datelines = _descendants(el, "dateline")
        doc.dateline = self.textspan(datelines[0]) if datelines else None
        closers = _descendants(el, "closer")
        in_closers = {s for c in closers for s in _descendants(c, "salute")}
        salutes = [s for s in _descendants(el, "salute") if s not in in_closers]
        doc.salutation = self.textspan(salutes[0]) if salutes else None
        doc.closing = self.closing(closers[-1]) if closers else None
        signed = _descendants(el, "signed")
        doc.signature = self.textspan(signed[-1]) if signed else None
        doc.language = el.get(XML_LANG) or tei.language
        doc.xml_id = el.get(XML_ID) if local(el) != "body" else _tei_id(tei)
        if corr is not None:
            _apply_corr(doc, corr)
        if doc.date is None and kind == "letter":
            for holder in datelines + _descendants(el, "opener")[:1]:
                for d in _descendants(holder, "date"):
                    value = self.located_date(d)
                    if value is not None and value.edtf:
                        doc.date = value
                        break
                if doc.date is not None:
                    break
        return doc

    def for_tei(self, tei: _Tei, correspondences: list[Correspondence],
                title: str | None) -> list[Document]:
        if tei.register:
            return []
        body_spans = [self.span(b) for b in tei.bodies]
        has_text = any(s and s[1] > s[0] for s in body_spans)
        if not has_text:
            return [_zero_letter(c, tei.start) for c in correspondences]
        docs: list[Document] = []
        for body in tei.bodies:
            docs.extend(self._for_body(tei, body, correspondences, title))
        return docs

    def _for_body(self, tei: _Tei, body: etree._Element, corrs: list[Correspondence],
                  title: str | None) -> list[Document]:
        letters = _outermost(body, lambda d: _div_kind(d) in _LETTER_DIVS)
        entries = _outermost(body, lambda d: _div_kind(d) in _ENTRY_DIVS or _div_kind(d) in _KIND_DIVS)
        if letters:
            # entries and other typed documents beside the letters (a diary with a letter in
            # it) are documents too, unless they hold a letter or lie inside one
            # (sets hold the elements themselves: lxml reuses a proxy only while it is referenced)
            inside = {a for div in letters for a in div.iterancestors()}
            inside |= {e for div in letters for e in div.iter()}
            beside = [d for d in entries if d not in inside and not any(e in inside for e in d.iter())]
            paired = dict(_pair(letters, corrs))
            order = {e: i for i, e in enumerate(body.iter())}
            docs = []
            for div in sorted(letters + beside, key=lambda d: order[d]):
                doc = (self.build("letter", div, tei, None, paired[div]) if div in paired
                       else self._typed(div, tei, single=False))
                if doc is not None:
                    docs.append(doc)
            return docs
        if not entries and not corrs:
            entries = _dated_divs(body, self)
        if entries:
            docs = [self._typed(div, tei, single=len(entries) == 1) for div in entries]
            return [d for d in docs if d is not None]
        if len(corrs) == 1:
            doc = self.build("letter", body, tei, title, corrs[0])
            return [doc] if doc else []
        if corrs:
            self.warnings.append(f"{len(corrs)} correspDesc entries but no letter divisions: "
                                 "each is kept as a letter without text")
            zero = [_zero_letter(c, tei.start) for c in corrs]
            whole = self.build("other", body, tei, title)
            return zero + ([whole] if whole else [])
        doc = self.build(_kind_from_class(tei.header), body, tei, title)
        if doc is not None and doc.kind != "letter":  # when an entry, article or memoir was written
            doc.date = _creation_date(tei.header)
        return [doc] if doc else []


    def _typed(self, div: etree._Element, tei: _Tei, single: bool) -> Document | None:
        """A diary entry, or a document of the kind its div's type names."""
        kind = _KIND_DIVS.get(_div_kind(div), "diary_entry")
        doc = self.build(kind, div, tei)
        if doc is not None:
            doc.date = self.entry_date(div)
            if doc.date is None and single and kind == "diary_entry":
                doc.date = _creation_date(tei.header)
        return doc


def _dated_divs(body: etree._Element, docs: _Documents) -> list[etree._Element]:
    divs = [c for c in kids(body) if local(c).startswith("div")]
    if not divs:
        return []
    dated = [d for d in divs if _has_date(d)]
    if len(dated) == len(divs) and len(divs) >= 2:
        return divs
    found: list[etree._Element] = []
    for d in divs:
        if not _has_date(d):
            found.extend(_dated_divs(d, docs))
    return found if len(found) >= 2 else []


def _has_date(div: etree._Element) -> bool:
    if edtf_of(div):
        return True
    for holder in kids(div, "head", "opener", "dateline"):
        if any(edtf_of(d, plain(d)) for d in _descendants(holder, "date")):
            return True
    return False


def _pair(divs: list[etree._Element], corrs: list[Correspondence]
          ) -> list[tuple[etree._Element, Correspondence | None]]:
    by_ref: dict[str, Correspondence] = {}
    by_id = {c.xml_id: c for c in corrs if c.xml_id}
    for c in corrs:
        for ref in c.refs:
            by_ref[ref.lstrip("#")] = c
    out: list[tuple[etree._Element, Correspondence | None]] = []
    for i, div in enumerate(divs):
        match = by_ref.get(div.get(XML_ID) or "")
        for attr in ("decls", "corresp", "ana"):  # <div decls="#cd_1"> names its correspDesc
            for token in (div.get(attr) or "").split():
                match = match or by_id.get(token.lstrip("#"))
        if match is None and len(corrs) == len(divs):
            match = corrs[i]
        out.append((div, match))
    return out


def _apply_corr(doc: Document, corr: Correspondence) -> None:
    doc.authors = list(corr.authors)
    doc.addressees = list(corr.addressees)
    doc.date = corr.date
    doc.place = corr.place
    doc.place_entity_id = corr.place_key
    if doc.xml_id is None:
        doc.xml_id = corr.xml_id


def _zero_letter(corr: Correspondence, at: int) -> Document:
    doc = Document(kind="letter", start=at, end=at)
    _apply_corr(doc, corr)
    doc.xml_id = corr.index_key or corr.xml_id
    return doc


def _creation_date(header: etree._Element | None) -> DateValue | None:
    creation = path(header, "profileDesc", "creation")
    if creation is None:
        return None
    for d in find_all(creation, "date"):
        value = date_value(d)
        if value is not None:
            return value
    return None


def _kind_from_class(header: etree._Element | None) -> str:
    profile = first(header, "profileDesc")
    if profile is None:
        return "other"
    words = " ".join(
        [(c.get("ana") or "") + " " + (c.get("target") or "") for c in find_all(profile, "catRef")]
        + [plain(t) for t in find_all(profile, "term")]).lower()
    if first(profile, "correspDesc") is not None or "letter" in words or "письм" in words:
        return "letter"
    if "diar" in words or "дневник" in words or "tagebuch" in words or "journal" in words:
        return "diary_entry"
    if "memoir" in words or "воспомин" in words:
        return "memoir"
    if "review" in words or "рецензи" in words:
        return "review"
    if "article" in words or "стать" in words:
        return "article"
    return "other"


def _tei_id(tei: _Tei) -> str | None:
    text = first(tei.el, "text")
    return (tei.el.get(XML_ID) or (tei.header.get(XML_ID) if tei.header is not None else None)
            or (text.get(XML_ID) if text is not None else None))


def _doc_at(documents: list[Document], pos: int) -> int | None:
    """The innermost document holding `pos`; one ending right at `pos` if none holds it."""
    best = None
    for i, d in enumerate(documents):
        if d.start <= pos < d.end and (
                best is None or d.end - d.start < documents[best].end - documents[best].start):
            best = i
    if best is None:
        for i, d in enumerate(documents):
            if d.start < d.end == pos:
                best = i
    return best
