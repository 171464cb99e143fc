"""Turn a file's bytes into text, recording which encoding was found.

Russian archives hold UTF-8 (with or without BOM), UTF-16, Windows-1251, KOI8-R and CP866.
Strict UTF-8 is tried first because it almost never decodes other encodings by accident;
only then is a detector (charset-normalizer) asked to choose among the legacy ones.
"""

from __future__ import annotations

import codecs
import itertools

from charset_normalizer import from_bytes

from testimonia.errors import UnreadableSource

# Legacy encodings the detector may choose from: the Cyrillic ones archives use, and
# the Western ones English pages arrive in.
LEGACY_ENCODINGS = ["cp1251", "koi8_r", "cp866", "cp1252", "latin_1", "mac_cyrillic"]

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig", "utf_8_sig"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf_32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf_32"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf_16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf_16"),
]


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def looks_binary(data: bytes) -> bool:
    """True for bytes that are no text in any encoding we read (NULs, control bytes)."""
    sample = data[:65536]
    if not sample:
        return False
    if any(sample.startswith(bom) for bom, _, _ in _BOMS):
        return False
    if _looks_like_bomless_utf16(sample):
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return b"\x00" in sample or controls / len(sample) > 0.05


def _looks_like_bomless_utf16(sample: bytes) -> bool:
    # UTF-16 text without a BOM has a NUL (Latin) or 0x04 (Cyrillic) high byte in one of
    # the two byte positions for most characters.
    if len(sample) < 4 or len(sample) % 2 or (b"\x00" not in sample and b"\x04" not in sample):
        return False
    evens, odds = sample[0::2], sample[1::2]
    return (
        (odds.count(0) + odds.count(4)) / len(odds) > 0.9
        or (evens.count(0) + evens.count(4)) / len(evens) > 0.9
    )


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode `data`, returning (text, encoding name). Raises UnreadableSource."""
    for bom, label, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError as exc:
                raise UnreadableSource(
                    path, f"starts with a {label} byte-order mark but is not valid {label}: "
                    f"{exc.reason} at byte {exc.start}"
                ) from None
    sample = data[:65536]
    if _looks_like_bomless_utf16(sample):
        # Latin and Cyrillic UTF-16 put their 0x00/0x04 high byte second (LE) or first (BE)
        evens_high = sample[0::2].count(0) + sample[0::2].count(4)
        odds_high = sample[1::2].count(0) + sample[1::2].count(4)
        codec = "utf_16_le" if odds_high >= evens_high else "utf_16_be"
        try:
            return data.decode(codec), codec.replace("_", "-")
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        raise UnreadableSource(path, "binary data, not text (contains NUL or control bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None or best.encoding is None:
        raise UnreadableSource(
            path, "undecodable bytes: not UTF-8, UTF-16, Windows-1251, KOI8-R or CP866"
        )
    encoding = best.encoding
    if encoding in _CYRILLIC:
        # On short texts the detector confuses the Cyrillic code pages, which map the same
        # bytes to the same letters in other cases (KOI8-R read as Windows-1251 gives
        # "дПТПЗБС" for "Дорогая"); real words keep lowercase letters inside words.
        encoding = max(_CYRILLIC, key=lambda codec: _casing_score(data, codec, encoding))
    return data.decode(encoding), encoding.replace("_", "-")


_CYRILLIC = ("cp1251", "koi8_r", "cp866", "mac_cyrillic")


def _casing_score(data: bytes, codec: str, detected: str) -> tuple[float, bool]:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return (-1.0, False)
    inner = [b for a, b in itertools.pairwise(text) if a.isalpha() and b.isalpha()]
    cyrillic = [c for c in inner if "\u0400" <= c <= "\u04ff"]
    if not cyrillic:
        return (0.0, codec == detected)
    return (sum(c.islower() for c in cyrillic) / len(cyrillic), codec == detected)
