"""The page: header, date slider, map with legend, side panel, export controls, credits."""

from __future__ import annotations

from dash import dcc, html

from dashboard.credits import areas_note, credit_lines
from dashboard.export import FORMATS
from dashboard.figures.map_figure import (
    AREA_OPACITY,
    AREAS,
    CHANGED_COLOUR,
    CHANGED_LABEL,
    DISPUTED_COLOUR,
    DISPUTED_LABEL,
    FRONTLINE,
    FRONTLINE_LABEL,
    UNCERTAIN_LABEL,
    GeometryRefs,
    format_day,
    map_figure,
    states_in_period,
)
from dashboard.figures.territory_chart import territory_chart
from dashboard.project import Project
from dashboard.web.town_panel import town_options, town_panel
from dashboard.web.user_record import MAX_UPLOAD_BYTES

MAX_SLIDER_LABELS = 18
# A period longer than this gets month marks and the faster playback speeds.
LONG_PERIOD_DAYS = 62
# (label, milliseconds per step, days per step); the value the page sends is "ms:days".
PLAYBACK_SPEEDS = (
    ("1 day/2 s", 2000, 1),
    ("1 day/s", 1000, 1),
    ("2 days/s", 500, 1),
    ("1 week/s", 1000, 7),
    ("1 month/s", 1000, 30),
)
DEFAULT_SPEED = "1000:1"


def slider_marks(project: Project) -> dict[int, str]:
    """Labels under the slider: days on short periods, months on long ones (with the
    year in January and on the first mark), thinned out so they stay legible."""
    dates = project.timeline.dates
    if len(dates) <= LONG_PERIOD_DAYS:
        step = max(1, -(-len(dates) // MAX_SLIDER_LABELS))
        marks = {i: f"{day.day} {day:%b}" for i, day in enumerate(dates) if i % step == 0}
        marks[len(dates) - 1] = f"{dates[-1].day} {dates[-1]:%b}"
        return marks
    months = [index for index, day in enumerate(dates) if day.day == 1]
    step = max(1, -(-len(months) // MAX_SLIDER_LABELS))
    kept = months[::step]
    return {
        index: f"{dates[index]:%b %Y}"
        if n == 0 or dates[index].month <= step
        else f"{dates[index]:%b}"
        for n, index in enumerate(kept)
    }


def playback_speeds(project: Project) -> list[dict]:
    """The speed choices; week and month steps only where the period is long."""
    long = len(project.timeline.dates) > LONG_PERIOD_DAYS
    return [
        {"label": label, "value": f"{ms}:{days}"}
        for label, ms, days in PLAYBACK_SPEEDS
        if days == 1 or long
    ]


def conflict_switch(switch: list[tuple[str, str, bool]]) -> html.Nav | None:
    """Links to the other conflicts the server shows (each page has its own map)."""
    if not switch:
        return None
    return html.Nav(
        [
            html.A(
                title,
                href=link,
                className="current" if current else None,
                **({"aria-current": "page"} if current else {}),
            )
            for link, title, current in switch
        ],
        id="conflict-switch",
        className="conflict-switch",
        **{"aria-label": "Conflict"},
    )


def build_layout(
    project: Project,
    geometry: GeometryRefs,
    day_index: int,
    switch: list[tuple[str, str, bool]],
) -> html.Div:
    timeline = project.timeline
    first, last = timeline.dates[0], timeline.dates[-1]
    return html.Div(
        [
            html.Header(
                [
                    conflict_switch(switch),
                    html.H1(f"Frontline Map: {project.config.title}"),
                    html.P(id="record-banner", className="record-banner", role="status"),
                    html.P(
                        f"Who held which part of the country at the end of each day, "
                        f"{format_day(first)} to {format_day(last)}.",
                        className="subtitle",
                    ),
                ]
            ),
            html.Section(
                [
                    html.Div(
                        [
                            html.H2(day_heading(project, day_index), id="date-heading"),
                            playback_controls(project),
                            html.Label(
                                [
                                    "Go to date ",
                                    dcc.DatePickerSingle(
                                        id="date-picker",
                                        min_date_allowed=first,
                                        max_date_allowed=last,
                                        initial_visible_month=last,
                                        display_format="D MMM YYYY",
                                        first_day_of_week=1,
                                        placeholder="Pick a day",
                                    ),
                                ],
                                className="date-picker",
                            ),
                        ],
                        className="controls-row",
                    ),
                    dcc.Slider(
                        id="date-slider",
                        min=0,
                        max=len(timeline.dates) - 1,
                        step=1,
                        value=day_index,
                        marks=slider_marks(project),
                        updatemode="drag",
                        allow_direct_input=False,
                        included=True,
                    ),
                ],
                className="controls",
            ),
            html.Main(
                [
                    html.Div(
                        [
                            dcc.Graph(
                                id="map",
                                figure=map_figure(timeline, day_index, geometry, project.home_view),
                                config={"displaylogo": False, "scrollZoom": True},
                                style={"height": "68vh"},
                            ),
                            map_legend(project),
                            html.P(project.config.attribution.short, className="credits-inline"),
                            html.P(areas_note(project.config), className="credits-inline"),
                        ],
                        className="map-column",
                    ),
                    html.Aside(
                        [
                            dcc.Dropdown(
                                id="town-select",
                                options=town_options(project.record),
                                placeholder="Find a town…",
                                clearable=True,
                            ),
                            html.Div(town_panel(timeline, None, day_index), id="town-panel"),
                            html.H4("Changes on this day"),
                            html.Ul(day_changes_list(project, day_index), id="day-changes"),
                            html.H4("Share of the mapped area"),
                            dcc.Graph(
                                id="territory-chart",
                                figure=territory_chart(timeline, day_index),
                                config={"displayModeBar": False},
                            ),
                            html.Div(
                                [
                                    html.H4("Export this map"),
                                    dcc.RadioItems(
                                        id="export-format",
                                        options=[{"label": f.upper(), "value": f} for f in FORMATS],
                                        value="png",
                                        inline=True,
                                    ),
                                    html.Button("Download", id="export-button", n_clicks=0),
                                    dcc.Loading(
                                        [
                                            dcc.Download(id="export-download"),
                                            html.P(id="export-status", className="muted"),
                                        ]
                                    ),
                                ],
                                className="export",
                            ),
                            upload_panel(),
                        ],
                        className="side-panel",
                    ),
                ],
                className="main",
            ),
            html.Footer(
                [html.P(line) for line in credit_lines(project.config)], className="credits"
            ),
            dcc.Store(id="day-update", data={"day": day_index, "set": []}),
            dcc.Store(id="shown-day", data=f":{day_index}"),
            dcc.Store(id="resync", data=0),
            dcc.Store(id="map-view", data=None),
            dcc.Store(
                id="frontier-edges",
                data={
                    **project.frontiers.to_browser(),
                    "areas_trace": AREAS,
                    "frontline_trace": FRONTLINE,
                },
            ),
            dcc.Store(id="period", data=period_data(project)),
            # A user's own events file, kept by this browser tab only (see user_record.py).
            dcc.Store(id="user-events", storage_type="session"),
            dcc.Location(id="url", refresh=False),
            dcc.Interval(id="playback-clock", interval=1000, disabled=True),
        ],
        className="page",
    )


def period_data(project: Project) -> dict:
    """What the browser-side callbacks need to know of the period: its days and towns."""
    timeline = project.timeline
    return {
        "dates": [day.isoformat() for day in timeline.dates],
        "towns": list(timeline.town_ids),
    }


def upload_panel() -> html.Div:
    """Drop or pick your own events file; it is checked before the map uses it."""
    return html.Div(
        [
            html.H4("Your own events file"),
            dcc.Upload(
                html.Div(["Drop an events CSV here, or ", html.A("pick a file")]),
                id="events-upload",
                accept=".csv,text/csv",
                max_size=MAX_UPLOAD_BYTES,
                multiple=False,
                className="upload",
            ),
            html.P(
                f"Checked against this conflict's places, sources and sides; at most "
                f"{MAX_UPLOAD_BYTES // 1_000_000} MB. It stays in this browser tab.",
                className="muted",
            ),
            html.P(id="upload-status", className="upload-status", role="status"),
            html.Ul(id="upload-problems", className="problems"),
            html.Button("Back to the bundled record", id="use-bundled", n_clicks=0),
            " ",
            html.A(
                "Download the template CSV",
                href="template.csv",
                download="events-template.csv",
                id="template-link",
            ),
        ],
        className="upload-panel",
    )


def record_status(project: Project, name: str) -> str:
    record = project.record
    return (
        f"Showing your file {name}: {len(record.changes)} changes, "
        f"{record.baseline_date} to {record.last_date}."
    )


def map_legend(project: Project) -> html.Ul:
    """What the colours and lines mean; HTML, so it costs the map nothing to redraw."""
    config = project.config
    items = [
        html.Li(
            [
                html.Span(className="swatch", style={"backgroundColor": s.colour}),
                config.label(s.id),
            ]
        )
        for s in states_in_period(project.timeline)
    ]
    if project.timeline.area_certainty.any():
        faint = {"backgroundColor": "#666666", "opacity": AREA_OPACITY[1]}
        items.append(html.Li([html.Span(className="swatch", style=faint), UNCERTAIN_LABEL]))
    if project.layers.disputed is not None:
        items.append(
            html.Li(
                [
                    html.Span(className="swatch", style={"backgroundColor": DISPUTED_COLOUR}),
                    DISPUTED_LABEL,
                ]
            )
        )
    items += [
        html.Li([html.Span(className="swatch line"), FRONTLINE_LABEL]),
        html.Li(
            [
                html.Span(className="swatch outline", style={"borderColor": CHANGED_COLOUR}),
                CHANGED_LABEL,
            ]
        ),
        html.Li(
            [html.Span(className="swatch dot"), "Dots: tracked towns (click for their history)"]
        ),
    ]
    return html.Ul(items, id="map-legend", className="legend")


def playback_controls(project: Project) -> html.Div:
    """Step back, play/pause, step forward and speed; driven in the browser (frontline.js)."""
    return html.Div(
        [
            html.Button("◀ Day", id="step-back", title="One day back", n_clicks=0),
            html.Button("▶ Play", id="play-button", title="Play or pause", n_clicks=0),
            html.Button("Day ▶", id="step-forward", title="One day forward", n_clicks=0),
            dcc.RadioItems(
                id="playback-speed",
                options=playback_speeds(project),
                value=DEFAULT_SPEED,
                inline=True,
            ),
        ],
        className="playback",
    )


def day_heading(project: Project, day_index: int) -> str:
    return f"End of {format_day(project.timeline.dates[day_index])}"


def day_changes_list(project: Project, day_index: int) -> list:
    """The changes dated on the day, in words, so a colour change is never unexplained."""
    timeline = project.timeline
    changes = timeline.changes_on(day_index)
    if not changes:
        return [html.Li("No recorded change of control.", className="muted")]
    towns = project.record.towns
    config = project.config
    return [
        html.Li(
            f"{towns[c.town_id].name}: {config.label(c.from_side)} → {config.label(c.to_side)}"
            + (" (inferred)" if c.is_inferred else "")
        )
        for c in changes
    ]
