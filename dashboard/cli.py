"""The `frontline` command: argument parsing and printing only; the work lives elsewhere."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from dashboard import __version__
from dashboard.geo.errors import GeoBuildError, GeoLayerError
from dashboard.pack.paths import (
    DATA_DIR_VARIABLE,
    PackNotFound,
    PackPaths,
    bundled_packs,
    find_pack,
)
from dashboard.problems import ProblemsError
from dashboard.project import Project, load_project

EXIT_INVALID = 2


class CommandError(Exception):
    """A request the data cannot answer (a day outside the period, an existing file)."""


class PackUnreadable(CommandError):
    """A pack file the system refused to read (a folder in its place, no permission)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(f"{error.filename}: cannot read: {error.strerror or error}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (ProblemsError, GeoLayerError, GeoBuildError) as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    except (CommandError, PackNotFound) as error:
        print(f"frontline: {error}", file=sys.stderr)
        return EXIT_INVALID


def _parser() -> argparse.ArgumentParser:
    from dashboard.export import FORMATS

    parser = argparse.ArgumentParser(
        prog="frontline",
        description="Frontline Map: serve the dashboard, check a conflict pack, print or "
        "export the state of control on a day.",
    )
    parser.add_argument("--version", action="version", version=f"frontline {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve", help="start the dashboard (every bundled pack, unless one is chosen)"
    )
    _add_pack(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8050)
    serve.set_defaults(run=_serve)

    validate = commands.add_parser("validate", help="check a pack; list every problem")
    _add_pack(validate)
    validate.set_defaults(run=_validate)

    state = commands.add_parser("state", help="who holds each town and area at the end of a day")
    _add_pack(state)
    state.add_argument("--date", required=True, type=_date)
    state.add_argument("--format", choices=("json", "csv"), default="json")
    state.set_defaults(run=_state)

    export = commands.add_parser("export", help="write the map on a day as an image")
    _add_pack(export)
    export.add_argument("--date", required=True, type=_date)
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--out", required=True, type=Path, help="new file to write")
    export.set_defaults(run=_export)

    summary = commands.add_parser("summary", help="counts per side, confidence and source")
    _add_pack(summary)
    summary.add_argument(
        "--update",
        type=Path,
        help="rewrite the generated blocks of this Markdown file (e.g. data/README.md)",
    )
    summary.set_defaults(run=_summary)

    build = commands.add_parser(
        "build-geo", help="rebuild a pack's map layers from its boundary file in geo/source/"
    )
    _add_pack(build, events=False)
    build.add_argument("--out", type=Path, help="output folder (default: the pack's geo/)")
    build.set_defaults(run=_build_geo)

    packs = commands.add_parser("packs", help="list the bundled packs")
    packs.set_defaults(run=_packs)

    new = commands.add_parser("new-pack", help="start a pack from your own boundary file")
    new.add_argument("folder", type=Path, help="a new (or empty) folder for the pack")
    new.add_argument(
        "--boundaries", required=True, type=Path, help="admin boundaries (GeoJSON, GeoPackage...)"
    )
    new.add_argument(
        "--languages",
        default="en",
        help="comma-separated language codes of place names, primary first (default: en)",
    )
    new.set_defaults(run=_new_pack)
    return parser


def _add_pack(parser: argparse.ArgumentParser, events: bool = True) -> None:
    parser.add_argument(
        "--data-dir",
        "--pack",
        dest="pack",
        help=f"a pack folder, or the name of a bundled pack ({', '.join(bundled_packs())}); "
        f"default: ${DATA_DIR_VARIABLE} or the default pack",
    )
    if events:
        parser.add_argument("--events", type=Path, help="your own events CSV for the pack")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date in the form YYYY-MM-DD"
        ) from None


def _paths(args: argparse.Namespace) -> PackPaths:
    return find_pack(args.pack).with_events(getattr(args, "events", None))


def _project(args: argparse.Namespace) -> Project:
    return _load(_paths(args))


def _load(paths: PackPaths) -> Project:
    """`load_project`, with a file the system cannot read reported by name."""
    try:
        return load_project(paths)
    except OSError as error:
        raise PackUnreadable(error) from None


def _day_index(project: Project, day: dt.date) -> int:
    try:
        return project.timeline.day_index(day)
    except ValueError as error:
        raise CommandError(error) from None


def _serve(args: argparse.Namespace) -> int:
    from dashboard.web import create_server

    try:
        server = create_server(_served_packs(args))
    except OSError as error:  # only pack files are read before the server starts
        raise PackUnreadable(error) from None
    server.run(host=args.host, port=args.port, debug=False)
    return 0


def _served_packs(args: argparse.Namespace) -> dict[str, PackPaths] | None:
    """The pack asked for (with the user's events), or None for the server's default."""
    if args.pack is None and args.events is None:
        return None
    paths = _paths(args)
    return {paths.root.name: paths}


def _validate(args: argparse.Namespace) -> int:
    from dashboard.geo.source import source_problems

    paths = _paths(args)
    project = _load(paths)
    problems = source_problems(paths.source_dir, project.config.boundaries, paths.config)
    if problems:
        raise ProblemsError(problems)
    record = project.record
    dates = project.timeline.dates
    print(
        f"{paths.root}: valid: {len(record.towns)} places, {len(record.changes)} changes, "
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
    from dashboard.export import ExportError, write_map

    project = _project(args)
    day_index = _day_index(project, args.date)
    # Checked before the render (seconds) too; write_map checks again when it opens the file.
    if args.out.exists():
        raise CommandError(f"{args.out} exists; not overwriting it")
    if not args.out.parent.is_dir():
        raise CommandError(f"cannot write {args.out}: the folder {args.out.parent} does not exist")
    try:
        write_map(project, day_index, args.format, args.out)
    except ExportError as error:
        raise CommandError(error) from None
    print(f"wrote {args.out}")
    return 0


def _summary(args: argparse.Namespace) -> int:
    from dashboard.summary import embed, generated_blocks

    blocks = generated_blocks(_project(args))
    if args.update is None:
        sys.stdout.write("\n".join(blocks.values()))
        return 0
    try:
        updated = embed(args.update.read_text(encoding="utf-8"), blocks)
    except ValueError:
        raise CommandError(f"{args.update} lacks the generated blocks' markers") from None
    args.update.write_text(updated, encoding="utf-8")
    print(f"updated {args.update}")
    return 0


def _build_geo(args: argparse.Namespace) -> int:
    from dashboard.geo.build import build_pack_layers

    summary = build_pack_layers(_paths(args), args.out)
    for name, value in summary.items():
        print(f"{name}: {value}")
    return 0


def _packs(_args: argparse.Namespace) -> int:
    for name, root in bundled_packs().items():
        print(f"{name}\t{root}")
    return 0


def _new_pack(args: argparse.Namespace) -> int:
    from dashboard.pack.template import PackExists, new_pack

    languages = tuple(code.strip() for code in args.languages.split(",") if code.strip())
    try:
        steps = new_pack(args.folder, args.boundaries, languages)
    except (PackExists, ValueError) as error:
        raise CommandError(error) from None
    print(f"created {args.folder}; now fill in:")
    for step in steps:
        print(f"  - {step}")
    return 0
