"""Text on an export page: shown as written, never as markup, in the page's direction,
wrapped to a width.

Plotly renders a subset of HTML in titles, legends, hover labels and annotations, so
`<`, `>` and `&` from data are escaped. Quotes are left alone: Plotly does not decode
`&quot;`, and a quote cannot open markup by itself.

SVG text runs left to right unless told otherwise, so an Arabic line holding a date or
a Latin name would come out in the wrong order; each right-to-left line is set as one
right-to-left isolate (U+2067 ... U+2069), values inside it being isolated already by
the translator (U+2068 ... U+2069).
"""

from __future__ import annotations

import html
import textwrap

# Text widths are estimated, not measured: an average glyph of Noto Sans (Latin and
# Arabic alike) is about this share of the font size wide.
GLYPH_WIDTH = 0.55
LINE = 1.3  # line height as a share of the text size
RLI, FSI, PDI, NBSP = "\u2067", "\u2068", "\u2069", "\u00a0"


def plain(text: str) -> str:
    return html.escape(text, quote=False)


def directed(text: str, rtl: bool) -> str:
    """A line as the page's direction reads it (see the module's note)."""
    return f"{RLI}{text}{PDI}" if rtl and text else text


def isolated_date(text: str, rtl: bool) -> str:
    """A date inside a right-to-left line: digits and words kept in their own order
    (U+2068 ... U+2069) and on one line (no-break spaces)."""
    return FSI + text.replace(" ", NBSP) + PDI if rtl else text


def text_width(text: str, size: float) -> float:
    """The estimated width of a line in pixels (controls and isolates take none)."""
    shown = sum(1 for char in text if char not in "\u2066\u2067\u2068\u2069\u200f\u200e")
    return shown * size * GLYPH_WIDTH


def wrap(text: str, size: float, width: float) -> list[str]:
    """The text's lines, each within `width` pixels at `size` (a word longer than the
    width stands on a line of its own)."""
    chars = max(8, int(width / (size * GLYPH_WIDTH)))
    return [
        line for paragraph in text.split("\n") for line in textwrap.wrap(paragraph, chars) or [""]
    ]
