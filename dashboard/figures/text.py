"""Data text inside Plotly figures: shown as written, never as markup.

Plotly renders a subset of HTML in titles, legends, hover labels and annotations, so
`<`, `>` and `&` from data are escaped. Quotes are left alone: Plotly does not decode
`&quot;`, and a quote cannot open markup by itself.
"""

from __future__ import annotations

import html


def plain(text: str) -> str:
    return html.escape(text, quote=False)
