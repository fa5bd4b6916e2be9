"""The `frontline` command: argument parsing and printing only; the work lives elsewhere."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from dashboard.geo import GeoBuildError, GeoLayerError
from dashboard.project import DATA_DIR, REPO_ROOT, DataPaths, Project, load_project
from dashboard.records import RecordError

EXIT_INVALID = 2


class CommandError(Exception):
    """A request the data cannot answer (a day outside the period, an existing file)."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (RecordError, GeoLayerError, GeoBuildError) as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    except CommandError as error:
        print(f"frontline: {error}", file=sys.stderr)
        return EXIT_INVALID


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontline",
        description="Frontline Map: serve the dashboard, check the record, print or export "
        "the state of control on a day.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="start the dashboard")
    _add_events(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8050)
    serve.set_defaults(run=_serve)

    validate = commands.add_parser("validate", help="check the record; list every problem")
    _add_events(validate)
    validate.set_defaults(run=_validate)

    state = commands.add_parser("state", help="who holds each town and area at the end of a day")
    _add_events(state)
    state.add_argument("--date", required=True, type=_date)
    state.add_argument("--format", choices=("json", "csv"), default="json")
    state.set_defaults(run=_state)

    export = commands.add_parser("export", help="write the map on a day as PNG, SVG or PDF")
    _add_events(export)
    export.add_argument("--date", required=True, type=_date)
    export.add_argument("--format", choices=("png", "svg", "pdf"), required=True)
    export.add_argument("--out", required=True, type=Path, help="new file to write")
    export.set_defaults(run=_export)

    summary = commands.add_parser("summary", help="counts per side, confidence and source")
    _add_events(summary)
    summary.add_argument(
        "--update",
        type=Path,
        help="rewrite the generated block of this Markdown file (e.g. data/README.md)",
    )
    summary.set_defaults(run=_summary)

    build = commands.add_parser("build-geo", help="rebuild data/geo from the boundary sources")
    build.add_argument("--data-dir", type=Path, default=DATA_DIR, help="folder with towns.csv")
    build.add_argument("--source", type=Path, default=REPO_ROOT.parent / "shared/geo/source")
    build.add_argument("--out", type=Path, help="output folder (default: DATA_DIR/geo)")
    build.set_defaults(run=_build_geo)
    return parser


def _add_events(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DATA_DIR,
        help="folder with towns.csv, sources.csv, events.csv, conflict.toml and geo/ "
        "(default: the bundled data)",
    )
    parser.add_argument("--events", type=Path, help="events CSV (default: DATA_DIR/events.csv)")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date in the form YYYY-MM-DD"
        ) from None


def _project(args: argparse.Namespace) -> Project:
    return load_project(DataPaths.in_dir(args.data_dir).with_events(args.events))


def _day_index(project: Project, day: dt.date) -> int:
    try:
        return project.timeline.day_index(day)
    except ValueError as error:
        raise CommandError(error) from None


def _serve(args: argparse.Namespace) -> int:
    from dashboard.web import create_app

    app = create_app(project=_project(args))
    app.run(host=args.host, port=args.port, debug=False)
    return 0


def _validate(args: argparse.Namespace) -> int:
    project = _project(args)
    record = project.record
    dates = project.timeline.dates
    print(
        f"{record.events_path}: valid: {len(record.towns)} towns, {len(record.changes)} changes, "
        f"{len(record.sources)} sources, {dates[0]} to {dates[-1]}"
    )
    return 0


def _state(args: argparse.Namespace) -> int:
    from dashboard.state_report import state_csv, state_document

    project = _project(args)
    document = state_document(project, _day_index(project, args.date))
    if args.format == "json":
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(state_csv(document))
    return 0


def _export(args: argparse.Namespace) -> int:
    from dashboard.export import write_map

    project = _project(args)
    day_index = _day_index(project, args.date)
    if args.out.exists():
        raise CommandError(f"{args.out} exists; not overwriting it")
    write_map(project, day_index, args.format, args.out)
    print(f"wrote {args.out}")
    return 0


def _summary(args: argparse.Namespace) -> int:
    from dashboard.records.summary import embed, summary_markdown

    text = summary_markdown(_project(args).record)
    if args.update is None:
        sys.stdout.write(text)
        return 0
    try:
        updated = embed(args.update.read_text(encoding="utf-8"), text)
    except ValueError:
        raise CommandError(f"{args.update} has no generated-summary markers") from None
    args.update.write_text(updated, encoding="utf-8")
    print(f"updated {args.update}")
    return 0


def _build_geo(args: argparse.Namespace) -> int:
    import pandas as pd

    from dashboard.geo import build_geo
    from dashboard.records.load import load_towns

    towns = pd.DataFrame(
        [
            {"town_id": t.town_id, "name_en": t.name_en, "lat": t.lat, "lon": t.lon}
            for t in load_towns(DataPaths.in_dir(args.data_dir).towns).values()
        ]
    )
    summary = build_geo(args.source, towns, args.out or DataPaths.in_dir(args.data_dir).geo_dir)
    for name, value in summary.items():
        print(f"{name}: {value}")
    return 0
