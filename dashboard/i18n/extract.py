"""The interface texts the code asks for, found by reading the source, and which of
them a catalogue lacks: `python -m dashboard.i18n.extract ar` lists what to translate.

A text counts when it is the first argument of `tr(...)` or `N_(...)`, or the singular
(first argument) of `tr.ngettext(singular, plural, n)`: a string, either branch of
`a if c else b`, or the name of a module-level string constant.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from dashboard.i18n import catalogue

PACKAGE_DIR = Path(__file__).resolve().parents[1]
MARKERS = ("tr", "N_")
PLURAL_MARKER = "ngettext"


def used_msgids(package_dir: Path = PACKAGE_DIR) -> dict[str, str]:
    """Every text the code translates -> the first file that uses it."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in _sources(package_dir)}
    constants = {
        target.id: node.value.value
        for tree in trees.values()
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found: dict[str, str] = {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and _marked(node.func):
                for text in _texts(node.args[0], constants):
                    found.setdefault(text, str(path.relative_to(package_dir.parent)))
    return found


def missing(lang: str) -> dict[str, str]:
    """Texts the code uses that the language's catalogue does not translate."""
    translated = catalogue(lang)
    return {text: where for text, where in used_msgids().items() if text not in translated}


def _marked(func: ast.expr) -> bool:
    """`tr(...)`, `N_(...)` or `<translator>.ngettext(...)`."""
    if isinstance(func, ast.Name):
        return func.id in MARKERS
    return isinstance(func, ast.Attribute) and func.attr == PLURAL_MARKER


def _sources(package_dir: Path) -> list[Path]:
    return sorted(path for path in package_dir.rglob("*.py") if "bundled" not in path.parts)


def _texts(node: ast.expr, constants: dict[str, str]) -> list[str]:
    if isinstance(node, ast.IfExp):
        return _texts(node.body, constants) + _texts(node.orelse, constants)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    return []  # a variable: its texts are marked with N_ where they are written


if __name__ == "__main__":
    for code in sys.argv[1:] or ["ar"]:
        for text, where in missing(code).items():
            print(f"{code}\t{where}\t{text}")
