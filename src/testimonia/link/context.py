"""What a document tells the linker besides the register, and the small judgements made from it.

`LinkContext` carries a document's parties, its other mentions and the source's earlier
decisions into `link_mentions`; `LinkDecision` is what comes out. The functions below read
names as a writer uses them inside one document:

* `initials_of_surname`: "K." may stand for Kravchenko as well as for Koka, and "L.T." for Lev
  Trotsky (given name and surname) as well as for a given name and patronymic;
* `same_patronymic`: a slip in a patronymic's ending ("Davidovno") does not make another person;
* `gendered_pair`: "Kamenev" and "Kameneva" written in one English document are two people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from testimonia.model import Document, Mention, Party

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass
class LinkDecision:
    """What the linker made of one mention.

    `status` is "linked" (entity_id set), "ambiguous" (candidates listed, best first, for the
    editor to choose; at most `max_candidates` of `candidate_count`) or "proposed_new" (no
    entry fits; `proposed_name` is the name a new entry would get). `reason` says in words why.
    """

    mention: Mention
    entity_id: str | None
    status: str
    candidates: list[tuple[str, float]] = field(default_factory=list)
    reason: str = ""
    proposed_name: str | None = None
    candidate_count: int = 0  # how many candidates there were before the list was cut


@dataclass
class LinkContext:
    """What the linker may use besides the register: the letter's parties, the document's other
    mentions, and the decisions already taken for earlier documents of the same source."""

    authors: list[Party] = field(default_factory=list)
    addressees: list[Party] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    prior: list[LinkDecision] = field(default_factory=list)

    @classmethod
    def for_document(cls, document: Document, mentions: list[Mention] | None = None,
                     prior: list[LinkDecision] | None = None) -> LinkContext:
        return cls(list(document.authors), list(document.addressees), list(mentions or []), list(prior or []))


def initials_of_surname(letters: str, given_letters: set[str], surname_letters: set[str]) -> bool:
    """Initials read with the surname's: a lone "K." for Kravchenko, "L.T." for Lev Trotsky.

    `letters` are the mention's initials as `index.initial_letters` writes them ("k", "l/t");
    `given_letters` and `surname_letters` what a candidate's given name and surname may be
    abbreviated to. Writers abbreviate the people they write about by the surname as often as
    by the given name ("K. tells of ...", "the great R."), and two letters by given name and
    surname as often as by given name and patronymic.
    """
    if not surname_letters:
        return False
    parts = letters.split("/")
    if len(parts) == 1:
        return bool(set(parts[0]) & surname_letters)
    if len(parts) == 2:
        return bool(set(parts[0]) & given_letters) and bool(set(parts[1]) & surname_letters)
    return False


def same_patronymic(mine: str, theirs: str) -> bool:
    """Patronymic keys that agree, allowing a slip in the final letter ("Davidovno" for Davidovna)."""
    return mine == theirs or (len(mine) >= 6 and len(theirs) == len(mine) and mine[:-1] == theirs[:-1])


_LATIN_FEMININE_OF = re.compile(r"(?:a|aya|aia|aja)$")


def gendered_pair(mine: str, theirs: str) -> bool:
    """Are these the masculine and feminine Latin forms of one surname (Kamenev, Kameneva;
    Rakovsky, Rakovskaya)?"""
    if not mine or not theirs or mine == theirs or _CYRILLIC.search(mine + theirs):
        return False
    shorter, longer = sorted((mine, theirs), key=len)
    if longer.startswith(shorter) and _LATIN_FEMININE_OF.fullmatch(longer[len(shorter):]):
        return True
    return shorter.endswith("y") and longer in (shorter[:-1] + "aya", shorter[:-1] + "aia")
