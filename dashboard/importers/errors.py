"""How an import refuses its input: every problem with file, row (or key) and column."""

from __future__ import annotations

from dashboard.problems import ProblemsError


class ImportRefused(ProblemsError):
    """An input, mapping or draft folder the import cannot use; nothing was written."""

    what = "import"
