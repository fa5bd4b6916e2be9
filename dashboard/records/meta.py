"""What the record covers: its title, region and the day the period ends.

Kept apart from the events so that a record can say "nothing changed after the
last event until this day" without inventing an event, and so that another
conflict can bring its own title.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from dashboard.records.models import Problem, RecordMeta


def load_meta(path: Path, problems: list[Problem]) -> RecordMeta:
    """Read `conflict.toml`; a missing file means defaults, a broken one is a problem."""
    if not path.exists():
        return RecordMeta()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        problems.append(Problem(str(path), 0, "", f"not valid TOML: {error}"))
        return RecordMeta()
    meta = RecordMeta()
    for key, kind in (("title", str), ("region", str), ("period_end", dt.date)):
        value = data.get(key, getattr(meta, key))
        if (value is not None and not isinstance(value, kind)) or isinstance(value, dt.datetime):
            problems.append(Problem(str(path), 0, key, f"must be a {kind.__name__}"))
            return RecordMeta()
    unknown = sorted(set(data) - {"title", "region", "period_end"})
    for key in unknown:
        problems.append(Problem(str(path), 0, key, "unknown setting"))
    return RecordMeta(
        title=data.get("title", meta.title),
        region=data.get("region", meta.region),
        period_end=data.get("period_end"),
    )
