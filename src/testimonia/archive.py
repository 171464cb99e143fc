"""The library's front door: create and open archives, ingest files, ask what is in them.

The CLI, the web app and outside scripts all go through `Archive`; it strings the stages
together (read → structure → store) and is the only module that knows them all.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from testimonia.errors import BadQuery, TestimoniaError, UnreadableSource, UnsupportedFormat
from testimonia.model import Document, Entity, Mention, Note, PageBreak, ReadResult, Source, SourceSummary
from testimonia.read import DEFAULT_MAX_BYTES, read_bytes, reader_for, supported_extensions
from testimonia.read.transcription import looks_like_transcription, read_page_files
from testimonia.store import DocumentFilter, Store, open_store
from testimonia.structure import structure_source

if TYPE_CHECKING:
    from testimonia.claims.estimates import EstimateGroup
    from testimonia.claims.model import Claim, ClaimFilter
    from testimonia.claims.run import ExtractSummary
    from testimonia.claims.weigh import WeighResult
    from testimonia.claims.witness import WitnessProfile
    from testimonia.correspondence.attach import LetterMatch
    from testimonia.export.csv import CsvExport
    from testimonia.export.site import SiteExport
    from testimonia.export.tei import CmifOptions, TeiExport
    from testimonia.recognition import RecognitionSummary
    from testimonia.register.duplicates import DuplicatePair
    from testimonia.search import SearchIndex, SearchQuery, SearchResult
    from testimonia.store.curation import LogEntry

__all__ = ["Archive", "DocumentFilter", "IngestOutcome", "IngestSummary", "RecognitionSummary"]


@dataclass
class IngestOutcome:
    """What happened to one file: added, new_version, unchanged, skipped or failed."""

    path: str
    status: str
    source_id: str | None = None
    documents: int = 0
    notes: int = 0
    mentions: int = 0
    words: int = 0
    format: str | None = None
    encoding: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    files: int = 1  # a folder of page files (PAGE, ALTO) is one source made of several files


@dataclass
class IngestSummary:
    """Totals over a batch, for the table the CLI prints."""

    outcomes: list[IngestOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failed(self) -> list[IngestOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]

    @property
    def documents(self) -> int:
        return sum(o.documents for o in self.outcomes if o.status in ("added", "new_version"))

    @property
    def words(self) -> int:
        return sum(o.words for o in self.outcomes if o.status in ("added", "new_version"))


class Archive:
    """One archive: a store plus the pipeline that fills it."""

    def __init__(self, store: Store, path: str) -> None:
        self.store = store
        self.path = path
        self._search: SearchIndex | None = None

    @classmethod
    def create(cls, path: str | os.PathLike[str]) -> Archive:
        return cls(open_store(str(path), create=True), str(path))

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Archive:
        return cls(open_store(str(path)), str(path))

    def close(self) -> None:
        if self._search is not None:
            self._search.close()
            self._search = None
        self.store.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ----------------------------------------------------------------------------

    def ingest_file(self, path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES,
                    skip_unsupported: bool = False) -> IngestOutcome:
        """Read, structure and store one file, all or nothing. Never raises for bad input.

        With `skip_unsupported` (files met while walking a folder), a file that is of no
        format testimonia reads, such as an XML index that is not TEI, is skipped rather
        than failed; broken files of a known format still fail.
        """
        name = str(path)
        return _guarded(name, lambda: self._ingest(name, max_bytes), skip_unsupported)

    def _ingest(self, name: str, max_bytes: int) -> IngestOutcome:
        data = _read_bounded(name, max_bytes)
        sha256 = hashlib.sha256(data).hexdigest()
        return self._store_read(name, sha256, lambda key: build_source(data, name, key, sha256))

    def ingest_page_files(self, folder: str, files: list[str],
                          max_bytes: int = DEFAULT_MAX_BYTES) -> IngestOutcome:
        """A folder of PAGE or ALTO files, one page each, as one source, all or nothing."""
        outcome = _guarded(folder, lambda: self._ingest_pages(folder, files, max_bytes))
        outcome.files = len(files)
        return outcome

    def _ingest_pages(self, folder: str, files: list[str], max_bytes: int) -> IngestOutcome:
        contents = [(name, _read_bounded(name, max_bytes)) for name in files]
        size = sum(len(data) for _, data in contents)
        if size > max_bytes:
            raise UnreadableSource(folder, f"its pages are over the {max_bytes / 1048576:.0f} MB "
                                           "limit for one source; raise it with --max-size")
        digest = hashlib.sha256()
        for name, data in contents:
            digest.update(Path(name).name.encode("utf-8") + b"\0" + data)
        sha256 = digest.hexdigest()
        def build(key: str) -> Source:
            return source_from_read(read_page_files(contents, folder), key, sha256, size)

        return self._store_read(folder, sha256, build)

    def _store_read(self, name: str, sha256: str, build: Callable[[str], Source]) -> IngestOutcome:
        known = self.store.find_source_by_sha(sha256)
        key = str(Path(name).resolve())
        if known is not None:
            return IngestOutcome(name, "unchanged", known.id, known.documents, known.notes,
                                 known.mentions, format=known.format, encoding=known.encoding)
        source = build(key)
        previous = self.store.current_version(key)
        summary = self.store.add_source(source)
        self._follow_in_search([summary.id], [previous.id] if previous else [], source.warnings)
        return IngestOutcome(name, "new_version" if previous else "added", summary.id,
                             summary.documents, summary.notes, summary.mentions,
                             words=len(source.text.split()), format=source.format,
                             encoding=source.encoding, warnings=source.warnings)

    def ingest(self, paths: Iterable[str | os.PathLike[str]],
               on_outcome: Callable[[IngestOutcome], None] | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> IngestSummary:
        """Ingest files and folders (recursively); one failure never stops the batch."""
        summary = IngestSummary()
        began = time.perf_counter()
        listed = list(iter_files(paths))
        page_folders = _page_folders(listed)
        done: set[str] = set()
        for path, problem, walked in listed:
            folder = os.path.dirname(path)
            if walked and folder in page_folders:
                if folder in done:
                    continue
                done.add(folder)
                outcome = self.ingest_page_files(folder, page_folders[folder], max_bytes)
            elif problem:
                outcome = IngestOutcome(path, "skipped" if problem == "skipped" else "failed",
                                        error=None if problem == "skipped" else problem)
            else:
                outcome = self.ingest_file(path, max_bytes, skip_unsupported=walked)
            summary.outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
        summary.seconds = time.perf_counter() - began
        return summary

    # -- questions -------------------------------------------------------------------------

    def status(self) -> dict[str, object]:
        counts: dict[str, object] = dict(self.store.counts())
        counts["archive"] = self.path
        counts["schema_version"] = self.store.schema_version()
        return counts

    def sources(self, include_history: bool = False) -> list[SourceSummary]:
        return self.store.sources(include_history)

    def source(self, source_id: str) -> Source:
        return self.store.source(source_id)

    def documents(self, where: DocumentFilter | None = None) -> list[Document]:
        return self.store.documents(where or DocumentFilter())

    def count_documents(self, where: DocumentFilter | None = None) -> int:
        return self.store.count_documents(where or DocumentFilter())

    def document(self, document_id: str) -> Document:
        return self.store.document(document_id)

    def notes(self, source_id: str | None = None, document_id: str | None = None) -> list[Note]:
        return self.store.notes(source_id=source_id, document_id=document_id)

    def entities(self, entity_type: str | None = None) -> Iterator[Entity]:
        return self.store.entities(entity_type)

    def mentions(self, source_id: str | None = None, document_id: str | None = None,
                 entity_id: str | None = None) -> list[Mention]:
        return self.store.mentions(source_id=source_id, document_id=document_id,
                                   entity_id=entity_id)

    # -- recognition and linking ----------------------------------------------------------

    def recognise(self, source_ids: Iterable[str] | None = None,
                  backends: tuple[str, ...] = ("register", "model", "rules"),
                  on_source: Callable[[str, int], None] | None = None) -> RecognitionSummary:
        """Find and link the persons, places, organisations and works in current sources.

        Each source's recognised mentions are replaced in one transaction; the edition's own
        markup and every mention an editor decided are kept as they are.
        """
        from testimonia.recognition import recognise_sources
        from testimonia.search import index_folder, is_built

        wanted = list(source_ids) if source_ids is not None else None
        summary = recognise_sources(self.store, wanted, backends, on_source)
        # linked mentions are the person and place facets, and new entries bring new spellings
        if wanted is None and is_built(index_folder(self.path)):
            self.reindex()  # one rebuild costs less than a commit per source
        else:
            self._follow_in_search(wanted or [], [], [], names=True)
        return summary

    # -- register curation (store/curation.py), with the search index following it ---------

    CURATION_STEPS = ("merge_entities", "split_entity", "rename_entity", "add_variant",
                      "decide_mention", "undo")

    def curate(self, step: str, *args: object, warnings: list[str] | None = None) -> object:
        """Run one curation step and bring a built search index after it: the sources whose
        mentions moved from one entry to another are reindexed (their person and place
        facets), and the name groups follow merged names, renames and new variants."""
        if step not in self.CURATION_STEPS:
            raise BadQuery(f"curation step {step!r}: choose one of {', '.join(self.CURATION_STEPS)}")
        result = getattr(self.store, step)(*args)
        log = self.store.curation_log()
        if log:
            touched = _sources_touched(log, log[-1])
            self._follow_in_search(sorted(touched), [], warnings if warnings is not None else [], names=True)
        return result

    def duplicates(self, entity_type: str | None = None, limit: int | None = None) -> list[DuplicatePair]:
        """Pairs of register entries that may be one (see register/duplicates.py), to merge or not."""
        from testimonia.register.duplicates import find_duplicates

        return find_duplicates(self.store.entities(entity_type), entity_type, limit)

    # -- search (testimonia.search; the index lives in `<archive>.search/`) --------------------

    @property
    def search_index(self) -> SearchIndex:
        """The archive's search index, built from the store the first time it is needed."""
        from testimonia.search import index_folder, is_built, open_index

        if self._search is None:
            self._search = open_index(index_folder(self.path))
            if not is_built(index_folder(self.path)):
                self.reindex()
        return self._search

    def search(self, query: SearchQuery) -> SearchResult:
        """Full-text search with filters and facets; see docs/search.md for the query language."""
        from testimonia.search.labels import label_facets

        return label_facets(self.store, self.search_index.search(query))

    def reindex(self, on_source: Callable[[str, int], None] | None = None,
                engine: str | None = None) -> int:
        """Rebuild the search index from the store; returns the number of documents indexed."""
        from testimonia.search import index_folder, mark_built, open_index
        from testimonia.search.sync import rebuild

        folder = index_folder(self.path)
        if self._search is None or engine is not None:
            if self._search is not None:
                self._search.close()
            self._search = open_index(folder, engine)
        engine_name = getattr(self._search, "engine", engine or "tantivy")
        mark_built(folder, engine_name, False)
        count = rebuild(self.store, self._search, on_source)
        mark_built(folder, engine_name, True)
        return count

    def _follow_in_search(self, changed: list[str], dropped: list[str], warnings: list[str],
                          names: bool = False) -> None:
        """Bring a built index up to date after a store change; an unbuilt one waits for a search."""
        from testimonia.search import index_folder, is_built
        from testimonia.search.sync import indexed_documents, name_groups

        if not is_built(index_folder(self.path)):
            return
        try:
            index = self.search_index
            for source_id in dropped:
                index.delete_source(source_id)
            for source_id in changed:
                index.replace_source(source_id, indexed_documents(self.store.source(source_id)))
            if names:
                index.set_name_groups(name_groups(self.store.entities()))
        except TestimoniaError as exc:
            warnings.append(f"the search index was not updated ({exc}); run `testimonia reindex`")

    def load_starter_register(self) -> dict[str, int]:
        """Import the bundled register of well-known people, places and bodies of the period."""
        from testimonia.data import STARTER_REGISTER
        from testimonia.register import import_register

        return import_register(self.store, "json", STARTER_REGISTER)

    def export_jsonl(self, out: IO[str], include_history: bool = False) -> dict[str, int]:
        from testimonia.export.jsonl import write_jsonl

        return write_jsonl(self.store, out, include_history=include_history)

    def export_tei(self, directory: str | os.PathLike[str]) -> TeiExport:
        """Write one TEI P5 file per current source and register.xml into `directory`."""
        from testimonia.export.tei import write_tei_edition

        return write_tei_edition(self.store, directory)

    def source_tei(self, source_id: str) -> bytes:
        """One source as a TEI P5 file (UTF-8); its names point into the export's register.xml."""
        from testimonia.export.tei import source_tei_bytes

        return source_tei_bytes(self.store, source_id)

    def export_cmif(self, out: IO[bytes], options: CmifOptions | None = None) -> int:
        """Write every letter as CMIF 1.1 to `out`; return how many letters."""
        from testimonia.export.tei import cmif_bytes

        data, count = cmif_bytes(self.store, options)
        out.write(data)
        return count

    def letter_texts(self, letters: list[Document] | None = None) -> list[LetterMatch]:
        """Each letter of a letters index (CMIF: no text) that a text in the archive is, and why.
        `letters`: the archive's letters, when the caller has already read them."""
        from testimonia.correspondence.attach import letter_texts

        return letter_texts(self.store, letters)

    def export_csv(self, directory: str | os.PathLike[str]) -> CsvExport:
        """Write register.csv, documents.csv, claims.csv and relations.csv into `directory`."""
        from testimonia.export.csv import write_csv_tables

        return write_csv_tables(self.store, directory)

    def export_records(self, out: IO[str], types: Iterable[str],
                       include_history: bool = False) -> dict[str, int]:
        """The JSON Lines export narrowed to some record types (`entity`, `document`, `claim`…)."""
        from testimonia.export.csv import write_jsonl_records

        return write_jsonl_records(self.store, out, types, include_history=include_history)

    def export_site(self, directory: str | os.PathLike[str], title: str | None = None) -> SiteExport:
        """Write the static HTML edition (reader, register, search) into `directory`."""
        from testimonia.export.site import write_site

        return write_site(self.store, directory, title)

    # -- claims (testimonia.claims) -------------------------------------------------------

    def extract_claims(self, source_ids: Iterable[str] | None = None,
                       on_source: Callable[[str, int], None] | None = None) -> ExtractSummary:
        """Find quotations, quantities, events and judgements; each source's replaced at once."""
        from testimonia.claims.run import extract_claims

        return extract_claims(self.store, source_ids, on_source)

    def claims(self, where: ClaimFilter | None = None) -> list[Claim]:
        from testimonia.claims.model import ClaimFilter

        return self.store.claims(where or ClaimFilter())

    def weigh(self) -> WeighResult:
        """Relate every claim to claims of other sources; editors' decisions are kept."""
        from testimonia.claims.run import weigh_claims

        return weigh_claims(self.store)

    def witness(self, name_or_id: str) -> WitnessProfile:
        from testimonia.claims.run import witness_profile

        return witness_profile(self.store, name_or_id)

    def estimates(self, query: str | None = None) -> list[EstimateGroup]:
        from testimonia.claims.run import estimate_groups

        return estimate_groups(self.store, query)


def day_bound(text: str | None, side: str) -> str | None:
    """"1946" -> "1946-01-01" (start) or "1946-12-31" (end); also YYYY-MM and YYYY-MM-DD."""
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
    if not match or (match.group(2) and not 1 <= int(match.group(2)) <= 12):
        raise BadQuery(f"date {text!r}: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if day:
        try:
            return datetime.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            raise BadQuery(f"date {text!r}: no such day") from None
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return f"{year}-{month}-01" if side == "start" else f"{year}-{month}-{last:02d}"
    return f"{year}-01-01" if side == "start" else f"{year}-12-31"


def build_source(data: bytes, name: str, key: str, sha256: str) -> Source:
    """Read and structure one file's bytes into a Source (nothing stored)."""
    return source_from_read(read_bytes(data, name), key, sha256, len(data))


def source_from_read(read: ReadResult, key: str, sha256: str, size: int) -> Source:
    """Structure what a reader found into a Source (nothing stored)."""
    structured = structure_source(read)
    mentions = read.mentions
    for mention in mentions:
        if mention.document_index is None:
            mention.document_index = _containing(structured.documents, mention.start)
    pages = [PageBreak(item.start, item.attrs.get("n"), item.attrs.get("image"))
             for item in read.layout if item.kind == "page_break"]
    return Source(path=key, sha256=sha256, size=size, format=read.format,
                  encoding=read.encoding, text=read.text, front=structured.front,
                  documents=structured.documents, notes=structured.notes, mentions=mentions,
                  entities=read.entities, warnings=structured.warnings, pages=pages)


def _containing(documents: list[Document], offset: int) -> int | None:
    for index, document in enumerate(documents):
        if document.start <= offset < document.end:
            return index
    return None


def _read_bounded(name: str, max_bytes: int) -> bytes:
    reader_for(name)  # unknown extensions fail before the file is opened
    try:
        size = os.path.getsize(name)
    except OSError as exc:
        raise UnreadableSource(name, f"cannot open: {exc.strerror}") from None
    if size == 0:
        raise UnreadableSource(name, "empty file")
    if size > max_bytes:
        raise UnreadableSource(
            name, f"file is {size / 1048576:.0f} MB, over the {max_bytes / 1048576:.0f} MB limit "
            "for one source; split it, or raise the limit with --max-size")
    try:
        with open(name, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise UnreadableSource(name, f"cannot read: {exc.strerror}") from None


def _guarded(name: str, work: Callable[[], IngestOutcome], skip_unsupported: bool = False) -> IngestOutcome:
    """Run one ingest; bad input (or a reader's bug on it) is a failed outcome, never an exception,
    so the rest of a batch goes on. `skip_unsupported`: a file of no known format is skipped."""
    try:
        return work()
    except UnsupportedFormat as exc:
        return IngestOutcome(name, "skipped" if skip_unsupported else "failed", error=str(exc))
    except TestimoniaError as exc:
        return IngestOutcome(name, "failed", error=str(exc))
    except Exception as exc:  # a reader's bug on odd input must not end the batch
        return IngestOutcome(name, "failed", error=f"{name}: internal error while ingesting "
                                                   f"({type(exc).__name__}: {exc}); please report it")


def _sources_touched(log: list[LogEntry], entry: LogEntry) -> set[str]:
    """The sources whose mentions a logged curation step moved (an undo: the step it undid)."""
    if entry.action == "undo":
        undone = next((e for e in log if e.id == entry.detail.get("step")), None)
        return _sources_touched(log, undone) if undone is not None and undone.action != "undo" else set()
    mentions = list(entry.detail.get("mentions") or [])
    if entry.detail.get("mention"):
        mentions.append(entry.detail["mention"])
    # a mention's id begins with its source's: "src_1a2b….m7", "src_1a2b….x120-131"
    return {str(mention).split(".", 1)[0] for mention in mentions}


def _page_folders(listed: list[tuple[str, str | None, bool]]) -> dict[str, list[str]]:
    """Folders met in a walk whose XML files are all one-page PAGE files, or all one-page ALTO
    files (two or more), with their files in page order: the way Transkribus and eScriptorium
    export one manuscript. A folder of files of several pages each is read file by file."""
    by_folder: dict[str, list[str]] = {}
    for path, problem, walked in listed:
        if walked and problem is None and path.lower().endswith(".xml"):
            by_folder.setdefault(os.path.dirname(path), []).append(path)
    found = {}
    for folder, files in by_folder.items():
        if len(files) < 2:
            continue
        kinds = {_one_page_kind(f) for f in files}
        if len(kinds) == 1 and None not in kinds:
            found[folder] = sorted(files, key=_natural)
    return found


_PAGE_ELEMENT = re.compile(rb"<(?:[\w.-]+:)?Page[\s>/]")


def _one_page_kind(path: str) -> str | None:
    """"page" or "alto" for a transcription file of exactly one page, else None."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(DEFAULT_MAX_BYTES)
    except OSError:
        return None
    kind = looks_like_transcription(data[:4096])
    if kind is None or len(_PAGE_ELEMENT.findall(data)) != 1:
        return None
    return kind


def _natural(path: str) -> list[object]:
    """"page_2" before "page_10": numbers in a file name compared as numbers."""
    return [int(part) if part.isdigit() else part.casefold()
            for part in re.split(r"(\d+)", os.path.basename(path))]


def iter_files(paths: Iterable[str | os.PathLike[str]]
               ) -> Iterator[tuple[str, str | None, bool]]:
    """(path, problem, walked) for every file named or found under a named folder, in order.

    Files met while walking a folder whose type no reader knows are reported as "skipped";
    a file named explicitly is always tried, so its problem is reported in full.
    """
    extensions = supported_extensions()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for folder, subfolders, files in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    full = os.path.join(folder, name)
                    known = any(name.lower().endswith(ext) for ext in extensions)
                    yield full, None if known else "skipped", True
        elif path.exists():
            yield str(path), None, False
        else:
            yield str(path), f"{path}: no such file or folder", False
