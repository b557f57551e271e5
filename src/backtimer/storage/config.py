"""User settings from `<config dir>/config.toml`, every key optional.

A missing file means the defaults. A broken file never stops a workout: each bad key falls back to
its default and comes back as a `Problem` naming the file, line and key. backtimer writes one key
of it, `theme`, when a theme is chosen in the app (`save_theme`), and leaves every other line as
it is. Every key is documented in `docs/config.md`.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backtimer.domain.pain import PROGRAM_PAIN_LIMIT
from backtimer.domain.rotation import DAILY_MOST
from backtimer.storage.toml import MAX_TEXT, Checker, KeyPath, Problem, ReadFailure, read_toml

if TYPE_CHECKING:  # read at start-up; the engine is only needed once a session starts
    from backtimer.engine import Settings

DEFAULT_THEME = "textual-dark"
MAX_COMMAND_ARGS = 64


@dataclass(frozen=True)
class Warnings:
    """Which warning cues a timed phase gives before it ends."""

    halfway: bool = True
    ten_seconds: bool = True
    countdown: int = 3
    """Count cues before the end: 3 gives "3", "2", "1"; 0 turns them off."""
    form_reminder: bool = True
    """One form point (keep breathing) in the middle of each hold of 30 s or more."""


@dataclass(frozen=True)
class Config:
    """Every setting, with its default. `from_file` names the keys the file set."""

    lead_in_s: float | None = None
    """Seconds to get into position; None: the routine's (5 s unless it says otherwise)."""
    warnings: Warnings = field(default_factory=Warnings)
    voice: bool = True
    voice_command: tuple[str, ...] = ()
    """The speech program and its arguments; empty: the first of espeak-ng, espeak, spd-say, say."""
    voice_rate: int | None = None
    """Words per minute for the speech program; None: its own default."""
    bell: bool = True
    tone: bool = True
    """Play short tones through a sound player when there is no voice (before the bell)."""
    notify: bool = False
    command: tuple[str, ...] = ()
    """A program run for every cue, `{text}` and `{kind}` substituted in its arguments."""
    pain_limit: int | None = None
    """The most pain (0–2) that still counts as fine; None: the routine's (2 unless it says).
    The limit in force is the lowest of this and the routine's (`domain.pain.pain_limit`)."""
    theme: str = DEFAULT_THEME
    keep_going: bool = False
    daily_exercises: int = DAILY_MOST
    """How many exercises the daily rotation (program B) picks a day: 1–3, the program's
    "1–3 exercises a day"."""
    from_file: frozenset[str] = field(default=frozenset(), compare=False)


TOP_KEYS = (
    "lead_in_s",
    "warnings",
    "voice",
    "voice_command",
    "voice_rate",
    "bell",
    "tone",
    "notify",
    "command",
    "pain_limit",
    "theme",
    "keep_going",
    "daily_exercises",
)
WARNING_KEYS = ("halfway", "ten_seconds", "countdown", "form_reminder")


def load_config(path: Path) -> tuple[Config, list[Problem]]:
    """Read the settings file. Missing: defaults. Broken: defaults for what is broken, and why."""
    shown = str(path)
    if not path.exists() and not path.is_symlink():
        return Config(), []
    result = read_toml(path)
    if isinstance(result, ReadFailure):
        message = f"{result.message}; using the default settings"
        return Config(), [Problem(shown, message, result.line)]
    data, text = result
    return parse_config(data, text, shown)


def parse_config(data: dict[str, Any], text: str, file: str) -> tuple[Config, list[Problem]]:
    """Build a `Config` from parsed TOML; each bad value is reported and left at its default."""
    check = Checker(file, text, max_text=MAX_TEXT, refuse_control=True)
    top = check.table(data, (), TOP_KEYS) or {}
    values: dict[str, Any] = {}
    seen: set[str] = set()

    def keep(key: str, value: Any) -> None:
        if value is not None:
            values[key] = value
            seen.add(key)

    if "lead_in_s" in top:
        keep("lead_in_s", check.number(top, (), "lead_in_s", 0, 120, unit="seconds"))
    if "pain_limit" in top:
        keep("pain_limit", check.pain_limit(top, (), "pain_limit"))
    if "voice_rate" in top:
        keep("voice_rate", check.integer(top, (), "voice_rate", 80, 450))
    if "daily_exercises" in top:
        keep("daily_exercises", check.integer(top, (), "daily_exercises", 1, DAILY_MOST))
    for key in ("voice", "bell", "tone", "notify", "keep_going"):
        if key in top:
            keep(key, check.boolean(top, (), key))
    for key in ("voice_command", "command"):
        if key in top:
            keep(key, _command(check, top, key))
    if "theme" in top:
        theme = check.text(top, (), "theme")
        if theme == "":
            check.expected(("theme",), "a theme name such as 'textual-dark'", top["theme"])
            theme = None
        keep("theme", theme)
    if "warnings" in top:
        warnings = _warnings(check, top["warnings"])
        if warnings is not None:
            values["warnings"] = warnings[0]
            seen.update(f"warnings.{key}" for key in warnings[1])
    return Config(**values, from_file=frozenset(seen)), check.problems


def _command(check: Checker, table: dict[str, Any], key: str) -> tuple[str, ...] | None:
    wanted = 'a list of text: the program then its arguments, like ["espeak-ng", "-v", "en"]'
    value = check.text_list(table, (), key, wanted)
    if value is None:
        return None
    if len(value) > MAX_COMMAND_ARGS:
        check.error((key,), f"expected at most {MAX_COMMAND_ARGS} arguments, found {len(value)}")
        return None
    if value and not value[0].strip():
        check.error((key,), "the first item must name the program to run, found empty text")
        return None
    if any("\x00" in item for item in value):
        check.error((key,), "arguments cannot contain a NUL character")
        return None
    return tuple(value)


def _warnings(check: Checker, raw: Any) -> tuple[Warnings, set[str]] | None:
    table = check.table(raw, ("warnings",), WARNING_KEYS)
    if table is None:
        return None
    path: KeyPath = ("warnings",)
    values: dict[str, Any] = {}
    for key in ("halfway", "ten_seconds", "form_reminder"):
        if key in table:
            flag = check.boolean(table, path, key)
            if flag is not None:
                values[key] = flag
    if "countdown" in table:
        count = check.integer(table, path, "countdown", 0, 10)
        if count is not None:
            values["countdown"] = count
    return Warnings(**values), set(values)


def session_settings(config: Config) -> Settings:
    """The engine settings these options ask for."""
    from backtimer.engine import Settings

    return Settings(
        lead_in=config.lead_in_s,
        halfway=config.warnings.halfway,
        ten_seconds=config.warnings.ten_seconds,
        countdown=config.warnings.countdown,
        form_reminder=config.warnings.form_reminder,
        keep_going=config.keep_going,
        pain_limit=config.pain_limit,
    )


def _shown(value: Any) -> str:
    if value is None:
        return "(from the routine)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, tuple):
        return "[" + ", ".join(f'"{item}"' for item in value) + "]" if value else "[]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def effective_values(config: Config) -> list[tuple[str, str, str]]:
    """(key, value, source) for every setting, source being `file` or `default`."""
    rows: list[tuple[str, str, str]] = []
    for item in fields(config):
        if item.name == "from_file":
            continue
        value = getattr(config, item.name)
        if isinstance(value, Warnings):
            for sub in fields(value):
                key = f"warnings.{sub.name}"
                source = "file" if key in config.from_file else "default"
                rows.append((key, _shown(getattr(value, sub.name)), source))
            continue
        if item.name == "voice_command" and not value:
            shown = "[] (the first found of espeak-ng, espeak, spd-say, say)"
        elif item.name == "voice_rate" and value is None:
            shown = "(the speech program's own)"
        elif item.name == "pain_limit" and value is None:
            shown = f"{PROGRAM_PAIN_LIMIT} (the pain rule's; a routine may set a lower one)"
        else:
            shown = _shown(value)
        rows.append((item.name, shown, "file" if item.name in config.from_file else "default"))
    return rows


# --- the one key backtimer writes -----------------------------------------------------------

_KEY_LINE = re.compile(r"\s*theme\s*=")
_TABLE_LINE = re.compile(r"\s*\[")


def save_theme(path: Path, theme: str, *, fsync: bool = True) -> str | None:
    """Set `theme` in config.toml so the next start uses it, changing that one line (or adding
    it above the first table) and nothing else; what went wrong, or None. A file that is not
    valid TOML is left alone: the user has a mistake to fix first."""
    from backtimer.storage.history.writer import write_atomic
    from backtimer.storage.paths import ensure_private_dir

    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return f"{path}: {getattr(error, 'strerror', None) or error}; the theme was not saved"
    line = f"theme = {json.dumps(theme)}\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    at = next((i for i, old in enumerate(lines) if _TABLE_LINE.match(old)), len(lines))
    key = next((i for i, old in enumerate(lines[:at]) if _KEY_LINE.match(old)), None)
    if key is not None:
        lines[key] = line
    else:
        lines.insert(at, line)
    new = "".join(lines)
    try:
        if tomllib.loads(new).get("theme") != theme:
            raise ValueError
    except (tomllib.TOMLDecodeError, ValueError):
        return f"{path}: the theme line could not be changed safely; set theme = {theme!r} by hand"
    try:
        ensure_private_dir(path.parent)
        write_atomic(path, new.encode("utf-8"), fsync=fsync)
    except OSError as error:
        return f"{path}: {error.strerror or error}; the theme was not saved"
    return None


__all__ = [
    "DEFAULT_THEME",
    "Config",
    "Problem",
    "Warnings",
    "effective_values",
    "load_config",
    "parse_config",
    "save_theme",
    "session_settings",
]
