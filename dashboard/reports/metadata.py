"""What an exported file says about itself to the programs that open it: a PDF's
document information (the title a viewer shows in its tab), an SVG's <title>, <desc>
and Dublin Core metadata. Chromium would title every PDF "Kaleido-fier"."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from dashboard import __version__


@dataclass(frozen=True)
class FileMetadata:
    title: str
    subject: str
    author: str
    made: dt.datetime


def with_metadata(data: bytes, fmt: str, meta: FileMetadata) -> bytes:
    """The file's bytes with its metadata set (PNG and the rest unchanged)."""
    if fmt == "pdf":
        return _pdf(data, meta)
    if fmt == "svg":
        return _svg(data, meta)
    return data


def _pdf(data: bytes, meta: FileMetadata) -> bytes:
    """An incremental update: the rendered bytes stay as they are, a new document
    information dictionary is appended (fast, and nothing of the page is rewritten)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(PdfReader(io.BytesIO(data)), incremental=True)
    moment = meta.made.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%SZ")
    writer.add_metadata(
        {
            "/Title": meta.title,
            "/Subject": meta.subject,
            "/Author": meta.author,
            "/Creator": f"frontline-map {__version__}",
            "/Producer": f"frontline-map {__version__} (Plotly, Kaleido, Chromium)",
            "/CreationDate": moment,
            "/ModDate": moment,
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _svg(data: bytes, meta: FileMetadata) -> bytes:
    """<title>, <desc> and RDF/Dublin Core metadata as the root element's first children."""
    text = data.decode("utf-8")
    start = text.index("<svg")
    end = text.index(">", start) + 1
    made = meta.made.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    block = (
        f"<title>{escape(meta.title)}</title><desc>{escape(meta.subject)}</desc>"
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Description>'
        f"<dc:title>{escape(meta.title)}</dc:title>"
        f"<dc:subject>{escape(meta.subject)}</dc:subject>"
        f"<dc:creator>{escape(meta.author)}</dc:creator>"
        f"<dc:date>{made}</dc:date>"
        "</rdf:Description></rdf:RDF></metadata>"
    )
    return (text[:end] + block + text[end:]).encode("utf-8")
