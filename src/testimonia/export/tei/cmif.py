"""CMIF 1.1: every letter of the archive as one correspDesc in one TEI file.

CMIF (the TEI Correspondence SIG's interchange format, read by correspSearch) wants a
name for each sender and addressee ("Unknown" where none is known), authority URIs where
there are any, dates only in the forms YYYY, YYYY-MM and YYYY-MM-DD, @evidence="conjecture"
for what the letter itself does not state and @cert="low" for what is doubtful. The persons,
places, bodies and works a letter mentions go in a note, as correspSearch's CMIF profile
writes them.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from lxml import etree

from testimonia.export.tei.header import correspondence
from testimonia.export.tei.register import entity_authority_uri
from testimonia.export.tei.xml import XML_ID, Ids, element, serialise, sub
from testimonia.model import Document, Entity, Mention, Source
from testimonia.store import Store

CMIF_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
MENTIONS_VOCABULARY = "https://lod.academy/cmif/vocab/terms#"
_MENTION_TERMS = {"person": "mentionsPerson", "place": "mentionsPlace",
                  "organisation": "mentionsOrganization", "work": "mentionsBibl"}
# which authority a party, a place or a work is best known by, in order
PERSON_AUTHORITIES = ("gnd", "viaf", "wikidata", "lcnaf", "bnf", "isni", "orcid")
PLACE_AUTHORITIES = ("geonames", "gnd", "wikidata", "tgn")
WORK_AUTHORITIES = ("gnd", "wikidata", "viaf")


@dataclass
class CmifOptions:
    """What CMIF says about the file itself; all of it is mandatory in CMIF 1.1."""

    title: str = "Letters in a testimonia archive"
    editor: str = "testimonia"
    publisher: str = "testimonia"
    url: str = "https://example.org/cmif.xml"
    edition: str = "A testimonia archive"
    edition_type: str = "online"


def _authority_for(entity: Entity | None) -> str | None:
    if entity is None:
        return None
    schemes = {"place": PLACE_AUTHORITIES, "work": WORK_AUTHORITIES}.get(entity.entity_type,
                                                                           PERSON_AUTHORITIES)
    return entity_authority_uri(entity, schemes)


def cmif_tei(store: Store, options: CmifOptions | None = None) -> tuple[etree._Element, int]:
    """The CMIF document for every letter in current sources, and how many letters it holds."""
    options = options or CmifOptions()
    entities = {e.id: e for e in store.entities() if e.id}
    types = {entity_id: e.entity_type for entity_id, e in entities.items()}
    bibl_id = "cmif-" + str(uuid.uuid5(uuid.NAMESPACE_URL, options.url))
    root = element("TEI")
    header = sub(root, "teiHeader")
    file_desc = sub(header, "fileDesc")
    stmt = sub(file_desc, "titleStmt")
    sub(stmt, "title", options.title)
    sub(stmt, "editor", options.editor)
    pub = sub(file_desc, "publicationStmt")
    sub(pub, "publisher", options.publisher)
    sub(pub, "idno", options.url, type="url")
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    sub(pub, "date", when=now.isoformat())
    sub(sub(pub, "availability"), "licence", "This file is licensed under the terms of the Creative "
        "Commons License CC-BY 4.0", target=CMIF_LICENCE)
    bibl = sub(sub(file_desc, "sourceDesc"), "bibl", options.edition, type=options.edition_type)
    bibl.set(XML_ID, bibl_id)
    profile = sub(header, "profileDesc")
    ids = Ids()
    ids.take(bibl_id, bibl_id)
    count = 0
    for source in store.iter_sources():
        for index, doc in enumerate(source.documents):
            if doc.kind != "letter":
                continue
            _letter(profile, source, index, doc, entities, types, bibl_id, ids)
            count += 1
    sub(sub(sub(root, "text"), "body"), "p")
    return root, count


def _letter(profile: etree._Element, source: Source, index: int, doc: Document,
            entities: dict[str, Entity], types: dict[str, str], bibl_id: str, ids: Ids) -> None:
    def authority(entity_id: str | None) -> str | None:
        return _authority_for(entities.get(entity_id or ""))

    desc = correspondence(profile, doc, authority, types, unknown="Unknown",
                          place_evidence=_place_inferred(source, doc))
    key = doc.xml_id or doc.id or f"{source.id}.d{index + 1}"
    desc.set("key", key)
    desc.set(XML_ID, ids.take(doc.xml_id, f"letter-{(doc.id or key).replace('.', '-')}"))
    desc.set("source", f"#{bibl_id}")
    parties = {p.entity_id for p in doc.authors + doc.addressees if p.entity_id}
    mentioned = _mentioned(source, doc, index, parties | {doc.place_entity_id or ""})
    if mentioned:
        note = sub(desc, "note", type="mentioned")
        for mention in mentioned:
            entity = entities.get(mention.entity_id or "")
            kind = entity.entity_type if entity else mention.entity_type
            sub(note, "ref", entity.name if entity else mention.text,
                type=MENTIONS_VOCABULARY + _MENTION_TERMS[kind], target=_authority_for(entity))


def _place_inferred(source: Source, doc: Document) -> bool:
    """CMIF's "not stated in the source itself": the place name is nowhere in the letter's text
    (its dateline where it has one). A letter without text states nothing, so nothing is marked."""
    if not doc.place or doc.end <= doc.start:
        return False
    span = doc.dateline or None
    where = source.text[span.start:span.end] if span else source.text[doc.start:doc.end]
    return doc.place.casefold() not in where.casefold()


def _mentioned(source: Source, doc: Document, index: int, skip: set[str]) -> list[Mention]:
    """One mention per entity the letter names (linked mentions only), in order of first use."""
    seen: set[str] = set()
    out = []
    for mention in source.mentions:
        inside = (mention.document_id == doc.id if doc.id else mention.document_index == index)
        if not inside or mention.status in ("rejected", "ambiguous") or not mention.entity_id:
            continue
        if mention.entity_type not in _MENTION_TERMS or mention.entity_id in skip \
                or mention.entity_id in seen:
            continue
        seen.add(mention.entity_id)
        out.append(mention)
    return out


def cmif_bytes(store: Store, options: CmifOptions | None = None) -> tuple[bytes, int]:
    """The CMIF file as UTF-8 bytes, and how many letters it holds."""
    root, count = cmif_tei(store, options)
    etree.indent(root, space="  ")  # the header only: CMIF has no text whose spaces matter
    return serialise(root), count
