"""Write docs/cli.md from the commands' own --help, so the reference cannot drift.

    python tools/gen_cli_docs.py          # rewrite docs/cli.md
    python tools/gen_cli_docs.py --check  # exit 1 if docs/cli.md is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from testimonia.cli import cli

TARGET = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def render() -> str:
    parts = [
        "# Command-line reference",
        "",
        "Generated from `--help` by `tools/gen_cli_docs.py`; a test fails when it is stale.",
        "The archive is chosen by `--archive PATH` before the command, or `TESTIMONIA_ARCHIVE`.",
        "",
        "## `testimonia`",
        "",
        "```",
        _help(cli, "testimonia"),
        "```",
    ]
    for name, command in sorted(cli.commands.items()):
        parts += _section(f"testimonia {name}", command)
        if isinstance(command, click.Group):
            for sub, subcommand in sorted(command.commands.items()):
                parts += _section(f"testimonia {name} {sub}", subcommand)
    return "\n".join(parts) + "\n"


def _section(name: str, command: click.Command) -> list[str]:
    return ["", f"## `{name}`", "", "```", _help(command, name), "```"]


def _help(command: click.Command, name: str) -> str:
    context = click.Context(command, info_name=name, terminal_width=100, max_content_width=100)
    return command.get_help(context).rstrip()


def main() -> None:
    text = render()
    if "--check" in sys.argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            sys.exit(f"{TARGET} is stale: run python tools/gen_cli_docs.py")
        return
    TARGET.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
