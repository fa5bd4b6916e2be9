"""Each pack's `datapackage.json` describes its CSV files as the loader reads them, is
never stale, and lets a standard tool (Frictionless) check a pack."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from frictionless import Package
from test_cli import run

from dashboard.cli import EXIT_INVALID
from dashboard.pack.config import load_config
from dashboard.pack.paths import bundled_packs
from dashboard.records.datapackage import DATAPACKAGE, package, package_text
from dashboard.records.load import EVENT_HEADER, SOURCE_FILE_COLUMNS, town_header
from dashboard.records.models import TOWN_KINDS

PACKS = list(bundled_packs().items())


@pytest.mark.parametrize(("name", "root"), PACKS, ids=[name for name, _ in PACKS])
def test_the_committed_datapackage_is_up_to_date(capsys, name, root):
    text = package_text(load_config(root / "conflict.toml"))
    assert (root / DATAPACKAGE).read_text(encoding="utf-8") == text, (
        f"run `frontline datapackage --pack {name}`"
    )
    code, out, _ = run(capsys, "datapackage", "--pack", name, "--check")
    assert code == 0 and "up to date" in out


@pytest.mark.parametrize(("name", "root"), PACKS, ids=[name for name, _ in PACKS])
def test_frictionless_finds_the_bundled_packs_valid(name, root):
    report = Package(str(root / DATAPACKAGE)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]


def test_the_package_follows_the_loader_and_the_settings():
    config = load_config(bundled_packs()["sudan"] / "conflict.toml")
    resources = {r["name"]: r for r in package(config)["resources"]}
    fields = {name: [f["name"] for f in r["schema"]["fields"]] for name, r in resources.items()}
    assert fields["towns"] == list(town_header(("en", "ar")))
    assert fields["sources"] == list(SOURCE_FILE_COLUMNS)
    assert fields["events"] == list(EVENT_HEADER)
    town_fields = {f["name"]: f for f in resources["towns"]["schema"]["fields"]}
    assert town_fields["kind"]["constraints"]["enum"] == list(TOWN_KINDS)
    event_fields = {f["name"]: f for f in resources["events"]["schema"]["fields"]}
    assert event_fields["to_side"]["constraints"]["enum"] == list(config.state_ids)
    assert event_fields["review"]["constraints"]["enum"][-1] == "pending"
    assert package(config)["title"] == config.title_in("en")
    assert "required" not in event_fields["from_side"].get("constraints", {})
    assert resources["events"]["schema"]["foreignKeys"] == [
        {"fields": "town_id", "reference": {"resource": "towns", "fields": "town_id"}}
    ]
    assert [r["schema"]["primaryKey"] for r in resources.values()] == [
        ["town_id"],
        ["source_id"],
        ["event_id"],
    ]


def test_frictionless_catches_what_the_loader_refuses(tmp_path):
    root = tmp_path / "syria"
    shutil.copytree(bundled_packs()["syria"], root, ignore=shutil.ignore_patterns("geo"))
    lines = (root / "events.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[3].split(",")
    row[header.index("town_id")] = "nowhere"
    row[header.index("basis")] = "rumour"
    lines[3] = ",".join(row)
    (root / "events.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = Package(str(root / DATAPACKAGE)).validate()
    errors = [error for task in report.tasks for error in task.errors]
    assert "foreign-key" in {error.type for error in errors}
    constraints = [error for error in errors if error.type == "constraint-error"]
    assert [error.field_name for error in constraints] == ["basis"]


def _rewrite(path, change) -> None:
    """Rewrite a CSV file through `change(header, rows)`, which edits them in place."""
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    change(header, rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])


def test_frictionless_reads_the_columns_as_the_loader_does(tmp_path):
    """Optional columns may be missing (no url) or present (an imported source's licence,
    a pending row); a column the loader refuses is refused."""
    root = tmp_path / "syria"
    shutil.copytree(bundled_packs()["syria"], root, ignore=shutil.ignore_patterns("geo"))

    def licences_instead_of_urls(header, rows):
        url = header.index("url")
        header[url] = "licence"
        for index, row in enumerate(rows):
            row[url] = "CC BY 4.0" if index == 0 else ""

    def one_pending_row(header, rows):
        rows[-1][header.index("review")] = "pending"

    _rewrite(root / "sources.csv", licences_instead_of_urls)
    _rewrite(root / "events.csv", one_pending_row)
    report = Package(str(root / DATAPACKAGE)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]

    def an_unknown_column(header, rows):
        header.append("notes")
        for row in rows:
            row.append("")

    _rewrite(root / "towns.csv", an_unknown_column)
    report = Package(str(root / DATAPACKAGE)).validate()
    errors = {error.type for task in report.tasks for error in task.errors}
    assert "extra-label" in errors


def test_a_stale_datapackage_is_named(capsys, tmp_path):
    root = tmp_path / "syria"
    shutil.copytree(bundled_packs()["syria"], root)
    package_file = root / DATAPACKAGE
    stale = json.loads(package_file.read_text(encoding="utf-8"))
    stale["title"] = "something else"
    package_file.write_text(json.dumps(stale), encoding="utf-8")
    code, _, err = run(capsys, "datapackage", "--pack", str(root), "--check")
    assert code == EXIT_INVALID and "is stale" in err
    code, _, err = run(capsys, "validate", "--pack", str(root))
    assert code == 0 and f"warning: {package_file} is stale" in err
    code, out, _ = run(capsys, "datapackage", "--pack", str(root))
    assert code == 0 and f"wrote {package_file}" in out
    assert package_file.read_text(encoding="utf-8") == package_text(
        load_config(root / "conflict.toml")
    )
