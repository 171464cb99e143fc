"""`testimonia letters A B`: the letters between two correspondents, with replies and gaps."""

from __future__ import annotations

import json
from dataclasses import asdict

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from testimonia.archive import Archive
from testimonia.cli_common import open_archive
from testimonia.correspondence import Correspondence, correspondence_between, correspondent_pairs
from testimonia.errors import TestimoniaError
from testimonia.store import DocumentFilter

out = Console(highlight=False, soft_wrap=True)


@click.command()
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--texts", "texts", is_flag=True,
              help="The letters of a letters index (CMIF) and which texts in the archive they are.")
@click.pass_context
def letters(ctx: click.Context, a: str | None, b: str | None, as_json: bool, texts: bool) -> None:
    """The letters between two correspondents (entity ids or names), with reply times, long
    silences and the letters they refer to that the archive lacks. Without A and B: the pairs
    of correspondents, most letters first.

    \b
    Example:
        testimonia --archive a.tmarch letters
        testimonia --archive a.tmarch letters "Anna Pavlovna Kostrova" ent_3eccaa5b57fb --json
        testimonia --archive a.tmarch letters --texts
    """
    if texts:
        if a is not None:
            raise click.UsageError("--texts lists the whole letters index: give no correspondents")
        _print_texts(ctx, as_json)
        return
    if a is not None and b is None:
        raise click.UsageError("give two correspondents, or none to list the pairs")
    try:
        with open_archive(ctx) as archive:
            if a is None or b is None:
                _print_pairs(archive, as_json)
                return
            found = correspondence_between(archive.store, a, b)
    except TestimoniaError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        out.print_json(json.dumps(asdict(found), ensure_ascii=False))
        return
    _print_correspondence(found)


def _print_texts(ctx: click.Context, as_json: bool) -> None:
    try:
        with open_archive(ctx) as archive:
            letters = archive.store.documents(DocumentFilter(kind="letter"))
            matches = archive.letter_texts(letters)
    except TestimoniaError as exc:
        raise click.ClickException(str(exc)) from None
    documents = {d.id: d for d in letters}
    index_total = sum(1 for d in letters if d.end <= d.start)
    if as_json:
        out.print_json(json.dumps([asdict(match) for match in matches], ensure_ascii=False))
        return
    out.print(f"{len(matches):,} of {index_total:,} indexed letters (no text of their own) have a text "
              "in the archive")
    table = Table(show_edge=False)
    for column in ("indexed letter", "date", "from", "to", "its text", "matched on"):
        table.add_column(column)
    for match in matches:
        entry = documents.get(match.index_id)
        table.add_row(match.index_id, (entry.date.edtf or "") if entry and entry.date else "",
                      escape(", ".join(p.name for p in entry.authors)) if entry else "",
                      escape(", ".join(p.name for p in entry.addressees)) if entry else "",
                      match.text_id, match.matched_on)
    out.print(table)


def _print_pairs(archive: Archive, as_json: bool) -> None:
    pairs = correspondent_pairs(archive.store)
    if as_json:
        out.print_json(json.dumps([asdict(pair) for pair in pairs], ensure_ascii=False))
        return
    table = Table(show_edge=False)
    for column in ("between", "and", "letters", "each way", "from", "to"):
        table.add_column(column)
    for pair in pairs:
        table.add_row(escape(f"{pair.a.name} ({pair.a.key})"), escape(f"{pair.b.name} ({pair.b.key})"),
                      str(pair.letters), f"{pair.a_to_b} / {pair.b_to_a}", pair.first or "", pair.last or "")
    out.print(table)


def _print_correspondence(found: Correspondence) -> None:
    a, b = found.a.name, found.b.name
    out.print(f"{found.total} letters between [bold]{escape(a)}[/bold] and [bold]{escape(b)}[/bold]"
              + (f"; median reply {found.median_reply_days:g} days" if found.median_reply_days is not None
                 else ""))
    table = Table(show_edge=False)
    for column in ("date", "from → to", "id", "answered after", "refers to"):
        table.add_column(column)
    for letter in found.letters:
        way = f"{a} → {b}" if letter.direction == "a_to_b" else f"{b} → {a}"
        cited = "; ".join(f"“{r.text}”" + (f" = {r.matched}" if r.matched else "") for r in letter.references)
        table.add_row(escape(letter.date_text or letter.date or "undated"), escape(way), letter.document_id,
                      f"{letter.reply_days} days" if letter.reply_days is not None else "", escape(cited))
    out.print(table)
    for missing in found.missing:
        way = {"a_to_b": f"{a} → {b}", "b_to_a": f"{b} → {a}"}.get(missing.direction or "", "either way")
        when = missing.date or f"between {missing.after or '?'} and {missing.before or '?'}"
        out.print(f"missing: {escape(way)}, {escape(when)}, cited in {missing.cited_in} as "
                  f"“{escape(missing.quote)}”")
    for gap in found.gaps:
        out.print(f"silence: {gap.days} days, {gap.start} to {gap.end}")
