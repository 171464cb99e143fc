"""The register file of a TEI export: listPerson, listPlace, listOrg, listBibl (and events).

Each entry keeps its names (the first is the name, the rest variants), its life dates, its
description, and its authority identifiers as idno URIs, which the TEI reader (and any
other) recognises by their hosts: Wikidata, VIAF, GND and GeoNames.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from testimonia.export.tei.dates import dating_attributes
from testimonia.export.tei.xml import XML_ID, element, sub
from testimonia.model import Entity

REGISTER_FILE = "register.xml"

AUTHORITY_URIS = {
    "wikidata": "http://www.wikidata.org/entity/{}",
    "viaf": "https://viaf.org/viaf/{}",
    "gnd": "https://d-nb.info/gnd/{}",
    "geonames": "https://sws.geonames.org/{}/",
}
# list element, entry element, name element, div type
_LISTS = {
    "person": ("listPerson", "person", "persName", "persons"),
    "place": ("listPlace", "place", "placeName", "places"),
    "organisation": ("listOrg", "org", "orgName", "organisations"),
    "work": ("listBibl", "bibl", "title", "works"),
    "event": ("listEvent", "event", "label", "events"),
    "other": ("list", "item", "name", "other"),
}


def authority_uri(scheme: str, value: str) -> str | None:
    """The URI of an identifier in one of the authority files, or the value if it is a URI."""
    if "://" in value:
        return value
    pattern = AUTHORITY_URIS.get(scheme)
    return pattern.format(value) if pattern and re.fullmatch(r"[\w\-]+", value) else None


def entity_authority_uri(entity: Entity | None, preferred: Iterable[str]) -> str | None:
    """The first authority URI an entity has, in the order of `preferred` schemes."""
    if entity is None:
        return None
    for scheme in preferred:
        value = entity.identifiers.get(scheme)
        if value:
            uri = authority_uri(scheme, value)
            if uri:
                return uri
    return None


def register_tei(entities: list[Entity], title: str = "Register") -> etree._Element:
    root = element("TEI")
    header = sub(root, "teiHeader")
    file_desc = sub(header, "fileDesc")
    sub(sub(file_desc, "titleStmt"), "title", title)
    sub(sub(file_desc, "publicationStmt"), "authority", "Exported from a testimonia archive")
    sub(sub(file_desc, "sourceDesc"), "p", "The register of a testimonia archive: every person, "
        "place, organisation, work and event its sources name.")
    body = sub(sub(root, "text"), "body")
    lists: dict[str, etree._Element] = {}
    for entity in entities:
        etype = entity.entity_type if entity.entity_type in _LISTS else "other"
        list_tag, entry_tag, name_tag, div_type = _LISTS[etype]
        if etype not in lists:
            lists[etype] = sub(sub(body, "div", type=div_type), list_tag)
        _entry(lists[etype], entity, entry_tag, name_tag)
    if not lists:
        sub(body, "p")
    return root


def _entry(parent: etree._Element, entity: Entity, entry_tag: str, name_tag: str) -> None:
    entry = sub(parent, entry_tag)
    entry.set(XML_ID, entity.id or "")
    if entry_tag == "item":
        sub(entry, "name", entity.name)
        for variant in entity.variants:
            sub(entry, "name", variant, type="variant")
        return
    if entry_tag == "event":
        sub(entry, "label", entity.name)
        for variant in entity.variants:
            sub(entry, "label", variant, type="variant")
    else:
        sub(entry, name_tag, entity.name, type="main")
        for variant in entity.variants:
            sub(entry, name_tag, variant, type="variant")
    if entry_tag == "person":
        for tag, value in (("birth", entity.birth), ("death", entity.death)):
            if value:
                sub(entry, tag, value, **dating_attributes(value))
    for scheme, value in sorted(entity.identifiers.items()):
        uri = authority_uri(scheme, value)
        if uri and scheme in AUTHORITY_URIS:
            sub(entry, "idno", uri, type="URI", subtype=scheme)
        elif value:
            sub(entry, "idno", value, type=re.sub(r"\s", "_", scheme) or "id")
    if entity.description:
        sub(entry, "note", entity.description, type="description")
