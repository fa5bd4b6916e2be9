"""A user's own events file: received from the browser, checked, kept in the browser.

The file never touches the disk and never lives only in one server process: the page
keeps it (a session store) and sends it with each request that needs it, so any worker
of any server can answer. Each process keeps a small cache of the projects built from
recent files, keyed by content, only to avoid checking the same file twice; it is
bounded by number and by an estimate of the memory the projects hold.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import threading
from collections import OrderedDict

from dashboard.i18n import N_, Translator, translator
from dashboard.problems import Problem
from dashboard.project import Project, with_events
from dashboard.records import GivenFile, RecordError
from dashboard.records.limits import USER_MAX_BYTES as MAX_UPLOAD_BYTES
from dashboard.web.limits import (
    CACHED_BYTES,
    CACHED_PROJECTS,
    REMEMBERED_REFUSALS,
    SHOWN_PROBLEMS,
)

# Memory a checked record holds per byte of its file (its rows as Python objects):
# measured 13 MB for a 1.9 MB file of 13,000 rows.
PARSED_BYTES_PER_BYTE = 8


class UploadRefused(ValueError):
    """A file that cannot even be read as an events file; says why in plain words, in
    English (`str`) or in the page's language (`explain`)."""

    def __init__(self, msgid: str, **values: object):
        super().__init__(msgid.format(**values))
        self.msgid = msgid
        self.values = values

    def explain(self, tr: Translator) -> str:
        return tr(self.msgid, **self.values)


def given_file(contents: str, filename: object) -> GivenFile:
    """The uploaded file from dcc.Upload's data URL; its name is for messages only."""
    _, _, encoded = (contents or "").partition(",")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise UploadRefused(N_("the upload could not be read; pick the file again")) from None
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(
            N_("the file is {size:,} bytes; the limit is {limit:,} bytes"),
            size=len(data),
            limit=MAX_UPLOAD_BYTES,
        )
    return GivenFile(display_name(filename), data)


def display_name(filename: object) -> str:
    """The file's name reduced to safe characters, to show in messages; never a path."""
    name = re.sub(r"[^\w.\- ]+", "_", str(filename or "events.csv"))[-80:].strip(" ._")
    return name or "events.csv"


def stored(given: GivenFile) -> dict:
    """What the page keeps: the file's name and its text."""
    return {"name": given.name, "csv": given.data.decode("utf-8-sig")}


def _key(text: str) -> str:
    """A record's key: the hash of its text, the same for an upload and the page's copy."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class UserProjects:
    """The project to answer a request with: the pack's own, or one built on the user's
    file the page sent. Rebuilt from the page's copy whenever this process lacks it.

    Safe to share between the threads of a worker. A copy that fails the checks (the
    page only keeps files that passed: it was altered, or the rules changed) means the
    pack's own record, and its hash is remembered so it is not checked again.
    """

    def __init__(
        self,
        project: Project,
        max_projects: int = CACHED_PROJECTS,
        max_bytes: int = CACHED_BYTES,
    ):
        self.project = project
        self.max_projects = max_projects
        self.max_bytes = max_bytes
        self._cache: OrderedDict[str, tuple[Project, int]] = OrderedDict()
        self._refused: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, given: GivenFile) -> Project:
        """Build the project on the file, or raise `RecordError` with every problem."""
        built = with_events(self.project, given)
        self._remember(_key(given.data.decode("utf-8-sig")), built, footprint(built, given))
        return built

    def keyed(self, user: object) -> tuple[str, Project]:
        """The key of the record the page holds ("" for the pack's own) and its project.

        None or a malformed value means the pack's own record.
        """
        if not isinstance(user, dict) or not isinstance(user.get("csv"), str):
            return "", self.project
        key = _key(user["csv"])
        with self._lock:
            if key in self._refused:
                return "", self.project
            if key in self._cache:
                self._cache.move_to_end(key)
                return key, self._cache[key][0]
        try:
            given = GivenFile(display_name(user.get("name")), user["csv"].encode("utf-8"))
            return key, self.check(given)
        except RecordError:
            with self._lock:
                self._refused[key] = None
                while len(self._refused) > REMEMBERED_REFUSALS:
                    self._refused.popitem(last=False)
            return "", self.project

    def for_page(self, user: object) -> Project:
        """The project for what the page holds."""
        return self.keyed(user)[1]

    @property
    def cached_bytes(self) -> int:
        """The estimated memory of the projects kept."""
        with self._lock:
            return sum(size for _, size in self._cache.values())

    def _remember(self, key: str, project: Project, size: int) -> None:
        """Keep the project, the oldest going first while the cache is over either bound;
        a project larger than the whole budget is not kept."""
        if size > self.max_bytes:
            return
        with self._lock:
            self._cache[key] = (project, size)
            self._cache.move_to_end(key)
            total = sum(kept for _, kept in self._cache.values())
            while len(self._cache) > self.max_projects or total > self.max_bytes:
                total -= self._cache.popitem(last=False)[1][1]


def footprint(project: Project, given: GivenFile) -> int:
    """An estimate of the memory a project built on `given` holds beside the pack's:
    its day tables and its parsed rows."""
    return project.timeline.nbytes + PARSED_BYTES_PER_BYTE * len(given.data)


def problem_lines(
    problems: list[Problem], tr: Translator | None = None, most: int = SHOWN_PROBLEMS
) -> list[str]:
    """`row N, column C: message` lines (the file is the one the user just gave): the
    first `most`, then one line that counts the rest.

    The checks' own messages stay in English; where they point is in `tr`'s language."""
    tr = tr or translator(None)
    lines = [
        tr(_WHERE[bool(p.row), bool(p.column)], row=p.row, column=p.column, message=p.message)
        for p in problems[:most]
    ]
    if len(problems) > most:
        lines.append(tr("and {count:,} more problems", count=len(problems) - most))
    return lines


# Where a problem is, by (has a row, has a column).
_WHERE = {
    (True, True): N_("row {row}, column {column}: {message}"),
    (True, False): N_("row {row}: {message}"),
    (False, True): N_("file, column {column}: {message}"),
    (False, False): N_("file: {message}"),
}
