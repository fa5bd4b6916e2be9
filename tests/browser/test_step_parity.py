"""The browser's rule of the day (browser/src/reader/state.js) against the Python
timeline, the reference, on every day of the Sudan pack as the app serves it (Syria's
is checked on the published site, test_published_site.py); then the map itself must
paint what Python says on a few of those days."""

from __future__ import annotations

from reader import every_day, map_state, open_reader, painted, timeline_state, until


def test_the_browser_gives_pythons_state_on_every_day_of_sudan(page, app_url, sudan_project):
    open_reader(page, f"{app_url}/sudan/")
    timeline = sudan_project.timeline
    states = every_day(page)
    assert len(states) == len(timeline.dates)
    for day, state in enumerate(states):
        when = timeline.dates[day]
        assert state["towns"] == timeline.town_codes[day].tolist(), when
        assert state["certainty"] == timeline.area_certainty[day].tolist(), when
        expected = timeline_state(sudan_project, day)
        assert {k: state[k] for k in ("areas", "changed", "front")} == expected, when

    # The map paints it: the last day, then days where places changed hands.
    hatched_codes = set(page.execute_script("return window.frontline.tables.style.hatched"))
    busiest = sorted(range(len(states)), key=lambda d: -len(states[d]["changed"]))[:2]
    for day in [len(states) - 1, *sorted(busiest)]:
        iso = timeline.dates[day].isoformat()
        assert page.execute_script("return window.frontline.setDate(arguments[0])", iso)
        until(lambda day=day: painted(page)["day"] == day, what=f"the map on {iso}")
        shown = painted(page)
        assert map_state(shown) == timeline_state(sudan_project, day), iso
        certainty = timeline.area_certainty[day].tolist()
        assert shown["hatched"] == [c in hatched_codes for c in certainty], iso
