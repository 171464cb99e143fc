"""Common grams: word pairs that make phrases of very common words cheap (as Lucene's CommonGrams).

A phrase such as "the of" or "и в" matches documents that hold both words, which at a million
documents is most of them, and checking where each word stands in each of them cost up to 20 ms.
So, besides its words, each document is indexed under every pair of adjacent words of which at
least one is common ("the_war", "of_the"); a phrase whose pairs are all such pairs is answered
from the pair field, whose postings are only the documents where the pair really occurs.

The common words are the Snowball project's stop words of each stemmer's language (the list
tantivy's own stop-word filter uses; a test checks that it does): the function words that make up
a third to a half of any text, whichever the corpus. A list taken from one corpus's frequencies
would have to be rebuilt with it and would change the index whenever the archive grew. Pairs are
made of stems, as the text field holds them, so "was the" and "were the" are different pairs.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections.abc import Sequence

from testimonia.search.analysis import stems

PAIR_JOINER = "_"  # never inside a stem: the tokenizer keeps alphanumeric runs only

# snowballstem.org/algorithms/english/stop.txt with "will" (the one word of Lucene's English
# stop list, which tantivy's filter uses, that it lacks), less the contractions (the tokenizer splits
# "don't" into "don" and "t", and "t", "s", "d", "ll", "ve", "re" are not words to pair on).
ENGLISH = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that
these those am is are was were be been being have has had having do does did doing would should
could ought cannot a an the and but if or because as until while of at by for with about against
between into through during before after above below to from up down in out on off over under
again further then once here there when where why how all any both each few more most other some
such no nor not only own same so than too very will
"""

# snowballstem.org/algorithms/russian/stop.txt
RUSSIAN = """
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне
было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до
вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя
их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого
какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда
можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много
разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более
всегда конечно всю между
"""

COMMON_WORDS: dict[str, tuple[str, ...]] = {"en": tuple(ENGLISH.split()), "ru": tuple(RUSSIAN.split())}


@functools.cache
def common_stems(language: str) -> frozenset[str]:
    """The common words of a language as the index holds them: stemmed."""
    return frozenset(stem for word in COMMON_WORDS[language] for stem in stems(word, language))


def fingerprint() -> str:
    """Changes whenever the lists (or the stemmer's output for them) change: the index must follow."""
    text = "|".join(f"{lang}:{' '.join(sorted(common_stems(lang)))}" for lang in sorted(COMMON_WORDS))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def common_pairs(words: Sequence[str], language: str) -> list[str]:
    """Each adjacent pair of stems with a common word in it, in order ("the_war", "of_the")."""
    common = common_stems(language)
    return [f"{a}{PAIR_JOINER}{b}" for a, b in itertools.pairwise(words) if a in common or b in common]
