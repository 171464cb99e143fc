"""Judgements of credibility: an author (or someone they quote) says a witness lies, conceals,
exaggerates, tells the truth, depends on others, or that what the witness says matters.

Each judgement has a judge (the document's author, or the speaker of the quotation it stands
in: see `attribution.py`), a judged person and a polarity:

* ``discredits``: lies, conceals, exaggerates, fabricates, says nothing about;
* ``partial``: only partly true, a half-truth;
* ``corroborates``: tells the truth, is true, accurate, reliable, confirms;
* ``important``: the information is important, valuable;
* ``dependent``: nothing new, we knew it before, repeats or borrows from others.

The judged person is the person named before the cue in the sentence, or whom "he", "this
gentleman", "the author" means there, or the speaker of the quotation that "this" points back
to ("“…” This is not true."). A negation just before the cue ("does not lie", "не лжёт") turns
discredits into corroborates and the other way round.
"""

from __future__ import annotations

import bisect
import re

from testimonia.claims.context import DocumentContext, pronoun_gender, same_actor
from testimonia.claims.model import Actor, Claim

_CUES: list[tuple[str, str]] = [
    ("partial", r"only partially true|only partly true|partly true|half-truths?|полуправд\w*|"
                r"отчасти правд\w*"),
    ("discredits", r"(?:is|was|are|were|been) lying|"
                   r"\blies\b(?=\s*(?:[.,;:!?—–]|about\b|to\b|when\b|and\b|again\b|$))|"
                   r"\blied\b|\bliar\b|\bconceal(?:s|ed|ing)?\b|\bhides\b|\bhid\b|"
                   r"exaggerat\w*|fabricat\w*|\binvent(?:s|ed)\b|\bdoctors? up\b|\bnot true\b|\buntrue\b|"
                   r"falsif\w*|\bdistort\w*|hardly believable|\bunreliable\b|cannot be trusted|"
                   r"not to be trusted|does not say anything about|says nothing (?:about|of)|"
                   r"passes over in silence|\bembellish\w*|\bомолчива\w*|"
                   r"\bлж(?:ет|ёт|ут|ал|ала|али|ец|ива\w*)\b|\bврал[аи]?\b|\bврёт\b|\bврет\b|"
                   r"\bнеправд\w*|\bскрыва\w*|\bскрыл[аи]?\b|\bумалчива\w*|\bумолча\w*|"
                   r"\bпреувелич\w*|\bвыдум\w*|\bсочиня\w*|\bфальсифи\w*|\bисказ\w*|\bискажа\w*|"
                   r"не заслужива\w* доверия|\bнедостоверн\w*"),
    ("corroborates", r"\bI (?:fully |completely |entirely )?(?:believe|trust) (?:him|her)\b|"
                     r"(?:я )?(?:верю|доверяю) (?:ему|ей)\b|tells? the truth|told the truth|\bis true\b|"
                     r"\bwas true\b|\btruthful\w*|"
                     r"\baccurate(?:ly)?\b|(?<!un)reliable\b|\btrustworthy\b|\bcredible\b|"
                     r"\bconfirm(?:s|ed)\b|\bcorroborat\w*|\bbears? out\b|"
                     r"говорит правду|говорил[аи]? правду|\bправдив\w*|(?<!не)достоверн\w*|"
                     r"\bподтвержда\w*|\bподтвердил[аи]?\b|\bвсё правда\b|\bвсе правда\b"),
    ("important", r"\bis important\b|\bare important\b|\bwas important\b|\b(?:in)?valuable\b|"
                  r"of great value|\bindispensable\b|\bважн\w*|\bценн\w*"),
    ("dependent", r"we knew (?:all )?(?:that|this|it) before|nothing new|have written about it|"
                  r"\bcopied (?:from|out)\b|\bborrowed from\b|\brepeats? what\b|second-hand|"
                  r"ничего нового|мы знали (?:всё |все )?(?:это|об этом) (?:и )?раньше|"
                  r"\bзаимствова\w*|\bповторя\w* (?:за|чужие)"),
]
_CUE_RE = [(polarity, re.compile(pattern, re.IGNORECASE)) for polarity, pattern in _CUES]
_NEGATION = re.compile(r"(?:\bnot|n't|\bnever|\bне|\bнет)\s+(?:\w+\s+)?$", re.IGNORECASE)
_FLIP = {"discredits": "corroborates", "corroborates": "discredits"}
_REFERENT = re.compile(
    r"\b(?:he|she|his|her|him|this gentleman|the gentleman|the fellow|this man|this woman|the author|"
    r"the witness|the book|his book|her book|он|она|его|её|ее|ему|ей|этот господин|автор|свидетель)\b",
    re.IGNORECASE)
_PERSONAL = re.compile(r"\b(?:he|she|his|her|он|она|его|её)\b", re.IGNORECASE)
# A cue whose subject is a crowd ("people who … conceal it") judges no one witness.
_CROWD = re.compile(r"\b(?:people|those who|others|everyone|люди|все|многие)\b", re.IGNORECASE)
_OBJECT = re.compile(r"him|her|ему|ей")
_BACK = re.compile(r"^\s*(?:this|that|it|these|это|эти|всё это|все это)\b", re.IGNORECASE)


def find_judgements(context: DocumentContext, quotations: list[Claim]) -> list[Claim]:
    """Every judgement of credibility in the document, one per (sentence, polarity)."""
    claims: list[Claim] = []
    quotations = sorted(quotations, key=lambda q: q.end)
    ends = [q.end for q in quotations]
    for sentence in context.sentences:
        body = context.text[sentence.start:sentence.end]
        seen: set[str] = set()
        for polarity, pattern in _CUE_RE:
            for match in pattern.finditer(body):
                found = polarity
                if found in _FLIP and _NEGATION.search(body[:match.start()]) \
                        and not re.search(r"not|не", match.group(0), re.IGNORECASE):
                    found = _FLIP[found]
                elif found == "important" and _NEGATION.search(body[:match.start()]):
                    continue
                if found in seen:
                    continue
                judged = _judged(context, sentence.start, sentence.start + match.start(), quotations, ends)
                witness = context.witness
                if judged is None or same_actor(judged, witness):
                    continue
                seen.add(found)
                claims.append(Claim("judgement", sentence.start, sentence.end, body, witness=witness,
                                    judge=witness, judged=judged, polarity=found,
                                    confidence=0.7, found_by=f"cue:{match.group(0).lower()}"))
    return claims


def _judged(context: DocumentContext, start: int, cue: int, quotations: list[Claim],
            ends: list[int]) -> Actor | None:
    witness = context.witness
    persons = [m for m in context.persons_in(start, cue) if not context.is_party(m)]
    if persons:
        actor = context.actor(persons[-1])
        if not same_actor(actor, witness):
            return actor
    index = bisect.bisect_right(ends, start)
    previous = [q for q in quotations[max(0, index - 3):index] if start - q.end < 200 and q.speaker]
    if _BACK.match(context.text[start:cue]) and previous:
        return previous[-1].speaker
    referent = _REFERENT.search(context.text[start:cue]) or _REFERENT.search(
        context.text[cue:context.sentence_at(cue).end])
    if referent and _OBJECT.fullmatch(referent.group(0).lower()) and previous:
        return previous[-1].speaker  # "As X wrote, “…” I believe him.": him is the one just quoted
    if referent:
        return context.salient_person(start, exclude=witness, gender=pronoun_gender(referent.group(0)))
    # No one named or pointed at in the sentence: the person the paragraph is about, when it
    # speaks of someone as "he" or "she" before the cue.
    paragraph = context.paragraph_at(start)
    if _CROWD.search(context.text[start:cue]):
        return None
    pronoun = _PERSONAL.search(context.text[paragraph.start:cue])
    if pronoun:
        return context.salient_person(start, exclude=witness, gender=pronoun_gender(pronoun.group(0)))
    return None
