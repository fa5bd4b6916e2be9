"""The page for keyboard and screen-reader users: every control reached and named,
the slider spoken as a date, visible focus, and axe-core's checks (vendor/axe-core,
refreshed by vendor/update_axe.sh) with nothing found."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash.testing.wait import until
from helpers import wait_for_map
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.web import create_app

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# What the keyboard must reach, in page order.
KEYBOARD_STOPS = (
    "language-link",
    "step-back",
    "play-button",
    "step-forward",
    "playback-speed",
    "date-picker",
    "date-slider",
    "town-select",
    "export-format",
    "export-button",
    "events-upload",
    "use-bundled",
    "template-link",
)
# The stop the focus is on: the control's id, or the group it belongs to.
ACTIVE = """
const e = document.activeElement;
for (const group of ['language-switch', 'date-slider', 'playback-speed', 'export-format',
                     'events-upload']) {
  if (e.closest('#' + group)) return group === 'language-switch' ? 'language-link' : group;
}
return e.id || e.tagName;
"""


def open_page(dash_duo, project, search: str = "") -> None:
    dash_duo.start_server(create_app(project=project))
    if search:
        dash_duo.driver.get(f"{dash_duo.server_url}/{search}")
    wait_for_map(dash_duo)


def start_of_page(dash_duo) -> None:
    """Put the keyboard's starting point at the top of the page."""
    dash_duo.find_element(".header-links").click()


def tab_to(dash_duo, stop: str, limit: int = 80) -> list[str]:
    """Press Tab until the focus is on `stop`; the stops passed on the way."""
    seen: list[str] = []
    for _ in range(limit):
        ActionChains(dash_duo.driver).send_keys(Keys.TAB).perform()
        seen.append(dash_duo.driver.execute_script(ACTIVE))
        if seen[-1] == stop:
            return seen
    raise AssertionError(f"Tab never reached {stop}: {seen}")


def test_the_keyboard_reaches_every_control_and_moves_the_slider(dash_duo, bundled_project):
    open_page(dash_duo, bundled_project)
    start_of_page(dash_duo)
    seen = tab_to(dash_duo, "template-link")
    assert [stop for stop in KEYBOARD_STOPS if stop in seen] == list(KEYBOARD_STOPS)
    assert seen.index("step-forward") < seen.index("date-slider") < seen.index("town-select")

    start_of_page(dash_duo)
    tab_to(dash_duo, "date-slider")
    thumb = dash_duo.driver.switch_to.active_element
    outline = dash_duo.driver.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];", thumb
    )
    assert outline[0] != "none" and outline[1] != "0px"  # focus is visible

    timeline = bundled_project.timeline
    ActionChains(dash_duo.driver).send_keys(Keys.ARROW_LEFT, Keys.ARROW_LEFT).perform()
    day = timeline.dates[-3]
    heading = f"End of {day.day} {day:%B %Y}"
    dash_duo.wait_for_text_to_equal("#date-heading", heading)
    assert dash_duo.find_element("#date-heading").get_attribute("aria-live") == "polite"
    # The handle speaks the date, not a day number, and has a name.
    until(lambda: thumb.get_attribute("aria-valuetext") == heading, timeout=5)
    assert thumb.get_attribute("aria-label") == "Day shown"
    assert thumb.get_attribute("aria-valuenow") == str(len(timeline.dates) - 3)

    # The playback buttons work from the keyboard too.
    dash_duo.find_element("#step-forward").send_keys(Keys.ENTER)
    day = timeline.dates[-2]
    dash_duo.wait_for_text_to_equal("#date-heading", f"End of {day.day} {day:%B %Y}")
    assert dash_duo.get_logs() == []


def test_the_town_search_works_from_the_keyboard(dash_duo, bundled_project):
    open_page(dash_duo, bundled_project)
    start_of_page(dash_duo)
    tab_to(dash_duo, "town-select")
    button = dash_duo.driver.switch_to.active_element
    assert button.get_attribute("aria-labelledby") == "town-select-label town-select-value"
    keys = ActionChains(dash_duo.driver).send_keys(Keys.ENTER).pause(0.4).send_keys("Hama")
    keys.pause(0.4).send_keys(Keys.ARROW_DOWN).pause(0.3).send_keys(Keys.ENTER).perform()
    dash_duo.wait_for_text_to_equal("#town-name", "Hama")
    assert dash_duo.get_logs() == []


# Controls without a name a screen reader could say; radio buttons outside a named group.
UNNAMED = """
const name = (e) => (e.getAttribute('aria-label') || e.textContent || e.title || '').trim();
const labelled = (e) => !!name(e) || !!(e.labels && e.labels.length && name(e.labels[0]))
  || !!e.getAttribute('aria-labelledby');
const missing = [];
for (const e of document.querySelectorAll('button, a[href], [role=slider], input')) {
  if (e.type === 'hidden' || e.getAttribute('aria-hidden') === 'true') continue;
  if (!labelled(e)) missing.push(e.outerHTML.slice(0, 80));
}
for (const e of document.querySelectorAll('input[type=radio]')) {
  const legend = e.closest('fieldset') && e.closest('fieldset').querySelector('legend');
  if (!legend || !legend.textContent.trim()) missing.push('radio without a group: ' + e.name);
}
return missing;
"""


@pytest.mark.parametrize("search", ["", "?lang=ar"])
def test_every_control_is_named_and_axe_finds_nothing(dash_duo, bundled_project, search):
    open_page(dash_duo, bundled_project, search)
    thumb = dash_duo.find_element("#date-slider [role=slider]")
    until(lambda: thumb.get_attribute("aria-valuetext"), timeout=5)
    assert dash_duo.driver.execute_script(UNNAMED) == []
    page = dash_duo.driver.execute_script(
        "return [document.documentElement.lang, document.documentElement.dir];"
    )
    assert page == (["ar", "rtl"] if search else ["en", "ltr"])

    dash_duo.driver.execute_script(AXE.read_text(encoding="utf-8"))
    dash_duo.driver.set_script_timeout(60)
    found = dash_duo.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))));"
    )
    assert [v for v in found if v["impact"] in ("serious", "critical")] == []
    assert found == []  # nor moderate or minor findings, at the time of writing
