"""Registers in and out: CSV, JSON and TEI lists (listPerson, listPlace, listOrg, listBibl).

An imported entry that names an id the archive has, or shares an authority identifier
(Wikidata, VIAF, GND, GeoNames) with an entry, enriches that entry; any other becomes a new,
confirmed entry, since a register an editor supplies is their word.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

from lxml import etree

from testimonia.errors import BadQuery, RecordNotFound, UnreadableSource
from testimonia.model import Entity
from testimonia.store import Store

FORMATS = ("csv", "json", "tei")
AUTHORITIES = ("wikidata", "viaf", "gnd", "geonames")
CSV_FIELDS = ["id", "entity_type", "name", "variants", *AUTHORITIES, "birth", "death", "roles",
              "description", "status"]
TEI_NS = "http://www.tei-c.org/ns/1.0"
_LISTS = {"person": ("listPerson", "person", "persName"), "place": ("listPlace", "place", "placeName"),
          "organisation": ("listOrg", "org", "orgName"), "work": ("listBibl", "bibl", "title")}


def export_register(store: Store, fmt: str, out: IO[str], entity_type: str | None = None) -> int:
    """Write every entry (of one type, if given); return how many."""
    entities = list(store.entities(entity_type))
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for entity in entities:
            writer.writerow(_csv_row(entity))
    elif fmt == "json":
        json.dump([_json_record(entity) for entity in entities], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "tei":
        out.write(etree.tostring(_tei_document(entities), encoding="unicode", pretty_print=True))
    else:
        raise BadQuery(f"register format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return len(entities)


def _csv_row(entity: Entity) -> dict[str, str]:
    row = {"id": entity.id or "", "entity_type": entity.entity_type, "name": entity.name,
           "variants": "|".join(entity.variants), "birth": entity.birth or "", "death": entity.death or "",
           "roles": "|".join(entity.roles), "description": entity.description or "", "status": entity.status}
    for authority in AUTHORITIES:
        row[authority] = entity.identifiers.get(authority, "")
    return row


def _json_record(entity: Entity) -> dict[str, Any]:
    return {"id": entity.id, "entity_type": entity.entity_type, "name": entity.name,
            "variants": entity.variants, "identifiers": entity.identifiers, "keys": entity.keys,
            "birth": entity.birth, "death": entity.death, "roles": entity.roles,
            "description": entity.description, "status": entity.status}


def _tei_document(entities: list[Entity]) -> etree._Element:
    def tei(tag: str) -> str:
        return f"{{{TEI_NS}}}{tag}"

    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    header = etree.SubElement(root, tei("teiHeader"))
    file_desc = etree.SubElement(header, tei("fileDesc"))
    etree.SubElement(etree.SubElement(file_desc, tei("titleStmt")), tei("title")).text = "Register"
    etree.SubElement(etree.SubElement(file_desc, tei("publicationStmt")), tei("p")).text = \
        "Exported by testimonia"
    etree.SubElement(etree.SubElement(file_desc, tei("sourceDesc")), tei("p")).text = \
        "The register of a testimonia archive"
    stand_off = etree.SubElement(root, tei("standOff"))
    lists: dict[str, etree._Element] = {}
    for entity in entities:
        list_tag, item_tag, name_tag = _LISTS.get(entity.entity_type, ("listPerson", "person", "persName"))
        if list_tag not in lists:
            lists[list_tag] = etree.SubElement(stand_off, tei(list_tag))
        item = etree.SubElement(lists[list_tag], tei(item_tag))
        item.set("{http://www.w3.org/XML/1998/namespace}id", entity.id or "")
        etree.SubElement(item, tei(name_tag)).text = entity.name
        for variant in entity.variants:
            name = etree.SubElement(item, tei(name_tag))
            name.set("type", "variant")
            name.text = variant
        for scheme, value in sorted(entity.identifiers.items()):
            idno = etree.SubElement(item, tei("idno"))
            idno.set("type", scheme)
            idno.text = value
        if entity.entity_type == "person":
            for tag, value in (("birth", entity.birth), ("death", entity.death)):
                if value:
                    etree.SubElement(item, tei(tag)).set("when", value)
        if entity.description:
            etree.SubElement(item, tei("note")).text = entity.description
    return root


def import_register(store: Store, fmt: str, path: str | Path) -> dict[str, int]:
    """Read a register file; return counts of entries added and enriched."""
    entities = _read_entities(fmt, Path(path))
    known_ids = {authority_key(scheme, value): e.id for e in store.entities()
                 for scheme, value in e.identifiers.items() if e.id}
    counts = {"added": 0, "enriched": 0}
    for entity, given_id in entities:
        key = f"import:{entity.entity_type}:{given_id or entity.name}"
        target = store.entity_for_key(key)
        if given_id and not target:
            try:
                target = store.entity(given_id).id
            except RecordNotFound:
                target = None
        target = target or next((known_ids[authority_key(s, v)] for s, v in entity.identifiers.items()
                                 if authority_key(s, v) in known_ids), None)
        if target:
            current = store.entity(target)
            store.update_entity(
                target,
                variants=list(dict.fromkeys([*current.variants, *(v for v in [entity.name, *entity.variants]
                                                                   if v != current.name)])),
                identifiers={**current.identifiers, **entity.identifiers},
                birth=current.birth or entity.birth, death=current.death or entity.death,
                roles=list(dict.fromkeys([*current.roles, *entity.roles])))
            counts["enriched"] += 1
        else:
            entity.status = entity.status if entity.status in ("proposed", "confirmed") else "confirmed"
            store.add_entity(entity, key=key)
            counts["added"] += 1
    return counts


def authority_key(scheme: str, value: str) -> str:
    return f"{scheme.lower()}:{value.strip().rsplit('/', 1)[-1]}"


def _read_entities(fmt: str, path: Path) -> list[tuple[Entity, str | None]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableSource(str(path), f"cannot read: {exc.strerror}") from None
    if fmt == "tei":
        from testimonia.read.tei import read_tei

        return [(entity, entity.key) for entity in read_tei(data, str(path)).entities]
    text = data.decode("utf-8-sig", errors="strict") if data else ""
    if fmt == "csv":
        rows = list(csv.DictReader(text.splitlines()))
        if rows and "name" not in rows[0]:
            raise UnreadableSource(str(path), "CSV register needs a 'name' column")
        return [(_entity_from_row(row), row.get("id") or None) for row in rows if row.get("name")]
    if fmt == "json":
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UnreadableSource(str(path), f"malformed JSON: {exc.msg} (line {exc.lineno})") from None
        if not isinstance(records, list):
            raise UnreadableSource(str(path), "JSON register must be a list of entries")
        return [(_entity_from_record(r), r.get("id")) for r in records
                if isinstance(r, dict) and r.get("name")]
    raise BadQuery(f"register format {fmt!r}: choose one of {', '.join(FORMATS)}")


def _entity_from_row(row: dict[str, str]) -> Entity:
    identifiers = {a: row[a].strip() for a in AUTHORITIES if (row.get(a) or "").strip()}
    return Entity(entity_type=row.get("entity_type") or "person", name=row["name"].strip(),
                  variants=[v for v in (row.get("variants") or "").split("|") if v.strip()],
                  identifiers=identifiers, birth=row.get("birth") or None, death=row.get("death") or None,
                  roles=[r for r in (row.get("roles") or "").split("|") if r.strip()],
                  description=row.get("description") or None, status=row.get("status") or "confirmed")


def _entity_from_record(record: dict[str, Any]) -> Entity:
    return Entity(entity_type=record.get("entity_type") or "person", name=str(record["name"]),
                  variants=[str(v) for v in record.get("variants") or []],
                  identifiers={str(k): str(v) for k, v in (record.get("identifiers") or {}).items()},
                  birth=record.get("birth"), death=record.get("death"),
                  roles=[str(r) for r in record.get("roles") or []], description=record.get("description"),
                  status=record.get("status") or "confirmed")
