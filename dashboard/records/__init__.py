"""Reading and checking the control record (towns, sources, events).

Loading never prints or exits: it returns typed records or raises
`RecordError` carrying every problem found, so the CLI and the app decide
how to report them.
"""

from dashboard.problems import Problem
from dashboard.records.load import load_record
from dashboard.records.models import (
    ControlEvent,
    Record,
    RecordError,
    Source,
    Town,
)
from dashboard.records.table import GivenFile

__all__ = [
    "ControlEvent",
    "GivenFile",
    "Problem",
    "Record",
    "RecordError",
    "Source",
    "Town",
    "load_record",
]
