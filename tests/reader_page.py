"""Reading what the app's page hands the reader: its settings and the data scripts."""

from __future__ import annotations

import json


def page_settings(page: str | bytes) -> dict:
    """The `#frontline-page` settings of a page (where each of the reader's files is)."""
    text = page.decode() if isinstance(page, bytes) else page
    return json.loads(text.split('id="frontline-page">', 1)[1].split("</script>", 1)[0])


def data_payload(script: str | bytes) -> object:
    """What a data script hands the reader (the JSON text it pushes, parsed)."""
    text = script.decode() if isinstance(script, bytes) else script
    kind, _key, payload = json.loads(text[text.index("push(") + 5 : text.rindex(");")])
    return json.loads(payload) if kind in ("tables", "geometry", "cards") else payload


def site_data(client, page: str | bytes, *path: str | int, prefix: str = "/site/") -> object:
    """The payload of one of the page's files, e.g. `("tables", "ar")` or `("geo",)`."""
    node = page_settings(page)["files"]
    for part in path:
        node = node[part]
    response = client.get(prefix + node)
    assert response.status_code == 200, node
    return data_payload(response.data)
