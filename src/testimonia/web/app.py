"""The app factory: one FastAPI app over one archive, its routers, static files and errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import jinja2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from testimonia.archive import Archive
from testimonia.web import (
    api,
    api_claims,
    api_correspondence,
    api_exchange,
    api_register,
    claims_pages,
    correspondence_pages,
    curation_pages,
    entity_pages,
    pages,
    search_page,
)
from testimonia.web.deps import STATIC_DIR, TEMPLATES_DIR, ArchivePerThread
from testimonia.web.errors import install_error_handlers
from testimonia.web.filters import install_filters


def create_app(archive_path: str) -> FastAPI:
    """The workbench and JSON API over the archive at `archive_path`.

    The archive is opened once here so that a wrong path fails at once with ArchiveNotFound,
    not on the first request.
    """
    Archive.open(archive_path).close()
    # Swagger UI and ReDoc load their scripts from a CDN; /api is our own page instead.
    archives = ArchivePerThread()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        archives.close()  # the event loop's own; those of other threads close with them

    app = FastAPI(title="testimonia", summary="Letters, diaries and memoirs about political repression",
                  docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.archive_path = archive_path
    app.state.archives = archives
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True)
    templates = Jinja2Templates(env=environment)
    install_filters(environment)
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(search_page.router)
    app.include_router(api_correspondence.router)
    app.include_router(api_exchange.router)
    app.include_router(entity_pages.router)
    app.include_router(correspondence_pages.router)
    app.include_router(api_claims.router)
    app.include_router(claims_pages.router)
    app.include_router(api_register.router)
    app.include_router(curation_pages.router)
    return app
