"""Exports that could not be made: each message says what failed and what to fix."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from dashboard.extras import MissingExtra, need

# Where choreographer (Kaleido's browser driver) looks when BROWSER_PATH is not set.
BROWSER_SEARCH = "chromium, chromium-browser or google-chrome on PATH, or in /usr/bin"


class ExportError(Exception):
    """An export that could not be made; the message says why and names what to fix."""


def need_for_export(extra: str, what: str) -> None:
    """`extras.need`, refused as an export error (what the app's dialog and the CLI show)."""
    try:
        need(extra, what)
    except MissingExtra as missing:
        raise ExportError(str(missing)) from None


class ChromiumNotFound(ExportError):
    """No browser for Kaleido to render with."""

    def __init__(self) -> None:
        browser_path = os.environ.get("BROWSER_PATH")
        looked = (
            f"BROWSER_PATH={browser_path!r} is not a file"
            if browser_path
            else f"looked for {BROWSER_SEARCH}"
        )
        super().__init__(
            f"no Chromium found for exports ({looked}): install Debian's chromium "
            "(apt install chromium) or set BROWSER_PATH to its executable"
        )


class ChromiumFailed(ExportError):
    """A browser was found but did not start or stopped during the render."""

    def __init__(self) -> None:
        browser_path = os.environ.get("BROWSER_PATH")
        which = f"BROWSER_PATH={browser_path!r}" if browser_path else "the Chromium found"
        super().__init__(
            f"Chromium could not render the export ({which} failed to start or closed); "
            "check that Debian's chromium runs: chromium --headless --version"
        )


class ExportWriteError(ExportError):
    """The export was rendered but could not be written to its file."""

    def __init__(self, path: Path | str, error: OSError) -> None:
        self.path = Path(path)
        super().__init__(f"cannot write {path}: {_reason(self.path, error)}")


def _reason(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full (no space left on device)"
    if error.errno == errno.EDQUOT:
        return "the disk quota is used up"
    if error.errno == errno.ENOENT:
        return f"the folder {path.parent} does not exist"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied (the folder {path.parent} is not writable)"
    if error.errno == errno.EROFS:
        return "the file system is read-only"
    return error.strerror or str(error)
