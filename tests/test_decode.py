"""Decoding: each encoding Russian archives use comes back as the same text."""

from __future__ import annotations

import codecs

import pytest

from testimonia.errors import UnreadableSource
from testimonia.read.decode import decode_bytes

LETTER = ("Москва, 12.III.1947\n\nДорогая Света!\n\nПолучил твоё письмо от 3 марта. Всё по-прежнему.\n\n"
          "Твой Лёва\n")
SHORT = "Дорогая Света!"


@pytest.mark.parametrize(("codec", "label"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
    ("cp1251", "cp1251"), ("koi8_r", "koi8-r"), ("cp866", "cp866"),
])
@pytest.mark.parametrize("text", [LETTER, SHORT], ids=["letter", "short"])
def test_round_trip(codec: str, label: str, text: str) -> None:
    decoded, encoding = decode_bytes(text.encode(codec), "letter.txt")
    assert decoded == text
    assert encoding == label


@pytest.mark.parametrize("codec", ["utf_16_le", "utf_16_be"])
def test_utf16_without_bom(codec: str) -> None:
    decoded, encoding = decode_bytes(LETTER.encode(codec), "x.txt")
    assert decoded == LETTER and encoding == codec.replace("_", "-")


def test_bom_is_recorded_and_dropped() -> None:
    decoded, encoding = decode_bytes(codecs.BOM_UTF8 + b"Dear Anna,", "x.txt")
    assert (decoded, encoding) == ("Dear Anna,", "utf-8-sig")


@pytest.mark.parametrize(("data", "words"), [
    (b"\x00\x01\x02\x03binary\x00junk" * 10, "binary data"),
    (b"\x81\x8d\x8f\x90\x9d" * 20, "undecodable bytes"),
    (codecs.BOM_UTF8 + b"\xff\xfe broken", "not valid utf-8-sig"),
])
def test_undecodable_input_is_one_clear_error(data: bytes, words: str) -> None:
    with pytest.raises(UnreadableSource) as caught:
        decode_bytes(data, "scan.txt")
    message = str(caught.value)
    assert message.startswith("scan.txt: ") and words in message and "\n" not in message
