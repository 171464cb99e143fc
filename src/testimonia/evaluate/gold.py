"""Gold mentions from the shared evaluation corpora, in one shape for the scorer.

Each loader yields `GoldDocument`s: a plain text and the spans an editor or annotator
marked in it, typed as testimonia types them (person, place, organisation, work) and
keyed by the source's own entity id where it has one. Loaders take `limit` (the most
documents to yield) so a test can read a handful and a full run can read them all; they
read one file at a time and never hold a whole corpus in memory.

Where the gold comes from:

* TEI editions (Mitford's journal, Tolstoy's letters and diaries, Schnitzler's letters):
  the edition's own markup. `read_tei` strips the tags, and the tagged names it reports
  (persName, placeName, `name type="person"`, `rs type=...`) with their offsets into the
  plain text are the gold: strip the markup, detect again, compare.
* factRuEval-2016: the `objects` layer, each object's extent built from its `spans`
  (character offsets into the `.txt`).
* NEREL v1.1: brat standoff `T` lines, the outermost entity of the mapped types, with the
  Wikidata id from the `N` reference lines as key.
* The bundled samples: MANIFEST.json lists each file's person surface forms but not
  where they stand; every whole-word occurrence of those forms is taken as a mention.
  Names the manifest does not list are not gold, so this corpus checks person recall only.

Registers (for register-based recognition and for linking) come from the register files
only (`si.xml`, the Tolstoy person-list sample and correspondents, Schnitzler's indices),
never from the gold mentions' surface forms, so the register cannot leak the answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from testimonia.model import Entity


@dataclass(frozen=True)
class GoldMention:
    """One gold span: [start, end) in its document's text."""

    start: int
    end: int
    entity_type: str
    entity_key: str | None = None
    text: str | None = None  # the surface form as the gold file states it, where it does


@dataclass
class GoldDocument:
    name: str
    language: str
    text: str
    mentions: list[GoldMention] = field(default_factory=list)
    source: str | None = None  # the file the document came from, where it holds several


@dataclass(frozen=True)
class CorpusSpec:
    """What a corpus is, where it lives under `shared`, and what its gold covers."""

    name: str
    language: str
    path: str  # relative to the shared folder
    types: tuple[str, ...]  # entity types the gold marks: predictions of others are not scored
    load: Callable[[Path, int | None], Iterator[GoldDocument]]
    register: Callable[[Path], list[Entity]] | None = None  # the edition's own register, if any
    keyed: bool = False  # gold mentions carry entity keys (linking can be scored)
    recall_only: bool = False  # gold lists only some of the names: precision is meaningless


def _read_exact(path: Path) -> str:
    """The file's text with its line ends as they are: gold offsets count every character."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def corpora_root(shared: Path) -> Path:
    """The folder holding the corpora, given it or the shared folder above it."""
    return shared / "corpora" if (shared / "corpora").is_dir() else shared


def _take(limit: int | None) -> Callable[[int], bool]:
    return lambda count: limit is not None and count >= limit


def _read_tei_file(path: Path):  # -> ReadResult
    from testimonia.read.tei import read_tei

    return read_tei(path.read_bytes(), str(path))


# --------------------------------------------------------------------------- Mitford

MITFORD_JOURNAL = "mitford-journal/1819-1823MRMJournal.xml"
MITFORD_REGISTER = "mitford-journal/si.xml"


def load_mitford(shared: Path, limit: int | None = None) -> Iterator[GoldDocument]:
    """Mitford's journal, one GoldDocument per diary entry (`div type="entry"`).

    Gold: persName and placeName (pets are persName in this edition and are kept), with
    their @ref as key (None where the tag has no ref). Tags in the editorial notes, which
    the reader writes after the body, fall outside every entry and are not used.
    """
    shared = corpora_root(shared)
    result = _read_tei_file(corpora_root(shared) / MITFORD_JOURNAL)
    text = result.text
    by_doc: dict[int, list] = {}
    for m in result.mentions:
        if m.entity_type in ("person", "place") and m.document_index is not None:
            by_doc.setdefault(m.document_index, []).append(m)
    done = _take(limit)
    count = 0
    for i, doc in enumerate(result.documents):
        if done(count):
            return
        if doc.kind != "diary_entry" or doc.end <= doc.start:
            continue
        mentions = [GoldMention(m.start - doc.start, m.end - doc.start, m.entity_type, m.entity_key, m.text)
                    for m in by_doc.get(i, []) if doc.start <= m.start and m.end <= doc.end]
        date = doc.date.edtf if doc.date and doc.date.edtf else str(i)
        yield GoldDocument(f"mitford:{i:04d}:{date}", "en", text[doc.start:doc.end], mentions,
                           source=MITFORD_JOURNAL)
        count += 1


def mitford_register(shared: Path) -> list[Entity]:
    """si.xml's persons and places: names and variants as the site index gives them."""
    shared = corpora_root(shared)
    result = _read_tei_file(shared / MITFORD_REGISTER)
    return [e for e in result.entities if e.entity_type in ("person", "place") and e.key]


# --------------------------------------------------------------------------- Tolstoy

TOLSTOY = "tolstoy-digital"


def _tolstoy_files(shared: Path) -> list[Path]:
    shared = corpora_root(shared)
    root = shared / TOLSTOY
    return sorted((root / "letters").glob("*.xml")) + sorted((root / "diaries").glob("*.xml"))


def load_tolstoy(shared: Path, limit: int | None = None) -> Iterator[GoldDocument]:
    """Tolstoy's letters and diary entries, one GoldDocument per file, persons only.

    The whole text the reader writes is used: the letter or entry and the edition's notes
    and comments after it, since `name type="person"` is tagged in all of them. The
    edition tags only some names (see its SOURCE.md), so precision is understated.
    """
    shared = corpora_root(shared)
    done = _take(limit)
    for count, path in enumerate(_tolstoy_files(shared)):
        if done(count):
            return
        result = _read_tei_file(path)
        mentions = [GoldMention(m.start, m.end, "person", m.entity_key, m.text)
                    for m in result.mentions if m.entity_type == "person"]
        language = result.front.language or "ru"
        yield GoldDocument(f"tolstoy:{path.parent.name}/{path.stem}", language.split("-")[0],
                           result.text, mentions)


def _safe_xml(path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(path.read_bytes(), parser)


_TEI = "{http://www.tei-c.org/ns/1.0}"


def tolstoy_register(shared: Path) -> list[Entity]:
    """The person-list sample and the correspondents the letters' correspDesc names.

    correspDesc is header metadata (who wrote to whom), not a tagged mention, so taking
    its names does not copy the gold; the edition's full person list (~4 M characters)
    is not in the snapshot, so most mentioned people are missing from this register.
    """
    shared = corpora_root(shared)
    root = corpora_root(shared) / TOLSTOY
    entities: dict[str, Entity] = {}
    sample = _read_tei_file(root / "reference" / "PersonList_sample.xml")
    for e in sample.entities:
        if e.entity_type == "person" and e.key:
            entities[e.key] = e
    for path in _tolstoy_files(shared):
        tree = _safe_xml(path)
        for pers in tree.iter(f"{_TEI}persName"):
            if pers.getparent() is None or pers.getparent().tag != f"{_TEI}correspAction":
                continue
            key = (pers.get("ref") or "").lstrip("#").strip()
            name = " ".join("".join(pers.itertext()).split())
            if not key or not name:
                continue
            entity = entities.get(key)
            if entity is None:
                entities[key] = Entity("person", name, key=key)
            elif name != entity.name and name not in entity.variants:
                entity.variants.append(name)
    return list(entities.values())


# --------------------------------------------------------------------------- factRuEval

FACTRUEVAL = "factrueval-2016"
FACTRUEVAL_TYPES = {"Person": "person", "Location": "place", "LocOrg": "place", "Org": "organisation"}
_FACTRUEVAL_NAME_SPANS = {"name", "surname", "patronymic", "nickname", "org_name", "loc_name"}


def _factrueval_docs(shared: Path) -> list[Path]:
    shared = corpora_root(shared)
    root = shared / FACTRUEVAL
    out: list[Path] = []
    for part in ("devset", "testset"):
        out.extend(sorted((root / part).glob("book_*.txt"), key=lambda p: int(p.stem.split("_")[1])))
    return out


def _extent(parts: list[tuple[int, int]], text: str) -> tuple[int, int] | None:
    """The span covering `parts` when only spaces, hyphens or quotes lie between them."""
    parts = sorted(parts)
    start, end = parts[0]
    for s, e in parts[1:]:
        if s > end and text[end:s].strip(" \t\n-–—\"«»'“”,.") != "":
            return None
        end = max(end, e)
    return start, end


def read_factrueval(txt: Path) -> GoldDocument:
    """One factRuEval document: Person, Location, LocOrg and Org objects.

    An object's extent runs from its first span to its last (descriptors such as
    "мэрии" in "мэрии Москвы" included) when they are contiguous, else over its name
    spans only. Objects made of descriptors alone ("руководство страны", "подмосковный")
    are not names and are not gold. Nested objects (LocOrg "Москвы" inside Org "мэрии
    Москвы") are both kept, as factRuEval's own scoring does. The key is the coreference
    chain id, which holds only within the document.
    """
    text = _read_exact(txt)
    spans: dict[str, tuple[str, int, int]] = {}
    for line in txt.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 4:
            spans[fields[0]] = (fields[1], int(fields[2]), int(fields[2]) + int(fields[3]))
    chains: dict[str, str] = {}
    coref = txt.with_suffix(".coref")
    if coref.exists():
        for block in coref.read_text(encoding="utf-8").split("\n\n"):
            head = block.strip().splitlines()[:1]
            if head:
                ids = head[0].split()
                for obj in ids[1:]:
                    chains[obj] = f"{txt.stem}:{ids[0]}"
    mentions: set[GoldMention] = set()
    for line in txt.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 3 or fields[1] not in FACTRUEVAL_TYPES:
            continue
        parts = [spans[s] for s in fields[2:] if s in spans]
        named = [(s, e) for kind, s, e in parts if kind in _FACTRUEVAL_NAME_SPANS]
        if not named:
            continue
        where = _extent([(s, e) for _, s, e in parts], text) or _extent(named, text)
        if where is None:
            continue
        mentions.add(GoldMention(where[0], where[1], FACTRUEVAL_TYPES[fields[1]], chains.get(fields[0]),
                                 text[where[0]:where[1]]))
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end, m.entity_type))
    return GoldDocument(f"factrueval:{txt.parent.name}/{txt.stem}", "ru", text, ordered)


def load_factrueval(shared: Path, limit: int | None = None) -> Iterator[GoldDocument]:
    """factRuEval-2016 devset then testset, in document-number order."""
    done = _take(limit)
    for count, txt in enumerate(_factrueval_docs(shared)):
        if done(count):
            return
        yield read_factrueval(txt)


# --------------------------------------------------------------------------- NEREL

NEREL = "nerel/NEREL-v1.1"
NEREL_TYPES = {
    "PERSON": "person", "CITY": "place", "COUNTRY": "place", "STATE_OR_PROVINCE": "place",
    "STATE_OR_PROV": "place", "LOCATION": "place", "DISTRICT": "place",
    "ORGANIZATION": "organisation", "WORK_OF_ART": "work",
}


def read_nerel(txt: Path) -> GoldDocument:
    """One NEREL document: the outermost entity of the mapped types at each place.

    NEREL nests entities ("Министерства иностранных дел России" holds "России"); only
    the entities of the mapped types count, and of those only the ones no other mapped
    entity contains, since testimonia marks one name per stretch of text. A discontinuous
    entity ("0 5;9 14") is taken from its first fragment's start to its last's end. The
    key is the Wikidata id of the entity's `Reference` line; `Wikidata:NULL` and unlinked
    entities have none.
    """
    text = _read_exact(txt)
    ann = txt.with_name(txt.name[: -len(".txt")] + ".ann")
    found: dict[str, tuple[int, int, str, str]] = {}
    keys: dict[str, str] = {}
    for line in ann.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            head = cols[1].split(" ", 1)
            kind = head[0]
            if kind not in NEREL_TYPES or len(head) < 2:
                continue
            bounds = [tuple(int(x) for x in piece.split()) for piece in head[1].split(";")]
            start, end = bounds[0][0], bounds[-1][-1]
            found[cols[0]] = (start, end, NEREL_TYPES[kind], cols[2] if len(cols) > 2 else "")
        elif line.startswith("N") and len(cols) >= 2:
            ref = cols[1].split()
            if len(ref) >= 3 and ref[0] == "Reference":
                value = ref[2].split(":", 1)[-1]
                if value and value.upper() != "NULL":
                    keys[ref[1]] = value
    spans = sorted(found.items(), key=lambda kv: (kv[1][0], -kv[1][1]))
    mentions: list[GoldMention] = []
    seen: set[tuple[int, int]] = set()
    outer_end = -1
    for tid, (start, end, etype, surface) in spans:
        if end <= outer_end or (start, end) in seen:  # inside an outer entity already kept
            continue
        seen.add((start, end))
        outer_end = max(outer_end, end)
        mentions.append(GoldMention(start, end, etype, keys.get(tid), surface or None))
    return GoldDocument(f"nerel:{txt.parent.name}/{txt.stem}", "ru", text, mentions)


def _nerel_docs(shared: Path) -> list[Path]:
    shared = corpora_root(shared)
    root = shared / NEREL
    out: list[Path] = []
    for part in ("test", "dev", "train"):
        out.extend(sorted((root / part).glob("*.txt")))
    return out


def load_nerel(shared: Path, limit: int | None = None) -> Iterator[GoldDocument]:
    """NEREL v1.1 test, then dev, then train."""
    done = _take(limit)
    for count, txt in enumerate(_nerel_docs(shared)):
        if done(count):
            return
        yield read_nerel(txt)


# --------------------------------------------------------------------------- samples


def _occurrences(text: str, forms: Iterable[tuple[str, str | None]]) -> list[GoldMention]:
    """Whole-word occurrences of the forms, longest first, never overlapping."""
    taken: list[tuple[int, int]] = []
    out: list[GoldMention] = []
    for form, key in sorted(set(forms), key=lambda f: -len(f[0])):
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            out.append(GoldMention(s, e, "person", key, form))
    return sorted(out, key=lambda m: m.start)


def load_samples(shared: Path | None = None, limit: int | None = None) -> Iterator[GoldDocument]:
    """The bundled sample files with their manifest's person surface forms located.

    The manifest names the distinct surface forms, not their places, so each whole-word
    occurrence is taken as a mention. Use it for person recall only.
    """
    from testimonia.read import reader_for
    from testimonia.samples import SAMPLES_DIR, manifest

    done = _take(limit)
    for count, entry in enumerate(manifest()["files"]):
        if done(count):
            return
        path = SAMPLES_DIR / entry["file"]
        result = reader_for(str(path)).read(path.read_bytes(), str(path))
        forms = [(p["surface"], p.get("id")) for p in entry.get("persons", [])]
        yield GoldDocument(f"samples:{entry['file']}", entry.get("language") or "en", result.text,
                           _occurrences(result.text, forms))


def samples_register(shared: Path | None = None) -> list[Entity]:
    """The manifest's `people` (canonical names, English and Russian), not its surface forms."""
    from testimonia.samples import manifest

    out = []
    for person in manifest()["people"]:
        variants = [person["name_ru"]] if person.get("name_ru") else []
        out.append(Entity("person", person["name"], variants=variants, key=person["id"]))
    return out


# --------------------------------------------------------------------------- Schnitzler

SCHNITZLER = "schnitzler-briefe"
_SCHNITZLER_TYPES = ("person", "place", "organisation", "work")


def load_schnitzler(shared: Path, limit: int | None = None) -> Iterator[GoldDocument]:
    """Schnitzler's letters (German): `rs` person/place/org/work with PMB keys, one per letter."""
    shared = corpora_root(shared)
    done = _take(limit)
    for count, path in enumerate(sorted((shared / SCHNITZLER / "editions").glob("L*.xml"))):
        if done(count):
            return
        result = _read_tei_file(path)
        mentions = [GoldMention(m.start, m.end, m.entity_type, m.entity_key, m.text)
                    for m in result.mentions if m.entity_type in _SCHNITZLER_TYPES]
        yield GoldDocument(f"schnitzler:{path.stem}", "de", result.text, mentions)


def schnitzler_register(shared: Path) -> list[Entity]:
    """The edition's indices: listperson (2023), listplace, listorg."""
    shared = corpora_root(shared)
    out: list[Entity] = []
    for name in ("listperson.xml", "listplace.xml", "listorg.xml"):
        path = shared / SCHNITZLER / "indices" / name
        if path.exists():
            out.extend(e for e in _read_tei_file(path).entities
                       if e.entity_type in _SCHNITZLER_TYPES and e.key)
    return out


# --------------------------------------------------------------------------- the corpora

CORPORA: dict[str, CorpusSpec] = {
    "mitford": CorpusSpec("mitford", "en", MITFORD_JOURNAL, ("person", "place"), load_mitford,
                          mitford_register, keyed=True),
    "tolstoy": CorpusSpec("tolstoy", "ru", TOLSTOY, ("person",), load_tolstoy, tolstoy_register,
                          keyed=True),
    "factrueval": CorpusSpec("factrueval", "ru", FACTRUEVAL, ("person", "place", "organisation"),
                             load_factrueval),
    "nerel": CorpusSpec("nerel", "ru", NEREL, ("person", "place", "organisation", "work"), load_nerel),
    "samples": CorpusSpec("samples", "en+ru", "", ("person",), load_samples, samples_register,
                          keyed=True, recall_only=True),
    "schnitzler": CorpusSpec("schnitzler", "de", SCHNITZLER, _SCHNITZLER_TYPES, load_schnitzler,
                             schnitzler_register, keyed=True),
}


def load(corpus: str, shared: Path, limit: int | None = None) -> Iterator[GoldDocument]:
    """The gold documents of a corpus by its name in CORPORA."""
    try:
        spec = CORPORA[corpus]
    except KeyError:
        raise ValueError(f"unknown corpus {corpus!r} (known: {', '.join(CORPORA)})") from None
    return spec.load(shared, limit)
