"""Linking benchmark: build a register index of a million names and link mentions against it.

    python bench/bench_link.py [--names 1000000] [--queries 2000] [--baseline 200] [--gazetteer]

Generates a register of persons: three in four Russian, built from pymorphy3's own dictionary
(given names tagged Name, patronymics Patr, surnames Surn, drawn with Zipf-like frequencies
so that common names recur), each "Given Patronymic Surname" with one to three variants (a
Wikipedia-scheme transliteration, a gendered form (a woman with the masculine surname, as
English sources print her; a man without patronymic), an initials form); one in four English,
from a list of given names and syllable-built surnames, with initials and "Surname, Given"
variants. The register is streamed into `RegisterIndex` (no list of entities is kept), and the
build time and the growth in resident memory are reported.

Then 2,000 query mentions are linked, one call of `link_mentions` each, in five kinds: exact
variants, variants with one typing slip, other transliterations (ALA-LC, BGN/PCGN, MVD-310,
Mosmetro...), initials + surname, and the surname alone. Each query is linked twice: the first
time is the latency reported (wall clock, and the thread's CPU time, which a busy shared
machine does not inflate); the second, with the name parser's caches holding the query, shows
the linker's own share ("p95 again"). Each query knows the entry it was made from, so the
table also says what the linker did: linked the right entry, listed it among the ambiguous
candidates shown, answered with a list too long to show it, linked a wrong one, or missed it.
A brute-force fuzzy baseline, `rapidfuzz.process.extractOne` with `fuzz.ratio` over every name
string of the register, runs on the first `--baseline` queries in the same process.

The names are read out of pymorphy3's dictionary once (about a minute on two cores) and cached
in the temporary directory. Building the index is most of the run (about five minutes for a
million entries on two cores: `names.name_keys` parses each of the three million names);
`--workers` sets how many processes share that. `--gazetteer` also builds the recognition-side
`Gazetteer` over the same register and reports its build time, memory and speed on generated
text (about three more minutes).
"""

from __future__ import annotations

import argparse
import bisect
import gc
import itertools
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import iuliia
from rapidfuzz import fuzz, process

from testimonia.link import RegisterIndex, link_mentions
from testimonia.model import Entity, Mention

RUSSIAN_SHARE = 0.75
EN_GIVEN = {
    "m": ["John", "William", "James", "George", "Charles", "Thomas", "Henry", "Arthur", "Edward",
          "Robert", "Frederick", "Albert", "Walter", "Harold", "Frank", "Joseph", "Richard", "Samuel",
          "Ernest", "David", "Alfred", "Herbert", "Sidney", "Victor", "Leonard", "Max", "Paul", "Louis",
          "Peter", "Hugh"],
    "f": ["Mary", "Elizabeth", "Margaret", "Alice", "Dorothy", "Florence", "Edith", "Ethel", "Anne", "Emily",
          "Helen", "Grace", "Rose", "Sarah", "Clara", "Ruth", "Frances", "Agnes", "Lucy", "Eleanor",
          "Martha", "Jane", "Vera", "Olive", "Ida", "Lillian", "Hannah", "Esther", "Beatrice", "Rachel"],
}
EN_SYLLABLES = ["har", "wick", "ton", "ber", "mor", "ley", "ford", "dale", "win", "ster", "ash", "brook",
                "cal", "den", "ell", "fair", "gar", "hol", "ing", "ker", "lan", "mer", "nor", "pen", "ros",
                "sal", "tal", "ver", "wal", "bur", "cot", "ham", "kin", "ridge", "wood", "field"]
SCHEMES = ["ala_lc", "bgn_pcgn", "mvd_310", "mosmetro", "icao_doc_9303", "scientific", "yandex_maps"]
KINDS = ["exact", "typo", "transliterated", "initials", "surname"]


# --- names out of pymorphy3's dictionary -----------------------------------------------------------------


def _scan(prefixes: str) -> dict[str, list[str]]:
    import pymorphy3

    dictionary = pymorphy3.MorphAnalyzer().dictionary
    wanted = {}
    for paradigm in range(len(dictionary.paradigms)):
        tag = dictionary.build_tag_info(paradigm, 0)
        for grammeme in ("Name", "Patr", "Surn"):
            if grammeme in tag and "sing" in tag and "nomn" in tag:
                gender = "f" if "femn" in tag else "m" if "masc" in tag else "x"
                wanted[paradigm] = f"{grammeme}-{gender}"
    found: dict[str, list[str]] = defaultdict(list)
    for prefix in prefixes:
        for word, (paradigm, index) in dictionary.words.iteritems(prefix):
            if index == 0 and paradigm in wanted and word.isalpha() and len(word) > 2:
                found[wanted[paradigm]].append(word)
    return found


def name_pools() -> dict[str, list[str]]:
    """Given names by gender, masculine patronymics and surnames, from pymorphy3's dictionary (cached)."""
    import pymorphy3

    revision = pymorphy3.MorphAnalyzer().dictionary.meta.get("source_revision", "x")
    cache = Path(tempfile.gettempdir()) / f"testimonia-bench-names-{revision}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    started = time.perf_counter()
    letters = "абвгдежзийклмнопрстуфхцчшщэюя"
    with Pool(2) as pool:
        parts = pool.map(_scan, [letters[0::2], letters[1::2]])
    merged: dict[str, set[str]] = defaultdict(set)
    for part in parts:
        for kind, words in part.items():
            merged[kind].update(words)
    pools = {
        "given-m": sorted(merged["Name-m"]), "given-f": sorted(merged["Name-f"]),
        "patronymic": sorted(merged["Patr-m"]),
        "surname": sorted(merged["Surn-m"] | merged["Surn-x"]),
    }
    cache.write_text(json.dumps(pools, ensure_ascii=False), encoding="utf-8")
    print(f"read names out of pymorphy3's dictionary in {time.perf_counter() - started:.0f} s "
          f"(cached in {cache})")
    return pools


# --- the register --------------------------------------------------------------------------------------


class Zipf:
    """Draws from a list with Zipf-like weights (rank r has weight 1 / (r + 5)), shuffled once."""

    def __init__(self, items: list[str], rng: random.Random):
        self.items = items[:]
        rng.shuffle(self.items)
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 5) for rank in range(len(self.items))))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_left(self.cumulative, rng.random() * self.total)]


def feminine_patronymic(patronymic: str) -> str:
    if patronymic.endswith("ич") and not patronymic.endswith(("ович", "евич")):
        return patronymic[:-2] + "ична"
    return patronymic[:-2] + "на"


def feminine_surname(surname: str) -> str:
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith("ой"):
        return surname[:-2] + "ая"
    return surname


class Register:
    """A stream of generated persons; remembers the parts of those it is asked to keep for queries."""

    def __init__(self, size: int, seed: int, keep: set[int]):
        self.size = size
        self.seed = seed
        self.keep = keep
        self.kept: dict[int, dict] = {}
        pools = name_pools()
        rng = random.Random(seed)
        cap = str.capitalize
        self.given = {g: Zipf([cap(w) for w in pools[f"given-{g}"]], rng) for g in "mf"}
        self.patronymic = Zipf([cap(w) for w in pools["patronymic"]], rng)
        self.surname = Zipf([cap(w) for w in pools["surname"]], rng)
        surnames = set()
        while len(surnames) < 20_000:  # of 36² + 36³ possible
            syllables = rng.choices(EN_SYLLABLES, k=rng.choice((2, 2, 3)))
            surnames.add("".join(syllables).capitalize())
        self.en_surname = Zipf(sorted(surnames), rng)
        self.wikipedia = iuliia.schemas.get("wikipedia")

    def __iter__(self) -> Iterator[Entity]:
        rng = random.Random(self.seed + 1)
        for number in range(self.size):
            if rng.random() < RUSSIAN_SHARE:
                entity, parts = self.russian(number, rng)
            else:
                entity, parts = self.english(number, rng)
            if number in self.keep:
                self.kept[number] = {"entity": entity, **parts}
            yield entity

    def russian(self, number: int, rng: random.Random) -> tuple[Entity, dict]:
        gender = "m" if rng.random() < 0.55 else "f"
        given = self.given[gender].draw(rng)
        patronymic = self.patronymic.draw(rng)
        masculine = self.surname.draw(rng)
        surname = masculine
        if gender == "f":
            patronymic, surname = feminine_patronymic(patronymic), feminine_surname(masculine)
        name = f"{given} {patronymic} {surname}"
        pool = [self.wikipedia.translate(f"{given} {surname}"),
                self.wikipedia.translate(f"{given} {masculine}") if gender == "f" else f"{given} {surname}",
                f"{given[0]}. {patronymic[0]}. {surname}"]
        variants = rng.sample(pool, rng.randint(1, 3))
        entity = Entity("person", name, variants, id=f"p{number}")
        return entity, {"russian": True, "given": given, "patronymic": patronymic, "surname": surname}

    def english(self, number: int, rng: random.Random) -> tuple[Entity, dict]:
        gender = "m" if rng.random() < 0.55 else "f"
        given = rng.choice(EN_GIVEN[gender])
        surname = self.en_surname.draw(rng)
        middle = rng.choice("ABCDEFGHJKLMNPRSTW")
        pool = [f"{given[0]}. {surname}", f"{surname}, {given}", f"{given} {middle}. {surname}"]
        variants = rng.sample(pool, rng.randint(1, 3))
        entity = Entity("person", f"{given} {surname}", variants, id=f"p{number}")
        return entity, {"russian": False, "given": given, "patronymic": None, "surname": surname}


# --- queries -------------------------------------------------------------------------------------------


def typo(text: str, rng: random.Random) -> str:
    """One slip: a letter dropped, doubled, swapped with the next or replaced by a neighbour's."""
    positions = [i for i, c in enumerate(text) if c.isalpha()]
    i = rng.choice(positions[1:] or positions)
    slip = rng.choice(("drop", "double", "swap", "replace"))
    if slip == "drop":
        return text[:i] + text[i + 1:]
    if slip == "double":
        return text[:i] + text[i] + text[i:]
    if slip == "swap" and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    alphabet = "абвгдежзиклмнопрстуфхцчшэюя" if "\u0400" <= text[i] <= "\u04ff" else "abcdefghiklmnoprstuvz"
    return text[:i] + rng.choice(alphabet) + text[i + 1:]


def make_query(kind: str, item: dict, rng: random.Random) -> str:
    entity: Entity = item["entity"]
    given, patronymic, surname = item["given"], item["patronymic"], item["surname"]
    if kind == "exact":
        return rng.choice([entity.name, *entity.variants])
    if kind == "typo":
        return typo(rng.choice([entity.name, f"{given} {surname}"]), rng)
    if kind == "transliterated":
        if not item["russian"]:
            return f"{given} {surname}"
        return iuliia.schemas.get(rng.choice(SCHEMES)).translate(f"{given} {surname}")
    if kind == "initials":
        if patronymic:
            return f"{given[0]}. {patronymic[0]}. {surname}"
        return f"{given[0]}. {surname}"
    return surname


def pymorphy_fast() -> bool:
    import pymorphy3.dawg

    return bool(pymorphy3.dawg.EXTENSION_AVAILABLE)


# --- measuring -----------------------------------------------------------------------------------------


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def outcome(decision, expected: str) -> str:
    """right / wrong (linked), listed (among the candidates shown), long (ambiguous, the list cut
    before it), missed."""
    if decision.status == "linked":
        return "right" if decision.entity_id == expected else "wrong"
    if any(candidate == expected for candidate, _ in decision.candidates):
        return "listed"
    if decision.status == "ambiguous" and decision.candidate_count > len(decision.candidates):
        return "long"
    return "missed"


def main() -> None:
    if os.environ.get("PYTHONHASHSEED") is None:
        # Among candidates the linker finds equally good, set order (string hashes, salted per
        # process) decides which are listed first, and so whether a long list shows the entry meant:
        # a fixed seed keeps the outcome columns the same from run to run (0 unless one is set).
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", type=int, default=1_000_000, help="register entries (default 1,000,000)")
    parser.add_argument("--queries", type=int, default=2000, help="query mentions (default 2,000)")
    parser.add_argument("--baseline", type=int, default=200,
                        help="queries also run through the brute-force baseline (default 200)")
    parser.add_argument("--seed", type=int, default=1946)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                        help="processes working out name keys while building (default: 2)")
    parser.add_argument("--gazetteer", action="store_true", help="also build and time the Gazetteer")
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; index built with "
          f"{args.workers} worker process(es), queries run in one; "
          f"PYTHONHASHSEED={os.environ['PYTHONHASHSEED']}")
    rng = random.Random(args.seed)
    wanted = rng.sample(range(args.names), min(args.queries, args.names))
    name_pools()  # read (or load) the name lists before any timing
    register = Register(args.names, args.seed, set(wanted))

    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    gc.disable()  # the build allocates millions of small objects and frees none: cycles are not the point
    index = RegisterIndex.build(register, workers=args.workers)
    gc.enable()
    build = time.perf_counter() - started
    gc.collect()
    grown = rss_mb() - before
    # a long-lived index: keep the cyclic collector from walking its millions of objects on every
    # full collection (a pause of milliseconds that would land on some unlucky query)
    gc.freeze()
    strings = sum(len(forms) for forms in index.names)
    keys = len(index._postings)
    print(f"register: {len(index):,} persons, {strings:,} name strings, {keys:,} keys; "
          f"build {build:.1f} s ({len(index) / build:,.0f} entries/s) incl. generating the names; "
          f"resident memory +{grown:,.0f} MB (peak RSS {peak_mb():,.0f} MB)")

    queries: list[tuple[str, str, str]] = []  # (kind, text, expected id)
    for position, number in enumerate(wanted):
        kind = KINDS[position % len(KINDS)]
        item = register.kept[number]
        queries.append((kind, make_query(kind, item, rng), item["entity"].id))

    for text in ("Лев Давидович Троцкий", "Троцкого", "L. D. Trotsky"):  # load the analysers first
        link_mentions([Mention(0, len(text), text, "person")], index)
    latency: dict[str, list[float]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    again: dict[str, list[float]] = defaultdict(list)
    outcomes: dict[str, Counter] = defaultdict(Counter)
    for kind, text, expected in queries:
        mention = Mention(0, len(text), text, "person", method="ner")
        started, started_cpu = time.perf_counter(), time.thread_time()
        [decision] = link_mentions([mention], index)
        elapsed, used = time.perf_counter() - started, time.thread_time() - started_cpu
        # the same query again: the name parser's caches now hold it, so this is the linker's own cost
        started = time.perf_counter()
        link_mentions([mention], index)
        repeat = time.perf_counter() - started
        for key in (kind, "all"):
            latency[key].append(elapsed)
            cpu[key].append(used)
            again[key].append(repeat)
            outcomes[key][outcome(decision, expected)] += 1

    choices = [form for forms in index.names for form in forms]
    owner = [number for number, forms in enumerate(index.names) for _ in forms]
    baseline_queries = queries[: args.baseline]
    base_latency: dict[str, list[float]] = defaultdict(list)
    base_right: dict[str, Counter] = defaultdict(Counter)
    for kind, text, expected in baseline_queries:
        started = time.perf_counter()
        best = process.extractOne(text, choices, scorer=fuzz.ratio)
        elapsed = time.perf_counter() - started
        base_latency[kind].append(elapsed)
        base_latency["all"].append(elapsed)
        right = best is not None and index.ids[owner[best[2]]] == expected
        for key in (kind, "all"):
            base_right[key]["right" if right else "wrong"] += 1

    print()
    header = (f"{'query kind':<15} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'cpu p95':>8} "
              f"{'p95 again':>9}  "
              f"{'linked right':>12} {'listed':>7} {'long list':>9} {'linked wrong':>12} {'missed':>7}  "
              f"{'brute n':>7} {'brute p50 ms':>12} {'brute top-1 right':>17}")
    print(header)
    print("-" * len(header))
    for kind in [*KINDS, "all"]:
        values, seen = latency[kind], outcomes[kind]
        total = sum(seen.values()) or 1
        base = base_latency.get(kind, [])
        base_n = len(base)
        base_hit = base_right[kind]["right"] / base_n if base_n else float("nan")
        print(f"{kind:<15} {len(values):>5} {percentile(values, .5) * 1e3:>8.3f} "
              f"{percentile(values, .95) * 1e3:>8.3f} {percentile(values, .99) * 1e3:>8.3f} "
              f"{percentile(cpu[kind], .95) * 1e3:>8.3f} {percentile(again[kind], .95) * 1e3:>9.3f}  "
              f"{seen['right'] / total:>12.1%} {seen['listed'] / total:>7.1%} {seen['long'] / total:>9.1%} "
              f"{seen['wrong'] / total:>12.1%} "
              f"{seen['missed'] / total:>7.1%}  {base_n:>7} {percentile(base, .5) * 1e3:>12.1f} "
              f"{base_hit:>17.1%}")
    p95 = percentile(latency["all"], .95) * 1e3
    print(f"\nlinking p95 {p95:.3f} ms at {len(index):,} entries (CPU time p95 "
          f"{percentile(cpu['all'], .95) * 1e3:.3f} ms): target < 1 ms {'met' if p95 < 1 else 'NOT met'}; "
          f"the same queries again (name parser warm) p95 "
          f"{percentile(again['all'], .95) * 1e3:.3f} ms; brute force p50 "
          f"{percentile(base_latency['all'], .5) * 1e3:.0f} ms over {len(choices):,} strings")
    print(f"pymorphy3 with the dawg C extension: {pymorphy_fast()}")

    if args.gazetteer:
        gazetteer_section(args, register, index, rng)


def gazetteer_section(args: argparse.Namespace, register: Register, index: RegisterIndex,
                      rng: random.Random) -> None:
    from testimonia.recognise.gazetteer import Gazetteer

    register.keep = set()
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    gc.disable()
    gazetteer = Gazetteer(iter(register), workers=args.workers)
    gc.enable()
    build = time.perf_counter() - started
    gc.collect()
    grown = rss_mb() - before
    print(f"\ngazetteer: {len(gazetteer):,} entries, {gazetteer.pattern_count:,} automaton keys; build "
          f"{build:.1f} s incl. generating the names; resident memory +{grown:,.0f} MB "
          f"(peak RSS {peak_mb():,.0f} MB)")
    kept = list(register.kept.values())
    words = ["и", "в", "письмо", "от", "к", "сказал", "что", "and", "the", "letter", "from", "wrote"]
    pieces = []
    for _ in range(20_000):
        pieces.append(rng.choice(words))
        if kept and rng.random() < 0.05:
            item = rng.choice(kept)
            pieces.append(rng.choice([item["entity"].name, *item["entity"].variants]))
    text = " ".join(pieces)
    started = time.perf_counter()
    found = gazetteer.recognise(text)
    elapsed = time.perf_counter() - started
    print(f"gazetteer: {len(text.split()):,} words of text in {elapsed * 1e3:.0f} ms "
          f"({len(text.split()) / elapsed:,.0f} words/s), {len(found):,} mentions")


if __name__ == "__main__":
    main()
