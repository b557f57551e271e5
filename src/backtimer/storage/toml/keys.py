"""Find which line each key of a TOML text sits on, and write key paths as a user reads them.

`tomllib` gives no positions for keys, so error messages would say *what* is wrong but not *where*.
`locate_keys` scans the text once and maps each key path to its line. It is a forgiving scanner,
not a parser: when it cannot place a key, callers fall back to the nearest enclosing table.
"""

from __future__ import annotations

import re

KeyPath = tuple[str | int, ...]
"""A key inside a file: table names, keys and array indexes, outermost first."""


_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
# The name must be a key: a line such as `[1, 2]` inside a multi-line array is not a header.
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*(\]\]?)\s*(#.*)?$")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")
_INLINE_KEY = re.compile(r"""[{,]\s*([A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*=""")


def _split_dotted(key: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", key)
    return [part.strip("\"'") for part in parts]


# What decides where a value ends: comments, strings (whose brackets do not count) and brackets.
_TOKEN = re.compile(r"""#|\"\"\"|'''|"(?:[^"\\\n]|\\.)*"?|'[^'\n]*'?|[\[\]]""")


def _scan_value(fragment: str) -> tuple[int, str | None]:
    """How many `[` the fragment leaves open, and the multi-line string delimiter it leaves open."""
    depth = 0
    position = 0
    while match := _TOKEN.search(fragment, position):
        token = match.group()
        position = match.end()
        if token == "#":
            break
        if token in ('"""', "'''"):
            close = fragment.find(token, position)
            if close < 0:
                return depth, token
            position = close + 3
        elif token == "[":
            depth += 1
        elif token == "]":
            depth -= 1
    return depth, None


def locate_keys(text: str) -> dict[KeyPath, int]:
    """Map key paths to 1-based line numbers.

    Arrays of tables get integer indexes: the second `[[exercise]]` is `("exercise", 1)`, and a
    key under it `("exercise", 1, "dose")`. Keys inside one-line inline tables are placed on
    their line too. Lines inside multi-line strings and multi-line arrays are skipped.
    """
    lines: dict[KeyPath, int] = {}
    counts: dict[KeyPath, int] = {}
    base: KeyPath = ()
    in_multiline: str | None = None
    depth = 0  # the `[` a multi-line array value has left open

    def resolve(names: list[str]) -> KeyPath:
        # Each prefix that names an array of tables stands for its latest element.
        path: KeyPath = ()
        for name in names:
            path = (*path, name)
            if path in counts:
                path = (*path, counts[path] - 1)
        return path

    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline is not None:
            close = line.find(in_multiline)
            if close < 0:
                continue
            # Up to two more quotes may end the string ("""a""""" is `a""`).
            rest = line[close + 3 :].lstrip(in_multiline[0])
            in_multiline = None
            if depth > 0:
                opened, in_multiline = _scan_value(rest)
                depth = max(0, depth + opened)
            continue
        if depth > 0:
            opened, in_multiline = _scan_value(line)
            depth = max(0, depth + opened)
            continue
        header = _HEADER.match(line)
        if header and len(header.group(1)) == len(header.group(3)):
            names = _split_dotted(header.group(2))
            if header.group(1) == "[[":
                parent = resolve(names[:-1])
                array: KeyPath = (*parent, names[-1])
                index = counts.get(array, 0)
                counts[array] = index + 1
                lines.setdefault(array, number)
                base = (*array, index)
            else:
                base = resolve(names)
            lines[base] = number
            continue
        key = _KEY.match(line)
        if not key:
            continue
        path = (*base, *_split_dotted(key.group(1)))
        # `dose.target = 30` also places `dose`, so problems with the table point here.
        for end in range(len(base) + 1, len(path) + 1):
            lines.setdefault(path[:end], number)
        rest = line[key.end() :]
        opened, in_multiline = _scan_value(rest)
        depth = max(0, opened)
        if rest.lstrip().startswith("{"):
            for inner in _INLINE_KEY.finditer(rest):
                lines.setdefault((*path, inner.group(1).strip("\"'")), number)
    return lines


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of `path`, or of its nearest enclosing key or table that the scanner placed."""
    for end in range(len(path), 0, -1):
        found = lines.get(path[:end])
        if found is not None:
            return found
    return None


def format_path(path: KeyPath) -> str:
    """`("exercise", 1, "dose", "target")` → `exercise[1].dose.target`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
