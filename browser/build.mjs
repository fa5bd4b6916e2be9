// Rebuilds the browser assets from the packages pinned in package-lock.json:
//   ../assets/vendor/  the reader bundle and its style sheet (src/reader/), MapLibre, the
//                      MapLibre RTL text plugin, their licences, a gzip and a brotli copy
//                      of each, and manifest.json naming them
//   ../assets/glyphs/  the map's glyph ranges (glyphs.mjs), also with gzip and brotli copies
// Run through scripts/build_browser_assets.sh. The same lock file gives the same bytes.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';
import { buildGlyphs } from './glyphs.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const nodeModules = join(here, 'node_modules');
const assets = join(here, '..', 'assets');
const vendor = join(assets, 'vendor');
const glyphs = join(assets, 'glyphs');

const packageJson = name => JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8'));
const hashed = (stem, ext, bytes) =>
    `${stem}.${createHash('sha256').update(bytes).digest('hex').slice(0, 10)}.${ext}`;

// The reader: one bundle of browser/src/reader/ (the schema Python writes is bundled
// with it), and its style sheet.
async function bundleReader() {
    const result = await esbuild.build({
        entryPoints: [join(here, 'src', 'reader', 'index.js')],
        bundle: true,
        write: false,
        format: 'iife',
        minify: true,
        target: 'es2020',
        legalComments: 'none',
        banner: { js: '/*! Frontline Map reader | MIT */' },
        logLevel: 'warning',
    });
    const bytes = result.outputFiles[0].contents;
    const name = hashed('reader', 'js', bytes);
    writeFileSync(join(vendor, name), bytes);
    const css = await esbuild.build({
        entryPoints: [join(here, 'src', 'reader', 'reader.css')],
        bundle: true,
        write: false,
        minify: true,
        logLevel: 'warning',
    });
    const cssBytes = css.outputFiles[0].contents;
    const cssName = hashed('reader', 'css', cssBytes);
    writeFileSync(join(vendor, cssName), cssBytes);
    return { name, cssName };
}

// MapLibre as its authors build it (the UMD bundle with its worker inside), unchanged.
function copyMaplibre() {
    const folder = join(nodeModules, 'maplibre-gl');
    const { version } = packageJson('maplibre-gl');
    const bytes = readFileSync(join(folder, 'dist', 'maplibre-gl.js'));
    const name = hashed(`maplibre-gl-${version}`, 'js', bytes);
    writeFileSync(join(vendor, name), bytes);
    copyFileSync(join(folder, 'LICENSE.txt'), join(vendor, 'maplibre-gl.LICENSE.txt'));
    return { name, version };
}

function copyRtlPlugin() {
    const folder = join(nodeModules, '@mapbox', 'mapbox-gl-rtl-text');
    const { version } = packageJson('@mapbox/mapbox-gl-rtl-text');
    const bytes = readFileSync(join(folder, 'dist', 'mapbox-gl-rtl-text.js'));
    const name = hashed(`mapbox-gl-rtl-text-${version}`, 'js', bytes);
    writeFileSync(join(vendor, name), bytes);
    copyFileSync(join(folder, 'LICENSE.md'), join(vendor, 'mapbox-gl-rtl-text.LICENSE.md'));
    return { name, version };
}

function copyFontLicences() {
    const folder = join(glyphs, 'Noto Sans Regular');
    for (const [pkg, target] of [
        ['noto-sans', 'OFL-NotoSans.txt'],
        ['noto-sans-arabic', 'OFL-NotoSansArabic.txt'],
    ]) {
        copyFileSync(join(nodeModules, '@expo-google-fonts', pkg, 'LICENSE_FONT'), join(folder, target));
    }
}

// gzip and brotli at their best settings; both are deterministic for the same input.
function precompress(file) {
    const bytes = readFileSync(file);
    writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
    const params = {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    };
    writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, { params }));
}

rmSync(vendor, { recursive: true, force: true });
rmSync(glyphs, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
const reader = await bundleReader();
const maplibre = copyMaplibre();
const rtl = copyRtlPlugin();
for (const name of [reader.name, reader.cssName, maplibre.name, rtl.name]) precompress(join(vendor, name));
const manifest = {
    reader: reader.name,
    reader_css: reader.cssName,
    maplibre: maplibre.name,
    maplibre_version: maplibre.version,
    rtl_text_plugin: rtl.name,
    rtl_text_plugin_version: rtl.version,
};
writeFileSync(join(vendor, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
for (const file of buildGlyphs(nodeModules, glyphs)) precompress(file);
copyFontLicences();
console.log(`built ${reader.name}, ${reader.cssName}, ${maplibre.name}, ${rtl.name} and the glyphs`);
