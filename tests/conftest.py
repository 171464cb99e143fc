"""Shared fixtures. Real data lives in ../shared beside the checkout and is never copied in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def require_shared(relative: str = "") -> Path:
    """The path under ../shared, or skip (fail under CI=true) when it is absent."""
    path = SHARED / relative
    if not path.exists():
        reason = f"{path} is absent: real corpora and seeds live in ../shared beside the checkout"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture
def shared_dir() -> Path:
    return require_shared()


@pytest.fixture
def seeds_dir() -> Path:
    return require_shared("seeds")


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """The one headless Chromium of the test session (tests/browser_support.py)."""
    from tests.browser_support import launch_browser

    yield from launch_browser()
