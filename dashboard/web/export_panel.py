"""The export dialog: a preset, a format, a subtitle, and what to show (the day shown,
two days side by side, a grid of days, an animation), plus the record as data.

A click starts a job (`dashboard.web.exports`: in this process, or in a queue that
workers on any machine serve) and returns at once; the page asks every `POLL_MS` how it
goes and shows it in the status line, then downloads the file from its own address.
No request waits for a render, so other users' requests never queue behind one.
File names are made from the pack, dates and preset, never from what the user typed.
"""

from __future__ import annotations

import datetime as dt

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update
from flask import Response, abort

from dashboard.geo.view import MapView
from dashboard.i18n import N_, Translator, pack_translator
from dashboard.project import Project
from dashboard.reports.animation import PAUSE_SECONDS
from dashboard.reports.batch import day_series
from dashboard.reports.errors import ExportError
from dashboard.reports.jobs import TOKEN
from dashboard.reports.presets import (
    ANIMATION_FORMATS,
    DEFAULT_PRESET,
    IMAGE_FORMATS,
    PRESETS,
    Preset,
    preset_for,
)
from dashboard.reports.renderer import browser_path
from dashboard.reports.requests import MAX_PANELS, SUBTITLE_CHARS, ExportRequest
from dashboard.web.exports import ExportJob, Exports, configured_exports
from dashboard.web.limits import WEB_MAX_FRAMES
from dashboard.web.live import LivePack

POLL_MS = 400
DEFAULT_RANGE_DAYS = 17
KINDS = (
    ("day", N_("The day shown")),
    ("compare", N_("Two days side by side")),
    ("grid", N_("Several days in a grid")),
    ("animation", N_("Animation of several days")),
)
# The dialog's fields, in the order `_request` takes them.
DIALOG = (
    "export-kind.value",
    "export-preset.value",
    "export-format.value",
    "export-subtitle.value",
    "export-other-date.date",
    "export-range.start_date",
    "export-range.end_date",
    "export-every.value",
    "export-pause.value",
    "export-convention.value",
)
# The record as data: a button each, answered at once (no browser needed).
DATA_BUTTONS = (
    ("export-csv", N_("Changes of the days (CSV)")),
    ("export-geojson", N_("Areas on the day shown (GeoJSON)")),
    ("export-gpkg", N_("Areas on the day shown (GeoPackage)")),
    ("export-kml", N_("Areas on the day shown (KML)")),
    ("export-periods", N_("Every area's holding periods (GeoPackage)")),
    ("export-territory", N_("Territory of the days (CSV)")),
    ("export-gains", N_("Gains and losses from the first to the last day (CSV)")),
)
CONVENTION_CHOICES = (
    ("all", N_("All land: every area follows its place")),
    ("held", N_("Held land: land beyond every place's reach counted apart")),
)
# The export callback's outputs, in order.
OUTPUTS = ("job", "poll", "status", "ready")
# The rows each kind of export needs, beside the preset, format and subtitle.
ROWS = {"export-other-row": ("compare",), "export-pause-row": ("animation",)}


def export_panel(project: Project, tr: Translator) -> html.Div:
    """The dialog's controls; the day comes from the slider, the view from the map."""
    dates = project.timeline.dates
    first, last = dates[0], dates[-1]
    start = max(first, last - dt.timedelta(days=DEFAULT_RANGE_DAYS - 1))
    bounds = {"min_date_allowed": first, "max_date_allowed": last, "display_format": "D MMM YYYY"}

    def choices(legend: str, control: dcc.RadioItems) -> html.Fieldset:
        return html.Fieldset([html.Legend(tr(legend)), control], className="choices")

    return html.Div(
        [
            html.H3(tr("Export this map")),
            choices(
                N_("What"),
                dcc.RadioItems(
                    id="export-kind",
                    options=[{"label": tr(label), "value": kind} for kind, label in KINDS],
                    value="day",
                ),
            ),
            choices(
                N_("Preset"),
                dcc.RadioItems(
                    id="export-preset",
                    options=[{"label": tr(p.label), "value": p.name} for p in PRESETS.values()],
                    value=DEFAULT_PRESET,
                ),
            ),
            choices(
                N_("Format"),
                dcc.RadioItems(
                    id="export-format",
                    options=_format_options("day"),
                    value=PRESETS[DEFAULT_PRESET].format,
                    inline=True,
                ),
            ),
            html.Div(
                [
                    html.Label(tr("Compare with"), htmlFor="export-other-date"),
                    dcc.DatePickerSingle(id="export-other-date", date=first, **bounds),
                ],
                id="export-other-row",
                hidden=True,
            ),
            html.Div(
                [
                    html.Label(tr("Days (grid, animation, changes table)"), htmlFor="export-range"),
                    dcc.DatePickerRange(
                        id="export-range", start_date=start, end_date=last, **bounds
                    ),
                    html.Label(
                        [
                            tr("every"),
                            " ",
                            dcc.Input(
                                id="export-every",
                                type="number",
                                min=1,
                                max=len(dates),
                                step=1,
                                value=1,
                                style={"width": "4em"},
                            ),
                            " ",
                            tr("day(s)"),
                        ]
                    ),
                ],
                id="export-range-row",
            ),
            html.Div(
                dcc.Checklist(
                    id="export-pause",
                    options=[
                        {
                            "label": tr(
                                "Hold the last day for {seconds:g} seconds", seconds=PAUSE_SECONDS
                            ),
                            "value": "pause",
                        }
                    ],
                    value=["pause"],
                ),
                id="export-pause-row",
                hidden=True,
            ),
            html.Label(
                [
                    tr("Subtitle (optional)"),
                    dcc.Input(
                        id="export-subtitle",
                        type="text",
                        maxLength=SUBTITLE_CHARS,
                        value="",
                        style={"width": "100%"},
                    ),
                ]
            ),
            html.Button(tr("Export"), id="export-button", n_clicks=0),
            html.P(
                [
                    tr("The record as data:"),
                    *(
                        part
                        for button, label in DATA_BUTTONS
                        for part in (" ", html.Button(tr(label), id=button, n_clicks=0))
                    ),
                ]
            ),
            choices(
                N_("Territory counts (territory, gains and losses)"),
                dcc.RadioItems(
                    id="export-convention",
                    options=[
                        {"label": tr(label), "value": key} for key, label in CONVENTION_CHOICES
                    ],
                    value="all",
                ),
            ),
            html.P(id="export-status", className="muted", role="status"),
            dcc.Store(id="export-job"),
            dcc.Store(id="export-ready"),
            dcc.Store(id="export-delivered"),
            dcc.Interval(id="export-poll", interval=POLL_MS, disabled=True),
        ],
        className="export",
    )


def register_export_callbacks(app: Dash, live: LivePack, exports: Exports | None = None) -> None:
    """Start and follow exports (one callback, so one owns the status line), hand the
    finished file to the browser, and fit the dialog to the kind of export. Files are
    downloaded from `<base>exports/<token>`."""
    route = f"{app.config.routes_pathname_prefix}exports/<token>"
    downloads = f"{app.config.requests_pathname_prefix}exports/"

    def where() -> Exports:
        return exports or configured_exports()

    @app.server.route(route, endpoint=route)
    def download(token: str) -> Response:
        if not TOKEN.match(token) or (response := where().download(token)) is None:
            abort(404)
        return response

    @app.callback(
        Output("export-format", "options"),
        Output("export-format", "value"),
        *(Output(row, "hidden") for row in ROWS),
        Input("export-kind", "value"),
        Input("export-preset", "value"),
        State("export-format", "value"),
        prevent_initial_call=True,
    )
    def fit_dialog(kind: object, preset: object, fmt: object):
        """Formats follow the kind (images or animations); choosing a preset picks its
        format; rows show only for the kinds that use them."""
        kind = kind if kind in dict(KINDS) else "day"
        options = _format_options(kind)
        allowed = [option["value"] for option in options]
        if kind != "animation" and (ctx.triggered_id == "export-preset" or fmt not in allowed):
            fmt = _preset(preset).format
        elif fmt not in allowed:
            fmt = allowed[0]
        return options, fmt, *(kind not in kinds for kinds in ROWS.values())

    @app.callback(
        Output("export-job", "data"),
        Output("export-poll", "disabled"),
        Output("export-status", "children"),
        Output("export-ready", "data"),
        Input("export-button", "n_clicks"),
        Input("export-poll", "n_intervals"),
        *(Input(button, "n_clicks") for button, _ in DATA_BUTTONS),
        State("export-job", "data"),
        *(State(*field.split(".")) for field in DIALOG),
        State("reader-state", "data"),
        State("user-events", "data"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    def export(*values):
        """One of: start a job (Export), report how it goes (each poll), or make a data
        table at once (it needs no browser and takes milliseconds). A finished file's
        address goes to `export-ready`, which the browser downloads (assets/app.js)."""
        job, *dialog, shown, user, lang = values[2 + len(DATA_BUTTONS) :]
        key, chosen = live.current.users.keyed(user)
        tr = _translator(chosen, lang)
        outputs = dict.fromkeys(OUTPUTS, no_update)
        try:
            if ctx.triggered_id == "export-poll":
                outputs.update(_follow(where(), job, tr, downloads))
                return tuple(outputs.values())
            day, view = _reader_state(chosen, shown)
            request = _request(chosen, tr, ctx.triggered_id, dialog, day, view)
            name = request.filename(chosen)
            if ctx.triggered_id in dict(DATA_BUTTONS):
                token = where().keep(name, request.make(chosen))
                outputs.update(ready=downloads + token, status=tr("Downloaded {name}", name=name))
                return tuple(outputs.values())
            browser_path()  # no browser: say so now, not after a wait
            mine = user if key else {}
            made = ExportJob(live.name, request, name, mine.get("csv"), mine.get("name") or "")
            token = where().start(made, chosen)
        except (ExportError, ValueError) as error:
            outputs.update(poll=True, status=tr("Export failed: {error}", error=error))
            return tuple(outputs.values())
        outputs.update(job={"token": token}, poll=False, status=tr("Making {name}…", name=name))
        return tuple(outputs.values())

    app.clientside_callback(
        ClientsideFunction("frontlineApp", "download"),
        Output("export-delivered", "data"),
        Input("export-ready", "data"),
        State("export-delivered", "data"),
        prevent_initial_call=True,
    )


def _follow(exports: Exports, job: object, tr: Translator, downloads: str) -> dict:
    """Outputs that show how the page's job goes; a finished one is downloaded."""
    token = job.get("token") if isinstance(job, dict) else None
    state = exports.state(token)
    if state.state == "running":
        if state.total > 1:
            status = tr(
                "Making {name}: {done} of {total}…",
                name=state.name,
                done=state.done,
                total=state.total,
            )
        else:
            status = tr("Making {name}…", name=state.name)
        return {"status": status}
    if state.state == "done":
        return {
            "poll": True,
            "ready": downloads + token,
            "status": tr("Downloaded {name}", name=state.name),
        }
    if state.state == "failed":
        return {"poll": True, "status": tr("Export failed: {error}", error=state.message)}
    return {"poll": True, "status": tr("The export was lost (the server restarted?); try again.")}


def _request(
    project: Project,
    tr: Translator,
    trigger: object,
    dialog: list,
    day: object,
    view: object,
) -> ExportRequest:
    """The export the dialog's values (`DIALOG`) ask for, on the slider's `day` and the
    map's `view`; `trigger` says which button. Raises ValueError saying what is wrong."""
    kind, preset, fmt, subtitle, other, start, end, every, pause, convention = dialog
    chosen = _preset(preset)
    common = {
        "preset": chosen,
        "lang": tr.lang,
        "subtitle": subtitle.strip() if isinstance(subtitle, str) else "",
        "view": _view(view, project.home_view),
    }
    shown = day
    if trigger == "export-csv":
        series = _range(project, start, end, 1)
        return ExportRequest("table", (series[0], series[-1]), "csv", **common)
    if trigger in ("export-geojson", "export-gpkg", "export-kml"):
        return ExportRequest("table", (shown,), trigger.removeprefix("export-"), **common)
    if trigger == "export-periods":
        whole = (0, len(project.timeline.dates) - 1)
        return ExportRequest("periods", whole, "gpkg", **common)
    counting = convention if convention in dict(CONVENTION_CHOICES) else "all"
    if trigger == "export-territory":
        series = _range(project, start, end, every)
        return ExportRequest("territory", series, "csv", convention=counting, **common)
    if trigger == "export-gains":
        series = _range(project, start, end, 1)
        pair = (series[0], series[-1])
        return ExportRequest("gains", pair, "csv", convention=counting, **common)
    if kind == "compare":
        second = _date_index(project, other)
        if second == shown:
            raise ValueError(tr("pick another day to compare with"))
        pair = tuple(sorted((shown, second)))
        return ExportRequest("compare", pair, _image_format(fmt, chosen), **common)
    if kind == "grid":
        series = _range(project, start, end, every, most=MAX_PANELS)
        return ExportRequest("grid", series, _image_format(fmt, chosen), **common)
    if kind == "animation":
        series = _range(project, start, end, every)
        if len(series) > WEB_MAX_FRAMES:
            raise ValueError(
                tr(
                    "an animation made here shows at most {most} days and this one has "
                    "{count}: pick a shorter range or more days between frames (the command "
                    "line makes longer ones)",
                    most=WEB_MAX_FRAMES,
                    count=len(series),
                )
            )
        animation_format = fmt if fmt in ANIMATION_FORMATS else ANIMATION_FORMATS[0]
        held = isinstance(pause, list) and "pause" in pause
        return ExportRequest("animation", series, animation_format, pause=held, **common)
    return ExportRequest("day", (shown,), _image_format(fmt, chosen), **common)


def _format_options(kind: str) -> list[dict]:
    formats = ANIMATION_FORMATS if kind == "animation" else IMAGE_FORMATS
    return [{"label": fmt.upper(), "value": fmt} for fmt in formats]


def _preset(name: object) -> Preset:
    return PRESETS[name] if name in PRESETS else preset_for(None)


def _image_format(fmt: object, preset: Preset) -> str:
    return fmt if fmt in IMAGE_FORMATS else preset.format


def _translator(project: Project, lang: object) -> Translator:
    return pack_translator(project.config, lang if isinstance(lang, str) else None)


def _reader_state(project: Project, shown: object) -> tuple[int, object]:
    """The reader's day (an index; anything odd from the browser: the last day) and
    its map view (`_view` checks it)."""
    state = shown if isinstance(shown, dict) else {}
    last = len(project.timeline.dates) - 1
    try:
        day = project.timeline.day_index(dt.date.fromisoformat(str(state.get("date"))[:10]))
    except ValueError:
        day = last
    return day, state.get("view")


def _date_index(project: Project, value: object) -> int:
    """A date picker's ISO date as a day index; raises ValueError outside the period."""
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"{value!r} is not a date") from None
    return project.timeline.day_index(day)


def _range(
    project: Project, start: object, end: object, every: object, most: int | None = None
) -> tuple[int, ...]:
    """The days of the picked range, `every` days apart; with `most`, the step grows
    until the days fit (a grid of a long range shows it evenly spaced)."""
    step = int(every) if isinstance(every, int | float) and every >= 1 else 1
    first, last = (project.timeline.dates[_date_index(project, v)] for v in (start, end))
    days = day_series(project.timeline, first, last, step)
    while most is not None and len(days) > most:
        step += 1
        days = day_series(project.timeline, first, last, step)
    return days


def _view(view: object, home: MapView) -> MapView:
    """The user's current map view from the browser; anything malformed means home."""
    if not isinstance(view, dict):
        return home
    try:
        candidate = MapView(
            lat=float(view.get("lat", home.lat)),
            lon=float(view.get("lon", home.lon)),
            zoom=float(view.get("zoom", home.zoom)),
            width=int(view.get("width", home.width)),
            height=int(view.get("height", home.height)),
        )
    except (TypeError, ValueError, OverflowError):
        return home
    sane = -85 < candidate.lat < 85 and 0 <= candidate.zoom <= 22 and candidate.width > 0
    return candidate if sane and candidate.height > 0 else home
