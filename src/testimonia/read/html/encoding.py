"""Decode an HTML page by the charset it declares, the way a browser would.

Pages name their encoding in a <meta> tag or an XML declaration, and browsers read some
labels differently from Python's codec of the same name (ISO-8859-1 means Windows-1252).
Following the declaration where the bytes bear it out, and falling back to the shared
detector where they do not, spares pages that say what they are from a guess.
"""

from __future__ import annotations

import codecs
import re

from testimonia.read.decode import _BOMS, decode_bytes

# Where the encoding is declared: the first bytes of the file.
_SNIFF_BYTES = 4096
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)""")
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# Labels browsers read differently from Python's codec of the same name (WHATWG Encoding).
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "ansi_x3.4-1968": "cp1252",
    "x-mac-cyrillic": "mac_cyrillic", "x-mac-ukrainian": "mac_cyrillic",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",  # an ASCII-readable label lies
    "x-cp1251": "cp1251", "x-user-defined": "cp1252", "gb2312": "gbk", "iso-8859-5": "iso8859_5",
}


def _decode(data: bytes, path: str, warnings: list[str]) -> tuple[str, str]:
    """Decode by the page's own declaration where the bytes bear it out, else by detection."""
    head = data[:_SNIFF_BYTES]
    match = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if not match or any(data.startswith(bom) for bom, _, _ in _BOMS) or _binary(data):
        return decode_bytes(data, path)  # raises on binary junk
    label = match.group(1).decode("ascii").strip().lower()
    name = _LABEL_ALIASES.get(label, label)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        text, encoding = decode_bytes(data, path)
        warnings.append(f"unknown declared charset {label!r}; decoded as {encoding}")
        return text, encoding
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        if codec == "cp1252":  # bytes Windows-1252 leaves undefined: the page meant Latin-1
            try:
                return data.decode("latin_1"), "latin-1"
            except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes every byte
                pass
        text, encoding = decode_bytes(data, path)
        warnings.append(f"declared charset {label} does not fit the bytes; decoded as {encoding}")
        return text, encoding
    if codec not in ("utf-8", "utf-8-sig") and not data.isascii():
        # A page saved as UTF-8 that still declares its old code page.
        try:
            utf8 = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            warnings.append(f"declared charset {label}, but the bytes are UTF-8; read as UTF-8")
            return utf8, "utf-8"
    return text, codec.replace("_", "-")


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _binary(data: bytes) -> bool:
    """A quick look for what decode_bytes calls binary (it decides, and says so)."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > 0.05 * len(sample)
