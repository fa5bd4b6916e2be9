"""Text from packs and uploads shows as text: markup in any field never runs, loads or links.

A pack with a payload in every shown text field (see hostile_pack.py) is published and
served by the app, and read in the real browser: headline, legend, key events, changes,
card, tooltip, credits, the language switch, then its SVG export; then an uploaded events
file carries the payloads instead. After each step the page must hold no script but the
site's or the app's own, no event-handler attribute, no link but web links and the
page's own, and the payloads must read literally.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import serve_wsgi, static_host
from fictional_pack import write_pack
from hostile_pack import (
    BOLD,
    CLOSE_TITLE,
    HOSTILE_URL,
    PAYLOADS,
    hostile_events_csv,
    write_hostile_pack,
)
from reader import (
    console_problems,
    hover_place,
    open_reader,
    open_tools,
    painted,
    town_name,
    until,
)
from selenium.webdriver.common.by import By

from dashboard.geo.build import build_pack_layers
from dashboard.project import Project, load_project, with_events
from dashboard.publish import publish
from dashboard.records import GivenFile, RecordError
from dashboard.web import create_app

UPLOAD_INPUT = "#events-upload input[type=file]"
TOWN = "vado"  # changes hands on 4 March: a history with sources and notes
CHANGE_DAY = "2023-03-04"

# Everything about the page that markup from data could add, read in one pass.
PAGE_FACTS = """
const facts = {xss: typeof window.__xss, scripts: [], handlers: [], links: [], tags: []};
for (const s of document.querySelectorAll('script')) {
  facts.scripts.push({src: s.getAttribute('src'), id: s.id, type: s.type,
                      text: s.src ? '' : s.textContent.trim().slice(0, 200)});
}
for (const el of document.querySelectorAll('*')) {
  for (const attr of el.attributes) {
    const name = attr.name.toLowerCase();
    if (name.startsWith('on')) facts.handlers.push(el.tagName + ' ' + name + '=' + attr.value);
    if (['href', 'xlink:href', 'src', 'action', 'formaction', 'data', 'srcdoc'].includes(name)) {
      facts.links.push({tag: el.tagName.toLowerCase(), attr: name, value: attr.value});
    }
  }
}
const foreign = 'img, iframe, object, embed, b, i, form, base, svg svg, meta[http-equiv=refresh]';
for (const el of document.querySelectorAll(foreign)) facts.tags.push(el.outerHTML.slice(0, 200));
return facts;
"""
# Where the page's own scripts and style sheets come from, published and in the app.
OWN_FILES = {
    "site": ("reader/", "data/", "glyphs/", "./data/", "./glyphs/"),
    "app": ("/site/", "/assets/", "/_dash-component-suites/", "/_dash-", "/_favicon.ico"),
}
DASH_INLINE = "var renderer = new DashRenderer();"


def assert_inert(page, where: str) -> None:
    """No payload ran or became markup anywhere in the document."""
    facts = page.execute_script(PAGE_FACTS)
    assert facts["xss"] == "undefined"
    own = OWN_FILES[where]
    for script in facts["scripts"]:
        if script["src"] is not None:
            assert script["src"].startswith(own), script
        elif script["type"] == "application/json":
            assert script["id"] in ("frontline-page", "_dash-config"), script
        elif where == "site":
            # The published page's one inline script: it picks the tables of ?lang=.
            assert script["text"].startswith("(function(){var t={"), script
            assert "xss" not in script["text"] and "<" not in script["text"], script
        else:
            assert script["text"] == DASH_INLINE, script
    assert facts["handlers"] == []
    assert facts["tags"] == []
    for link in facts["links"]:
        value = link["value"]
        if link["tag"] == "a":
            # Web links, the language switch (?lang=) and the app's template.
            assert value.startswith(("http://", "https://", "?")) or value == "record.csv", link
        elif link["tag"] in ("script", "link"):
            assert value.startswith(own) or value == "data:,", link
        else:
            raise AssertionError(f"a link where none belongs: {link}")


def card_texts(project: Project, town_id: str) -> list[str]:
    """Every text the card shows from the data, as the data holds it."""
    record, config = project.record, project.config
    texts = [*record.towns[town_id].names.values()]
    for event in project.timeline.history(town_id):
        texts += [event.description, f"Date note: {event.date_note}", event.review_note]
        texts += [config.label(s, "es", event.date) for s in (event.from_side, event.to_side) if s]
        for source_id in event.source_ids:
            texts += [record.sources[source_id].publisher, record.sources[source_id].title]
    return [text for text in texts if text and text != "Date note: "]


def card_text(page) -> str:
    return page.execute_script("return document.querySelector('.fl-card').textContent")


def assert_card_literal(page, project: Project, town_id: str) -> None:
    text = card_text(page)
    for expected in card_texts(project, town_id):
        assert expected in text
    card = page.find_element(By.CSS_SELECTOR, ".fl-card")
    tags = page.execute_script(
        "return [...arguments[0].querySelectorAll('*')].map(e => e.tagName.toLowerCase());", card
    )
    assert set(tags) <= {"section", "button", "div", "h3", "h4", "p", "span", "ol", "ul", "li", "a"}
    for link in card.find_elements(By.CSS_SELECTOR, "a"):
        assert link.get_attribute("href").startswith("https://example.org/news?")


def text_of(page, selector: str) -> str:
    return page.execute_script("return document.querySelector(arguments[0]).textContent", selector)


def tooltip(page) -> str:
    """The map's hover label as read: text only, no element."""
    return page.execute_script(
        "const tip = document.querySelector('.fl-tooltip');"
        "return tip && !tip.hidden && tip.children.length === 0 ? tip.textContent : '';"
    )


def go_to(page, iso: str) -> None:
    assert page.execute_script("return window.frontline.setDate(arguments[0])", iso)
    until(lambda: page.execute_script("return window.frontline.date()") == iso)


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    paths = write_hostile_pack(tmp_path_factory.mktemp("hostile") / "arcadia")
    build_pack_layers(paths)
    return load_project(paths)


@pytest.fixture(scope="module")
def hostile_urls(hostile_project: Project, tmp_path_factory) -> Iterator[dict[str, str]]:
    """The hostile pack published to a folder on a static host, and served by the app."""
    folder = tmp_path_factory.mktemp("hostile-site") / "arcadia"
    publish(hostile_project, folder)
    site, process = static_host(folder)
    app, server = serve_wsgi(create_app(project=hostile_project))
    yield {"site": f"{site}/index.html", "app": f"{app}/"}
    server.shutdown()
    process.terminate()
    process.wait(10)


def test_the_hostile_pack_is_valid_and_carries_every_payload(hostile_project):
    config, record = hostile_project.config, hostile_project.record
    texts = [config.title, config.attribution.short]
    texts += [*config.headline.values(), *config.standfirst.values()]
    texts += [config.label(s.id) for s in config.all_states]
    texts += [config.short_label(s.id) for s in config.all_states]
    texts += [text for event in config.key_events for text in event.label.values()]
    texts += [name for town in record.towns.values() for name in town.names.values()]
    texts += [event.description for event in record.events]
    texts += [s.publisher for s in record.sources.values()]
    texts += [s.title for s in record.sources.values()]
    for payload in PAYLOADS:
        assert any(payload in text for text in texts), payload
    assert {s.url for s in record.sources.values()} == {HOSTILE_URL}
    for shown in (config.headline["es"], config.short_label("rojo", "es")):
        assert any(payload in shown for payload in PAYLOADS), shown
    assert CLOSE_TITLE in config.title and CLOSE_TITLE in config.headline["es"]
    assert '"' in record.towns[TOWN].name  # the hover label must keep quotes too


def test_a_javascript_source_url_is_refused(tmp_path: Path):
    paths = write_hostile_pack(tmp_path / "arcadia")
    build_pack_layers(paths)
    header, *rows = list(csv.reader(io.StringIO(paths.sources.read_text("utf-8"))))
    rows[1][header.index("url")] = "javascript:window.__xss=9"
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    paths.sources.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_project(paths)
    problems = caught.value.problems
    assert [(Path(p.file).name, p.row, p.column) for p in problems] == [("sources.csv", 3, "url")]
    assert "is not an http(s) link" in problems[0].message


@pytest.mark.parametrize("where", ["site", "app"])
def test_every_text_of_a_hostile_pack_shows_as_text(page, hostile_project, hostile_urls, where):
    project = hostile_project
    config = project.config
    open_reader(page, f"{hostile_urls[where]}?date={CHANGE_DAY}&town={TOWN}")
    town = project.record.towns[TOWN]
    until(lambda: town_name(page) == town.name, what="the card")
    assert_inert(page, where)

    # The title, headline and standfirst, literally.
    headline, standfirst = config.headline["es"], config.standfirst["es"]
    assert page.title == (headline if where == "site" else config.title_in("es"))
    assert text_of(page, ".fl-headline") == headline
    assert text_of(page, ".fl-standfirst") == standfirst
    day = dt.date.fromisoformat(CHANGE_DAY)
    legend = text_of(page, ".fl-legend")
    for side in ("azul", "rojo"):
        assert config.short_label(side, "es", day) in legend
    credits = text_of(page, ".fl-credits") + text_of(page, ".fl-credit-line")
    for credit in (config.attribution.boundaries, config.attribution.places):
        assert credit in credits
    assert config.attribution.control in credits and config.attribution.short in credits
    key_events = [
        e.get_attribute("aria-label") for e in page.find_elements(By.CSS_SELECTOR, ".fl-key-event")
    ]
    assert any(config.key_events[0].label["es"] in label for label in key_events)
    languages = text_of(page, ".fl-languages")
    assert all(language.name in languages for language in config.languages)
    # The search offers every place by its name, as text.
    offered = page.execute_script(
        "return [...document.querySelectorAll('#fl-places option')].map(o => o.value);"
    )
    assert sorted(offered) == sorted(t.name for t in project.record.towns.values())

    # The card, and the day's changes with the holders' names.
    assert_card_literal(page, project, TOWN)
    assert BOLD in card_text(page)
    holder = config.label("rojo", "es", day)
    assert holder in text_of(page, ".fl-holder")
    assert town.name in text_of(page, ".fl-changes")
    assert config.short_label("rojo", "es", day) in text_of(page, ".fl-changes")
    change = page.find_element(By.CSS_SELECTOR, ".fl-place-link").get_attribute("title")
    assert change == f"{town.name}: {config.label('azul', 'es', day)} → {holder}"
    assert_inert(page, where)

    # The hover label names the place and its holder, as text.
    hover_place(page, town.lon, town.lat)
    until(lambda: tooltip(page), what="the hover label")
    assert tooltip(page) == f"{town.name}: {holder}"
    # Away from the dots, the area's own name and unit (from the boundary file).
    hover_place(page, 21.5, 41.6)
    unit = config.boundaries.unit["es"]
    until(lambda: unit in tooltip(page), what="an area's hover label")
    assert "Norte Dos" in tooltip(page)
    area_names = [
        feature["properties"]["unit_names"]["es"] for feature in project.layers.areas["features"]
    ]
    assert any(f"{name} {unit}" in tooltip(page) for name in area_names if "Norte Dos" in name)
    assert_inert(page, where)

    # Other days: the card follows the day and stays text; a relabelled side reads literally.
    go_to(page, "2023-03-03")
    until(lambda: config.label("azul", "es", day) in text_of(page, ".fl-holder"))
    assert_card_literal(page, project, TOWN)
    assert_inert(page, where)
    go_to(page, "2023-03-06")
    relabelled = config.label("rojo", "es", dt.date(2023, 3, 6))
    assert relabelled != holder
    until(lambda: relabelled in text_of(page, ".fl-holder"))
    assert config.short_label("disputado", "es") in text_of(page, ".fl-legend")
    assert_inert(page, where)
    assert console_problems(page) == []


def assert_inert_svg(text: str, headline: str) -> None:
    """No script, handler, foreign HTML or non-web link; the headline reads literally."""
    root = ElementTree.fromstring(text)
    words = []
    for element in root.iter():
        tag = element.tag.rpartition("}")[2].lower()
        assert tag not in ("script", "foreignobject", "iframe", "img", "b", "a"), tag
        for name, value in element.attrib.items():
            name = name.rpartition("}")[2].lower()
            assert not name.startswith("on"), (tag, name, value)
            if name == "href":
                assert value.startswith(("#", "data:image/png;base64,")), (tag, value[:80])
        words.append(element.text or "")
    # A long headline is wrapped: its lines are joined with a space where the break was.
    shown = " ".join(" ".join(words).split())
    assert " ".join(headline.split()) in shown


def test_the_svg_export_of_a_hostile_pack_is_inert(page, hostile_project, hostile_urls, downloads):
    open_reader(page, f"{hostile_urls['app']}?date=2023-03-05")
    open_tools(page)
    page.find_element(By.CSS_SELECTOR, "#export-format input[value=svg]").click()
    # The file's name is the app's: pack folder and date, nothing from the data.
    svg = downloads / "frontline-map-arcadia-2023-03-05-slide.svg"
    svg.unlink(missing_ok=True)
    page.find_element(By.CSS_SELECTOR, "#export-button").click()
    deadline = time.monotonic() + 90
    while not svg.exists() and time.monotonic() < deadline:
        time.sleep(0.25)
    status = page.find_element(By.CSS_SELECTOR, "#export-status")
    until(lambda: status.text == f"Downloaded {svg.name}", what="the status line")
    assert_inert_svg(svg.read_text("utf-8"), hostile_project.config.headline["es"])
    assert_inert(page, "app")
    assert console_problems(page) == []


def test_an_uploaded_file_shows_its_texts_as_text(
    page, hostile_project, hostile_urls, tmp_path: Path
):
    open_reader(page, f"{hostile_urls['app']}?town={TOWN}")
    until(lambda: town_name(page), what="the card")
    open_tools(page)
    clean = write_pack(tmp_path / "clean")
    rows = list(csv.DictReader(io.StringIO(clean.events.read_text("utf-8"))))
    # A file name with markup too; the app shows it reduced to safe characters.
    mine = tmp_path / '<img src=x onerror="window.__xss=7">.csv'
    mine.write_text(hostile_events_csv(rows), encoding="utf-8")
    page.find_element(By.CSS_SELECTOR, UPLOAD_INPUT).send_keys(str(mine))
    banner = page.find_element(By.CSS_SELECTOR, "#record-banner")
    until(banner.is_displayed, 20, "the banner")
    status = text_of(page, "#upload-status")
    assert "Showing your file" in status and "<" not in status and ">" not in status
    assert "<" not in banner.text and ">" not in banner.text
    assert_inert(page, "app")

    expected = with_events(hostile_project, GivenFile("mine.csv", mine.read_bytes()))
    until(lambda: all(t in card_text(page) for t in card_texts(expected, TOWN)), 20)
    assert_card_literal(page, expected, TOWN)
    for payload in PAYLOADS:
        assert payload in card_text(page), payload
    assert_inert(page, "app")
    go_to(page, expected.timeline.dates[-2].isoformat())
    until(lambda: painted(page)["day"] == len(expected.timeline.dates) - 2)
    assert_card_literal(page, expected, TOWN)
    assert_inert(page, "app")

    # A refused file echoes its bad values in the problem list: as text too.
    broken = tmp_path / "broken.csv"
    bad_rows = list(csv.DictReader(io.StringIO(mine.read_text("utf-8"))))
    next(row for row in bad_rows if row["kind"] == "change")["to_side"] = "x" + PAYLOADS[1]
    out = io.StringIO()
    writer = csv.DictWriter(out, list(bad_rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(bad_rows)
    broken.write_text(out.getvalue(), encoding="utf-8")
    page.find_element(By.CSS_SELECTOR, UPLOAD_INPUT).send_keys(str(broken))
    until(lambda: "broken.csv was not used" in text_of(page, "#upload-status"), 20)
    assert PAYLOADS[1] in text_of(page, "#upload-problems")
    assert_inert(page, "app")
    assert console_problems(page) == []
