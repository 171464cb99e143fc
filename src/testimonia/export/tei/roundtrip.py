"""Export an archive as TEI, read the export back into a fresh archive, and compare.

The comparison is what a round trip must keep: every document with its kind and exact
text, its senders, addressees and date; every note with its text; every mention with its
text, type and the name of the entry it points to; every register entry with its names and
identifiers. Each difference is reported in words, so that a tool can print them and a test
can show the first.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from testimonia.model import Document, Entity, Mention, Source
from testimonia.store import Store


@dataclass
class RoundTrip:
    """Counts before and after, and what differs."""

    before: Counter[str] = field(default_factory=Counter)
    after: Counter[str] = field(default_factory=Counter)
    differences: list[str] = field(default_factory=list)

    def differ(self, text: str) -> None:
        if len(self.differences) < 1000:
            self.differences.append(text)


def _doc_line(doc: Document) -> tuple[object, ...]:
    date = doc.date
    return (doc.kind, [p.name for p in doc.authors] if doc.kind == "letter" else None,
            [p.name for p in doc.addressees], date.edtf if date else None,
            date.text if date else None, doc.place)


def _entity_names(store: Store) -> dict[str, Entity]:
    return {e.id: e for e in store.entities() if e.id}


def compare_archives(before: Store, after: Store) -> RoundTrip:
    """Compare an archive with the archive its TEI export was read into."""
    report = RoundTrip()
    entities_before, entities_after = _entity_names(before), _entity_names(after)
    report.before["entities"], report.after["entities"] = len(entities_before), len(entities_after)
    again = {Path(s.path).stem: s for s in after.iter_sources()}
    for source in before.iter_sources():
        twin = again.get(source.id or "")
        report.before["sources"] += 1
        if twin is None:
            report.differ(f"{source.path}: not in the export")
            continue
        report.after["sources"] += 1
        _compare_source(source, twin, entities_before, entities_after, report)
    names_before = Counter((e.entity_type, e.name) for e in entities_before.values())
    names_after = Counter((e.entity_type, e.name) for e in entities_after.values())
    for (etype, name), n in (names_before - names_after).items():
        report.differ(f"register: {etype} {name!r} ({n}) is missing after the round trip")
    ids_before = Counter(tuple(sorted(e.identifiers.items())) for e in entities_before.values())
    ids_after = Counter(tuple(sorted(e.identifiers.items())) for e in entities_after.values())
    if ids_before != ids_after:
        report.differ(f"register: identifiers differ ({sum((ids_before - ids_after).values())} entries)")
    return report


def _compare_source(source: Source, twin: Source, entities_before: dict[str, Entity],
                    entities_after: dict[str, Entity], report: RoundTrip) -> None:
    name = Path(source.path).name
    docs, docs_again = source.documents, twin.documents
    report.before["documents"] += len(docs)
    report.after["documents"] += len(docs_again)
    for kind, n in Counter(d.kind for d in docs).items():
        report.before[kind] += n
    for kind, n in Counter(d.kind for d in docs_again).items():
        report.after[kind] += n
    if len(docs) != len(docs_again):
        report.differ(f"{name}: {len(docs)} documents before, {len(docs_again)} after")
    for i, (doc, doc_again) in enumerate(zip(docs, docs_again, strict=False)):
        text, text_again = source.text[doc.start:doc.end], twin.text[doc_again.start:doc_again.end]
        if text != text_again:
            at = next((k for k, (x, y) in enumerate(zip(text, text_again, strict=False)) if x != y),
                      min(len(text), len(text_again)))
            report.differ(f"{name}: document {i + 1} text differs at {at}: "
                          f"{text[at:at + 40]!r} / {text_again[at:at + 40]!r}")
        if _doc_line(doc) != _doc_line(doc_again):
            report.differ(f"{name}: document {i + 1}: {_doc_line(doc)} / {_doc_line(doc_again)}")
    notes = Counter((n.text, n.status) for n in source.notes)
    notes_again = Counter((n.text, n.status) for n in twin.notes)
    report.before["notes"] += len(source.notes)
    report.after["notes"] += len(twin.notes)
    if notes != notes_again:
        report.differ(f"{name}: notes differ ({sum((notes - notes_again).values())} lost, "
                      f"{sum((notes_again - notes).values())} changed or new)")
    kept = [m for m in source.mentions if m.status != "rejected"]

    def line(m: Mention, entities: dict[str, Entity]) -> tuple[str, str, str | None]:
        entity = entities.get(m.entity_id or "")
        return m.text, m.entity_type, entity.name if entity else None

    mentions = Counter(line(m, entities_before) for m in kept)
    mentions_again = Counter(line(m, entities_after) for m in twin.mentions)
    report.before["mentions"] += len(kept)
    report.after["mentions"] += len(twin.mentions)
    if mentions != mentions_again:
        lost = list((mentions - mentions_again).elements())[:3]
        report.differ(f"{name}: mentions differ; lost for instance {lost}")


def tei_round_trip(before: Store, folder: str | os.PathLike[str], archive_path: str | os.PathLike[str]
                   ) -> RoundTrip:
    """Export `before` as TEI into `folder`, ingest the folder into a new archive, compare."""
    from testimonia.archive import Archive
    from testimonia.export.tei.source import write_tei_edition

    written = write_tei_edition(before, folder)
    with Archive.create(archive_path) as again:
        summary = again.ingest(written.files)
        report = compare_archives(before, again.store)
        for outcome in summary.failed:
            report.differ(f"{outcome.path}: could not be read back: {outcome.error}")
    for what, n in written.lost.items():
        report.differ(f"TEI could not hold {n} {what}(s)")
    return report
