"""Hand-written rules for what the statistical models miss, and a filter for what they get wrong.

Every rule is a regular expression compiled once at import and run once over the text (linear),
with a few set look-ups on what it matched; nothing here runs a model. Each rule says WHY it
exists. They are written from how names are written in letters, diaries and memoirs in general
(initials for people the writer knows, titles and ranks, titles of books in quotes) and are not
fitted to any one text.

Rules (method "rule:<name>"):
  initials_surname   "L. D. Trotsky", "J.J. Plant", "Vadim Z. Rogovin", "Л. Д. Троцкий"
  surname_initials   "Троцкий Л. Д.", "Andrewes, E.A."
  initials           "L.D.", "Л.Д." standing alone
  speech_initial     "said N.", "сказала Н."
  subject_initial    "N. was stretched out", "Н. сказал" (a lone initial opening a sentence, a verb after)
  epithet_initial    "the great R.", "poor N.", "покойный Н."
  title_name         "Comrade X", "Dr. X", "Professor X", "товарищ X", "академика X" (the name only)
  quoted_work        a capitalised title in quotes after "book", "poem", "журнал", "газета", ...
  quoted_org         «...» after "издательство", "завод", "колхоз", ...
  italic_work        an italic span after such a word, or a title-shaped italic span no model tagged
The filter (`filter_mentions`) is applied to every backend's output.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from testimonia.model import Mention
from testimonia.names import is_known_given_name, surname_gender
from testimonia.recognise.base import ABBREVIATIONS, LETTER, LOWER, UPPER, make_mention


def _words(s: str) -> list[str]:
    return s.split()


# --- building blocks -------------------------------------------------------------------------

SP = r"[ \t\u00a0]+"  # spaces within a line: a name never runs across a line break here
SP0 = r"[ \t\u00a0]*"
INIT = rf"{UPPER}\."
# An initial that does not follow a letter or a full stop. The look-behind comes after the first
# letter, not before it, so that `re` can skip ahead to the next capital letter (3-4x faster).
INIT_B = rf"{UPPER}(?<![\w.]{UPPER})\."
INITS = rf"{INIT}(?:{SP0}{INIT}){{0,2}}"
TWO_INITS = rf"{INIT}{SP0}{INIT}(?:{SP0}{INIT})?"
# A capitalised word of two or more letters; "O’Callaghan", "Jean-Paul", "Rimsky-Korsakov" are one
# word, but "Trotsky’s" ends before the possessive.
NAME_WORD = rf"{UPPER}{LETTER}+(?:-{LETTER}+|['’](?![sS]\b){LETTER}+)*"
NAME_WORD_B = rf"{UPPER}(?<![\w.]{UPPER}){LETTER}+(?:-{LETTER}+|['’](?![sS]\b){LETTER}+)*"
PARTICLE = r"(?:de|da|di|du|des|del|della|von|van|der|den|ten|ter|la|le|al|el|ibn|bin)"
FULL_NAME = rf"{NAME_WORD}(?:{SP}(?:{PARTICLE}{SP})?{NAME_WORD}){{0,2}}"

_NAME_WORD_AT = re.compile(rf"{SP0}({NAME_WORD})")
_INITIAL_AT = re.compile(rf"{SP0}{INIT}")

# Capitalised words that open sentences but are no names: a following word is not a surname, a
# preceding one not a first name, and a one-word person mention that is one of these is dropped.
COMMON_WORDS = frozenset(
    _words("""
    A An The This That These Those Then There Here Now He She It We They I You Me Him Us Them His
    Her Hers Its Our Ours Their Theirs My Mine Your Yours In On At Of For From To With Without By
    Into Onto Upon About Above Below Over Under After Before During Since Until Till And But Or Nor
    So Yet If When While Whilst As Although Though Because Not No Yes All Some Any One Every Each
    Both Either Neither Such What Who Whom Whose Which Where Why How Dear Sir Madam Miss Mr Mrs Ms
    Dr Sincerely Faithfully Truly Also Only Just Even Still Perhaps Indeed Oh Ah Alas Well Thank
    Thanks Please Yesterday Today Tomorrow Tonight Later Soon Never Always Often Again Once Twice
    Many Much More Most Few Less Least Other Another Same Very Too Let Do Does Did Is Was Are Were
    Be Been Have Has Had Will Would Shall Should Can Could May Might Must
    И В Во На Но А Он Она Оно Они Мы Вы Я Ты Это Этот Эта Эти Тот Та То Те Там Тут Здесь Когда Если
    Потом Затем Так Как Что Кто Где Куда Откуда Почему Зачем Не Ни По С Со К Ко У О Об От До Из За
    Под Над При Для Без Через Его Её Ее Их Ему Ей Им Мой Моя Моё Мое Мои Наш Наша Наши Ваш Ваша
    Ваши Твой Твоя Твоё Твое Твои Свой Своя Все Всё Весь Вся Уважаемый Уважаемая Дорогой Дорогая
    Дорогие Милый Милая Да Нет Ну Вот
    Уже Ещё Еще Тоже Также Только Даже Вчера Сегодня Завтра Теперь Тогда Сейчас Или Либо Же Бы
    Ли Тов Г Гр
    """)
)


def _inits_key(s: str) -> str:
    return "".join(ch for ch in s if ch.isalpha())


def _trie(words: Iterable[str]) -> str:
    """A regex matching any of `words`, factored by common prefixes.

    Python's `re` tries the branches of an alternation one by one at every position, so a plain
    "a|b|c..." of a hundred inflected forms costs a hundred tries per character; the prefix tree
    costs a handful. Optional tails are greedy, so the longest form is tried first.
    """
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})?"
        return body

    return "(?:" + emit(tree) + ")"


def _alternatives(words: Iterable[str], ci: bool = True, boundary: bool = False) -> str:
    """A regex for any of `words`; `ci`: their first letter in either case ("[Cc]omrade").

    `boundary`: the word must not follow a letter or digit. The pattern then opens with one class
    of all possible first letters, so that `re` can jump from candidate to candidate, and checks
    the boundary and the rest of the word behind and after that letter (twice as fast as `\\b`
    followed by the alternation).
    """
    by_first: dict[str, set[str]] = {}
    for w in set(words):
        first = w[0]
        firsts = first.lower() + first.upper() if ci and first.lower() != first.upper() else first
        by_first.setdefault("".join(sorted(set(firsts))), set()).add(w[1:])
    parts = []
    for firsts, rests in sorted(by_first.items()):
        cls = "[" + "".join(re.escape(c) for c in firsts) + "]"
        tails = {r for r in rests if r}
        tail = _trie(tails) if tails else ""
        if tail and "" in rests:
            tail += "?"
        parts.append((cls, tail))
    if not boundary:
        return "(?:" + "|".join(cls + tail for cls, tail in parts) + ")"
    every = "".join(sorted({re.escape(c) for cls, _ in parts for c in cls[1:-1].replace("\\", "")}))
    branches = "|".join(f"(?<={cls}){tail}" for cls, tail in parts)
    return rf"(?:[{every}](?<!\w.)(?:{branches}))"


# --- rule machinery --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    name: str
    languages: tuple[str, ...]
    pattern: re.Pattern[str]
    entity_type: str
    confidence: float
    group: str
    why: str
    check: Callable[[str, re.Match[str]], tuple[int, int] | None] | None = None


# An English past participle or past tense capitalised because it opens a sentence ("Directed",
# "Translated", "Transcribed"); names in -med, -red, -ied are left alone (Mohammed, Winifred,
# Siegfried), and so are short ones (Ahmed, Ted).
VERB_LIKE = re.compile(r"^[A-Z][a-z]{4,}(?<![mri])ed$")


def _followed_by_name(text: str, pos: int) -> bool:
    m = _NAME_WORD_AT.match(text, pos)
    return bool(m and _may_be_surname(m.group(1)))


def _may_be_surname(word: str) -> bool:
    return not (word in COMMON_WORDS or VERB_LIKE.match(word) or word.lower() in _TITLE_WORDS)


_ARTICLE_BEFORE = re.compile(r"(?:\b[Tt]he|\b[Aa]n?)[ \t\u00a0]+$")


def _preceded_by_article(text: str, pos: int) -> bool:
    return _ARTICLE_BEFORE.search(text[max(0, pos - 6) : pos]) is not None


_FIRST_NAME_BEFORE = re.compile(rf"(?<![\w.])({NAME_WORD}){SP}$")


def _check_initials_surname(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    sur = m.group("sur")
    if not _may_be_surname(sur) or _inits_key(m.group("inits")) in ABBREVIATIONS:
        return None  # "L.T. Directed VOKS": the initials end a sentence
    if _cyrillic(m.group("inits")) != _cyrillic(sur):
        return None  # "…Kiss G. Из-за дождя": a Latin initial ends one sentence, a Russian one starts
    start = m.start("inits")
    first = _FIRST_NAME_BEFORE.search(text, max(0, start - 40), start)
    if first and _may_be_surname(first.group(1)) and _given_before_initial(first.group(1), m.group("inits")):
        return first.start(1), m.end("sur")  # "Vadim Z. Rogovin"
    if _preceded_by_article(text, start):
        return None  # "the U.S. Army"
    return start, m.end("sur")


def _cyrillic(word: str) -> bool:
    return re.search("[А-ЯЁа-яё]", word) is not None


def _given_before_initial(word: str, initials: str) -> bool:
    """"Vadim Z. Rogovin": a given name, then one middle initial. Two initials are a whole name
    already ("Публикация Н. М. Костровой"); a capitalised Russian word before one initial is a
    given name only if the name tables know it, since Russian does not write middle initials."""
    if sum(ch == "." for ch in initials) != 1:
        return False
    return is_known_given_name(word) or not re.search("[а-яё]", word, re.IGNORECASE)


def _check_surname_initials(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    if not _may_be_surname(m.group("sur")) or _inits_key(m.group("inits")) in ABBREVIATIONS:
        return None
    if _followed_by_name(text, m.end()):
        return None  # "Vladimir L. D. Trotsky": initials_surname's business
    return m.start("sur"), m.end("inits")


def _check_bare_initials(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    if _inits_key(m.group("inits")) in ABBREVIATIONS or _preceded_by_article(text, m.start()):
        return None
    if _followed_by_name(text, m.end()) or _INITIAL_AT.match(text, m.end()):
        return None
    return m.start("inits"), m.end("inits")


def _check_single_initial(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    end = m.end("i")
    if _followed_by_name(text, end) or _INITIAL_AT.match(text, end):
        return None  # a longer name: the initials rules take it
    return m.start("i"), end


# Generic nouns that follow a rank or title word but are no names ("General Secretary",
# "Professor Emeritus", "профессора Московского университета").
_NOT_NAMES_EN = frozenset(
    _words("""
    Secretary Staff Assembly Strike Council Committee Headquarters Election Director Manager
    Prosecutor Attorney Court University College School Institute Academy Emeritus Street Avenue
    Square Post Office Hospital Motors Electric Store Line Company Meeting Conference Congress
    """)
)
_INSTITUTION_STEMS_RU = tuple(
    _words(
        "университет институт академи театр завод фабрик комбинат музе библиотек училищ школ лагер тюрьм "
        "управлени отдел комитет совет суд округ област губерни уезд район флот фронт арми полк дивизи "
        "корпус больниц госпитал издательств журнал газет обществ партии министерств наркомат консерватори"
    )
)
_ADJ_ENDING_RU = re.compile(r"(?:ого|его|ому|ему|ой|ей|ым|им|ом|ем|ая|яя|ое|ее|ую|юю|ые|ие|ых|их|ыми|ими)$")
_NEXT_WORD = re.compile(rf"{SP0}({LETTER}+)")
_NAME_PART = re.compile(rf"{UPPER}{LETTER}+(?:[-'’]{LETTER}+)*|{INIT}")


def _belongs_to_title_ru(words: list[str]) -> bool:
    """Whether the first of these Russian words after a title belongs to the title, not the name:
    an acronym ("ГРУ", "СССР"), a place or organisation the dictionary knows ("Бразилии"), or a
    common noun that such a word follows ("Героя России", "Республики Мордовия"). A common noun
    before a name stays: it may be a rare given name ("Ракель Додж")."""
    def placeish(word: str) -> bool:
        return bool(re.fullmatch("[А-ЯЁ][А-ЯЁа-яё]+", word)) and (word.isupper() or _place_or_org_ru(word))

    first = words[0]
    if placeish(first):
        return True
    return len(words) > 1 and bool(re.fullmatch("[А-ЯЁ][а-яё]+", first)) and _common_word_ru(first) \
        and placeish(words[1])


def _place_or_org_ru(word: str) -> bool:
    morph = _analyser()
    parses = morph.parse(word)
    return bool(parses) and not any(("Surn" in p.tag or "Name" in p.tag or "Patr" in p.tag) for p in parses) \
        and any("NOUN" in p.tag and ("Geox" in p.tag or "Orgn" in p.tag) for p in parses)


def _check_title_name(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    start, end = m.start("name"), m.end("name")
    words = list(_NAME_PART.finditer(m.group("name")))
    # drop trailing common words ("Comrade Ivanov Then") and give up on a common first word
    while words and (words[-1].group() in COMMON_WORDS or words[-1].group() in _NOT_NAMES_EN):
        words.pop()
    while words and _belongs_to_title_ru([w.group() for w in words[:2]]):
        words.pop(0)  # "генпрокурор Бразилии Ракель Додж", "полковник ГРУ Сергей Скрипаль"
    if not words or words[0].group() in COMMON_WORDS or words[0].group() in _NOT_NAMES_EN:
        return None
    start += words[0].start()
    end = m.start("name") + words[-1].end()
    last = words[-1].group()
    nxt = _NEXT_WORD.match(text, end)
    if (
        len(words) == 1
        and nxt
        and nxt.group(1)[:1].islower()
        and _ADJ_ENDING_RU.search(last)
        and nxt.group(1).startswith(_INSTITUTION_STEMS_RU)
    ):
        return None
    return start, end


# --- initials --------------------------------------------------------------------------------

_INITIAL_RULES = [
    Rule(
        "initials_surname",
        ("en", "ru"),
        re.compile(rf"(?P<inits>{INIT_B}(?:{SP0}{INIT}){{0,2}}){SP0}(?P<sur>{NAME_WORD})(?!{LETTER})"),
        "person",
        0.8,
        "sur",
        "Initials before a surname are how memoirs, reviews and Russian prose write a person "
        '("L. D. Trotsky", "Л. Д. Троцкий"); models often cut the initials off or miss the name.',
        _check_initials_surname,
    ),
    Rule(
        "surname_initials",
        ("en", "ru"),
        re.compile(rf"(?P<sur>{NAME_WORD_B})(?:,{SP0}|{SP})(?P<inits>{TWO_INITS})(?!{LETTER})"),
        "person",
        0.75,
        "inits",
        'Surname then initials is the Russian bibliographic and official order ("Троцкий Л. Д.") '
        'and that of English registers ("Andrewes, E.A."); two initials at least, so that a place '
        "before a sentence-opening initial is not taken for a surname.",
        _check_surname_initials,
    ),
    Rule(
        "initials",
        ("en", "ru"),
        re.compile(rf"(?P<inits>{INIT_B}{SP0}{INIT}(?:{SP0}{INIT})?)(?!{LETTER})"),
        "person",
        0.6,
        "inits",
        'Letters and diaries name close people by their initials alone ("L.D.", "L.T."); the '
        "models see no name there. Abbreviations (U.S., P.S.) and groups after 'the' are not people.",
        _check_bare_initials,
    ),
]

_SPEECH_EN = _alternatives(
    _words(
        "said says asked asks replied replies wrote writes answered answers added adds told continued "
        "exclaimed whispered remarked observed insisted explained noted cried shouted repeated declared "
        "objected protested murmured recalled admitted agreed"
    ),
    ci=False,
    boundary=True,
)
_SPEECH_RU = _alternatives(
    [
        stem + end
        for stem in _words(
            "сказал ответил спросил писал написал говорил заметил добавил возразил воскликнул "
            "вспоминал вспомнила рассказывал рассказал сообщил продолжал шепнул"
        )
        for end in ("", "а", "и")
    ]
    + _words("пишет говорит отвечает спрашивает признался призналась"),
    ci=False,
    boundary=True,
)
_VERB_EN = (
    r"(?:was|is|had|has|did|does|said|says|could|would|will|can|may|might|must|should|shall|never|"
    r"always|also|then|still|often|only|just|now|came|went|knew|thought|felt|took|gave|made|spoke|"
    r"became|sat|stood|lay|told|wrote|saw|kept|left|got|[a-z]{2,}(?:ed|es|s))"
)
_VERB_RU = (
    r"(?:был|была|было|были|не|уже|тоже|также|всегда|никогда|ещё|еще|"
    r"[а-яё]{2,}(?:л|ла|ло|ли|лся|лась|лись|ет|ит|ют|ут|ат|ят|ется|ится))"
)
# What stands before a sentence (or a quoted speech) opening; searched in the few characters before
# a candidate, so that the rule's own pattern can start with the initial (fast to scan for).
_SENTENCE_OPENS = re.compile(r"(?:^|[.!?…;:][\"'”’»)]?\s+|[“\"«„‘(]\s*|[”»],?\s+|\n\s*)$")


def _check_subject_initial(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    start = m.start("i")
    if not _SENTENCE_OPENS.search(text[max(0, start - 4) : start]):
        return None
    return _check_single_initial(text, m)


_EPITHET_EN = _alternatives(
    _words(
        "great old poor young late dear little good unhappy unfortunate brave noble elder younger kind "
        "wise unforgettable"
    ),
    ci=True,
    boundary=True,
)
_EPITHET_RU = _alternatives(
    [
        stem + end
        for stem in _words("велик бедн стар молод несчастн покойн дорог дороги мил незабвенн славн")
        for end in ("ий", "ый", "ой", "ая", "ое", "ого", "ому", "ую", "ым", "ом", "ей", "ые", "ых")
    ],
    ci=True,
    boundary=True,
)

_SINGLE_INITIAL_RULES = [
    Rule(
        "speech_initial",
        ("en",),
        re.compile(rf"{_SPEECH_EN}{SP}(?P<i>{INIT})(?!{LETTER})"),
        "person",
        0.6,
        "i",
        'A lone initial after a verb of saying is the speaker ("said N."): diarists abbreviate the '
        "people they see daily to one letter.",
        _check_single_initial,
    ),
    Rule(
        "speech_initial",
        ("ru",),
        re.compile(rf"{_SPEECH_RU}{SP}(?P<i>{INIT})(?!{LETTER})"),
        "person",
        0.6,
        "i",
        'As in English: "сказала Н." names the speaker by one initial.',
        _check_single_initial,
    ),
    Rule(
        "subject_initial",
        ("en",),
        re.compile(rf"(?P<i>{INIT_B}){SP}{_VERB_EN}\b"),
        "person",
        0.55,
        "i",
        "A lone initial that opens a sentence and is followed by a verb is its subject "
        '("N. was stretched out", "K. tells of"); a heading letter ("A. The first") is not.',
        _check_subject_initial,
    ),
    Rule(
        "subject_initial",
        ("ru",),
        re.compile(rf"(?P<i>{INIT_B}){SP}{_VERB_RU}(?!{LETTER})"),
        "person",
        0.55,
        "i",
        'As in English, with a Russian verb form after the initial ("Н. сказал", "Н. не хотела").',
        _check_subject_initial,
    ),
    Rule(
        "epithet_initial",
        ("en",),
        re.compile(rf"{_EPITHET_EN}{SP}(?P<i>{INIT})(?!{LETTER})"),
        "person",
        0.55,
        "i",
        'An epithet before a lone initial ("the great R.", "poor N.") only fits a person.',
        _check_single_initial,
    ),
    Rule(
        "epithet_initial",
        ("ru",),
        re.compile(rf"{_EPITHET_RU}{SP}(?P<i>{INIT})(?!{LETTER})"),
        "person",
        0.55,
        "i",
        'As in English: "бедная Н.", "покойного Р.".',
        _check_single_initial,
    ),
]

# --- titles and roles ------------------------------------------------------------------------

# Titles written in either case ("comrade Ivanov" is common in translations) ...
_TITLES_EN_WORDS = _words(
    "Comrade Citizen Professor Academician Doctor Commissar Colonel Admiral Captain Lieutenant "
    "Sergeant Corporal Prosecutor Investigator Senator President Minister Ambassador Consul Bishop "
    "Archbishop Metropolitan Patriarch Reverend Father Brother Sister Tsar Czar Tsarina Emperor "
    "Empress Madame Mademoiselle Monsieur Mister Engineer"
)
# ... and those that are ordinary words in lower case ("a major Soviet city", "we count Moscow").
_TITLES_EN_CAPITAL = _words(
    "General Marshal Major Private Judge Premier Prince Princess Count Countess Baron Baroness Duke "
    "Duchess King Queen Lady Lord Sir Dame"
)
_TITLES_EN_ABBR = _words("Dr Prof Mr Mrs Ms Mme Mlle Messrs Gen Col Capt Lt Sgt Adm Rev Fr Sen Gov Hon")
_TITLE_EN = _alternatives(
    [
        *(w for t in _TITLES_EN_WORDS for w in (t, t.lower())),
        *_TITLES_EN_CAPITAL,
        *(w for t in _TITLES_EN_ABBR for w in (t, t + ".")),
    ],
    ci=False,
    boundary=True,
)


def _ru_forms(stems: str, endings: tuple[str, ...]) -> list[str]:
    return [s + e for s in _words(stems) for e in endings]


_NOUN_ENDINGS = ("", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах")
_TITLES_RU_WORDS = (
    _ru_forms(
        "товарищ профессор академик доктор генерал полковник подполковник майор капитан лейтенант "
        "сержант следователь прокурор комиссар нарком писател поэт художник инженер священник "
        "митрополит патриарх епископ архиепископ князь граф барон гражданин господин",
        _NOUN_ENDINGS,
    )
    + _ru_forms("гражданк госпож поэтесс княгин графин баронесс", ("а", "и", "е", "у", "ой"))
    + _ru_forms("писател следовател", ("ь", "я", "ю", "ем", "и", "ей"))
    + _ru_forms("товарищ", ("ем", "и", "ей", "ам", "ами", "ах"))
    + _words("отец отца отцу отцом тов проф акад ген д-р г-н г-жа")
)
_TITLE_RU = _alternatives(
    [w for t in _TITLES_RU_WORDS for w in ((t, t + ".") if len(t) <= 4 else (t,))], ci=True, boundary=True
)
# Title words capitalised at a sentence start are no surnames ("сказала Л. Профессор Зарецкий").
_TITLE_WORDS = frozenset(
    w.lower() for w in (*_TITLES_EN_WORDS, *_TITLES_EN_CAPITAL, *_TITLES_EN_ABBR, *_TITLES_RU_WORDS)
)

_TITLE_RULES = [
    Rule(
        "title_name",
        ("en",),
        re.compile(rf"(?:{_TITLE_EN}{SP})+(?P<name>(?:{INIT}{SP0}){{0,3}}{FULL_NAME})(?!{LETTER})"),
        "person",
        0.8,
        "name",
        "A title, rank or form of address before a capitalised word makes it a person's name "
        '("Comrade Ivanov", "Dr. Becker"), which the small model often misses when the name is '
        "foreign to it. The mention covers the name, not the title.",
        _check_title_name,
    ),
    Rule(
        "title_name",
        ("ru",),
        re.compile(rf"(?:{_TITLE_RU}{SP})+(?P<name>(?:{INIT}{SP0}){{0,3}}{FULL_NAME})(?!{LETTER})"),
        "person",
        0.8,
        "name",
        'As in English, with Russian inflected titles ("товарищ Сталин", "академика Павлова"); '
        'an adjective before an institution noun ("профессора Московского университета") is not a name.',
        _check_title_name,
    ),
]

# --- works and organisations in quotes -------------------------------------------------------

_TITLE_BODY = rf"[{UPPER[1:-1]}0-9][^\"“”«»„\n]{{0,150}}?"
_QUOTED = (
    rf"(?:“(?P<q1>{_TITLE_BODY})”|\"(?P<q2>{_TITLE_BODY})\"|«(?P<q3>{_TITLE_BODY})»|"
    rf"„(?P<q4>{_TITLE_BODY})[“”]|‘(?P<q5>[{UPPER[1:-1]}0-9](?:[^’\n]|’(?={LETTER})){{0,150}}?)’(?!{LETTER}))"
)
_WORK_CUES_EN = _words(
    "book novel novella poem poems article essay story play drama journal newspaper magazine "
    "periodical review weekly monthly pamphlet memoir memoirs diary diaries autobiography collection "
    "anthology volume film opera ballet symphony song treatise manifesto bulletin"
)
_WORK_CUE_EN = _alternatives(_WORK_CUES_EN, ci=True, boundary=True)
_BY_EN = rf"(?:{SP}(?:by|of|from){SP}(?:{NAME_WORD}|{INIT})(?:{SP0}(?:{NAME_WORD}|{INIT})){{0,3}})?"
_CALLED_EN = rf"(?:,?{SP}(?:called|entitled|titled|named))?"

_WORK_CUES_RU = (
    _ru_forms("книг поэм газет пьес брошюр повест", ("а", "и", "у", "е", "ой", "ах", "ам", "ь", "ью"))
    + _ru_forms(
        "роман рассказ очерк журнал сборник фильм альманах бюллетен",
        ("", "а", "е", "у", "ом", "ы", "ов", "ах", "ь", "я", "ю", "ем"),
    )
    + _ru_forms("стать", ("я", "и", "ю", "ей", "е", "ях"))
    + _ru_forms("стихотворени воспоминани издани", ("е", "я", "ю", "ем", "и", "й", "ях"))
    + _ru_forms("мемуар", ("ы", "ов", "ах", "ам"))
)
_WORK_CUE_RU = _alternatives(_WORK_CUES_RU, ci=True, boundary=True)
# a word for a work right before a name: "the poem Tvoya Pobeida", "author of The Stone" (see
# consistency.py). English only: in Russian a name after "книги" is the author, in the genitive.
WORK_CUE_BEFORE = re.compile(rf"(?:{_WORK_CUE_EN}|\b[Aa]uthor{SP}of){SP}$")
# the author in the genitive between the word and the title: "роман Булгакова «...»"
_AUTHOR_RU = rf"(?:{SP}(?:{INIT}{SP0}){{0,2}}{NAME_WORD}(?:{SP}{NAME_WORD}){{0,2}})?"
_ORG_CUES_RU = (
    _ru_forms("издательств обществ товариществ обществ обьединени объединени", ("о", "а", "у", "ом", "е"))
    + _ru_forms("завод колхоз совхоз комбинат трест кооператив клуб театр музей", ("", "а", "у", "ом", "е"))
    + _ru_forms("фабрик артел", ("а", "и", "у", "ой", "е", "ь", "ью"))
)
_ORG_CUE_RU = _alternatives(_ORG_CUES_RU, ci=True, boundary=True)


def _quoted_span(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    for g in ("q1", "q2", "q3", "q4", "q5"):
        if m.group(g) is not None:
            return m.start(g), m.end(g)
    return None


_QUOTE_RULES = [
    Rule(
        "quoted_work",
        ("en",),
        re.compile(rf"{_WORK_CUE_EN}{_BY_EN}{_CALLED_EN}[,:]?{SP0}{_QUOTED}"),
        "work",
        0.85,
        "",
        "A capitalised title in quotation marks right after a word for a book, poem, article or "
        'periodical is that work\'s title ("the book “I Chose Freedom”"); models rarely tag titles.',
        _quoted_span,
    ),
    Rule(
        "quoted_work",
        ("ru",),
        re.compile(rf"{_WORK_CUE_RU}{_AUTHOR_RU}{SP0}[,:]?{SP0}{_QUOTED}"),
        "work",
        0.85,
        "",
        "Russian sets titles of books, poems, articles, journals and newspapers in «ёлочки» after "
        'the generic word, at times with the author between ("роман «Мы»", "в журнале «Новый мир»", '
        '"статья Воронцова «О друзьях»").',
        _quoted_span,
    ),
    Rule(
        "quoted_org",
        ("ru",),
        re.compile(rf"{_ORG_CUE_RU}{SP0}{_QUOTED}"),
        "organisation",
        0.7,
        "",
        "Russian names publishers, factories, collective farms and societies in quotes after the "
        'generic word ("издательство «Мемориал»", "колхоз «Красный луч»").',
        _quoted_span,
    ),
]

RULES: tuple[Rule, ...] = (*_INITIAL_RULES, *_SINGLE_INITIAL_RULES, *_TITLE_RULES, *_QUOTE_RULES)

_CUE_BEFORE_ITALIC = {
    "en": re.compile(rf"{_WORK_CUE_EN}{_BY_EN}{_CALLED_EN}[,:]?{SP0}$"),
    "ru": re.compile(rf"{_WORK_CUE_RU}{_AUTHOR_RU}{SP0}[,:]?{SP0}$"),
}
_TITLE_SHAPED = re.compile(rf"^[\"“«„‘]?[{UPPER[1:-1]}0-9][^\n]*$")


def italic_works(
    text: str,
    italics: Iterable[tuple[int, int]],
    language: str,
    covered: Iterable[Mention] = (),
    start: int = 0,
    end: int | None = None,
) -> list[Mention]:
    """Works from italic spans (layout from the reader), as rule "italic_work".

    WHY: print and web editions set titles of books, poems and periodicals in italics, and the
    readers keep italics as layout. An italic span right after a word for a work is its title;
    any other capitalised, title-shaped italic span (at most 12 words, not a sentence)
    is taken as a work only where no model or register mention overlaps it (0.5), since italics
    also mark emphasis and foreign words. After a cue word the span is as sure as a quoted title
    (0.85), enough to outrank a model that called it a person or organisation.
    """
    end = len(text) if end is None else end
    cue = _CUE_BEFORE_ITALIC.get(language)
    spans = sorted((m.start, m.end) for m in covered)
    out: list[Mention] = []
    for s, e in italics:
        if s < start or e > end or e <= s:
            continue
        surface = text[s:e].strip()
        if not surface or not _TITLE_SHAPED.match(surface):
            continue
        if cue is not None and cue.search(text, max(0, s - 80), s):
            m = make_mention(text, s, e, "work", "rule:italic_work", 0.85)
            if m:
                out.append(m)
            continue
        words = surface.split()
        if len(words) > 12 or surface.endswith((".", ";", ",")) or re.search(r"[.!?] \S", surface):
            continue
        i = bisect.bisect_left(spans, (s, -1))
        if (i > 0 and spans[i - 1][1] > s) or (i < len(spans) and spans[i][0] < e):
            continue
        m = make_mention(text, s, e, "work", "rule:italic_work", 0.5)
        if m:
            out.append(m)
    return out


class RuleRecogniser:
    """The regex rules of one language (method "rule:<rule name>")."""

    name = "rules"

    def __init__(self, language: str = "en"):
        self.language = language
        self.rules = tuple(r for r in RULES if language in r.languages)

    def recognise(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        end = len(text) if end is None else end
        out: list[Mention] = []
        for rule in self.rules:
            for m in rule.pattern.finditer(text, start, end):
                if rule.check is not None:
                    span = rule.check(text, m)
                    if span is None:
                        continue
                else:
                    span = m.span(rule.group)
                mention = make_mention(
                    text, span[0], span[1], rule.entity_type, f"rule:{rule.name}", rule.confidence
                )
                if mention is not None:
                    out.append(mention)
        out.sort(key=lambda m: (m.start, m.end))
        return out


_rule_recognisers: dict[str, RuleRecogniser] = {}


def rule_recogniser(language: str) -> RuleRecogniser:
    """The (shared, stateless) rule recogniser of `language`."""
    rec = _rule_recognisers.get(language)
    if rec is None:
        rec = _rule_recognisers[language] = RuleRecogniser(language)
    return rec


# --- the filter ------------------------------------------------------------------------------

# Words derived from names are not names: "Stalinist", "Stalinism", "Trotskyists", "Marxist",
# "Hegelians", "Trotskyite". English -ism/-ist(s)/-ites/-ians are decisive once the stem is long
# enough ("Christ", "Twist" stay); singular -ite/-ian/-ean also end given names ("Marguerite",
# "Julian", "Adrian"), so they are dropped only when their stem is itself a capitalised word of
# the same text ("Trotskyite" where "Trotsky" occurs).
_DERIVED_STRONG_EN = re.compile(
    rf"^{UPPER}{LETTER}*?(?:(?<={LETTER}{{2}})isms?|(?<={LETTER}{{4}})ists?|(?<={LETTER}{{3}})ites|"
    rf"(?<={LETTER}{{3}})(?:ians|eans))$"
)
_DERIVED_WEAK_EN = re.compile(rf"^(?P<stem>{UPPER}{LETTER}{{2,}}?)(?:ite|ian|ean)$")
# Russian: -изм/-ист and their forms ("Сталинизм", "Троцкисты", "троцкистский"); adjectives in
# -ский made from a name ("Сталинский", "Ленинская") and -инец/-овец groups ("Бухаринцы") are
# dropped when the morphological dictionary knows the word, and not as a surname or first name
# ("Раковский" is kept; an unknown word is kept too, as likely a rare surname).
_DERIVED_STRONG_RU = re.compile(rf"^{UPPER}{LETTER}{{3,}}?(?:изм|ист)[а-яё]*$")
_DERIVED_WEAK_RU = re.compile(
    rf"^{UPPER}{LETTER}{{2,}}?(?:ск(?:ий|ая|ое|ие|ого|ой|ому|им|ом|ую|их|ими)|"
    r"(?:ин|ов|ев)(?:ец|цы|ца|цу|цем|це|цев|цам|цами|цах))$"
)
_TOKEN = re.compile(r"\S+")
_WORD_LOWER = re.compile(rf"{LOWER}(?<!{LETTER}{LOWER}){LOWER}*(?!{LETTER})")
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?…:;][\"'”’»)]?\s+|[\"“«„‘(]\s*|\n\s*)$")

# "a", "an" and up to three lowercase words before a capitalised word ("a little black ..."), but not
# "a certain", "a Mr" or "a man named", which do introduce a person.
_INDEFINITE_BEFORE = re.compile(
    rf"(?<!{LETTER})[Aa]n?(?:{SP}(?!certain\b|named\b|called\b){LOWER}+){{0,3}}{SP}$")

_morph = None


def _analyser():  # -> pymorphy3.MorphAnalyzer, loaded on first use
    global _morph
    if _morph is None:
        import pymorphy3

        _morph = pymorphy3.MorphAnalyzer()
    return _morph


def _common_word_ru(word: str) -> bool:
    """True when the dictionary knows `word` and not as a surname or first name."""
    morph = _analyser()
    if not morph.word_is_known(word.lower()):
        return False  # an unknown word in -ский is more likely a rare surname
    return not any(("Surn" in p.tag or "Name" in p.tag) for p in morph.parse(word))


class TextFacts:
    """What the filter asks of the whole text, computed on first need."""

    def __init__(self, text: str):
        self.text = text
        self._lower: set[str] | None = None
        self._seen: dict[str, bool] = {}

    @property
    def lower_words(self) -> set[str]:
        if self._lower is None:
            self._lower = set(_WORD_LOWER.findall(self.text))
        return self._lower

    def has_capital_word(self, word: str) -> bool:
        found = self._seen.get(word)
        if found is None:
            found = re.search(rf"(?<!{LETTER}){re.escape(word)}(?!{LETTER})", self.text) is not None
            self._seen[word] = found
        return found


def _derived(word: str, facts: TextFacts, weak: bool = True) -> bool:
    """Is `word` a word made from a name (see above)? `weak`: also try the uncertain suffixes."""
    word = word.rstrip("’'")
    if word.endswith(("’s", "'s")):
        word = word[:-2]
    part = re.split(r"[-‐]", word)[-1]
    if not part:
        return False
    if not part[:1].isupper():
        part = part[:1].upper() + part[1:]
    if _DERIVED_STRONG_EN.match(part) or _DERIVED_STRONG_RU.match(part):
        return True
    if not weak:
        return False
    m = _DERIVED_WEAK_EN.match(part)
    if m:
        stem = m.group("stem")
        return any(facts.has_capital_word(s) for s in (stem, stem + "e", stem + "y", stem[:-1] + "y"))
    if _DERIVED_WEAK_RU.match(part):
        return _common_word_ru(part)
    return False


def _word_before_given_name(first: str, second: str) -> bool:
    """Whether `first`, opening a sentence before `second`, is a common word rather than part of the
    name: in Russian, a noun the dictionary knows ("Астронавт"); in English, which has no dictionary
    here, a word that is neither a given name nor shaped like a surname, before a given name
    ("Kiss Nina", "Tell Evdokia Petrovna"): English puts the given name first."""
    if re.fullmatch("[А-ЯЁ][а-яё]+", first):
        return _common_word_ru(first)
    if not re.fullmatch("[A-Z][a-z]+", first) or not re.fullmatch("[A-Z][a-z]+", second):
        return False
    return is_known_given_name(second) and not is_known_given_name(first) and surname_gender(first) is None


def _opens_sentence(text: str, start: int, after_bracket: bool = True) -> bool:
    """Whether `start` opens a sentence (or a quotation, or, with `after_bracket`, a bracket). A name
    glossed in brackets ("Джошуа Вольф (Joshua Wolf)") is capitalised as a name, not by its place."""
    before = _SENTENCE_BEFORE.search(text, max(0, start - 4), start)
    return before is not None and (after_bracket or not before.group().rstrip().endswith("("))


def filter_mentions(text: str, mentions: Iterable[Mention], facts: TextFacts | None = None) -> list[Mention]:
    """Drop what cannot be a name; applied to every backend's output before merging.

    - a mention without letters, or (person, place, organisation) without a capital letter:
      "komsomols", "сталинский" are common words whatever a model says;
    - a one-word mention that is a word derived from a name (see `_derived`), of any type:
      "Stalinism" is neither a person nor an organisation; a person mention that starts with
      such words loses them ("Marxist David North" -> "David North");
    - a person mention whose last word is so derived: "Left Oppositionists" is a group;
    - a one-word person, place or organisation that is a common function word ("Dear", "Он"),
      a capitalised past participle ("Translated"),
      or that opens a sentence and occurs in lower case elsewhere in the same text (it is then a
      common word capitalised by position: "Hope was...", "Party");
    - a one-word person that a model (not the register) found after an indefinite article and
      lowercase words: "a little black Browning" is a pistol, "a Ford" a car.
    """
    facts = facts or TextFacts(text)
    out: list[Mention] = []
    for m in mentions:
        surface = m.text
        if not any(ch.isalpha() for ch in surface):
            continue
        if m.entity_type != "work" and not any(ch.isupper() for ch in surface):
            continue
        tokens = list(_TOKEN.finditer(surface))
        if m.entity_type == "person" and len(tokens) > 1:
            if _derived(tokens[-1].group(), facts, weak=False):
                continue  # "Left Oppositionists", "Russian Marxists": a group, not a person
            k = 0
            while k < len(tokens) - 1 and _derived(tokens[k].group(), facts, weak=False):
                k += 1
            if k:
                new_start = m.start + tokens[k].start()
                trimmed = make_mention(text, new_start, m.end, m.entity_type, m.method, m.confidence)
                if trimmed is None:
                    continue
                trimmed.entity_key, trimmed.entity_id = m.entity_key, m.entity_id
                m = trimmed
                surface = m.text
                tokens = list(_TOKEN.finditer(surface))
        if m.entity_type == "person" and len(tokens) > 1 and m.method.startswith("model") \
                and _opens_sentence(text, m.start, after_bracket=False) \
                and _word_before_given_name(tokens[0].group(), tokens[1].group()):
            # "Астронавт Грегори Чамитофф вернулся", "Kiss Nina for me": a word capitalised by its
            # place, then the name
            trimmed = make_mention(text, m.start + tokens[1].start(), m.end, m.entity_type, m.method,
                                   m.confidence)
            if trimmed is None:
                continue
            m, surface = trimmed, trimmed.text
            tokens = list(_TOKEN.finditer(surface))
        if len(tokens) == 1 and m.entity_type != "work":
            word = surface.rstrip(".")
            if _derived(surface, facts, weak=m.entity_type == "person"):
                continue
            if word in COMMON_WORDS or VERB_LIKE.match(word):
                continue
            if m.entity_type == "person" and m.method not in ("register", "markup") \
                    and _INDEFINITE_BEFORE.search(text, max(0, m.start - 60), m.start):
                continue  # "a little black Browning", "an old Ford": a thing or a kind, not someone
            opens_sentence = _opens_sentence(text, m.start)
            if word.isalpha() and word[1:].islower() and opens_sentence and word.lower() in facts.lower_words:
                continue
            if m.entity_type == "person" and m.method.startswith("model") and opens_sentence \
                    and re.fullmatch("[А-ЯЁ][а-яё]+", word) and _common_word_ru(word):
                continue  # "Освобождённым из лагерей ...": a word capitalised by its place, not a name
        out.append(m)
    return out
