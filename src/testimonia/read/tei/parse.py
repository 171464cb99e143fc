"""Parse TEI bytes safely.

A TEI file comes from outside, and XML can fetch, expand or explode through its DTD, so
no DTD is loaded, nothing is fetched, and a file whose DOCTYPE declares entities is
refused before it is parsed. Files that libxml2 cannot decode get a second try decoded in
Python, and invalid xml:id values are read with a warning instead of failing the file.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

from testimonia.errors import UnreadableSource
from testimonia.read.decode import decode_bytes, looks_binary

_ENTITY_REFUSED = "XML declares entities (DOCTYPE with ENTITY); refused for safety"


def _parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=False, recover=recover)


def _prolog_text(data: bytes) -> bytes | str:
    """The bytes to scan for a DOCTYPE, decoded where the file is UTF-16 or UTF-32."""
    for boms, codec in (((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
                        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16")):
        if data.startswith(boms):
            return data.decode(codec, errors="replace")
    if data[:2] == b"<\x00":
        return data.decode("utf-16-le", errors="replace")
    if data[:2] == b"\x00<":
        return data.decode("utf-16-be", errors="replace")
    return data


def _refuse_entities(data: bytes, path: str) -> None:
    text = _prolog_text(data)
    if isinstance(text, str):
        doctype, entity = "<!DOCTYPE", "<!ENTITY"
    else:
        doctype, entity = b"<!DOCTYPE", b"<!ENTITY"
    at = text.find(doctype)  # type: ignore[arg-type]
    if at >= 0 and text.find(entity, at) >= 0:  # type: ignore[arg-type]
        raise UnreadableSource(path, _ENTITY_REFUSED)


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _malformed(path: str, error: object) -> UnreadableSource:
    message = _one_line(getattr(error, "message", None) or str(error))
    line = getattr(error, "line", None) or getattr(error, "lineno", None)
    where = f" (line {line})" if line else ""
    return UnreadableSource(path, f"malformed XML: {message}{where}")


def _errors(parser: etree.XMLParser) -> list:
    return [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]


_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")


def parse_xml(data: bytes, path: str) -> tuple[etree._Element, str, list[str]]:
    """Parse `data` safely; return the root, the encoding read and any warnings.

    Used for every XML format testimonia reads (TEI, PAGE, ALTO); raises UnreadableSource
    with a one-line message naming the file.
    """
    return _parse(data, path)


def _parse(data: bytes, path: str) -> tuple[etree._Element, str, list[str]]:
    wide = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data[:2] in (
        b"<\x00", b"\x00<")
    if not wide and not data.lstrip(b" \t\r\n\xef\xbb\xbf").startswith(b"<") and (
            b"\x00" in data[:4096] or looks_binary(data)):
        raise UnreadableSource(path, "binary data, not XML (contains NUL or control bytes)")
    _refuse_entities(data, path)
    warnings: list[str] = []
    parser = _parser()
    try:
        root = etree.fromstring(data, parser)
        encoding = root.getroottree().docinfo.encoding or "utf-8"
    except etree.XMLSyntaxError as exc:
        errors = _errors(parser) or [exc]
        kinds = {getattr(e, "type_name", "") for e in errors}
        if kinds == {"DTD_XMLID_VALUE"}:
            parser = _parser(recover=True)
            root = etree.fromstring(data, parser)
            rest = [e for e in _errors(parser) if e.type_name != "DTD_XMLID_VALUE"]
            if rest or root is None:
                raise _malformed(path, rest[0] if rest else exc) from None
            bad = [e for e in _errors(parser) if e.type_name == "DTD_XMLID_VALUE"]
            warnings.append(f"{len(bad)} xml:id value(s) are not valid XML names (first on line "
                            f"{bad[0].line if bad else '?'}); read as they are")
            encoding = root.getroottree().docinfo.encoding or "utf-8"
        elif kinds & {"ERR_INVALID_ENCODING", "ERR_UNSUPPORTED_ENCODING", "ERR_INVALID_CHAR"}:
            root, encoding = _parse_decoded(data, path, errors[0])
        else:
            raise _malformed(path, errors[0]) from None
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnreadableSource(path, _ENTITY_REFUSED)
    return root, encoding.lower(), warnings


def _parse_decoded(data: bytes, path: str, error: object) -> tuple[etree._Element, str]:
    """Second try for bytes libxml2 could not decode: decode in Python, parse as UTF-8."""
    declared = _DECLARED.match(data)
    text = encoding = None
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            text, encoding = data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        try:
            text, encoding = decode_bytes(data, path)
        except UnreadableSource:
            raise _malformed(path, error) from None
    text = re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", text, count=1)
    parser = _parser()
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        errors = _errors(parser) or [exc]
        raise _malformed(path, errors[0]) from None
    return root, encoding or "utf-8"
