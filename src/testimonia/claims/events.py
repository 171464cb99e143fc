"""Events in a person's life under repression, as a text states them: who, what, when, where.

Arrest, sentence, exile, camp, release, death, rehabilitation and emigration are found by
lexicons of verbs and nouns: English word forms, and Russian dictionary forms (pymorphy3), so
"арестовали", "арестован" and "арест" all count. The subject is the person named in the
sentence nearest before the trigger, else the person after it, else (for "he", "она") the
person the passage is about. The date is the date written in the sentence, the place the
place named in it. A sentence that names nobody and has no pronoun gives no event.
"""

from __future__ import annotations

import re

from testimonia.claims.context import DocumentContext, pronoun_gender
from testimonia.claims.lemmas import WORD, all_lemmas, lemma
from testimonia.claims.model import Actor, Claim
from testimonia.structure.dates import find_dates

_EN: dict[str, tuple[str, ...]] = {
    "arrest": ("arrested", "arrest", "arrests", "detained", "seized by the nkvd", "taken away",
               "picked up by the"),
    "sentence": ("sentenced", "condemned to", "convicted", "given ten years", "given five years",
                 "given eight years", "sentence of"),
    "exile": ("exiled", "banished", "deported", "deportation", "exile", "sent into exile"),
    "camp": ("sent to a camp", "sent to the camps", "sent to kolyma", "sent into that hell",
             "concentration camp", "labour camp", "labor camp", "in the gulag", "to the gulag",
             "camp at", "camps of"),
    "release": ("released", "freed", "set free", "release from", "came back from the camp"),
    "death": ("died", "perished", "was shot", "were shot", "been shot", "executed", "killed",
              "death of", "murdered", "disappeared in prison", "died at the front"),
    "rehabilitation": ("rehabilitated", "rehabilitation", "cleared of all charges"),
    "emigration": ("emigrated", "emigration", "fled abroad", "defected", "escaped to", "escape in",
                   "left the soviet union", "left russia"),
}
_RU: dict[str, tuple[str, ...]] = {
    "arrest": ("арестовать", "арест", "арестовывать", "задержать", "взять", "забрать"),
    "sentence": ("приговорить", "приговор", "осудить", "осуждать", "дать"),
    "exile": ("сослать", "ссылка", "выслать", "высылка", "депортировать", "депортация", "ссыльный"),
    "camp": ("лагерь", "гулаг", "колыма", "этап", "зона"),
    "release": ("освободить", "освобождение", "выпустить", "вернуться"),
    "death": ("умереть", "погибнуть", "смерть", "расстрелять", "расстрел", "гибель", "убить"),
    "rehabilitation": ("реабилитировать", "реабилитация", "реабилитированный"),
    "emigration": ("эмигрировать", "эмиграция", "эмигрант", "бежать", "уехать"),
}
# Russian lemmas that are events only beside a word that makes them so ("взять" is "take").
_RU_NEEDS = {"взять": ("арест", "нквд", "ночью", "забрать"), "дать": ("год", "лет"),
             "вернуться": ("лагерь", "ссылка", "колыма"), "забрать": ("нквд", "ночью", "арест")}
_EN_RE = {kind: re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)
          for kind, phrases in _EN.items()}
_RU_LEMMAS = {form: kind for kind, forms in _RU.items() for form in forms}
_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|они|он|она|его|ее|её)\b", re.IGNORECASE)
# The writer as subject; possessives ("my husband was arrested") are left out on purpose.
_FIRST_PERSON = re.compile(r"\bI\b|\b(?:я|меня|мне)\b", re.IGNORECASE)
_FIGURATIVE = re.compile(r"death sentence|death of the|смерть (?:режима|революции)", re.IGNORECASE)


def find_events(context: DocumentContext) -> list[Claim]:
    """Every event about a person the document states, one per (sentence, event type)."""
    claims: list[Claim] = []
    context_year = _year(context)
    for sentence in context.sentences:
        body = context.text[sentence.start:sentence.end]
        for kind, at, end in _triggers(body, context.language):
            if _FIGURATIVE.search(body[max(0, at - 8):end + 12]) or _in_title(context, sentence.start + at):
                continue
            trigger = sentence.start + at
            subject, confidence = _subject(context, sentence.start, sentence.end, trigger)
            if subject is None:
                continue
            if any(c.event_type == kind and c.start == sentence.start for c in claims):
                continue
            # the date and place nearest the trigger: "returned in 1946 and was rehabilitated in 1956"
            dates = [d for d in find_dates(body, context_year=context_year) if d.edtf and d.start is not None]
            date = min(dates, key=lambda d: _distance(d.start or 0, d.end or 0, at, end)) if dates else None
            places = context.mentions_in(sentence.start, sentence.end, "place")
            place = min(places, key=lambda m: _distance(m.start - sentence.start, m.end - sentence.start,
                                                        at, end)) if places else None
            claims.append(Claim("event", sentence.start, sentence.end, body, witness=context.witness,
                                event_type=kind, subject=subject,
                                date=date.edtf if date else None,
                                place=place.text if place else None,
                                confidence=confidence, found_by=f"lexicon:{kind}"))
    return claims


def _triggers(body: str, language: str) -> list[tuple[str, int, int]]:
    found = []
    for kind, pattern in _EN_RE.items():
        for match in pattern.finditer(body):
            found.append((kind, match.start(), match.end()))
    if language == "ru" or re.search(r"[а-яё]", body, re.IGNORECASE):
        # a word counts if any of its readings is in the lexicon: pymorphy3's first guess for
        # "лагере" is the rare "лагер"
        lemmas = [(next((f for f in all_lemmas(m.group(0)) if f in _RU_LEMMAS), lemma(m.group(0))),
                   m.start(), m.end()) for m in WORD.finditer(body)]
        near = {form for form, _, _ in lemmas}
        for form, start, end in lemmas:
            kind = _RU_LEMMAS.get(form)
            if kind is None:
                continue
            needs = _RU_NEEDS.get(form)
            if needs and not any(n in near or n in body.lower() for n in needs):
                continue
            found.append((kind, start, end))
    return sorted(found, key=lambda item: item[1])


def _subject(context: DocumentContext, start: int, end: int, trigger: int) -> tuple[Actor | None, float]:
    persons = context.persons_in(start, end)
    before = [m for m in persons if m.start < trigger]
    if before:
        return context.actor(before[-1]), 0.8
    head = context.text[start:trigger]
    third = _last(_PRONOUN, head)
    first = _last(_FIRST_PERSON, head)
    if first is not None and (third is None or first.start() > third.start()) and context.witness \
            and len(head) - first.end() <= 30 and not re.search(r"[,;:]", head[first.end():]):
        return context.witness, 0.6  # "I was sent to the camp", "меня арестовали": the writer
    if third is not None:  # "he was arrested with Ivanov": the pronoun is the subject, the name an object
        return context.salient_person(start, gender=pronoun_gender(third.group(0))), 0.5
    if persons:
        return context.actor(persons[0]), 0.6
    pronoun = _PRONOUN.search(context.text[trigger:end])
    if pronoun:
        return context.salient_person(start, gender=pronoun_gender(pronoun.group(0))), 0.5
    return None, 0.0


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 (the last match is what is wanted)
        pass
    return found


def _year(context: DocumentContext) -> int | None:
    date = context.document.date
    if date and date.edtf and date.edtf[:4].isdigit():
        return int(date.edtf[:4])
    return None


def _in_title(context: DocumentContext, offset: int) -> bool:
    """A trigger inside the title of a work ("I Chose Freedom", «Побег») states no event."""
    return any(m.start <= offset < m.end for m in context.mentions if m.entity_type == "work")


def _distance(start: int, end: int, trigger_start: int, trigger_end: int) -> int:
    """Characters between a span and the trigger; a span after the trigger is a little nearer,
    as English and Russian put the date and place after the verb ("arrested in 1937 in Kiev")."""
    if start >= trigger_end:
        return start - trigger_end
    return (trigger_start - end) * 2 if end <= trigger_start else 0
