"""Share of the country held by each side over the whole period, with a marker for the day."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from dashboard.i18n import Translator, pack_translator
from dashboard.timeline import Timeline


def territory_chart(timeline: Timeline, day_index: int, tr: Translator | None = None) -> go.Figure:
    """Stacked shares (% of the mapped area) per day; the day marker is `layout.shapes[0]`.

    Texts in `tr`'s language; Plotly writes month names in English only, so other
    languages get numeric day/month ticks. Each point's `customdata` is the side's km²
    and the part of it resting on low-confidence, region-based or inferred reports."""
    tr = tr or pack_translator(timeline.record.config, None)
    total = timeline.share_km2.sum(axis=1)
    dates = [day.isoformat() for day in timeline.dates]
    figure = go.Figure()
    config = timeline.record.config
    # km² per day and state whose holder is not a firm report (CERTAINTY's last two).
    uncertain = timeline.km2_by_certainty["all"][:, :, 1:].sum(axis=2)
    hover = "%{y:.1f}% · %{customdata[0]:,.0f} km²<br>" + tr(
        "{km2} km² of it on low-confidence, region-based or inferred reports",
        km2="%{customdata[1]:,.0f}",
    )
    for code, state in enumerate(config.all_states):
        km2 = timeline.share_km2[:, code]
        if not km2.any():
            continue
        figure.add_trace(
            go.Scatter(
                x=dates,
                y=(100 * km2 / total).round(2).tolist(),
                customdata=np.column_stack([km2, uncertain[:, code]]).round(0).tolist(),
                name=config.label(state.id, tr.lang),
                stackgroup="share",
                mode="lines",
                line={"width": 0.5, "color": state.colour},
                fillcolor=state.colour,
                hovertemplate=hover + "<extra>" + state.id + "</extra>",
            )
        )
    figure.update_layout(
        shapes=[day_marker(timeline, day_index)],
        showlegend=False,
        margin={"l": 40, "r": 10, "t": 10, "b": 30},
        yaxis={"title": tr("% of area"), "range": [0, 100], "fixedrange": True},
        xaxis={"fixedrange": True, **({} if tr.lang == "en" else {"tickformat": "%-d/%-m"})},
        height=220,
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
    )
    return figure


def day_marker(timeline: Timeline, day_index: int) -> dict:
    day = timeline.dates[day_index].isoformat()
    return {
        "type": "line",
        "x0": day,
        "x1": day,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": "#111111", "width": 2},
    }
