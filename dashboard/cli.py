"""The `frontline` command: argument parsing and printing only; the work lives elsewhere."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from dashboard import __version__
from dashboard.extras import MissingExtra, need
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
    except (CommandError, PackNotFound, MissingExtra) as error:
        print(f"frontline: {error}", file=sys.stderr)
        return EXIT_INVALID


def _parser() -> argparse.ArgumentParser:
    from dashboard.importers.mapping import KINDS
    from dashboard.reports.presets import ANIMATION_FORMATS, IMAGE_FORMATS, PRESETS, TABLE_FORMATS

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

    worker = commands.add_parser(
        "worker",
        help="make the app's exports from a Redis queue (for servers on several machines)",
    )
    _add_pack(worker, events=False)
    worker.add_argument(
        "--redis",
        metavar="URL",
        help="the queue's Redis, e.g. redis://127.0.0.1:6379/0 (default: FRONTLINE_REDIS_URL)",
    )
    worker.add_argument("--burst", action="store_true", help="stop once the queue is empty")
    worker.set_defaults(run=_worker)

    validate = commands.add_parser("validate", help="check a pack; list every problem")
    _add_pack(validate)
    validate.set_defaults(run=_validate)

    state = commands.add_parser("state", help="who holds each town and area at the end of a day")
    _add_pack(state)
    state.add_argument("--date", required=True, type=_date)
    state.add_argument("--format", choices=("json", "csv"), default="json")
    _add_convention(state, "held adds each area's km2_held and territory_held")
    state.set_defaults(run=_state)

    territory = commands.add_parser(
        "territory",
        help="km² each side held over a range of days, or gained and lost between two days",
        description="Print km², share and the km² resting on low-confidence, region-based "
        "(km2_low) or inferred (km2_inferred) reports, per day and side, from --from to --to "
        "(default: the whole period) every --every; or, with --compare, what each side gained "
        "and lost between two days and the areas that changed hands.",
    )
    _add_pack(territory)
    territory.add_argument("--from", dest="start", type=_date, metavar="DATE")
    territory.add_argument("--to", dest="end", type=_date, metavar="DATE")
    territory.add_argument(
        "--every", type=_step, metavar="STEP", help="1d (default), 3d, 1w, 1m: days of the series"
    )
    territory.add_argument("--compare", nargs=2, type=_date, metavar="DATE", help="two days")
    territory.add_argument("--format", choices=("csv", "json"), default="csv")
    _add_convention(territory, "held puts land beyond every place's reach apart")
    territory.set_defaults(run=_territory)

    export = commands.add_parser(
        "export",
        help="write maps of days, comparisons, grids, animations or data tables",
        description="Write the map of a day (--date), of every day of a range (--from, --to, "
        "--every), two days side by side (--compare), a grid of a range's days (--grid), an "
        "animation (--animate) or the record as data (--table). Existing files are never "
        "replaced without --force.",
    )
    _add_pack(export)
    when = export.add_mutually_exclusive_group()
    when.add_argument("--date", type=_date, help="one day")
    when.add_argument(
        "--from", dest="start", type=_date, metavar="DATE", help="first day of a range"
    )
    when.add_argument("--compare", nargs=2, type=_date, metavar="DATE", help="two days")
    export.add_argument(
        "--to",
        dest="end",
        type=_date,
        metavar="DATE",
        help="last day of a range (default: the last)",
    )
    export.add_argument(
        "--every",
        type=_every,
        default=1,
        metavar="STEP",
        help="step of a range: 1d (default), 3d, 1w",
    )
    what = export.add_mutually_exclusive_group()
    what.add_argument("--grid", action="store_true", help="the range's days in one image")
    what.add_argument("--animate", choices=ANIMATION_FORMATS, help="the range as an animation")
    what.add_argument(
        "--table",
        choices=(*TABLE_FORMATS, "periods"),
        help="csv: the changes of the day or range; geojson, gpkg, kml: the areas and holders "
        "of a day; periods: every area's holding periods (.gpkg or .geojson, from --out)",
    )
    export.add_argument(
        "--format", choices=IMAGE_FORMATS, help="image format (default: the preset's)"
    )
    export.add_argument(
        "--preset",
        choices=tuple(PRESETS),
        help="slide (16:9 PNG, default for PNG), print (A4 PDF), svg (for editing), square",
    )
    export.add_argument("--subtitle", default="", help="a line under the title")
    export.add_argument("--lang", help="language of the texts (default: the pack's first)")
    export.add_argument("--pause", action="store_true", help="hold an animation's last day")
    out = export.add_mutually_exclusive_group(required=True)
    out.add_argument("--out", type=Path, metavar="FILE", help="the file to write (one export)")
    out.add_argument(
        "--out-dir", type=Path, metavar="DIR", help="folder for the files (names from the dates)"
    )
    export.add_argument("--force", action="store_true", help="replace files that exist")
    export.set_defaults(run=_export)

    publish = commands.add_parser(
        "publish",
        help="write the map as a folder of files any static host serves (or opened from disk)",
        description="Write a pack's reader as a site: index.html (the full map), embed.html "
        "(for an iframe) and embed.txt (the snippet to paste into an article), with the "
        "scripts and data they load. Works from any static host and from file://.",
    )
    publish.add_argument("folder", type=Path, help="an empty (or new) folder for the site")
    _add_pack(publish)
    publish.add_argument(
        "--lang", help="comma-separated languages to publish (default: all of the pack's)"
    )
    publish.add_argument(
        "--url", default="", help="the address the site will have, for embed.txt's iframe"
    )
    publish.add_argument(
        "--force", action="store_true", help="replace an earlier site in the folder"
    )
    publish.set_defaults(run=_publish)

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
    _add_pack(build)
    build.add_argument(
        "--out",
        type=Path,
        help="output folder (default: the pack's geo/, or geo/ beside a draft's --events)",
    )
    build.set_defaults(run=_build_geo)

    package = commands.add_parser(
        "datapackage",
        help="write the pack's datapackage.json (Frictionless) from the loader's definitions",
    )
    _add_pack(package, events=False)
    package.add_argument(
        "--check", action="store_true", help="write nothing; exit 2 if the file is stale"
    )
    package.set_defaults(run=_datapackage)

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

    importer = commands.add_parser(
        "import",
        help="bring snapshots, control polygons, Wikipedia map modules or ACLED events "
        "into a draft of a pack (imports/NAME/), for review",
    )
    importer.add_argument("kind", choices=KINDS, help="what the input files are")
    importer.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="input files")
    importer.add_argument(
        "--pack", "--data-dir", dest="pack", required=True, help="the pack folder to import into"
    )
    importer.add_argument(
        "--mapping", required=True, type=Path, help="TOML: the source's values -> the pack's sides"
    )
    importer.add_argument("--name", help="the draft's folder name in imports/ (default: KIND)")
    importer.add_argument(
        "--date",
        dest="dates",
        nargs="+",
        type=_date,
        default=[],
        metavar="DATE",
        help="the day of each input file, in order, for files that carry none",
    )
    importer.set_defaults(run=_import)

    review = commands.add_parser(
        "review",
        help="list a draft's pending rows with their evidence, or give verdicts on them",
    )
    _add_pack(review)
    review.add_argument("--confirm", nargs="+", default=[], metavar="EVENT_ID")
    review.add_argument("--drop", nargs="+", default=[], metavar="EVENT_ID")
    review.add_argument(
        "--correct",
        nargs="+",
        action="append",
        default=[],
        metavar="ARG",
        help="EVENT_ID COLUMN=VALUE [COLUMN=VALUE ...] (repeatable)",
    )
    review.add_argument("--note", default="", help="what the check found, against which sources")
    review.set_defaults(run=_review)
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


def _add_convention(parser: argparse.ArgumentParser, held: str) -> None:
    from dashboard.timeline import CONVENTIONS

    parser.add_argument(
        "--convention",
        choices=CONVENTIONS,
        default="all",
        help=f"how land is counted: all (default; every area follows its place) or {held}",
    )


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
    from dashboard.web.logs import configure

    configure(requests=True)
    try:
        server = create_server(_served_packs(args))
    except OSError as error:  # only pack files are read before the server starts
        raise PackUnreadable(error) from None
    server.run(host=args.host, port=args.port, debug=False)
    return 0


def _worker(args: argparse.Namespace) -> int:
    import os

    need("queue", "frontline worker")
    need("export", "frontline worker")
    from dashboard.web.exports import REDIS_VARIABLE
    from dashboard.web.logs import configure
    from dashboard.web.worker import serve_packs, work

    url = args.redis or os.environ.get(REDIS_VARIABLE, "")
    if not url:
        raise CommandError(f"give the queue's Redis with --redis URL or {REDIS_VARIABLE}")
    configure()
    try:
        serve_packs(_served_packs(args))
    except OSError as error:
        raise PackUnreadable(error) from None
    work(url, burst=args.burst)
    return 0


def _served_packs(args: argparse.Namespace) -> dict[str, PackPaths] | None:
    """The pack asked for (with the user's events), or None for the server's default."""
    if args.pack is None and getattr(args, "events", None) is None:
        return None
    paths = _paths(args)
    return {paths.root.name: paths}


def _validate(args: argparse.Namespace) -> int:
    from dashboard.records.datapackage import DATAPACKAGE, package_text
    from dashboard.records.names import name_warnings
    from dashboard.records.provenance import publication_warnings
    from dashboard.style.colour_check import clashes

    paths = _paths(args)
    project = _load(paths)
    try:
        need("build", "checking the boundary file's columns")
    except MissingExtra as missing:  # the built layers were checked; the source was not
        print(f"note: {missing}", file=sys.stderr)
        problems = []
    else:
        from dashboard.geo.source import source_problems

        problems = source_problems(paths.source_dir, project.config.boundaries, paths.config)
    if problems:
        raise ProblemsError(problems)
    record = project.record
    dates = project.timeline.dates
    print(
        f"{paths.root}: valid: {len(record.towns)} places, {len(record.changes)} changes, "
        f"{len(record.sources)} sources, {dates[0]} to {dates[-1]}"
    )
    # Colours are presentation: a pair too close to tell apart is warned about, not refused.
    for clash in clashes(project.config, {event.to_side for event in record.events}):
        print(f"warning: {paths.config} {clash}", file=sys.stderr)
    for warning in (*publication_warnings(record), *name_warnings(record)):
        print(f"warning: {warning}", file=sys.stderr)
    package = paths.root / DATAPACKAGE
    if package.exists() and package.read_text(encoding="utf-8") != package_text(project.config):
        print(f"warning: {package} is stale: run `frontline datapackage`", file=sys.stderr)
    return 0


def _publish(args: argparse.Namespace) -> int:
    from dashboard.publish import PAGES, PublishError, publish
    from dashboard.records.provenance import publication_warnings

    project = _project(args)
    for warning in publication_warnings(project.record):
        print(f"warning: {warning}", file=sys.stderr)
    languages = args.lang.split(",") if args.lang else None
    try:
        written = publish(project, args.folder, languages, args.url, args.force)
    except PublishError as error:
        raise CommandError(error) from None
    except OSError as error:
        raise CommandError(f"{args.folder}: cannot write: {error.strerror or error}") from None
    pages = [path for path in PAGES if path in written]
    size = sum((args.folder / path).stat().st_size for path in written)
    print(
        f"wrote {len(written)} files ({size / 1e6:.1f} MB) to {args.folder}: "
        f"{', '.join(pages)}; open index.html, or paste embed.txt into an article"
    )
    return 0


def _state(args: argparse.Namespace) -> int:
    from dashboard.state_report import state_csv, state_document

    project = _project(args)
    document = state_document(project, _day_index(project, args.date), args.convention)
    if args.format == "json":
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(state_csv(document))
    return 0


def _step(value: str):
    from dashboard.territory import parse_step

    try:
        return parse_step(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _territory(args: argparse.Namespace) -> int:
    from dashboard.territory import Step, compare, compare_csv, series, series_csv, step_days

    project = _project(args)
    timeline = project.timeline
    if args.compare:
        if args.start or args.end or args.every:
            raise CommandError("--compare takes two days, not --from, --to or --every")
        first, last = (_day_index(project, day) for day in args.compare)
        document = compare(timeline, first, last, args.convention)
        text = compare_csv(document) if args.format == "csv" else document
    else:
        start, end = args.start or timeline.dates[0], args.end or timeline.dates[-1]
        try:
            days = step_days(timeline, start, end, args.every or Step(1, "d"))
        except ValueError as error:
            raise CommandError(error) from None
        rows = series(timeline, days, args.convention)
        text = series_csv(rows) if args.format == "csv" else rows
    if args.format == "json":
        text = json.dumps(text, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.write(text)
    return 0


def _every(value: str) -> int:
    from dashboard.reports.batch import parse_every

    try:
        return parse_every(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _export(args: argparse.Namespace) -> int:
    from dashboard.reports.batch import check_targets, run, targets
    from dashboard.reports.errors import ExportError
    from dashboard.reports.renderer import shared_renderer

    if args.table is None:
        shared_renderer().start()  # Chromium starts while the pack loads
    project = _project(args)
    try:
        requests = _export_requests(args, project)
        found = targets(project, requests, args.out, args.out_dir)
        check_targets(found, args.force)
        run(project, found, args.force, report=lambda path: print(f"wrote {path}"))
    except (ExportError, ValueError) as error:
        raise CommandError(error) from None
    return 0


def _export_requests(args: argparse.Namespace, project: Project) -> list:
    """The exports the arguments ask for (one per day for a plain range)."""
    from dashboard.reports.batch import day_series
    from dashboard.reports.presets import preset_for
    from dashboard.reports.requests import ExportRequest

    timeline = project.timeline
    languages = [language.code for language in project.config.languages]
    if args.lang is not None and args.lang not in languages:
        raise CommandError(f"the pack has no language {args.lang!r}; it has {', '.join(languages)}")
    if args.end is not None and args.start is None:
        raise CommandError("--to needs --from")
    if args.table == "periods" or args.table in GIS_TABLES:
        _check_extension(args)
    if args.table == "periods":
        if args.date or args.start or args.compare:
            raise CommandError("--table periods covers the whole record: give no date")
        fmt = args.out.suffix.lower().lstrip(".") if args.out else "gpkg"
        return [ExportRequest("periods", (0, len(timeline.dates) - 1), fmt, preset_for(None))]
    if not (args.date or args.start or args.compare):
        raise CommandError("give a day (--date), a range (--from) or two days (--compare)")
    if args.compare:
        days = tuple(_day_index(project, day) for day in args.compare)
    elif args.start:
        days = day_series(timeline, args.start, args.end or timeline.dates[-1], args.every)
    else:
        days = (_day_index(project, args.date),)
    ranged = args.start is not None
    if (args.grid or args.animate) and not ranged:
        raise CommandError("--grid and --animate take a range: --from DATE [--to DATE]")
    fmt = _format(args)
    preset = preset_for(args.preset, fmt)
    common = {"preset": preset, "lang": args.lang, "subtitle": args.subtitle}
    if args.table == "csv":
        if args.compare:
            raise CommandError("--table csv takes --date or a range, not --compare")
        return [ExportRequest("table", (days[0], days[-1]), "csv", **common)]
    if args.table in GIS_TABLES:
        return [ExportRequest("table", (day,), args.table, **common) for day in days]
    if args.animate:
        return [ExportRequest("animation", days, args.animate, pause=args.pause, **common)]
    fmt = fmt or preset.format
    if args.grid:
        return [ExportRequest("grid", days, fmt, **common)]
    if args.compare:
        return [ExportRequest("compare", days, fmt, **common)]
    return [ExportRequest("day", (day,), fmt, **common) for day in days]


def _format(args: argparse.Namespace) -> str | None:
    """The format asked for: --format, --animate or --table, and the extension of --out,
    which must agree (a .pdf file holds a PDF); None when neither says."""
    from dashboard.reports.presets import format_of

    asked = args.table or args.animate or args.format
    if args.out is None:
        return asked
    named = format_of(args.out)
    if named is None:
        raise CommandError(
            f"--out {args.out}: end the file name with the format's extension "
            f"({asked or 'png, svg or pdf'})"
        )
    if asked is not None and asked != named:
        raise CommandError(f"--out {args.out} names a {named} file, but {asked} was asked for")
    return named


# Tables written as GIS files: the format is --out's extension, and must match.
GIS_TABLES = {"geojson": ".geojson", "gpkg": ".gpkg", "kml": ".kml"}


def _check_extension(args: argparse.Namespace) -> None:
    """A file named .kml must hold KML: refuse an --out whose extension is not the
    table's format (holding periods: .gpkg or .geojson)."""
    from dashboard.reports.presets import PERIOD_FORMATS

    if args.out is None:
        return
    suffix = args.out.suffix.lower()
    allowed = (
        [f".{fmt}" for fmt in PERIOD_FORMATS]
        if args.table == "periods"
        else [GIS_TABLES[args.table]]
    )
    if suffix not in allowed:
        wanted = " or ".join(allowed)
        raise CommandError(f"--table {args.table} writes {wanted} files, not {args.out.name}")


def _datapackage(args: argparse.Namespace) -> int:
    from dashboard.pack.config import load_config
    from dashboard.records.datapackage import DATAPACKAGE, package_text

    paths = _paths(args)
    target = paths.root / DATAPACKAGE
    text = package_text(load_config(paths.config))
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if args.check:
        if current != text:
            raise CommandError(
                f"{target} is stale; run `frontline datapackage --pack {paths.root}`"
            )
        print(f"{target} is up to date")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
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
    need("build", "frontline build-geo")
    from dashboard.geo.build import build_pack_layers

    paths = _paths(args)
    summary = build_pack_layers(paths, args.out or paths.layers_out)
    for name, value in summary.items():
        print(f"{name}: {value}")
    return 0


def _packs(_args: argparse.Namespace) -> int:
    for name, root in bundled_packs().items():
        print(f"{name}\t{root}")
    return 0


def _new_pack(args: argparse.Namespace) -> int:
    need("build", "frontline new-pack")
    from dashboard.new_pack import PackExists, new_pack

    languages = tuple(code.strip() for code in args.languages.split(",") if code.strip())
    try:
        steps = new_pack(args.folder, args.boundaries, languages)
    except (PackExists, ValueError) as error:
        raise CommandError(error) from None
    print(f"created {args.folder}; now fill in:")
    for step in steps:
        print(f"  - {step}")
    return 0


def _import(args: argparse.Namespace) -> int:
    need("build", "frontline import")
    from dashboard.importers.run import run_import

    try:
        result = run_import(
            args.kind, args.inputs, find_pack(args.pack), args.mapping, args.name, args.dates
        )
    except OSError as error:
        raise PackUnreadable(error) from None
    print("\n".join(result.report()))
    return 0


def _review(args: argparse.Namespace) -> int:
    from dashboard.importers.review import Verdicts, apply_verdicts, pending_lines, pending_rows

    if args.events is None:
        raise CommandError("review needs --events: the draft's events file")
    paths = _paths(args)
    verdicts = Verdicts(
        confirm=args.confirm,
        drop=args.drop,
        correct={item[0]: _assignments(item[1:]) for item in args.correct},
        note=args.note,
    )
    if verdicts.empty:
        record, rows = pending_rows(paths)
        print("\n".join(pending_lines(record, rows)))
        print(f"{len(rows)} pending rows in {paths.events}")
        return 0
    counts = apply_verdicts(paths, verdicts)
    print(", ".join(f"{count} {what}" for what, count in counts.items()) + f": {paths.events}")
    return 0


def _assignments(items: list[str]) -> dict[str, str]:
    """`COLUMN=VALUE` pairs of a correction."""
    pairs = {}
    for item in items:
        column, sep, value = item.partition("=")
        if not sep or not column:
            raise CommandError(f"--correct takes EVENT_ID COLUMN=VALUE ...; {item!r} has no '='")
        pairs[column.strip()] = value.strip()
    if not pairs:
        raise CommandError("--correct takes EVENT_ID COLUMN=VALUE ...: nothing to correct")
    return pairs
