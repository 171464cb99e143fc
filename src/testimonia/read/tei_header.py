"""What a TEI file says about itself and its people: header, correspDesc, registers.

Helpers of the TEI reader (`testimonia.read.tei`): front matter from the teiHeader, the
senders, addressees, dates and places of `correspDesc`, register entries (listPerson,
listPlace, listOrg, listBibl, listEvent) as Entities, and the normalisation the reader
applies to refs and dates. Nothing here walks the text body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from lxml import etree

from testimonia.model import (
    Certainty,
    Credit,
    DateValue,
    Entity,
    FrontMatter,
    Party,
    Publication,
)

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_WS = re.compile(r"[ \t\r\n]+")


# --------------------------------------------------------------------------- elements


_LOCAL: dict[object, str] = {}
_IN_TEI: dict[object, bool] = {}


def local(el: etree._Element) -> str:
    """The element's name without namespace ('' for comments and processing instructions)."""
    tag = el.tag
    try:
        return _LOCAL[tag]
    except KeyError:
        pass
    name = "" if not isinstance(tag, str) else tag.rsplit("}", 1)[-1] if tag[:1] == "{" else tag
    if len(_LOCAL) < 10000:
        _LOCAL[tag] = name
    return name


def is_tei(el: etree._Element) -> bool:
    """True for elements in the TEI namespace, or in none (TEI files without a namespace)."""
    tag = el.tag
    try:
        return _IN_TEI[tag]
    except KeyError:
        pass
    found = isinstance(tag, str) and (tag[:1] != "{" or tag.startswith("{" + TEI_NS + "}"))
    if len(_IN_TEI) < 10000:
        _IN_TEI[tag] = found
    return found


def kids(el: etree._Element, *names: str) -> list[etree._Element]:
    return [c for c in el if is_tei(c) and (not names or local(c) in names)]


def first(el: etree._Element | None, *names: str) -> etree._Element | None:
    if el is None:
        return None
    for c in el:
        if is_tei(c) and local(c) in names:
            return c
    return None


def find_all(el: etree._Element, *names: str) -> list[etree._Element]:
    """TEI descendants of `el` named one of `names`, in document order."""
    tags = [f"{{{TEI_NS}}}{n}" for n in names] + list(names)
    return [e for e in el.iter(*tags) if e is not el]


def path(el: etree._Element | None, *steps: str) -> etree._Element | None:
    for step in steps:
        el = first(el, step)
        if el is None:
            return None
    return el


def clean(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def plain(el: etree._Element | None, skip: tuple[str, ...] = ("note", "email")) -> str:
    """The element's text with whitespace collapsed, leaving out comments and `skip`ped parts."""
    if el is None:
        return ""
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.text and isinstance(e.tag, str):
            parts.append(e.text)
        for c in e:
            if is_tei(c) and local(c) not in skip:
                walk(c)
            if c.tail:
                parts.append(c.tail)

    walk(el)
    return clean("".join(parts))


# --------------------------------------------------------------------------- keys and ids

_SCHEMES = {
    "gnd": "gnd", "dnb": "gnd", "viaf": "viaf", "wikidata": "wikidata", "wd": "wikidata",
    "geonames": "geonames", "geo": "geonames", "pmb": "pmb", "wikipedia": "wikipedia",
    "orcid": "orcid", "isni": "isni", "lcnaf": "lcnaf", "loc": "lcnaf", "lccn": "lcnaf",
    "ulan": "ulan", "tgn": "tgn", "bnf": "bnf", "tolstoy": "tolstoy",
}


def normalise_key(value: str | None) -> tuple[str | None, int]:
    """The entity key a @ref/@key names, and how many refs the attribute held.

    "#pmb2121" -> "pmb2121"; URIs are kept (without a trailing slash); with several refs
    separated by spaces the first is the key.
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


# --------------------------------------------------------------------------- dates

_POINT = re.compile(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[0-9:.+\-Z]*)?")


def edtf_point(value: str | None) -> str | None:
    """A TEI date attribute value (ISO 8601) as an EDTF day, month or year, or None."""
    if not value:
        return None
    m = _POINT.fullmatch(value.strip())
    if not m:
        return None
    year, month, day = m.groups()
    if not month or month == "00":
        return year
    if not 1 <= int(month) <= 12:
        return None
    if not day or day == "00":
        return f"{year}-{month}"
    if not 1 <= int(day) <= 31:
        return f"{year}-{month}"
    return f"{year}-{month}-{day}"


def _attr(el: etree._Element, name: str) -> str | None:
    return el.get(name) or el.get(name + "-iso") or el.get(name + "-custom")


def edtf_of(el: etree._Element, text: str = "") -> str | None:
    """EDTF for a TEI dating element: @when, @from/@to, @notBefore/@notAfter, else its text."""
    when = edtf_point(_attr(el, "when"))
    if when:
        return when
    for lo_name, hi_name in (("from", "to"), ("notBefore", "notAfter")):
        lo, hi = edtf_point(_attr(el, lo_name)), edtf_point(_attr(el, hi_name))
        if lo or hi:
            if lo == hi:
                return lo
            return f"{lo or '..'}/{hi or '..'}"
    return edtf_point(text) if text else None


def certainty_of(el: etree._Element) -> Certainty:
    cert = (el.get("cert") or "").lower()
    if cert in ("low", "medium", "unknown"):
        return "uncertain"
    evidence = (el.get("evidence") or "").lower()
    if evidence in ("conjecture", "external"):
        return "inferred"
    precision = (el.get("precision") or "").lower()
    if precision in ("low", "medium") or first(el, "precision") is not None:
        return "approximate"
    if (el.get("type") or "").lower() in ("approximate", "circa"):
        return "approximate"
    return "stated"


def date_value(el: etree._Element | None, text: str | None = None) -> DateValue | None:
    """A DateValue for a TEI date element; None when it gives neither text nor a date."""
    if el is None:
        return None
    written = clean(text) if text is not None else plain(el)
    edtf = edtf_of(el, written)
    if not written:
        written = edtf or ""
    if not written:
        return None
    calendar = (el.get("calendar") or el.get("datingMethod") or "").lstrip("#").lower()
    cal = "julian" if "julian" in calendar else "gregorian" if "gregorian" in calendar else None
    return DateValue(written, edtf, certainty_of(el), cal)


# --------------------------------------------------------------------------- names

_PART_ORDER = ("roleName", "forename", "nameLink", "surname", "genName")


def _direct_text(el: etree._Element) -> str:
    bits = [el.text or ""] + [c.tail or "" for c in el]
    return clean("".join(bits))


def name_forms(el: etree._Element) -> list[str]:
    """The forms a register name element gives: the written name first, then variants.

    A name that holds its text directly ("Гоголь Николай Васильевич" beside its parts) is
    taken as written; one made only of parts gives "Forename Surname" and "Surname, Forename".
    """
    parts = kids(el, *_PART_ORDER, "addName")
    inner = kids(el, "persName", "placeName", "orgName", "name")
    if inner:  # <persName><persName>McCarthy, P. C.</persName><forename>P. C.</forename>...
        forms: list[str] = []
        for sub in inner:
            forms.extend(name_forms(sub))
        return forms + (_joined(parts) if parts else [])
    direct = _direct_text(el)
    if direct:
        # "Гоголь Николай Васильевич" followed by its parts repeats them: keep the written form;
        # "Mr. <surname>Smith</surname>" is one name told in pieces: keep it all
        if parts and (all(plain(p) in direct for p in parts) or len(direct.split()) >= 2):
            return [direct, *_joined(parts)]
        return [plain(el)]
    if not parts:
        return [plain(el)] if plain(el) else []
    return _joined(parts)


def _joined(parts: list[etree._Element]) -> list[str]:
    """"Forename Surname" and "Surname, Forename" from a name's parts."""
    fore = " ".join(plain(p) for p in parts if local(p) == "forename" and plain(p))
    sur = " ".join(plain(p) for p in parts if local(p) in ("nameLink", "surname") and plain(p))
    gen = " ".join(plain(p) for p in parts if local(p) == "genName" and plain(p))
    add = [plain(p) for p in parts if local(p) == "addName" and plain(p)]
    if not fore and not sur:
        role = " ".join(plain(p) for p in parts if local(p) == "roleName" and plain(p))
        return [f for f in [*add, role] if f]
    full = " ".join(x for x in (fore, sur, gen) if x)
    forms = [full]
    if fore and sur:
        forms.append(f"{sur}, {fore}")
    forms.extend(add)
    return forms


_NAME_TAGS = {
    "person": ("persName", "name"),
    "personGrp": ("persName", "name"),
    "place": ("placeName", "geogName", "name", "settlement"),
    "org": ("orgName", "name"),
    "event": ("eventName", "label", "name", "desc"),
    "bibl": ("title",),
    "biblStruct": ("title",),
    "item": ("name", "label", "term"),
    "nym": ("form", "orth"),
}
ENTITY_TYPE_OF_ENTRY = {
    "person": "person", "personGrp": "person", "place": "place", "org": "organisation",
    "event": "event", "bibl": "work", "biblStruct": "work", "item": "other", "nym": "other",
}
_PREFERRED = ("pref", "main", "reg", "full", "standard", "preferred")
_SKIP_TITLES = ("werk_link", "link", "url", "uri")


def _entry_names(entry: etree._Element) -> list[str]:
    tag = local(entry)
    holders = [c for c in kids(entry, *_NAME_TAGS.get(tag, ("name",)))
               if (c.get("type") or "").lower() not in _SKIP_TITLES]
    if tag == "biblStruct":
        part = first(entry, "analytic")
        part = first(entry, "monogr") if part is None else part
        holders = kids(part, "title") if part is not None else []
    elif tag == "bibl" and len(holders) > 1:
        own = [h for h in holders if h.get("level") not in ("j", "s")]
        holders = own or holders
    if tag == "person" and not holders:
        holders = kids(entry, "name")
    holders.sort(key=lambda c: 0 if (c.get("type") or "").lower() in _PREFERRED else 1)
    forms: list[str] = []
    for h in holders:
        forms.extend(f for f in name_forms(h) if f and "://" not in f)
    if not forms and tag == "item":
        text = plain(entry)
        forms = [text[:120]] if text else []
    seen: list[str] = []
    for f in forms:
        if f not in seen:
            seen.append(f)
    return seen


def _life_date(entry: etree._Element, names: tuple[str, ...],
               events: tuple[str, ...]) -> str | None:
    holders = kids(entry, *names) + [e for e in kids(entry, "event")
                                     if (e.get("type") or "").lower() in events]
    for h in holders:
        value = edtf_of(h)
        if value:
            return value
        date = first(h, "date")
        if date is not None:
            value = edtf_of(date, plain(date))
            if value:
                return value
            if plain(date):
                return plain(date)
        text = plain(first(h, "date")) if first(h, "date") is not None else _direct_text(h)
        if text:
            return text
    return None


_DESCRIPTION_NOTE_SKIP = {"image", "references", "apis_dates", "relation-type", "listorg",
                          "idno", "zeichenanzahl", "work_kind", "90v_comment"}


def _description(entry: etree._Element) -> str | None:
    for note in kids(entry, "note", "desc"):
        kind = (note.get("type") or "").lower()
        if kind in _DESCRIPTION_NOTE_SKIP or kind.startswith("entity_type"):
            continue
        text = plain(note, skip=("email",))
        if text and "://" not in text[:12]:
            return text
    jobs = [plain(o) for o in kids(entry, "occupation") if plain(o)]
    if jobs:
        return "; ".join(dict.fromkeys(jobs))
    return None


_LIST_TAGS = {"listPerson", "listPlace", "listOrg", "listEvent", "listBibl", "list", "listNym"}


def register_entries(root: etree._Element, register: bool) -> list[Entity]:
    """Entities for register entries with an xml:id anywhere in the file.

    A plain `list` counts only in a register file or in back/standOff, where its items
    with an xml:id are register entries (animals, works of art...), not prose.
    """
    found: dict[str, Entity] = {}
    for el in root.iter():
        if not is_tei(el):
            continue
        tag = local(el)
        if tag not in ENTITY_TYPE_OF_ENTRY:
            continue
        key = el.get(XML_ID)
        if not key or key in found:
            continue
        listed = [local(a) for a in el.iterancestors() if is_tei(a)]
        if not any(a in _LIST_TAGS for a in listed):
            continue
        if tag == "item" and not (register or "back" in listed or "standOff" in listed
                                  or "standoff" in listed):
            continue
        if tag in ("bibl", "biblStruct") and "listBibl" not in listed:
            continue
        names = _entry_names(el) or [key]
        label = clean(el.get("n"))
        if label and not label.isdigit() and label not in names:
            names.append(label)
        person = tag in ("person", "personGrp")
        found[key] = Entity(
            entity_type=ENTITY_TYPE_OF_ENTRY[tag],
            name=names[0],
            variants=names[1:],
            identifiers=identifiers_of(el),
            key=key,
            birth=_life_date(el, ("birth",), ("born", "birth")) if person else None,
            death=_life_date(el, ("death",), ("died", "death")) if person else None,
            description=_description(el),
        )
    return list(found.values())


# --------------------------------------------------------------------------- correspDesc

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
    refs: list[str] = field(default_factory=list)  # the letters it describes (@ref, @corresp)
    references: list[Reference] = field(default_factory=list)


_PARTY_TAGS = {"persName": "person", "orgName": "organisation", "name": "person",
               "rs": "person"}


def read_correspondence(desc: etree._Element) -> Correspondence:
    out = Correspondence(xml_id=desc.get(XML_ID) or desc.get("ref") or desc.get("key"))
    for attr in ("ref", "corresp", "sameAs"):
        out.refs.extend((desc.get(attr) or "").split())
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


# --------------------------------------------------------------------------- front matter

_ROLES = [
    (("translat", "übersetz", "ubersetz", "перев", "traduc", "tradut"), "translator"),
    (("transcri", "transkri", "расшифр", "транскри", "abschrift"), "transcriber"),
    (("annotat", "comment", "kommentar", "коммент", "примеч", "anmerk"), "annotator"),
    (("encod", "tei", "xml", "markup", "mark-up", "coding", "разметк", "kodier", "auszeichn"),
     "encoder"),
    (("proof", "korrektur", "корректур", "correct"), "proofreader"),
    (("edit", "herausg", "hrsg", "редак", "éditeur", "edición", "составит"), "editor"),
    (("idea", "идея", "руковод", "direct", "leitung", "lead", "supervis", "principal"),
     "director"),
]


def normalise_role(resp: str) -> list[str]:
    """Roles a resp statement names, in the order it names them ("Transcription and coding")."""
    text = resp.lower()
    hits: list[tuple[int, str]] = []
    for words, role in _ROLES:
        positions = [text.find(w) for w in words if w in text]
        if positions:
            hits.append((min(positions), role))
    if not hits:
        return [clean(resp).lower()] if clean(resp) else []
    return [role for _, role in sorted(hits)]


def split_names(text: str) -> list[str]:
    """"Анна Иванова, Борис Орехов" -> two names; "Müller, Martin Anton" stays one."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) >= 2 and all(" " in p for p in parts):
        return parts
    return [text] if text else []


def _credit_names(el: etree._Element) -> list[str]:
    names = kids(el, "persName", "name", "orgName")
    if names:
        out: list[str] = []
        for n in names:
            out.extend(split_names(plain(n)))
        return out
    return split_names(plain(el))


def _title(stmt: etree._Element | None) -> tuple[str | None, str | None, str | None]:
    if stmt is None:
        return None, None, None
    titles = [t for t in kids(stmt, "title") if plain(t)]
    main = None
    for test in (
        lambda t: (t.get("type") or "") == "main",
        lambda t: (t.get("level") or "") == "a",
        lambda t: not t.get("type") and not t.get("level"),
        lambda t: (t.get("level") or "") == "m",
        lambda t: (t.get("type") or "") not in ("sub", "iso-date", "short", "bibl")
        and (t.get("level") or "") != "s",
    ):
        hits = [t for t in titles if test(t)]
        if hits:
            main = plain(hits[0])
            break
    sub = next((plain(t) for t in titles if (t.get("type") or "") in ("sub", "subtitle")), None)
    series = next((plain(t) for t in titles if (t.get("level") or "") == "s"), None)
    return main, sub, series


def _publication(source: etree._Element | None) -> Publication | None:
    if source is None:
        return None
    for bibl in [e for e in source.iter() if is_tei(e) and local(e) in ("biblStruct", "bibl")]:
        if local(bibl) == "bibl" and any(local(a) == "listBibl" for a in bibl.iterancestors()):
            continue
        text = plain(bibl)
        if not text:
            continue
        journal = next((plain(t) for t in find_all(bibl, "title") if t.get("level") == "j"), None)
        scopes: dict[str, str] = {}
        for scope in find_all(bibl, "biblScope", "citedRange"):
            unit = (scope.get("unit") or scope.get("type") or "").lower()
            value = plain(scope) or "-".join(x for x in (scope.get("from"), scope.get("to")) if x)
            key = ("volume" if unit.startswith("vol")
                   else "issue" if unit in ("issue", "number", "no", "nr", "heft")
                   else "pages" if unit.startswith(("page", "pp")) else None)
            if key and value and key not in scopes:
                scopes[key] = value
        date_el = next(iter(find_all(bibl, "date")), None)
        date_text = None
        date = None
        if date_el is not None:
            date = edtf_of(date_el, plain(date_el))
            date_text = plain(date_el) or date
        if local(bibl) == "biblStruct":
            text = _compose_bibl(bibl, scopes, date_text)
        return Publication(text, journal, scopes.get("volume"), scopes.get("issue"), date_text,
                           date, scopes.get("pages"))
    return None


def _compose_bibl(bibl: etree._Element, scopes: dict[str, str], date_text: str | None) -> str:
    bits: list[str] = []
    authors = [plain(a) for a in find_all(bibl, "author", "editor") if plain(a)]
    if authors:
        bits.append(", ".join(dict.fromkeys(authors)))
    for part in kids(bibl, "analytic", "monogr", "series"):
        for t in kids(part, "title"):
            if plain(t):
                bits.append(plain(t))
        imprint = first(part, "imprint")
        if imprint is not None:
            place = ", ".join(plain(p) for p in kids(imprint, "pubPlace") if plain(p))
            pub = ", ".join(plain(p) for p in kids(imprint, "publisher") if plain(p))
            line = ": ".join(x for x in (place, pub) if x)
            line = ", ".join(x for x in (line, date_text) if x)
            if line:
                bits.append(line)
    if scopes.get("volume"):
        bits.append(f"Vol. {scopes['volume']}")
    if scopes.get("pages"):
        bits.append(f"pp. {scopes['pages']}")
    return ". ".join(b.rstrip(".") for b in bits) + "." if bits else plain(bibl)


def _provenance(source: etree._Element | None) -> str | None:
    """Where the original is kept: the first msIdentifier ("Cambridge, University Library, B 22")."""
    if source is None:
        return None
    for ident in find_all(source, "msIdentifier"):
        bits = [plain(c) for c in kids(ident, "settlement", "institution", "repository",
                                       "collection", "idno") if plain(c)]
        if bits:
            return ", ".join(dict.fromkeys(bits))
    return None


def _licence(pub: etree._Element | None) -> str | None:
    avail = first(pub, "availability")
    if avail is None:
        return None
    for lic in find_all(avail, "licence"):
        if lic.get("target"):
            return lic.get("target")
        if plain(lic):
            return plain(lic)
    for ptr in find_all(pub, "ptr", "ref"):
        if ptr.get("target"):
            return ptr.get("target")
    text = plain(avail)
    return text[:500] if text else None


def language_of(header: etree._Element | None) -> str | None:
    usage = path(header, "profileDesc", "langUsage")
    if usage is None:
        return None
    for lang in kids(usage, "language"):
        ident = lang.get("ident") or plain(lang)
        if ident:
            return ident
    return None


def read_front(header: etree._Element | None) -> FrontMatter:
    front = FrontMatter()
    if header is None:
        return front
    file_desc = first(header, "fileDesc")
    stmt = first(file_desc, "titleStmt")
    front.title, front.subtitle, front.series = _title(stmt)
    series_stmt = first(file_desc, "seriesStmt")
    if front.series is None and series_stmt is not None:
        front.series = plain(first(series_stmt, "title")) or None
    credits: list[Credit] = []
    authors: list[str] = []
    if stmt is not None:
        for el in kids(stmt, "author", "editor", "principal"):
            role = el.get("role")
            names = _credit_names(el) if local(el) == "editor" else [plain(el)]
            for name in names:
                if not name:
                    continue
                if local(el) == "author" and not role:
                    authors.append(name)
                else:
                    default = "editor" if local(el) == "editor" else "director"
                    credits.append(Credit(role or default, name))
    for resp_stmt in find_all(file_desc, "respStmt") if file_desc is not None else []:
        resp = plain(first(resp_stmt, "resp"))
        for role in normalise_role(resp) if resp else []:
            for name in _credit_names_resp(resp_stmt):
                credits.append(Credit(role, name))
    front.author = "; ".join(dict.fromkeys(authors)) or None
    front.credits = list(dict.fromkeys(credits))
    front.published_in = _publication(first(file_desc, "sourceDesc"))
    front.provenance = _provenance(first(file_desc, "sourceDesc"))
    pub = first(file_desc, "publicationStmt")
    front.licence = _licence(pub)
    front.language = language_of(header)
    front.last_updated = _last_updated(header, pub)
    return front


def _credit_names_resp(resp_stmt: etree._Element) -> list[str]:
    out: list[str] = []
    for n in kids(resp_stmt, "persName", "name", "orgName"):
        out.extend(split_names(plain(n)))
    return out


def _last_updated(header: etree._Element, pub: etree._Element | None) -> DateValue | None:
    changes = find_all(first(header, "revisionDesc"), "change") if first(header, "revisionDesc") \
        is not None else []
    best: tuple[str, etree._Element] | None = None
    for change in changes:
        when = edtf_point(change.get("when"))
        if when and (best is None or when > best[0]):
            best = (when, change)
    if best is not None:
        return DateValue(best[1].get("when") or best[0], best[0])
    date = first(pub, "date")
    return date_value(date) if date is not None else None
