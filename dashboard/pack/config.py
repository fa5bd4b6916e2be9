"""The schema of `conflict.toml`: everything about one conflict that is not a CSV row.

The models are the documentation and the check at once: an unknown key, a side used
twice, a colour that is not a colour or a label missing in the pack's first language
is refused with the key that is wrong (see `load_config`).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from dashboard.problems import Problem, ProblemsError

CONFIG_FILE = "conflict.toml"
ID_PATTERN = r"^[a-z0-9][a-z0-9_]*$"
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _colour(value: str) -> str:
    if not _HEX_COLOUR.match(value):
        raise ValueError(f"{value!r} is not a colour: write it as #rrggbb")
    return value.lower()


Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=40)]
Colour = Annotated[str, AfterValidator(_colour)]
Text = Annotated[str, Field(min_length=1, max_length=500)]
# One text per language code of the pack, e.g. {en = "district", ar = "منطقة"}.
Texts = dict[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")], Text]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Language(_Strict):
    """A language of the pack's names and labels; the first one is the primary."""

    code: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
    name: Text
    direction: Literal["ltr", "rtl"] = "ltr"
    # The Babel locale of dates and month names when it is not the code itself:
    # "ar_SY" writes December كانون الأول, "ar_SD" ديسمبر.
    locale: Annotated[str, Field(pattern=r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})*$")] | None = None


class Relabel(_Strict):
    """A side's name from a day on, when the same force came to be called otherwise
    (from 8 December 2024, Syria's "government" side is the former Assad government)."""

    since: dt.date
    label: Texts
    short: Texts | None = None


class State(_Strict):
    """A value a place's control can take: a side, or a state such as `contested`.

    `short`: the name a legend or a chip shows (default: `label`). `relabel`: names
    that apply from a day on, oldest first. `frontline`: whether a border between an
    area in this state and an area in another is drawn as a frontline. False for
    `contested`, whose front runs somewhere inside.
    """

    id: Id
    label: Texts
    short: Texts | None = None
    colour: Colour
    frontline: bool = True
    relabel: tuple[Relabel, ...] = ()

    @field_validator("relabel")
    @classmethod
    def _oldest_first(cls, relabel: tuple[Relabel, ...]) -> tuple[Relabel, ...]:
        days = [entry.since for entry in relabel]
        if days != sorted(set(days)):
            raise ValueError("relabel entries must have different days, oldest first")
        return relabel

    def naming(self, day: dt.date | None = None) -> tuple[dict[str, str], dict[str, str]]:
        """The (label, short) texts in effect at the end of `day` (None: the first)."""
        label, short = self.label, self.short or self.label
        for entry in self.relabel:
            if day is not None and entry.since <= day:
                label, short = entry.label, entry.short or entry.label
        return label, short


class KeyEvent(_Strict):
    """A turning point of the war, marked on the slider, the chart and the map."""

    date: dt.date
    label: Texts
    place: Id | None = None


class Disputed(_Strict):
    """An area shown as disputed rather than held: a boundary unit, or the part of one
    inside a box (for a disputed zone the boundary file does not separate)."""

    id: Id
    unit: Text
    label: Texts
    bbox: tuple[float, float, float, float] | None = None


class Boundaries(_Strict):
    """The boundary file the map's areas are built from, and what its columns mean."""

    file: Text
    id_column: Text
    name_columns: Texts
    parent_id_column: Text
    parent_name_columns: Texts
    unit: Texts
    parent_unit: Texts
    simplify_degrees: Annotated[float, Field(ge=0, le=0.1)] = 0.004
    disputed: tuple[Disputed, ...] = ()


Km = Annotated[float, Field(gt=0, le=1000)]


class Reach(_Strict):
    """How far, in km, a place's hold is taken to reach, by kind of place.

    Land farther than its place's reach is counted apart ("no clear holder") under the
    held-land convention, and no frontline is drawn across it. A zone drawn in the
    pack's `zones.geojson` holds exactly its polygon; `zone` is the reach of a zone
    place without a polygon. A convention, not a measurement: see docs/packs.md.
    """

    city: Km = 50
    town: Km = 25
    village: Km = 12
    zone: Km = 12


class Credits(_Strict):
    """The credits in one language: full lines under the map, `short` inside exports."""

    boundaries: Text
    places: Text
    control: Text
    short: Text


class Attribution(Credits):
    """Credits shown under the map, inside every export and in the README, in the pack's
    first language; `translations` gives them in its other languages (an Arabic page
    credits in Arabic), keyed by language code."""

    record_licence: Text
    translations: dict[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")], Credits] = {}


class ConflictConfig(_Strict):
    """One conflict: what it is called, who fights, where, and whom to credit.

    `title` names the record (one text, or one per language); `headline` and
    `standfirst` are what a map published under a newsroom's name says on top.
    """

    # Languages first: the texts after them are checked against them.
    languages: tuple[Language, ...] = Field(min_length=1)
    title: Text | Texts
    headline: Texts | None = None
    standfirst: Texts | None = None
    region: Text
    period_end: dt.date | None = None
    sides: tuple[State, ...] = Field(min_length=1, max_length=60)
    states: tuple[State, ...] = ()
    boundaries: Boundaries
    reach: Reach = Reach()
    attribution: Attribution
    key_events: tuple[KeyEvent, ...] = ()

    @field_validator("languages")
    @classmethod
    def _languages_once(cls, languages: tuple[Language, ...]) -> tuple[Language, ...]:
        _unique([language.code for language in languages], "language code")
        return languages

    @field_validator("sides", "states")
    @classmethod
    def _states_consistent(cls, states: tuple[State, ...], info: ValidationInfo):
        """Ids and colours are unique (also across sides and states); labels are in the
        pack's languages and always in the first one."""
        earlier = tuple(info.data.get("sides", ())) if info.field_name == "states" else ()
        _unique([state.id for state in (*earlier, *states)], "side or state id")
        _unique([state.colour for state in (*earlier, *states)], "colour")
        for state in states:
            _check_texts(f"{state.id} label", state.label, info)
            if state.short:
                _check_texts(f"{state.id} short", state.short, info)
            for entry in state.relabel:
                _check_texts(f"{state.id} relabel {entry.since} label", entry.label, info)
                if entry.short:
                    _check_texts(f"{state.id} relabel {entry.since} short", entry.short, info)
        return states

    @field_validator("title", "headline", "standfirst")
    @classmethod
    def _title_texts(cls, texts: str | dict | None, info: ValidationInfo):
        if isinstance(texts, dict):
            _check_texts(str(info.field_name), texts, info)
        return texts

    @field_validator("key_events")
    @classmethod
    def _key_events_texts(cls, events: tuple[KeyEvent, ...], info: ValidationInfo):
        for event in events:
            _check_texts(f"key event {event.date} label", event.label, info)
        days = [event.date for event in events]
        if days != sorted(days):
            raise ValueError("key events must be in date order")
        return events

    @field_validator("boundaries")
    @classmethod
    def _boundary_texts(cls, boundaries: Boundaries, info: ValidationInfo) -> Boundaries:
        for key in ("name_columns", "parent_name_columns", "unit", "parent_unit"):
            _check_texts(key, getattr(boundaries, key), info)
        for zone in boundaries.disputed:
            _check_texts(f"disputed {zone.id} label", zone.label, info)
        _unique([zone.id for zone in boundaries.disputed], "disputed zone id")
        return boundaries

    @field_validator("attribution")
    @classmethod
    def _credit_languages(cls, attribution: Attribution, info: ValidationInfo) -> Attribution:
        codes = [language.code for language in info.data.get("languages", ())]
        unknown = sorted(set(attribution.translations) - set(codes[1:]))
        if codes and unknown:
            raise ValueError(
                f"translations in {', '.join(unknown)}: give them for the pack's other "
                f"languages ({', '.join(codes[1:]) or 'none'})"
            )
        return attribution

    def credits(self, language: str | None = None) -> tuple[Credits, str]:
        """The credits in `language` when the pack gives them, else in its first
        language; with the code of the language they are written in."""
        if language in self.attribution.translations:
            return self.attribution.translations[language], language
        return self.attribution, self.primary_language

    @property
    def all_states(self) -> tuple[State, ...]:
        """Sides first, then the other states: this order gives each its code."""
        return (*self.sides, *self.states)

    @property
    def state_ids(self) -> tuple[str, ...]:
        """Every side and state id; an id's position is its code in the timeline's tables."""
        return tuple(state.id for state in self.all_states)

    def state(self, state_id: str) -> State:
        return self.all_states[self.state_ids.index(state_id)]

    def label(self, state_id: str, language: str | None = None, day: dt.date | None = None) -> str:
        """A side's label in `language` (the primary language where it has none), as
        it was named at the end of `day` (None: its first name)."""
        return self.text(self.state(state_id).naming(day)[0], language)

    def short_label(
        self, state_id: str, language: str | None = None, day: dt.date | None = None
    ) -> str:
        """A side's short name, for legends and chips; its label when it has none."""
        return self.text(self.state(state_id).naming(day)[1], language)

    def title_in(self, language: str | None = None) -> str:
        """The record's title in `language` (or the primary one)."""
        title = self.title
        return title if isinstance(title, str) else self.text(title, language)

    def text(self, texts: dict[str, str], language: str | None = None) -> str:
        """One of the pack's per-language texts, falling back to the primary language
        (and, for names read from a boundary file, to any language there is)."""
        primary = self.primary_language
        return (
            texts.get(language or primary) or texts.get(primary) or next(iter(texts.values()), "")
        )

    @property
    def primary_language(self) -> str:
        return self.languages[0].code


def _check_texts(what: str, texts: dict[str, str], info: ValidationInfo) -> None:
    """Texts must come in the primary language, and only in declared languages."""
    codes = [language.code for language in info.data.get("languages", ())]
    if not codes:
        return  # the languages themselves are wrong: that error is reported already
    if codes[0] not in texts:
        raise ValueError(f"{what} needs a text in the primary language {codes[0]!r}")
    unknown = sorted(set(texts) - set(codes))
    if unknown:
        raise ValueError(f"{what} uses undeclared language(s) {', '.join(unknown)}")


def _unique(values: list[str], what: str) -> None:
    repeated = sorted({value for value in values if values.count(value) > 1})
    if repeated:
        raise ValueError(f"{what} used more than once: {', '.join(repeated)}")


def load_config(path: Path) -> ConflictConfig:
    """Read and check `conflict.toml`; raise `ConfigError` naming the file and each key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([Problem(str(path), 0, "", "file not found")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError([Problem(str(path), 0, "", f"not valid TOML: {error}")]) from None
    try:
        return ConflictConfig.model_validate(data)
    except ValidationError as error:
        raise ConfigError(
            [
                Problem(str(path), 0, _key(detail["loc"], data), _message(detail))
                for detail in error.errors()
            ]
        ) from None


class ConfigError(ProblemsError):
    """`conflict.toml` cannot be used; carries every problem found, as the CSV checks do."""

    what = "pack settings"


def _keys_at(loc: tuple) -> tuple[str, ...]:
    """The keys a table of `conflict.toml` may hold, from a pydantic location."""
    model: type[BaseModel] | None = ConflictConfig
    for part in loc:
        if isinstance(part, str) and model is not None:
            field = model.model_fields.get(part)
            model = _model_in(field.annotation) if field else None
    return tuple(model.model_fields) if model is not None else ()


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The settings table inside a type such as `tuple[State, ...]` or `Boundaries`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        model = _model_in(argument)
        if model is not None:
            return model
    return None


def _key(loc: tuple, data: dict) -> str:
    """`sides[2].colour` (with the side's id where there is one) from a pydantic location."""
    parts: list[str] = []
    node: object = data
    for part in loc:
        if isinstance(part, int):
            entry = node[part] if isinstance(node, list) and part < len(node) else None
            name = entry.get("id") if isinstance(entry, dict) else None
            parts[-1] += f"[{part}]" if name is None else f"[{part}: {name}]"
            node = entry
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts)


def _message(detail: dict) -> str:
    if detail["type"] == "extra_forbidden":
        keys = _keys_at(detail["loc"][:-1])
        return f"unknown key; the keys here are {', '.join(keys)}" if keys else "unknown key"
    if detail["type"] == "missing":
        return "required key is missing"
    message = detail["msg"]
    return message.removeprefix("Value error, ")
