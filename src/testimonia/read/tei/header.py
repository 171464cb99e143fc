"""Front matter from the teiHeader: title, credits, source, provenance, licence, language.

Editions credit their transcribers, encoders and editors in respStmt prose in several
languages, so roles are recognised by word stems; the printed source may be a bibl or a
biblStruct, and either way it is composed into one citation line. Nothing here walks the
text body.
"""

from __future__ import annotations

from lxml import etree

from testimonia.model import Credit, DateValue, FrontMatter, Publication
from testimonia.read.tei.dates import date_value, edtf_of, edtf_point
from testimonia.read.tei.elements import clean, find_all, first, is_tei, kids, local, path, plain

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
