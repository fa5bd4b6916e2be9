"""Exports written to files: never over a file that exists unless asked, never half.

The CLI's batches write through here; the app sends the same bytes as a download. File
names are made from dates and presets only (`batch.py`), never from user input.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from dashboard.reports.errors import ExportError, ExportWriteError


def write_new(data: bytes, out: Path, force: bool = False) -> None:
    """Write `data` to `out`: a new file, or with `force` in place of an existing one.

    A write that fails midway (a full disk, Ctrl-C) leaves no file behind and, with
    `force`, the old file as it was: the bytes go to a temporary file in the same
    folder that then replaces `out` in one step. Raises `ExportError` saying what went
    wrong with which path.
    """
    out = Path(out)
    if not force:
        _write_exclusive(data, out)
        return
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed or removed below
            dir=out.parent, prefix=f".{out.name}.", delete=False
        )
    except OSError as error:
        raise ExportWriteError(out, error) from None
    partial = Path(handle.name)
    try:
        write_stream(handle, data, out)
        handle.close()
        os.replace(partial, out)
    except BaseException as error:
        _discard(handle, partial)
        if isinstance(error, OSError):
            raise ExportWriteError(out, error) from None
        raise


def _write_exclusive(data: bytes, out: Path) -> None:
    try:
        handle = out.open("xb")
    except FileExistsError:
        raise ExportError(f"{out} exists; not overwriting it") from None
    except OSError as error:
        raise ExportWriteError(out, error) from None
    try:
        write_stream(handle, data, out)
    except BaseException:  # a full disk, or Ctrl-C: no partial file is left
        _discard(handle, out)
        raise
    try:
        handle.close()
    except OSError as error:
        _discard(handle, out)
        raise ExportWriteError(out, error) from None


def write_stream(handle: BinaryIO, data: bytes, name: Path | str) -> None:
    """Write `data` to an opened binary stream and flush it, so a full disk shows here.

    Raises `ExportWriteError` naming `name`; the caller owns (and removes) the file.
    """
    try:
        handle.write(data)
        handle.flush()
    except OSError as error:
        raise ExportWriteError(name, error) from None


def _discard(handle: BinaryIO, path: Path) -> None:
    """Close and remove a file this export created ("xb" or a temporary file: never
    one that was there)."""
    with contextlib.suppress(OSError):
        handle.close()  # flushes the failed buffer again, which fails again
    with contextlib.suppress(OSError):
        path.unlink()
