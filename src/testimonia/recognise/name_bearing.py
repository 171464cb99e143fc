"""Which parts of a text can hold a name, so that a statistical model reads only those.

The English model is most of the cost of recognition, and what it finds starts with a capital
letter or is made of initials. A sentence (or a line: letters and journals are often transcribed
line by line) whose only capitals are a sentence-initial function word ("The", "But") or the
pronoun "I" gives it nothing to find; in letters and journals that is about two fifths of the
text. Such sentences are skipped, and the rest is read in runs of consecutive sentences, so the
model keeps its context inside each run.

The test is deliberately loose in the other direction: any other capitalised word, an
abbreviation or an initial ("A.", "Mr.", "R.I.C.") keeps the sentence, and a text with no capital
letters at all (a lower-cased transcription) is read whole, since it carries no such cue.
"""

from __future__ import annotations

import re
import warnings

with warnings.catch_warnings():
    # spaCy 3.8 imports a click helper that click 8.2 marks deprecated
    warnings.simplefilter("ignore", DeprecationWarning)
    from spacy.lang.en.stop_words import STOP_WORDS

from testimonia.recognise.base import strip_whitespace

# a sentence runs to its closing punctuation (with any closing quotes or brackets) or to a line end
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+[\"'”’»)\]]*|\n+|$)")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_FUNCTION_WORDS = frozenset(STOP_WORDS)
_PRONOUN_I = frozenset({"I", "I'm", "I’m", "I'd", "I’d", "I'll", "I’ll", "I've", "I’ve"})


def _may_hold_a_name(sentence: str) -> bool:
    first = True
    for match in _WORD.finditer(sentence):
        word = match.group()
        if word[0].isupper():
            if len(word) <= 3 and sentence[match.end():match.end() + 1] == ".":
                return True  # an initial or an abbreviation: "A. Valpy", "Mr.", "R.I.C."
            if word not in _PRONOUN_I and not (first and word.lower() in _FUNCTION_WORDS):
                return True
        first = False
    return False


def name_bearing_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The runs of text[start:end] a model should read, as (start, end) offsets into `text`, in order.

    Whitespace between two kept sentences stays inside the run; a skipped sentence ends it."""
    piece = text[start:end]
    if piece == piece.lower():  # no capitals to go by (or a script without case): read it all
        return [(start, end)] if piece.strip() else []
    runs: list[tuple[int, int]] = []
    run_start: int | None = None
    run_end = start
    for match in _SENTENCE.finditer(text, start, end):
        sentence = match.group()
        if not sentence:
            continue
        if not sentence.strip():
            if run_start is not None:
                run_end = match.end()
            continue
        if _may_hold_a_name(sentence):
            if run_start is None:
                run_start = match.start()
            run_end = match.end()
        elif run_start is not None:
            runs.append((run_start, run_end))
            run_start = None
    if run_start is not None:
        runs.append((run_start, run_end))
    return [(s, e) for s, e in (strip_whitespace(text, *run) for run in runs) if s < e]
