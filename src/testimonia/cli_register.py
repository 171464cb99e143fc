"""`testimonia register …`: the editors' commands for the register (index of persons etc.)."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from testimonia.archive import Archive
from testimonia.cli_common import open_archive
from testimonia.errors import TestimoniaError
from testimonia.model import ENTITY_TYPES
from testimonia.register import entity_report, export_register, import_register, list_entities
from testimonia.register.exchange import FORMATS

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _run(ctx: click.Context, action: str, *args: object) -> object:
    with open_archive(ctx) as archive:
        try:
            if action not in Archive.CURATION_STEPS:  # a question, not a step
                return getattr(archive.store, action)(*args)
            warnings: list[str] = []
            result = archive.curate(action, *args, warnings=warnings)
        except TestimoniaError as exc:
            raise click.ClickException(str(exc)) from None
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    return result


@click.group()
def register() -> None:
    """The register: list, show and curate persons, places, organisations and works.

    \b
    Example:
        testimonia register list --type person --query trotsk
        testimonia register show ent_1a2b3c4d5e6f
        testimonia register merge ent_keep ent_other
    """


@register.command("list")
@click.option("--type", "entity_type", type=click.Choice(ENTITY_TYPES), help="Only this type.")
@click.option("--query", help="Name or variant containing this (any case).")
@click.option("--status", type=click.Choice(["proposed", "confirmed"]), help="Only this curation state.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
@click.pass_context
def list_command(ctx: click.Context, entity_type: str | None, query: str | None, status: str | None,
                 limit: int, as_json: bool) -> None:
    """List register entries, most mentioned first."""
    with open_archive(ctx) as archive:
        rows = list_entities(archive.store, entity_type, query, status, limit)
    if as_json:
        for row in rows:
            record = {"id": row.entity.id, "entity_type": row.entity.entity_type, "name": row.entity.name,
                      "variants": row.entity.variants, "identifiers": row.entity.identifiers,
                      "status": row.entity.status, "mentions": row.mentions}
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    table = Table(show_edge=False)
    for column in ("id", "type", "name", "mentions", "status", "variants"):
        table.add_column(column)
    for row in rows:
        table.add_row(row.entity.id or "", row.entity.entity_type, escape(row.entity.name),
                      str(row.mentions), row.entity.status, escape(", ".join(row.entity.variants[:4])))
    out.print(table)


@register.command()
@click.option("--type", "entity_type", type=click.Choice(ENTITY_TYPES), help="Only this type.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
@click.pass_context
def duplicates(ctx: click.Context, entity_type: str | None, limit: int, as_json: bool) -> None:
    """Entries that may be one person (place, body, work) twice, to merge or leave: a name one
    has as written is a name of the other, or their names agree across scripts and forms.

    \b
    Example:
        testimonia register duplicates --type person
        testimonia register merge KEEP OTHER     # for a pair that is one
    """
    with open_archive(ctx) as archive:
        pairs = archive.duplicates(entity_type, limit)
    if as_json:
        for pair in pairs:
            click.echo(json.dumps({"keep": pair.keep.id, "keep_name": pair.keep.name,
                                   "other": pair.other.id, "other_name": pair.other.name,
                                   "entity_type": pair.keep.entity_type, "why": pair.why},
                                  ensure_ascii=False))
        return
    if not pairs:
        out.print("no likely duplicates")
        return
    table = Table(show_edge=False)
    for column in ("keep", "merge into it", "why", "command"):
        table.add_column(column)
    for pair in pairs:
        table.add_row(escape(f"{pair.keep.name} ({pair.keep.status})"),
                      escape(f"{pair.other.name} ({pair.other.status})"), escape(pair.why),
                      f"register merge {pair.keep.id} {pair.other.id}")
    out.print(table)


@register.command()
@click.argument("entity_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx: click.Context, entity_id: str, as_json: bool) -> None:
    """An entry with every mention in context, co-occurring entries, sources and its log."""
    with open_archive(ctx) as archive:
        try:
            report = entity_report(archive.store, entity_id)
        except TestimoniaError as exc:
            raise click.ClickException(str(exc)) from None
    entity = report.entity
    if as_json:
        click.echo(json.dumps({
            "entity": {"id": entity.id, "entity_type": entity.entity_type, "name": entity.name,
                       "variants": entity.variants, "identifiers": entity.identifiers,
                       "status": entity.status, "keys": entity.keys},
            "mentions": [{"id": m.mention.id, "text": m.mention.text, "before": m.before, "after": m.after,
                          "document_id": m.mention.document_id, "status": m.mention.status,
                          "method": m.mention.method} for m in report.mentions],
            "cooccurring": [{"id": e.id, "name": e.name, "documents": n} for e, n in report.cooccurring],
            "sources": report.source_ids,
            "log": [{"id": e.id, "at": e.at, "action": e.action, "undone": e.undone} for e in report.log],
        }, ensure_ascii=False, indent=2))
        return
    out.print(f"[bold]{escape(entity.name)}[/bold] ({entity.entity_type}, {entity.status}) {entity.id}")
    if entity.variants:
        out.print("variants: " + escape(", ".join(entity.variants)))
    if entity.identifiers:
        out.print("identifiers: " + escape(", ".join(f"{k} {v}" for k, v in entity.identifiers.items())))
    out.print(f"\n[bold]{len(report.mentions)} mentions[/bold] in {len(report.source_ids)} sources")
    for item in report.mentions:
        out.print(f"  {item.mention.id} [{item.mention.status}] …{escape(item.before)} "
                  f"[reverse]{escape(item.mention.text)}[/reverse] {escape(item.after)}…")
    if report.cooccurring:
        out.print("\n[bold]mentioned with[/bold]")
        for other, count in report.cooccurring:
            out.print(f"  {escape(other.name)} ({other.id}): {count} documents")
    if report.log:
        out.print("\n[bold]curation log[/bold]")
        for entry in report.log:
            out.print(f"  step {entry.id} {entry.at} {entry.action}{' (undone)' if entry.undone else ''}")


@register.command()
@click.argument("keep_id")
@click.argument("other_id")
@click.pass_context
def merge(ctx: click.Context, keep_id: str, other_id: str) -> None:
    """Fold OTHER_ID into KEEP_ID (its mentions, variants and identifiers). Undo with `undo STEP`."""
    step = _run(ctx, "merge_entities", keep_id, other_id)
    out.print(f"merged {other_id} into {keep_id} "
              f"(step {step}; `testimonia register undo {step}` reverses it)")


@register.command()
@click.argument("entity_id")
@click.argument("name")
@click.option("--mention", "mention_ids", multiple=True, required=True,
              help="A mention to move (repeat).")
@click.pass_context
def split(ctx: click.Context, entity_id: str, name: str, mention_ids: tuple[str, ...]) -> None:
    """Move some mentions of ENTITY_ID to a new entry called NAME."""
    new_id = _run(ctx, "split_entity", entity_id, list(mention_ids), name)
    out.print(f"created {new_id} ({escape(name)}) with {len(mention_ids)} mentions from {entity_id}")


@register.command()
@click.argument("entity_id")
@click.argument("name")
@click.pass_context
def rename(ctx: click.Context, entity_id: str, name: str) -> None:
    """Give ENTITY_ID the preferred name NAME (the old one stays a variant)."""
    _run(ctx, "rename_entity", entity_id, name)
    out.print(f"{entity_id} is now {escape(name)}")


@register.command("add-variant")
@click.argument("entity_id")
@click.argument("variant")
@click.pass_context
def add_variant(ctx: click.Context, entity_id: str, variant: str) -> None:
    """Add a name variant (a spelling, transliteration, nickname) to ENTITY_ID."""
    _run(ctx, "add_variant", entity_id, variant)
    out.print(f"added {escape(variant)} to {entity_id}")


@register.command()
@click.argument("mention_id")
@click.option("--entity", "entity_id", help="Link the mention to this entry instead.")
@click.pass_context
def confirm(ctx: click.Context, mention_id: str, entity_id: str | None) -> None:
    """Confirm a mention (and its link); re-running recognition will keep it."""
    _run(ctx, "decide_mention", mention_id, "confirmed", entity_id)
    out.print(f"confirmed {mention_id}")


@register.command()
@click.argument("mention_id")
@click.pass_context
def reject(ctx: click.Context, mention_id: str) -> None:
    """Reject a mention: not a reference, or not to this entry; re-running keeps the rejection."""
    _run(ctx, "decide_mention", mention_id, "rejected", None)
    out.print(f"rejected {mention_id}")


@register.command()
@click.argument("step", type=int)
@click.pass_context
def undo(ctx: click.Context, step: int) -> None:
    """Reverse one curation step (a merge, split, rename, variant, confirm or reject)."""
    _run(ctx, "undo", step)
    out.print(f"undid step {step}")


@register.command()
@click.argument("entity_id", required=False)
@click.pass_context
def log(ctx: click.Context, entity_id: str | None) -> None:
    """The curation log (of one entry, if given)."""
    entries = _run(ctx, "curation_log", entity_id)
    for entry in entries:  # type: ignore[attr-defined]
        state = " (undone)" if entry.undone else ""
        click.echo(f"{entry.id}\t{entry.at}\t{entry.action}{state}\t{entry.entity_id or ''}\t"
                   f"{json.dumps(entry.detail, ensure_ascii=False)}")


@register.command("import")
@click.argument("fmt", type=click.Choice(FORMATS))
@click.argument("file", type=click.Path(dir_okay=False))
@click.pass_context
def import_command(ctx: click.Context, fmt: str, file: str) -> None:
    """Import a register (CSV, JSON or TEI lists) with the identifiers and life dates it gives."""
    with open_archive(ctx) as archive:
        try:
            counts = import_register(archive.store, fmt, file)
        except TestimoniaError as exc:
            raise click.ClickException(str(exc)) from None
    out.print(f"{counts['added']} entries added, {counts['enriched']} enriched from {escape(file)}")


@register.command("export")
@click.argument("fmt", type=click.Choice(FORMATS))
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--type", "entity_type", type=click.Choice(ENTITY_TYPES), help="Only this type.")
@click.pass_context
def export_command(ctx: click.Context, fmt: str, file: str, entity_type: str | None) -> None:
    """Export the register as CSV, JSON or a TEI file of lists, to FILE or - for stdout."""
    with open_archive(ctx) as archive:
        if file == "-":
            count = export_register(archive.store, fmt, sys.stdout, entity_type)
        else:
            with open(file, "w", encoding="utf-8", newline="") as handle:
                count = export_register(archive.store, fmt, handle, entity_type)
    err.print(f"{count} entries written to {escape(file)}")
