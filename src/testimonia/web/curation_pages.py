"""The entry page's curation forms: rename, add a variant, fold another entry in, split mentions
off, confirm or reject a mention, undo a step. Each form posts here and the page comes back.

The forms are plain HTML (reading and curating work without JavaScript); their fields arrive
URL-encoded and are read with the standard library rather than a multipart parser.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from testimonia.archive import Archive
from testimonia.errors import BadQuery
from testimonia.web import curation
from testimonia.web.deps import get_archive

router = APIRouter(include_in_schema=False, dependencies=[Depends(curation.refuse_cross_site)])
ArchiveDep = Annotated[Archive, Depends(get_archive)]
FORM_LIMIT = 64_000
ACTIONS = ("rename", "variant", "merge", "split", "confirm", "reject", "undo")


async def _form(request: Request) -> dict[str, list[str]]:
    body = await request.body()
    if len(body) > FORM_LIMIT:
        raise BadQuery("the form is too large")
    try:
        return parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=1000)
    except (UnicodeDecodeError, ValueError) as error:
        raise BadQuery(f"the form could not be read: {error}") from None


def _one(form: dict[str, list[str]], field: str) -> str | None:
    values = form.get(field)
    return values[0] if values else None


@router.post("/entities/{entity_id}/curate")
async def curate_entity(request: Request, entity_id: str, archive: ArchiveDep) -> Response:
    form = await _form(request)
    action = _one(form, "action")
    if action not in ACTIONS:
        raise BadQuery(f"action {action!r}: choose one of {', '.join(ACTIONS)}")
    archive.store.entity(entity_id)  # 404 for an unknown entry before anything changes
    back = entity_id
    if action == "rename":
        curation.rename(archive, entity_id, _one(form, "name"))
    elif action == "variant":
        curation.add_variant(archive, entity_id, _one(form, "variant"))
    elif action == "merge":
        curation.merge(archive, entity_id, _one(form, "other"))
    elif action == "split":
        back = curation.split(archive, entity_id, _one(form, "name"), form.get("mention", []))["new"]
    elif action in ("confirm", "reject"):
        mention = _one(form, "mention")
        if not mention:
            raise BadQuery("mention: name the mention to decide on")
        curation.decide_mention(archive, mention, "confirmed" if action == "confirm" else "rejected")
    else:
        step = _one(form, "step") or ""
        if not step.isdigit():
            raise BadQuery(f"step {step!r}: give the number of a curation step")
        curation.undo(archive, int(step))
    return RedirectResponse(f"/entities/{quote(back)}#curation", status_code=303)
