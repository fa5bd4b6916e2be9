// MapLibre glyph ranges for one font stack, "Noto Sans Regular", made from two fonts:
// Noto Sans for Latin and punctuation, Noto Sans Arabic for Arabic and the Arabic
// presentation forms the right-to-left text plugin shapes words into.
//
// MapLibre draws text from signed distance fields (SDF) of 24 px glyphs with a 3 px
// border, 192 on the outline and 32 steps a pixel (the values its shaders expect),
// delivered as protocol-buffer files of 256 code points each. This computes each field
// exactly from the glyph's outline (distance to the flattened contour, inside by the
// non-zero rule), so the output depends only on the pinned fonts and this file.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import opentype from 'opentype.js';

export const FONTSTACK = 'Noto Sans Regular';

// First code point of each 256-wide range to build: Latin-1, Latin Extended-A and B,
// Arabic, Arabic Supplement, Latin Extended Additional (the ʾ ʿ and ḥ ṣ ṭ of transliterated
// Arabic names are in these Latin ranges), general punctuation (dashes, quotes, primes),
// and the Arabic presentation forms A and B.
export const RANGE_STARTS = [0, 256, 512, 1536, 1792, 7680, 8192, 64256, 64512, 64768, 65024];

const FONTS = [
    '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
    '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
];

const SIZE = 24; // px a em
const BORDER = 3; // px of field around each glyph
const RADIUS = 8; // px of distance the 8-bit field spans
const CUTOFF = 0.25; // share of the range kept for the inside: the edge lands on 192
const CURVE_STEP = 0.5; // px: curves are flattened into chords about this long

/** Write `<start>-<end>.pbf` for every range into `<outDir>/<FONTSTACK>/`; returns the files. */
export function buildGlyphs(nodeModules, outDir) {
    const fonts = FONTS.map(path => {
        const bytes = readFileSync(join(nodeModules, path));
        return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    });
    // One baseline for both scripts: FreeType's rounded-up ascender of the first font.
    const ascender = Math.ceil((fonts[0].ascender * SIZE) / fonts[0].unitsPerEm);
    const folder = join(outDir, FONTSTACK);
    mkdirSync(folder, { recursive: true });
    const written = [];
    for (const start of RANGE_STARTS) {
        const range = `${start}-${start + 255}`;
        const glyphs = [];
        for (let code = start; code <= start + 255; code++) {
            const font = fonts.find(f => f.tables.cmap.glyphIndexMap[code] !== undefined);
            if (font) glyphs.push(renderGlyph(font, font.tables.cmap.glyphIndexMap[code], code, ascender));
        }
        const file = join(folder, `${range}.pbf`);
        writeFileSync(file, encodeGlyphs(FONTSTACK, range, glyphs));
        written.push(file);
    }
    return written;
}

function renderGlyph(font, index, code, ascender) {
    const glyph = font.glyphs.get(index);
    const scale = SIZE / font.unitsPerEm;
    const advance = Math.round(glyph.advanceWidth * scale);
    const segments = flatten(glyph.path.commands, scale);
    if (segments.length === 0) return { id: code, width: 0, height: 0, left: 0, top: -ascender, advance };
    let [xMin, yMin, xMax, yMax] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < segments.length; i += 2) {
        xMin = Math.min(xMin, segments[i]);
        xMax = Math.max(xMax, segments[i]);
        yMin = Math.min(yMin, segments[i + 1]);
        yMax = Math.max(yMax, segments[i + 1]);
    }
    [xMin, yMin, xMax, yMax] = [xMin, yMin, xMax, yMax].map(Math.round);
    const width = xMax - xMin;
    const height = yMax - yMin;
    if (width === 0 || height === 0) return { id: code, width: 0, height: 0, left: 0, top: -ascender, advance };
    const bitmap = field(segments, xMin - BORDER, yMin - BORDER, width + 2 * BORDER, height + 2 * BORDER);
    return { id: code, bitmap, width, height, left: xMin, top: yMax - ascender, advance };
}

// The outline as a flat list of chords [x0, y0, x1, y1, ...] in pixels, y up.
function flatten(commands, scale) {
    const chords = [];
    let [x, y, startX, startY] = [0, 0, 0, 0];
    const lineTo = (nx, ny) => {
        if (nx !== x || ny !== y) chords.push(x, y, nx, ny);
        [x, y] = [nx, ny];
    };
    const curveTo = (point, length) => {
        const steps = Math.max(1, Math.ceil(length / CURVE_STEP));
        for (let i = 1; i <= steps; i++) lineTo(...point(i / steps));
    };
    for (const c of commands) {
        const [cx, cy, c1x, c1y, c2x, c2y] = [c.x, c.y, c.x1, c.y1, c.x2, c.y2].map(v => v * scale);
        if (c.type === 'M') {
            lineTo(startX, startY);
            [x, y, startX, startY] = [cx, cy, cx, cy];
        } else if (c.type === 'L') {
            lineTo(cx, cy);
        } else if (c.type === 'Q') {
            const [x0, y0] = [x, y];
            const length = Math.hypot(c1x - x0, c1y - y0) + Math.hypot(cx - c1x, cy - c1y);
            curveTo(t => {
                const [a, b, d] = [(1 - t) ** 2, 2 * t * (1 - t), t * t];
                return [a * x0 + b * c1x + d * cx, a * y0 + b * c1y + d * cy];
            }, length);
        } else if (c.type === 'C') {
            const [x0, y0] = [x, y];
            const length =
                Math.hypot(c1x - x0, c1y - y0) + Math.hypot(c2x - c1x, c2y - c1y) + Math.hypot(cx - c2x, cy - c2y);
            curveTo(t => {
                const s = 1 - t;
                const [a, b, d, e] = [s ** 3, 3 * t * s * s, 3 * t * t * s, t ** 3];
                return [a * x0 + b * c1x + d * c2x + e * cx, a * y0 + b * c1y + d * c2y + e * cy];
            }, length);
        } else if (c.type === 'Z') {
            lineTo(startX, startY);
        }
    }
    lineTo(startX, startY);
    return Float64Array.from(chords);
}

// The 8-bit field of a w x h box whose lower left corner is (x0, y0), rows from the top.
function field(chords, x0, y0, w, h) {
    const bitmap = new Uint8Array(w * h);
    const maxSquared = RADIUS * RADIUS;
    for (let row = 0; row < h; row++) {
        const py = y0 + h - row - 0.5;
        for (let col = 0; col < w; col++) {
            const px = x0 + col + 0.5;
            let nearest = maxSquared;
            let winding = 0;
            for (let i = 0; i < chords.length; i += 4) {
                const ax = chords[i];
                const ay = chords[i + 1];
                const dx = chords[i + 2] - ax;
                const dy = chords[i + 3] - ay;
                const t = Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
                nearest = Math.min(nearest, (ax + t * dx - px) ** 2 + (ay + t * dy - py) ** 2);
                if (ay <= py !== ay + dy <= py && ax + ((py - ay) * dx) / dy > px) {
                    winding += dy > 0 ? 1 : -1;
                }
            }
            const distance = Math.sqrt(nearest) * (winding === 0 ? 1 : -1);
            const value = Math.trunc((distance / RADIUS + CUTOFF) * 256);
            bitmap[row * w + col] = 255 - Math.min(255, Math.max(0, value));
        }
    }
    return bitmap;
}

// Protocol buffers, just what the glyph format needs: varints, zigzag and length prefixes.
function varint(value) {
    const bytes = [];
    while (value > 0x7f) {
        bytes.push((value & 0x7f) | 0x80);
        value >>>= 7;
    }
    bytes.push(value);
    return Buffer.from(bytes);
}

const zigzag = value => (value << 1) ^ (value >> 31);
const numberField = (tag, value) => Buffer.concat([varint(tag << 3), varint(value >>> 0)]);
const bytesField = (tag, bytes) => Buffer.concat([varint((tag << 3) | 2), varint(bytes.length), Buffer.from(bytes)]);

function encodeGlyphs(name, range, glyphs) {
    const encoded = glyphs.map(g =>
        bytesField(
            3,
            Buffer.concat([
                numberField(1, g.id),
                ...(g.bitmap ? [bytesField(2, g.bitmap)] : []),
                numberField(3, g.width),
                numberField(4, g.height),
                numberField(5, zigzag(g.left)),
                numberField(6, zigzag(g.top)),
                numberField(7, g.advance),
            ])
        )
    );
    const stack = Buffer.concat([bytesField(1, Buffer.from(name)), bytesField(2, Buffer.from(range)), ...encoded]);
    return bytesField(1, stack);
}
