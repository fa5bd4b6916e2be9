"""A reader for the data part of Lua: the table constructors that Wikipedia's
detailed-map modules are made of (`return { marks = { { lat = "8.4", ... }, ... } }`).

Only literals are understood: tables, strings, numbers, booleans and `nil`. Anything
else (a function call, an operator) is refused with its line, never evaluated.
"""

from __future__ import annotations

import re

from dashboard.records.fields import FieldError

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<long_comment>--\[(?P<eq1>=*)\[.*?\](?P=eq1)\])
  | (?P<comment>--[^\n]*)
  | (?P<long_string>\[(?P<eq2>=*)\[.*?\](?P=eq2)\])
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<number>-?(?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[{}\[\]=,;])
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "\n": "\n"}
# Nesting deeper than this is no map module: refused rather than recursed into.
MAX_DEPTH = 50


class LuaError(FieldError):
    """Text that is not a literal Lua table, with the line where reading stopped."""


def parse_module(text: str) -> object:
    """The value a module returns: the literal after `return` (or the whole text)."""
    tokens = list(_tokens(text))
    start = next((i + 1 for i, t in enumerate(tokens) if t[0] == "name" and t[1] == "return"), 0)
    if start == 0 and tokens and tokens[0][0] == "name" and tokens[0][1] != "return":
        # "local p = { ... } return p" and the like: read the first table.
        start = next((i for i, t in enumerate(tokens) if t[1] == "{"), len(tokens))
    value, _ = _value(tokens, start, 0)
    return value


def _tokens(text: str):
    position, line = 0, 1
    while position < len(text):
        found = _TOKEN.match(text, position)
        if found is None:
            raise LuaError(f"line {line}: cannot read {text[position : position + 20]!r}")
        kind = found.lastgroup
        if kind in ("eq1", "eq2"):
            kind = "long_comment" if found.group("long_comment") else "long_string"
        chunk = found.group(0)
        if kind not in ("space", "comment", "long_comment"):
            yield kind, chunk, line
        line += chunk.count("\n")
        position = found.end()


def _value(tokens: list, i: int, depth: int) -> tuple[object, int]:
    if i >= len(tokens):
        raise LuaError("the text ends before its value")
    kind, chunk, line = tokens[i]
    if chunk == "{":
        if depth >= MAX_DEPTH:
            raise LuaError(f"line {line}: tables nested more than {MAX_DEPTH} deep")
        return _table(tokens, i + 1, depth + 1)
    if kind == "string":
        return _unescape(chunk[1:-1]), i + 1
    if kind == "long_string":
        opening = chunk.index("[", 1) + 1
        return chunk[opening : len(chunk) - opening].lstrip("\n"), i + 1
    if kind == "number":
        return (int(chunk, 16) if "x" in chunk.lower() else float(chunk)), i + 1
    if kind == "name" and chunk in ("true", "false", "nil"):
        return {"true": True, "false": False, "nil": None}[chunk], i + 1
    raise LuaError(
        f"line {line}: {chunk!r} is not a literal value (only tables, texts and numbers are read)"
    )


def _table(tokens: list, i: int, depth: int) -> tuple[object, int]:
    fields: dict[object, object] = {}
    items: list[object] = []
    while True:
        if i >= len(tokens):
            raise LuaError("a table is not closed")
        kind, chunk, line = tokens[i]
        if chunk == "}":
            return (fields | {n + 1: v for n, v in enumerate(items)} if fields else items), i + 1
        if kind == "name" and i + 1 < len(tokens) and tokens[i + 1][1] == "=":
            fields[chunk], i = _value(tokens, i + 2, depth)
        elif chunk == "[":
            key, i = _value(tokens, i + 1, depth)
            if i + 1 >= len(tokens) or tokens[i][1] != "]" or tokens[i + 1][1] != "=":
                raise LuaError(f"line {line}: expected '] =' after a [key]")
            fields[key], i = _value(tokens, i + 2, depth)
        else:
            value, i = _value(tokens, i, depth)
            items.append(value)
        if i < len(tokens) and tokens[i][1] in (",", ";"):
            i += 1
        elif i < len(tokens) and tokens[i][1] != "}":
            raise LuaError(f"line {tokens[i][2]}: expected ',' or '}}', found {tokens[i][1]!r}")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text, flags=re.DOTALL)
