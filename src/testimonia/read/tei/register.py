"""Register entries (listPerson, listPlace, listOrg, listBibl, listEvent) as Entities.

Editions keep their people, places and works in registers, each in its own style: names
as written or in parts, life dates as attributes or as text, descriptions in notes or
occupations. These entries become the entities that mentions link to, so each one's
names, dates and identifiers are gathered into one form, whatever style it came in.
"""

from __future__ import annotations

from lxml import etree

from testimonia.model import Entity
from testimonia.read.tei.dates import edtf_of
from testimonia.read.tei.elements import XML_ID, clean, first, is_tei, kids, local, plain
from testimonia.read.tei.keys import identifiers_of

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
