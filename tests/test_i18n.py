"""The interface's languages: the Arabic catalogue covers every text the code shows, dates
follow each pack's locale, a language without a catalogue falls back to English texts,
and the page is served in the language asked for."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest
from reader_page import page_settings, site_data

from dashboard.i18n import catalogue, pack_translator, translator
from dashboard.i18n.extract import missing, used_msgids
from dashboard.pack.config import ConfigError, load_config
from dashboard.pack.paths import bundled_packs
from dashboard.web import create_app
from dashboard.web.app import create_server

DECEMBER_5 = dt.date(2024, 12, 5)
# File formats and the names of the files a site is made of stay in Latin letters.
FORMAT_NAMES = (
    r"\b(CSV|GeoJSON|GeoPackage|KML|PNG|SVG|PDF|MP4|GIF|WebM|zip|index\.html|embed\.html)\b"
)


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_every_text_the_code_shows_has_an_arabic_translation():
    assert missing("ar") == {}


def test_translations_keep_the_placeholders_and_nothing_is_left_over():
    arabic = catalogue("ar")
    for msgid, text in arabic.items():
        forms = text if isinstance(text, tuple) else (text,)
        for form in forms:  # every plural form keeps the placeholders
            assert placeholders(form) == placeholders(msgid), msgid
    assert set(arabic) <= set(used_msgids()), "the catalogue holds texts no code asks for"


def test_counts_take_the_plural_form_of_the_language():
    english, arabic = translator("en"), translator("ar")
    one, many = (
        "{count} place changed hands between {first} and {second}",
        ("{count} places changed hands between {first} and {second}"),
    )
    assert english.ngettext(one, many, 1, first="a", second="b").startswith("1 place changed")
    assert english.ngettext(one, many, 7, first="a", second="b").startswith("7 places changed")
    forms = {n: arabic.ngettext(one, many, n, first="a", second="b") for n in (1, 2, 5, 11, 100)}
    assert len(set(forms.values())) == 5  # Arabic: one, two, a few, many, other
    assert "موقعين" in forms[2] and "موقعاً" in forms[11]


def test_syrian_dates_use_levantine_months_and_sudanese_dates_do_not():
    packs = bundled_packs()
    syria = pack_translator(load_config(packs["syria"] / "conflict.toml"), "ar")
    sudan = pack_translator(load_config(packs["sudan"] / "conflict.toml"), "ar")
    assert syria.date(DECEMBER_5) == "5 كانون الأول 2024"
    assert sudan.date(DECEMBER_5) == "5 ديسمبر 2024"
    assert syria.month(DECEMBER_5, year=True) == "كانون الأول 2024"
    assert (syria.direction, sudan.direction) == ("rtl", "rtl")
    assert syria("History") == sudan("History") == "السجل"


def test_english_keeps_the_day_first_dates_of_the_app():
    english = translator("en")
    assert english.date(DECEMBER_5) == "5 December 2024"
    assert english.short_date(DECEMBER_5) == "5 Dec"
    assert english.month(dt.date(2024, 9, 1)) == "Sep"
    assert english("End of {date}", date="x") == "End of x"


def test_a_language_without_a_catalogue_gets_the_whole_english_interface():
    """Not "End of 5 décembre 2024": texts, dates and direction stay together."""
    french = translator("fr")
    assert french("End of {date}", date=french.date(DECEMBER_5)) == "End of 5 December 2024"
    assert french.lang == "fr" and french.direction == "ltr"
    hebrew = translator("he")
    assert hebrew.direction == "ltr" and hebrew.date(DECEMBER_5) == "5 December 2024"
    unknown = translator("zz")  # neither a catalogue nor a Babel locale
    assert unknown.date(DECEMBER_5) == "5 December 2024"
    assert translator(None).lang == "en"


def test_a_pack_serves_only_its_own_languages():
    config = load_config(bundled_packs()["syria"] / "conflict.toml")
    assert pack_translator(config, "fr").lang == "en"  # not offered: the primary language
    assert pack_translator(config, None).lang == "en"


def test_a_malformed_locale_is_refused(tmp_path):
    source = (bundled_packs()["syria"] / "conflict.toml").read_text(encoding="utf-8")
    path = tmp_path / "conflict.toml"
    path.write_text(source.replace('locale = "ar_SY"', 'locale = "Syria!"'), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"languages\[1\]\.locale"):
        load_config(path)


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


def page_texts(layout: dict) -> list[str]:
    """Every text and accessible name in a served layout (component JSON)."""
    texts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict) and "props" in node:
            props = node["props"]
            texts.extend(
                str(props[key])
                for key in ("aria-label", "title", "placeholder", "data-slider-label")
                if props.get(key)
            )
            walk(props.get("children"))

    walk(layout)
    return texts


def test_the_page_is_served_in_the_language_asked_for(client):
    index = client.get("/?lang=ar&date=2024-12-01").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in index
    config = load_config(bundled_packs()["syria"] / "conflict.toml")
    assert f"<title>{config.title_in('ar')}</title>" in index
    assert page_settings(index)["lang"] == "ar"
    assert '<html lang="en" dir="ltr">' in client.get("/?lang=zz").get_data(as_text=True)
    tables = site_data(client, index, "tables", "ar")
    assert tables["dir"] == "rtl"
    assert tables["dayNames"][tables["dates"].index("2024-12-12")] == "12 كانون الأول 2024"
    assert tables["dayNames"][-1] == "11 آذار 2026"
    assert tables["texts"]["heading"] == "نهاية يوم {date}"
    # Dash asks for the tools' layout without the page's query: the page's address decides.
    layout = client.get("/_dash-layout", headers={"Referer": "http://x/?date=1&lang=ar"}).json
    texts = page_texts(layout) + _strings(tables["texts"])
    # The credits are the pack's Arabic ones; what stays in Latin letters in them is
    # names (OCHA, GeoNames, licences), and elsewhere the names of file formats.
    credits, credit_lang = config.credits("ar")
    assert credit_lang == "ar" and tables["texts"]["shortCredit"] == credits.short
    assert tables["texts"]["creditLang"] == "ar"
    data_texts = {config.title_in("ar"), *credits.model_dump().values()}
    latin = [
        text
        for text in texts
        if re.search(r"[A-Za-z]{3,}", re.sub(FORMAT_NAMES, "", text))
        and not any(part in text for part in data_texts)
        and text != "English"  # the language link, named in its own language
    ]
    assert latin == []


def test_the_english_page_stays_english(client):
    index = client.get("/").get_data(as_text=True)
    tables = site_data(client, index, "tables", "en")
    assert tables["texts"]["heading"] == "End of {date}"
    texts = page_texts(client.get("/_dash-layout").json) + _strings(tables["texts"])
    arabic = [text for text in texts if re.search("[\u0600-\u06ff]", text)]
    assert arabic == ["العربية"]  # only the link to the Arabic page


def test_the_links_to_other_conflicts_keep_the_language():
    client = create_server().test_client()
    index = client.get("/?lang=ar").get_data(as_text=True)
    switch = page_settings(index)["switch"]
    assert [link["href"] for link in switch] == ["/?lang=ar", "/sudan/?lang=ar"]


def _strings(node: object) -> list[str]:
    """Every string inside the reader's texts (lists and tables included)."""
    if isinstance(node, str):
        return [re.sub(r"\{\w+\}", "", node)]  # placeholders are not words
    if isinstance(node, dict):
        codes = ("code", "dir", "lang", "creditDir", "creditLang")
        return [text for key, value in node.items() if key not in codes for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return []
