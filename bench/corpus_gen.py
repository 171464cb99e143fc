"""Generated letters, diaries and memoirs in English and Russian, for the search and web benchmarks.

    from corpus_gen import generate_documents, build_bench_archive
    build_bench_archive(Path("/tmp/bench.tmarch"), 1_000_000, seed=1)

Words are drawn with their real frequencies from real prose: Russian from the NEREL news texts
and English from Mitford's journal in ../shared/corpora when present, else from the bundled
samples. Each document names two to five people of the starter register (English documents in
a Latin spelling, Russian ones in Cyrillic, sometimes inflected) and a place, and carries a
kind, a date between 1917 and 1991, an author and an addressee, so that every facet has values.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import random
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from testimonia.archive import Archive
from testimonia.data import STARTER_REGISTER
from testimonia.model import DateValue, Document, Entity, FrontMatter, Mention, Party, Source
from testimonia.samples import sample_files
from testimonia.search.base import IndexedDocument, IndexedParty

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
KINDS = ("letter", "letter", "letter", "diary_entry", "diary_entry", "memoir", "article", "review")
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_TAG = re.compile(r"<[^>]+>|&\w+;")
_CYRILLIC = re.compile(r"[а-яё]")
_MARKED = re.compile(r"\x00([^\x01]+)\x01(\d+)\x02")
RU_CASE_ENDINGS = ("а", "у", "ом", "е")  # genitive, dative, instrumental, prepositional of a hard stem


@dataclass(frozen=True)
class Person:
    entity_key: str
    latin: tuple[str, ...]  # surnames in Latin spellings
    cyrillic: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    words: tuple[str, ...]
    cumulative: tuple[int, ...]  # running totals of frequencies, for weighted draws

    def draw(self, rng: random.Random, count: int) -> list[str]:
        top = self.cumulative[-1]
        return [self.words[bisect.bisect(self.cumulative, rng.randrange(top))] for _ in range(count)]


def _vocabulary(texts: list[str], script: str) -> Vocabulary:
    counts: Counter[str] = Counter()
    for text in texts:
        for word in _WORD.findall(text.lower()):
            if (script == "ru") == bool(_CYRILLIC.search(word)):
                counts[word] += 1
    ranked = counts.most_common(60_000)
    return Vocabulary(tuple(w for w, _ in ranked), tuple(itertools.accumulate(n for _, n in ranked)))


@cache
def vocabularies() -> tuple[Vocabulary, Vocabulary]:
    """(English, Russian) vocabularies, from the real corpora when present."""
    samples = [p.read_text(encoding="utf-8", errors="ignore") for p in sample_files()
               if p.suffix in (".txt", ".md", ".xml", ".html")]
    english, russian = list(samples), list(samples)
    mitford = SHARED / "mitford-journal" / "1819-1823MRMJournal.xml"
    if mitford.exists():
        english.append(_TAG.sub(" ", mitford.read_text(encoding="utf-8")))
    letters = SHARED / "letters1916" / "editions"
    if letters.exists():
        english.extend(_TAG.sub(" ", p.read_text(encoding="utf-8")) for p in sorted(letters.glob("*.xml")))
    nerel = SHARED / "nerel"
    if nerel.exists():
        russian.extend(p.read_text(encoding="utf-8") for p in sorted(nerel.rglob("*_text.txt")))
    return _vocabulary(english, "en"), _vocabulary(russian, "ru")


@cache
def people() -> tuple[Person, ...]:
    """People of the starter register with a surname in both scripts."""
    found = []
    for entry in json.loads(STARTER_REGISTER.read_text(encoding="utf-8")):
        if entry["entity_type"] != "person":
            continue
        names = [entry["name"], *entry.get("variants", [])]
        surnames = [n.split()[-1] for n in names if n.split()]
        latin = tuple(dict.fromkeys(s for s in surnames if s.isascii() and s.isalpha()))
        cyrillic = tuple(dict.fromkeys(s for s in surnames if _CYRILLIC.search(s.lower()) and s.isalpha()))
        if latin and cyrillic:
            found.append(Person(f"person:{entry['name']}", latin, cyrillic))
    return tuple(found)


def register_entities() -> list[Entity]:
    """The starter register's entries, as name expansion takes them."""
    return [Entity(entity_type=e["entity_type"], name=e["name"], variants=e.get("variants", []))
            for e in json.loads(STARTER_REGISTER.read_text(encoding="utf-8"))]


PLACES = (("place:Moscow", "Moscow", "Москве"), ("place:Leningrad", "Leningrad", "Ленинграде"),
          ("place:Magadan", "Magadan", "Магадане"), ("place:Karaganda", "Karaganda", "Караганде"),
          ("place:Paris", "Paris", "Париже"), ("place:Vorkuta", "Vorkuta", "Воркуте"),
          ("place:Kolyma", "Kolyma", "Колыме"), ("place:Tomsk", "Tomsk", "Томске"))


def _inflect(surname: str, rng: random.Random) -> str:
    if surname[-1] in "аяоеиыйь":
        return surname
    return surname + rng.choice(RU_CASE_ENDINGS) if rng.random() < 0.6 else surname


def _sentences(words: list[str], rng: random.Random) -> str:
    out, at = [], 0
    while at < len(words):
        length = rng.randint(6, 18)
        chunk = words[at:at + length]
        out.append(chunk[0].capitalize() + (" " + " ".join(chunk[1:]) if chunk[1:] else "") + ".")
        at += length
    return " ".join(out)


@dataclass(frozen=True)
class GeneratedDocument:
    indexed: IndexedDocument
    person_keys: tuple[str, ...]
    place_key: str
    mentions: tuple[tuple[int, int, str, str], ...]  # start, end, text, entity key (offsets into text)


def generate_documents(n_documents: int, seed: int, source_id: str = "src_bench",
                       per_source: int = 100) -> Iterator[GeneratedDocument]:
    """`n_documents` reproducible documents; every `per_source` of them share a source id."""
    rng = random.Random(seed)
    english, russian = vocabularies()
    persons = people()
    for number in range(n_documents):
        language = "ru" if rng.random() < 0.4 else "en"
        vocabulary = russian if language == "ru" else english
        words = vocabulary.draw(rng, rng.randint(50, 160))
        named = rng.sample(persons, rng.randint(2, 5))
        place_key, place_en, place_ru = rng.choice(PLACES)
        mentions = []
        keys = [p.entity_key for p in named] + [place_key]
        for number_in_doc, person in enumerate(named):  # names go in at random places, in its script
            surname = rng.choice(person.cyrillic if language == "ru" else person.latin)
            written = _inflect(surname, rng) if language == "ru" else surname
            words.insert(rng.randrange(1, len(words)), f"\x00{written}\x01{number_in_doc}\x02")
        words.insert(rng.randrange(1, len(words)), f"\x00{place_ru if language == 'ru' else place_en}"
                                                   f"\x01{len(named)}\x02")
        text = _sentences(words, rng)
        clean, at, length = [], 0, 0
        for match in _MARKED.finditer(text):
            clean.append(text[at:match.start()])
            length += match.start() - at
            name = match.group(1)
            name = name[0].upper() + name[1:]
            mentions.append((length, length + len(name), name, keys[int(match.group(2))]))
            clean.append(name)
            length += len(name)
            at = match.end()
        clean.append(text[at:])
        text = "".join(clean)
        year = rng.randint(1917, 1991)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        iso = f"{year}-{month:02d}-{day:02d}"
        author, addressee = rng.sample(named, 2)
        source = f"{source_id}{number // per_source:07d}"
        yield GeneratedDocument(
            IndexedDocument(
                document_id=f"{source}.d{number % per_source + 1}", source_id=source,
                kind=rng.choice(KINDS), text=text, title=None, date_edtf=iso, earliest=iso, latest=iso,
                language=language, persons=tuple(p.entity_key for p in named), places=(place_key,),
                authors=(IndexedParty(author.latin[0], author.entity_key),),
                addressees=(IndexedParty(addressee.latin[0], addressee.entity_key),)),
            tuple(p.entity_key for p in named), place_key, tuple(mentions))


def build_bench_archive(path: Path, n_documents: int, seed: int, per_source: int = 100) -> Path:
    """A real archive of `n_documents` generated documents, then its search index.

    Sources of `per_source` documents each are written through `Store.add_source`, the same call
    ingest makes (one transaction per source), but without reading or structuring files: the
    generated documents come already split, dated, attributed and with linked mentions. The
    register is the starter register, so person and place facets resolve to names.
    """
    path = Path(path)
    archive = Archive.create(path)
    with archive:
        archive.load_starter_register()
        keys = _entity_ids(path)
        batch: list[GeneratedDocument] = []
        for generated in generate_documents(n_documents, seed, per_source=per_source):
            batch.append(generated)
            if len(batch) == per_source:
                archive.store.add_source(_source(batch, keys))
                batch = []
        if batch:
            archive.store.add_source(_source(batch, keys))
        archive.reindex()
    return path


def _entity_ids(path: Path) -> dict[str, str]:
    connection = sqlite3.connect(path)
    try:
        # the register import files its entries under "import:<type>:<name>"
        return {key.removeprefix("import:"): entity_id
                for key, entity_id in connection.execute("SELECT key, entity_id FROM entity_keys")}
    finally:
        connection.close()


def _source(batch: list[GeneratedDocument], keys: dict[str, str]) -> Source:
    first = batch[0].indexed
    texts, documents, mentions = [], [], []
    entities: dict[str, str] = {}
    offset = 0
    for seq, generated in enumerate(batch):
        indexed = generated.indexed
        date = DateValue(text=indexed.date_edtf or "", edtf=indexed.date_edtf)
        # parties point at register entries through the source's own entity keys, as a TEI
        # file's correspDesc does; the store resolves them to the entries' ids
        parties = [*indexed.authors, *indexed.addressees]
        entities.update({f"import:{p.entity_id}": p.entity_id.split(":", 1)[1]
                         for p in parties if p.entity_id})
        documents.append(Document(
            kind=indexed.kind, start=offset, end=offset + len(indexed.text), date=date,
            language=indexed.language,
            authors=[Party(p.name, f"import:{p.entity_id}") for p in indexed.authors],
            addressees=[Party(p.name, f"import:{p.entity_id}") for p in indexed.addressees]))
        for start, end, text, key in generated.mentions:
            entity_id = keys.get(key)
            mentions.append(Mention(start=offset + start, end=offset + end, text=text,
                                    entity_type=key.split(":")[0], entity_id=entity_id, method="register",
                                    document_index=seq, status="linked" if entity_id else "proposed"))
        texts.append(indexed.text)
        offset += len(indexed.text) + 2
    text = "\n\n".join(texts)
    sha = hashlib.sha256(f"{first.source_id}:{text[:200]}".encode()).hexdigest()
    return Source(path=f"/bench/{first.source_id}.txt", sha256=sha, size=len(text.encode()), format="text",
                  encoding="utf-8", text=text, front=FrontMatter(title=f"Generated {first.source_id}"),
                  documents=documents, notes=[], mentions=mentions,
                  entities=[Entity("person", name, key=key) for key, name in entities.items()])


__all__ = ["GeneratedDocument", "build_bench_archive", "generate_documents", "people",
           "register_entities", "vocabularies"]
