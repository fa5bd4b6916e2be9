"""`frontline publish`: a folder of files any static host serves, written safely."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from reader_page import data_payload, page_settings
from test_cli import run

from dashboard.cli import EXIT_INVALID
from dashboard.pack.paths import find_pack
from dashboard.project import load_project
from dashboard.publish import PublishError, publish, site_zip

HASHED = re.compile(r"^(reader|data|glyphs)/[^/]+\.[0-9a-f]{10}\.(js|css)$")


@pytest.fixture(scope="module")
def syria():
    return load_project(find_pack("syria"))


@pytest.fixture(scope="module")
def site(syria, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("published") / "site"
    publish(syria, folder)
    return folder


def test_the_cli_writes_a_site_and_says_what_it_wrote(capsys, tmp_path):
    code, out, err = run(capsys, "publish", str(tmp_path / "site"), "--pack", "sudan")
    assert code == 0, err
    assert ": index.html, embed.html, embed.txt, LICENSES.txt; open index.html" in out
    assert (tmp_path / "site" / "index.html").is_file()


def test_every_file_but_the_pages_is_named_by_its_content(site):
    files = [path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()]
    pages = {"index.html", "embed.html", "embed.txt", "LICENSES.txt"}
    assert pages <= set(files)
    for path in set(files) - pages:
        assert HASHED.match(path), path


def test_the_pages_are_small_and_point_only_at_the_sites_own_files(site):
    for name in ("index.html", "embed.html"):
        html = (site / name).read_text(encoding="utf-8")
        assert len(html.encode()) < 8_000
        links = re.findall(r'(?:src|href)="([^"]+)"', html)
        files = [link for link in links if link != "data:,"]  # the empty favicon
        assert files and all((site / link).is_file() for link in files), links
        settings = page_settings(html)
        assert settings["mode"] == ("page" if name == "index.html" else "embed")
        assert settings["base"] == ""
        referenced = [settings["files"]["geo"], *settings["files"]["tables"].values()]
        referenced += [p for paths in settings["files"]["cards"].values() for p in paths]
        referenced += [*settings["files"]["glyphs"].values(), settings["files"]["rtl"]["plugin"]]
        assert all((site / path).is_file() for path in referenced)
        assert "://" not in html  # relative URLs only: any host, any folder, file://


def test_the_data_scripts_hand_the_reader_its_tables(site):
    settings = page_settings((site / "index.html").read_text(encoding="utf-8"))
    tables = data_payload((site / settings["files"]["tables"]["ar"]).read_bytes())
    assert tables["lang"] == "ar" and tables["dir"] == "rtl"
    geometry = data_payload((site / settings["files"]["geo"]).read_bytes())
    assert len(geometry["areas"]["features"]) == len(tables["areas"]["town"])


def test_a_folder_that_holds_anything_is_refused_unless_forced(syria, tmp_path):
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(PublishError, match="not empty"):
        publish(syria, folder)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    publish(syria, folder, languages=["en"], force=True)
    first = {p.relative_to(folder).as_posix() for p in folder.rglob("*.js")}
    publish(syria, folder, languages=["ar"], force=True)
    second = {p.relative_to(folder).as_posix() for p in folder.rglob("*.js")}
    # The earlier site's files go, the user's own stay.
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not any("tables-en" in path for path in second)
    assert any("tables-en" in path for path in first)


def test_the_cli_refuses_a_busy_folder_and_an_unknown_language(capsys, tmp_path):
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "publish", str(tmp_path))
    assert code == EXIT_INVALID and "not empty; choose an empty folder or pass --force" in err
    code, _, err = run(capsys, "publish", str(tmp_path / "new"), "--lang", "fr")
    assert code == EXIT_INVALID and "unknown language(s) fr; this pack has en, ar" in err
    assert not (tmp_path / "new" / "index.html").exists()


def test_a_link_in_the_folder_is_replaced_not_written_through(syria, tmp_path):
    folder, elsewhere = tmp_path / "site", tmp_path / "elsewhere.html"
    elsewhere.write_text("keep", encoding="utf-8")
    folder.mkdir()
    (folder / "index.html").symlink_to(elsewhere)
    publish(syria, folder, force=True)
    assert elsewhere.read_text(encoding="utf-8") == "keep"
    assert not (folder / "index.html").is_symlink()


def test_the_embed_snippet_points_at_the_url_given(syria, tmp_path):
    publish(syria, tmp_path / "site", url="https://maps.example.org/syria/")
    snippet = (tmp_path / "site" / "embed.txt").read_text(encoding="utf-8")
    assert '<iframe src="https://maps.example.org/syria/embed.html"' in snippet
    assert "e.source===f.contentWindow" in snippet  # only its own iframe's messages
    plain = (tmp_path / "plain").joinpath
    publish(syria, tmp_path / "plain")
    assert '<iframe src="embed.html"' in plain("embed.txt").read_text(encoding="utf-8")


def test_the_site_carries_its_credits_and_licences(site, syria):
    licences = (site / "LICENSES.txt").read_text(encoding="utf-8")
    assert syria.config.attribution.boundaries in licences
    assert "maplibre" in licences.lower() and "SIL OPEN FONT LICENSE" in licences.upper()


def test_the_app_offers_the_site_as_one_zip(syria):
    archive = zipfile.ZipFile(io.BytesIO(site_zip(syria, ["en"])))
    names = archive.namelist()
    assert "frontline-syria/index.html" in names
    assert not any("tables-ar" in name for name in names)
