"""Reader for TEI P5 XML: letters, diaries, CMIF files and registers.

The body is rendered to the plain text a reader of the edition sees (one blank line between
blocks, whitespace collapsed, one reading of each `<choice>`), notes are moved to the end
of the text and anchored where they stood, and what the markup says is kept as structure:
one Document per letter or diary entry (dates, places, senders and addressees from
`correspDesc`), a Mention per tagged name, an Entity per register entry or referenced key.

Parsing is safe: no DTD is loaded, no entity is resolved, nothing is fetched, and a file
whose DOCTYPE declares entities is refused before it is parsed.

The stages live in modules of their own: `parse` reads the bytes safely, `text` writes
the bodies as plain text, `documents` finds the letters and entries, `notes` and
`mentions` index what the markup points at, and `reader` runs them in order; `header`,
`correspondence`, `register`, `dates`, `keys` and `elements` read what the file says
about itself.
"""

from __future__ import annotations

from testimonia.read import register_reader
from testimonia.read.tei.reader import read_tei

__all__ = ["read_tei"]

# `.xml` goes to `testimonia.read.xml`, which hands TEI files back to `read_tei_root`
# after telling them from PAGE and ALTO.
register_reader("tei", (".tei", ".tei.xml"), read_tei)
