"""Front matter: what a source says about itself in its first and last lines.

Online archives put the author, title, series, first publication and credits at the
top ("Translated & annotated by ...", "From The New International, Vol. XVI No. 6, ...")
and a "Last updated on ..." line at the very end; printed editions do the same in Russian
("Перевод и примечания ...", "Впервые опубликовано: ...").
"""

from __future__ import annotations

import re

from testimonia.model import Credit, DateValue, FrontMatter, Publication
from testimonia.structure.cues import is_name_like
from testimonia.structure.dates import find_dates, parse_date

_ROLE_WORDS = {
    "translated": "translator", "annotated": "annotator", "transcribed": "transcriber",
    "marked up": "encoder", "html markup": "encoder", "markup": "encoder", "edited": "editor",
    "introduced": "introducer", "proofread": "proofreader", "proofed": "proofreader",
    "compiled": "compiler", "selected": "compiler", "prepared": "editor",
    "notes": "annotator", "typed": "transcriber", "corrected": "proofreader",
    "digitised": "transcriber", "digitized": "transcriber", "scanned": "transcriber",
    "перевод": "translator", "переводчик": "translator", "перевела": "translator",
    "перевёл": "translator", "примечания": "annotator", "комментарии": "annotator",
    "подготовка текста": "transcriber", "расшифровка": "transcriber", "набор": "transcriber",
    "публикация": "editor", "редактор": "editor", "составитель": "compiler",
    "вступительная статья": "introducer",
}
_ROLE_ALTERNATION = "|".join(sorted((re.escape(w) for w in _ROLE_WORDS), key=len, reverse=True))
_CREDIT = re.compile(
    rf"^(?P<roles>(?:{_ROLE_ALTERNATION})(?:\s*(?:,|&|\band\b|\bи\b)\s*(?:{_ROLE_ALTERNATION}))*)"
    r"(?:\s+(?:from|with)\s+[^,]{2,40}?(?=\s+by\b)|\s+с\s+\w+(?:ого|кого)\b)?"
    r"\s*(?:\bby\b|:|—|–|-)?\s+"
    r"(?P<names>.+?)"
    r"(?:\s+(?:for|для)\s+(?P<purpose>.+?))?\s*\.?$",
    re.IGNORECASE,
)
_SERIES_SOURCE = re.compile(
    r"^(?:from|из)\s+(?:the\s+)?(?:collected|selected|complete|unpublished|family|"
    r"собрани\w+|избранн\w+|семейного|неизданн\w+)\b",
    re.IGNORECASE,
)
_HOLDING = re.compile(r"\b(?:archives?|collection|papers|fonds?|library|архив\w*|фонд\w*|собрани\w*)\b",
                      re.IGNORECASE)
_PUBLISHED = re.compile(
    r"^(?:from|first published(?: in)?|originally published(?: in)?|published(?: in)?|source:|"
    r"reprinted from|впервые опубликован[оа]?(?: в)?:?|впервые:|опубликовано(?: в)?:?|"
    r"источник:|печатается по:?)\s+(?P<rest>.+?)\.?$",
    re.IGNORECASE,
)
_UPDATED = re.compile(
    r"^(?:last\s+(?:updated|modified|revised)(?:\s+on)?|updated(?:\s+on)?|revised(?:\s+on)?|"
    r"последнее обновление|обновлено)\s*:?\s*(?P<date>.+?)\.?$",
    re.IGNORECASE,
)
_LICENCE = re.compile(
    r"(creative commons|\bcc[ -]by\b|\bcc0\b|public domain|copyleft|©|\bcopyright\b|лицензи)",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:by|автор:?)\s+(?P<name>.+?)\.?$", re.IGNORECASE)
_BIBLIOGRAPHIC = re.compile(
    r"\b\d{2,4}\s*(?:pages|pp\b|стр\b|с\.)|\bISBN\b|\bpp\.\s*\d|\b(?:publishers?|press|books|"
    r"издательство|изд-во)\b",
    re.IGNORECASE,
)
_SERIES = re.compile(
    r"\s[–—-]\s*(?:[IVXLC]+|\d+)$|^(?:part|chapter|book|series|vol\.?|volume|concluding|"
    r"continuing|from the|selected|часть|глава|книга|серия|из цикла|том)\b",
    re.IGNORECASE,
)
_VOLUME = re.compile(r"\b(?:vol(?:ume)?\.?|т\.|том)\s*(?P<v>[\dIVXLC]+)", re.IGNORECASE)
_ISSUE = re.compile(r"(?:\bno\.?|\bnumber|№|\bissue)\s*(?P<i>\d+[\w/–-]*)", re.IGNORECASE)
_PAGES = re.compile(r"\b(?:pp?\.|pages?|стр\.|с\.)\s*(?P<p>\d+(?:\s*[–—-]\s*\d+)?)", re.IGNORECASE)


def parse_credit(line: str) -> list[Credit]:
    """Credits in a line like "Translated & annotated by James M. Fenwick."."""
    for sentence in _sentences(line):
        if credits := _credit_sentence(sentence):
            return credits
    return []


def _sentences(line: str) -> list[str]:
    # Split after a full stop that ends a word of two or more letters, so that initials
    # ("Н. М. Костровой", "James M. Fenwick") stay inside their sentence.
    return [part for part in re.split(r"(?<=\w\w[.!?])\s+", line.strip().strip("*_")) if part]


def _credit_sentence(line: str) -> list[Credit]:
    match = _CREDIT.match(line.strip())
    if not match:
        return []
    roles = []
    for word in re.split(r"\s*(?:,|&|\band\b|\bи\b)\s*", match.group("roles").lower()):
        role = _ROLE_WORDS.get(word.strip())
        if role and role not in roles:
            roles.append(role)
    names = [n.strip(" .,") for n in re.split(r"\s*(?:,|&|\band\b|\bи\b)\s*", match.group("names"))]
    names = [n for n in names if n and is_name_like(n, 6)]
    return [Credit(role, name) for role in roles for name in names]


def parse_publication(line: str) -> Publication | None:
    """A first-publication line: periodical, volume, issue, date, pages."""
    match = _PUBLISHED.match(line.strip())
    if not match or _SERIES_SOURCE.match(line.strip()) or is_provenance(line):
        return None
    rest = match.group("rest")
    periodical = re.split(r",|\s(?:vol|т\.|№)", rest, maxsplit=1, flags=re.IGNORECASE)[0].strip()
    publication = Publication(text=line.strip(), periodical=periodical or None)
    if volume := _VOLUME.search(rest):
        publication.volume = volume.group("v")
    if issue := _ISSUE.search(rest):
        publication.issue = issue.group("i")
    if pages := _PAGES.search(rest):
        publication.pages = re.sub(r"\s+", "", pages.group("p"))
    dates = [d for d in find_dates(rest) if not (pages and pages.start() <= d.start < pages.end())]
    if dates:
        publication.date_text, publication.date = dates[0].text, dates[0].edtf
    return publication


def is_provenance(line: str) -> bool:
    """"From the Kostrov family archive.": where the original is kept, not where it was printed."""
    line = line.strip()
    return bool(_HOLDING.search(line)) and bool(re.match(r"^(?:from|из)\b", line, re.IGNORECASE)) \
        and not (_VOLUME.search(line) or _ISSUE.search(line) or _PAGES.search(line)
                 or re.search(r"\b1[6-9]\d\d|20\d\d\b", line))


def parse_updated(line: str) -> DateValue | None:
    match = _UPDATED.match(line.strip())
    return parse_date(match.group("date")) if match else None


def is_front_line(line: str) -> bool:
    """Whether a paragraph is provenance rather than text (credits, publication, updates)."""
    return bool(parse_credit(line) or _PUBLISHED.match(line) or _SERIES_SOURCE.match(line)
                or _UPDATED.match(line)
                or (_LICENCE.search(line) and len(line) < 200) or _BYLINE.match(line))


def is_bibliographic(line: str) -> bool:
    """A line describing a book (pages, publisher, ISBN), as reviews open with."""
    return len(line) < 300 and bool(_BIBLIOGRAPHIC.search(line))


def is_heading_line(line: str) -> bool:
    line = line.strip()
    return ((0 < len(line) <= 90 and "\n" not in line and not line.endswith((".", ",", ":", ";")))
            or bool(re.search(r"\s[–—-]\s*[IVXLC\d]+\.?$", line)))


def apply_lines(front: FrontMatter, headings: list[str], lines: list[str]) -> None:
    """Fill `front` from leading heading lines and provenance lines."""
    for line in lines:
        if credits := parse_credit(line):
            front.credits.extend(c for c in credits if c not in front.credits)
        elif publication := parse_publication(line):
            front.published_in = front.published_in or publication
        elif updated := parse_updated(line):
            front.last_updated = updated
        elif is_provenance(line):
            front.provenance = front.provenance or line.strip().rstrip(".")
        elif _SERIES_SOURCE.match(line):
            front.series = front.series or re.sub(r"^(?:from|из)\s+(?:the\s+)?", "", line.strip(),
                                                  flags=re.IGNORECASE).rstrip(".")
        elif byline := _BYLINE.match(line):
            front.author = front.author or byline.group("name").strip()
        elif _LICENCE.search(line):
            front.licence = front.licence or line.strip()
    _assign_headings(front, headings)


def _assign_headings(front: FrontMatter, headings: list[str]) -> None:
    if not headings:
        return
    remaining = list(headings)
    if len(remaining) >= 2 and is_name_like(remaining[0], 4) and not front.author \
            and not _SERIES.search(remaining[0]):
        front.author = remaining.pop(0)
    if remaining and not front.title:
        front.title = remaining.pop(0)
    for line in remaining:
        if line == front.title:
            continue
        if byline := _BYLINE.match(line):
            front.author = front.author or byline.group("name").strip()
        elif _SERIES.search(line) and not front.series:
            front.series = line
        elif not front.subtitle:
            front.subtitle = line
