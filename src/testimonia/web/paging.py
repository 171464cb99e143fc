"""Page numbers for the HTML lists, and links that keep every other query parameter."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode


def query_url(path: str, params: dict[str, str | int | None], **changes: str | int | None) -> str:
    """`path` with `params` updated by `changes`; empty values are left out."""
    merged = {**params, **changes}
    pairs = [(key, str(value)) for key, value in merged.items() if value not in (None, "")]
    return path + ("?" + urlencode(pairs) if pairs else "")


@dataclass
class Page:
    """Page `number` (from 1) of `size` items out of `total`, linked through `path` and `params`."""

    number: int
    size: int
    total: int
    path: str
    params: dict[str, str | int | None] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def url(self, number: int) -> str:
        return query_url(self.path, self.params, page=number if number > 1 else None)
