"""Dates as letters, diaries and memoirs write them, in English and Russian, read into EDTF.

Testimony dates itself loosely: "July 6, 1946", "Москва, 12.III.1947", "в конце 30-х",
"12/25 января 1918", "in ’27". Each is kept exactly as written beside an EDTF value (an
interval where the text names a span) and a certainty, so that sorting and filtering work
on the normalised form while nothing the witness wrote is lost or overstated.

Conventions chosen here, because the texts leave them open:

* Parts of a decade: early = years 0-3, mid = 4-6, late = 7-9 (first half 0-4, second
  half 5-9); "the end of the 1930s" is late, "the beginning" early, "the middle" mid.
  Parts of a year: early = January-April, mid = May-August, late = September-December.
  Parts of a month: early = days 1-10, mid = 11-20, late = 21 to the month's end.
* Seasons are written as month intervals (northern hemisphere: spring March-May, summer
  June-August, autumn September-November), not as EDTF season codes 21-24: few readers of
  EDTF understand the codes, and the `edtf` package reads winter (24) as December alone.
  "Winter 1941/42" is December 1941 to February 1942; a bare "winter 1941" can mean the
  winter that opens or the one that closes 1941, so it is the whole span December 1940 to
  February 1942, marked approximate.
* A two-digit year or decade takes its century from the context year (see
  `resolve_two_digit_year`), else the 1900s; its certainty is then "inferred".
* Old Style: a double date ("12/25 января 1918", "January 12/25, 1918", "12 (25) января
  1918") gives the New Style (Gregorian) day as edtf, with calendar "julian" to record that
  the text reckons in Old Style; if the two days are not the Julian and Gregorian names of
  one day the date is "uncertain". A date marked Old Style alone ("6 July 1846 (O.S.)",
  "по ст. ст.") keeps edtf as the date written -- a Julian date, not converted -- with
  calendar "julian"; marked New Style it gets calendar "gregorian".
* What `text` holds: the words that shape a date's meaning ("from 1936 to 1938", "около
  1946 г.", "the end of 1946", "в конце 30-х", "the winter of 1942") and a weekday before
  it; Russian "в"/"во", which governs the case of what follows ("в июне 1948 г.", "В 1949
  г.", "в 30-е годы"); English "in" only before a span of years ("in the late 1930s"),
  elsewhere it is left out ("in 1926" gives "1926", "in June 1940" "June 1940").
* A plain four-digit number is a year only from 1000 to 2100, and in running text only
  with a cue: a month, "in"/"в"/"since"/"year", "г."/"год", parentheses "(1913)", or a
  second year making a range. Counts, money and percentages ("1500 people", "25 miles",
  "7–8 per cent") are not dates, nor are page, volume and issue numbers.
* Numeric dates are read day first ("12.03.1947" is 12 March); slashed numeric dates
  ("03/12/1947") are not read at all, being ambiguous between the European and the
  American order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache, lru_cache

from testimonia.model import Certainty, DateValue

__all__ = ["edtf_bounds", "find_dates", "parse_date", "resolve_two_digit_year"]


# ---------------------------------------------------------------------------- vocabulary

_EN_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("January", "Jan"), 2: ("February", "Feb"), 3: ("March", "Mar"), 4: ("April", "Apr"),
    5: ("May",), 6: ("June", "Jun"), 7: ("July", "Jul"), 8: ("August", "Aug"),
    9: ("September", "Sept", "Sep"), 10: ("October", "Oct"), 11: ("November", "Nov"),
    12: ("December", "Dec"),
}
# Nominative, genitive, prepositional; abbreviations (which Russian always writes with a dot).
_RU_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("январь", "января", "январе", "янв."),
    2: ("февраль", "февраля", "феврале", "февр.", "фев."),
    3: ("март", "марта", "марте", "мар."),
    4: ("апрель", "апреля", "апреле", "апр."),
    5: ("май", "мая", "мае"),
    6: ("июнь", "июня", "июне", "июн."),
    7: ("июль", "июля", "июле", "июл."),
    8: ("август", "августа", "августе", "авг."),
    9: ("сентябрь", "сентября", "сентябре", "сент.", "сен."),
    10: ("октябрь", "октября", "октябре", "окт."),
    11: ("ноябрь", "ноября", "ноябре", "нояб.", "ноя."),
    12: ("декабрь", "декабря", "декабре", "дек."),
}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10, "XI": 11, "XII": 12}
_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun")
_RU_WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота",
                "воскресенье")
_EN_SEASONS = {"spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn",
               "winter": "winter"}
_RU_SEASONS = {
    "весна": "spring", "весны": "spring", "весне": "spring", "весной": "spring",
    "лето": "summer", "лета": "summer", "лете": "summer", "летом": "summer",
    "осень": "autumn", "осени": "autumn", "осенью": "autumn",
    "зима": "winter", "зимы": "winter", "зиме": "winter", "зимой": "winter",
}
_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11)}
_EN_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
                    "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90}
_RU_DECADE_STEMS = {"двадцат": 20, "тридцат": 30, "сороков": 40, "пятидесят": 50,
                    "шестидесят": 60, "семидесят": 70, "восьмидесят": 80, "девяност": 90}
# What follows a number that is a count, not a year.
_COUNT_WORDS = (
    "per cent", "percent", "per-cent", "million", "millions", "thousand", "thousands",
    "billion", "hundred", "miles", "mile", "km", "kilometres", "kilometers", "metres", "meters",
    "feet", "tons", "tonnes", "people", "persons", "men", "women", "children", "prisoners",
    "dollars", "roubles", "rubles", "pounds", "francs", "marks", "copies", "pages", "words",
    "letters", "times", "человек", "тыс.", "тысяч", "тысячи", "млн", "миллиона", "миллионов",
    "руб.", "рублей", "рубля", "копеек", "км", "километров", "верст", "вёрст", "страниц",
    "процентов", "процента", "долларов", "экземпляров", "раз", "писем", "заключённых",
)


def _alternation(words: Iterable[str]) -> str:
    """A regex for any of the words, as a trie: each branch starts with its own literal, which
    the regex engine checks before entering it, so a miss costs one comparison a branch."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node and branches:
            branches.append("")
        if len(branches) <= 1:
            return "".join(branches)
        return "(?:" + "|".join(branches) + ")"

    return "(?:" + emit(trie) + ")"


def _cased(words: Iterable[str], *, upper: bool = False) -> list[str]:
    out: list[str] = []
    for word in words:
        out += [word, word[:1].upper() + word[1:]] + ([word.upper()] if upper else [])
    return out


_MONTH_NUMBER: dict[str, int] = {}
_month_words: list[str] = []
for _number, _forms in (*_EN_MONTHS.items(), *_RU_MONTHS.items()):
    for _form in _forms:
        _MONTH_NUMBER[_form.lower().rstrip(".")] = _number
        _month_words += _cased([_form.lower()], upper=True)
        if _form.isascii() and ((len(_form) == 3 and _form != "May") or _form == "Sept"):
            _month_words += _cased([_form.lower() + "."], upper=True)
# English capitalises months and weekdays; lower case they are mostly other words ("may").
_month_words = [w for w in _month_words if not (w.isascii() and w.islower())]
_weekday_words = [w for w in _cased([d.lower() for d in (*_EN_WEEKDAYS, *_RU_WEEKDAYS)],
                                    upper=True) if not (w.isascii() and w.islower())]
_MONTH_FIRST = "".join(sorted({w[0] for w in _month_words}))

# ------------------------------------------------------------------------- regex pieces
#
# Every piece is written once and embedded where needed. Named groups are local to a
# kind: the finder renames them `<kind>__<name>`, so one scan yields both which kind of
# date matched and its parts, with no second match to take them apart.

_NOLETTER = r"(?![^\W\d_])"
_SP = r"[^\S\n]+"  # horizontal white space: dates do not run over paragraph breaks
_SP0 = r"[^\S\n]*"
_WS = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"  # white space with at most one line break
_DASH = r"[-‐‑‒–—―]"
_MONTH = _alternation(_month_words) + _NOLETTER
_WEEKDAY = (_alternation(_weekday_words) + _NOLETTER + r"\.?,?" + _WS)
_WD = "(?:" + _WEEKDAY + "|)"
_ROMAN_MONTH = r"(?:XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
_ORD = r"(?:st|nd|rd|th|-го|-е|)" + _NOLETTER
_YEAR4 = r"(?:1\d{3}|20\d\d|2100)(?!\d)"
_APOS = r"['’‘]\d\d(?!\d)"
_GOD = r"(?:гг?\.|г" + _NOLETTER + r"|год(?:ами|ах|ам|ов|ом|а|у|ы|)" + _NOLETTER + ")"
# "1946 г.", "1946-го", "в 1946-м году": what Russian hangs on a year.
_GSUF = (r"(?:-(?:го|м|ом|й)" + _NOLETTER + "|)(?:" + _SP0 + _GOD + "|)" + _NOLETTER)
_GSUF_REQ = (r"(?:-(?:го|м|ом|й)" + _NOLETTER + "(?:" + _SP0 + _GOD + "|)|" + _SP0 + _GOD
             + ")")
_THE = r"(?:[Tt]he" + _SP + ")"
_OF = rf"(?:{_SP}of|)"
_YC = rf"(?:,?{_WS}|,)"  # between a month or day and the year
_OSSEP = rf"(?:{_SP0}/{_SP0}|{_SP0}\({_SP0})"
_Y = rf"(?P<y>{_YEAR4}|{_APOS}){_GSUF}"

# The shapes one date can take; y, m, d name its parts. A weekday or "the" before a date
# is read by the finder's common prefix, so the forms carry them only for `_side`.
_FORMS: dict[str, str] = {
    "dmy": rf"{_WD}(?:{_THE}|)(?P<d>{_DAY}){_ORD}{_OF}{_SP}(?P<m>{_MONTH})(?:,?{_WS}{_Y}|)",
    "mdy": rf"{_WD}(?P<m>{_MONTH})(?:{_SP}(?P<d>{_DAY}){_ORD}(?:{_YC}{_Y}|)"
           rf"|{_YC}(?P<y2>{_YEAR4}|{_APOS}){_GSUF})",
    "num": rf"{_WD}(?P<d>{_DAY})\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>{_YEAR4}|\d\d(?!\d)){_GSUF}",
    "roman": rf"{_WD}(?P<d>{_DAY})(?:\.{_SP0}|{_SP})(?P<m>{_ROMAN_MONTH})(?:\.{_SP0}|{_SP})"
             rf"(?P<y>{_YEAR4}){_GSUF}",
    "iso": rf"(?P<y>{_YEAR4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)",
    "year": _Y,
    "m": rf"(?P<m>{_MONTH})",
    "d": rf"(?P<d>{_DAY}){_ORD}",
}


def _anon(pattern: str) -> str:
    """The pattern with its named groups made plain, for embedding in a larger one."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _bare(name: str) -> str:
    """A form without the weekday and "the" that the finder's prefix has already read."""
    return _FORMS[name].replace(_WD, "", 1).replace(f"(?:{_THE}|)", "", 1)


_YEARY = _anon(_Y)
_DMY_Y = rf"{_WD}(?:{_THE}|){_DAY}{_ORD}{_OF}{_SP}{_MONTH},?{_WS}{_YEARY}"
_MDY_DY = rf"{_WD}{_MONTH}{_SP}{_DAY}{_ORD}{_YC}{_YEARY}"
_OTHER = "|".join(_anon(_bare(n)) for n in ("num", "roman", "iso"))
_FULL = f"(?:{_DMY_Y}|{_MDY_DY}|{_OTHER})"  # a whole day
# The first and second sides of a range: the first may leave out what the second says.
_SIDE_A = (rf"(?:{_DAY}{_ORD}{_OF}{_SP}{_MONTH}(?:,?{_WS}{_YEARY}|)"
           rf"|{_MONTH}(?:{_SP}{_DAY}{_ORD}|)(?:{_YC}{_YEARY}|)|{_OTHER}|{_YEARY})")
_SIDE_B = rf"(?:{_DMY_Y}|{_WD}{_MONTH}(?:{_SP}{_DAY}{_ORD}|){_YC}{_YEARY}|{_OTHER}|{_YEARY})"
_CIRCA_WORDS = ("around", "about", "circa", "approximately", "roughly", "c.", "ca.", "cca.",
                "approx.", "около", "ок.", "примерно", "приблизительно")
_CIRCA = _alternation(_cased(_CIRCA_WORDS))
_PART_EN = _alternation(_cased(["early", "mid", "late"]))
_PART_EN_OF = (_alternation(_cased(["end", "beginning", "start", "middle", "close"]))
               + rf"{_SP}of")
_HALF_EN = rf"(?:[Ff]irst|[Ss]econd){_SP}half{_SP}of"
_RU_PART_WORDS = ("начале", "середине", "конце", "первой половине", "второй половине",
                  "начало", "середина", "конец", "начала", "середины", "конца",
                  "первая половина", "вторая половина")
_PART_RU = (rf"(?:(?:[вВ]о?{_SP}|)(?:начале|середине|конце|первой{_SP}половине"
            rf"|второй{_SP}половине)|[Нн]ачало|[Сс]ередина|[Кк]онец|[Нн]ачала|[Сс]ередины"
            rf"|[Кк]онца|[Пп]ервая{_SP}половина|[Вв]торая{_SP}половина)")
_RU_DEC_SUFFIX = r"(?:годов|годах|годами|годам|годы|гг\.)" + _NOLETTER
_RU_DEC_WORD = _alternation(_cased(_RU_DECADE_STEMS)) + "(?:ые|ых|ым|ыми)" + _NOLETTER
_EN_PART_ANY = rf"(?:{_PART_EN}(?:-|{_SP})|(?:{_PART_EN_OF}|{_HALF_EN}){_SP}(?:the{_SP}|))"
_FROM_WORDS = ("from", "between", "с", "со", "от", "между")
_SEASON_WORDS = (*_EN_SEASONS, *_RU_SEASONS)


def _first(chars: str) -> str:
    """A look at the first character, so that a kind that cannot start here costs one test."""
    return f"(?=[{chars}])"


def _ahead(chars: str, within: int = 48) -> str:
    """A look for a character the kind needs (a dash, a slash), so that plain dates do not
    pay for reading ranges and double dates they turn out not to be."""
    return f"(?=[^{chars}\n]{{0,{within}}}[{chars}])"


_DASHES = _DASH[1:-1]


_D, _M = r"\d", _MONTH_FIRST
_KINDS: dict[str, str] = {
    "r_from": _first("FfBbСсОоМм") + rf"(?:{_alternation(_cased(_FROM_WORDS))}){_SP}"
              rf"(?P<a>{_SIDE_A}|{_DAY}{_ORD}){_WS}(?:to|and|till|until|through|по|до|и|{_DASH})"
              rf"{_WS}(?P<b>{_SIDE_B})",
    "decade_en": _first(r"\d'’EeMmLlBbSsCcFf") + rf"(?P<p>{_EN_PART_ANY}|)"
                 rf"(?:(?P<d4>1\d\d0|20\d0)['’]?s|['’](?P<d2>\d0)s){_NOLETTER}",
    "decade_en_word": rf"(?(the)(?P<p>{_EN_PART_ANY}|)(?:[Nn]ineteen[- ]|)"
                      rf"(?P<w>{_alternation(_cased(_EN_DECADE_WORDS))}){_NOLETTER}|(?!))",
    "decade_ru": _first(r"\dвВнНсСкКпП") + rf"(?:(?P<p>{_PART_RU}){_SP}|)"
                 rf"(?P<dec>(?:1\d|20|)\d0)-?(?:х|е|ые|ых|ым|ми|ыми)"
                 rf"{_NOLETTER}(?!{_SP}числ)(?:{_SP}{_RU_DEC_SUFFIX}|)",
    "decade_ru_word": _first("вВнНсСкКпПдДтТшШ")
                      + rf"(?:(?P<p>{_PART_RU}){_SP}(?P<w>{_RU_DEC_WORD})(?:{_SP}{_RU_DEC_SUFFIX}|)"
                      rf"|(?P<w2>{_RU_DEC_WORD}){_SP}{_RU_DEC_SUFFIX})",
    "part_en": _first("EeMmLlBbSsCcFf")
               + rf"(?:(?P<p>{_PART_EN_OF}){_SP}(?:the{_SP}year{_SP}|)"
               rf"|(?P<p2>{_PART_EN})(?:-|{_SP})|(?P<p3>{_HALF_EN}){_SP})"
               rf"(?P<x>{_MONTH}{_YC}{_YEARY}|{_YEARY})",
    "part_ru": _first("вВнНсСкКпП") + rf"(?P<p>{_PART_RU}){_SP}(?P<x>{_MONTH}{_YC}{_YEARY}|{_YEARY})",
    "season": _first("SsFfWwAaВвЛлОоЗз")
              + rf"(?P<s>{_alternation(_cased(_SEASON_WORDS))})"
              rf"{_NOLETTER}{_OF},?{_SP}(?P<y>{_YEAR4}|{_APOS})"
              rf"(?:{_SP0}(?:/|{_DASH}){_SP0}(?P<y2>{_YEAR4}|\d\d(?!\d))|){_GSUF}",
    "os_full": _first(_D + _M) + _ahead("/(") + rf"(?P<a>{_FULL}){_OSSEP}(?P<b>{_FULL})\)?",
    "os_dm": _first(_D) + _ahead("/(", 24) + rf"(?P<d1>{_DAY}){_ORD}{_SP}(?P<m1>{_MONTH}){_OSSEP}(?P<d2>{_DAY})"
             rf"{_ORD}{_SP}(?P<m2>{_MONTH})\)?,?{_WS}(?P<y>{_YEAR4}){_GSUF}",
    "os_d": _first(_D) + _ahead("/(", 8) + rf"(?P<d1>{_DAY}){_ORD}{_OSSEP}(?P<d2>{_DAY}){_ORD}\)?{_SP}"
            rf"(?P<m>{_MONTH}),?{_WS}(?P<y>{_YEAR4}){_GSUF}",
    "os_md": _first(_M) + _ahead("/(", 24) + rf"(?P<m>{_MONTH}){_SP}(?P<d1>{_DAY}){_ORD}{_OSSEP}(?P<d2>{_DAY})"
             rf"{_ORD}\)?{_YC}(?P<y>{_YEAR4}){_GSUF}",
    "r_days_dmy": _first(_D) + _ahead(_DASHES, 8) + rf"(?P<d1>{_DAY}){_ORD}{_SP0}{_DASH}{_SP0}(?P<d2>{_DAY}){_ORD}"
                  rf"{_SP}(?P<m>{_MONTH}),?{_WS}{_Y}",
    "r_days_mdy": _first(_M) + _ahead(_DASHES, 24) + rf"(?P<m>{_MONTH}){_SP}(?P<d1>{_DAY}){_ORD}{_SP0}{_DASH}{_SP0}"
                  rf"(?P<d2>{_DAY}){_ORD}{_YC}{_Y}",
    "iso": _first(_D) + _FORMS["iso"],
    "r_dash": _first(_D + _M + "'’‘") + _ahead(_DASHES) + rf"(?P<a>{_SIDE_A}){_SP0}{_DASH}{_SP0}(?P<b>{_SIDE_B})",
    "r_short": _first(_D) + _ahead(_DASHES + "/", 8) + rf"(?P<a>{_YEAR4}){_SP0}(?:{_DASH}|/){_SP0}"
               rf"(?P<b>{_YEAR4}|\d\d(?!\d)){_GSUF}",
    "dmy": _first(_D) + _bare("dmy"),
    "mdy": _first(_M) + _bare("mdy"),
    "num": _first(_D) + _bare("num"),
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
_GATE = (rf"(?<![\w.,/\\])(?=[\d'’‘]|{_RARE}{_NOLETTER}|{_COMMON}{_STEP}(?:{_FILL}{_STEP}){{0,4}}"
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
        + rf"|(?<=\()(?P<pyear>{_scoped('pyear', '(?P<y>' + _YEAR4 + ')')})(?=\)))"
        + _SUFFIX + _END
    )


@cache
def _group_numbers() -> dict[str, tuple[tuple[str, int], ...]]:
    """For each kind, its parts' names and their group numbers in the finder."""
    numbers: dict[str, list[tuple[str, int]]] = {}
    for full, number in _finder().groupindex.items():
        kind, _, name = full.partition("__")
        if name:
            numbers.setdefault(kind, []).append((name, number))
    return {kind: tuple(numbers.get(kind, ())) for kind in _HANDLERS}


_FORM_RE = [re.compile(pattern) for pattern in _FORMS.values()]
_DAY_FORMS = [re.compile(_FORMS[name] + r"(?![-‐‑‒–—―/]?\d)")
              for name in ("dmy", "mdy", "num", "roman", "iso")]
_WHOLE_YEAR = re.compile(_Y)
# What may stand around a date that parse_date is given: brackets, quotes, punctuation.
_STRIP = re.compile(r"[\s()\[\]«»\"“”„*#_.,:;!?–—-]*")
_LEAD = re.compile(r"[\s()\[\]«»\"“”„*#_.,:;–—-]*(?:(?:[Ii]n|[Oo]n|[Ss]ince|[Uu]ntil|[Dd]uring|[Вв]о?)\s+)?"
                   r"(?:[Tt]he\s+)?(?:[Yy]ear\s+)?")
_DOUBT = re.compile(r"\s*(?:\?|\(\?\)|\[\?\])")
_JULIAN_MARK = re.compile(r"O\.|o\.|[Oo]ld|старому|ст\.\s?ст\.")

# ---------------------------------------------------------------------------- helpers

_Parts = tuple[int | None, int | None, int | None, bool]  # year, month, day, year inferred
_Get = Callable[[str], "str | None"]
_Result = tuple[str, Certainty, "str | None"] | None


def resolve_two_digit_year(yy: int, context_year: int | None) -> int:
    """The full year a writer meant by "’27" or "30-е".

    Letters and diaries look back far more than forward, so of the years ending in `yy` the
    one nearest the context year wins, a year after it counting four times its distance
    (with context 1946: "’46" is 1946, "’27" 1927, "’60" 1960, "’70" 1870). Without context
    the 1900s are assumed: the century of nearly all the repression this archive documents.
    """
    if not 0 <= yy <= 99:
        raise ValueError(f"not a two-digit year: {yy}")
    if context_year is None:
        return 1900 + yy
    base = context_year - context_year % 100
    candidates = (base - 100 + yy, base + yy, base + 100 + yy)
    return min(candidates, key=lambda y: (context_year - y if y <= context_year
                                          else 4 * (y - context_year), y))


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _year(token: str, context_year: int | None) -> tuple[int, bool]:
    if len(token) == 4:
        return int(token), False
    return resolve_two_digit_year(int(token[-2:]), context_year), True


def _month(token: str) -> int:
    if token in _ROMAN:
        return _ROMAN[token]
    if token.isdigit():
        return int(token)
    return _MONTH_NUMBER[token.lower().rstrip(".")]


def _parts(get: _Get, context_year: int | None) -> _Parts | None:
    y, m, d = get("y") or get("y2"), get("m"), get("d")
    year, inferred = _year(y, context_year) if y else (None, False)
    month = _month(m) if m else None
    day = int(d) if d else None
    if day is not None and day > _days_in_month(year or 2000, month or 1 if month else 1):
        return None
    return year, month, day, inferred


def _side(text: str, context_year: int | None) -> _Parts | None:
    """One side of a range (or of a circa) taken apart by the form that fits it whole."""
    for regex in _FORM_RE:
        m = regex.fullmatch(text)
        if m:
            return _parts(m.groupdict().get, context_year)
    return None


def _fmt(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _qualify(edtf: str, mark: str) -> str:
    return "/".join(side + mark for side in edtf.split("/"))


def _julian_to_gregorian(year: int, month: int, day: int) -> date:
    a = (14 - month) // 12
    y, m = year + 4800 - a, month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    return date.fromordinal(jdn - 1721425)


# ---------------------------------------------------------------------------- handlers
# Each takes the parts of one match (by name) and the context year, and returns
# (edtf, certainty, calendar), or None where the parts make no date.


def _simple(get: _Get, context_year: int | None) -> _Result:
    parts = _parts(get, context_year)
    if parts is None:
        return None
    year, month, day, inferred = parts
    if year is None:
        # "15 ноября" names a day only when the document says which year it is in.
        if context_year is None or month is None or day is None \
                or day > _days_in_month(context_year, month):
            return None
        return _fmt(context_year, month, day), "inferred", None
    return _fmt(year, month, day), "inferred" if inferred else "stated", None


def _interval(a: _Parts, b: _Parts) -> tuple[str, bool] | None:
    ya, ma, da, ia = a
    yb, mb, db, ib = b
    if yb is None:
        return None
    if ya is None:
        if ma is None:
            ma = mb
            if ma is None:
                return None
        # "December – January 1947": the first month closes the year before.
        ya = yb - 1 if mb is not None and (ma, da or 1) > (mb, db or 1) else yb
    if da is not None and da > _days_in_month(ya, ma or 1):
        return None
    if (ya, ma or 1, da or 1) > (yb, mb or 1, db or 1):
        return None
    return f"{_fmt(ya, ma, da)}/{_fmt(yb, mb, db)}", ia or ib


def _range(get: _Get, context_year: int | None) -> _Result:
    a, b = _side(get("a") or "", context_year), _side(get("b") or "", context_year)
    if a is None or b is None:
        return None
    found = _interval(a, b)
    if found is None:
        return None
    return found[0], "inferred" if found[1] else "stated", None


def _short_range(get: _Get, context_year: int | None) -> _Result:
    start, b = int(get("a") or 0), get("b") or ""
    end = int(b) if len(b) == 4 else start - start % 100 + int(b)
    if end <= start:
        return None
    return f"{start}/{end}", "stated", None


def _day_range(get: _Get, context_year: int | None) -> _Result:
    year, inferred = _year(get("y") or "", context_year)
    month, d1, d2 = _month(get("m") or ""), int(get("d1") or 0), int(get("d2") or 0)
    if not d1 < d2 <= _days_in_month(year, month):
        return None
    return (f"{_fmt(year, month, d1)}/{_fmt(year, month, d2)}",
            "inferred" if inferred else "stated", None)


def _double(julian: tuple[int, int, int], gregorian: tuple[int, int, int]) -> _Result:
    """An Old Style / New Style pair: keep the New Style day, check the two agree."""
    if julian[2] > _days_in_month(julian[0], julian[1]) \
            or gregorian[2] > _days_in_month(gregorian[0], gregorian[1]):
        return None
    agree = _julian_to_gregorian(*julian) == date(*gregorian)
    return _fmt(*gregorian), "stated" if agree else "uncertain", "julian"


def _os_days(get: _Get, context_year: int | None) -> _Result:
    year, month = int(get("y") or 0), _month(get("m") or "")
    return _double((year, month, int(get("d1") or 0)), (year, month, int(get("d2") or 0)))


def _os_day_months(get: _Get, context_year: int | None) -> _Result:
    year, m1, m2 = int(get("y") or 0), _month(get("m1") or ""), _month(get("m2") or "")
    # "19 декабря / 1 января 1918": the Old Style side still belongs to the year before.
    return _double((year - 1 if m1 > m2 else year, m1, int(get("d1") or 0)),
                   (year, m2, int(get("d2") or 0)))


def _os_full(get: _Get, context_year: int | None) -> _Result:
    a, b = _side(get("a") or "", context_year), _side(get("b") or "", context_year)
    if a is None or b is None or a[0] is None or b[0] is None:
        return None
    ya, ma, da, _ = a
    yb, mb, db, _ = b
    if ma is None or da is None or mb is None or db is None:
        return None
    found = _double((ya, ma, da), (yb, mb, db))
    # Two whole dates side by side are one double date only if they name the same day.
    return found if found and found[1] == "stated" else None


_PART_KEYS = {
    "early": "early", "beginning": "early", "start": "early", "начале": "early",
    "начало": "early", "начала": "early", "mid": "mid", "middle": "mid", "середине": "mid",
    "середина": "mid", "середины": "mid", "late": "late", "end": "late", "close": "late",
    "конце": "late", "конец": "late", "конца": "late", "first half": "h1",
    "первой половине": "h1", "первая половина": "h1", "second half": "h2",
    "второй половине": "h2", "вторая половина": "h2",
}
_DECADE_PARTS = {None: (0, 9), "early": (0, 3), "mid": (4, 6), "late": (7, 9), "h1": (0, 4),
                 "h2": (5, 9)}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "h1": (1, 6), "h2": (7, 12)}
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31), "h1": (1, 15),
                "h2": (16, 31)}
_PART_NOISE = {"в", "во", "the", "of", "-"}


def _part(token: str | None) -> str | None:
    if not token:
        return None
    words = token.lower().replace("-", " ").split()
    return _PART_KEYS[" ".join(w for w in words if w not in _PART_NOISE)]


def _decade(get: _Get, context_year: int | None) -> _Result:
    digits = get("d4") or get("dec")
    if digits and len(digits) == 4:
        start = int(digits)
    else:
        if digits or get("d2"):
            yy = int(digits or get("d2") or 0)
        elif get("w"):
            word = (get("w") or "").lower()
            yy = _EN_DECADE_WORDS.get(word) or _RU_DECADE_STEMS[word.rstrip("ыхмие")]
        else:
            yy = _RU_DECADE_STEMS[(get("w2") or "").lower().rstrip("ыхмие")]
        start = resolve_two_digit_year(yy, context_year)
    low, high = _DECADE_PARTS[_part(get("p"))]
    return f"{start + low}/{start + high}", "approximate", None


def _year_part(get: _Get, context_year: int | None) -> _Result:
    part = _part(get("p") or get("p2") or get("p3"))
    parts = _side(get("x") or "", context_year)
    if part is None or parts is None or parts[0] is None:
        return None
    year, month = parts[0], parts[1]
    if month is None:
        low, high = _YEAR_PARTS[part]
        return f"{_fmt(year, low)}/{_fmt(year, high)}", "approximate", None
    low, high = _MONTH_PARTS[part]
    high = min(high, _days_in_month(year, month))
    return f"{_fmt(year, month, low)}/{_fmt(year, month, high)}", "approximate", None


def _season(get: _Get, context_year: int | None) -> _Result:
    word = (get("s") or "").lower()
    season = _EN_SEASONS.get(word) or _RU_SEASONS[word]
    year, inferred = _year(get("y") or "", context_year)
    certainty: Certainty = "inferred" if inferred else "stated"
    y2 = get("y2")
    if y2:
        second = int(y2) if len(y2) == 4 else year - year % 100 + int(y2)
        if season != "winter" or second != year + 1:
            return None
        return f"{year}-12/{second}-02", certainty, None
    if season == "winter":
        return f"{year - 1}-12/{year + 1}-02", "approximate", None
    low, high = _SEASON_MONTHS[season]
    return f"{_fmt(year, low)}/{_fmt(year, high)}", certainty, None


# Kinds that keep an English "in" before them, as in "in the late 1930s".
_SPANS = frozenset({"decade_en", "decade_en_word", "part_en"})
_HANDLERS: dict[str, Callable[[_Get, int | None], _Result]] = {
    "ayear": _simple, "r_from": _range, "decade_en": _decade, "decade_en_word": _decade,
    "decade_ru": _decade, "decade_ru_word": _decade, "part_en": _year_part,
    "part_ru": _year_part, "season": _season, "os_full": _os_full, "os_dm": _os_day_months,
    "os_d": _os_days, "os_md": _os_days, "r_days_dmy": _day_range, "r_days_mdy": _day_range,
    "iso": _simple, "r_dash": _range, "r_short": _short_range, "dmy": _simple, "mdy": _simple,
    "num": _simple, "roman": _simple, "cueyear": _simple, "gyear": _simple, "pyear": _simple,
}
assert set(_HANDLERS) == {*_KINDS, "cueyear", "gyear", "pyear"}


def _read(text: str, m: re.Match[str], context_year: int | None) -> DateValue | None:
    """The DateValue for one finder match, or None when its parts make no date."""
    kind = m.lastgroup or ""
    start, end = m.start(), m.end(kind)
    if m.start("cue") >= 0 and text[start].isascii() and kind not in _SPANS:
        start = m.end("cue")
    group = m.group
    parts = {name: group(index) for name, index in _group_numbers()[kind]}
    found = _HANDLERS[kind](parts.get, context_year)
    if found is None:
        return None
    edtf, certainty, calendar = found
    if m.start("circa") >= 0:
        edtf, certainty = _qualify(edtf, "~"), "approximate"
    stop = max(m.end(), end)
    if stop > end:
        suffix = text[end:stop]
        if "?" in suffix:
            edtf = _qualify(edtf.replace("~", ""), "%" if "~" in edtf else "?")
            certainty = "uncertain"
        if suffix.strip(" ,?()[]\t\xa0"):
            calendar = "julian" if _JULIAN_MARK.search(suffix) else "gregorian"
    return DateValue(text=text[start:stop], edtf=edtf, certainty=certainty, calendar=calendar,
                     start=start, end=stop)


def _fallback(text: str, m: re.Match[str], context_year: int | None) -> DateValue | None:
    """A single day where the longest reading made no date.

    "6 July 1946 / 7 July 1946" reads as a double date until its days prove not to be one;
    then the first day still stands on its own.
    """
    start = m.start(m.lastgroup or 0)
    for regex in _DAY_FORMS:
        day = regex.match(text, start)
        if day is not None:
            found = _simple(day.groupdict().get, None)
            if found is not None and day.group("d"):
                return DateValue(text=day.group(), edtf=found[0], certainty=found[1],
                                 start=start, end=day.end())
    return None


# ------------------------------------------------------------------------------ public


def find_dates(text: str, *, context_year: int | None = None) -> list[DateValue]:
    """Every date expression in running text, in order, with offsets into `text`.

    One precompiled pattern scans the text once; where several readings start at the same
    place the longest comes first in the pattern, so "July 6–8, 1946" is one range and not
    "July 6". Matches never overlap. `context_year` (the document's year, where known)
    supplies the century of "’27" and the year of "15 ноября".
    """
    found: list[DateValue] = []
    search = _finder().search
    pos = 0
    while True:
        m = search(text, pos)
        if m is None:
            return found
        value = _read(text, m, context_year) or _fallback(text, m, context_year)
        if value is None:
            pos = m.start() + 1
            continue
        found.append(value)
        pos = value.end or m.end()


def parse_date(text: str, *, context_year: int | None = None) -> DateValue | None:
    """The date a short string states, or None if the string is something else.

    For fields that should hold a date (a dateline, a header's date, a catalogue entry):
    the string may add only punctuation, brackets and a preposition ("in", "в") to the date,
    and a bare year or "’46" counts here although it would not in running text. Datelines
    with a place ("Москва, 12.III.1947") are for `find_dates`. `text` is the date as written
    without what surrounds it; start/end are left unset: they locate a date in a source's
    text, which this string need not be.
    """
    if not text or len(text) > 200:
        return None
    m = _finder().search(text)
    value = _read(text, m, context_year) if m is not None else None
    if value is not None and not (_LEAD.fullmatch(text, 0, value.start or 0)
                                  and _STRIP.fullmatch(text, value.end or 0)):
        value = None
    if value is None:
        lead = _LEAD.match(text)
        y = _WHOLE_YEAR.match(text, lead.end() if lead else 0)
        if y is None or not _STRIP.fullmatch(text, y.end()):
            return None
        year, inferred = _year(y["y"], context_year)
        value = DateValue(text=y.group(), edtf=_fmt(year),
                          certainty="inferred" if inferred else "stated",
                          start=y.start(), end=y.end())
    start, end = value.start or 0, value.end or 0
    doubt = _DOUBT.match(text, end)
    if doubt and value.certainty != "uncertain" and value.edtf:
        value.edtf = _qualify(value.edtf.replace("~", ""), "%" if "~" in value.edtf else "?")
        value.certainty = "uncertain"
        end = doubt.end()
    value.text = text[start:end]
    value.start = value.end = None
    return value


# ------------------------------------------------------------------------------ bounds

_EDTF_SIDE = re.compile(r"(?P<y>[\dX]{4})(?:-(?P<m>[\dX]{2})(?:-(?P<d>[\dX]{2}))?)?")
_EDTF_QUALIFIERS = str.maketrans("", "", "~?%")
_CODE_SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11)}


def _digits(token: str, low: int, high: int) -> tuple[int, int]:
    return max(int(token.replace("X", "0")), low), min(int(token.replace("X", "9")), high)


def _side_bounds(side: str) -> tuple[str | None, str | None] | None:
    """Earliest and latest day of one EDTF date, or None when it is beyond this reader."""
    m = _EDTF_SIDE.fullmatch(side.translate(_EDTF_QUALIFIERS))
    if m is None:
        return None
    if m["y"] == "XXXX":  # no year at all: nothing to sort or filter by
        return None, None
    y_lo, y_hi = _digits(m["y"], 0, 9999)
    if m["m"] is None:
        return f"{y_lo:04d}-01-01", f"{y_hi:04d}-12-31"
    if m["m"].isdigit() and int(m["m"]) > 12:
        code = int(m["m"])
        if m["d"] is not None or y_lo != y_hi or code not in (*_CODE_SEASONS, 24):
            return None
        if code == 24:  # winter: December and the two months that follow it
            return f"{y_lo:04d}-12-01", f"{y_lo + 1:04d}-02-{_days_in_month(y_lo + 1, 2):02d}"
        low, high = _CODE_SEASONS[code]
        return (f"{y_lo:04d}-{low:02d}-01",
                f"{y_lo:04d}-{high:02d}-{_days_in_month(y_lo, high):02d}")
    m_lo, m_hi = _digits(m["m"], 1, 12)
    if m_lo > m_hi:
        raise ValueError(f"no such month in EDTF {side!r}")
    if m["d"] is None:
        return (f"{y_lo:04d}-{m_lo:02d}-01",
                f"{y_hi:04d}-{m_hi:02d}-{_days_in_month(y_hi, m_hi):02d}")
    d_lo, _ = _digits(m["d"], 1, 31)
    _, d_hi = _digits(m["d"], 1, _days_in_month(y_hi, m_hi))
    if "X" not in m["d"] and "X" not in m["m"] + m["y"] \
            and d_lo > _days_in_month(y_lo, m_lo):
        raise ValueError(f"no such day in EDTF {side!r}")
    if d_lo > d_hi:
        raise ValueError(f"no such day in EDTF {side!r}")
    return f"{y_lo:04d}-{m_lo:02d}-{d_lo:02d}", f"{y_hi:04d}-{m_hi:02d}-{d_hi:02d}"


def _iso(value: object) -> str | None:
    if isinstance(value, float):  # the edtf package's +/- infinity for an open end
        return None
    year, month, day = value[:3]  # type: ignore[index]
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


@lru_cache(maxsize=16384)
def edtf_bounds(edtf: str) -> tuple[str | None, str | None]:
    """Earliest and latest ISO day an EDTF value covers, None for an open or unknown end.

    Sorting and filtering call this for every stored date, and the `edtf` package takes
    milliseconds a parse, so the forms this module writes (days, months, years, "193X",
    qualifiers, seasons 21-24, intervals with open ends) are computed here; anything else
    (sets, long years, level-2 seasons) goes to `edtf.parse_edtf`. Qualifiers do not widen
    the bounds. Raises ValueError for what is not EDTF.
    """
    value = edtf.strip()
    if "/" in value and not value.startswith(("[", "{")):
        left, _, right = value.partition("/")
        sides = [None if s in ("", "..") else _side_bounds(s) for s in (left, right)]
        if all(s is not None or raw in ("", "..") for s, raw in zip(sides, (left, right),
                                                                     strict=True)):
            low = sides[0][0] if sides[0] else None
            high = sides[1][1] if sides[1] else None
            if low and high and low > high:
                raise ValueError(f"interval ends before it begins: {edtf!r}")
            return low, high
    else:
        bounds = _side_bounds(value)
        if bounds is not None:
            return bounds
    return _edtf_package_bounds(value)


def _edtf_package_bounds(value: str) -> tuple[str | None, str | None]:
    from edtf import parse_edtf  # imported late: it costs a quarter-second to load

    try:
        parsed = parse_edtf(value)
        return _iso(parsed.lower_strict()), _iso(parsed.upper_strict())
    except Exception as exc:  # the package raises several kinds on bad input
        raise ValueError(f"not an EDTF date: {value!r}") from exc
