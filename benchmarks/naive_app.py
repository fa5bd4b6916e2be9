"""The baseline the real app is measured against: resend the whole figure on every step.
(The first page carries the app's figure with hidden traces; the first callback, on
load, replaces it with the visible whole figure.)

Same page, same data, same compression, built only from the package's public
functions; the one difference is that the slider callback returns the complete map
figure with the geometry inline, as a first Dash version of the app would. Comparing
the two shows what the `Patch` + geometry-by-URL design buys.

Usage: python benchmarks/naive_app.py --data-dir DIR --port N
"""

from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path

from dash import Dash, Input, Output
from dashboard.figures.map_figure import GeometryRefs, map_figure
from dashboard.figures.territory_chart import territory_chart
from dashboard.web.town_panel import town_history, town_panel
from plotly.graph_objects import Figure

from dashboard.i18n import pack_translator
from dashboard.pack.paths import assets_dir, find_pack
from dashboard.project import Project, load_project
from dashboard.web.layout import build_layout, day_changes_list, day_heading


def inline_geometry(project: Project) -> GeometryRefs:
    """Geometry as dicts, so every figure carries every polygon.

    Each field of `GeometryRefs` that names a layer of `project.layers` gets that layer's
    inline GeoJSON (None where the pack has no such layer, as `disputed` in most packs);
    any other field (such as `frontiers`) comes from the project under the same name, so
    the variant keeps up as the app's geometry contract grows.
    """
    layers = project.layers
    values = {
        field.name: getattr(layers if hasattr(layers, field.name) else project, field.name)
        for field in fields(GeometryRefs)
    }
    return GeometryRefs(**values)


def create_naive_app(project: Project) -> Dash:
    """A Dash app with the real layout whose callbacks resend whole figures."""
    app = Dash(
        __name__,
        title="Frontline Map (naive)",
        assets_folder=str(assets_dir()),
        update_title=None,
        serve_locally=True,
        compress=True,
    )
    geometry = inline_geometry(project)
    last_day = len(project.timeline.dates) - 1
    # One pack; no step tables' files: this variant's steps are the server's.
    app.layout = build_layout(project, geometry, last_day, switch=[], urls={})
    _register(app, project, geometry, last_day)
    return app


def _register(app: Dash, project: Project, geometry: GeometryRefs, last_day: int) -> None:
    timeline = project.timeline
    tr = pack_translator(project.config, None)

    def valid_day(value: object) -> int:
        return value if isinstance(value, int) and 0 <= value <= last_day else last_day

    @app.callback(
        Output("map", "figure"),
        Output("territory-chart", "figure"),
        Output("date-heading", "children"),
        Output("day-changes", "children"),
        Input("date-slider", "value"),
    )
    def show_day(value: object) -> tuple[Figure, Figure, str, list]:
        day_index = valid_day(value)
        return (
            map_figure(timeline, day_index, geometry, project.home_view),
            territory_chart(timeline, day_index),
            day_heading(project, day_index, tr),
            day_changes_list(project, day_index, tr),
        )

    @app.callback(
        Output("town-panel", "children"),
        Output("town-history-panel", "children"),
        Input("town-select", "value"),
    )
    def show_town(town_id: str | None) -> tuple[list, list]:
        return town_panel(timeline, town_id, tr), town_history(timeline, town_id, tr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the naive whole-figure variant.")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    app = create_naive_app(load_project(find_pack(args.data_dir)))
    app.run(host="127.0.0.1", port=args.port, debug=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
