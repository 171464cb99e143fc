"""Quotations: words in quotation marks, block quotes and epigraphs, with who said them.

Marks of every tradition are read: "straight", “English”, «guillemets» and „German/Russian“
(with ” or “ to close). A quotation must hold three words or more, end in ! or ?, or be
introduced by an attribution cue; shorter quoted phrases are titles or scare quotes.

The speaker comes from the cue ("in the words of X", "as X wrote", "X states", "по словам X",
"— сказал X", '"…," said X'); a pronoun cue ("she said") means the person the passage is about;
without any cue, the subject of the sentence that holds the quotation, with a lower confidence.
A footnote marker right after the closing mark gives the cited work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from testimonia.claims.context import DocumentContext, Span
from testimonia.claims.model import Actor, Claim

_OPENERS = {"“": "”“", '"': '"', "«": "»", "„": "“”", "”": "”“"}
_QUOTE_CHARS = set("“”\"«»„")

_NAME = r"([A-ZА-ЯЁ][\w’'.-]*(?:\s+[A-ZА-ЯЁ][\w’'.-]*){0,3})"
_VERB_EN = (r"(?:says|said|states|stated|writes|wrote|declares|declared|notes|noted|remarks|remarked|"
            r"recalls|recalled|laments|lamented|observes|observed|insists|insisted|adds|added|"
            r"tells|told|asks|asked|exclaimed|exclaims|puts it|put it|argues|argued|claims|claimed|"
            r"explains|explained|replied|replies|answered|cried|whispered)")
_VERB_RU = (r"(?:сказал[аи]?|говорит|говорил[аи]?|пишет|писал[аи]?|написал[аи]?|заявил[аи]?|"
            r"утверждает|утверждал[аи]?|вспоминает|вспоминал[аи]?|отмечает|отмечал[аи]?|"
            r"замечает|заметил[аи]?|спросил[аи]?|ответил[аи]?|воскликнул[аи]?|добавил[аи]?|"
            r"признавал[аи]?|признаётся|признается)")
# Cues that stand before the quotation, nearest to it; group "name" holds the speaker.
_BEFORE = [
    re.compile(r"(?i:in the words of|according to|to quote|quoting)\s+(?:the\s+(?:[A-Za-z]+\s+){1,3}?)?"
               rf"(?P<name>{_NAME[1:-1]})[\s,:]*$"),
    re.compile(rf"\b[Aa]s\s+(?P<name>{_NAME[1:-1]})\s+(?:{_VERB_EN[3:-1]})(?:\s+it)?"
               r"(?:\s+[\w’']+){0,5}?[\s,:]*$"),
    re.compile(rf"(?P<name>{_NAME[1:-1]}),?\s+(?:who\s+)?(?:{_VERB_EN[3:-1]})(?:\s+that)?[\s,:]*$"),
    re.compile(rf"\b(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey)\s+(?:{_VERB_EN[3:-1]})(?:\s+that)?[\s,:]*$"),
    re.compile(r"(?:[Пп]о словам|[Пп]о выражению|[Кк]ак (?:писал[аи]?|говорил[аи]?|сказал[аи]?|пишет|"
               rf"говорит))\s+(?P<name>{_NAME[1:-1]})[\s,:—–-]*$"),
    re.compile(rf"(?P<name>{_NAME[1:-1]}),?\s+(?:котор\w+\s+)?(?:{_VERB_RU[3:-1]})(?:,?\s+что)?[\s,:—–-]*$"),
    re.compile(rf"(?P<name>{_NAME[1:-1]}):\s*$"),
    # the cue may stand earlier in the sentence: "that they have in the words of X become a “…”"
    re.compile(r"(?i:in the words of|according to|по словам)\s+(?:the\s+(?:[A-Za-z]+\s+){1,3}?)?"
               rf"(?P<name>{_NAME[1:-1]})"),
]
# Cues that follow the closing mark: '," said N.' / ', — сказал Иванов' / '," she said'.
_AFTER = [
    re.compile(rf"^[,.!?]?\s*[—–-]?\s*(?:{_VERB_EN[3:-1]}|{_VERB_RU[3:-1]})\s+(?P<name>{_NAME[1:-1]})"),
    re.compile(rf"^[,.!?]?\s*[—–-]?\s*(?P<pronoun>he|she|they|он|она|они)\s+(?:{_VERB_EN[3:-1]}|{_VERB_RU[3:-1]})"),
    re.compile(rf"^[,.!?]?\s*[—–-]?\s*(?P<name>{_NAME[1:-1]})\s+(?:{_VERB_EN[3:-1]}|{_VERB_RU[3:-1]})\b"),
]
_WORD = re.compile(r"\w+")
_NOT_A_NAME = {"the", "this", "that", "it", "and", "but", "as", "i", "we", "you", "он", "она", "я", "мы"}


@dataclass
class QuotedSpan:
    start: int  # at the opening mark
    end: int  # after the closing mark (or the paragraph's end when never closed)
    inner_start: int
    inner_end: int
    closed: bool


def find_quotations(context: DocumentContext) -> list[Claim]:
    """Every quotation of the document: epigraphs, block quotes and quoted words in the text."""
    claims = _epigraphs(context)
    taken = [(c.start, c.end) for c in claims]
    for paragraph in context.paragraphs:
        if any(s <= paragraph.start < e for s, e in taken):
            continue
        for span in _quoted_spans(context.text, paragraph):
            claim = _quotation(context, span, paragraph)
            if claim is not None:
                claims.append(claim)
    claims.extend(_block_quotes(context, taken))
    return sorted(claims, key=lambda c: c.start)


def _epigraphs(context: DocumentContext) -> list[Claim]:
    claims = []
    for epigraph in context.document.epigraphs:
        speaker = None
        if epigraph.attribution:
            name = epigraph.attribution.strip().lstrip("—–- ").strip()
            mentions = context.persons_in(epigraph.attribution_start or epigraph.start,
                                          (epigraph.attribution_end or epigraph.end) + 1)
            speaker = context.actor(mentions[0]) if mentions else Actor(name, context.entity_for(name))
        text = epigraph.text.strip().strip("“”\"«»„")
        claims.append(Claim("quotation", epigraph.start, epigraph.end, text, speaker=speaker,
                            witness=context.witness, confidence=0.95 if speaker else 0.7,
                            found_by="epigraph"))
    return claims


def _block_quotes(context: DocumentContext, taken: list[tuple[int, int]]) -> list[Claim]:
    """A paragraph that is all quotation, or a Markdown "> " block, followed by a name line."""
    claims = []
    paragraphs = context.paragraphs
    for index, paragraph in enumerate(paragraphs[:-1]):
        body = context.text[paragraph.start:paragraph.end]
        following = paragraphs[index + 1]
        line = context.text[following.start:following.end].strip().lstrip("—–- ").strip()
        is_block = body.startswith(">") or (body[:1] in _QUOTE_CHARS and body.rstrip()[-1:] in _QUOTE_CHARS)
        if not is_block or not _is_name_line(line) or any(s <= paragraph.start < e for s, e in taken):
            continue
        mentions = context.persons_in(following.start, following.end)
        speaker = context.actor(mentions[0]) if mentions else Actor(line, context.entity_for(line))
        text = re.sub(r"^>\s?", "", body, flags=re.MULTILINE).strip().strip("“”\"«»„")
        claims.append(Claim("quotation", paragraph.start, following.end, text, speaker=speaker,
                            witness=context.witness, confidence=0.85, found_by="block_quote"))
    return claims


def _is_name_line(line: str) -> bool:
    words = line.split()
    return (1 <= len(words) <= 5 and all(w[:1].isupper() for w in words if w.isalpha() and len(w) > 3) \
        and words[0][:1].isupper() and not line.endswith((".", "?", "!"))) or bool(
            re.fullmatch(r"(?:[A-ZА-ЯЁ][\w’'-]+\s){1,3}[A-ZА-ЯЁ][\w’'-]+\.?", line))


def _quoted_spans(text: str, paragraph: Span) -> list[QuotedSpan]:
    spans: list[QuotedSpan] = []
    opener: str | None = None
    open_at = 0
    depth = 0
    for i in range(paragraph.start, paragraph.end):
        char = text[i]
        if char not in _QUOTE_CHARS:
            continue
        before = text[i - 1] if i > paragraph.start else " "
        after = text[i + 1] if i + 1 < paragraph.end else " "
        if opener is None:
            if (char in _OPENERS and (before.isspace() or before in "([—–-:") and not after.isspace()) \
                    or char in "«„" or (char in "“\"”" and before.isspace() and after.isspace()):
                opener, open_at, depth = char, i, 0
            continue
        if opener == "«" and char == "«":
            depth += 1
            continue
        if char in _OPENERS[opener] and not after.isalnum():
            if depth:
                depth -= 1
                continue
            spans.append(QuotedSpan(open_at, i + 1, open_at + 1, i, True))
            opener = None
    if opener is not None:
        spans.append(QuotedSpan(open_at, paragraph.end, open_at + 1, paragraph.end, False))
    return spans


def _quotation(context: DocumentContext, span: QuotedSpan, paragraph: Span) -> Claim | None:
    text = context.text
    inner = text[span.inner_start:span.inner_end].strip().strip("‘’")
    words = _WORD.findall(inner)
    lead = text[max(paragraph.start, context.sentence_at(span.start).start, span.start - 200):span.start]
    tail = text[span.end:min(paragraph.end, span.end + 80)]
    speaker, confidence, cue = _speaker_before(context, lead, span.start)
    if speaker is None:
        speaker, confidence, cue = _speaker_after(context, tail, span.end, span.start)
    if not span.closed and cue is None:
        return None  # an unclosed mark is a quotation only when a cue introduces it
    if not words or (len(words) < 3 and not inner.rstrip().endswith(("!", "?")) and cue is None):
        return None
    if speaker is None:
        speaker, confidence = _sentence_subject(context, span.start)
    return Claim("quotation", span.start, span.end, inner, speaker=speaker, witness=context.witness,
                 cited_work=_cited_work(context, *((span.end, span.end + 4) if span.closed
                                                    else (span.inner_end - 10, span.inner_end))),
                 confidence=confidence,
                 found_by=f"cue:{cue}" if cue else "marks")


def _speaker_before(context: DocumentContext, lead: str, at: int) -> tuple[Actor | None, float, str | None]:
    for number, pattern in enumerate(_BEFORE):
        match = pattern.search(lead)
        if not match:
            continue
        if "pronoun" in match.groupdict() and match.group("pronoun"):
            return context.salient_person(at), 0.6, "pronoun"
        name = match.group("name").strip()
        if name.lower().split()[0] in _NOT_A_NAME:
            continue
        begin = at - len(lead) + match.start("name")
        return _actor_at(context, name, begin, begin + len(name)), 0.9, f"before{number}"
    return None, 0.0, None


def _speaker_after(context: DocumentContext, tail: str, end: int,
                   start: int) -> tuple[Actor | None, float, str | None]:
    for number, pattern in enumerate(_AFTER):
        match = pattern.search(tail)
        if not match:
            continue
        if "pronoun" in match.groupdict() and match.group("pronoun"):
            return context.salient_person(start), 0.6, "pronoun"
        name = match.group("name").strip()
        if name.lower().split()[0] in _NOT_A_NAME:
            continue
        begin = end + match.start("name")
        return _actor_at(context, name, begin, begin + len(name)), 0.9, f"after{number}"
    return None, 0.0, None


def _actor_at(context: DocumentContext, name: str, start: int, end: int) -> Actor:
    name = name.rstrip(" ,")
    # a mention counts only if it holds the cue's last word (the surname): recognition that took
    # "Ilya" out of "Ilya Gorin" must not make the speaker "Ilya"
    surname_at = start + len(name) - len(name.split()[-1])
    mentions = [m for m in context.persons_in(start - 1, end + 1) if m.start <= surname_at < m.end]
    if mentions:
        return context.actor(mentions[0])
    return Actor(name, context.entity_for(name))


def _sentence_subject(context: DocumentContext, at: int) -> tuple[Actor | None, float]:
    sentence = context.sentence_at(at)
    persons = context.persons_in(sentence.start, at)
    if persons and persons[0].start - sentence.start < 12:
        return context.actor(persons[0]), 0.5
    return None, 0.0


def _cited_work(context: DocumentContext, low: int, high: int) -> str | None:
    """The text of a footnote whose marker stands at the quotation's close (low..high)."""
    for note in context.notes:
        if note.anchor_start is not None and low <= note.anchor_start <= high and note.text.strip():
            return note.text.strip()
    return None
