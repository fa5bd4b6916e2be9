"""The pages around the reader: the full page, the embed, and the snippet that embeds it.

Only the pack's title and standfirst are written into the HTML (escaped), so the page
says what it is before the scripts run; the reader builds the rest as text nodes.
"""

from __future__ import annotations

import html
import json

from dashboard.i18n import pack_translator
from dashboard.project import Project
from dashboard.reader.bundle import ReaderSite

MODES = ("page", "embed", "app")


def settings_json(site: ReaderSite, mode: str, base: str, **extra: object) -> str:
    """The `#frontline-page` settings as a script-safe JSON text."""
    settings = {**site.settings, "mode": mode, "base": base, **extra}
    return json.dumps(settings, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def head_tags(site: ReaderSite, base: str, lang: str | None) -> str:
    """Style sheet, the first data and the deferred scripts, in order. With `lang` (the
    app, which knows the page's language) its tables load at once; a static page picks
    them from its address (`?lang=`) with a one-line script, so no reader downloads a
    language it does not read."""
    files = site.settings["files"]
    tags = [
        f'<link rel="stylesheet" href="{html.escape(base + site.style)}">',
        f'<link rel="preload" as="script" href="{html.escape(base + files["geo"])}">',
    ]
    if lang is not None:
        tags.append(f'<script async src="{html.escape(base + files["tables"][lang])}"></script>')
    else:
        tables = {code: base + path for code, path in files["tables"].items()}
        primary = next(iter(tables))
        tags.append(
            "<script>(function(){var t="
            + json.dumps(tables).replace("</", "<\\/")
            + ',l=new URLSearchParams(location.search).get("lang"),'
            + 's=document.createElement("script");'
            + f's.src=t[l]||t["{primary}"];s.async=true;document.head.appendChild(s);}})();'
            + "</script>"
        )
    tags += [f'<script defer src="{html.escape(base + path)}"></script>' for path in site.scripts]
    return "\n".join(tags)


def root_div(project: Project, lang: str) -> str:
    """The reader's root with the headline and standfirst, shown until the reader runs."""
    config = project.config
    tr = pack_translator(config, lang)
    headline = (
        config.text(config.headline, tr.lang) if config.headline else config.title_in(tr.lang)
    )
    standfirst = config.text(config.standfirst, tr.lang) if config.standfirst else ""
    return (
        '<div id="frontline" class="fl-reader">'
        f'<header class="fl-header"><h1 class="fl-headline">{html.escape(headline)}</h1>'
        f'<p class="fl-standfirst">{html.escape(standfirst)}</p></header>'
        f'<p class="fl-loading">{html.escape(tr("Loading the map…"))}</p>'
        f"<noscript><p>{html.escape(tr('This map needs JavaScript.'))}</p></noscript>"
        "</div>"
    )


def page_html(project: Project, site: ReaderSite, mode: str = "page") -> str:
    """`index.html` (mode "page") or `embed.html` ("embed") of a published site, in the
    pack's primary language; `?lang=` picks another language the site carries."""
    if mode not in ("page", "embed"):
        raise ValueError(f"unknown page mode {mode!r}")
    lang = next(iter(site.settings["files"]["tables"]))
    language = next(x for x in project.config.languages if x.code == lang)
    config = project.config
    headline = config.text(config.headline, lang) if config.headline else config.title_in(lang)
    description = config.text(config.standfirst, lang) if config.standfirst else headline
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}" dir="{language.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>{html.escape(headline)}</title>
<meta name="description" content="{html.escape(description)}">
{head_tags(site, "", None)}
</head>
<body class="fl-{mode}">
{root_div(project, lang)}
<script type="application/json" id="frontline-page">{settings_json(site, mode, "")}</script>
</body>
</html>
"""


# The host page's part: fit the iframe's height to what the embed reports, for this
# iframe only (the message must come from its window).
EMBED_SCRIPT = (
    "(function(){var f=document.currentScript.previousElementSibling;"
    "window.addEventListener('message',function(e){var d=e.data;"
    "if(e.source===f.contentWindow&&d&&d.frontline==='height'&&d.height>0)"
    "{f.style.height=Math.ceil(d.height)+'px';}});})();"
)


def embed_snippet(project: Project, url: str = "", lang: str | None = None) -> str:
    """What a newsroom pastes into an article: an iframe of `embed.html` (at `url`, a
    folder's address; without it, relative to the host page) and the few lines of
    script that keep the iframe as tall as its content at any width."""
    config = project.config
    lang = lang or config.primary_language
    title = config.text(config.headline, lang) if config.headline else config.title_in(lang)
    source = (url.rstrip("/") + "/" if url else "") + "embed.html"
    if lang != config.primary_language:
        source += f"?lang={lang}"
    return (
        f'<iframe src="{html.escape(source)}" title="{html.escape(title)}" '
        'style="width:100%;height:640px;border:0" loading="lazy" scrolling="no" '
        'allow="fullscreen"></iframe>\n'
        f"<script>{EMBED_SCRIPT}</script>\n"
    )
