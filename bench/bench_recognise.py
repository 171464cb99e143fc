"""Recognition and linking speed against the bare models, on the same words, in the same run.

    python bench/bench_recognise.py                   # 500,000 words of each language
    python bench/bench_recognise.py --words 100000    # a quicker look

The texts are real letters, journals and news from ../shared/corpora: English, the Letters of
1916 and Mitford's journal (TEI); Russian, the NEREL and factRuEval news texts. Each language
goes into its own fresh archive with the starter register (ingest is not timed). Where the
corpora hold fewer words than `--words`, further copies of the same files are ingested as
sources of their own (a trailing comment or blank lines make their bytes differ) until there
are enough; a copy's names then meet warm caches in the name parser, which the bare model has
no use for, so the figures for the whole stage are somewhat kinder than on unseen text.

Rows, per language:
- the whole stage, `Archive.recognise()` with every backend (register automaton, model, rules),
  type settling, linking with the document's context, and storing the mentions: what
  `testimonia recognise` does;
- the bare model on the same documents' texts: spaCy's pipeline (tok2vec and ner only, through
  `nlp.pipe`) for English, natasha's `Segmenter` + `NewsNERTagger` per document for Russian,
  which is how natasha's own documentation runs NER.

Words are whitespace-separated tokens of the documents' texts, counted the same way for both.
Words/s are given by the wall clock and by the process's CPU time (per core: the models may use
a second thread for matrix products, which CPU time counts).
"""

from __future__ import annotations

import argparse
import math
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from testimonia.archive import Archive
from testimonia.store import DocumentFilter

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def corpus_files(language: str) -> list[Path]:
    if language == "en":
        files = sorted((SHARED / "letters1916" / "editions").glob("*.xml"))
        files += [SHARED / "mitford-journal" / "1819-1823MRMJournal.xml"]
    else:
        files = sorted((SHARED / "nerel" / "NEREL-v1.1").glob("*/*.txt"))
        files += sorted((SHARED / "factrueval-2016").glob("*set/*.txt"))
    return [f for f in files if f.is_file()]


def copy_of(path: Path, folder: Path, copy: int) -> Path:
    """The file again, with bytes of its own: a comment after an XML file, blank lines after text."""
    target = folder / f"copy{copy}" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    data = path.read_bytes()
    target.write_bytes(data + (f"\n<!-- copy {copy} -->\n".encode() if path.suffix == ".xml"
                               else b"\n" * (copy + 1)))
    return target


def words_of(archive: Archive) -> tuple[list[str], int]:
    texts = [archive.store.document_text(d.id or "") for d in archive.store.documents(DocumentFilter())]
    texts = [t for t in texts if t.strip()]
    return texts, sum(len(t.split()) for t in texts)


def build(language: str, target_words: int, folder: Path) -> tuple[Archive, list[str], int, int]:
    files = corpus_files(language)
    if not files:
        raise SystemExit(f"no {language} corpus under {SHARED}: this benchmark reads ../shared/corpora")
    archive = Archive.create(folder / f"{language}.tmarch")
    archive.load_starter_register()
    archive.ingest(files)
    _, once = words_of(archive)
    copies = max(1, math.ceil(target_words / max(once, 1)))
    for copy in range(1, copies):
        archive.ingest([copy_of(f, folder, copy) for f in files])
    texts, words = words_of(archive)
    return archive, texts, words, copies


def timed(work: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def bare_model(language: str, texts: list[str]) -> Callable[[], object]:
    if language == "en":
        from testimonia.recognise.english import load_model

        nlp = load_model()
        nlp("Warm-up: Victor Serge wrote to Natalia Sedova in Mexico.")
        return lambda: [doc.ents for doc in nlp.pipe(texts, batch_size=64)]
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())

    def run() -> None:
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_ner(tagger)

    run_one = Doc("Троцкий писал Седовой из Мехико.")
    run_one.segment(segmenter)
    run_one.tag_ner(tagger)
    return run


def warm_stage(language: str) -> None:
    """Load the models the stage uses before timing it, as the bare model is loaded before its run."""
    from testimonia.recognise import model_recogniser

    recogniser = model_recogniser(language)
    if recogniser is not None:
        sample = "Victor Serge wrote to Natalia." if language == "en" else "Троцкий писал Седовой."
        recogniser.recognise_batch([(sample, 0, len(sample))])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=500_000, help="words of each language (default 500,000)")
    parser.add_argument("--languages", default="en,ru", help="en, ru or both (default en,ru)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="testimonia-bench-recognise-"))
    rows = []
    try:
        for language in args.languages.split(","):
            archive, texts, words, copies = build(language, args.words, folder)
            warm_stage(language)
            summary = None

            def stage(archive: Archive = archive) -> None:
                nonlocal summary
                summary = archive.recognise()

            stage_wall, stage_cpu = timed(stage)
            bare_wall, bare_cpu = timed(bare_model(language, texts))
            archive.close()
            assert summary is not None
            rows.append((language, words, copies, summary.mentions, stage_wall, stage_cpu,
                         bare_wall, bare_cpu))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\nRecognition + linking against the bare model (Python {sys.version.split()[0]})\n")
    print("| language | words | copies | mentions | stage s | stage words/s | stage words/s CPU |"
          " bare model | bare s | bare words/s | bare words/s CPU | stage / bare (CPU) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    for language, words, copies, mentions, sw, sc, bw, bc in rows:
        model = "spaCy sm (tok2vec+ner)" if language == "en" else "natasha (segment+NER)"
        print(f"| {language} | {words:,} | {copies} | {mentions:,} | {sw:.1f} | {words / sw:,.0f} | "
              f"{words / sc:,.0f} | {model} | {bw:.1f} | {words / bw:,.0f} | {words / bc:,.0f} | "
              f"{(words / sc) / (words / bc):.2f} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
