"""Glyphs a site's map can draw: only those of the texts it writes.

The map's texts (place names, the sides' names on the blocs, the basemap's and the
zones' names, in capitals too) are fixed when a site is built, so each glyph range (a
MapLibre PBF of 256 code points) is cut down to the code points they use, and a range
none of them uses is left out. Arabic names are drawn in their presentation forms (the
right-to-left plugin shapes them), so a form is kept when its letter is used (the plugin
shapes letters into their contextual forms, and lam with alef into one of four
ligatures; it makes no other ligature). A Latin page then loads a few kilobytes of
glyphs instead of the whole range, an Arabic page a fraction of its three ranges.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

RANGE = 256
# Arabic presentation forms A and B: the shapes the right-to-left plugin draws.
PRESENTATION = (range(0xFB50, 0xFE00), range(0xFE70, 0xFF00))
CONTEXTUAL = ("<isolated>", "<initial>", "<medial>", "<final>")
LAM_ALEF = range(0xFEF5, 0xFEFD)


def code_points(texts: Iterable[str]) -> set[int]:
    """Every code point the texts are drawn with, presentation forms included."""
    used = {ord(char) for text in texts for char in text}
    letters = {chr(code) for code in used}
    for block in PRESENTATION:
        for code in block:
            tag, *parts = unicodedata.decomposition(chr(code)).split() or [""]
            if tag not in CONTEXTUAL or not (len(parts) == 1 or code in LAM_ALEF):
                continue
            if {chr(int(part, 16)) for part in parts} <= letters:
                used.add(code)
    return used


def range_name(code: int) -> str:
    start = code // RANGE * RANGE
    return f"{start}-{start + RANGE - 1}"


def subset(pbf: bytes, codes: set[int]) -> bytes | None:
    """The glyph range `pbf` with only the glyphs of `codes`; None when it has none."""
    stacks = []
    kept = 0
    for tag, stack in message_fields(pbf):
        if tag != 1:
            raise ValueError(f"unexpected field {tag} in a glyph range")
        parts = []
        for field, value in message_fields(stack):
            if field == 3:
                if dict(message_fields(value)).get(1) not in codes:
                    continue
                kept += 1
            parts.append(_field(field, value))
        stacks.append(_field(1, b"".join(parts)))
    return b"".join(stacks) if kept else None


def glyph_codes(pbf: bytes) -> set[int]:
    """The code points a glyph range holds."""
    return {
        dict(message_fields(glyph))[1]
        for _, stack in message_fields(pbf)
        for field, glyph in message_fields(stack)
        if field == 3
    }


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def message_fields(data: bytes) -> Iterable[tuple[int, int | bytes]]:
    """(field number, value) of a protocol buffer message: varints and byte strings,
    as MapLibre's glyph ranges hold them."""
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        if key & 7 == 0:
            value, at = _varint(data, at)
            yield key >> 3, value
        elif key & 7 == 2:
            length, at = _varint(data, at)
            yield key >> 3, data[at : at + length]
            at += length
        else:
            raise ValueError(f"unexpected wire type {key & 7} in a glyph range")


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, value: int | bytes) -> bytes:
    if isinstance(value, int):
        return _encode_varint(number << 3) + _encode_varint(value)
    return _encode_varint(number << 3 | 2) + _encode_varint(len(value)) + value
