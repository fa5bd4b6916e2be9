"""A user's own events file: received from the browser, checked, kept in the browser.

The file never touches the disk and never lives only in one server process: the page
keeps it (a session store) and sends it with each request that needs it, so any worker
of any server can answer. Each process keeps a small cache of the projects built from
recent files, keyed by content, only to avoid checking the same file twice.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections import OrderedDict

from dashboard.i18n import N_, Translator, translator
from dashboard.problems import Problem
from dashboard.project import Project, with_events
from dashboard.records import GivenFile, RecordError

MAX_UPLOAD_BYTES = 2_000_000  # 2 MB: about 10,000 change rows
CACHED_PROJECTS = 8


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
    file the page sent. Rebuilt from the page's copy whenever this process lacks it."""

    def __init__(self, project: Project):
        self.project = project
        self._cache: OrderedDict[str, Project] = OrderedDict()

    def check(self, given: GivenFile) -> Project:
        """Build the project on the file, or raise `RecordError` with every problem."""
        built = with_events(self.project, given)
        self._remember(_key(given.data.decode("utf-8-sig")), built)
        return built

    def keyed(self, user: object) -> tuple[str, Project]:
        """The key of the record the page holds ("" for the pack's own) and its project.

        None or a malformed value means the pack's own record.
        """
        if not isinstance(user, dict) or not isinstance(user.get("csv"), str):
            return "", self.project
        key = _key(user["csv"])
        if key in self._cache:
            self._cache.move_to_end(key)
            return key, self._cache[key]
        try:
            given = GivenFile(display_name(user.get("name")), user["csv"].encode("utf-8"))
            return key, self.check(given)
        except RecordError:
            return "", self.project  # the page only keeps files that passed the checks

    def for_page(self, user: object) -> Project:
        """The project for what the page holds."""
        return self.keyed(user)[1]

    def _remember(self, key: str, project: Project) -> None:
        self._cache[key] = project
        self._cache.move_to_end(key)
        while len(self._cache) > CACHED_PROJECTS:
            self._cache.popitem(last=False)


def problem_lines(problems: list[Problem], tr: Translator | None = None) -> list[str]:
    """`row N, column C: message` lines (the file is the one the user just gave).

    The checks' own messages stay in English; where they point is in `tr`'s language."""
    tr = tr or translator(None)
    return [
        tr(_WHERE[bool(p.row), bool(p.column)], row=p.row, column=p.column, message=p.message)
        for p in problems
    ]


# Where a problem is, by (has a row, has a column).
_WHERE = {
    (True, True): N_("row {row}, column {column}: {message}"),
    (True, False): N_("row {row}: {message}"),
    (False, True): N_("file, column {column}: {message}"),
    (False, False): N_("file: {message}"),
}
