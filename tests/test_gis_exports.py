"""GIS files read back as GIS tools read them (pyogrio, GDAL): the same areas, ids and
holders as `frontline state` on several days of both packs, names in every language,
and one file of holding periods that answers any day."""

from __future__ import annotations

import datetime as dt
import io
import json
import warnings

import pandas as pd
import pyogrio
import pytest
import shapely
from test_cli import run

from dashboard.cli import EXIT_INVALID
from dashboard.pack.paths import bundled_packs, find_pack
from dashboard.project import load_project
from dashboard.reports.gis import areas_file, periods_file
from dashboard.state_report import state_document

DAYS = {
    "syria": ("2024-11-26", "2024-12-01", "2024-12-08", "2024-12-12"),
    "sudan": ("2023-04-14", "2023-12-20", "2024-11-01", "2025-10-26"),
}


@pytest.fixture(scope="module", params=list(bundled_packs()))
def project(request):
    return load_project(find_pack(request.param))


def read(data: bytes) -> pd.DataFrame:
    with warnings.catch_warnings():  # GDAL notes that an in-memory file has no extension
        warnings.simplefilter("ignore", RuntimeWarning)
        return pyogrio.read_dataframe(io.BytesIO(data))


@pytest.mark.parametrize("fmt", ["gpkg", "kml", "geojson"])
def test_a_day_s_areas_read_back_as_the_state_of_that_day(project, fmt):
    for day in DAYS[_name(project)]:
        index = project.timeline.day_index(dt.date.fromisoformat(day))
        frame = read(areas_file(project, index, fmt, "ar"))
        state = state_document(project, index)
        assert list(frame["id"]) == [area["id"] for area in state["areas"]]
        assert list(frame["side"]) == [area["side"] for area in state["areas"]]
        assert list(frame["km2"]) == pytest.approx([area["km2"] for area in state["areas"]])
        assert set(frame["certainty"]) <= {"reported", "low", "inferred"}
        assert set(frame["confidence"]) <= {"high", "medium", "low"}
        assert set(frame["basis"]) <= {"place", "region"}
        towns = project.record.towns
        assert list(frame["town_en"]) == [towns[a["town"]].names["en"] for a in state["areas"]]
        assert list(frame["town"]) == [towns[a["town"]].name_in("ar") for a in state["areas"]]
        assert frame.geometry.is_valid.all()
        assert (shapely.area(frame.geometry.to_numpy()) > 0).all()


def _name(project) -> str:
    return next(name for name, root in bundled_packs().items() if root == project.paths.root)


def test_a_geopackage_carries_the_credits_and_real_dates(project):
    data = areas_file(project, 0, "gpkg")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        info = pyogrio.read_info(io.BytesIO(data))
    assert info["crs"] == "EPSG:4326"
    assert info["geometry_type"] == "MultiPolygon"
    assert "GeoNames" in info["layer_metadata"]["DESCRIPTION"]
    assert info["layer_metadata"]["record"].startswith("record ")
    assert dict(zip(info["fields"], info["dtypes"], strict=True))["date"] == "datetime64[D]"


def test_kml_paints_each_area_in_its_holder_s_colour(project):
    text = areas_file(project, 0, "kml").decode()
    assert text.startswith("<?xml") and "<kml" in text
    colour = project.config.state(state_document(project, 0)["areas"][0]["side"]).colour
    red, green, blue = colour[1:3], colour[3:5], colour[5:7]
    assert f"<color>d9{blue}{green}{red}</color>" in text  # KML writes aabbggrr


@pytest.mark.parametrize("fmt", ["gpkg", "geojson"])
def test_one_file_of_holding_periods_answers_any_day(project, fmt):
    frame = read(periods_file(project, fmt))
    frame["valid_from"] = pd.to_datetime(frame["valid_from"]).dt.date
    frame["valid_to"] = pd.to_datetime(frame["valid_to"]).dt.date
    timeline = project.timeline
    assert frame["valid_from"].min() == timeline.dates[0]
    assert frame["valid_to"].max() == timeline.dates[-1]
    for day in DAYS[_name(project)]:
        when = dt.date.fromisoformat(day)
        valid = frame[(frame["valid_from"] <= when) & (when <= frame["valid_to"])]
        state = state_document(project, timeline.day_index(when))
        assert list(valid["id"]) == [area["id"] for area in state["areas"]]
        assert list(valid["side"]) == [area["side"] for area in state["areas"]]
    # Periods of one area follow each other day after day, never the same side twice.
    for _, periods in frame.groupby("id"):
        starts, ends = list(periods["valid_from"]), list(periods["valid_to"])
        assert all(b == a + dt.timedelta(days=1) for a, b in zip(ends, starts[1:], strict=False))
        assert all(a != b for a, b in zip(periods["side"], periods["side"][1:], strict=False))


def test_the_command_writes_gis_files_and_refuses_a_wrong_extension(capsys, tmp_path):
    out = tmp_path / "areas.gpkg"
    code, _, err = run(
        capsys, "export", "--table", "gpkg", "--date", "2024-12-08", "--out", str(out)
    )
    assert code == 0, err
    assert len(read(out.read_bytes())) == len(load_project(find_pack()).timeline.areas.area_ids)
    periods = tmp_path / "periods.geojson"
    code, _, err = run(capsys, "export", "--table", "periods", "--out", str(periods))
    assert code == 0, err
    assert (
        json.loads(periods.read_text())["features"][0]["properties"]["valid_from"] == "2024-11-26"
    )
    for argv, message in [
        (["--table", "kml", "--date", "2024-12-08", "--out", "x.gpkg"], "writes .kml files"),
        (["--table", "periods", "--out", "x.kml"], "writes .gpkg or .geojson files"),
        (["--table", "periods", "--date", "2024-12-08", "--out", "x.gpkg"], "give no date"),
        (["--table", "gpkg", "--out", "x.gpkg"], "give a day (--date)"),
    ]:
        code, _, err = run(capsys, "export", *argv)
        assert code == EXIT_INVALID, argv
        assert message in err, err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["areas.gpkg", "periods.geojson"]
