"""The rules of CMIF 1.1 as checks: its Schematron (cmif.sch) and what its ODD and guidelines state.

The CMIF RELAX NG schema rejects even its own examples (see cmif-spec/SOURCE.md in the
shared corpora), so instead of trusting it, each rule the specification states is checked
here and reported in words, with the Schematron's code where it has one.
"""

from __future__ import annotations

import re

from lxml import etree

from testimonia.export.tei.xml import TEI_NS, XML_ID

_NS = {"t": TEI_NS}
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CMIF_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_DATING = ("when", "from", "to", "notBefore", "notAfter")
LICENCES = ("https://creativecommons.org/licenses/by/4.0/",
            "https://creativecommons.org/publicdomain/zero/1.0/")
_ACTION_PARTS = {"persName", "orgName", "placeName", "date"}


def _local(el: etree._Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def cmif_problems(root: etree._Element) -> list[str]:
    """Every way the file breaks CMIF 1.1, one line each (empty when it keeps every rule)."""
    problems: list[str] = []
    problems += _header_problems(root)
    bibl_ids = {b.get(XML_ID) for b in root.iterfind(".//t:sourceDesc/t:bibl", _NS)}
    for bibl in root.iterfind(".//t:bibl", _NS):
        if not _UUID.search(bibl.get(XML_ID) or ""):
            problems.append("W0001 bibl/@xml:id should hold a UUID")
    for n, desc in enumerate(root.iterfind(".//t:correspDesc", _NS), 1):
        where = f"correspDesc {desc.get('key') or desc.get(XML_ID) or n}"
        actions = desc.findall("t:correspAction", _NS)
        kinds = [a.get("type") for a in actions]
        if "sent" not in kinds:
            problems.append(f"E0001 {where}: no correspAction type=\"sent\"")
        if "received" not in kinds:
            problems.append(f"E0002 {where}: no correspAction type=\"received\"")
        source = desc.get("source")
        if source is not None and source.partition("#")[2] not in bibl_ids:
            problems.append(f"E0003 {where}: @source {source} names no bibl/@xml:id")
        for action in actions:
            problems += _action_problems(action, where)
    for date in root.iterfind(".//t:date", _NS):
        if not any(date.get(a) for a in _DATING):
            problems.append(f"E0004 date {(date.text or '').strip()!r}: no @when, @from, @to, "
                            "@notBefore or @notAfter")
    for el in root.iter(etree.Element):
        if el.get("cert") not in (None, "low"):
            problems.append(f"{_local(el)}/@cert={el.get('cert')!r}: CMIF allows only \"low\"")
        if el.get("evidence") not in (None, "conjecture"):
            problems.append(f"{_local(el)}/@evidence={el.get('evidence')!r}: CMIF allows only "
                            "\"conjecture\"")
    return problems


def _action_problems(action: etree._Element, where: str) -> list[str]:
    problems = []
    kind = action.get("type")
    if kind not in ("sent", "received"):
        problems.append(f"{where}: correspAction type={kind!r}: CMIF allows sent and received")
    parts = [c for c in action if isinstance(c.tag, str)]
    for part in parts:
        if _local(part) not in _ACTION_PARTS:
            problems.append(f"{where}: <{_local(part)}> in correspAction (persName, orgName, "
                            "placeName and date only)")
    if (action.text or "").strip() or any((c.tail or "").strip() for c in parts):
        problems.append(f"{where}: text directly in correspAction")
    if not any(_local(p) in ("persName", "orgName") for p in parts):
        problems.append(f"{where}: correspAction {kind} names nobody (write \"Unknown\")")
    for date in (p for p in parts if _local(p) == "date"):
        for attr in _DATING:
            value = date.get(attr)
            if value is not None and not _CMIF_DATE.fullmatch(value):
                problems.append(f"{where}: date/@{attr}={value!r}: CMIF takes YYYY, YYYY-MM or YYYY-MM-DD")
    return problems


def _header_problems(root: etree._Element) -> list[str]:
    problems = []
    file_desc = root.find("t:teiHeader/t:fileDesc", _NS)
    if file_desc is None:
        return ["no teiHeader/fileDesc"]
    stmt = file_desc.find("t:titleStmt", _NS)
    if stmt is None or stmt.find("t:title", _NS) is None:
        problems.append("titleStmt/title is missing")
    if stmt is None or stmt.find("t:editor", _NS) is None:
        problems.append("titleStmt/editor is missing")
    pub = file_desc.find("t:publicationStmt", _NS)
    if pub is None:
        return [*problems, "publicationStmt is missing"]
    if pub.find("t:publisher", _NS) is None:
        problems.append("publicationStmt/publisher is missing")
    idno = pub.find("t:idno", _NS)
    if idno is None or (idno.get("type") or "").lower() != "url" or not (idno.text or "").strip():
        problems.append("publicationStmt/idno type=\"url\" with the file's URL is missing")
    if pub.find("t:date[@when]", _NS) is None:
        problems.append("publicationStmt/date/@when is missing")
    licence = pub.find("t:availability/t:licence", _NS)
    target = re.sub(r"^https?://", "", (licence.get("target") or "") if licence is not None else "")
    if target not in [re.sub(r"^https?://", "", url) for url in LICENCES]:
        problems.append("availability/licence/@target must be CC BY 4.0 or CC0 1.0")
    bibls = file_desc.findall("t:sourceDesc/t:bibl", _NS)
    if not bibls:
        problems.append("sourceDesc/bibl is missing")
    for bibl in bibls:
        if bibl.get("type") not in ("online", "print", "hybrid"):
            problems.append(f"sourceDesc/bibl/@type={bibl.get('type')!r}: online, print or hybrid")
        if not bibl.get(XML_ID):
            problems.append("sourceDesc/bibl/@xml:id is missing")
    return problems
