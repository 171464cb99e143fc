"""One place that turns every error into a status and one line, as JSON or as a page."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from testimonia.errors import ArchiveNotFound, RecordNotFound, TestimoniaError

log = logging.getLogger(__name__)


def status_for(error: TestimoniaError) -> int:
    if isinstance(error, RecordNotFound):
        return 404
    if isinstance(error, ArchiveNotFound):
        return 503
    return 400


def validation_message(error: RequestValidationError) -> str:
    """FastAPI's list of validation problems as one line naming each parameter."""
    parts = []
    for problem in error.errors():
        location = [str(part) for part in problem.get("loc", ()) if part not in ("query", "path", "body")]
        parts.append(f"{'.'.join(location) or 'request'}: {problem.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def error_response(request: Request, status: int, message: str) -> Response:
    """JSON for the API, the error page for everything else."""
    message = " ".join(message.split())
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse({"error": message}, status_code=status)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    async def on_testimonia_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, TestimoniaError)
        return error_response(request, status_for(error), str(error))

    async def on_validation_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return error_response(request, 400, validation_message(error))

    async def on_http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        message = str(error.detail) if error.detail else "error"
        if error.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return error_response(request, error.status_code, message)

    async def on_unexpected_error(request: Request, error: Exception) -> Response:
        log.exception("internal error at %s", request.url.path)
        return error_response(request, 500, f"internal error ({type(error).__name__}); please report it")

    app.add_exception_handler(TestimoniaError, on_testimonia_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected_error)
