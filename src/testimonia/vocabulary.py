"""Words that readers and structure rules both look for, kept in one place so they agree."""

from __future__ import annotations

import re

# The heading over a block of notes, in English and Russian: "Notes", "Editor's notes",
# "Footnotes and references", "Примечания переводчика", "Сноски". Matched against a whole line.
NOTES_HEADING = re.compile(
    r"(?:(?:editor|translator|author)['’]?s\s+)?(?:foot|end)?notes?(?:\s+and\s+references)?\s*:?"
    r"|references\s*:?"
    r"|(?:примечани[яе](?:\s+(?:редакции|переводчика|автора))?|сноски|комментарии)\s*:?",
    re.IGNORECASE,
)
