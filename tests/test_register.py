"""The register's curation commands, run through the CLI against the TEI sample's register."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from testimonia.archive import Archive
from testimonia.cli import cli
from testimonia.model import Entity, Mention
from testimonia.samples import SAMPLES_DIR

SAMPLE = SAMPLES_DIR / "en_zhelnin_kostrova_letters_1937-47.tei.xml"


@pytest.fixture
def archive(tmp_path: Path) -> tuple[CliRunner, list[str]]:
    path = str(tmp_path / "reg.tmarch")
    runner = CliRunner()
    assert runner.invoke(cli, ["--archive", path, "init"]).exit_code == 0
    assert runner.invoke(cli, ["--archive", path, "ingest", str(SAMPLE)]).exit_code == 0
    return runner, ["--archive", path]


def _call(archive: tuple[CliRunner, list[str]], *args: str) -> str:
    runner, base = archive
    result = runner.invoke(cli, [*base, *args])
    assert result.exit_code == 0, result.output
    return result.output


def _people(archive: tuple[CliRunner, list[str]]) -> dict[str, dict]:
    lines = _call(archive, "register", "list", "--type", "person", "--json").splitlines()
    return {json.loads(line)["name"]: json.loads(line) for line in lines}


def _show(archive: tuple[CliRunner, list[str]], entity_id: str) -> dict:
    return json.loads(_call(archive, "register", "show", entity_id, "--json"))


def test_list_and_show(archive: tuple[CliRunner, list[str]]) -> None:
    people = _people(archive)
    assert people, "the TEI sample's listPerson gives register entries"
    most = max(people.values(), key=lambda p: p["mentions"])
    report = _show(archive, most["id"])
    assert len(report["mentions"]) == most["mentions"] > 0
    first = report["mentions"][0]
    assert first["text"] and (first["before"] or first["after"])
    assert report["sources"]


def test_merge_is_logged_and_undone(archive: tuple[CliRunner, list[str]]) -> None:
    people = sorted(_people(archive).values(), key=lambda p: -p["mentions"])
    keep, other = people[0], people[1]
    output = _call(archive, "register", "merge", keep["id"], other["id"])
    step = output.split("step ")[1].split(";")[0]
    merged = _show(archive, keep["id"])
    assert len(merged["mentions"]) == keep["mentions"] + other["mentions"]
    assert other["name"] in merged["entity"]["variants"]
    assert other["name"] not in _people(archive)
    assert "merge" in _call(archive, "register", "log", keep["id"])

    _call(archive, "register", "undo", step)
    restored = _people(archive)
    assert restored[other["name"]]["mentions"] == other["mentions"]
    assert restored[keep["name"]]["mentions"] == keep["mentions"]
    assert other["name"] not in _show(archive, keep["id"])["entity"]["variants"]
    runner, base = archive
    again = runner.invoke(cli, [*base, "register", "undo", step])
    assert again.exit_code == 1 and "already undone" in again.output


def test_split_rename_and_variants(archive: tuple[CliRunner, list[str]]) -> None:
    person = max(_people(archive).values(), key=lambda p: p["mentions"])
    mention_id = _show(archive, person["id"])["mentions"][0]["id"]
    output = _call(archive, "register", "split", person["id"], "Someone Else", "--mention", mention_id)
    new_id = output.split()[1]
    assert [m["id"] for m in _show(archive, new_id)["mentions"]] == [mention_id]
    assert len(_show(archive, person["id"])["mentions"]) == person["mentions"] - 1

    _call(archive, "register", "rename", person["id"], "A New Name")
    _call(archive, "register", "add-variant", person["id"], "Анна")
    entity = _show(archive, person["id"])["entity"]
    assert entity["name"] == "A New Name"
    assert person["name"] in entity["variants"] and "Анна" in entity["variants"]


def test_bad_curation_requests_are_one_line(archive: tuple[CliRunner, list[str]]) -> None:
    runner, base = archive
    for args, words in ((["register", "show", "ent_nothing"], "no entity with id"),
                        (["register", "reject", "src_x.m1"], "no mention with id"),
                        (["register", "undo", "999"], "no curation step")):
        result = runner.invoke(cli, [*base, *args])
        assert result.exit_code == 1 and words in result.output and "Traceback" not in result.output


def test_editor_decisions_survive_rerunning_recognition(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Moscow, 3 March 1938\n\nDear Vera,\n\nBoris Zhelnin came today.\n\nAnna\n",
                      encoding="utf-8")
    with Archive.create(tmp_path / "a.tmarch") as archive:
        source_id = archive.ingest_file(letter).source_id or ""
        store = archive.store
        person = store.add_entity(Entity("person", "Boris Zhelnin"), key="test:boris")
        text = store.source_text(source_id)
        start = text.index("Boris")
        found = [Mention(start, start + 12, "Boris Zhelnin", "person", entity_id=person, method="register"),
                 Mention(text.index("Vera"), text.index("Vera") + 4, "Vera", "person", method="model")]
        assert store.replace_recognised_mentions(source_id, found) == 2
        first = {m.text: m for m in store.mentions(source_id=source_id)}
        boris, vera = first["Boris Zhelnin"], first["Vera"]
        store.decide_mention(vera.id or "", "rejected")
        store.decide_mention(boris.id or "", "confirmed")
        # a second run proposes other things on the same spans, and one new mention
        rerun = [Mention(start, start + 12, "Boris Zhelnin", "person", method="model"),
                 Mention(text.index("Vera"), text.index("Vera") + 4, "Vera", "person", method="model"),
                 Mention(text.index("Moscow"), text.index("Moscow") + 6, "Moscow", "place", method="model")]
        assert store.replace_recognised_mentions(source_id, rerun) == 1
        after = {m.text: m for m in store.mentions(source_id=source_id)}
        assert (after["Vera"].status, after["Vera"].decided_by) == ("rejected", "editor")
        assert (after["Boris Zhelnin"].entity_id, after["Boris Zhelnin"].status) == (person, "confirmed")
        assert after["Moscow"].decided_by == "system"


@pytest.mark.parametrize("fmt", ["csv", "json", "tei"])
def test_register_round_trip(archive: tuple[CliRunner, list[str]], tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"register.{fmt}"
    _call(archive, "register", "export", fmt, str(target))
    before = _people(archive)
    runner = CliRunner()
    fresh = ["--archive", str(tmp_path / "fresh.tmarch")]
    assert runner.invoke(cli, [*fresh, "init"]).exit_code == 0
    result = runner.invoke(cli, [*fresh, "register", "import", fmt, str(target)])
    assert result.exit_code == 0, result.output
    after = _people((runner, fresh))
    assert set(after) == set(before)
    if fmt == "csv":
        with target.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert {row["name"] for row in rows} >= set(before)
    # importing again enriches the same entries instead of adding twins
    again = runner.invoke(cli, [*fresh, "register", "import", fmt, str(target)])
    assert again.exit_code == 0 and "0 entries added" in again.output


def test_import_of_a_broken_register_is_one_line(archive: tuple[CliRunner, list[str]],
                                                 tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    runner, base = archive
    result = runner.invoke(cli, [*base, "register", "import", "json", str(broken)])
    assert result.exit_code == 1 and "malformed JSON" in result.output and "broken.json" in result.output


def test_duplicates_are_suggested_and_a_merge_takes_them_away(tmp_path: Path) -> None:
    from testimonia.register.duplicates import find_duplicates
    from tests.web_support import client_for

    path = str(tmp_path / "dup.tmarch")
    with Archive.create(path) as archive:
        store = archive.store
        anna = store.add_entity(Entity("person", "Anna Pavlovna Kostrova", ["Anya"], status="confirmed"))
        anya = store.add_entity(Entity("person", "Anya"))
        svetlana = store.add_entity(Entity("person", "Светлана Иванова"))
        store.add_entity(Entity("person", "Svetlana Ivanov"))
        store.add_entity(Entity("person", "Alexander Ivanov"))  # another given name: not suggested
        store.add_entity(Entity("place", "Karaganda", status="confirmed"))
        store.add_entity(Entity("place", "Karaganda", status="confirmed"), key="edition:p1")  # both confirmed
        assert len([e for e in store.entities("place") if e.name == "Karaganda"]) == 2
        pairs = {(p.keep.name, p.other.name): p.why for p in archive.duplicates()}
        assert set(pairs) == {("Anna Pavlovna Kostrova", "Anya"), ("Светлана Иванова", "Svetlana Ivanov")}
        assert "“Anya”" in pairs[("Anna Pavlovna Kostrova", "Anya")]
        # a name five others bear too says nothing
        crowd = [Entity("person", "Ivan Petrov", id=f"ent_{n}") for n in range(8)]
        assert find_duplicates(crowd) == []
    runner = CliRunner()
    listed = runner.invoke(cli, ["--archive", path, "register", "duplicates", "--type", "person", "--json"])
    assert listed.exit_code == 0, listed.output
    records = [json.loads(line) for line in listed.output.splitlines()]
    assert {(r["keep"], r["other"]) for r in records} >= {(anna, anya)}
    with client_for(path) as client:
        body = client.get("/api/v1/register/duplicates?type=person").json()
        assert body["total"] == 2 and {i["keep"]["id"] for i in body["items"]} == {anna, svetlana}
        assert client.get("/api/v1/register/duplicates?type=rumour").status_code == 400
    assert runner.invoke(cli, ["--archive", path, "register", "merge", anna, anya]).exit_code == 0
    with Archive.open(path) as archive:
        assert [(p.keep.name, p.other.name) for p in archive.duplicates("person")] == [
            ("Светлана Иванова", "Svetlana Ivanov")]
