"""Nested attribution: A (this document's author) reports that B says X, and how A holds it.

Three things happen here, after the finders have run over a document:

* reported speech without quotation marks ("K. tells of …", "he says", "according to X",
  "по словам X", "X утверждает, что …") becomes a quotation claim found by "reported_speech";
* a quantity, event or judgement that stands inside a quotation is a layer below it: its
  `reported_by` is the quotation's id, and a judgement's judge is the quotation's speaker;
* each quotation gets the stance of the layer above (endorses, doubts, refutes) where the text
  shows it: a judgement about the speaker in the same or next sentence ("He is lying" refutes,
  "only partly true" doubts, "tells the truth" endorses), or a doubting word ("allegedly", "якобы").

`vantage_of` reads whether a passage is told as seen (first person and presence) or as heard.
"""

from __future__ import annotations

import bisect
import re

from testimonia.claims.context import DocumentContext, Spans, pronoun_gender, same_actor
from testimonia.claims.model import Actor, Claim

_REPORT_VERBS = (r"says|said|writes|wrote|claims|claimed|asserts|asserted|maintains|maintained|tells of|"
                 r"tells us|told us|relates|related|reports|reported|describes|described|insists|insisted|"
                 r"alleges|alleged")
_REPORT = [
    re.compile(rf"(?P<name>\b[A-ZА-ЯЁ][\w’'.-]*(?:\s+[A-ZА-ЯЁ][\w’'.-]*){{0,3}}|\b[Hh]e|\b[Ss]he)\s+"
               rf"(?:{_REPORT_VERBS})\b(?:\s+that)?\s+(?P<what>[^.;!?]{{12,}})"),
    re.compile(r"(?:[Aa]ccording to|[Пп]о словам|[Пп]о рассказу|[Сс]о слов)\s+(?P<name>[A-ZА-ЯЁ][\w’'.-]*"
               r"(?:\s+[A-ZА-ЯЁ][\w’'.-]*){0,3}),?\s+(?P<what>[^.;!?]{12,})"),
    re.compile(r"(?P<name>\b[А-ЯЁ][\w’'.-]*(?:\s+[А-ЯЁ][\w’'.-]*){0,3}|\b[Оо]н|\b[Оо]на)\s+"
               r"(?:утверждает|утверждал[аи]?|рассказывает|рассказывал[аи]?|пишет|писал[аи]?|"
               r"заявляет|заявил[аи]?|уверяет|уверял[аи]?|сообщает|сообщил[аи]?)"
               r"(?:,?\s+(?:что|будто|о том, что|о))?\s+(?P<what>[^.;!?]{12,})"),
]
_DOUBT = re.compile(r"\b(?:allegedly|supposedly|so he says|so she says|he claims|she claims|"
                    r"якобы|будто бы|мол|дескать)\b|[–—-]\s*(?:he|she) says\s*[–—-]", re.IGNORECASE)
_STANCE_OF = {"discredits": "refutes", "partial": "doubts", "dependent": None,
              "corroborates": "endorses", "important": "endorses"}
_NOT_SPEAKERS = {"it", "this", "that", "the", "there", "one", "everyone", "nobody", "it's", "i", "we"}

_EYEWITNESS = re.compile(
    r"\b(?:I saw|I have seen|I had seen|I witnessed|I was (?:there|present)|with my own eyes|I watched|"
    r"I met|I remember|I happened to meet|I visited|I know the atmosphere|я видел[аи]?|я видела|"
    r"своими глазами|я был[аи]? свидетел\w*|я присутствовал[аи]?|я помню|я встречал[аи]?|"
    r"я знал[аи]?)\b", re.IGNORECASE)
_HEARSAY = re.compile(
    r"\b(?:I was told|I have been told|I heard|I have heard|we heard|they say|people say|it is said|"
    r"rumou?rs?|reportedly|it seems|говорят|мне (?:рассказал[аи]?|сказал[аи]?|говорил[аи]?)|"
    r"я слышал[аи]?|по слухам|рассказывают|якобы)\b", re.IGNORECASE)


def reported_speech(context: DocumentContext, quotations: list[Claim]) -> list[Claim]:
    """Indirect speech: what someone says, told without quotation marks."""
    claims = []
    taken = Spans([(q.start, q.end) for q in quotations])
    for sentence in context.sentences:
        body = context.text[sentence.start:sentence.end]
        for pattern in _REPORT:
            match = pattern.search(body)
            if not match:
                continue
            start = sentence.start + match.start()
            what_start, what_end = sentence.start + match.start("what"), sentence.start + match.end("what")
            if taken.overlaps(what_start, what_end):
                break
            speaker = _speaker(context, match.group("name"), start, sentence.start + match.end("name"))
            if speaker is None or same_actor(speaker, context.witness):
                break
            what = match.group("what").strip()
            claims.append(Claim("quotation", start, sentence.start + match.end("what"), what,
                                speaker=speaker, witness=context.witness, confidence=0.6,
                                found_by="reported_speech"))
            break
    return claims


def _speaker(context: DocumentContext, name: str, start: int, end: int) -> Actor | None:
    words = name.split()
    if not words or words[0].lower() in _NOT_SPEAKERS:
        return None
    gender = pronoun_gender(words[0]) if len(words) == 1 else None
    if gender is not None:
        return context.salient_person(start, exclude=context.witness, gender=gender)
    persons = context.persons_in(start, end)
    if persons:
        return context.actor(persons[0])
    return None  # a capitalised word that recognition did not take for a person is no speaker


def nest(claims: list[Claim], context: DocumentContext) -> None:
    """Put claims under the quotation that holds them, and give each quotation its stance."""
    quotations = sorted((c for c in claims if c.kind == "quotation"), key=lambda c: c.start)
    starts = [q.start for q in quotations]
    longest = max((q.end - q.start for q in quotations), default=0)
    for claim in claims:
        if claim.kind == "quotation":
            continue
        # only quotations that start before the claim ends and could still reach into it
        low, high = bisect.bisect_left(starts, claim.start - longest), bisect.bisect_left(starts, claim.end)
        nearby = quotations[low:high]
        holder = _holder(claim, nearby)
        if holder is None:
            continue
        claim.reported_by = holder.id
        if claim.kind == "judgement" and holder.speaker is not None:
            claim.judge = holder.speaker
    judgements = [c for c in claims if c.kind == "judgement" and c.reported_by is None]
    for quotation in quotations:
        quotation.stance = _stance(quotation, judgements, context)


def _holder(claim: Claim, quotations: list[Claim]) -> Claim | None:
    best, best_share = None, 0.5
    for quotation in quotations:
        overlap = min(claim.end, quotation.end) - max(claim.start, quotation.start)
        share = overlap / max(1, claim.end - claim.start)
        if share > best_share:
            best, best_share = quotation, share
    return best


def _stance(quotation: Claim, judgements: list[Claim], context: DocumentContext) -> str | None:
    sentence = context.sentence_at(quotation.start)
    following = context.sentence_after(sentence.end)
    reach = following.end if following else sentence.end
    for judgement in judgements:
        if sentence.start <= judgement.start < reach and same_actor(judgement.judged, quotation.speaker):
            stance = _STANCE_OF.get(judgement.polarity or "")
            if stance:
                return stance
    if _DOUBT.search(context.text[sentence.start:sentence.end]):
        return "doubts"
    return None


def vantage_of(text: str) -> str | None:
    """"eyewitness" where the passage says the writer saw or was there, "hearsay" where it was told."""
    eyewitness, hearsay = bool(_EYEWITNESS.search(text)), bool(_HEARSAY.search(text))
    if hearsay:
        return "hearsay"
    return "eyewitness" if eyewitness else None
