"""Entity keys, authority identifiers and entity types from TEI attributes.

Editions refer to people and places by local ids ("#pmb2121") or by authority URIs (GND,
VIAF, Wikidata, GeoNames), and type them with loose words ("pers", "location").
Normalising them all the same way lets a tagged name, a correspDesc party and a register
entry that mean the same entity meet on one key and one type, and recognising authority
hosts gives each entity identifiers that reach beyond the file.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

from lxml import etree

from testimonia.read.tei.elements import clean, kids

_SCHEMES = {
    "gnd": "gnd", "dnb": "gnd", "viaf": "viaf", "wikidata": "wikidata", "wd": "wikidata",
    "geonames": "geonames", "geo": "geonames", "pmb": "pmb", "wikipedia": "wikipedia",
    "orcid": "orcid", "isni": "isni", "lcnaf": "lcnaf", "loc": "lcnaf", "lccn": "lcnaf",
    "ulan": "ulan", "tgn": "tgn", "bnf": "bnf", "tolstoy": "tolstoy",
}


def normalise_key(value: str | None) -> tuple[str | None, int]:
    """The entity key a @ref/@key names, and how many refs the attribute held.

    "#pmb2121" and "listperson.xml#pmb2121" -> "pmb2121"; URIs are kept (without a trailing
    slash); with several refs separated by spaces the first is the key.
    """
    if not value:
        return None, 0
    refs = value.split()
    if not refs:
        return None, 0
    key = refs[0]
    if key.startswith("#"):
        key = key[1:]
    elif "://" in key:
        key = key.rstrip("/")
    elif "#" in key:  # "listperson.xml#p12": an entry of the edition's register file
        key = key.split("#", 1)[1]
    return (key or None), len(refs)


def identifier_from_uri(uri: str) -> tuple[str, str] | None:
    """(scheme, id) for an authority-file URI recognised by its host, else None."""
    value = uri.strip()
    if re.fullmatch(r"Q\d+", value):
        return "wikidata", value
    if "://" not in value:
        return None
    parsed = urlparse(value)
    host = (parsed.hostname or "").lower()
    parts = [p for p in parsed.path.split("/") if p]
    if host.endswith("d-nb.info") and "gnd" in parts:
        tail = parts[parts.index("gnd") + 1:]
        return ("gnd", tail[0]) if tail else None
    if host.endswith("viaf.org") and parts:
        digits = [p for p in parts if p.isdigit()]
        return ("viaf", digits[0]) if digits else None
    if host.endswith("wikidata.org") and parts:
        q = [p for p in parts if re.fullmatch(r"Q\d+", p)]
        return ("wikidata", q[0]) if q else None
    if "geonames.org" in host and parts:
        digits = [p for p in parts if p.isdigit()]
        return ("geonames", digits[0]) if digits else None
    if host.startswith("pmb.") and parts:
        digits = [p for p in parts if p.isdigit()]
        return ("pmb", digits[0]) if digits else None
    if host.endswith("id.loc.gov") and parts:
        return "lcnaf", parts[-1]
    if host.endswith("orcid.org") and parts:
        return "orcid", parts[-1]
    if host.endswith("isni.org") and parts:
        return "isni", parts[-1]
    if host.endswith("wikipedia.org"):
        return "wikipedia", value
    return None


def _idno_pair(idno: etree._Element) -> tuple[str, str] | None:
    value = clean(idno.text)
    if not value:
        return None
    kind = (idno.get("type") or "").strip().lower()
    sub = (idno.get("subtype") or "").strip().lower()
    scheme = sub if kind in ("url", "uri", "") and sub else kind
    from_uri = identifier_from_uri(value)
    if scheme in _SCHEMES:
        scheme = _SCHEMES[scheme]
        if from_uri and from_uri[0] == scheme:
            return from_uri
        if "://" in value and scheme != "wikipedia":  # an id at the end of an unknown URL
            return scheme, unquote(value.rstrip("/").rsplit("/", 1)[-1])
        return scheme, value
    if from_uri:
        return from_uri
    return (scheme or "uri"), value


def identifiers_of(el: etree._Element) -> dict[str, str]:
    """Authority identifiers of a register entry: its idno children and URI attributes."""
    found: dict[str, str] = {}
    for idno in kids(el, "idno"):
        pair = _idno_pair(idno)
        if pair and pair[0] not in found:
            found[pair[0]] = pair[1]
    uris: list[str] = []
    for attr in ("sameAs", "ref", "corresp"):
        uris.extend((el.get(attr) or "").split())
    for name in kids(el, "persName", "placeName", "orgName", "name", "title"):
        for attr in ("ref", "sameAs", "key"):
            uris.extend((name.get(attr) or "").split())
    for uri in uris:
        pair = identifier_from_uri(uri)
        if pair and pair[0] not in found:
            found[pair[0]] = pair[1]
    return found


def entity_type_for(kind: str) -> str:
    """The entity type an rs/name @type (or element name) stands for."""
    k = kind.lower().replace("_", "").replace("-", "")
    if k in ("person", "persname", "personal", "pers", "people", "persongrp", "persongroup"):
        return "person"
    if k in ("place", "placename", "location", "settlement", "country", "region", "geogname",
             "geo", "city", "district", "bloc"):
        return "place"
    if k in ("org", "orgname", "organisation", "organization", "institution", "corporate",
             "company"):
        return "organisation"
    if k in ("work", "title", "bibl", "book", "publication", "periodical", "newspaper",
             "journal", "play", "opera"):
        return "work"
    if k in ("event", "eventname"):
        return "event"
    return "other"
