"""Register curation over HTTP: the steps `testimonia register` runs, for the API and the pages.

Every step goes through `Archive.curate`, so it is logged, can be undone, survives re-running
recognition, and keeps the search index in step, exactly as from the command line. A step that
changes the archive must come from the workbench itself or from a client that sends no Origin
(curl, scripts): a browser page on another site cannot make the editor's browser post one.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from starlette.exceptions import HTTPException

from testimonia.archive import Archive
from testimonia.errors import BadQuery
from testimonia.store.curation import LogEntry

MENTION_DECISIONS = ("confirmed", "rejected")
NAME_LIMIT = 300


def refuse_cross_site(request: Request) -> None:
    """403 for a state-changing request that a page on another origin made a browser send."""
    origin = request.headers.get("origin")
    if origin is None:
        if request.headers.get("sec-fetch-site") == "cross-site":
            raise HTTPException(403, "refused: a page on another site may not change this archive")
        return
    if urlsplit(origin).netloc != request.headers.get("host", ""):
        raise HTTPException(403, f"refused: a page at {origin} may not change this archive")


def _name(value: str | None, what: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise BadQuery(f"{what}: give a name")
    if len(text) > NAME_LIMIT:
        raise BadQuery(f"{what}: at most {NAME_LIMIT} characters")
    return text


def _step(archive: Archive, step: str, *args: object) -> tuple[object, int | None]:
    """Run one step; its result and the number of the log entry it wrote (None: nothing changed,
    such as adding a variant the entry already has)."""
    before = _last_step(archive)
    result = archive.curate(step, *args)
    after = _last_step(archive)
    return result, after if after != before else None


def rename(archive: Archive, entity_id: str, name: str | None) -> dict[str, Any]:
    new_name = _name(name, "name")
    _, step = _step(archive, "rename_entity", entity_id, new_name)
    return {"id": entity_id, "name": new_name, "step": step}


def add_variant(archive: Archive, entity_id: str, variant: str | None) -> dict[str, Any]:
    text = _name(variant, "variant")
    _, step = _step(archive, "add_variant", entity_id, text)
    return {"id": entity_id, "variant": text, "step": step}


def merge(archive: Archive, keep_id: str, other_id: str | None) -> dict[str, Any]:
    if not other_id or not other_id.strip():
        raise BadQuery("other: give the id of the entry to fold into this one")
    step = archive.curate("merge_entities", keep_id, other_id.strip())
    return {"id": keep_id, "merged": other_id.strip(), "step": step}


def split(archive: Archive, entity_id: str, name: str | None, mention_ids: list[str]) -> dict[str, Any]:
    new_name = _name(name, "name")
    if not mention_ids:
        raise BadQuery("mention: name at least one mention to move to the new entry")
    new_id, step = _step(archive, "split_entity", entity_id, mention_ids, new_name)
    return {"id": entity_id, "new": new_id, "name": new_name, "mentions": mention_ids, "step": step}


def decide_mention(archive: Archive, mention_id: str, status: str | None,
                   entity_id: str | None = None) -> dict[str, Any]:
    if status not in MENTION_DECISIONS:
        raise BadQuery(f"status {status!r}: choose one of {', '.join(MENTION_DECISIONS)}")
    _, step = _step(archive, "decide_mention", mention_id, status, entity_id or None)
    return {"id": mention_id, "status": status, "entity_id": entity_id or None, "decided_by": "editor",
            "step": step}


def undo(archive: Archive, step: int) -> dict[str, Any]:
    archive.curate("undo", step)
    return {"undone": step}


def log_record(entry: LogEntry) -> dict[str, Any]:
    return {"step": entry.id, "at": entry.at, "action": entry.action, "entity_id": entry.entity_id,
            "detail": entry.detail, "undone": entry.undone}


def _last_step(archive: Archive) -> int | None:
    return archive.store.last_curation_step()
