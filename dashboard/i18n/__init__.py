"""The interface in the reader's language: one message catalogue per language, and dates.

English texts are the message ids, written in the code as `tr("Frontline")`; each other
language has a gettext catalogue `locales/<code>.po`, read once at import (no build
step). Counts go through `tr.ngettext(singular, plural, n)`, Babel's `Translations`
reading the catalogue's `Plural-Forms` (Arabic has six). A language without a catalogue
gets the English interface, dates and direction included (place names and side labels
still come in that language). Month names follow the pack's locale: Syrian Arabic
writes December كانون الأول (`ar_SY`), Sudanese Arabic ديسمبر (`ar_SD`); a pack says which
through `locale` in its `[[languages]]` table.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

if TYPE_CHECKING:
    from dashboard.pack.config import ConflictConfig

LOCALES_DIR = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "en"
# Dates read day first in every language, as the app has always written them; Babel
# gives the month names and digits of the locale.
DATE_PATTERN = "d MMMM y"
SHORT_DATE_PATTERN = "d MMM"


def N_(msgid: str) -> str:
    """Marks an English text for the catalogue where it is translated later, by
    `tr(text)`: names in tables such as the kinds of place."""
    return msgid


@dataclass(frozen=True)
class Translator:
    """Texts and dates of one language. Call it with an English text to translate it."""

    lang: str
    locale: str
    direction: Literal["ltr", "rtl"]
    translations: NullTranslations = field(default_factory=NullTranslations, repr=False)

    def __call__(self, msgid: str, **kwargs: object) -> str:
        """The text in this language (English where the catalogue lacks it), then
        `str.format(**kwargs)` when values are given.

        A value written in the other direction (an English file name or title in an
        Arabic sentence) is set apart with Unicode isolates, so its punctuation stays
        with it and the sentence around it keeps its order."""
        return self._format(self.translations.gettext(msgid), kwargs)

    def ngettext(self, singular: str, plural: str, count: int, **kwargs: object) -> str:
        """The form of a text for `count` (`{count}` is filled in): English has two,
        a catalogue says how many its language has (`Plural-Forms`)."""
        text = self.translations.ngettext(singular, plural, count)
        return self._format(text, {"count": count, **kwargs})

    def isolated(self, text: str) -> str:
        """A value set into this language's text on its own (a date, a Latin name in
        an Arabic line): isolated when its direction differs (see `__call__`)."""
        return str(self._isolated(text))

    def _format(self, text: str, kwargs: dict[str, object]) -> str:
        if not kwargs:
            return text
        return text.format(**{key: self._isolated(value) for key, value in kwargs.items()})

    def _isolated(self, value: object) -> object:
        if not isinstance(value, str):
            return value
        other = ("L",) if self.direction == "rtl" else ("R", "AL")
        if any(unicodedata.bidirectional(char) in other for char in value):
            return f"\u2068{value}\u2069"  # FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE
        return value

    def date(self, day: dt.date) -> str:
        """A full date: "5 December 2024", "5 كانون الأول 2024"."""
        return format_date(day, DATE_PATTERN, locale=self.locale)

    def short_date(self, day: dt.date) -> str:
        """Day and short month, for slider marks: "5 Dec"."""
        return format_date(day, SHORT_DATE_PATTERN, locale=self.locale)

    def km2(self, value: float, signed: bool = False) -> str:
        """Square kilometres rounded to whole ones, grouped as the locale groups digits
        ("12,346"), a loss with a true minus sign; `signed` writes "+" before a gain."""
        whole = round(value)
        text = format_decimal(abs(whole), format="#,##0", locale=self.locale)
        if whole < 0:
            return "\u2212" + text
        return f"+{text}" if signed and whole > 0 else text

    def month(self, day: dt.date, year: bool = False) -> str:
        """A short month label for slider marks: "Dec", or "Dec 2024" with the year."""
        return format_date(day, "MMM y" if year else "MMM", locale=self.locale)


def translator(lang: str | None, locale: str | None = None) -> Translator:
    """The translator of a language code (None or unknown: English texts).

    `locale` picks the regional variant of dates (`ar_SY`); default: the code itself.
    """
    return _translator(lang or SOURCE_LANGUAGE, locale)


def pack_translator(config: ConflictConfig, lang: str | None) -> Translator:
    """The translator of one of the pack's languages, with the locale and direction the
    pack declares; a code the pack does not offer means its primary language."""
    languages = {language.code: language for language in config.languages}
    chosen = languages.get(lang or "") or config.languages[0]
    return _translator(chosen.code, chosen.locale, chosen.direction)


def catalogue_languages() -> tuple[str, ...]:
    """The codes that have a catalogue, English (the source) first."""
    return (SOURCE_LANGUAGE, *sorted(path.stem for path in LOCALES_DIR.glob("*.po")))


@cache
def _translator(lang: str, locale: str | None, direction: str | None = None) -> Translator:
    if lang != SOURCE_LANGUAGE and not catalogue(lang):
        # No catalogue: the interface is English throughout, dates and direction too,
        # rather than "End of 3 marzo 2023"; names and labels keep `lang`.
        locale, direction = SOURCE_LANGUAGE, "ltr"
    babel_locale = _babel_locale(locale or lang)
    order = babel_locale.character_order if babel_locale else "left-to-right"
    return Translator(
        lang=lang,
        locale=str(babel_locale) if babel_locale else SOURCE_LANGUAGE,
        direction=direction or ("rtl" if order == "right-to-left" else "ltr"),
        translations=_translations(lang),
    )


def _babel_locale(name: str) -> Locale | None:
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return None


@cache
def catalogue(lang: str) -> dict[str, str | tuple[str, ...]]:
    """msgid -> translation of a language's catalogue; empty for English or none. A
    text with plural forms is keyed by its singular and holds every form.

    Fuzzy and untranslated entries are left out, so they show in English."""
    path = LOCALES_DIR / f"{lang}.po"
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return {}
    found: dict[str, str | tuple[str, ...]] = {}
    for message in _read_catalogue(path):
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            if all(message.string):
                found[message.id[0]] = tuple(message.string)
        elif message.string:
            found[message.id] = message.string
    return found


def _read_catalogue(path: Path):
    with path.open("rb") as po:
        return read_po(po, locale=None)


def _translations(lang: str) -> NullTranslations:
    """Babel's translations of a catalogue (compiled in memory: no build step), or
    English's two forms where there is none."""
    path = LOCALES_DIR / f"{lang}.po"
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, _read_catalogue(path))
    compiled.seek(0)
    return Translations(compiled)
