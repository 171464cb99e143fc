"""Recognisers for the set pieces of letters and their front matter, English and Russian.

Each is a small pure function over one line of plain text, so each can be tested alone
with a table of examples and reused by every structure rule.
"""

from __future__ import annotations

import re

_CAP = r"[A-ZÀ-ÖØ-ÞА-ЯЁ]"
_WORD = rf"{_CAP}[\w'’\-]*\.?"
_INITIALS = rf"(?:{_CAP}\.\s?){{1,3}}"
_PARTICLES = {"de", "da", "di", "du", "von", "van", "der", "den", "la", "le", "del", "ibn",
              "bin", "y", "of", "the", "and", "и", "фон", "де", "ван"}
_NAME_TOKEN = re.compile(rf"^(?:{_INITIALS}|{_WORD}|{_CAP}{{2,}})$")
_DASH_LEAD = re.compile(r"^[\s—–\-―]+")
_PAREN_TAIL = re.compile(r"\s*\([^)]{1,40}\)\s*$")

SALUTATION = re.compile(
    r"^(?:(?:my|our)\s+(?:very\s+)?(?:dear(?:est)?|darling|beloved|own|sweet)|dear(?:est)?|"
    r"darling|beloved|hello|hi|greetings|sir|madam|gentlemen|comrades?)\b.{0,60}[,!:;]$"
    r"|^(?:(?:мой|моя|мои)\s+)?(?:дорог|мил|родн|любим|уважаем|многоуважаем|глубокоуважаем|"
    r"ненаглядн|драгоценн|здравствуй|добрый день|привет|товарищ)\w*\b.{0,60}[,!:;]$"
    # the name first: "Мотенька, родной мой!", "Anna, my dearest,"
    rf"|^{_CAP}[\w'’\-]+(?:\s{_CAP}[\w'’\-]+)?,\s*(?:(?:мой|моя|my)\s+)?"
    r"(?:родн|дорог|мил|любим|ненаглядн|dear|darling|love|own)\w*(?:\s+(?:мой|моя|one))?\s*[!,.]?$",
    re.IGNORECASE,
)
_KINSHIP = re.compile(
    r"^(?:(?:your|твой|твоя|ваш|ваша)\s+)?(?:old\s+)?(?:papa|mama|dad|daddy|mum|mother|father|son|daughter|"
    r"brother|sister|aunt|uncle|granny|grandma|grandpa|husband|wife|папа|мама|отец|мать|сын|дочь|"
    r"дочка|брат|сестра|тётя|тетя|дядя|бабушка|дедушка|муж|жена|внук|внучка)"
    r"(?:\s+(?P<name>[A-ZÀ-ÞА-ЯЁ][\w'’\-]+))?$",
    re.IGNORECASE,
)
_SALUTATION_WORDS = re.compile(
    r"\b(?:my|our|very|dear(?:est)?|darling|beloved|own|sweet|hello|hi|greetings|"
    r"мой|моя|мои|дорог\w*|мил\w*|родн\w*|любим\w*|уважаем\w*|многоуважаем\w*|"
    r"глубокоуважаем\w*|ненаглядн\w*|драгоценн\w*|здравствуй\w*|привет|добрый день|товарищ\w*)\b",
    re.IGNORECASE,
)
CLOSING = re.compile(
    r"\b(?:yours|your|love|loving|best|regards|wishes|kisses|kiss|embrace|embraces|hugs|"
    r"affectionately|sincerely|faithfully|cordially|greetings|farewell|goodbye|ever|always|"
    r"with love|fraternally|comradely|"
    r"целую|обнимаю|привет|твой|твоя|ваш|ваша|жму|до свидания|прощай|любящ\w*|уважением|"
    r"крепко|навсегда|всегда твой|твои|ваши)\b",
    re.IGNORECASE,
)
_SIGNATURE_LEAD = re.compile(
    r"^(?:(?:ever\s+)?(?:yours|your)(?:\s+(?:ever|always|truly|sincerely|faithfully|affectionately|"
    r"loving|devoted|own))*|(?:with\s+)?love(?:,\s*|\s+from\s+)?|"
    r"(?:всегда\s+)?(?:твой|твоя|ваш|ваша|твои|ваши)(?:\s+(?:любящ\w+|верн\w+|преданн\w+))?|"
    r"(?:целую|обнимаю)[,\s]+(?:(?:твой|твоя|ваш|ваша)\s+)?)[,\s]+",
    re.IGNORECASE,
)
POSTSCRIPT = re.compile(r"^(?:P\.\s?P\.\s?S\.|P\.\s?S\.|PS\b|П\.\s?С\.|Р\.\s?S\.)", re.IGNORECASE)


def is_name_like(line: str, max_tokens: int = 6) -> bool:
    """Whether a line reads as a personal name or signature ("Victor Serge", "— J.J. Plant")."""
    line = _PAREN_TAIL.sub("", _DASH_LEAD.sub("", line)).strip().rstrip(",")
    if not line or len(line) > 60 or any(ch.isdigit() for ch in line):
        return False
    if line.endswith((".", "!", "?", ":", ";")) and not re.search(rf"(?:^|\s){_CAP}\.$", line):
        return False
    tokens = line.replace(",", " ").split()
    if not 1 <= len(tokens) <= max_tokens:
        return False
    named = 0
    for token in tokens:
        if token.lower() in _PARTICLES:
            continue
        if not _NAME_TOKEN.match(token):
            return False
        named += 1
    return named >= 1 and any(len(t.strip(".")) >= 2 for t in tokens)


def is_salutation(line: str) -> bool:
    line = line.strip()
    return len(line) <= 90 and len(line.split()) <= 7 and bool(SALUTATION.match(line))


def is_place_like(text: str) -> bool:
    """A short run of mostly capitalised words: "Mexico", "New York", "Ст. Ясная Поляна"."""
    tokens = text.replace(",", " ").split()
    if not 1 <= len(tokens) <= 5 or not re.match(_CAP, tokens[0]):
        return False
    capitalised = sum(1 for token in tokens if re.match(rf"[(]?{_CAP}", token))
    return capitalised * 2 >= len(tokens) and not text.rstrip().endswith(("!", "?"))


def addressees_from_salutation(line: str) -> list[str]:
    """The names a salutation addresses: "My dear Herbert," -> ["Herbert"]."""
    core = _SALUTATION_WORDS.sub(" ", line).strip(" ,!:;.")
    core = re.sub(r"\s+", " ", core)
    if not core or not re.search(rf"{_CAP}", core):
        return []
    parts = re.split(r"\s*(?:,|\band\b|&|\bи\b)\s*", core)
    return [part.strip() for part in parts if part.strip() and re.match(_CAP, part.strip())]


def signature_name(line: str) -> str | None:
    """The signer's name in a signature line ("Твой Лёва" -> "Лёва"), or None."""
    text = line.strip().rstrip(".!")
    stripped = _SIGNATURE_LEAD.sub("", text, count=1).strip()
    if stripped != text and stripped and is_name_like(stripped, 4):
        return stripped
    kin = _KINSHIP.match(stripped or text)
    if kin:
        return kin.group("name") or kin.group(0).split()[-1]
    if is_name_like(text, 5):
        return _DASH_LEAD.sub("", text).strip()
    return None


def is_closing(line: str) -> bool:
    return len(line) <= 120 and (bool(CLOSING.search(line)) or line.rstrip().endswith(","))
