"""Ingest benchmark: read + structure + store over generated letters and diaries.

    python bench/bench_ingest.py [--documents 10000] [--words 520] [--per-file 20]

Generates English and Russian sources (letters with datelines, salutations and signatures;
diaries of dated entries; footnotes), then ingests them into a fresh archive in a child
process, once with testimonia and once with a baseline that only reads, hashes and
inserts each file's decoded text into SQLite (the floor any ingest pays). Prints a table:
documents/s, words/s and peak RSS of each child. Peak RSS is measured for the full corpus
and for a quarter of it: bounded memory means the two stay close.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря"]
EN_PLACES = ["Moscow", "Leningrad", "Magadan", "Karaganda", "Paris", "Mexico", "Kiev", "Tomsk"]
RU_PLACES = ["Москва", "Ленинград", "Магадан", "Караганда", "Томск", "Воркута", "Киев"]
EN_NAMES = ["Anna", "Boris", "Vera", "Lev", "Olga", "Pavel", "Nina", "Sergei", "Maria", "Ilya"]
RU_NAMES = ["Аня", "Боря", "Вера", "Лёва", "Оля", "Паша", "Нина", "Серёжа", "Маша", "Илья"]
EN_SYLLABLES = ["ta", "ne", "ri", "mo", "la", "ser", "ven", "dor", "ka", "lin", "pro", "sta",
                "men", "tor", "gra", "vel", "un", "com", "ter", "pa"]
RU_SYLLABLES = ["ра", "но", "ми", "ста", "ве", "ло", "ка", "тор", "ско", "пре", "жи", "ду",
                "ли", "на", "вер", "сол", "го", "ты", "пи", "мы"]


def vocabulary(syllables: list[str], rng: random.Random, size: int = 4000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def paragraph(words: list[str], rng: random.Random, count: int) -> str:
    # Zipf-like choice so that frequent words recur as in real prose
    chosen = [words[min(int(rng.paretovariate(1.1)) - 1, len(words) - 1)] for _ in range(count)]
    sentences, position = [], 0
    while position < len(chosen):
        length = rng.randint(8, 20)
        sentence = " ".join(chosen[position:position + length])
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
        position += length
    return " ".join(sentences)


LANGUAGES = {
    "en": {"places": EN_PLACES, "names": EN_NAMES, "title": "Letters and diaries",
           "dateline": "{place}, {month} {day}, {year}", "entry": "{month} {day}, {year}. ",
           "months": EN_MONTHS, "salutation": "My dear {name},", "signature": "Yours ever,\n{name}",
           "note": "{n}. Note on {place}."},
    "ru": {"places": RU_PLACES, "names": RU_NAMES, "title": "Письма и дневники",
           "dateline": "{place}, {day} {month} {year} г.", "entry": "{day} {month} {year} г. ",
           "months": RU_MONTHS, "salutation": "Дорогая {name}!", "signature": "Твой {name}",
           "note": "{n}. Примечание к письму из {place}."},
}


def make_document(rng: random.Random, language: str, words: list[str], size: int, year: int,
                  note: int) -> tuple[str, str]:
    """A letter or a diary entry of about `size` words, with footnote marker `note`."""
    forms = LANGUAGES[language]
    fields = {"place": rng.choice(forms["places"]), "name": rng.choice(forms["names"]),
              "month": forms["months"][rng.randrange(12)], "day": rng.randint(1, 28), "year": year}
    body = [paragraph(words, rng, size // 5) for _ in range(5)]
    body[1] += f" [{note}]"
    footnote = forms["note"].format(n=note, place=rng.choice(forms["places"]))
    if rng.random() < 0.5:
        head = [forms["dateline"].format(**fields), forms["salutation"].format(**fields)]
        signature = forms["signature"].format(name=rng.choice(forms["names"]))
        return "\n\n".join([*head, *body, signature]), footnote
    body[0] = forms["entry"].format(**fields) + body[0]
    return "\n\n".join(body), footnote


def generate(folder: Path, documents: int, words_per_document: int, per_file: int,
             seed: int = 1946) -> int:
    rng = random.Random(seed)
    english, russian = vocabulary(EN_SYLLABLES, rng), vocabulary(RU_SYLLABLES, rng)
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    file_number = 0
    while written < documents:
        file_number += 1
        russian_file = file_number % 2 == 0
        year = rng.randint(1930, 1956)
        parts, notes = [], []
        language = "ru" if russian_file else "en"
        for n in range(1, min(per_file, documents - written) + 1):
            text, note = make_document(rng, language, russian if russian_file else english,
                                       words_per_document, year, n)
            parts.append(text)
            notes.append(note)
        written += len(parts)
        heading = f"{LANGUAGES[language]['title']}, {file_number}"
        content = "\n\n".join([heading, *parts, *notes]) + "\n"
        (folder / f"source_{file_number:05d}.txt").write_text(content, encoding="utf-8")
    return written


def run_testimonia(corpus: Path, archive: Path) -> dict[str, float]:
    from testimonia.archive import Archive

    began = time.perf_counter()
    with Archive.create(archive) as store:
        summary = store.ingest([corpus])
    seconds = time.perf_counter() - began
    if summary.failed:
        raise SystemExit(f"benchmark ingest failed: {summary.failed[0].error}")
    return {"seconds": seconds, "documents": summary.documents, "words": summary.words}


def run_baseline(corpus: Path, archive: Path) -> dict[str, float]:
    began = time.perf_counter()
    db = sqlite3.connect(archive, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE TABLE sources (sha256 TEXT PRIMARY KEY, path TEXT, text TEXT)")
    words = 0
    for path in sorted(corpus.iterdir()):
        data = path.read_bytes()
        text = data.decode("utf-8")
        words += len(text.split())
        db.execute("BEGIN")
        db.execute("INSERT INTO sources VALUES (?, ?, ?)",
                   (hashlib.sha256(data).hexdigest(), str(path), text))
        db.execute("COMMIT")
    db.close()
    return {"seconds": time.perf_counter() - began, "documents": float("nan"), "words": words}


def child(kind: str, corpus: str, archive: str) -> None:
    runner = run_testimonia if kind == "testimonia" else run_baseline
    result = runner(Path(corpus), Path(archive))
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(kind: str, corpus: Path, workdir: Path) -> dict[str, float]:
    archive = workdir / f"{kind}-{corpus.name}.tmarch"
    completed = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(corpus), str(archive)],
        check=True, capture_output=True, text=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=520, help="words per document")
    parser.add_argument("--per-file", type=int, default=20, help="documents per source file")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="testimonia-bench-") as temp:
        workdir = Path(temp)
        full, quarter = workdir / "full", workdir / "quarter"
        generate(full, args.documents, args.words, args.per_file)
        generate(quarter, args.documents // 4, args.words, args.per_file)
        rows = []
        for kind in ("baseline", "testimonia"):
            for corpus in (quarter, full):
                result = measure(kind, corpus, workdir)
                result["files"] = len(list(corpus.glob("*.txt")))
                rows.append((kind, corpus.name, result))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; one process, one core")
    header = f"{'run':<12} {'corpus':<8} {'files':>6} {'documents':>10} {'words':>11} {'seconds':>8}" \
             f" {'docs/s':>8} {'words/s':>10} {'peak RSS MB':>12}"
    print(header)
    print("-" * len(header))
    for kind, name, result in rows:
        files = int(result["files"])
        documents = result["documents"]
        docs = "-" if documents != documents else f"{int(documents):,}"
        rate = "-" if documents != documents else f"{documents / result['seconds']:,.0f}"
        print(f"{kind:<12} {name:<8} {files:>6} {docs:>10} {int(result['words']):>11,}"
              f" {result['seconds']:>8.1f} {rate:>8} {result['words'] / result['seconds']:>10,.0f}"
              f" {result['peak_rss_mb']:>12.0f}")


if __name__ == "__main__":
    main()
