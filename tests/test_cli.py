"""The command line, run in-process against throwaway archives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from testimonia.cli import cli

LETTER = "Москва, 12.III.1947\n\nДорогая Света!\n\nПолучил твоё письмо [1].\n\nТвой Лёва\n\n1. От 3 марта.\n"
DIARY = "July 6, 1946. Visited Natalia this morning. The big, empty garden.\n\n" \
        "July 8, 1946. Rain all day; wrote letters to Paris.\n"


@pytest.fixture
def archive(tmp_path: Path) -> tuple[CliRunner, str, Path]:
    runner = CliRunner()
    path = str(tmp_path / "cli.tmarch")
    result = runner.invoke(cli, ["--archive", path, "init"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "letter.txt").write_bytes(LETTER.encode("cp1251"))
    (folder / "diary.md").write_text(DIARY, encoding="utf-8")
    return runner, path, folder


def test_ingest_status_and_listing(archive: tuple[CliRunner, str, Path]) -> None:
    runner, path, folder = archive
    result = runner.invoke(cli, ["--archive", path, "ingest", str(folder)])
    assert result.exit_code == 0, result.output
    assert "ingest summary" in result.output
    status = json.loads(runner.invoke(cli, ["--archive", path, "status", "--json"]).output)
    assert (status["sources"], status["documents"], status["notes"]) == (2, 3, 1)
    assert status["documents.diary_entry"] == 2 and status["documents.letter"] == 1

    lines = runner.invoke(cli, ["--archive", path, "documents", "--json", "--kind", "letter"]).output
    letter = json.loads(lines.splitlines()[0])
    assert (letter["date"], letter["date_text"], letter["place"]) == ("1947-03-12", "12.III.1947", "Москва")
    assert [a["name"] for a in letter["authors"]] == ["Лёва"]
    assert [a["name"] for a in letter["addressees"]] == ["Света"]

    sources = runner.invoke(cli, ["--archive", path, "sources", "--json"]).output.splitlines()
    assert {json.loads(line)["encoding"] for line in sources} == {"cp1251", "utf-8"}


def test_documents_filters_and_bad_dates(archive: tuple[CliRunner, str, Path]) -> None:
    runner, path, folder = archive
    runner.invoke(cli, ["--archive", path, "ingest", str(folder)])
    out = runner.invoke(cli, ["--archive", path, "documents", "--json", "--from", "1946-07-07",
                              "--to", "1946-12"]).output
    assert [json.loads(line)["date"] for line in out.splitlines()] == ["1946-07-08"]
    bad = runner.invoke(cli, ["--archive", path, "documents", "--from", "July 1946"])
    assert bad.exit_code == 1
    assert bad.output.strip() == "Error: date 'July 1946': write YYYY, YYYY-MM or YYYY-MM-DD"


def test_show_prints_metadata_text_and_notes(archive: tuple[CliRunner, str, Path]) -> None:
    runner, path, folder = archive
    runner.invoke(cli, ["--archive", path, "ingest", str(folder)])
    letter_id = json.loads(runner.invoke(
        cli, ["--archive", path, "documents", "--json", "--kind", "letter"]).output)["id"]
    shown = runner.invoke(cli, ["--archive", path, "show", letter_id])
    assert shown.exit_code == 0
    assert "Дорогая Света!" in shown.output and "От 3 марта." in shown.output
    record = json.loads(runner.invoke(cli, ["--archive", path, "show", letter_id, "--json"]).output)
    assert record["notes"][0]["status"] == "attached"
    missing = runner.invoke(cli, ["--archive", path, "show", "src_x.d9"])
    assert missing.exit_code == 1 and "no document with id" in missing.output


def test_export_jsonl_contract(archive: tuple[CliRunner, str, Path], tmp_path: Path) -> None:
    runner, path, folder = archive
    runner.invoke(cli, ["--archive", path, "ingest", str(folder)])
    target = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["--archive", path, "export", "--format", "jsonl", str(target)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert records[0] == {"type": "archive", "contract": "1.2"}
    texts = {r["id"]: r["text"] for r in records if r["type"] == "source"}
    required = {
        "source": {"id", "path", "sha256", "format", "encoding", "title", "credits", "published_in", "text"},
        "document": {"id", "source_id", "kind", "title", "date", "date_text", "date_certainty", "place",
                     "authors", "addressees", "start", "end"},
        "note": {"id", "source_id", "document_id", "marker", "text", "anchor_start", "anchor_end", "status"},
    }
    for record in records[1:]:
        assert required.get(record["type"], set()) <= set(record), record["type"]
        if record["type"] == "note" and record["anchor_start"] is not None:
            marker = texts[record["source_id"]][record["anchor_start"]:record["anchor_end"]]
            assert marker == "[1]"
        if record["type"] == "document":
            assert texts[record["source_id"]][record["start"]:record["end"]].strip()


def test_ingest_reports_each_failure_on_one_line_and_exits_non_zero(
        archive: tuple[CliRunner, str, Path]) -> None:
    runner, path, folder = archive
    (folder / "broken.xml").write_text("<TEI><text>unclosed", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    result = runner.invoke(cli, ["--archive", path, "ingest", str(folder)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    assert len(errors) == 2
    assert any("broken.xml" in line and "malformed XML" in line for line in errors)
    assert any("empty.txt" in line and "empty file" in line for line in errors)
    assert "Traceback" not in result.output
    status = json.loads(runner.invoke(cli, ["--archive", path, "status", "--json"]).output)
    assert status["sources"] == 2


def test_missing_archive_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--archive", str(tmp_path / "none.tmarch"), "status"])
    assert result.exit_code == 1
    assert re.fullmatch(r"Error: .*none\.tmarch: no archive here; .*\n", result.output)


def test_archive_from_environment(tmp_path: Path) -> None:
    runner = CliRunner(env={"TESTIMONIA_ARCHIVE": str(tmp_path / "env.tmarch")})
    assert runner.invoke(cli, ["init"]).exit_code == 0
    assert runner.invoke(cli, ["status"]).exit_code == 0


def test_demo_builds_the_sample_archive(tmp_path: Path) -> None:
    target = tmp_path / "demo.tmarch"
    result = CliRunner().invoke(cli, ["demo", "--no-serve", "--path", str(target)])
    assert result.exit_code == 0, result.output
    assert "demo archive built at" in result.output
    status = json.loads(CliRunner().invoke(cli, ["--archive", str(target), "status", "--json"]).output)
    assert status["documents"] >= 12 and status["sources"] >= 6
    # The demo also extracts claims, so that the estimates and witness pages have something.
    claims = CliRunner().invoke(cli, ["--archive", str(target), "claims", "--json", "--limit", "500"])
    assert claims.exit_code == 0 and len(claims.output.splitlines()) > 0


def test_every_command_is_documented() -> None:
    reference = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    import click

    for name, command in cli.commands.items():
        assert f"## `testimonia {name}`" in reference, f"docs/cli.md lacks {name}"
        if isinstance(command, click.Group):
            for sub in command.commands:
                assert f"## `testimonia {name} {sub}`" in reference, f"docs/cli.md lacks {name} {sub}"


def test_cli_reference_is_current() -> None:
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "tools" / "gen_cli_docs.py"
    spec = importlib.util.spec_from_file_location("gen_cli_docs", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.TARGET.read_text(encoding="utf-8") == module.render(), \
        "docs/cli.md is stale: run python tools/gen_cli_docs.py"


def test_tei_references_export_as_mentions_of_entities_with_the_editions_ids(tmp_path: Path) -> None:
    from testimonia.samples import SAMPLES_DIR

    runner = CliRunner()
    path = str(tmp_path / "tei.tmarch")
    runner.invoke(cli, ["--archive", path, "init"])
    sample = SAMPLES_DIR / "en_zhelnin_kostrova_letters_1937-47.tei.xml"
    assert runner.invoke(cli, ["--archive", path, "ingest", str(sample)]).exit_code == 0
    out = runner.invoke(cli, ["--archive", path, "export", "-"]).output
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    entities = {r["id"]: r for r in records if r["type"] == "entity"}
    mentions = [r for r in records if r["type"] == "mention"]
    assert mentions and all(m["entity_id"] in entities for m in mentions)
    assert all(m["method"] == "markup" for m in mentions)
    from lxml import etree

    tree = etree.parse(str(sample))
    ids = set(tree.xpath("//*[local-name()='person' or local-name()='place' or local-name()='org']/@xml:id"))
    exported = {key for entity in entities.values() for key in entity["keys"]}
    assert ids and ids <= exported
