"""Readers for transcription platforms' exports: PAGE XML and ALTO.

Transkribus, eScriptorium, OCR-D, ABBYY and Tesseract write a manuscript's or a print's
transcription as regions of lines on pages. `page` and `alto` read those into pages of
regions of lines in reading order, and `pages` lays them out as one plain text with
page breaks, which the structure stage then splits into letters and diary entries as it
splits any plain text. Both formats are `.xml` files; `testimonia.read.xml` tells them
from TEI by their root element.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from testimonia.errors import UnsupportedFormat
from testimonia.model import ReadResult
from testimonia.read.tei.parse import parse_xml
from testimonia.read.transcription.alto import is_alto, read_alto_root
from testimonia.read.transcription.page import is_page, read_page_root
from testimonia.read.transcription.pages import Transcription, lay_out

__all__ = ["is_alto", "is_page", "read_alto", "read_page", "read_transcription_root"]


def read_transcription_root(root: etree._Element, encoding: str, warnings: list[str],
                            path: str) -> ReadResult | None:
    """The ReadResult of a parsed PAGE or ALTO file; None when `root` is neither."""
    transcription: Transcription
    if is_page(root):
        transcription = read_page_root(root)
    elif is_alto(root):
        transcription = read_alto_root(root)
    else:
        return None
    transcription.warnings[:0] = warnings
    return lay_out(transcription, encoding, path)


def read_page(data: bytes, path: str) -> ReadResult:
    """Read a PAGE XML file (for callers that know the format; `.xml` files are sniffed)."""
    return _read_as(data, path, is_page, "PAGE XML (root <PcGts> in a PRImA namespace)")


def read_alto(data: bytes, path: str) -> ReadResult:
    """Read an ALTO file (for callers that know the format; `.xml` files are sniffed)."""
    return _read_as(data, path, is_alto, "ALTO (root <alto>)")


def _read_as(data: bytes, path: str, test: Callable[[etree._Element], bool], what: str) -> ReadResult:
    root, encoding, warnings = parse_xml(data, path)
    if not test(root):
        raise UnsupportedFormat(path, f"not {what}: the root element is <{root.tag}>")
    result = read_transcription_root(root, encoding, warnings, path)
    assert result is not None
    return result
