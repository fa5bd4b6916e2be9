"""Parsers for single CSV fields; each raises `FieldError` with a message for the user."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from urllib.parse import urlparse

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
        raise FieldError(f"{value!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise FieldError(f"{value!r} is not a real calendar date ({error})") from None


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
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise FieldError(f"{value!r} is not an http(s) link")
    return value


def split_ids(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())
