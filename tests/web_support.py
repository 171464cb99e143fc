"""An archive of the bundled samples plus one hostile letter, for the web tests."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from testimonia.archive import Archive
from testimonia.model import Entity
from testimonia.samples import sample_files
from testimonia.web import create_app

# Markup in every place a document can carry text: the source's title, an addressee, the
# body and a footnote. Rendered, none of it may become markup; in JSON it must stay as written.
HOSTILE_LETTER = """Letters about <script>alert("title")</script>

Moscow, 3 March 1946

Dear Ivan "><img src=x onerror=alert(1)>,

I write to you about <script>alert('body')</script> and the "><img onerror=alert(2)> trick.[1]

Yours,
Pavel

[1] A note with <script>alert('note')</script> inside it.
"""
HOSTILE_ENTITY = '<script>alert("entity")</script> Ivanov'
RAW_MARKUP = ("<script>alert", "<img src=x", "<img onerror")


def build_web_archive(folder: Path, extra: list[Path] | None = None) -> tuple[str, str]:
    """Build the archive in `folder`; return its path and the hostile letter's source id."""
    hostile = folder / "hostile_letters.txt"
    hostile.write_text(HOSTILE_LETTER, encoding="utf-8")
    path = str(folder / "web.tmarch")
    with Archive.create(path) as archive:
        archive.load_starter_register()
        summary = archive.ingest([*sample_files(), hostile, *(extra or [])])
        assert not summary.failed, [o.error for o in summary.failed]
        archive.recognise()
        archive.store.add_entity(Entity("person", HOSTILE_ENTITY, variants=["<b>Ivanov</b>"]))
        archive.reindex()
        hostile_id = next(o.source_id for o in summary.outcomes if o.path == str(hostile))
    assert hostile_id
    return path, hostile_id


def client_for(path: str) -> TestClient:
    return TestClient(create_app(path), raise_server_exceptions=False)
