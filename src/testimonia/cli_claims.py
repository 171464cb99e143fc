"""`testimonia claims | weigh | witness | estimates`: what testimony claims and how it weighs up."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from testimonia.claims.model import CLAIM_KINDS, Claim, ClaimFilter
from testimonia.cli_common import open_archive
from testimonia.errors import TestimoniaError

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _number(value: float | None) -> str:
    if value is None:
        return "…"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def describe(claim: Claim) -> str:
    """One line saying what the claim holds, for tables."""
    if claim.kind == "quotation":
        who = claim.speaker.name if claim.speaker else "unknown speaker"
        return f"{who}{' [' + claim.stance + ']' if claim.stance else ''}: “{claim.text[:80]}”"
    if claim.kind == "quantity":
        value = _number(claim.low) if claim.low == claim.high \
            else f"{_number(claim.low)}–{_number(claim.high)}"
        parts = [claim.qualifier or "", value, claim.unit if claim.unit != "count" else "",
                 claim.counts or "", f"of {claim.share_of}" if claim.share_of else "",
                 f"({claim.refers_to})" if claim.refers_to else ""]
        return " ".join(p for p in parts if p)
    if claim.kind == "event":
        who = claim.subject.name if claim.subject else "?"
        return " ".join(p for p in (claim.event_type or "", who, claim.date or "", claim.place or "") if p)
    judge = claim.judge.name if claim.judge else "the author"
    judged = claim.judged.name if claim.judged else "?"
    return f"{judge} → {judged}: {claim.polarity}"


def print_extraction(summary: Any) -> None:
    kinds = ", ".join(f"{n:,} {kind}s" for kind, n in sorted(summary.by_kind.items())) or "none"
    out.print(f"extracted {summary.claims:,} claims from {summary.sources:,} sources ({kinds}) "
              f"in {summary.seconds:.1f} s")


@click.command()
@click.option("--extract", "then_extract", is_flag=True,
              help="First extract claims afresh from every current source (or --source).")
@click.option("--kind", type=click.Choice(CLAIM_KINDS), help="Only claims of this kind.")
@click.option("--source", "source_id", help="Only claims of this source id.")
@click.option("--entity", "entity_id", help="Only claims naming this register entry (any role).")
@click.option("--limit", type=click.IntRange(1, None), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
@click.pass_context
def claims(ctx: click.Context, then_extract: bool, kind: str | None, source_id: str | None,
           entity_id: str | None, limit: int, as_json: bool) -> None:
    """List claims: quotations, quantities, events and judgements of credibility.

    \b
    Example:
        testimonia --archive a.tmarch claims --extract
        testimonia --archive a.tmarch claims --kind judgement --entity ent_ff840a8c54f2
    """
    with open_archive(ctx) as archive:
        try:
            if then_extract:
                print_extraction(archive.extract_claims([source_id] if source_id else None))
            found = archive.claims(ClaimFilter(kind=kind, source_id=source_id, entity_id=entity_id,
                                               limit=limit))
        except TestimoniaError as exc:
            raise click.ClickException(str(exc)) from None
    if as_json:
        for claim in found:
            out.print(json.dumps(asdict(claim), ensure_ascii=False), markup=False)
        return
    table = Table(show_edge=False)
    for column in ("id", "kind", "witness", "what", "passage"):
        table.add_column(column)
    for claim in found:
        table.add_row(claim.id, claim.kind, escape(claim.witness.name if claim.witness else ""),
                      escape(describe(claim)), escape(claim.text[:60].replace("\n", " ")))
    out.print(table)


@click.command()
@click.option("--confirm", "confirm_id", metavar="RELATION", help="Confirm this relation (no re-weighing).")
@click.option("--reject", "reject_id", metavar="RELATION", help="Reject this relation (no re-weighing).")
@click.option("--limit", type=click.IntRange(0, None), default=30, show_default=True,
              help="How many relations to list.")
@click.pass_context
def weigh(ctx: click.Context, confirm_id: str | None, reject_id: str | None, limit: int) -> None:
    """Relate claims across sources: corroborates, contradicts, repeats; each with its reasons.

    Re-weighing replaces the system's proposals and keeps every editor's decision.

    \b
    Example:
        testimonia --archive a.tmarch weigh
        testimonia --archive a.tmarch weigh --reject rel_0123456789abcdef
    """
    with open_archive(ctx) as archive:
        try:
            if confirm_id or reject_id:
                archive.store.decide_relation(confirm_id or reject_id or "",
                                              "confirmed" if confirm_id else "rejected")
                out.print(f"{escape(confirm_id or reject_id or '')}: "
                          f"{'confirmed' if confirm_id else 'rejected'}")
                return
            result = archive.weigh()
            texts = {c.id: c for c in archive.claims()} if limit else {}
        except TestimoniaError as exc:
            raise click.ClickException(str(exc)) from None
    out.print(f"weighed {result.claims:,} claims in {result.blocks:,} blocks: {result.comparisons:,} "
              f"comparisons of {result.possible_pairs:,} possible pairs ({result.avoided:.1%} avoided), "
              f"{result.seconds:.2f} s; {result.count('corroborates')} corroborate, "
              f"{result.count('contradicts')} contradict, {result.count('repeats')} repeat")
    for dependency in result.dependencies:
        out.print(f"  {dependency.source_id} depends on {dependency.depends_on}: {escape(dependency.reason)}")
    if not limit:
        return
    table = Table(show_edge=False)
    for column in ("id", "relation", "score", "claim", "other claim", "why"):
        table.add_column(column)
    for relation in result.relations[:limit]:
        a, b = texts.get(relation.claim_a), texts.get(relation.claim_b)
        table.add_row(relation.id, relation.relation, f"{relation.score:.2f}",
                      escape(describe(a) if a else relation.claim_a),
                      escape(describe(b) if b else relation.claim_b),
                      escape(relation.why))
    out.print(table)


@click.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the profile as one JSON object.")
@click.pass_context
def witness(ctx: click.Context, name: str, as_json: bool) -> None:
    """A witness's profile: claims made and how they fare, judgements by others, vantage, gap.

    NAME is a register id (ent_…) or a name as written.

    \b
    Example:
        testimonia --archive a.tmarch witness Kravchenko
    """
    with open_archive(ctx) as archive:
        try:
            profile = archive.witness(name)
        except TestimoniaError as exc:
            raise click.ClickException(str(exc)) from None
    if as_json:
        out.print(json.dumps(profile_record(profile), ensure_ascii=False), markup=False)
        return
    who = profile.witness
    out.print(f"[bold]{escape(who.name)}[/bold] {escape(who.entity_id or '(not in the register)')}")
    out.print(f"claims made: {len(profile.claims)}; corroborated {len(profile.corroborated)}, "
              f"contradicted {len(profile.contradicted)}, repeated only {len(profile.repeated)}, "
              f"uncorroborated {len(profile.uncorroborated)}")
    out.print("vantage: " + (", ".join(f"{k} {v}" for k, v in sorted(profile.vantage.items())) or "none"))
    if profile.gap_years:
        gap = profile.gap_years
        out.print(f"years between events and writing: median {gap['median']:.0f} "
                  f"(from {gap['min']:.0f} to {gap['max']:.0f}, {gap['claims']:.0f} dated claims)")
    table = Table(title="judgements of this witness", show_edge=False)
    for column in ("judge", "polarity", "passage", "claim"):
        table.add_column(column)
    for judgement in profile.judgements:
        table.add_row(escape(judgement.judge.name if judgement.judge else "the author"), judgement.polarity,
                      escape(judgement.claim.text[:80]), judgement.claim.id or "")
    out.print(table)


def profile_record(profile: Any) -> dict[str, Any]:
    """A witness profile as plain JSON-ready data (the API returns the same)."""
    return {
        "witness": asdict(profile.witness),
        "claims": [c.id for c in profile.claims],
        "corroborated": [c.id for c in profile.corroborated],
        "contradicted": [c.id for c in profile.contradicted],
        "repeated": [c.id for c in profile.repeated],
        "uncorroborated": [c.id for c in profile.uncorroborated],
        "judgements": [{"judge": asdict(j.judge) if j.judge else None, "polarity": j.polarity,
                        "claim": j.claim.id, "text": j.claim.text} for j in profile.judgements],
        "vantage": profile.vantage,
        "gap_years": profile.gap_years,
    }


@click.command()
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per group.")
@click.pass_context
def estimates(ctx: click.Context, query: str, as_json: bool) -> None:
    """Every figure given for the same thing across sources: who, when, for when, low–high.

    \b
    Example:
        testimonia --archive a.tmarch estimates prisoners
        testimonia --archive a.tmarch estimates "adult population"
    """
    with open_archive(ctx) as archive:
        try:
            groups = archive.estimates(query)
        except TestimoniaError as exc:
            raise click.ClickException(str(exc)) from None
    if not groups:
        err.print(f"no quantities about {escape(query)!s}")
    for group in groups:
        if as_json:
            out.print(json.dumps({"thing": group.thing, "unit": group.unit, "rows": [
                {"claim": r.claim.id, "witness": r.witness, "written": r.written, "refers_to": r.refers_to,
                 "low": r.low, "high": r.high, "qualifier": r.claim.qualifier, "text": r.claim.text}
                for r in group.rows]}, ensure_ascii=False), markup=False)
            continue
        table = Table(title=f"{escape(group.thing)} ({group.unit})", show_edge=False)
        for column in ("witness", "written", "refers to", "low", "high", "as written", "claim"):
            table.add_column(column)
        for row in group.rows:
            table.add_row(escape(row.witness or ""), row.written or "", row.refers_to or "", _number(row.low),
                          _number(row.high), escape(row.claim.text), row.claim.id or "")
        out.print(table)
