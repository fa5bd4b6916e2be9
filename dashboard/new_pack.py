"""`frontline new-pack`: start a pack from a user's own boundary file.

It copies the boundary file unchanged into `geo/source/`, guesses which columns hold
the ids and names (OCHA COD-AB style `ADM2_PCODE`, `ADM2_EN`...), and writes a
template `conflict.toml` and empty CSV files with their headers. What could not be
guessed is left as `FILL_IN`, which `frontline validate` then names.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

from dashboard.pack.paths import PackPaths
from dashboard.records.load import EVENT_HEADER, SOURCE_HEADER, town_header

FILL_IN = "FILL_IN"
_PCODE = re.compile(r"^adm(\d)_?pcode$", re.IGNORECASE)


class PackExists(ValueError):
    """The target folder already holds files: nothing the user made is overwritten."""


def new_pack(target: Path, boundaries_file: Path, languages: tuple[str, ...]) -> list[str]:
    """Create the pack in `target` and return the steps left to the user."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise PackExists(f"{target} exists and is not empty; choose a new folder")
    columns = _columns(boundaries_file)
    guess = _guess_columns(columns, languages)
    paths = PackPaths.in_dir(target)
    paths.source_dir.mkdir(parents=True)
    shutil.copyfile(boundaries_file, paths.source_dir / Path(boundaries_file).name)
    paths.config.write_text(
        _config_text(Path(boundaries_file).name, guess, languages), encoding="utf-8"
    )
    for path, header in (
        (paths.events, EVENT_HEADER),
        (paths.towns, town_header(languages)),
        (paths.sources, SOURCE_HEADER),
    ):
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerow(header)
    steps = [
        f"{paths.config}: the title, region, sides (id, label, colour) and attribution",
        f"{paths.source_dir}: add the boundary file's licence and attribution (SOURCES.md)",
        f"{paths.towns}: the places you track, with coordinates",
        f"{paths.sources}: the publications you cite",
        f"{paths.events}: one baseline row per place, then every change",
        f"then run `frontline build-geo --data-dir {target}` and "
        f"`frontline validate --data-dir {target}`",
    ]
    unguessed = [key for key, value in guess.items() if FILL_IN in str(value)]
    if unguessed:
        steps.insert(
            0,
            f"{paths.config}: [boundaries] {', '.join(unguessed)} (columns of the file: "
            f"{', '.join(columns)})",
        )
    return steps


def _columns(path: Path) -> list[str]:
    import pyogrio

    try:
        return [str(field) for field in pyogrio.read_info(path)["fields"]]
    except Exception as error:  # pyogrio raises several types for unreadable files
        raise ValueError(f"{path}: cannot read boundaries: {error}") from None


def _guess_columns(columns: list[str], languages: tuple[str, ...]) -> dict[str, object]:
    """The `[boundaries]` keys, guessed from COD-AB-style column names where possible."""
    levels = sorted(
        (int(match.group(1)), column) for column in columns if (match := _PCODE.match(column))
    )
    level, id_column = levels[-1] if levels else (None, FILL_IN)
    parent = dict(levels).get(level - 1, FILL_IN) if level else FILL_IN

    def names(level: int | None) -> dict[str, str]:
        found = {}
        for code in languages:
            wanted = {f"adm{level}_{code}", f"adm{level}_name_{code}"}
            if code == "en":
                wanted.add(f"adm{level}_name")
            found[code] = next((c for c in columns if c.lower() in wanted), FILL_IN)
        return found

    return {
        "id_column": id_column,
        "name_columns": names(level),
        "parent_id_column": parent,
        "parent_name_columns": names(level - 1 if level else None),
    }


def _config_text(file: str, guess: dict[str, object], languages: tuple[str, ...]) -> str:
    def table(texts: dict[str, str]) -> str:
        return "{ " + ", ".join(f'{code} = "{text}"' for code, text in texts.items()) + " }"

    language_tables = "\n".join(
        f'[[languages]]\ncode = "{code}"\nname = "{code}"\ndirection = "ltr"\n'
        for code in languages
    )
    same = {code: FILL_IN for code in languages}
    return f"""# A new pack: fill in every FILL_IN (see docs/packs.md for every key).
title = "{FILL_IN}: the conflict's title"
region = "{FILL_IN}: the country or region"

{language_tables}
[[sides]]
id = "side_a"
label = {table(same)}
colour = "#1b9e77"

[[sides]]
id = "side_b"
label = {table(same)}
colour = "#d95f02"

[[states]]
id = "contested"
label = {table({code: "Contested" if code == "en" else FILL_IN for code in languages})}
colour = "#b9b9b9"
frontline = false

[boundaries]
file = "{file}"
id_column = "{guess["id_column"]}"
name_columns = {table(guess["name_columns"])}
parent_id_column = "{guess["parent_id_column"]}"
parent_name_columns = {table(guess["parent_name_columns"])}
unit = {table({code: "district" if code == "en" else FILL_IN for code in languages})}
parent_unit = {table({code: "province" if code == "en" else FILL_IN for code in languages})}

[attribution]
boundaries = "{FILL_IN}: who made the boundaries, and their licence"
places = "{FILL_IN}: where the place coordinates come from"
control = "{FILL_IN}: who compiled the control record"
short = "{FILL_IN}: a one-line credit"
record_licence = "{FILL_IN}"
"""
