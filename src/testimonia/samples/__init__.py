"""The bundled sample corpus: invented letters and diaries in every format testimonia reads.

MANIFEST.json beside this file is its gold: what each file holds, written by hand from
the texts, which the tests compare the structure stage against.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SAMPLES_DIR = Path(__file__).resolve().parent


def manifest() -> dict[str, Any]:
    return json.loads((SAMPLES_DIR / "MANIFEST.json").read_text(encoding="utf-8"))


def sample_files() -> list[Path]:
    """The sample sources in the order MANIFEST.json lists them (its README excluded)."""
    return [SAMPLES_DIR / entry["file"] for entry in manifest()["files"]]
