"""What every command module of the CLI shares: finding and opening the archive it names."""

from __future__ import annotations

import click

from testimonia.archive import Archive
from testimonia.errors import TestimoniaError


def archive_path(ctx: click.Context) -> str:
    """The archive given by --archive (or TESTIMONIA_ARCHIVE) to the root command."""
    root = ctx.find_root()
    path = root.obj.get("archive") if root.obj else None
    if not path:
        raise click.UsageError("no archive: pass --archive PATH before the command, "
                               "or set TESTIMONIA_ARCHIVE")
    return str(path)


def open_archive(ctx: click.Context) -> Archive:
    """That archive, open; a missing or unreadable one is a one-line error."""
    try:
        return Archive.open(archive_path(ctx))
    except TestimoniaError as exc:
        raise click.ClickException(str(exc)) from None
