"""`.xml` files: TEI, PAGE XML or ALTO, told apart by their root element.

All three are XML and all three are saved as `.xml`, so the file is parsed once (safely:
see `tei.parse`) and handed to the reader its root element names. Anything else goes to
the TEI reader, which refuses it as "not a TEI file" (an index beside an edition's files
is skipped in a folder walk, as before).
"""

from __future__ import annotations

from testimonia.model import ReadResult
from testimonia.read import register_reader
from testimonia.read.tei.parse import parse_xml
from testimonia.read.tei.reader import read_tei_root
from testimonia.read.transcription import read_transcription_root


def read_xml(data: bytes, path: str) -> ReadResult:
    """Read a TEI, PAGE or ALTO file. Raises UnreadableSource (UnsupportedFormat for others)."""
    root, encoding, warnings = parse_xml(data, path)
    result = read_transcription_root(root, encoding, warnings, path)
    if result is not None:
        return result
    return read_tei_root(root, encoding, warnings, path)


register_reader("xml", (".xml",), read_xml)
