"""Small Jinja filters the templates share."""

from __future__ import annotations

import jinja2


def thousands(number: int | None) -> str:
    """12345 -> "12,345"."""
    return f"{number or 0:,}"


def install_filters(environment: jinja2.Environment) -> None:
    environment.filters["thousands"] = thousands
