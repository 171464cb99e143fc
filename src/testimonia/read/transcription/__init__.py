"""Readers for transcription platforms' exports: PAGE XML and ALTO.

Transkribus, eScriptorium, OCR-D, ABBYY and Tesseract write a manuscript's or a print's
transcription as regions of lines on pages. `page` and `alto` read those into pages of
regions of lines in reading order, and `pages` lays them out as one plain text with
page breaks, which the structure stage then splits into letters and diary entries as it
splits any plain text. Both formats are `.xml` files; `testimonia.read.xml` tells them
from TEI by their root element.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from lxml import etree

from testimonia.errors import UnreadableSource, UnsupportedFormat
from testimonia.model import ReadResult
from testimonia.read.tei.parse import parse_xml
from testimonia.read.transcription.alto import is_alto, read_alto_root
from testimonia.read.transcription.page import is_page, read_page_root
from testimonia.read.transcription.pages import Transcription, lay_out

__all__ = ["is_alto", "is_page", "looks_like_transcription", "read_alto", "read_page",
           "read_page_files", "read_transcription_root"]

# The root element of a PAGE (<PcGts>) or ALTO (<alto>) file, in the first bytes of the file.
_ROOT = re.compile(rb"<(?:[\w.-]+:)?(PcGts|alto)[\s>/]")
_FIRST_ELEMENT = re.compile(rb"<(?![?!])")


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


def looks_like_transcription(head: bytes) -> str | None:
    """"page" or "alto" when the first element in these first bytes of an XML file is the
    root of a PAGE or an ALTO file; None otherwise."""
    first = _FIRST_ELEMENT.search(head)
    root = _ROOT.match(head, first.start()) if first is not None else None
    if root is None:
        return None
    return "page" if root.group(1) == b"PcGts" else "alto"


def read_page_files(files: Sequence[tuple[str, bytes]], path: str) -> ReadResult:
    """Several PAGE or ALTO files, in the order given, as one transcription of one manuscript.

    Transkribus and eScriptorium export a document as a folder with one file per page; read
    one by one, a letter that runs over a page break would be cut into two sources. The pages
    are laid out together (page breaks, credits and warnings of every file kept), and a file
    that cannot be read fails the whole folder, naming the file.
    """
    merged: Transcription | None = None
    encoding = "utf-8"
    for name, data in files:
        root, encoding, warnings = parse_xml(data, name)
        if is_page(root):
            part = read_page_root(root)
        elif is_alto(root):
            part = read_alto_root(root)
        else:
            raise UnreadableSource(name, f"not PAGE XML or ALTO like the other pages of {path}: "
                                         f"the root element is <{etree.QName(root).localname}>")
        part.warnings[:0] = warnings
        if merged is None:
            merged = part
            continue
        merged.pages += part.pages
        merged.credits += part.credits
        merged.warnings += part.warnings
        merged.created = max(filter(None, (merged.created, part.created)), default=None)
    if merged is None:
        raise UnreadableSource(path, "no page files")
    return lay_out(merged, encoding, path)


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
