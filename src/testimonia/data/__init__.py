"""Bundled reference data: the starter register of well-known persons, places, organisations and works."""

from pathlib import Path

STARTER_REGISTER = Path(__file__).resolve().parent / "starter_register.json"
