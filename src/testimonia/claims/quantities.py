"""Quantities: how many, how much, what share, as a witness states it, normalised to an interval.

"15 to 20 million" is [15e6, 20e6]; "more than 1,200 letters" is [1200, open); "up to 20" is
(open, 20]; "around 20 million adults" keeps [20e6, 20e6] with the qualifier "around", because
an estimate's vagueness belongs to the witness and weighing allows for it (see `weigh.py`).
"hundreds of thousands" is [100,000, 999,999]. The counted thing is the noun phrase after the
number ("20 million adults"), or before it when the number closes the phrase ("Penal manpower,
15 to 20 million"); "of the adult population" after a percentage is what it is a share of.

A bare number with neither unit nor counted thing (an age, a house number) is not a claim;
years, dates, page and issue numbers, and footnote markers are left to other stages.
"""

from __future__ import annotations

import re

from testimonia.claims.context import DocumentContext, Spans
from testimonia.claims.model import Claim
from testimonia.structure.dates import find_dates

# Number words by the place they take in a compound ("one hundred and twenty-three",
# "двести пятьдесят восемь"), so that a compound is read whole and not as its last word.
_EN_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9}
_EN_TEENS = {"zero": 0, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
             "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_EN_ALONE = {"a hundred": 100, "hundred": 100, "a dozen": 12, "dozen": 12, "a thousand": 1000}
# Russian numerals in the cases a count takes: nominative/accusative, genitive, dative,
# instrumental ("пять", "пяти", "пятью"; "сорок", "сорока").
_RU_ONES = {"один": 1, "одна": 1, "одного": 1, "одной": 1, "два": 2, "две": 2, "двух": 2, "двум": 2,
            "двумя": 2, "три": 3, "трёх": 3, "трех": 3, "трём": 3, "трем": 3, "тремя": 3,
            "четыре": 4, "четырёх": 4, "четырех": 4, "четырьмя": 4, "пять": 5, "пяти": 5, "пятью": 5,
            "шесть": 6, "шести": 6, "шестью": 6, "семь": 7, "семи": 7, "семью": 7, "восемь": 8,
            "восьми": 8, "восемью": 8, "девять": 9, "девяти": 9, "девятью": 9}
_RU_TEENS = {"десять": 10, "десяти": 10, "десятью": 10, "одиннадцать": 11, "одиннадцати": 11,
             "двенадцать": 12, "двенадцати": 12, "тринадцать": 13, "тринадцати": 13,
             "четырнадцать": 14, "четырнадцати": 14, "пятнадцать": 15, "пятнадцати": 15,
             "шестнадцать": 16, "шестнадцати": 16, "семнадцать": 17, "семнадцати": 17,
             "восемнадцать": 18, "восемнадцати": 18, "девятнадцать": 19, "девятнадцати": 19}
_RU_TENS = {"двадцать": 20, "двадцати": 20, "тридцать": 30, "тридцати": 30, "сорок": 40, "сорока": 40,
            "пятьдесят": 50, "пятидесяти": 50, "шестьдесят": 60, "шестидесяти": 60,
            "семьдесят": 70, "семидесяти": 70, "восемьдесят": 80, "восьмидесяти": 80,
            "девяносто": 90, "девяноста": 90}
_RU_HUNDREDS = {"сто": 100, "ста": 100, "двести": 200, "двухсот": 200, "триста": 300, "трёхсот": 300,
                "трехсот": 300, "четыреста": 400, "четырёхсот": 400, "четырехсот": 400,
                "пятьсот": 500, "пятисот": 500, "шестьсот": 600, "шестисот": 600, "семьсот": 700,
                "семисот": 700, "восемьсот": 800, "восьмисот": 800, "девятьсот": 900,
                "девятисот": 900}
_RU_ALONE = {"тысяча": 1000, "тысячу": 1000}
_EN_UNITS = {**_EN_ONES, **_EN_TEENS, **_EN_TENS, **_EN_ALONE}
_RU_UNITS = {**_RU_ONES, **_RU_TEENS, **_RU_TENS, **_RU_HUNDREDS, **_RU_ALONE}
_WORD_NUMBERS = {**_EN_UNITS, **_RU_UNITS}
_SCALES = {"thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "тысяча": 1e3,
           "тысячи": 1e3, "тысяч": 1e3, "тыс": 1e3, "миллион": 1e6, "миллиона": 1e6,
           "миллионов": 1e6, "млн": 1e6, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9,
           "млрд": 1e9}
# Vague magnitudes: "hundreds of thousands", "десятки тысяч", "thousands".
_VAGUE = [
    (r"hundreds of thousands|сотни тысяч|сотен тысяч", 1e5, 1e6 - 1),
    (r"tens of thousands|десятки тысяч|десятков тысяч", 1e4, 1e5 - 1),
    (r"hundreds of millions|сотни миллионов", 1e8, 1e9 - 1),
    (r"tens of millions|десятки миллионов|десятков миллионов", 1e7, 1e8 - 1),
    (r"millions|миллионы|миллионов людей", 1e6, 1e7 - 1),
    (r"thousands|тысячи|тысяч(?= людей| человек)", 1e3, 1e4 - 1),
    (r"hundreds|сотни|сотен", 100, 999),
    (r"dozens|десятки|десятков", 24, 99),
]
_QUALIFIERS = [
    ("at least", "at least"), ("no fewer than", "at least"), ("not less than", "at least"),
    ("more than", "more than"), ("over", "more than"), ("upwards of", "more than"),
    ("in excess of", "more than"), ("above", "more than"),
    ("up to", "up to"), ("as many as", "up to"), ("at most", "up to"), ("no more than", "up to"),
    ("fewer than", "less than"), ("less than", "less than"), ("under", "less than"),
    ("nearly", "nearly"), ("almost", "nearly"),
    ("around", "around"), ("about", "around"), ("approximately", "around"), ("some", "around"),
    ("roughly", "around"), ("circa", "around"), ("c.", "around"), ("perhaps", "around"),
    ("probably", "around"), ("an estimated", "around"),
    ("не менее", "at least"), ("не меньше", "at least"), ("по меньшей мере", "at least"),
    ("по крайней мере", "at least"), ("более", "more than"), ("больше", "more than"),
    ("свыше", "more than"), ("свыше чем", "more than"), ("до", "up to"), ("не более", "up to"),
    ("менее", "less than"), ("меньше", "less than"), ("почти", "nearly"), ("около", "around"),
    ("примерно", "around"), ("приблизительно", "around"), ("порядка", "around"),
    ("чуть ли не", "nearly"),
]
_UNITS = [
    (r"per ?cent|percent|%|процент(?:а|ов)?|проц\.", "percent"),
    (r"miles?", "mile"), (r"kilomet(?:re|er)s?|km|километр(?:а|ов)?|км", "km"),
    (r"versts?|верст[аы]?", "verst"), (r"years?|лет|года?|годы|годам|годами|годах", "year"),
    (r"months?|месяц(?:а|ев)?", "month"), (r"weeks?|недел(?:я|и|ь|ю)", "week"),
    (r"days?|дн(?:я|ей)|день", "day"), (r"hours?|час(?:а|ов)?", "hour"),
    (r"minutes?|минут[аы]?", "minute"),
    (r"roubles?|rubles?|рубл(?:ь|я|ей)|руб\.", "rouble"), (r"dollars?|\$|долларов", "dollar"),
    (r"tons?|tonnes?|тонн", "tonne"), (r"grams?|грамм(?:ов)?|г\.", "gram"),
]
_NUMBER = r"(?:\d{1,3}(?:[,\u00a0\u202f ]\d{3})+|\d+(?:[.,]\d+)?)"


def _alternatives(words: dict[str, int] | set[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_EN_BELOW_100 = (rf"(?:(?:{_alternatives(_EN_TENS)})(?:[\s-]+(?:{_alternatives(_EN_ONES)}))?"
                 rf"|{_alternatives(_EN_TEENS)}|{_alternatives(_EN_ONES)})")
_RU_BELOW_100 = (rf"(?:(?:{_alternatives(_RU_TENS)})(?:\s+(?:{_alternatives(_RU_ONES)}))?"
                 rf"|{_alternatives(_RU_TEENS)}|{_alternatives(_RU_ONES)})")
_WORDNUM = (rf"(?:(?:{_alternatives(_EN_ONES)}|a)\s+hundred(?:\s+(?:and\s+)?{_EN_BELOW_100})?"
            rf"|(?:{_alternatives(_RU_HUNDREDS)})(?:\s+{_RU_BELOW_100})?"
            rf"|{_EN_BELOW_100}|{_RU_BELOW_100}|{_alternatives(_EN_ALONE)}|{_alternatives(_RU_ALONE)})")
_SCALE = "|".join(sorted((re.escape(w) for w in _SCALES), key=len, reverse=True))
_VALUE = rf"(?:{_NUMBER}|\b(?:{_WORDNUM})\b)"
_RANGE_JOIN = r"\s*(?:[–—-]|\bto\b|\bor\b|\band\b|\bдо\b|\bили\b)\s*"
_QUANTITY = re.compile(
    rf"(?P<between>\b(?:between|from|от|между)\s+)?(?P<low>{_VALUE})(?:\s*(?P<lowscale>{_SCALE})\.?)?"
    rf"(?:(?P<join>{_RANGE_JOIN})(?P<high>{_VALUE}))?(?:\s*(?P<scale>{_SCALE})\b\.?)?",
    re.IGNORECASE)
_VAGUE_RE = re.compile("|".join(f"(?P<v{i}>\\b(?:{p})\\b)" for i, (p, _, _) in enumerate(_VAGUE)),
                       re.IGNORECASE)
_UNIT_RE = [(re.compile(rf"\s*(?:{p})(?!\w)", re.IGNORECASE), name) for p, name in _UNITS]
_SKIP_BEFORE = re.compile(r"(?:\bpp?\.|\bpages?|\bvol\.|\bno\.|\bnr\.|\bissue|№|\bс\.|\bт\.|[\[#])\s*$",
                          re.IGNORECASE)
_MONTHS = re.compile(r"^\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|янв|фев|мар|апр|ма[яй]|"
                     r"июн|июл|авг|сен|окт|ноя|дек)", re.IGNORECASE)
_STOP = {"of", "in", "who", "which", "that", "and", "or", "but", "to", "from", "by", "at", "on", "for",
         "with", "were", "was", "are", "is", "had", "have", "has", "be", "been", "as", "than", "when",
         "и", "в", "во", "на", "из", "что", "который", "которые", "были", "было", "был", "за", "по",
         "а", "но", "или", "с", "со", "к", "от", "для", "как", "чем", "the", "a", "an", "its", "their",
         "his", "her", "our", "it", "this", "these", "those", "there", "he", "she", "they", "we", "i",
         "more", "less", "times"}
_ARTICLES = {"the", "a", "an", "its", "their", "his", "her", "our", "all"}
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def find_quantities(context: DocumentContext) -> list[Claim]:
    """Every quantity claim in the document's text."""
    text, document = context.text, context.document
    context_year = int(document.date.edtf[:4]) if document.date and document.date.edtf \
        and document.date.edtf[:4].isdigit() else None
    claims: list[Claim] = []
    taken: list[tuple[int, int]] = []
    vague: list[Claim] = []
    for match in _VAGUE_RE.finditer(text, document.start, document.end):
        index = int(next(k for k, v in match.groupdict().items() if v)[1:])
        _, low, high = _VAGUE[index]
        claim = _claim(context, match.start(), match.end(), low, high, match.group(0).lower(),
                       context_year)
        if claim is not None:
            vague.append(claim)
            taken.append((match.start(), match.end()))
    vague_spans = Spans(taken)
    for match in _QUANTITY.finditer(text, document.start, document.end):
        if vague_spans.overlaps(match.start(), match.start() + 1) or not _is_quantity(text, match):
            continue
        low, high = _values(match)
        if low is None:
            continue
        claim = _claim(context, match.start(), match.end(), low, high, None, context_year)
        if claim is not None:
            claims.append(claim)
    # "пяти тысяч": a number with its scale, not the vague "тысячи"
    numeric = Spans([(c.start, c.end) for c in claims])
    claims += [v for v in vague if not numeric.overlaps(v.start, v.end)]
    return sorted(claims, key=lambda c: c.start)


def _is_quantity(text: str, match: re.Match[str]) -> bool:
    raw = match.group("low")
    before = text[max(0, match.start() - 8):match.start()]
    after = text[match.end():match.end() + 12]
    if _SKIP_BEFORE.search(before) or _MONTHS.match(after) or after.startswith("]"):
        return False
    if match.start() > 0 and text[match.start() - 1] in "’'":
        return False  # ’27: a two-digit year
    if match.start() > 0 and (text[match.start() - 1].isalnum() or text[match.start() - 1] in ".-/"):
        return False
    if raw.isdigit() and 1000 <= int(raw) <= 2100 and not match.group("scale"):
        return False  # a year, or a span of years
    if raw.lower() in ("one", "один", "одна", "a dozen", "a thousand") and not match.group("scale") \
            and not match.group("high"):
        return False  # "one thing", "one step back": an article, not a count
    if re.match(r"^(?:st|nd|rd|th|-?[а-яё]{1,3})\b", after, re.IGNORECASE) and raw[-1:].isdigit():
        return False  # an ordinal: "5th", "2nd", "5-й", "3-го"
    if re.match(r"^\.[IVXivx]{1,4}\.", after):
        return False  # a date with a Roman-numeral month: "9.XI.1946"
    if _TIME_OF_DAY.match(after):
        return False  # "at six in the evening", "до двух ночи", "10 a.m."
    return not re.match(r"^[.:/]\d", after)  # not a date or time written with digits


_TIME_OF_DAY = re.compile(r"^\s*(?:o[’']clock|[ap]\.\s?m\.|ночи|утра|вечера|часов\s+(?:утра|вечера|ночи)"
                          r"|in\s+the\s+(?:morning|evening|afternoon))(?!\w)", re.IGNORECASE)


def _number(token: str) -> float | None:
    token = token.strip().lower()
    if token in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[token])
    words = [w for w in re.split(r"[\s-]+", token) if w and w != "and"]
    if words and all(w in _WORD_NUMBERS or w == "a" for w in words):
        # A compound the pattern has already checked for order: hundreds, tens, ones.
        total = 0
        for word in words:
            if word == "hundred":
                total = (total or 1) * 100
            elif word != "a":
                total += _WORD_NUMBERS[word]
        return float(total)
    cleaned = re.sub(r"[\u00a0\u202f ]", "", token)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", cleaned):
        cleaned = cleaned.replace(",", "")
    cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _values(match: re.Match[str]) -> tuple[float | None, float | None]:
    low = _number(match.group("low"))
    high = _number(match.group("high")) if match.group("high") else None
    scale = _SCALES.get((match.group("scale") or "").lower().rstrip("."), 1.0)
    low_scale = _SCALES.get((match.group("lowscale") or "").lower().rstrip("."), scale)
    if low is None:
        return None, None
    join = (match.group("join") or "").strip().lower()
    if high is not None and join in ("and", "or", "или") and not match.group("between") \
            and not match.group("scale") and high <= low:
        high = None  # "two and a half", "five or so": not a range
    if high is not None and high < low and high * 10 > low:
        pass
    return low * low_scale, (high * scale if high is not None else low * low_scale)


def _claim(context: DocumentContext, start: int, end: int, low: float, high: float | None,
           vague: str | None, context_year: int | None) -> Claim | None:
    text = context.text
    qualifier, q_start = _qualifier(text, start)
    unit, end = _unit(text, end)
    counts, share_of, end = _counted(text, end, unit)
    of_phrase = re.match(r"\s+(?:of|из)\s+", text[end:end + 6]) if vague and counts is None else None
    if of_phrase:  # "hundreds of thousands of peasants"
        counts, end = _phrase(text, end + of_phrase.end())
    if counts is None and share_of is None and unit in (None, "percent"):
        # "Penal manpower, 15 to 20 million"; a measure ("25 miles", "50 roubles") counts
        # nothing named before it.
        counts = _counted_before(text, start if q_start is None else q_start)
    if counts is None and unit is None and share_of is None and vague is None:
        return None
    low_value, high_value = _interval(low, high, qualifier)
    if vague:
        qualifier = vague
    begin = q_start if q_start is not None else start
    return Claim("quantity", begin, end, text[begin:end].strip(), witness=context.witness,
                 low=low_value, high=high_value, qualifier=qualifier, unit=unit or "count",
                 counts=counts, share_of=share_of, refers_to=_refers_to(context, begin, end, context_year),
                 confidence=0.8 if counts else 0.6, found_by="rule")


def _qualifier(text: str, start: int) -> tuple[str | None, int | None]:
    before = text[max(0, start - 25):start].lower()
    for phrase, meaning in sorted(_QUALIFIERS, key=lambda item: -len(item[0])):
        if re.search(rf"(?:^|\W){re.escape(phrase)}\s+$", before):
            at = before.rfind(phrase)
            return meaning, start - len(before) + at
    return None, None


def _interval(low: float, high: float | None, qualifier: str | None) -> tuple[float | None, float | None]:
    top = high if high is not None else low
    if qualifier in ("more than", "at least"):
        return low, None
    if qualifier in ("up to", "less than"):
        return None, top
    if qualifier == "nearly":
        return None, top
    return low, top


def _unit(text: str, end: int) -> tuple[str | None, int]:
    for pattern, name in _UNIT_RE:
        match = pattern.match(text, end)
        if match:
            return name, match.end()
    return None, end


def _counted(text: str, end: int, unit: str | None) -> tuple[str | None, str | None, int]:
    """The noun phrase after the number, and "of X" after a percentage (its share_of)."""
    words: list[str] = []
    cursor = end
    share_of = None
    for match in _WORD.finditer(text, end, min(len(text), end + 80)):
        gap = text[cursor:match.start()]
        if gap.strip() or "\n" in gap:
            break
        word = match.group(0)
        if unit == "percent" and not words and word.lower() in ("of", "от", "всех", "всего"):
            share_of, tail = _phrase(text, match.end())
            return None, share_of, tail if share_of else end
        if unit == "percent" and not words and re.match(r"[а-яё]", word, re.IGNORECASE) \
                and word.lower() not in _STOP and not _is_verb(word):
            share_of, tail = _phrase(text, match.start())  # Russian: "15 процентов взрослого населения"
            return None, share_of, tail if share_of else end
        if word.lower() in _STOP or (word[:1].isupper() and words) or _is_verb(word):
            break
        words.append(word)
        cursor = match.end()
        if len(words) == 3:
            break
    if unit and unit != "percent" and words:
        return None, None, end  # "25 miles from": the unit is all there is
    counted = " ".join(words) if words and unit is None else None
    return counted, share_of, cursor if counted else end


_EN_VERBS = {"died", "were", "was", "went", "came", "lived", "worked", "fled", "left", "perished", "are",
             "is", "remain", "remained", "die", "live", "work", "survived", "returned", "passed"}


def _is_verb(word: str) -> bool:
    """A verb ends the counted noun phrase: "5,000 prisoners died", "пять тысяч человек погибли"."""
    lowered = word.lower()
    if re.search(r"[а-яё]", lowered):
        from testimonia.link.index import morph

        return morph().parse(lowered)[0].tag.POS in ("VERB", "INFN", "PRTS", "GRND", "ADVB", "PRCL", "CONJ",
                                                     "PREP")
    return lowered in _EN_VERBS or (len(lowered) > 5 and lowered.endswith("ed"))


def _phrase(text: str, start: int) -> tuple[str | None, int]:
    words: list[str] = []
    cursor = start
    for match in _WORD.finditer(text, start, min(len(text), start + 80)):
        gap = text[cursor:match.start()]
        if gap.strip() or "\n" in gap:
            break
        word = match.group(0)
        if word.lower() in _STOP - _ARTICLES:
            break
        words.append(word)
        cursor = match.end()
        if len(words) == 5:
            break
    return (" ".join(words) if words else None), cursor


def _counted_before(text: str, start: int) -> str | None:
    """"Penal manpower, 15 to 20 million": a short phrase closed by a comma or colon just before."""
    before = text[max(0, start - 60):start]
    # One line only: a signature or a heading above a dateline is not what the number counts.
    before = before.rsplit("\n", 1)[-1]
    word = r"[^\W\d_][\w’'-]*"
    match = re.search(rf"(?:^|[.;()]\s*)({word}(?:[^\S\n]+{word}){{0,2}})[^\S\n]*[,:—–][^\S\n]*$", before)
    if not match:
        return None
    words = match.group(1).split()
    if any(w.lower() in _STOP for w in words):
        return None
    return match.group(1)


def _refers_to(context: DocumentContext, start: int, end: int, context_year: int | None) -> str | None:
    """The date in the same clause that the quantity is stated for ("in ’36", "в 1937 году")."""
    sentence = context.sentence_at(start)
    window_start = max(sentence.start, start - 60)
    window_end = min(sentence.end, end + 40)
    dates = find_dates(context.text[window_start:window_end], context_year=context_year)
    best = None
    for value in dates:
        if value.edtf is None or value.start is None:
            continue
        distance = abs(window_start + value.start - end)
        if best is None or distance < best[0]:
            best = (distance, value.edtf)
    return best[1] if best else None
