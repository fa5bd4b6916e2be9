"""Checks of the gazetteer's names that warn rather than refuse: a place without a name
in one of the pack's languages (the map would show it in another script), and a pack
that writes the Arabic article two ways ("al-Bab" beside "Al Bab", "El Obeid" beside
"el-Fasher"): one transliteration style per pack reads as one map."""

from __future__ import annotations

import re
from collections import defaultdict

from dashboard.records.models import Record

# The article of a transliterated Arabic name, as written at the start of a name.
ARTICLE = re.compile(r"^(al|el|ad|ed|ar|er|as|es|ash|esh|at|et|az|ez|an|en)([- ])", re.IGNORECASE)


def name_warnings(record: Record) -> list[str]:
    """One line per place that lacks a name in a declared language, and one per article
    style beyond the pack's most common one, naming the places that use it."""
    config = record.config
    codes = [language.code for language in config.languages]
    warnings = [
        f"{record.towns_path}:{town.row} [name_{code}]: {town.town_id} has no name in "
        f"{code}; the map shows its {codes[0]} name there"
        for town in record.towns.values()
        for code in codes[1:]
        if code not in town.names
    ]
    styles: dict[str, list[str]] = defaultdict(list)
    for town in record.towns.values():
        # The article that starts a name (a fixed name such as "Deir ez-Zor" is not read).
        found = ARTICLE.match(town.name)
        if found and len(town.name) > len(found[0]):
            styles[_style(found)].append(town.town_id)
    if len(styles) > 1:
        usual = max(styles, key=lambda style: len(styles[style]))
        for style, towns in sorted(styles.items()):
            if style != usual:
                warnings.append(
                    f"{record.towns_path} [name_{codes[0]}]: the article is written "
                    f"'{style}' in {', '.join(sorted(towns)[:8])}"
                    f"{' and others' if len(towns) > 8 else ''}, but '{usual}' in "
                    f"{len(styles[usual])} other places: use one style"
                )
    return warnings


def _style(found: re.Match) -> str:
    """How the article is written: its case and what joins it to the name ('al-', 'Al ')."""
    article, joint = found[1], found[2]
    case = "lower" if article.islower() else "capital"
    return f"{'a' if article[0].lower() == 'a' else 'e'}{'-' if joint == '-' else ' '}{case}"
