"""Claims benchmark: extraction throughput, and weighing with blocking against all pairs.

    python bench/bench_claims.py [--claims 100000] [--sources 2000] [--baseline 3000]

1. Extraction: generated English and Russian letters (arrests, camps, figures, quotations and
   judgements about generated people) go through `extract_document`, with person and place
   mentions marked as recognition would; claims/s and words/s.
2. Weighing: `--claims` generated claims over `--sources` sources (quantities of a few hundred
   counted things, events about thousands of people, judgements, quotations) are weighed with
   blocking; the table gives the time, claims/s, comparisons made and the share of all
   cross-source pairs that blocking avoided; then the relations are stored in a fresh archive
   (one transaction, as `testimonia weigh` does).
3. Baseline, in the same run: every cross-source pair of the first `--baseline` claims
   compared without blocking (the same comparison function), and its time extrapolated to all
   pairs of `--claims`.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from testimonia.claims.context import DocumentContext
from testimonia.claims.extract import extract_document
from testimonia.claims.model import Actor, Claim
from testimonia.claims.weigh import _compare, block_keys, weigh
from testimonia.model import DateValue, Document, Mention, Party
from testimonia.store import SQLiteStore

GIVEN = ["Pavel", "Anna", "Ilya", "Vera", "Boris", "Olga", "Lev", "Nina", "Semyon", "Maria"]
SURNAMES = ["Serov", "Volkov", "Lanin", "Gorin", "Drozd", "Orlov", "Mirny", "Belov", "Rudin", "Kalin"]
RU_GIVEN = ["Павел", "Анна", "Илья", "Вера", "Борис"]
RU_SURNAMES = ["Серов", "Волков", "Ланин", "Горин", "Дрозд"]
PLACES = ["Kharkov", "Vorkuta", "Karaganda", "Magadan", "Tomsk"]
THINGS = ["prisoners", "letters", "deportees", "peasants", "workers", "children", "wives", "engineers"]


def letter(rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
    other = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
    place = rng.choice(PLACES)
    year = rng.randint(1930, 1950)
    text = (f"{place}, 12 March {year + 20}\n\nDear friend,\n\n"
            f"I saw how {name} was arrested in March {year} in {place}. "
            f"There were around {rng.randint(1, 30)},000 {rng.choice(THINGS)} in the camp in {year + 1}. "
            f"As {other} wrote to me, “nobody who entered that prison came out the same man.” "
            f"{other} writes that the camp was small. He is lying; it was never small.\n\n"
            f"По словам {rng.choice(RU_GIVEN)} {rng.choice(RU_SURNAMES)}а, «в лагере было свыше пяти тысяч "
            f"заключённых». {rng.choice(RU_GIVEN)} {rng.choice(RU_SURNAMES)} был арестован в {year} году.\n\n"
            f"Yours,\nIvan Petrov\n")
    marks = [(name, "person"), (other, "person"), (place, "place")]
    return text, marks


def extraction(documents: int, rng: random.Random) -> tuple[float, int, int]:
    contexts = []
    words = 0
    for index in range(documents):
        text, marks = letter(rng)
        words += len(text.split())
        mentions = [Mention(m.start(), m.end(), name, kind, entity_id=f"ent_{abs(hash(name)) % 10**8}")
                    for name, kind in marks for m in __import__("re").finditer(name, text)]
        document = Document("letter", 0, len(text), authors=[Party("Ivan Petrov")],
                            date=DateValue("1962", "1962"), id=f"src_b{index}.d1")
        contexts.append(DocumentContext.build(text, document, mentions, []))
    extract_document(contexts[0], "src_warm")  # compiles the date grammar and loads pymorphy3 once
    began = time.perf_counter()
    claims = sum(len(extract_document(context, f"src_b{i}")) for i, context in enumerate(contexts))
    return time.perf_counter() - began, claims, words


def generated_claims(count: int, sources: int, rng: random.Random) -> list[Claim]:
    people = [f"ent_p{i}" for i in range(count // 20)]
    things = [f"{adjective} {thing}" for adjective in ("", "political ", "former ", "young ")
              for thing in THINGS * 25][: max(50, count // 200)]
    claims = []
    for index in range(count):
        source = f"src_{rng.randrange(sources)}"
        written = str(rng.randint(1940, 1995))
        kind = rng.random()
        claim_id = f"clm_{index}"
        if kind < 0.4:
            low = float(rng.choice([1, 2, 3, 5, 8, 10, 15, 20]) * 10 ** rng.randint(2, 6))
            high = low * rng.choice([1, 1, 1.5, 2])
            claims.append(Claim("quantity", 0, 10, "…", source_id=source, id=claim_id, low=low, high=high,
                                qualifier=rng.choice([None, "around", "more than"]), unit="count",
                                counts=rng.choice(things).strip(), refers_to=str(rng.randint(1930, 1950)),
                                written=written))
        elif kind < 0.7:
            claims.append(Claim("event", 0, 10, "…", source_id=source, id=claim_id,
                                event_type=rng.choice(["arrest", "death", "camp", "release"]),
                                subject=Actor("x", rng.choice(people)), date=str(rng.randint(1930, 1955)),
                                written=written))
        elif kind < 0.85:
            claims.append(Claim("judgement", 0, 10, "…", source_id=source, id=claim_id,
                                judged=Actor("x", rng.choice(people)),
                                polarity=rng.choice(["discredits", "corroborates", "important"]),
                                written=written))
        else:
            vocabulary = ["we", "the", "camp", "was", "cold", "nobody", "came", "back", "there", "night"]
            words = " ".join(rng.choice(vocabulary) for _ in range(12))
            claims.append(Claim("quotation", 0, 10, words, source_id=source, id=claim_id,
                                speaker=Actor("x", rng.choice(people)), written=written))
    return claims


def baseline(claims: list[Claim]) -> tuple[float, int]:
    """Every cross-source pair, no blocking: the comparison picks the kind's rule when kinds agree."""
    began = time.perf_counter()
    compared = 0
    for a, b in itertools.combinations(claims, 2):
        if a.source_id == b.source_id or a.kind != b.kind:
            continue
        keys_a, keys_b = block_keys(a), block_keys(b)
        compared += 1
        if keys_a and keys_b:
            _compare(a.kind, a, b)
    return time.perf_counter() - began, compared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=2_000)
    parser.add_argument("--baseline", type=int, default=3_000)
    parser.add_argument("--documents", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(5)
    seconds, extracted, words = extraction(args.documents, rng)
    claims = generated_claims(args.claims, args.sources, rng)
    result = weigh(claims)
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore.create(Path(folder) / "bench.tmarch")
        began = time.perf_counter()
        stored = store.replace_relations(result.relations, result.dependencies)
        store_seconds = time.perf_counter() - began
        store.close()
    base_seconds, base_pairs = baseline(claims[: args.baseline])
    sample_pairs = args.baseline * (args.baseline - 1) / 2
    all_pairs = args.claims * (args.claims - 1) / 2
    extrapolated = base_seconds * all_pairs / sample_pairs
    print("| what | n | seconds | per second | notes |\n| --- | ---: | ---: | ---: | --- |")
    print(f"| extract claims | {args.documents:,} letters | {seconds:.2f} | "
          f"{extracted / seconds:,.0f} claims | {words / seconds:,.0f} words/s, {extracted:,} claims |")
    print(f"| weigh, blocked | {args.claims:,} claims | {result.seconds:.1f} | "
          f"{args.claims / result.seconds:,.0f} claims | {result.comparisons:,} comparisons of "
          f"{result.possible_pairs:,} pairs "
          f"({result.avoided:.4%} avoided); {len(result.relations):,} relations |")
    print(f"| store relations | {stored:,} relations | {store_seconds:.1f} | {stored / store_seconds:,.0f} "
          f"relations | one transaction (`replace_relations`) |")
    print(f"| baseline: all pairs | {args.baseline:,} claims | {base_seconds:.1f} | "
          f"{base_pairs / base_seconds:,.0f} pairs | extrapolated to {args.claims:,} claims: "
          f"{extrapolated / 3600:,.1f} hours |")


if __name__ == "__main__":
    main()
