"""Round trip whole TEI editions: ingest, export as TEI, ingest the export, compare.

    python tools/tei_roundtrip.py [--shared ../shared] [--corpus letters1916 ...]
    python tools/tei_roundtrip.py --cmif      # also compare our CMIF of the Schnitzler letters

For each corpus in ../shared/corpora it prints the counts before and after (documents,
notes, mentions, register entries), how many files were valid against tei_all before and
after, and the differences found (none is the goal). With --cmif it also holds our CMIF of
the Schnitzler letters against the edition's own CMIF. The figures are in docs/exchange.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

from testimonia.archive import Archive
from testimonia.export.tei import cmif_tei, validation_errors
from testimonia.export.tei.cmif_rules import cmif_problems
from testimonia.export.tei.compare import compare_cmif
from testimonia.export.tei.roundtrip import tei_round_trip

CORPORA = {
    "letters1916": ["letters1916/indices", "letters1916/editions"],
    "mitford-journal": ["mitford-journal/si.xml", "mitford-journal/1819-1823MRMJournal.xml"],
    "schnitzler-briefe": ["schnitzler-briefe/indices/listperson.xml", "schnitzler-briefe/editions"],
    "schnitzler-tagebuch": ["schnitzler-tagebuch/indices/listplace.xml", "schnitzler-tagebuch/editions"],
}


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        out.extend(sorted(path.rglob("*.xml")) if path.is_dir() else [path])
    return out


def _valid(files: list[Path], schema: Path) -> int:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return sum(1 for f in files if not validation_errors(etree.parse(str(f), parser), schema))


def round_trip(name: str, corpora: Path, schema: Path, work: Path) -> None:
    paths = [corpora / p for p in CORPORA[name]]
    began = time.perf_counter()
    with Archive.create(work / f"{name}.tmarch") as archive:
        archive.ingest(paths)
        report = tei_round_trip(archive.store, work / name, work / f"{name}-again.tmarch")
    exported = sorted((work / name).glob("*.xml"))
    originals = _files(paths)
    print(f"\n## {name}  ({time.perf_counter() - began:.0f} s)")
    print(f"{'':12} {'before':>8} {'after':>8}")
    for key in sorted(set(report.before) | set(report.after)):
        print(f"{key:12} {report.before[key]:>8,} {report.after[key]:>8,}")
    print(f"{'tei_all':12} {_valid(originals, schema):>5}/{len(originals):<3}"
          f"{_valid(exported, schema):>5}/{len(exported)}")
    print(f"differences: {len(report.differences)}")
    for line in report.differences[:20]:
        print("  " + line)


def cmif_check(corpora: Path, schema: Path, work: Path) -> None:
    with Archive.create(work / "cmif.tmarch") as archive:
        archive.ingest([corpora / "schnitzler-briefe" / "editions"])
        ours, letters = cmif_tei(archive.store)
    theirs = etree.parse(str(corpora / "schnitzler-briefe" / "schnitzler-briefe-cmif.xml")).getroot()
    result = compare_cmif(ours, theirs)
    print("\n## CMIF: schnitzler-briefe, ours against the edition's own")
    print(f"letters {letters}, matched {result.matched}, only ours {len(result.only_ours)}, "
          f"only theirs {result.only_theirs}")
    print(f"tei_all errors {len(validation_errors(ours, schema))}, CMIF rule problems "
          f"{len(cmif_problems(ours))} (theirs: {len(cmif_problems(theirs))})")
    for field in ("sender", "addressee", "date", "place"):
        print(f"{field:10} agree {result.agree[field]:>5}")
    for d in result.disagreements:
        print(f"  {d.key} {d.field}: ours {d.ours} | theirs {d.theirs}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA))
    parser.add_argument("--cmif", action="store_true", help="compare our CMIF with Schnitzler's")
    args = parser.parse_args(argv)
    corpora = Path(args.shared) / "corpora"
    schema = corpora / "tei-schema" / "tei_all.rng"
    if not schema.exists():
        print(f"{schema}: not found; pass --shared", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.corpus or sorted(CORPORA):
            round_trip(name, corpora, schema, Path(tmp))
        if args.cmif:
            cmif_check(corpora, schema, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
