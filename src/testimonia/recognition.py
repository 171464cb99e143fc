"""Recognise and link mentions in stored sources: the stage between the store and the register.

It reads each document, each footnote with the document its marker stands in, and the text
outside the documents (title, credits, headings; see `pieces_of`). It runs the chosen
recognisers (register, model, rules) over each, adds the persons the front matter credits and
the words that footnotes about a person annotate, settles the types of names over the whole
source (`recognise.consistency`: one writer means one thing by one name), drops what the
edition's own markup already covers, and links the rest to the register with the document's
context (its sender and addressees, its fuller mentions, what earlier documents of the same
source were linked to), proposes new entries for names the register lacks, and hands the
result to the store, which keeps every editor's decision.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from testimonia.link import LinkContext, LinkDecision, RegisterIndex, link_mentions
from testimonia.model import Document, Entity, Mention, Source
from testimonia.names import match_key
from testimonia.recognise import recognise_many
from testimonia.recognise.consistency import settle_types
from testimonia.recognise.gazetteer import Gazetteer
from testimonia.store import Store


@dataclass
class RecognitionSummary:
    sources: int = 0
    documents: int = 0
    words: int = 0
    mentions: int = 0
    linked: int = 0
    ambiguous: int = 0
    proposed: int = 0
    new_entities: int = 0
    seconds: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)


def recognise_sources(store: Store, source_ids: Iterable[str] | None,
                      backends: tuple[str, ...],
                      on_source: Callable[[str, int], None] | None = None) -> RecognitionSummary:
    began = time.perf_counter()
    entities = list(store.entities())
    gazetteer = Gazetteer(entities) if "register" in backends and entities else None
    index = RegisterIndex(entities)
    proposed: dict[str, str] = {}  # key of a proposed name -> the new entry's id
    wanted = set(source_ids) if source_ids is not None else None
    summary = RecognitionSummary()
    rows = [row for row in store.sources() if wanted is None or row.id in wanted]
    for source, pieces, found_in_pieces in _recognised_in_batches(store, rows, gazetteer, backends):
        row_id = source.id or ""
        markup = sorted((m.start, m.end) for m in source.mentions if m.method == "markup")
        found: list[Mention] = []
        prior: list[LinkDecision] = []
        recognised: list[Mention] = []
        for (document, start, end), mentions in zip(pieces, found_in_pieces, strict=True):
            for mention in mentions:
                mention.start += start
                mention.end += start
            recognised += mentions
            if document is not None and (document.start, document.end) == (start, end):
                summary.documents += 1
                summary.words += len(source.text[start:end].split())
        # one writer means one thing by one name throughout a source: the title, the credits and the
        # notes are settled together with the documents
        if "rules" in backends:
            recognised = persons_from_notes(source, recognised + _credited(source, recognised))
        recognised = settle_types(source.text, recognised, add="rules" in backends)
        covered = _Spans(markup)
        recognised = sorted((m for m in recognised if not covered.overlaps(m.start, m.end)),
                            key=lambda m: (m.start, m.end))
        starts = [m.start for m in recognised]
        for document, start, end in pieces:
            mentions = recognised[bisect_left(starts, start):bisect_left(starts, end)]
            for mention in mentions:
                mention.document_id = document.id if document else None
            context = LinkContext(list(document.authors) if document else [],
                                  list(document.addressees) if document else [], mentions, prior)
            decisions = link_mentions(mentions, index, context)
            for decision in decisions:
                _apply(decision, store, index, proposed, summary)
            prior.extend(decisions)
            found.extend(mentions)
        store.replace_recognised_mentions(row_id, found)
        summary.sources += 1
        summary.mentions += len(found)
        if on_source:
            on_source(row_id, len(found))
    summary.seconds = time.perf_counter() - began
    return summary


# The models run over many sources' pieces at once (spaCy's pipe, natasha's batches): one piece
# at a time, a short letter fills a batch alone and the model runs at a fraction of its speed.
BATCH_SOURCES = 64
BATCH_CHARS = 2_000_000


def _recognised_in_batches(store: Store, rows: list, gazetteer: Gazetteer | None,
                           backends: tuple[str, ...]) -> Iterator[tuple[Source, list, list[list[Mention]]]]:
    """Each source, its pieces and the mentions found in each piece (offsets within the piece)."""
    batch: list[tuple[Source, list[tuple[Document | None, int, int]]]] = []
    chars = 0
    for index, row in enumerate(rows):
        source = store.source(row.id)
        batch.append((source, pieces_of(source)))
        chars += len(source.text)
        if len(batch) < BATCH_SOURCES and chars < BATCH_CHARS and index + 1 < len(rows):
            continue
        texts = [source.text[start:end] for source, pieces in batch for _, start, end in pieces]
        languages = [document.language if document else None
                     for _, pieces in batch for document, _, _ in pieces]
        found = recognise_many(texts, gazetteer=gazetteer, backends=backends, languages=languages)
        position = 0
        for source, pieces in batch:
            yield source, pieces, found[position:position + len(pieces)]
            position += len(pieces)
        batch, chars = [], 0


def pieces_of(source: Source) -> list[tuple[Document | None, int, int]]:
    """The stretches of a source that recognition reads, in order, each with the document it belongs to.

    Every document; each note, with the document its marker stands in (so that "Serge's young
    daughter" is read beside the letter Serge wrote), right after that document; and whatever
    text lies outside them (the title, the credits, a heading), with no document. A source
    without documents is read whole.
    """
    documents = sorted((d for d in source.documents if d.end > d.start), key=lambda d: d.start)
    if not documents:
        return [(None, 0, len(source.text))] if source.text.strip() else []
    notes: dict[int, list[tuple[Document | None, int, int]]] = {}
    loose: list[tuple[Document | None, int, int]] = []
    for note in source.notes:
        if note.start is None or note.end is None or note.end <= note.start:
            continue
        owner = next((d for d in documents if note.anchor_start is not None
                      and d.start <= note.anchor_start < d.end), None)
        if owner is None:
            loose.append((None, note.start, note.end))
        else:
            notes.setdefault(id(owner), []).append((owner, note.start, note.end))
    read = [(d, d.start, d.end) for d in documents] + [p for ps in notes.values() for p in ps] + loose
    covered = sorted((start, end) for _, start, end in read)
    gaps: list[tuple[Document | None, int, int]] = []
    position = 0
    for start, end in [*covered, (len(source.text), len(source.text))]:
        if start > position and source.text[position:start].strip():
            gaps.append((None, position, start))
        position = max(position, end)
    out: list[tuple[Document | None, int, int]] = []
    for document in documents:
        out += [g for g in gaps if g[1] < document.start and g not in out]
        out.append((document, document.start, document.end))
        out += sorted(notes.get(id(document), []), key=lambda p: p[1])
    out += [g for g in gaps if g not in out] + loose
    return out


CREDIT_METHOD = "rule:credit"
CREDIT_CONFIDENCE = 0.8


def _credited(source: Source, found: list[Mention]) -> list[Mention]:
    """Person mentions for the translators, annotators and transcribers the front matter credits,
    where their names stand in the text and nothing else marked them there ("Transcribed by Einde
    O'Callaghan"): the reader of the front matter has already said these are people."""
    first = min((d.start for d in source.documents), default=len(source.text))
    taken = [(m.start, m.end) for m in found]
    out: list[Mention] = []
    for name in dict.fromkeys(c.name for c in source.front.credits if c.name and c.name.strip()):
        at = source.text.find(name, 0, first)
        if at < 0 or any(s < at + len(name) and at < e for s, e in taken):
            continue
        out.append(Mention(at, at + len(name), name, "person", method=CREDIT_METHOD,
                           confidence=CREDIT_CONFIDENCE))
        taken.append((at, at + len(name)))
    return out


NOTE_METHOD = "rule:note"
NOTE_CONFIDENCE = 0.7
# A footnote that opens by saying what someone is ("Serge's young daughter.", "Austrian émigré
# doctor.", "Poet, author of ...", "Дочь Раковского.") annotates a person. A small lexicon of
# nouns for people, English and Russian; a note that opens otherwise says nothing here.
_PERSON_NOUNS = (
    "daughter|son|wife|husband|widow|widower|mother|father|sister|brother|stepdaughter|stepson|niece|"
    "nephew|cousin|grandson|granddaughter|friend|companion|secretary|poet|poetess|writer|novelist|"
    "journalist|historian|doctor|physician|lawyer|painter|composer|actor|actress|critic|translator|"
    "revolutionary|oppositionist|bolshevik|menshevik|anarchist|official|officer|general|leader|editor|"
    "дочь|сын|жена|муж|вдова|мать|отец|сестра|брат|племянница|племянник|друг|подруга|секретарь|поэт|"
    "поэтесса|писатель|писательница|журналист|историк|врач|адвокат|художник|композитор|актёр|актриса|"
    "критик|переводчик|революционер|оппозиционер|большевик|меньшевик|анархист|редактор"
)
_NOTE_ABOUT_PERSON = re.compile(
    rf"^(?:[^\W\d_][\w’'-]*[ ,]+){{0,4}}?(?:{_PERSON_NOUNS})\b", re.IGNORECASE)
_WORD_BEFORE_MARKER = re.compile(r"([^\W\d_][\w’'-]*)\s*$")


def persons_from_notes(source: Source, found: list[Mention]) -> list[Mention]:
    """The word a footnote about a person annotates is that person: a model's organisation or
    place there is retyped, and a word nothing marked is added (method "rule:note")."""
    out = list(found)
    for note in source.notes:
        if note.anchor_start is None or not _NOTE_ABOUT_PERSON.match(note.text.strip()):
            continue
        word = _WORD_BEFORE_MARKER.search(source.text, max(0, note.anchor_start - 60), note.anchor_start)
        if word is None or not word.group(1)[:1].isupper():
            continue
        start, end = word.span(1)
        covering = [m for m in out if m.start <= start and end <= m.end]
        if covering:
            if all(m.method in ("register", "markup") for m in covering):
                continue  # the register knows what the name is
            for m in covering:
                if m.entity_type in ("place", "organisation") and m.end - m.start == end - start:
                    m.entity_type = "person"
            continue
        if not any(m.start < end and start < m.end for m in out):
            out.append(Mention(start, end, word.group(1), "person", method=NOTE_METHOD,
                               confidence=NOTE_CONFIDENCE))
    return out


class _Spans:
    """Sorted (start, end) spans that answer "does anything overlap [start, end)?" in log time:
    an edition marks thousands of names, and a source's mentions are checked against all of them."""

    def __init__(self, spans: list[tuple[int, int]]):
        self._starts = [s for s, _ in spans]
        self._reach: list[int] = []  # the furthest end among the spans up to each one
        furthest = -1
        for _, end in spans:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        before_end = bisect_left(self._starts, end)  # the spans that start before `end`
        return before_end > 0 and self._reach[before_end - 1] > start


def _apply(decision: LinkDecision, store: Store, index: RegisterIndex, proposed: dict[str, str],
           summary: RecognitionSummary) -> None:
    mention = decision.mention
    mention.reason = decision.reason
    mention.candidates = list(decision.candidates)
    summary.statuses[decision.status] = summary.statuses.get(decision.status, 0) + 1
    if decision.status == "linked" and decision.entity_id:
        mention.entity_id, mention.status = decision.entity_id, "linked"
        summary.linked += 1
    elif decision.status == "ambiguous":
        mention.entity_id, mention.status = None, "ambiguous"
        summary.ambiguous += 1
    else:
        # A name the register lacks becomes a proposed entry, one per name across the run, so
        # that the editor confirms or merges it rather than finding the mention unlinked.
        name = decision.proposed_name or mention.text
        key = f"proposed:{mention.entity_type}:{match_key(name) or name.casefold()}"
        entity_id = proposed.get(key) or store.entity_for_key(key)
        if entity_id is None:
            entity = Entity(mention.entity_type, name, status="proposed")
            entity_id = store.add_entity(entity, key=key)
            entity.id = entity_id
            index.add(entity)
            summary.new_entities += 1
        proposed[key] = entity_id
        mention.entity_id, mention.status = entity_id, "proposed"
        summary.proposed += 1
