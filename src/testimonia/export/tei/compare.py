"""Compare two CMIF files letter by letter: sender, addressee, date and place.

Used to hold testimonia's CMIF against an edition's own (docs/exchange.md). Letters are
matched on their id in the edition (@key, else @xml:id, else the last part of @ref); people
and places agree when they share an authority URI or, where either side has none, when
their names are the same once case and spacing are set aside.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from testimonia.read.tei.keys import identifier_from_uri

FIELDS = ("sender", "addressee", "date", "place")
_DATING = ("when", "from", "to", "notBefore", "notAfter")


@dataclass(frozen=True)
class Named:
    name: str
    ref: str | None


@dataclass
class CmifLetter:
    key: str
    senders: list[Named] = field(default_factory=list)
    addressees: list[Named] = field(default_factory=list)
    date: dict[str, str] = field(default_factory=dict)
    place: Named | None = None


@dataclass
class Disagreement:
    key: str
    field: str
    ours: str
    theirs: str


@dataclass
class CmifComparison:
    matched: int = 0
    only_ours: list[str] = field(default_factory=list)
    only_theirs: int = 0
    agree: Counter[str] = field(default_factory=Counter)
    disagreements: list[Disagreement] = field(default_factory=list)


def _local(el: etree._Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _text(el: etree._Element) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _letter_key(desc: etree._Element) -> str | None:
    for value in (desc.get("key"), desc.get("{http://www.w3.org/XML/1998/namespace}id")):
        if value:
            return value
    ref = desc.get("ref")
    if ref:
        return re.sub(r"\.\w+$", "", ref.rstrip("/").rsplit("/", 1)[-1])
    return None


def read_cmif_letters(root: etree._Element) -> dict[str, CmifLetter]:
    """Every correspDesc of a CMIF file, by its id in the edition."""
    letters: dict[str, CmifLetter] = {}
    for desc in root.iter("{*}correspDesc"):
        key = _letter_key(desc)
        if key is None:
            continue
        letter = CmifLetter(key)
        for action in desc:
            kind = action.get("type") if _local(action) == "correspAction" else None
            if kind not in ("sent", "received"):
                continue
            for child in action:
                name = _local(child)
                if name in ("persName", "orgName"):
                    named = Named(_text(child), child.get("ref"))
                    (letter.senders if kind == "sent" else letter.addressees).append(named)
                elif name == "date" and kind == "sent":
                    letter.date = {a: child.get(a) for a in _DATING if child.get(a)}
                elif name == "placeName" and kind == "sent" and letter.place is None:
                    letter.place = Named(_text(child), child.get("ref"))
        letters[key] = letter
    return letters


def _authority(ref: str | None) -> tuple[str, str] | None:
    return identifier_from_uri(ref) if ref else None


def _fold(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("\xa0", " ")).strip().casefold()


def same_entity(a: Named, b: Named) -> bool:
    ours, theirs = _authority(a.ref), _authority(b.ref)
    if ours and theirs and ours[0] == theirs[0]:
        return ours == theirs
    return _fold(a.name) == _fold(b.name)


def _same_parties(ours: list[Named], theirs: list[Named]) -> bool:
    real = [t for t in theirs if _fold(t.name) not in ("unknown", "unbekannt")]
    mine = [o for o in ours if _fold(o.name) not in ("unknown", "unbekannt")]
    return len(real) == len(mine) and all(any(same_entity(o, t) for o in mine) for t in real)


def _show(parties: list[Named]) -> str:
    return "; ".join(f"{p.name} <{p.ref}>" if p.ref else p.name for p in parties) or "-"


def compare_cmif(ours: etree._Element, theirs: etree._Element) -> CmifComparison:
    """How far our CMIF agrees with theirs on the letters both hold."""
    mine, other = read_cmif_letters(ours), read_cmif_letters(theirs)
    result = CmifComparison(only_theirs=len(set(other) - set(mine)))
    for key, letter in mine.items():
        peer = other.get(key)
        if peer is None:
            result.only_ours.append(key)
            continue
        result.matched += 1
        checks = {
            "sender": (_same_parties(letter.senders, peer.senders),
                       _show(letter.senders), _show(peer.senders)),
            "addressee": (_same_parties(letter.addressees, peer.addressees),
                          _show(letter.addressees), _show(peer.addressees)),
            "date": (letter.date == peer.date, str(letter.date), str(peer.date)),
            "place": ((letter.place is None and peer.place is None) or (
                letter.place is not None and peer.place is not None
                and same_entity(letter.place, peer.place)),
                _show([letter.place] if letter.place else []), _show([peer.place] if peer.place else [])),
        }
        for name, (agrees, mine_shown, theirs_shown) in checks.items():
            if agrees:
                result.agree[name] += 1
            else:
                result.disagreements.append(Disagreement(key, name, mine_shown, theirs_shown))
    return result
