"""Browser-side callbacks of the interface itself: the language links follow the address
(assets/language.js). The slider's spoken date needs no callback (assets/slider.js)."""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Dash, Input, Output


def register_interface_callbacks(app: Dash) -> None:
    app.clientside_callback(
        ClientsideFunction("language", "links"),
        Output({"type": "language-link", "lang": ALL}, "href"),
        Input("url", "search"),
    )
