"""Run the `frontline` command as a plain install has it: without the modules the extras
bring (`python tests/without_extras.py EXTRA[,EXTRA] -- ARGS`, or `-` for none missing).
Importing any of them fails as it would where it is not installed."""

from __future__ import annotations

import sys

from dashboard.extras import EXTRAS


class Missing:
    """A finder that says the modules of the missing extras are not installed."""

    def __init__(self, modules: set[str]):
        self.modules = modules

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.modules:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


if __name__ == "__main__":
    extras, _, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    missing = {module for extra in extras.split(",") if extra != "-" for module in EXTRAS[extra]}
    sys.meta_path.insert(0, Missing(missing))
    from dashboard.cli import main

    sys.exit(main(args))
