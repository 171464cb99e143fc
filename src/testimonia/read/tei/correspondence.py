"""Who wrote to whom, when and from where, as a correspDesc states it.

CMIF files and letter editions keep this in the header, apart from the letter's text,
and type its actions loosely ("sent", "sending", "sender"). Reading each correspDesc into
one record lets the document finder attach it to the letter it describes, and the reader
collect the entities it names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from testimonia.model import DateValue, Party
from testimonia.read.tei.dates import certainty_of, date_value
from testimonia.read.tei.elements import XML_ID, first, kids, local, plain
from testimonia.read.tei.keys import entity_type_for, normalise_key

SENDING = ("sent", "sending", "sender", "send")
RECEIVING = ("received", "receiving", "receiver", "addressee", "recipient")


@dataclass
class Reference:
    """A key the header or text names, with the surface form and type it was named with."""

    key: str
    name: str
    entity_type: str


@dataclass
class Correspondence:
    """One correspDesc read: who wrote to whom, when and from where."""

    authors: list[Party] = field(default_factory=list)
    addressees: list[Party] = field(default_factory=list)
    date: DateValue | None = None
    place: str | None = None
    place_key: str | None = None
    xml_id: str | None = None
    # what a CMIF file calls the letter: its id in the edition (@key), else its address
    # (@ref), else the entry's own xml:id; a letters index keeps it, to meet the text later
    index_key: str | None = None
    refs: list[str] = field(default_factory=list)  # the letters it describes (@ref, @corresp)
    references: list[Reference] = field(default_factory=list)


_PARTY_TAGS = {"persName": "person", "orgName": "organisation", "name": "person",
               "rs": "person"}


def read_correspondence(desc: etree._Element) -> Correspondence:
    out = Correspondence(xml_id=desc.get(XML_ID) or desc.get("ref") or desc.get("key"))
    for attr in ("ref", "corresp", "sameAs"):
        out.refs.extend((desc.get(attr) or "").split())
    out.index_key = (desc.get("key") or "").strip() or next(
        (r for r in (desc.get("ref") or "").split() if "://" in r), None) or out.xml_id
    for action in kids(desc, "correspAction"):
        kind = (action.get("type") or "").lower()
        if kind not in SENDING and kind not in RECEIVING:
            continue
        parties = out.authors if kind in SENDING else out.addressees
        for el in kids(action, *_PARTY_TAGS):
            name = plain(el)
            key, _ = normalise_key(el.get("ref") or el.get("key") or el.get("sameAs"))
            if not name and not key:
                continue
            parties.append(Party(name or key or "", key, certainty_of(el)))
            if key:
                etype = _PARTY_TAGS[local(el)]
                if local(el) in ("name", "rs") and el.get("type"):
                    etype = entity_type_for(el.get("type") or "")
                out.references.append(Reference(key, name or key, etype))
        for el in kids(action, "placeName", "settlement"):
            name = plain(el)
            key, _ = normalise_key(el.get("ref") or el.get("key") or el.get("sameAs"))
            if key:
                out.references.append(Reference(key, name or key, "place"))
            if kind in SENDING and out.place is None and (name or key):
                out.place, out.place_key = name or None, key
        if kind in SENDING and out.date is None:
            date = first(action, "date")
            if date is not None:
                out.date = date_value(date)
    if out.date is None:
        for action in kids(desc, "correspAction"):
            date = first(action, "date")
            value = date_value(date) if date is not None else None
            if value is not None and value.edtf:
                value.certainty = "inferred" if value.certainty == "stated" else value.certainty
                out.date = value
                break
    return out
