"""How every input problem is reported: file, row (or key), column, message.

One shape for CSV rows, `conflict.toml` keys and uploads, so the CLI and the app list
them the same way and a user fixes everything in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located precisely enough to fix it.

    `row` is the line number in the file as an editor shows it (the header is
    line 1); 0 means the file as a whole (or, with a `column`, a key of a settings file).
    """

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row else self.file
        column = f" [{self.column}]" if self.column else ""
        return f"{where}{column}: {self.message}"


class ProblemsError(ValueError):
    """Input that cannot be trusted; carries every problem found."""

    what = "input"

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in the {self.what}:\n{lines}")
