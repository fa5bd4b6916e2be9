// Rebuilds the app's browser assets from the packages pinned in package-lock.json:
//   ../assets/vendor/  the plotly.js bundle, the MapLibre RTL text plugin, their licences,
//                      a gzip and a brotli copy of each script, and manifest.json naming them
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

// maplibre-gl.css (which plotly's map requires) goes into the page as a <style>, as in
// plotly.js's own bundles, so the bundle stays one file.
const inlineCss = {
    name: 'inline-css',
    setup(build) {
        build.onLoad({ filter: /\.css$/ }, async args => {
            const { code } = await esbuild.transform(readFileSync(args.path, 'utf8'), {
                loader: 'css',
                minify: true,
            });
            const js = `const style = document.createElement('style');
style.textContent = ${JSON.stringify(code.trim())};
document.head.appendChild(style);`;
            return { contents: js, loader: 'js' };
        });
    },
};

async function bundlePlotly() {
    const { version } = packageJson('plotly.js');
    const result = await esbuild.build({
        entryPoints: [join(here, 'src', 'plotly-frontline.js')],
        bundle: true,
        write: false,
        metafile: true,
        format: 'iife',
        globalName: 'Plotly',
        minify: true,
        // The settings of plotly.js's own build (its esbuild-config.js).
        target: 'es2016',
        define: { global: 'window', 'define.amd': 'false' },
        banner: { js: `/*! plotly.js v${version} (core, choroplethmap, scattermap) | MIT */` },
        plugins: [inlineCss],
        logLevel: 'warning',
    });
    const bytes = result.outputFiles[0].contents;
    const name = hashed(`plotly-${version}-frontline`, 'min.js', bytes);
    writeFileSync(join(vendor, name), bytes);
    writeFileSync(join(vendor, 'plotly-frontline.LICENSES.txt'), licences(result.metafile));
    return { name, version };
}

// Every package whose code is in the bundle, with its licence text.
function licences(metafile) {
    const packages = new Set();
    for (const input of Object.keys(metafile.inputs)) {
        const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g);
        if (match) packages.add(match.at(-1).slice('node_modules/'.length, -1));
    }
    return [...packages]
        .sort()
        .map(name => {
            const meta = packageJson(name);
            return `${name} ${meta.version} (${meta.license})\n\n${licenceText(join(nodeModules, name))}`;
        })
        .join(`\n${'-'.repeat(72)}\n\n`);
}

function licenceText(folder) {
    for (const file of ['LICENSE', 'LICENSE.txt', 'LICENSE.md', 'LICENCE', 'license', 'license.md']) {
        try {
            return readFileSync(join(folder, file), 'utf8').trim() + '\n';
        } catch {
            // try the next spelling
        }
    }
    return '(no licence file in the package; see its package.json)\n';
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
const plotly = await bundlePlotly();
const rtl = copyRtlPlugin();
for (const name of [plotly.name, rtl.name]) precompress(join(vendor, name));
const manifest = {
    plotly: plotly.name,
    plotly_version: plotly.version,
    rtl_text_plugin: rtl.name,
    rtl_text_plugin_version: rtl.version,
};
writeFileSync(join(vendor, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
for (const file of buildGlyphs(nodeModules, glyphs)) precompress(file);
copyFontLicences();
console.log(`built ${plotly.name}, ${rtl.name} and the glyphs`);
