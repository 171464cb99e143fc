"""The words dates are written with, and the regex pieces spelled from them.

Months, weekdays, seasons, decade words, the words for parts of a span and for counts are
kept as tables apart from the grammar, so that adding a month abbreviation or a Russian
case ending is a change to a table, not to a pattern; each regex piece built from them is
written once here and embedded wherever the grammar needs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
# "6th", "12 th", "28th." (as hands wrote them), "12-го", "1-е".
_ORD = r"(?:[^\S\n]?(?:st|nd|rd|th)\.?(?![a-z])|(?:-го|-е|)" + _NOLETTER + ")"
_YEAR4 = r"(?:1\d{3}|20\d\d|2100)(?!\d)"
_APOS = r"['’‘]\d\d(?!\d)"
_GOD = r"(?:[гГ][гГ]?\.|г" + _NOLETTER + r"|год(?:ами|ах|ам|ов|ом|а|у|ы|)" + _NOLETTER + ")"
# "1946 г.", "1946-го", "в 1946-м году": what Russian hangs on a year.
_GSUF = (r"(?:-(?:го|м|ом|й)" + _NOLETTER + "|)(?:" + _SP0 + _GOD + "|)" + _NOLETTER)
_GSUF_REQ = (r"(?:-(?:го|м|ом|й)" + _NOLETTER + "(?:" + _SP0 + _GOD + "|)|" + _SP0 + _GOD
             + ")")
_THE = r"(?:[Tt]he" + _SP + ")"
_OF = rf"(?:{_SP}of|)"
# Between a day and its month: "6 July", "the 12th of March", and "2ndJuly" as typed.
_DM = rf"(?:{_OF}{_SP}|(?<=[a-z.]))"
# Between a month or day and the year: "July 6, 1946", "May 9.1916", "Dec 13/1915".
_YC = rf"(?:[,:]?{_WS}|[,.:/]|{_SP0}/{_SP0})"
_OSSEP = rf"(?:{_SP0}/{_SP0}|{_SP0}\({_SP0})"
_Y = rf"(?P<y>{_YEAR4}|{_APOS}){_GSUF}"

# Words that qualify a date: approximation, a part of a span, the opening of a range.
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
