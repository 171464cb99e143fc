"""The register, documents, claims and relations as CSV tables, for spreadsheets and pandas.

Each table flattens records of the JSON Lines contract (docs/jsonl.md): a list becomes its
items joined by " | ", an actor (`{name, entity_id}`) becomes two columns. Files are UTF-8
with a byte-order mark, because Excel reads a CSV file without one in the machine's ANSI code
page and turns Cyrillic into mojibake; Python (`encoding="utf-8-sig"`), pandas, R and
LibreOffice all read the mark. Rows end in CRLF, as RFC 4180 has it.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`
(OWASP's advice against CSV formula injection), so a spreadsheet shows the text instead of
running it as a formula. Numbers are written as numbers and never prefixed.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from testimonia.claims.model import ClaimFilter
from testimonia.export.csv.tables import RECORD_TYPES, iter_records, write_jsonl_records
from testimonia.export.jsonl import claim_record, relation_record
from testimonia.model import Entity, Party
from testimonia.store import Store

__all__ = ["ENCODING", "RECORD_TYPES", "TABLES", "CsvExport", "iter_records", "safe_cell", "write_csv_tables",
           "write_jsonl_records"]

ENCODING = "utf-8-sig"
SEPARATOR = " | "
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
TABLES = ("register", "documents", "claims", "relations")
_WORD = re.compile(r"[^\W_]+")
_ACTORS = ("witness", "speaker", "subject", "judge", "judged")

REGISTER_COLUMNS = ("id", "type", "name", "variants", "identifiers", "keys", "birth", "death", "roles",
                    "description", "status", "mentions")
DOCUMENT_COLUMNS = ("id", "source_id", "source_title", "source_file", "kind", "title", "date_text", "date",
                    "date_certainty", "date_calendar", "date_earliest", "date_latest", "place",
                    "place_entity_id", "authors", "author_ids", "addressees", "addressee_ids", "language",
                    "start", "end", "words", "notes", "mentions")


@dataclass
class CsvExport:
    """What was written: the folder and the rows in each table."""

    directory: str
    rows: dict[str, int] = field(default_factory=dict)


def safe_cell(value: Any) -> Any:
    """A value as a CSV cell: text that a spreadsheet would run as a formula is prefixed with '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def write_csv_tables(store: Store, directory: str | os.PathLike[str]) -> CsvExport:
    """Write register.csv, documents.csv, claims.csv and relations.csv into `directory`."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    export = CsvExport(str(folder))
    mentions = store.mention_counts()
    export.rows["register"] = _write(folder / "register.csv", REGISTER_COLUMNS,
                                     (_entity_row(e, mentions.get(e.id or "", 0)) for e in _entities(store)))
    export.rows["documents"] = _write(folder / "documents.csv", DOCUMENT_COLUMNS, _document_rows(store))
    claims = [_flat(claim_record(claim)) for claim in store.claims(ClaimFilter())]
    export.rows["claims"] = _write(folder / "claims.csv", _claim_columns(), iter(claims))
    export.rows["relations"] = _write(folder / "relations.csv", _relation_columns(),
                                      (_flat(relation_record(r)) for r in store.relations()))
    return export


def _write(path: Path, columns: tuple[str, ...], rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    with open(path, "w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_cell(row.get(column)) for column in columns])
            count += 1
    return count


def _entities(store: Store) -> list[Entity]:
    return sorted(store.entities(), key=lambda e: (e.entity_type, e.name.casefold(), e.id or ""))


def _entity_row(entity: Entity, mentions: int) -> dict[str, Any]:
    return {
        "id": entity.id, "type": entity.entity_type, "name": entity.name,
        "variants": _joined(entity.variants),
        "identifiers": _joined(f"{scheme}:{value}" for scheme, value in sorted(entity.identifiers.items())),
        "keys": _joined(entity.keys), "birth": entity.birth, "death": entity.death,
        "roles": _joined(entity.roles), "description": entity.description, "status": entity.status,
        "mentions": mentions,
    }


def _document_rows(store: Store) -> Iterator[dict[str, Any]]:
    for source in store.iter_sources():
        file_name = source.path.replace("\\", "/").rsplit("/", 1)[-1]
        for document in source.documents:
            date = document.date
            yield {
                "id": document.id, "source_id": source.id, "source_title": source.front.title,
                "source_file": file_name, "kind": document.kind, "title": document.title,
                "date_text": date.text if date else None, "date": date.edtf if date else None,
                "date_certainty": date.certainty if date else None,
                "date_calendar": date.calendar if date else None,
                "date_earliest": date.earliest if date else None,
                "date_latest": date.latest if date else None,
                "place": document.place, "place_entity_id": document.place_entity_id,
                **_parties("author", document.authors), **_parties("addressee", document.addressees),
                "language": document.language, "start": document.start, "end": document.end,
                "words": len(_WORD.findall(source.text[document.start:document.end])),
                "notes": sum(1 for n in source.notes if n.document_id == document.id),
                "mentions": sum(1 for m in source.mentions
                                if m.document_id == document.id and m.status != "rejected"),
            }


def _parties(role: str, parties: list[Party]) -> dict[str, str]:
    return {f"{role}s": _joined(p.name for p in parties),
            f"{role}_ids": _joined(p.entity_id or "" for p in parties) if any(p.entity_id for p in parties)
            else ""}


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """A contract record as one row: actors split into name and entity id, lists joined."""
    row: dict[str, Any] = {}
    for key, value in record.items():
        if key == "type":
            continue
        if key in _ACTORS:
            row[key] = value["name"] if value else None
            row[f"{key}_entity_id"] = value["entity_id"] if value else None
        elif isinstance(value, list):
            row[key] = _joined(str(item) for item in value)
        else:
            row[key] = value
    return row


def _claim_columns() -> tuple[str, ...]:
    from testimonia.claims.model import Claim

    return tuple(_flat(claim_record(Claim("quotation", 0, 0, ""))))


def _relation_columns() -> tuple[str, ...]:
    from testimonia.claims.model import ClaimRelation

    return tuple(_flat(relation_record(ClaimRelation("", "", "corroborates", 0.0, ""))))


def _joined(items: Iterable[str]) -> str:
    return SEPARATOR.join(items)
