"""The page: header, date slider, map with legend, side panel, export controls, credits.

The page is built once per language of the pack (`?lang=`): every text goes through the
language's translator (`dashboard.i18n`), and every control has an accessible name.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.credits import areas_note, credit_lines
from dashboard.figures.map_figure import (
    AREA_OPACITY,
    CHANGED_COLOUR,
    CHANGED_LABEL,
    DISPUTED_COLOUR,
    DISPUTED_LABEL,
    FRONTLINE_LABEL,
    UNCERTAIN_LABEL,
    GeometryRefs,
    map_figure,
    states_in_period,
)
from dashboard.figures.territory_chart import territory_chart
from dashboard.i18n import N_, Translator, pack_translator
from dashboard.pack.config import ConflictConfig
from dashboard.project import Project
from dashboard.web.export_panel import export_panel
from dashboard.web.step_tables import change_line, step_tables
from dashboard.web.town_panel import town_options, town_panel
from dashboard.web.user_record import MAX_UPLOAD_BYTES

MAX_SLIDER_LABELS = 18
# A period longer than this gets month marks and the faster playback speeds.
LONG_PERIOD_DAYS = 62
# (label, milliseconds per step, days per step); the value the page sends is "ms:days".
PLAYBACK_SPEEDS = (
    (N_("1 day/2 s"), 2000, 1),
    (N_("1 day/s"), 1000, 1),
    (N_("2 days/s"), 500, 1),
    (N_("1 week/s"), 1000, 7),
    (N_("1 month/s"), 1000, 30),
)
DEFAULT_SPEED = "1000:1"


def slider_marks(project: Project, tr: Translator | None = None) -> dict[int, str]:
    """Labels under the slider: days on short periods, months on long ones (with the
    year in January and on the first mark), thinned out so they stay legible (and
    thinned again in the browser where they would overlap: assets/slider.js)."""
    tr = tr or pack_translator(project.config, None)
    dates = project.timeline.dates
    if len(dates) <= LONG_PERIOD_DAYS:
        step = max(1, -(-len(dates) // MAX_SLIDER_LABELS))
        marks = {i: tr.short_date(day) for i, day in enumerate(dates) if i % step == 0}
        marks[len(dates) - 1] = tr.short_date(dates[-1])
        return marks
    months = [index for index, day in enumerate(dates) if day.day == 1]
    step = max(1, -(-len(months) // MAX_SLIDER_LABELS))
    kept = months[::step]
    return {
        index: tr.month(dates[index], year=n == 0 or dates[index].month <= step)
        for n, index in enumerate(kept)
    }


def playback_speeds(project: Project, tr: Translator | None = None) -> list[dict]:
    """The speed choices; week and month steps only where the period is long."""
    tr = tr or pack_translator(project.config, None)
    long = len(project.timeline.dates) > LONG_PERIOD_DAYS
    return [
        {"label": tr(label), "value": f"{ms}:{days}"}
        for label, ms, days in PLAYBACK_SPEEDS
        if days == 1 or long
    ]


def conflict_switch(
    switch: list[tuple[str, str, bool]], tr: Translator, primary: str
) -> html.Nav | None:
    """Links to the other conflicts the server shows (each page has its own map), in
    the page's language when it is not the primary one."""
    if not switch:
        return None
    query = "" if tr.lang == primary else f"?lang={tr.lang}"
    return html.Nav(
        [
            html.A(
                title,
                href=link + query,
                className="current" if current else None,
                **({"aria-current": "page"} if current else {}),
            )
            for link, title, current in switch
        ],
        id="conflict-switch",
        className="conflict-switch",
        **{"aria-label": tr("Conflict")},
    )


def language_switch(config: ConflictConfig, tr: Translator) -> html.Nav | None:
    """Links to the page in each language the pack offers, each named in its own
    language. assets/language.js keeps the day and town of the address in them."""
    if len(config.languages) < 2:
        return None
    return html.Nav(
        [
            html.A(
                language.name,
                id={"type": "language-link", "lang": language.code},
                href=f"?lang={language.code}",
                hrefLang=language.code,
                lang=language.code,
                dir=language.direction,
                className="current" if language.code == tr.lang else None,
                **({"aria-current": "page"} if language.code == tr.lang else {}),
            )
            for language in config.languages
        ],
        id="language-switch",
        className="language-switch",
        **{"aria-label": tr("Language")},
    )


def build_layout(
    project: Project,
    geometry: GeometryRefs,
    day_index: int,
    switch: list[tuple[str, str, bool]],
    urls: dict[str, str | None],
    tr: Translator | None = None,
) -> html.Div:
    """The page in `tr`'s language (default: the pack's primary language); `urls` are
    the files the page's scripts fetch (step_tables)."""
    tr = tr or pack_translator(project.config, None)
    timeline = project.timeline
    first, last = timeline.dates[0], timeline.dates[-1]
    return html.Div(
        [
            html.Header(
                [
                    html.Div(
                        [
                            conflict_switch(switch, tr, project.config.primary_language),
                            language_switch(project.config, tr),
                        ],
                        className="header-links",
                    ),
                    html.H1(tr("Frontline Map: {title}", title=project.config.title_in(tr.lang))),
                    html.P(id="record-banner", className="record-banner", role="status"),
                    html.P(
                        tr(
                            "Who held which part of the country at the end of each day, "
                            "{first} to {last}.",
                            first=tr.date(first),
                            last=tr.date(last),
                        ),
                        className="subtitle",
                    ),
                ]
            ),
            html.Section(
                [
                    html.Div(
                        [
                            # Read out by screen readers whenever the day changes.
                            html.H2(
                                day_heading(project, day_index, tr),
                                id="date-heading",
                                **{"aria-live": "polite", "aria-atomic": "true"},
                            ),
                            playback_controls(project, tr),
                            html.Label(
                                [
                                    tr("Go to date"),
                                    " ",
                                    dcc.DatePickerSingle(
                                        id="date-picker",
                                        min_date_allowed=first,
                                        max_date_allowed=last,
                                        initial_visible_month=last,
                                        # The picker writes month names in English only.
                                        display_format="D MMM YYYY"
                                        if tr.lang == "en"
                                        else "DD/MM/YYYY",
                                        first_day_of_week=1,
                                        placeholder=tr("Pick a day"),
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
                        marks=slider_marks(project, tr),
                        updatemode="drag",
                        allow_direct_input=False,
                        included=True,
                    ),
                ],
                className="controls",
                # assets/slider.js names the slider's handle with this.
                **{"aria-label": tr("Date"), "data-slider-label": tr("Day shown")},
            ),
            html.Main(
                [
                    html.Div(
                        [
                            dcc.Graph(
                                id="map",
                                figure=map_figure(
                                    timeline, day_index, geometry, project.home_view, hidden=True
                                ),
                                config={"displaylogo": False, "scrollZoom": True},
                                style={"height": "68vh"},
                            ),
                            map_legend(project, tr),
                            html.P(
                                project.config.attribution.short,
                                className="credits-inline",
                                **pack_text(project.config),
                            ),
                            html.P(areas_note(project.config, tr.lang), className="credits-inline"),
                        ],
                        className="map-column",
                    ),
                    html.Aside(
                        [
                            html.Label(
                                tr("Find a town"), htmlFor="town-select", className="field-label"
                            ),
                            dcc.Dropdown(
                                id="town-select",
                                options=town_options(project.record, tr.lang),
                                placeholder=tr("Find a town…"),
                                clearable=True,
                                labels={
                                    "search": tr("Search"),
                                    "clear_search": tr("Clear the search"),
                                    "clear_selection": tr("Clear the choice"),
                                    "no_options_found": tr("No town found"),
                                },
                            ),
                            html.Div(
                                [
                                    html.Div(
                                        town_panel(timeline, None, tr),
                                        id="town-panel",
                                        **{"aria-live": "polite"},
                                    ),
                                    # Who holds the town on the day shown (assets/step.js).
                                    html.P(id="town-holder", className="town-holder"),
                                    html.Div(id="town-history-panel"),
                                ],
                                id="town-details",
                            ),
                            html.H3(tr("Changes on this day")),
                            html.Ul(day_changes_list(project, day_index, tr), id="day-changes"),
                            html.H3(tr("Share of the mapped area")),
                            dcc.Graph(
                                id="territory-chart",
                                figure=territory_chart(timeline, day_index, tr),
                                config={"displayModeBar": False},
                            ),
                            export_panel(project, tr),
                            upload_panel(tr),
                        ],
                        className="side-panel",
                        **{"aria-label": tr("Details")},
                    ),
                ],
                className="main",
            ),
            html.Footer(
                [
                    html.P(line, **pack_text(project.config))
                    for line in credit_lines(project.config, tr.lang)[:-1]
                ]
                + [html.P(areas_note(project.config, tr.lang))],
                className="credits",
            ),
            dcc.Store(id="map-view", data=None),
            # Everything a slider step needs, sent once (assets/step.js).
            dcc.Store(id="step-tables", data=step_tables(project, tr, urls)),
            # The page's language, for callbacks that write text, and the texts that
            # scripts in assets/ show.
            dcc.Store(id="page-lang", data=tr.lang),
            dcc.Store(id="page-text", data=page_texts(tr)),
            # A user's own events file, kept by this browser tab only (see user_record.py).
            dcc.Store(id="user-events", storage_type="session"),
            dcc.Location(id="url", refresh=False),
            dcc.Interval(id="playback-clock", interval=1000, disabled=True),
        ],
        className="page",
    )


def pack_text(config: ConflictConfig) -> dict[str, str]:
    """The language of the pack's own untranslated texts (title, credits), so they keep
    their direction and pronunciation inside a page in another language."""
    primary = config.languages[0]
    return {"lang": primary.code, "dir": primary.direction}


def page_texts(tr: Translator) -> dict[str, str]:
    """Texts the page's scripts show: the play button's two states (frontline.js)."""
    return {"play": tr("▶ Play"), "pause": tr("❚❚ Pause")}


def upload_panel(tr: Translator) -> html.Div:
    """Drop or pick your own events file; it is checked before the map uses it."""
    return html.Div(
        [
            html.H3(tr("Your own events file")),
            dcc.Upload(
                html.Div([tr("Drop an events CSV here, or"), " ", html.A(tr("pick a file"))]),
                id="events-upload",
                accept=".csv,text/csv",
                max_size=MAX_UPLOAD_BYTES,
                multiple=False,
                className="upload",
            ),
            html.P(
                tr(
                    "Checked against this conflict's places, sources and sides; at most "
                    "{megabytes} MB. It stays in this browser tab.",
                    megabytes=MAX_UPLOAD_BYTES // 1_000_000,
                ),
                className="muted",
            ),
            html.P(id="upload-status", className="upload-status", role="status"),
            html.Ul(id="upload-problems", className="problems"),
            html.Button(tr("Back to the bundled record"), id="use-bundled", n_clicks=0),
            " ",
            html.A(
                tr("Download the template CSV"),
                href="template.csv",
                download="events-template.csv",
                id="template-link",
            ),
        ],
        className="upload-panel",
    )


def record_status(project: Project, name: str, tr: Translator | None = None) -> str:
    tr = tr or pack_translator(project.config, None)
    record = project.record
    return tr(
        "Showing your file {name}: {count} changes, {first} to {last}.",
        name=name,
        count=len(record.changes),
        first=tr.date(record.baseline_date),
        last=tr.date(record.last_date),
    )


def map_legend(project: Project, tr: Translator | None = None) -> html.Ul:
    """What the colours and lines mean; HTML, so it costs the map nothing to redraw."""
    tr = tr or pack_translator(project.config, None)
    config = project.config
    items = [
        html.Li(
            [
                html.Span(className="swatch", style={"backgroundColor": s.colour}),
                config.label(s.id, tr.lang),
            ]
        )
        for s in states_in_period(project.timeline)
    ]
    if project.timeline.area_certainty.any():
        faint = {"backgroundColor": "#666666", "opacity": AREA_OPACITY[1]}
        items.append(html.Li([html.Span(className="swatch", style=faint), tr(UNCERTAIN_LABEL)]))
    if project.layers.disputed is not None:
        items.append(
            html.Li(
                [
                    html.Span(className="swatch", style={"backgroundColor": DISPUTED_COLOUR}),
                    tr(DISPUTED_LABEL),
                ]
            )
        )
    items += [
        html.Li([html.Span(className="swatch line"), tr(FRONTLINE_LABEL)]),
        html.Li(
            [
                html.Span(className="swatch outline", style={"borderColor": CHANGED_COLOUR}),
                tr(CHANGED_LABEL),
            ]
        ),
        html.Li(
            [
                html.Span(className="swatch dot"),
                tr("Dots: tracked towns (click for their history)"),
            ]
        ),
    ]
    return html.Ul(items, id="map-legend", className="legend", **{"aria-label": tr("Legend")})


def playback_controls(project: Project, tr: Translator) -> html.Div:
    """Step back, play/pause, step forward and speed; driven in the browser (frontline.js).

    The buttons keep the slider's left-to-right order of time in every language."""
    return html.Div(
        [
            html.Div(
                [
                    html.Button(
                        tr("◀ Day"),
                        id="step-back",
                        title=tr("One day back"),
                        n_clicks=0,
                        **{"aria-label": tr("One day back")},
                    ),
                    html.Button(
                        tr("▶ Play"),
                        id="play-button",
                        title=tr("Play or pause"),
                        n_clicks=0,
                        **{"aria-label": tr("Play or pause")},
                    ),
                    html.Button(
                        tr("Day ▶"),
                        id="step-forward",
                        title=tr("One day forward"),
                        n_clicks=0,
                        **{"aria-label": tr("One day forward")},
                    ),
                ],
                role="group",
                dir="ltr",
                className="step-buttons",
                **{"aria-label": tr("Playback")},
            ),
            html.Fieldset(
                [
                    html.Legend(tr("Speed")),
                    dcc.RadioItems(
                        id="playback-speed",
                        options=playback_speeds(project, tr),
                        value=DEFAULT_SPEED,
                        inline=True,
                    ),
                ],
                className="choices",
            ),
        ],
        className="playback",
    )


def day_heading(project: Project, day_index: int, tr: Translator | None = None) -> str:
    tr = tr or pack_translator(project.config, None)
    return tr("End of {date}", date=tr.date(project.timeline.dates[day_index]))


def day_changes_list(project: Project, day_index: int, tr: Translator) -> list:
    """The changes dated on the day (the first page; then step.js keeps the list)."""
    changes = project.timeline.changes_on(day_index)
    if not changes:
        return [html.Li(tr("No recorded change of control."), className="muted")]
    return [html.Li(change_line(project, change, tr)) for change in changes]
