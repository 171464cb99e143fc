"""How well :mod:`testimonia.names` matches Cyrillic names to their Latin spellings, on real pairs.

Three pair sets from ``shared/corpora``:

* ``iuliia-translit``: the worked samples shipped with each of iuliia's Russian schemas (names, places,
  one pangram sentence), Cyrillic ↔ that scheme's official romanisation. Uzbek (``uz``) is left out.
* ``rusdracor-names/authors_ru_en.csv``: 57 Russian playwrights, Cyrillic ↔ the conventional English
  spelling recorded in the corpus (Андреев ↔ Andreyev, Лев Толстой ↔ Leo Tolstoy).
* ``rusdracor-names/characters_ru_xmlid.csv``: 3,500 character names ↔ the editors' ad-hoc Latin ids
  (``anna_andreevna``, ``tumanskij``) — noisy, mixed schemes, some ids descriptive rather than spelled.

For each set, **recall** is the share of true pairs whose keys are equal, and **false_collision_rate** the
share of non-matching pairs (the Cyrillic of one pair against the Latin of another with a different
Cyrillic source) whose keys are equal too — all such pairs for key equalities, a random sample of
``NEGATIVES`` for the set-intersection tests. The rules in :mod:`testimonia.names` are general transliteration
phonetics; nothing here feeds back into them.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from testimonia.names import gendered_forms, match_key, name_keys, surname_key

Pair = tuple[str, str]
KeyTest = Callable[[str, str], bool]
NEGATIVES = 5000
_SEED = 20240601


def _strong_name_keys(text: str) -> set[str]:
    return {k for k in name_keys(text) if k.startswith(("f:", "gs:"))}


def _share_strong_key(a: str, b: str) -> bool:
    """Whether two full names meet on a full-name or given+surname key (patronymic may be missing)."""
    return bool(_strong_name_keys(a) & _strong_name_keys(b))


def _tokens_contained(cyrillic: str, latin: str) -> bool:
    """Every word of the Latin id has its key among the Cyrillic name's word keys ("pushkin" in
    "Афанасий Михайлович Пушкин"), for ids that spell only part of the name."""
    have = set(match_key(cyrillic).split())
    want = match_key(latin).split()
    return bool(want) and all(w in have for w in want)


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def _masculine(surname: str) -> str:
    """One identity for Иванов and Иванова, whose shared surname_key is intended, not a collision."""
    return _fold(gendered_forms(surname)[0])


def score_key_pairs(dataset: str, pairs: Sequence[Pair], key: Callable[[str], str]) -> dict:
    """Recall of ``key(cyrillic) == key(latin)`` and the false-collision rate over ALL mismatched pairs.

    A mismatched pair is the Cyrillic of pair i against the Latin of pair j whose Cyrillic source differs
    (after folding case and ё). Counting is exhaustive: one pass with counters instead of n² comparisons.
    Variant spellings of one name (Мария/Марья) count as collisions, so the rate is an upper bound.
    """
    cyr_keys = [key(cyr) for cyr, _ in pairs]
    lat_keys = [key(lat) for _, lat in pairs]
    sources = [_fold(cyr) for cyr, _ in pairs]
    hits = sum(c == la for c, la in zip(cyr_keys, lat_keys, strict=True))
    by_key = Counter(lat_keys)
    by_key_source = Counter(zip(lat_keys, sources, strict=True))
    by_source = Counter(sources)
    collisions = sum(by_key[k] - by_key_source[(k, src)] for k, src in zip(cyr_keys, sources, strict=True))
    negatives = sum(len(pairs) - by_source[src] for src in sources)
    return _row(dataset, len(pairs), hits, negatives, collisions)


def score_distinct_names(dataset: str, names: Iterable[str], key: Callable[[str], str],
                         identity: Callable[[str], str] = _fold) -> dict:
    """Precision only: the share of pairs of distinct names with one key.

    Names are distinct when ``identity`` differs (by default the name with case and ё folded). Every pair
    is compared, through counters. Spelling variants of one name in the set (Мария/Марья, Софья/София)
    count as collisions, so the rate is an upper bound. ``recall`` is None.
    """
    distinct = sorted({identity(name) for name in names})
    by_key = Counter(key(name) for name in distinct)
    collisions = sum(count * (count - 1) for count in by_key.values())
    negatives = len(distinct) * (len(distinct) - 1)
    row = _row(dataset, len(distinct), 0, negatives, collisions)
    row["recall"] = None
    return row


def score_test_pairs(dataset: str, pairs: Sequence[Pair], test: KeyTest, negatives: int = NEGATIVES) -> dict:
    """Recall of a pairwise ``test`` and its false-collision rate over ``negatives`` random mismatched
    pairs (every mismatched pair when there are fewer), for tests that are not one key's equality."""
    hits = sum(test(cyr, lat) for cyr, lat in pairs)
    sources = [_fold(cyr) for cyr, _ in pairs]
    n = len(pairs)
    if n * (n - 1) <= negatives:
        candidates: Iterable[tuple[int, int]] = ((i, j) for i in range(n) for j in range(n))
    else:
        rng = random.Random(_SEED)
        candidates = ((rng.randrange(n), rng.randrange(n)) for _ in range(negatives * 4))
    tried = collisions = 0
    for i, j in candidates:
        if tried >= negatives:
            break
        if sources[i] == sources[j]:
            continue
        tried += 1
        collisions += test(pairs[i][0], pairs[j][1])
    return _row(dataset, n, hits, tried, collisions)


def _row(dataset: str, pairs: int, hits: int, negatives: int, collisions: int) -> dict:
    return {
        "dataset": dataset,
        "pairs": pairs,
        "recall": hits / pairs if pairs else 0.0,
        "negatives": negatives,
        "collisions": collisions,
        "false_collision_rate": collisions / negatives if negatives else 0.0,
    }


def iuliia_pairs(shared: Path) -> dict[str, list[Pair]]:
    """Sample pairs of each Russian iuliia schema, by schema name."""
    out: dict[str, list[Pair]] = {}
    for path in sorted((shared / "corpora" / "iuliia-translit").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("name") == "uz" or "samples" not in data:
            continue
        out[data["name"]] = [(cyr, lat) for cyr, lat in data["samples"]]
    return out


def author_pairs(shared: Path) -> tuple[list[Pair], list[Pair], list[Pair]]:
    """(given+surname, surname, full name with patronymic) pairs, Cyrillic ↔ English, from DraCor."""
    path = shared / "corpora" / "rusdracor-names" / "authors_ru_en.csv"
    names, surnames, full = [], [], []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["ru_surname"] and row["en_surname"]:
                surnames.append((row["ru_surname"], row["en_surname"]))
                names.append((f"{row['ru_forename']} {row['ru_surname']}".strip(), row["en_full"]))
            else:  # "Екатерина II" ↔ "Catherine II"
                names.append((row["ru_full"], row["en_full"]))
            full.append((row["ru_full"], row["en_full"]))
    return names, surnames, full


_NAME_LIKE = re.compile(r"^[\u0400-\u04ff]+(?:[ -][\u0400-\u04ff]+)*$")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SURNAME_ENDING = re.compile(r"(?:ов|ев|ин|ын|ский|цкий|ова|ева|ина|ская)$")
_ID_SUFFIX = re.compile(r"(?:_\d[\w-]*|_[ivx]+|-\w+)$")


def character_pairs(shared: Path) -> list[Pair]:
    """Distinct (Cyrillic name, Latin id as words) pairs from DraCor's cast lists.

    Rows whose Cyrillic name has digits, brackets or abbreviations ("2-й (V/6)", "Г-жа Разорваки") are
    skipped, disambiguating id suffixes (``_1``, ``_4-1a``) are stripped, and CamelCase ids are split into
    words.
    """
    path = shared / "corpora" / "rusdracor-names" / "characters_ru_xmlid.csv"
    pairs: dict[Pair, None] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["persName_ru"].strip()
            ident = _ID_SUFFIX.sub("", row["person_xml_id"].strip())
            if not _NAME_LIKE.match(name) or not re.fullmatch(r"[A-Za-z_\u0456]+", ident):
                continue
            words = _CAMEL.sub(" ", ident.replace("_", " "))  # "LjubovAndreevna" → "Ljubov Andreevna"
            pairs[(name, words)] = None
    return list(pairs)


def evaluate_name_matching(shared: Path, negatives: int = NEGATIVES) -> dict[str, dict]:
    """Score cross-script matching on the shared name-pair sets; rows keyed by dataset name."""
    rows: list[dict] = []
    schemas = iuliia_pairs(shared)
    everything = [pair for pairs in schemas.values() for pair in pairs]
    rows.append(score_key_pairs("iuliia-translit (all schemas)", everything, match_key))
    names_only = [(c, la) for c, la in everything if len(c.split()) <= 2 and "," not in c]
    rows.append(score_key_pairs("iuliia-translit (names, ≤2 words)", names_only, match_key))
    for schema, pairs in schemas.items():
        rows.append(score_key_pairs(f"iuliia-translit/{schema}", pairs, match_key))
    names, surnames, full = author_pairs(shared)
    rows.append(score_key_pairs("rusdracor authors: given+surname match_key", names, match_key))
    rows.append(score_key_pairs("rusdracor authors: surname_key", surnames, surname_key))
    rows.append(score_test_pairs("rusdracor authors: name_keys f/gs (RU with patronymic)", full,
                                 _share_strong_key, negatives))
    characters = character_pairs(shared)
    rows.append(score_key_pairs("rusdracor characters: match_key", characters, match_key))
    rows.append(score_test_pairs("rusdracor characters: id words ⊆ name words", characters, _tokens_contained,
                                 negatives))
    words = [w for cyr, _ in characters for w in cyr.split()]
    rows.append(score_distinct_names("rusdracor character words: distinct words sharing match_key", words,
                                     match_key))
    surnames = [w for w in words if w[:1].isupper() and _SURNAME_ENDING.search(w)]
    rows.append(score_distinct_names("rusdracor character surnames: distinct ones sharing surname_key",
                                     surnames, surname_key, _masculine))
    return {row["dataset"]: row for row in rows}


def format_table(rows: dict[str, dict]) -> str:
    """The rows as a fixed-width text table (false collisions as a percentage and as a count)."""
    width = max(len(name) for name in rows)
    lines = [f"{'dataset':<{width}}  {'pairs':>6}  {'recall':>7}  {'negatives':>9}  {'false collisions':>18}"]
    for row in rows.values():
        recall = "–" if row["recall"] is None else f"{row['recall']:.1%}"
        collisions = f"{row['false_collision_rate']:.4%} ({row['collisions']})"
        lines.append(f"{row['dataset']:<{width}}  {row['pairs']:>6}  {recall:>7}  {row['negatives']:>9}  "
                     f"{collisions:>18}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table; the shared folder is the first argument or ../shared beside the checkout."""
    args = list(sys.argv[1:] if argv is None else argv)
    shared = Path(args[0]) if args else Path(__file__).resolve().parents[4] / "shared"
    if not (shared / "corpora").is_dir():
        print(f"no corpora under {shared}", file=sys.stderr)
        return 2
    print(format_table(evaluate_name_matching(shared)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
