"""The web workbench and the JSON API: a FastAPI app over one archive."""

from __future__ import annotations

from testimonia.web.app import create_app

__all__ = ["create_app"]
