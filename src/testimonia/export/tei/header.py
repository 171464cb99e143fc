"""The teiHeader of an exported source: title, credits, publication, first publication, letters.

Everything is written in the form the TEI reader reads back: credits as respStmt with the
role as written, the first publication as one <bibl> whose parts are marked where they
occur in its text, and each letter's sender, addressee, date and place in a correspDesc.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePath

from lxml import etree

from testimonia.export.tei.dates import certainty_attributes, date_attributes, dating_attributes
from testimonia.export.tei.xml import XML_ID, language_tag, sub, xml_safe
from testimonia.model import Document, Party, Publication, Source

CLASS_TERMS = {"letter": "letter", "diary_entry": "diary entry", "memoir": "memoir",
               "review": "review", "article": "article"}

# How a party or place is pointed at: the register (TEI export) or an authority (CMIF).
RefFor = Callable[[str | None], str | None]


def build_header(parent: etree._Element, source: Source, documents: list[Document],
                 corresp_ids: dict[int, str], ref_for: RefFor, types: dict[str, str]) -> None:
    front = source.front
    header = sub(parent, "teiHeader")
    file_desc = sub(header, "fileDesc")
    stmt = sub(file_desc, "titleStmt")
    sub(stmt, "title", front.title, type="main")  # empty where the source has none
    if front.subtitle:
        sub(stmt, "title", front.subtitle, type="sub")
    if front.series:
        sub(stmt, "title", front.series, level="s")
    for name in (front.author or "").split("; "):
        if name.strip():
            sub(stmt, "author", name.strip())
    for credit in front.credits:
        resp = sub(stmt, "respStmt")
        sub(resp, "resp", credit.role)
        sub(resp, "persName", credit.name)
    pub = sub(file_desc, "publicationStmt")
    sub(pub, "authority", "Exported from a testimonia archive")
    if front.last_updated is not None and dating_attributes(front.last_updated.edtf):
        sub(pub, "date", front.last_updated.text, **dating_attributes(front.last_updated.edtf))
    if front.licence:
        availability = sub(pub, "availability")
        if re.match(r"https?://\S+$", front.licence):
            sub(availability, "licence", target=front.licence)
        else:
            sub(availability, "licence", front.licence)
    source_desc = sub(file_desc, "sourceDesc")
    if front.published_in is not None:
        _bibl(source_desc, front.published_in)
    if front.provenance:
        sub(sub(sub(source_desc, "msDesc"), "msIdentifier"), "repository", front.provenance)
    if front.published_in is None and not front.provenance:
        sub(source_desc, "p", f"Read by testimonia from {PurePath(source.path).name} ({source.format}).")
    _profile(header, source, documents, corresp_ids, ref_for, types)


def _profile(header: etree._Element, source: Source, documents: list[Document],
             corresp_ids: dict[int, str], ref_for: RefFor, types: dict[str, str]) -> None:
    profile = sub(header, "profileDesc")
    calendars = sorted({d.date.calendar for d in documents if d.date and d.date.calendar
                        in ("julian", "gregorian")})
    if calendars:
        desc = sub(profile, "calendarDesc")
        for name in calendars:
            calendar = sub(desc, "calendar")
            calendar.set(XML_ID, name)
            sub(calendar, "p", f"The {name.title()} calendar.")
    if len(documents) == 1 and documents[0].kind != "letter" and documents[0].date is not None:
        date = documents[0].date
        if date_attributes(date):
            sub(sub(profile, "creation"), "date", date.text, **date_attributes(date))
    language = language_tag(source.front.language)
    if language:
        sub(sub(profile, "langUsage"), "language", ident=language)
    kinds = [CLASS_TERMS[d.kind] for d in documents if d.kind in CLASS_TERMS]
    if len(documents) == 1 and kinds:
        sub(sub(sub(profile, "textClass"), "keywords"), "term", kinds[0])
    for index, corresp_id in corresp_ids.items():
        desc = correspondence(profile, documents[index], ref_for, types)
        desc.set(XML_ID, corresp_id)


def has_correspondence(doc: Document) -> bool:
    return bool(doc.authors or doc.addressees or doc.place or doc.date)


def correspondence(parent: etree._Element, doc: Document, ref_for: RefFor, types: dict[str, str],
                   unknown: str | None = None, place_evidence: bool = False) -> etree._Element:
    """A correspDesc: who sent, when and from where; who received.

    `unknown` names a missing party (CMIF requires a name in each action); `place_evidence`
    marks a place that the letter's own text does not state as a conjecture.
    """
    desc = sub(parent, "correspDesc")
    sent = sub(desc, "correspAction", type="sent")
    for party in doc.authors or []:
        _party(sent, party, ref_for, types)
    if not doc.authors and unknown:
        sub(sent, "persName", unknown)
    # CMIF (`unknown` given) wants a machine-readable date or none; TEI keeps a date as written
    if doc.date is not None and (dating_attributes(doc.date.edtf) or not unknown):
        attrs = {k: v for k, v in date_attributes(doc.date).items()
                 if not (unknown and k in ("precision", "calendar"))}  # CMIF allows neither
        sub(sent, "date", doc.date.text, **attrs)
    if doc.place:
        evidence = "conjecture" if place_evidence else None
        sub(sent, "placeName", doc.place, ref=ref_for(doc.place_entity_id), evidence=evidence)
    if doc.addressees or unknown:
        received = sub(desc, "correspAction", type="received")
        for party in doc.addressees:
            _party(received, party, ref_for, types)
        if not doc.addressees and unknown:
            sub(received, "persName", unknown)
    if not len(sent):
        desc.remove(sent)
    return desc


def _party(action: etree._Element, party: Party, ref_for: RefFor, types: dict[str, str]) -> None:
    tag = "orgName" if types.get(party.entity_id or "") == "organisation" else "persName"
    sub(action, tag, party.name, ref=ref_for(party.entity_id), **certainty_attributes(party.certainty))


def _bibl(parent: etree._Element, publication: Publication) -> None:
    """The citation as written, its journal, date and volume/issue/pages marked where they occur."""
    text = publication.text
    marks: list[tuple[int, int, str, dict[str, str]]] = []
    wanted: list[tuple[str | None, str, dict[str, str]]] = [
        (publication.periodical, "title", {"level": "j"}),
        (publication.date_text, "date", dating_attributes(publication.date)),
        (publication.volume, "biblScope", {"unit": "volume"}),
        (publication.issue, "biblScope", {"unit": "issue"}),
        (publication.pages, "biblScope", {"unit": "page"}),
    ]
    for value, tag, attrs in wanted:
        if not value:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text):
            if all(m.end() <= s or m.start() >= e for s, e, _, _ in marks):
                marks.append((m.start(), m.end(), tag, attrs))
                break
    bibl = sub(parent, "bibl")
    pos = 0
    for s, e, tag, attrs in sorted(marks):
        if bibl.text is None and len(bibl) == 0:
            bibl.text = xml_safe(text[pos:s])
        else:
            bibl[-1].tail = xml_safe(text[pos:s])
        sub(bibl, tag, text[s:e], **attrs)
        pos = e
    if len(bibl):
        bibl[-1].tail = xml_safe(text[pos:])
    else:
        bibl.text = xml_safe(text)
