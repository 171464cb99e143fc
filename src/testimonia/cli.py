"""The `testimonia` command line: thin shells over `testimonia.archive`.

Each command opens the archive, calls one library function and prints what it returns;
every TestimoniaError becomes one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from testimonia.archive import Archive, IngestOutcome, day_bound, iter_files
from testimonia.cli_common import archive_path, open_archive
from testimonia.errors import TestimoniaError
from testimonia.export.csv.tables import RECORD_TYPES
from testimonia.model import DOCUMENT_KINDS, Document
from testimonia.read import DEFAULT_MAX_BYTES
from testimonia.samples import sample_files
from testimonia.store import DocumentFilter

F = TypeVar("F", bound=Callable[..., Any])

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _one_line_errors(function: F) -> F:
    """Turn library errors into one line and exit status 1, never a traceback."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except TestimoniaError as exc:
            raise click.ClickException(str(exc)) from None

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper  # type: ignore[return-value]


@click.group()
@click.option("--archive", "archive", envvar="TESTIMONIA_ARCHIVE", metavar="PATH",
              help="The archive file (or set TESTIMONIA_ARCHIVE).")
@click.version_option(package_name="testimonia")
@click.pass_context
def cli(ctx: click.Context, archive: str | None) -> None:
    """testimonia: preserve, structure and mine testimony of political repression.

    \b
    Example:
        testimonia --archive letters.tmarch init
        testimonia --archive letters.tmarch ingest transcriptions/
        testimonia --archive letters.tmarch documents --kind letter
    """
    ctx.ensure_object(dict)
    ctx.obj["archive"] = archive


@cli.command()
@click.argument("path", required=False)
@click.option("--starter-register", is_flag=True,
              help="Fill the register with the bundled people, places and bodies of the period.")
@click.pass_context
@_one_line_errors
def init(ctx: click.Context, path: str | None, starter_register: bool) -> None:
    """Create an empty archive at PATH (or at --archive).

    \b
    Example:
        testimonia init serge.tmarch --starter-register
    """
    target = path or archive_path(ctx)
    with Archive.create(target) as archive:
        counts = archive.load_starter_register() if starter_register else None
    out.print(f"created archive {escape(target)}"
              + (f" with {counts['added']} register entries" if counts else ""))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--max-size", type=int, default=DEFAULT_MAX_BYTES // 1048576, show_default=True,
              help="Largest file to read, in MB.")
@click.option("--quiet", is_flag=True, help="No progress bar; failures and the summary only.")
@click.option("--recognise", "then_recognise", is_flag=True,
              help="Then recognise and link names, and extract claims, in the sources just added.")
@click.pass_context
@_one_line_errors
def ingest(ctx: click.Context, paths: tuple[str, ...], max_size: int, quiet: bool,
           then_recognise: bool) -> None:
    """Read, structure and store files and folders (recursively).

    Each file is stored in one transaction; a file that fails is reported on one line and
    the rest of the batch goes on. Exits with status 1 if any file failed. A folder of
    one-page PAGE or ALTO files (a Transkribus or eScriptorium export) is one source.

    \b
    Example:
        testimonia --archive a.tmarch ingest ../shared/seeds letters/1946.docx
    """
    archive = open_archive(ctx)
    total = sum(1 for _ in iter_files(paths))  # a cheap walk, so the bar knows its end
    progress = Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                        console=err, disable=quiet or not err.is_terminal, transient=True)
    failures: list[IngestOutcome] = []
    with archive, progress:
        task = progress.add_task("ingest", total=total, rate="")
        documents = 0

        def report(outcome: IngestOutcome) -> None:
            nonlocal documents
            documents += outcome.documents if outcome.status in ("added", "new_version") else 0
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(task, advance=outcome.files, rate=f"{documents / elapsed:,.0f} docs/s")
            if outcome.status == "failed":
                failures.append(outcome)
                err.print(f"[red]error[/red] {escape(outcome.error or outcome.path)}")

        summary = archive.ingest(paths, on_outcome=report, max_bytes=max_size * 1048576)
        added = [o.source_id for o in summary.outcomes
                 if o.status in ("added", "new_version") and o.source_id]
        if then_recognise and added:
            _print_recognition(archive.recognise(added))
            from testimonia.cli_claims import print_extraction

            print_extraction(archive.extract_claims(added))
    seconds = summary.seconds or 1e-9
    table = Table(title="ingest summary", show_header=False, show_edge=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, value in (
            ("added", summary.count("added")), ("new versions", summary.count("new_version")),
            ("unchanged", summary.count("unchanged")), ("skipped", summary.count("skipped")),
            ("failed", len(summary.failed)), ("documents", f"{summary.documents:,}"),
            ("words", f"{summary.words:,}"), ("seconds", f"{summary.seconds:.1f}"),
            ("documents/s", f"{summary.documents / seconds:,.0f}"),
            ("words/s", f"{summary.words / seconds:,.0f}")):
        table.add_row(name, str(value))
    out.print(table)
    if failures:
        sys.exit(1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@_one_line_errors
def status(ctx: click.Context, as_json: bool) -> None:
    """Counts of sources, documents (by kind), notes, entities and mentions."""
    with open_archive(ctx) as archive:
        counts = archive.status()
    if as_json:
        out.print_json(json.dumps(counts))
        return
    table = Table(show_header=False, show_edge=False)
    for name, value in counts.items():
        table.add_row(name, escape(str(value)))
    out.print(table)


@cli.command()
@click.option("--history", is_flag=True, help="Include superseded versions.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
@click.pass_context
@_one_line_errors
def sources(ctx: click.Context, history: bool, as_json: bool) -> None:
    """List the sources in the archive."""
    with open_archive(ctx) as archive:
        rows = archive.sources(include_history=history)
    if as_json:
        for row in rows:
            click.echo(json.dumps(vars(row), ensure_ascii=False))
        return
    table = Table(show_edge=False)
    for column in ("id", "v", "format", "encoding", "docs", "notes", "title", "path"):
        table.add_column(column)
    for row in rows:
        version = f"{row.version}" + ("" if row.current else " (old)")
        table.add_row(row.id, version, row.format, row.encoding or "", str(row.documents),
                      str(row.notes), escape(row.title or ""), escape(row.path))
    out.print(table)


@cli.command()
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS), help="Only this kind.")
@click.option("--from", "date_from", metavar="DATE", help="Dated on or after (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", metavar="DATE", help="Dated on or before (YYYY[-MM[-DD]]).")
@click.option("--author", help="Sender or author whose name contains this.")
@click.option("--addressee", help="Addressee whose name contains this.")
@click.option("--source", "source_id", help="Only documents of this source id.")
@click.option("--limit", type=int, default=None, help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines (the export's records).")
@click.pass_context
@_one_line_errors
def documents(ctx: click.Context, kind: str | None, date_from: str | None, date_to: str | None,
              author: str | None, addressee: str | None, source_id: str | None,
              limit: int | None, as_json: bool) -> None:
    """List documents: letters, diary entries, articles, reviews.

    \b
    Example:
        testimonia documents --kind letter --from 1946 --to 1947-06 --author Serge
    """
    from testimonia.export.jsonl import document_record

    where = DocumentFilter(kind=kind, date_from=day_bound(date_from, "start"),
                           date_to=day_bound(date_to, "end"), author=author,
                           addressee=addressee, source_id=source_id, limit=limit)
    with open_archive(ctx) as archive:
        rows = archive.documents(where)
    if as_json:
        for document in rows:
            click.echo(json.dumps(document_record(document), ensure_ascii=False))
        return
    table = Table(show_edge=False)
    for column in ("id", "kind", "date", "as written", "place", "from", "to", "title"):
        table.add_column(column)
    for document in rows:
        table.add_row(document.id, document.kind, _date(document),
                      escape(document.date.text if document.date else ""),
                      escape(document.place or ""), escape(_names(document.authors)),
                      escape(_names(document.addressees)), escape(document.title or ""))
    out.print(table)


@cli.command()
@click.argument("document_id")
@click.option("--json", "as_json", is_flag=True, help="Print the document's JSON record.")
@click.pass_context
@_one_line_errors
def show(ctx: click.Context, document_id: str, as_json: bool) -> None:
    """Show a document: its metadata, its text and its notes."""
    from testimonia.export.jsonl import document_record, note_record

    with open_archive(ctx) as archive:
        document = archive.document(document_id)
        source = archive.store.source_summary(document.source_id or "")
        text = archive.source(source.id).text[document.start:document.end]
        notes = archive.notes(document_id=document_id)
    if as_json:
        record = document_record(document)
        record["text"] = text
        record["notes"] = [note_record(n) for n in notes]
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    meta = Table(show_header=False, show_edge=False)
    rows = [("id", document.id), ("kind", document.kind), ("title", document.title),
            ("date", _date(document)), ("date as written", document.date and document.date.text),
            ("certainty", document.date and document.date.certainty), ("place", document.place),
            ("from", _names(document.authors)), ("to", _names(document.addressees)),
            ("source", f"{source.id} {source.path}")]
    rows += [("epigraph", f"{e.text[:80]} — {e.attribution}") for e in document.epigraphs]
    for name, value in rows:
        if value:
            meta.add_row(name, escape(str(value)))
    out.print(meta)
    out.print()
    out.print(escape(text))
    if notes:
        out.print()
        out.print("[bold]notes[/bold]")
        for note in notes:
            out.print(f"[{escape(note.marker)}] ({note.status}) {escape(note.text)}")


@cli.command()
@click.option("--engine", type=click.Choice(["tantivy", "fts5"]), default=None,
              help="Search engine to build with (default: the one the index has, else tantivy).")
@click.pass_context
@_one_line_errors
def reindex(ctx: click.Context, engine: str | None) -> None:
    """Rebuild the search index (`<archive>.search/`) from the archive.

    Ingest and recognise keep the index up to date; rebuild it after register merges, or
    whenever it may have drifted.

    \b
    Example:
        testimonia --archive a.tmarch reindex
    """
    progress = Progress(TextColumn("indexing"), MofNCompleteColumn(), TextColumn("{task.fields[docs]}"),
                        TimeElapsedColumn(), console=err, disable=not err.is_terminal, transient=True)
    with open_archive(ctx) as archive, progress:
        task = progress.add_task("reindex", total=len(archive.sources()), docs="")
        documents = 0

        def report(source_id: str, count: int) -> None:
            nonlocal documents
            documents += count
            progress.update(task, advance=1, docs=f"{documents:,} documents")

        indexed = archive.reindex(on_source=report, engine=engine)
    out.print(f"indexed {indexed:,} documents")


@cli.command()
@click.argument("query", default="")
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS), help="Only documents of this kind.")
@click.option("--person", metavar="ENTITY_ID", help="Only documents that mention this register entry.")
@click.option("--place", metavar="ENTITY_ID", help="Only documents that mention this place entry.")
@click.option("--author", help="Only documents by this sender/author (entry id or name).")
@click.option("--addressee", help="Only documents to this addressee (entry id or name).")
@click.option("--language", type=click.Choice(["en", "ru"]), help="Only documents in this language.")
@click.option("--source", "source_id", metavar="SOURCE_ID", help="Only documents of this source.")
@click.option("--from", "date_from", metavar="DATE", help="Dated on or after YYYY[-MM[-DD]].")
@click.option("--to", "date_to", metavar="DATE", help="Dated on or before YYYY[-MM[-DD]].")
@click.option("--limit", type=int, default=20, show_default=True, help="Hits to show.")
@click.option("--offset", type=int, default=0, show_default=True, help="Hits to skip.")
@click.option("--exact-names", is_flag=True, help="Do not add other spellings of names.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
@_one_line_errors
def search(ctx: click.Context, query: str, kind: str | None, person: str | None, place: str | None,
           author: str | None, addressee: str | None, language: str | None, source_id: str | None,
           date_from: str | None, date_to: str | None, limit: int, offset: int, exact_names: bool,
           as_json: bool) -> None:
    """Search documents and notes: words, "phrases", prefix*, AND / OR / NOT / -word, ( ).

    Words are stemmed in English and Russian (Раковский finds Раковского); names are also
    looked up in their other spellings (Mandelshtam finds Mandelstam and Мандельштам).
    An empty QUERY lists what the filters alone select; put `--` before a QUERY that starts
    with "-". See docs/search.md.

    \b
    Example:
        testimonia --archive a.tmarch search '"Victor Serge" Kravchenko -Paris' --from 1946
        testimonia --archive a.tmarch search Мандельштам --kind letter --json
    """
    from testimonia.search import SearchQuery

    request = SearchQuery(text=query, kind=kind, person=person, place=place, author=author,
                          addressee=addressee, language=language, source=source_id,
                          date_from=day_bound(date_from, "start"), date_to=day_bound(date_to, "end"),
                          limit=limit, offset=offset, fuzzy_names=not exact_names)
    with open_archive(ctx) as archive:
        result = archive.search(request)
    if as_json:
        from dataclasses import asdict

        click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=2))
        return
    if result.expansions:
        out.print("also searched: " + escape(", ".join(result.expansions)))
    table = Table(show_edge=False, show_lines=True)
    for column in ("document", "kind", "date", "snippet"):
        table.add_column(column)
    for hit in result.hits:
        table.add_row(hit.document_id, hit.kind.replace("_", " "), escape(hit.date_edtf or ""),
                      _snippet_markup(hit.snippets[0] if hit.snippets else ""))
    out.print(table)
    shown = f"{offset + 1}–{offset + len(result.hits)} of " if result.hits else ""
    out.print(f"{shown}{result.total:,} documents ({result.took_ms:.1f} ms)")


def _snippet_markup(snippet: str) -> str:
    """An HTML-safe snippet as rich markup: <mark> becomes bold, everything else stays literal."""
    import html

    parts = snippet.split("<mark>")
    pieces = [escape(html.unescape(parts[0]))]
    for part in parts[1:]:
        marked, _, rest = part.partition("</mark>")
        pieces.append(f"[bold reverse]{escape(html.unescape(marked))}[/bold reverse]"
                      f"{escape(html.unescape(rest))}")
    return "".join(pieces)


@cli.command()
@click.option("--source", "source_ids", multiple=True, help="Only this source id (repeat); default all.")
@click.option("--backends", default="register,model,rules", show_default=True,
              help="Comma-separated recognisers: register, model, rules.")
@click.pass_context
@_one_line_errors
def recognise(ctx: click.Context, source_ids: tuple[str, ...], backends: str) -> None:
    """Find persons, places, organisations and works, and link them to the register.

    Mentions an editor confirmed, rejected or relinked, and the edition's own markup, are
    kept; everything else the system found before is replaced. Names the register lacks
    become proposed entries (`testimonia register list --status proposed`).

    \b
    Example:
        testimonia --archive a.tmarch recognise --backends register,model
    """
    chosen = tuple(b.strip() for b in backends.split(",") if b.strip())
    unknown = set(chosen) - {"register", "model", "rules"}
    if unknown or not chosen:
        raise click.BadParameter(f"unknown backends {', '.join(sorted(unknown)) or '(none)'}; "
                                 "choose from register, model, rules", param_hint="--backends")
    with open_archive(ctx) as archive:
        _print_recognition(archive.recognise(source_ids or None, chosen))


def _print_recognition(summary: Any) -> None:
    rate = summary.words / summary.seconds if summary.seconds else 0
    out.print(f"recognised {summary.mentions:,} mentions in {summary.documents:,} documents of "
              f"{summary.sources:,} sources ({summary.words:,} words, {rate:,.0f} words/s): "
              f"{summary.linked:,} linked, {summary.ambiguous:,} ambiguous (for the editor), "
              f"{summary.proposed:,} to {summary.new_entities:,} proposed new entries")


@cli.command("eval")
@click.option("--corpus", "corpora", multiple=True,
              help="Gold corpus (repeat): mitford, tolstoy, factrueval, nerel, samples, schnitzler.")
@click.option("--backends", "backend_sets", multiple=True,
              help="A backend set such as register,model,rules, or 'bare' for the model alone as it "
                   "comes (repeat); default bare, each alone and all.")
@click.option("--limit", type=int, default=None, help="At most this many documents per corpus.")
@click.option("--names", "names_only", is_flag=True, help="Score name matching across scripts instead.")
@click.option("--claims", "claims_only", is_flag=True,
              help="Score claim extraction and weighing on a gold set instead (--gold).")
@click.option("--gold", type=click.Path(file_okay=False), default=None,
              help="With --claims: the folder of texts and gold.json (default tests/data/claims).")
@click.option("--shared", type=click.Path(file_okay=False), default=None,
              help="The shared folder with corpora/ (default ../shared beside the checkout).")
@click.option("--json", "as_json", is_flag=True, help="Print rows as JSON Lines.")
def evaluate(corpora: tuple[str, ...], backend_sets: tuple[str, ...], limit: int | None,
             names_only: bool, claims_only: bool, gold: str | None, shared: str | None,
             as_json: bool) -> None:
    """Score recognition and linking (P/R/F1 by type and language) against real gold corpora.

    \b
    Example:
        testimonia eval --corpus mitford --corpus nerel --limit 200
        testimonia eval --names
        testimonia eval --claims
    """
    from testimonia.evaluate import name_matching, ner

    args: list[str] = []
    if claims_only:
        from testimonia.evaluate import claims as claims_evaluation

        code = claims_evaluation.main((["--gold", gold] if gold else []) + (["--json"] if as_json else []))
    elif names_only:
        args += ["--shared", shared] if shared else []
        code = name_matching.main(args)
    else:
        for corpus in corpora:
            args += ["--corpus", corpus]
        for backends in backend_sets:
            args += ["--backends", backends]
        args += ["--limit", str(limit)] if limit else []
        args += ["--shared", shared] if shared else []
        args += ["--json"] if as_json else []
        code = ner.main(args)
    if code:
        sys.exit(code)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "tei", "cmif", "site"]), default="jsonl",
              show_default=True,
              help="jsonl, cmif: one FILE; csv, tei, site: a folder (CSV tables, TEI P5 files, static HTML).")
@click.option("--history", is_flag=True, help="Include superseded source versions (jsonl).")
@click.option("--only", "only", multiple=True, type=click.Choice(list(RECORD_TYPES)),
              help="Only these record types, e.g. --only entity --only claim (jsonl; repeatable).")
@click.option("--title", default=None, help="The CMIF file's title (cmif) or the site's (site).")
@click.option("--editor", default=None, help="Who answers for the CMIF file (cmif).")
@click.option("--url", default=None, help="Where the CMIF file will be published (cmif).")
@click.argument("file", metavar="FILE_OR_DIR", type=click.Path(allow_dash=True))
@click.pass_context
@_one_line_errors
def export(ctx: click.Context, fmt: str, history: bool, only: tuple[str, ...], title: str | None,
           editor: str | None, url: str | None, file: str) -> None:
    """Export the archive to FILE (or - for stdout), or to a folder DIR with --format csv, tei or site.

    \b
    jsonl: the JSON Lines contract (docs/jsonl.md); --only narrows it to some record types
    csv:   register.csv, documents.csv, claims.csv and relations.csv (docs/exchange.md)
    tei:   one TEI P5 file per source and register.xml (docs/exchange.md)
    cmif:  every letter as CMIF 1.1, for correspSearch (docs/exchange.md)
    site:  a static HTML edition (reader, register, search) that reads from disk or any host

    \b
    Example:
        testimonia export --format site site/
        testimonia export --format csv tables/
        testimonia export --format tei edition/
        testimonia export --only entity --only claim register-and-claims.jsonl
        testimonia export --format cmif letters.xml --url https://example.org/cmif.xml
    """
    if only and fmt != "jsonl":
        raise click.UsageError("--only narrows --format jsonl only")
    if fmt in ("csv", "site"):
        _export_folder(ctx, fmt, title, file)
        return
    if fmt == "tei":
        if file == "-":
            raise click.UsageError("--format tei writes a folder: give DIR, not -")
        with open_archive(ctx) as archive:
            summary = archive.export_tei(file)
        lost = ", ".join(f"{n:,} {what}" for what, n in sorted(summary.lost.items()))
        err.print(f"{summary.sources:,} sources, {summary.documents:,} documents, {summary.notes:,} notes, "
                  f"{summary.mentions:,} mentions and {summary.entities:,} register entries written to "
                  f"{escape(file)}" + (f"; TEI could not hold: {escape(lost)}" if lost else ""))
        return
    if file != "-" and os.path.isdir(file):
        raise click.UsageError(f"{file} is a folder: --format {fmt} writes one file")
    try:
        _export_file(ctx, fmt, history, _cmif_options(title, editor, url), file, only)
    except OSError as exc:
        raise click.ClickException(f"{file}: cannot write: {exc.strerror}") from None


def _export_folder(ctx: click.Context, fmt: str, title: str | None, folder: str) -> None:
    if folder == "-":
        raise click.UsageError(f"--format {fmt} writes a folder: give DIR, not -")
    if os.path.isfile(folder):
        raise click.UsageError(f"{folder} is a file: --format {fmt} writes a folder")
    try:
        with open_archive(ctx) as archive:
            if fmt == "csv":
                tables = archive.export_csv(folder)
                err.print(", ".join(f"{n:,} {name}" for name, n in tables.rows.items())
                          + f" rows written to {escape(folder)} (UTF-8 with BOM)")
                return
            site = archive.export_site(folder, title)
    except OSError as exc:
        raise click.ClickException(f"{folder}: cannot write: {exc.strerror}") from None
    pages = ", ".join(f"{n:,} {kind}" for kind, n in site.pages.items())
    err.print(f"{sum(site.pages.values()):,} pages ({pages}), {site.bytes / 1e6:.1f} MB, written to "
              f"{escape(folder)} in {site.seconds:.1f} s; open {escape(os.path.join(folder, 'index.html'))}")


def _cmif_options(title: str | None, editor: str | None, url: str | None) -> Any:
    from testimonia.export.tei import CmifOptions

    defaults = CmifOptions()
    return CmifOptions(title=title or defaults.title, editor=editor or defaults.editor,
                       url=url or defaults.url)


def _export_file(ctx: click.Context, fmt: str, history: bool, options: Any, file: str,
                 only: tuple[str, ...] = ()) -> None:
    with open_archive(ctx) as archive:
        if fmt == "cmif":
            if file == "-":
                letters = archive.export_cmif(sys.stdout.buffer, options)
            else:
                with open(file, "wb") as binary:
                    letters = archive.export_cmif(binary, options)
            err.print(f"{letters:,} letters written to {escape(file)}")
            return

        def write(out: Any) -> dict[str, int]:
            if only:
                return archive.export_records(out, only, include_history=history)
            return archive.export_jsonl(out, include_history=history)

        if file == "-":
            counts = write(sys.stdout)
        else:
            with open(file, "w", encoding="utf-8") as handle:
                counts = write(handle)
    err.print(", ".join(f"{n:,} {kind}s" for kind, n in counts.items()) + f" written to {escape(file)}")


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--path", "target", default=None,
              help="Where to build the demo archive (default: testimonia-demo.tmarch here).")
@click.option("--serve/--no-serve", "then_serve", default=True, show_default=True,
              help="Serve the workbench once the archive is built.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to serve on.")
@click.pass_context
@_one_line_errors
def demo(ctx: click.Context, paths: tuple[str, ...], target: str | None, then_serve: bool, host: str,
         port: int) -> None:
    """Build an archive from the bundled samples (plus any PATHS), index it and serve the workbench.

    Example: testimonia demo ../shared/seeds --port 8080
    """
    import shutil

    target = target or ctx.obj.get("archive") or "testimonia-demo.tmarch"
    if Path(target).exists():
        Path(target).unlink()
        for suffix in ("-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
    shutil.rmtree(target + ".search", ignore_errors=True)  # the old archive's search index
    with Archive.create(target) as archive:
        archive.load_starter_register()
        summary = archive.ingest([*sample_files(), *paths])
        for outcome in summary.failed:
            err.print(f"[red]error[/red] {escape(outcome.error or '')}")
        _print_recognition(archive.recognise())
        extracted = archive.extract_claims()
        weighed = archive.weigh()
        indexed = archive.reindex()
        counts = archive.status()
        listing = archive.documents()
    out.print(f"demo archive built at [bold]{escape(os.path.abspath(target))}[/bold]: "
              f"{counts['sources']} sources, {counts['documents']} documents, "
              f"{counts['notes']} notes, {counts['mentions']} mentions")
    table = Table(show_edge=False)
    for column in ("id", "kind", "date", "place", "from", "to"):
        table.add_column(column)
    for document in listing:
        table.add_row(document.id, document.kind, _date(document), escape(document.place or ""),
                      escape(_names(document.authors)), escape(_names(document.addressees)))
    out.print(table)
    out.print(f"claims: {extracted.claims:,} extracted; {weighed.count('corroborates')} corroborate, "
              f"{weighed.count('contradicts')} contradict, {weighed.count('repeats')} repeat")
    out.print(f"search index: {indexed} documents")
    out.print(f"try: testimonia --archive {escape(target)} show {listing[0].id if listing else 'ID'}")
    if then_serve:
        _serve(target, host, port)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to serve on.")
@click.pass_context
@_one_line_errors
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the web workbench and the JSON API over the archive (Ctrl-C stops).

    Example: testimonia --archive letters.tmarch serve --port 8080
    """
    _serve(archive_path(ctx), host, port)


def _serve(path: str, host: str, port: int) -> None:
    import socket

    import uvicorn

    from testimonia.web import create_app

    app = create_app(path)
    # Say so in one line before printing an address nothing will answer at.
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise click.ClickException(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    out.print(f"serving {escape(path)} at http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _date(document: Document) -> str:
    return document.date.edtf or "" if document.date else ""


def _names(parties: list[Any]) -> str:
    return "; ".join(p.name for p in parties)


def main() -> None:
    cli(prog_name="testimonia")


def _add_groups() -> None:
    from testimonia.cli_letters import letters
    from testimonia.cli_register import register

    cli.add_command(register)
    from testimonia.cli_claims import claims, estimates, weigh, witness

    for command in (claims, weigh, witness, estimates):
        cli.add_command(command)
    cli.add_command(letters)


_add_groups()
