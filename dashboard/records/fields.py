"""Parsers for single CSV fields; each raises `FieldError` with a message for the user."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from urllib.parse import urlparse

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A day followed by a time ("2024-11-30T10:00", "2024-11-30 10:00") or a time zone
# ("2024-11-30+02:00", "2024-11-30Z"): named in the message, then refused like any other.
_DATE_WITH_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d")
_DATE_WITH_ZONE = re.compile(r"^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:?\d{2})$")
_DATE_WITH_SLASHES = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$")

# The longest value any cell may hold, in characters: far above any real note (the
# bundled packs' longest is about 800) and low enough that a pasted document is refused.
MAX_FIELD_LENGTH = 1_000
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection),
# so free text may not start with them: a record never carries a formula into an export.
FORMULA_STARTS = ("=", "+", "-", "@")


class FieldError(ValueError):
    """A field value that cannot be accepted, with the reason in plain words."""


def parse_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise FieldError(
            f"{value!r} is not a valid id: use lower-case letters, digits, '_' and '-'"
        )
    return value


def parse_date(value: str) -> dt.date:
    """A calendar day; times and partial dates are refused so no precision is invented."""
    if not DATE_PATTERN.match(value):
        raise FieldError(f"{value!r} is not a date in the form YYYY-MM-DD{_date_hint(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise FieldError(f"{value!r} is not a real calendar date ({error})") from None


def _date_hint(value: str) -> str:
    if _DATE_WITH_ZONE.match(value):
        return ": it has a time zone; give only the local day"
    if _DATE_WITH_TIME.match(value):
        return ": it has a time of day; give only the day"
    if _DATE_WITH_SLASHES.match(value):
        return " (day and month could be either way round)"
    return ""


def check_length(value: str) -> str:
    """Any cell: refused over `MAX_FIELD_LENGTH` characters."""
    if len(value) > MAX_FIELD_LENGTH:
        raise FieldError(
            f"value is {len(value):,} characters long; the limit is {MAX_FIELD_LENGTH:,}"
        )
    return value


def parse_text(value: str) -> str:
    """Free text (a name, a note, a title): refused if a spreadsheet would run it."""
    if value.startswith(FORMULA_STARTS):
        raise FieldError(
            f"text starts with {value[0]!r}, so a spreadsheet would run it as a formula: "
            f"{value[:40]!r}; reword it to start with a letter or a digit"
        )
    return value


def parse_choice(value: str, allowed: Collection[str], what: str) -> str:
    if value not in allowed:
        raise FieldError(f"unknown {what} {value!r}; allowed: {', '.join(allowed)}")
    return value


def parse_float(value: str, low: float, high: float, what: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise FieldError(f"{value!r} is not a number") from None
    if not low <= number <= high:
        raise FieldError(f"{what} {number} is outside {low}..{high}")
    return number


def parse_url(value: str) -> str:
    """Only web links are kept, so a `javascript:` or `file:` link can never reach the page."""
    if not value:
        return ""
    try:
        parsed = urlparse(value)
    except ValueError:  # e.g. a broken IPv6 host: not a link anyone can follow
        raise FieldError(f"{value!r} is not an http(s) link") from None
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise FieldError(f"{value!r} is not an http(s) link")
    return value


def split_ids(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())
