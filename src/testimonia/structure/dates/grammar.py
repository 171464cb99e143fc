"""How the regex pieces combine into the shapes of a date and into the one finder pattern.

Reading every kind of date in a single scan is what keeps `find_dates` linear in the
length of the text, so the kinds share one table and one compiled pattern: each kind's
named groups are renamed `<kind>__<name>`, a match then says both which kind it is and
what its parts are, and the order of the table decides which reading wins where several
start at the same place.
"""

from __future__ import annotations

import re
from functools import cache

from testimonia.structure.dates.vocabulary import (
    _APOS,
    _CIRCA,
    _CIRCA_WORDS,
    _COUNT_WORDS,
    _DASH,
    _DAY,
    _DM,
    _EN_DECADE_WORDS,
    _EN_PART_ANY,
    _FROM_WORDS,
    _GSUF,
    _GSUF_REQ,
    _HALF_EN,
    _MONTH,
    _MONTH_FIRST,
    _NOLETTER,
    _OF,
    _ORD,
    _OSSEP,
    _PART_EN,
    _PART_EN_OF,
    _PART_RU,
    _ROMAN_MONTH,
    _RU_DEC_SUFFIX,
    _RU_DEC_WORD,
    _RU_DECADE_STEMS,
    _RU_PART_WORDS,
    _SEASON_WORDS,
    _SP,
    _SP0,
    _THE,
    _WD,
    _WEEKDAY,
    _WS,
    _Y,
    _YC,
    _YEAR4,
    _alternation,
    _cased,
    _month_words,
    _weekday_words,
)

# The shapes one date can take; y, m, d name its parts. A weekday or "the" before a date
# is read by the finder's common prefix, so the forms carry them only for `_side`.
_FORMS: dict[str, str] = {
    "dmy": rf"{_WD}(?:{_THE}|)(?P<d>{_DAY}){_ORD}{_DM}(?P<m>{_MONTH})(?:{_YC}{_Y}|)",
    "mdy": rf"{_WD}(?P<m>{_MONTH})(?:,?{_SP}(?P<d>{_DAY}){_ORD}(?:{_YC}{_Y}|)"
           rf"|{_YC}(?P<y2>{_YEAR4}|{_APOS}){_GSUF})",
    "num": rf"{_WD}(?P<d>{_DAY})\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>{_YEAR4}|['’]?\d\d(?!\d)){_GSUF}",
    # Slashed and dashed: day first, as in Britain, Ireland and Russia, unless the numbers
    # show the American order ("12/25/1946"); see _numeric.
    "slash": rf"{_WD}(?P<d>{_DAY})/(?P<m>{_DAY})/(?P<y>{_YEAR4}|['’]?\d\d(?!\d))",
    "dash": rf"{_WD}(?P<d>{_DAY})-(?P<m>{_DAY})-(?P<y>{_YEAR4}|['’]?\d\d(?!\d))(?!-)",
    "roman": rf"{_WD}(?P<d>{_DAY})(?:\.{_SP0}|{_SP})(?P<m>{_ROMAN_MONTH})(?:\.{_SP0}|{_SP})"
             rf"(?P<y>{_YEAR4}|\d\d(?!\d)){_GSUF}",
    "iso": rf"(?P<y>{_YEAR4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)",
    "year": _Y,
    "m": rf"(?P<m>{_MONTH})",
    "d": rf"(?:{_THE}|)(?P<d>{_DAY}){_ORD}",
}


def _anon(pattern: str) -> str:
    """The pattern with its named groups made plain, for embedding in a larger one."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _bare(name: str) -> str:
    """A form without the weekday and "the" that the finder's prefix has already read."""
    return _FORMS[name].replace(_WD, "", 1).replace(f"(?:{_THE}|)", "", 1)


_YEARY = _anon(_Y)
_DMY_Y = rf"{_WD}(?:{_THE}|){_DAY}{_ORD}{_DM}{_MONTH}{_YC}{_YEARY}"
_MDY_DY = rf"{_WD}{_MONTH},?{_SP}{_DAY}{_ORD}{_YC}{_YEARY}"
_OTHER = "|".join(_anon(_bare(n)) for n in ("num", "slash", "dash", "roman", "iso"))
_FULL = f"(?:{_DMY_Y}|{_MDY_DY}|{_OTHER})"  # a whole day
# The first and second sides of a range: the first may leave out what the second says.
_SIDE_A = (rf"(?:{_WD}(?:{_THE}|){_DAY}{_ORD}{_DM}{_MONTH}(?:{_YC}{_YEARY}|)"
           rf"|{_WD}{_MONTH}(?:{_SP}{_DAY}{_ORD}|)(?:{_YC}{_YEARY}|)|{_OTHER}|{_YEARY})")
_SIDE_B = rf"(?:{_DMY_Y}|{_WD}{_MONTH}(?:{_SP}{_DAY}{_ORD}|){_YC}{_YEARY}|{_OTHER}|{_YEARY})"


def _first(chars: str) -> str:
    """A look at the first character, so that a kind that cannot start here costs one test."""
    return f"(?=[{chars}])"


def _ahead(chars: str, within: int = 48) -> str:
    """A look for a character the kind needs (a dash, a slash), so that plain dates do not
    pay for reading ranges and double dates they turn out not to be."""
    return f"(?=[^{chars}\n]{{0,{within}}}+[{chars}])"  # possessive: nothing to backtrack


_DASHES = _DASH[1:-1]


_D, _M = r"\d", _MONTH_FIRST
_KINDS: dict[str, str] = {
    "r_from": (
        _first("FfBbСсОоМм") + rf"(?:{_alternation(_cased(_FROM_WORDS))}){_SP}"
        rf"(?P<a>{_SIDE_A}|(?:{_THE}|){_DAY}{_ORD}){_WS}"
        rf"(?:to|and|till|until|through|по|до|и|{_DASH}){_WS}"
        rf"(?P<b>{_SIDE_B})"),
    "decade_en": (
        _first(r"\d'’EeMmLlBbSsCcFf") + rf"(?P<p>{_EN_PART_ANY}|)"
        rf"(?:(?P<d4>1\d\d0|20\d0)['’]?s|['’](?P<d2>\d0)s)"
        rf"(?:{_SP0}{_DASH}{_SP0}(?:(?P<e4>1\d\d0|20\d0)|['’]?(?P<e2>\d0))['’]?s|){_NOLETTER}"),
    "decade_en_word": (  # "the thirties" only with "the": "in his thirties" is an age
        rf"(?(the)(?P<p>{_EN_PART_ANY}|)(?:[Nn]ineteen[- ]|)"
        rf"(?P<w>{_alternation(_cased(_EN_DECADE_WORDS))}){_NOLETTER}|(?!))"),
    "decade_ru": (
        _first(r"\dвВнНсСкКпП") + rf"(?:(?P<p>{_PART_RU}){_SP}|)"
        rf"(?P<dec>(?:1\d|20|)\d0)(?:{_SP0}{_DASH}{_SP0}(?P<dec2>(?:1\d|20|)\d0)|)"
        rf"-?(?:х|е|ые|ых|ым|ми|ыми){_NOLETTER}"
        rf"(?!{_SP}числ)(?:{_SP}{_RU_DEC_SUFFIX}|)"),  # "в 20-х числах" are days of a month
    "decade_ru_word": (
        _first("вВнНсСкКпПдДтТшШ")
        + rf"(?:(?P<p>{_PART_RU}){_SP}(?P<w>{_RU_DEC_WORD})(?:{_SP}{_RU_DEC_SUFFIX}|)"
        rf"|(?P<w2>{_RU_DEC_WORD}){_SP}{_RU_DEC_SUFFIX})"),
    "part_en": (
        _first("EeMmLlBbSsCcFf")
        + rf"(?:(?P<p>{_PART_EN_OF}){_SP}(?:the{_SP}year{_SP}|)"
        rf"|(?P<p2>{_PART_EN})(?:-|{_SP})|(?P<p3>{_HALF_EN}){_SP})"
        rf"(?P<x>{_MONTH}{_YC}{_YEARY}|{_YEARY})"),
    "part_ru": (
        _first("вВнНсСкКпП")
        + rf"(?P<p>{_PART_RU}){_SP}(?P<x>{_MONTH}{_YC}{_YEARY}|{_YEARY})"),
    "season": (
        _first("SsFfWwAaВвЛлОоЗз")
        + rf"(?P<s>{_alternation(_cased(_SEASON_WORDS))})"
        rf"{_NOLETTER}{_OF},?{_SP}(?P<y>{_YEAR4}|{_APOS})"
        rf"(?:{_SP0}(?:/|{_DASH}){_SP0}(?P<y2>{_YEAR4}|\d\d(?!\d))|){_GSUF}"),
    "os_full": (
        _first(_D + _M) + _ahead("/(") + rf"(?P<a>{_FULL}){_OSSEP}(?P<b>{_FULL})\)?"),
    "os_dm": (
        _first(_D) + _ahead("/(", 24)
        + rf"(?P<d1>{_DAY}){_ORD}{_SP}(?P<m1>{_MONTH}){_OSSEP}(?P<d2>{_DAY}){_ORD}{_SP}"
        rf"(?P<m2>{_MONTH})\)?,?{_WS}(?P<y>{_YEAR4}){_GSUF}"),
    "os_d": (
        _first(_D) + _ahead("/(", 8)
        + rf"(?P<d1>{_DAY}){_ORD}{_OSSEP}(?P<d2>{_DAY}){_ORD}\)?{_SP}"
        rf"(?P<m>{_MONTH}),?{_WS}(?P<y>{_YEAR4}){_GSUF}"),
    "os_md": (
        _first(_M) + _ahead("/(", 24)
        + rf"(?P<m>{_MONTH}){_SP}(?P<d1>{_DAY}){_ORD}{_OSSEP}(?P<d2>{_DAY}){_ORD}\)?"
        rf"{_YC}(?P<y>{_YEAR4}){_GSUF}"),
    "r_days_dmy": (
        _first(_D) + _ahead(_DASHES, 8)
        + rf"(?P<d1>{_DAY}){_ORD}{_SP0}{_DASH}{_SP0}(?P<d2>{_DAY}){_ORD}{_SP}"
        rf"(?P<m>{_MONTH}),?{_WS}{_Y}"),
    "r_days_mdy": (
        _first(_M) + _ahead(_DASHES, 24)
        + rf"(?P<m>{_MONTH}){_SP}(?P<d1>{_DAY}){_ORD}{_SP0}{_DASH}{_SP0}"
        rf"(?P<d2>{_DAY}){_ORD}{_YC}{_Y}"),
    "iso": _first(_D) + _FORMS["iso"],
    "r_dash": (
        _first(_D + _M + "'’‘") + _ahead(_DASHES)
        + rf"(?P<a>{_SIDE_A}){_SP0}{_DASH}{_SP0}(?P<b>{_SIDE_B})"),
    "r_short": (  # "1941–45", "1941/42"
        _first(_D) + _ahead(_DASHES + "/", 8)
        + rf"(?P<a>{_YEAR4}){_SP0}(?:{_DASH}|/){_SP0}(?P<b>{_YEAR4}|\d\d(?!\d)){_GSUF}"
        rf"(?![-‐][^\W\d_])"),  # not "1930—40-е", decades
    "dmy": _first(_D) + _bare("dmy"),
    "mdy": _first(_M) + _bare("mdy"),
    "num": _first(_D) + _bare("num"),
    "slash": _first(_D) + _bare("slash"),
    "dash": _first(_D) + _bare("dash"),
    "roman": _first(_D) + _bare("roman"),
    # A bare year is a date in running text only after "around", "c.", "около" ...
    "ayear": rf"(?(circa)(?P<y>{_YEAR4}|{_APOS}){_GSUF}|(?!))",
}

# Words that introduce a date and make a bare year one.
_CUE_WORDS = ("in", "since", "until", "till", "during", "before", "after", "в", "во")
_CUE = (rf"(?:{_alternation(_cased(_CUE_WORDS))}(?:{_SP}the{_SP}year|)|(?:{_THE}|)[Yy]ear)"
        rf"{_SP}")
# Every date begins with a digit, an apostrophe, a rare word (a month, a season) or a common
# word soon followed by one of those ("in the late 1930s", "с 1936"). Testing for that first
# lets the scan pass over all other words at the cost of a trie lookup or two.
_RARE = _alternation([
    *_month_words, *_weekday_words, *_cased(_SEASON_WORDS),
    *_cased(stem + end for stem in _RU_DECADE_STEMS for end in ("ые", "ых", "ым", "ыми")),
    *_cased(w.split()[0] for w in _RU_PART_WORDS), *_cased((*_EN_DECADE_WORDS, "nineteen"))])
_COMMON = _alternation(_cased((*_CUE_WORDS, *_FROM_WORDS, *_CIRCA_WORDS, "the", "year", "early",
                               "mid", "late", "end", "beginning", "start", "middle", "close",
                               "first", "second")))
_FILL = _alternation(_cased(("the", "year", "of", "in", "в", "во", "end", "beginning", "start",
                             "middle", "close", "first", "second", "half", "early", "mid",
                             "late")))
_STEP = rf"{_NOLETTER}(?:[^\S\n]+|-|(?<=\.))"
_GATE = (rf"(?<![\w.,/\\])(?=[\d'’‘]|{_RARE}{_NOLETTER}|{_COMMON}{_STEP}(?:{_FILL}{_STEP}){{0,6}}"
         rf"(?:[\d'’‘]|{_RARE}{_NOLETTER}))"
         r"(?<!\bp\.\s)(?<!pp\.\s)(?<!\bpage\s)(?<!pages\s)(?<!\bс\.\s)(?<!стр\.\s)"
         r"(?<!No\.\s)(?<!no\.\s)(?<!Nr\.\s)(?<!№\s)(?<!№)(?<!\bл\.\s)(?<!ol\.\s)(?<!\bт\.\s)")
_APPROX = rf"(?P<circa>{_CIRCA}(?:{_SP}(?:in|в|во)|)(?:(?<=\.){_SP0}|{_SP}))"
_STYLE = (r"(?:O\.\s?S\.|N\.\s?S\.|o\.\s?s\.|n\.\s?s\.|[Oo]ld\s[Ss]tyle|[Nn]ew\s[Ss]tyle"
          r"|по\s(?:старому|новому)\sстилю|(?:по\s)?ст\.\s?ст\.|(?:по\s)?н\.\s?ст\.)")
# After a date: its calendar, or a question mark that doubts it (but not one that ends a
# question: "?" counts only inside brackets or before punctuation).
_SUFFIX = (rf"(?:,?{_SP0}(?:\({_SP0}{_STYLE}{_SP0}\)|\[{_STYLE}\]"
           rf"|{_STYLE}(?!{_SP0}[A-ZА-ЯЁ][a-zа-яё]))|)"
           rf"(?:{_SP0}\(\?\)|{_SP0}\[\?\]|\?(?=[)\],;:])|)")
_END = rf"(?!{_SP0}(?:%|{_alternation(_COUNT_WORDS)}){_NOLETTER})(?!{_DASH}\d)(?![.,]\d)"


def _scoped(kind: str, pattern: str) -> str:
    return re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{kind}__{m[1]}>", pattern)


@cache
def _finder() -> re.Pattern[str]:
    """The one pattern that finds every kind of date, compiled on first use.

    Compiling it takes about a fifth of a second, which every import of the package (the
    command line, each test run) would otherwise pay whether or not it reads any dates.
    """
    kinds = "|".join(f"(?P<{name}>{_scoped(name, pattern)})" for name, pattern in _KINDS.items())
    return re.compile(
        _GATE + rf"(?:{_APPROX}|(?P<cue>{_CUE})|)(?:{_WEEKDAY}|)(?:(?P<the>{_THE})|)"
        + f"(?:{kinds}"
        + f"|(?(cue)(?P<cueyear>{_scoped('cueyear', _Y)})|(?!))"
        + f"|(?P<gyear>{_scoped('gyear', '(?P<y>' + _YEAR4 + ')')}{_GSUF_REQ})"
        + rf"|(?<=[(\[])(?P<pyear>{_scoped('pyear', '(?P<y>' + _YEAR4 + ')')})(?=\??[)\]]))"
        + _SUFFIX + _END
    )

