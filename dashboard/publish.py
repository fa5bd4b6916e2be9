"""`frontline publish`: a pack's reader as a folder of files any static host serves.

The folder holds `index.html` (the full reader), `embed.html` (the map for an iframe),
`embed.txt` (the snippet a newsroom pastes), the hashed scripts, data and glyphs the
pages load, and the licences and credits that must travel with them. It works from a
plain static server and opened from disk (`file://`). Nothing is written into a folder
that holds anything unless asked (`force`), and then only files of a site are replaced.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from dashboard.pack.paths import assets_dir
from dashboard.project import Project
from dashboard.reader.bundle import GLYPHS, VENDOR, build_site
from dashboard.reader.pages import embed_snippet, page_html

# Files a site writes besides its hashed ones: replaced by a forced publish.
PAGES = ("index.html", "embed.html", "embed.txt", "LICENSES.txt")
HASHED = re.compile(r"^(reader|data|glyphs)/[^/]+\.[0-9a-f]{10}\.(js|css)$")


class PublishError(ValueError):
    """The site cannot be written where asked; says why."""


def site_files(
    project: Project, languages: Iterable[str] | None = None, url: str = ""
) -> dict[str, bytes]:
    """Relative path -> bytes of every file of the site."""
    codes = _languages(project, languages)
    site = build_site(project, codes)
    files = dict(site.files)
    files["index.html"] = page_html(project, site, "page").encode()
    files["embed.html"] = page_html(project, site, "embed").encode()
    files["embed.txt"] = embed_snippet(project, url).encode()
    files["LICENSES.txt"] = _licences(project).encode()
    return files


def publish(
    project: Project,
    out: Path,
    languages: Iterable[str] | None = None,
    url: str = "",
    force: bool = False,
) -> list[str]:
    """Write the site into `out` (made if missing); returns the paths written.

    Raises `PublishError` when `out` holds anything and `force` is off. With `force`,
    the files of an earlier site there (its pages and hashed files) are replaced and
    anything else in the folder is left alone."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise PublishError(f"{out} is not empty; choose an empty folder or pass --force")
    files = site_files(project, languages, url)
    if force and out.is_dir():
        for old in _old_site_files(out):
            if old not in files:
                (out / old).unlink()
    for path, body in sorted(files.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()  # never write through a link into another folder
        target.write_bytes(body)
    return sorted(files)


def site_zip(project: Project, languages: Iterable[str] | None = None, url: str = "") -> bytes:
    """The site as one zip (the app's "Publish" download), in a folder named after the pack."""
    folder = re.sub(r"[^a-z0-9_-]+", "-", project.paths.root.name.lower()).strip("-") or "map"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, body in sorted(site_files(project, languages, url).items()):
            info = zipfile.ZipInfo(f"frontline-{folder}/{path}", date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, body)
    return buffer.getvalue()


def _languages(project: Project, languages: Iterable[str] | None) -> list[str]:
    offered = [language.code for language in project.config.languages]
    if languages is None:
        return offered
    codes = [code.strip() for code in languages if code.strip()]
    unknown = [code for code in codes if code not in offered]
    if unknown or not codes:
        raise PublishError(
            f"unknown language(s) {', '.join(unknown) or '(none given)'}; "
            f"this pack has {', '.join(offered)}"
        )
    # The pack's primary language first when it is published: it is the page's default.
    return sorted(dict.fromkeys(codes), key=lambda code: offered.index(code))


def _old_site_files(out: Path) -> list[str]:
    found = []
    for path in out.rglob("*"):
        relative = path.relative_to(out).as_posix()
        if path.is_file() and (relative in PAGES or HASHED.match(relative)):
            found.append(relative)
    return found


def _licences(project: Project) -> str:
    """Who to credit for what the site carries: the pack's credits, and the licences of
    the map library, the text plugin and the fonts, in full."""
    config = project.config
    parts = [
        "Credits of the data in this site",
        "",
        config.attribution.boundaries,
        config.attribution.places,
        config.attribution.control,
        "",
    ]
    pack_licence = project.paths.root / "LICENSE.md"
    if pack_licence.is_file():
        parts += [pack_licence.read_text(encoding="utf-8"), ""]
    assets = Path(assets_dir())
    vendor = assets / VENDOR
    for name in ("maplibre-gl.LICENSE.txt", "mapbox-gl-rtl-text.LICENSE.md"):
        parts += [f"--- {name.split('.')[0]} ---", (vendor / name).read_text(encoding="utf-8"), ""]
    for licence in sorted((assets / GLYPHS).glob("*/OFL-*.txt")):
        parts += [f"--- {licence.stem} (glyphs) ---", licence.read_text(encoding="utf-8"), ""]
    return "\n".join(parts)
