"""How much of a record the tool reads: every limit on a file's size, rows and period.

A pack's own files are trusted by whoever serves them; they are only kept from running
away (`MAX_ROWS`). A user's own events file (an upload in the page, the page's stored
copy of it that comes back with every request, or `--events` on the command line) is
read against a pack that is already loaded, by anyone who can reach the server. The
work to check and show it grows with its bytes, its rows and the days of its period
(the timeline and the page's step tables hold a row per day), so all three are bounded
here and each refusal names the file, row and column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.problems import Problem
from dashboard.records.fields import FieldError
from dashboard.records.models import Record

if TYPE_CHECKING:
    from dashboard.records.table import GivenFile

# Data rows any file of a pack may hold: far above a real record (the scale benchmark
# has 15,000 events) and low enough that a runaway file is refused in a second or two.
MAX_ROWS = 50_000
# A user's own events file: 2 MB holds about 10,000 change rows, more than either
# bundled record (Syria 285 rows in 143 kB, Sudan 135 rows).
USER_MAX_BYTES = 2_000_000
USER_MAX_ROWS = 20_000
# Its period starts on or after the pack's baseline day and ends at most five years
# after it (or on the pack's own last day, when the pack's record is longer): longer
# than either bundled conflict (Sudan's record runs 2.7 years) with room for the war to
# go on, and small enough that its day tables are built in about a second.
USER_MAX_YEARS = 5
USER_MAX_DAYS = 1_826  # five years of 365.25 days: the last day is this many days later


@dataclass(frozen=True)
class UserRecordLimits:
    """What a user's own events file may be, beside a pack whose record is `first_day`
    to `last_day` at most."""

    first_day: dt.date
    last_day: dt.date
    max_bytes: int = USER_MAX_BYTES
    max_rows: int = USER_MAX_ROWS

    @classmethod
    def beside(cls, pack_record: Record) -> UserRecordLimits:
        """The limits for a user's file read against the pack's own record."""
        first = pack_record.baseline_date
        return cls(first, max(pack_record.last_date, first + dt.timedelta(days=USER_MAX_DAYS)))

    def size_problem(self, source: Path | GivenFile) -> Problem | None:
        """The file's size, refused before a byte of it is read (None: within limits,
        or a file that cannot be found, which the reader reports)."""
        try:
            size = source.stat().st_size if isinstance(source, Path) else len(source.read_bytes())
        except OSError:
            return None
        if size <= self.max_bytes:
            return None
        return Problem(
            str(source),
            0,
            "",
            f"the file is {size:,} bytes; an events file of your own may be at most "
            f"{self.max_bytes:,} bytes",
        )

    def check_day(self, day: dt.date) -> dt.date:
        """A row's date within the period a user's record may cover; `FieldError` if not."""
        if day < self.first_day:
            raise FieldError(
                f"{day} is before {self.first_day}, the pack's baseline day: "
                "a record of your own starts on or after it"
            )
        if day > self.last_day:
            raise FieldError(
                f"{day} is after {self.last_day}: a record of your own runs from the pack's "
                f"baseline day {self.first_day} for at most {USER_MAX_YEARS} years, "
                "or to the pack's own last day"
            )
        return day
