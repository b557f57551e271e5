"""Run every command against hostile data files, each under a time and a memory limit.

    .venv/bin/python scripts/hostile_files.py [--only WORD] [--commands today,history] [-v]

Each case is a small real history with one hostile thing added: a session file with a key of
20,000 dotted parts, an integer of 4,400 digits, a date in year 1, a set of 1e308 seconds, a
journal cache nested 100,000 deep, a named pipe where a lock file goes, and so on. Every command
(`today`, `history`, `export`, `report`, `routines`, `stats`, `run`) and the home screen is run
against it, the full-screen ones in a pseudo-terminal and quit after a moment. A run passes when
it ends within the time limit, under the memory limit, prints no traceback, and leaves every file
that was there before as it was (backtimer's own caches may be rebuilt). Exit 1 if any run fails.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import os
import pty
import re
import resource
import select
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project folder, for the history generator in tests/support
from tests.support.history import make_history  # noqa: E402

TIME_LIMIT_S = 5.0
MEMORY_LIMIT_MB = 500
SCREEN_SETTLE_S = 2.5
"""How long a full-screen command runs before it is asked to quit."""
CACHES = ("index.sqlite3", "journal-cache.json")
"""Files backtimer derives from the others and may rebuild at any time."""
BACKTIMER = str(Path(sys.executable).parent / "backtimer")

Setup = Callable[[Path, Path], None]


# --- the hostile cases -------------------------------------------------------------------------


def _template(data: Path) -> str:
    newest = max((data / "sessions").rglob("*.toml"))
    return newest.read_text("utf-8")


def _add_session(data: Path, text: str, name: str = "2026-01-01T0000-0badf11e.toml") -> Path:
    path = data / "sessions" / "2026" / "01" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def _replace_session(old: str, new: str, *, slow: bool = False) -> Setup:
    """A copy of the newest session with one value changed (`slow`: not in the fast layout)."""

    def setup(data: Path, config: Path) -> None:
        text = _template(data)
        assert old in text, old
        text = text.replace(old, new, 1)
        _add_session(data, ("# edited by hand\n" if slow else "") + text)

    return setup


def _replace_all(pattern: str, new: str) -> Setup:
    """A copy of the newest session with every match of `pattern` replaced."""

    def setup(data: Path, config: Path) -> None:
        text = re.sub(pattern, new, _template(data))
        _add_session(data, text.replace('id = "', 'id = "0badf11e', 1))

    return setup


def _append_session(extra: str) -> Setup:
    def setup(data: Path, config: Path) -> None:
        _add_session(data, _template(data) + extra)

    return setup


def _raw_session(text: str) -> Setup:
    def setup(data: Path, config: Path) -> None:
        _add_session(data, text)

    return setup


def _journal_cache(content: bytes) -> Setup:
    def setup(data: Path, config: Path) -> None:
        (data / "journal-cache.json").write_bytes(content)

    return setup


def _fifo_at(relative: str) -> Setup:
    def setup(data: Path, config: Path) -> None:
        path = data / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        os.mkfifo(path, 0o600)

    return setup


def _live_lock(kind: str) -> Setup:
    """An in-progress session whose lock file is a FIFO, a folder or a link to a device."""

    def setup(data: Path, config: Path) -> None:
        text = _template(data).replace('status = "completed"', 'status = "in_progress"', 1)
        session_id = "feedfacefeedfacefeedfacefeedface"
        lines = [
            f'id = "{session_id}"' if line.startswith("id = ") else line
            for line in text.splitlines()
        ]
        _add_session(data, "\n".join(lines) + "\n", "2026-01-01T0001-feedface.toml")
        lock = data / "live" / f"{session_id}.lock"
        lock.parent.mkdir(parents=True, exist_ok=True)
        if kind == "fifo":
            os.mkfifo(lock, 0o600)
        elif kind == "folder":
            lock.mkdir()
        else:
            lock.symlink_to("/dev/zero")

    return setup


def _journal_file(text: str) -> Setup:
    def setup(data: Path, config: Path) -> None:
        path = data / "journal" / "2026" / "2026-01-01T000000-target-0badf1.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")

    return setup


def _data_file(name: str, text: str) -> Setup:
    def setup(data: Path, config: Path) -> None:
        (data / name).write_text(text, "utf-8")

    return setup


def _config_file(text: str) -> Setup:
    def setup(data: Path, config: Path) -> None:
        (config / "config.toml").write_text(text, "utf-8")

    return setup


def _nothing(data: Path, config: Path) -> None:
    return None


DOTTED = "a" + ".a" * 19_999
LONG_INT = "1" + "0" * 4_400
NEAR_LIMIT_INT = "1" + "0" * 3_998

CASES: dict[str, Setup] = {
    "plain": _nothing,
    "dotted-key-40k": _append_session(f"\n{DOTTED} = 1\n"),
    "dotted-key-240k": _append_session(f"\n{'a' + '.a' * 120_000} = 1\n"),
    "dotted-key-quoted": _append_session("\n" + '"a\\"".' * 20_000 + "b = 1\n"),
    "dotted-header": _append_session(f"\n[{DOTTED}]\n"),
    "dotted-inline": _append_session(f"\nx = {{ {DOTTED} = 1 }}\n"),
    "nested-arrays": _append_session("\nx = " + "[" * 100_000 + "]" * 100_000 + "\n"),
    "nested-tables": _append_session("\nx = " + "{a=" * 50_000 + "1" + "}" * 50_000 + "\n"),
    "long-int-fast": _replace_session("set_number = 1", f"set_number = {LONG_INT}"),
    "long-int-slow": _replace_session("set_number = 1", f"set_number = {LONG_INT}", slow=True),
    "long-int-schema": _replace_session("schema = 1", f"schema = {LONG_INT}"),
    "big-int-reps": _replace_session("set_number = 1", f"set_number = {NEAR_LIMIT_INT}"),
    "big-int-target": _replace_session("target = ", f"target = {NEAR_LIMIT_INT}\nx_target = "),
    "big-hex-set-number": _replace_session("set_number = 1", "set_number = 0x" + "f" * 3_900),
    "huge-reps": _replace_session("overtime = ", "reps = 1000000000\novertime = "),
    "year-1-started": _replace_session("started = 2", "started = 0001-01-01 00:00:00+05:00\nx = 2"),
    "year-9999-ended-at": _replace_session(
        "ended_at = 2", "ended_at = 9999-12-31 23:59:59-05:00\nx_ended_at = 2"
    ),
    "year-9999-ended": _replace_session("ended = 2", "ended = 9999-12-31 23:59:59-05:00\nx = 2"),
    "year-1-pain-at": _replace_session(", at = 2", ", at = 0001-01-01 00:00:00+05:00, x = 2"),
    "dates-1970-plus-14h": _replace_all(
        r"20\d\d-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d", "1970-01-01 00:00:00+14:00"
    ),
    "dates-2200-minus-12h": _replace_all(
        r"20\d\d-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d", "2200-12-31 23:59:59-12:00"
    ),
    "float-1e308-actual": _replace_session("actual_s = ", "actual_s = 1e308\nx_actual_s = "),
    "float-1e308-target": _replace_session("target = ", "target = 1e308\nx_target = "),
    "float-1e308-speed": _replace_session("speed = 1.0", "speed = 1e308"),
    "float-tiny-speed": _replace_session("speed = 1.0", "speed = 1e-308"),
    "one-megabyte-by-hand": _append_session(
        "# edited by hand\n"
        + "".join(
            f'\n[[set]]\nexercise_id = "x"\nexercise_name = "x"\nkind = "hold"\n'
            f'variant_id = "x"\nside = "both"\nset_number = {n + 1}\ntarget = 30\n'
            f'target_unit = "s"\nactual_s = 30.0\novertime = false\n'
            f"ended_at = 2026-01-01 00:00:00+00:00\n"
            for n in range(4_500)
        )
    ),
    "five-megabytes": _append_session(
        "".join(
            f'\n[[set]]\nexercise_id = "x"\nexercise_name = "x"\nkind = "hold"\n'
            f'variant_id = "x"\nside = "both"\nset_number = {n + 1}\ntarget = 30\n'
            f'target_unit = "s"\nactual_s = 30.0\novertime = false\n'
            f"ended_at = 2026-01-01 00:00:00+00:00\n"
            for n in range(25_000)
        )
    ),
    "many-exercises": _append_session(
        "".join(
            f'\n[[set]]\nexercise_id = "x{n}"\nexercise_name = "Exercise {n}"\nkind = "hold"\n'
            f'variant_id = "v{n}"\nside = "both"\nset_number = 1\ntarget = 30\n'
            f'target_unit = "s"\nactual_s = 30.0\npain = 9\novertime = false\n'
            f"ended_at = 2026-01-01 00:00:00+00:00\n"
            for n in range(4_000)
        )
    ),
    "long-notes": _replace_session('notes = ""', 'notes = "' + "note " * 190_000 + '"'),
    "long-name": _replace_session('exercise_name = "', 'exercise_name = "' + "x" * 900_000),
    "long-routine-name": _replace_session('routine_name = "', 'routine_name = "' + "Ab " * 300_000),
    "binary": _raw_session("\x00\x01\x02" * 1000),
    "session-fifo": _fifo_at("sessions/2026/01/2026-01-01T0000-0badf11e.toml"),
    "cache-nested": _journal_cache(b"[" * 200_000 + b"]" * 200_000),
    "cache-nested-inside": _journal_cache(
        b'{"version": 1, "files": {"x": [1, 2, ' + b"[" * 200_000 + b"]" * 200_000 + b"]}}"
    ),
    "cache-garbage": _journal_cache(b"\xff\xfe garbage"),
    "cache-fifo": _fifo_at("journal-cache.json"),
    "cache-huge-int": _journal_cache(b'{"version": 1, "files": {"x": [' + b"9" * 5000 + b"]}}"),
    "lock-fifo": _live_lock("fifo"),
    "lock-folder": _live_lock("folder"),
    "lock-device": _live_lock("device"),
    "journal-dotted": _journal_file(f"{DOTTED} = 1\n"),
    "journal-year-1": _journal_file(
        'kind = "next_day"\nat = 0001-01-01 00:00:00+05:00\nrated_on = 0001-01-01\n'
        "training_date = 0001-01-01\nvalue = 1\n"
    ),
    "journal-long-reason": _journal_file(
        'event = "target"\nat = 2026-01-01 00:00:00+00:00\nroutine_id = "b-isometrics"\n'
        'exercise_id = "side-plank"\nvariant_id = "knees"\ntarget = 20\nchange = "raise"\n'
        'accepted = true\nreason = "'
        + "Why " * 100_000
        + '"\nevidence = [\n'
        + '    "x",\n' * 50_000
        + "]\n"
    ),
    "journal-long-int": _journal_file(f"value = {LONG_INT}\n"),
    "plan-dotted": _data_file("plan.toml", f"{DOTTED} = 1\n"),
    "plan-nested": _data_file("plan.toml", "follow = " + "[" * 100_000 + "]" * 100_000 + "\n"),
    "rotation-dotted": _data_file("rotation.toml", f"{DOTTED} = 1\n"),
    "rotation-year-9999": _data_file("rotation.toml", "day = 9999-12-31\n"),
    "config-dotted": _config_file(f"{DOTTED} = 1\n"),
    "config-long-int": _config_file(f"voice_rate = {LONG_INT}\n"),
    "relative-data-dir": _nothing,
    "relative-env": _nothing,
}


# --- running one command -----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    seconds: float
    peak_mb: float
    code: int | None
    output: str
    timed_out: bool


def _limits() -> None:
    # A hard ceiling well above the limit judged, so a runaway case cannot take the machine.
    ceiling = 4 * MEMORY_LIMIT_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    os.setsid()


def _run(argv: list[str], env: dict[str, str], cwd: Path, screen: bool) -> Outcome:
    """Run one command; a full-screen one gets a pseudo-terminal and Ctrl+Q after a moment."""
    started = time.monotonic()
    master = None
    if screen:
        master, slave = pty.openpty()
        fcntl_size = struct.pack("HHHH", 30, 100, 0, 0)
        import fcntl

        fcntl.ioctl(slave, termios.TIOCSWINSZ, fcntl_size)
        process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, preexec_fn=_limits
        )
        os.close(slave)
    else:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            preexec_fn=_limits,
        )
    chunks: list[bytes] = []
    source = master if master is not None else process.stdout.fileno()  # type: ignore[union-attr]
    quit_sent = False
    quit_at = started
    timed_out = False
    status = None
    usage = None
    while True:
        elapsed = time.monotonic() - started
        if screen and not quit_sent and elapsed > SCREEN_SETTLE_S:
            assert master is not None
            with _quiet():
                os.write(master, b"\x11")  # Ctrl+Q
            quit_sent = True
            quit_at = time.monotonic()
        if elapsed > TIME_LIMIT_S + SCREEN_SETTLE_S * screen:
            timed_out = True
            os.killpg(process.pid, signal.SIGKILL)
        ready, _, _ = select.select([source], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(source, 65536)
            except OSError as error:  # EIO: the terminal's other end closed
                if error.errno != errno.EIO:
                    raise
                chunk = b""
            if chunk:
                chunks.append(chunk)
                continue
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
    # A full-screen command is timed from Ctrl+Q; one that ended before it, from the start.
    seconds = time.monotonic() - quit_at
    if master is not None:
        with _quiet():
            while select.select([master], [], [], 0.05)[0]:
                chunk = os.read(master, 65536)
                if not chunk:
                    break
                chunks.append(chunk)
        os.close(master)
    elif process.stdout is not None:
        chunks.append(process.stdout.read())
        process.stdout.close()
    assert usage is not None and status is not None
    code = os.waitstatus_to_exitcode(status)
    return Outcome(
        seconds,
        usage.ru_maxrss / 1024,
        code,
        b"".join(chunks).decode("utf-8", "replace"),
        timed_out,
    )


class _quiet:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return exc[0] is not None and issubclass(exc[0], OSError)  # type: ignore[arg-type]


COMMANDS: dict[str, tuple[list[str], bool]] = {
    "today": (["today"], False),
    "today-json": (["today", "--json"], False),
    "history": (["history", "--all"], False),
    "history-json": (["history", "--json"], False),
    "export": (["export", "--format", "csv"], False),
    "export-json": (["export", "--format", "json"], False),
    "report": (["report"], False),
    "routines": (["routines"], False),
    "home": ([], True),
    "stats": (["stats"], True),
    "run": (["run", "b-isometrics"], True),
}


DRAWS = {"home": "Today", "stats": "Stats"}
"""A word each full-screen command's title shows once the screen is drawn."""
_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
ASKS_BEFORE_QUITTING = frozenset({"run"})
"""A running session asks before Ctrl+Q ends it: still running then is what it should do."""


# --- the state of the folders before and after -------------------------------------------------


def _snapshot(*roots: Path) -> dict[str, tuple[int, str]]:
    """Every entry under the roots: its mode and a digest of what it holds (or where it points)."""
    seen: dict[str, tuple[int, str]] = {}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            for name in dirs + files:
                path = Path(folder) / name
                info = path.lstat()
                if stat.S_ISREG(info.st_mode):
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                elif stat.S_ISLNK(info.st_mode):
                    digest = str(path.readlink())
                else:
                    digest = ""
                seen[str(path)] = (info.st_mode, digest)
    return seen


def _changed(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
    return sorted(
        path
        for path, entry in before.items()
        if Path(path).name not in CACHES and after.get(path) != entry
    )


# --- the whole run -----------------------------------------------------------------------------


def _base(folder: Path) -> tuple[Path, Path]:
    data, config = folder / "data", folder / "config"
    make_history(data, years=0.25, seed=3, end=date.today())
    config.mkdir()
    (data / "notice-seen").touch()
    subprocess.run(
        [BACKTIMER, "--data-dir", str(data), "--config-dir", str(config), "history"],
        check=True,
        capture_output=True,
    )
    return data, config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument("--commands", help="comma-separated commands (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every run")
    args = parser.parse_args(argv)
    commands = args.commands.split(",") if args.commands else list(COMMANDS)
    failures = 0
    runs = 0
    worst_s = worst_mb = 0.0
    with tempfile.TemporaryDirectory(prefix="hostile-") as temporary:
        base_data, base_config = _base(Path(temporary) / "base")
        for name, setup in CASES.items():
            if args.only and args.only not in name:
                continue
            for command in commands:
                folder = Path(temporary) / f"{name}-{command}"
                data, config = folder / "data", folder / "config"
                shutil.copytree(base_data, data, symlinks=True)
                shutil.copytree(base_config, config, symlinks=True)
                setup(data, config)
                before = _snapshot(data, config)
                words, screen = COMMANDS[command]
                env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="30")
                argv_ = [BACKTIMER, "--data-dir", str(data), "--config-dir", str(config), *words]
                if name == "relative-data-dir":
                    argv_ = [BACKTIMER, "--data-dir", "data", "--config-dir", "config", *words]
                elif name == "relative-env":
                    argv_ = [BACKTIMER, *words]
                    env.update(BACKTIMER_DATA_DIR="data", BACKTIMER_CONFIG_DIR="config")
                outcome = _run(argv_, env, folder, screen)
                changed = _changed(before, _snapshot(data, config))
                problems = []
                drawn = len(outcome.output) > 1000  # a hang before the first frame draws nothing
                if outcome.timed_out and not (command in ASKS_BEFORE_QUITTING and drawn):
                    problems.append(f"still running after {TIME_LIMIT_S:g} s")
                if outcome.seconds > TIME_LIMIT_S and not outcome.timed_out:
                    problems.append(f"took {outcome.seconds:.1f} s")
                if outcome.peak_mb > MEMORY_LIMIT_MB:
                    problems.append(f"used {outcome.peak_mb:.0f} MB")
                if "Traceback" in outcome.output or "Error:" in outcome.output:
                    problems.append("printed a traceback")
                if outcome.code not in (0, 1, 2, 3) and not outcome.timed_out:
                    problems.append(f"exit code {outcome.code}")
                plain = _ESCAPES.sub("", outcome.output)
                if command in DRAWS and DRAWS[command] not in plain:
                    problems.append("never drew its screen")
                if changed:
                    problems.append(f"changed {', '.join(changed)}")
                runs += 1
                if not outcome.timed_out:
                    worst_s = max(worst_s, outcome.seconds)
                worst_mb = max(worst_mb, outcome.peak_mb)
                line = f"{name:24} {command:13} {outcome.seconds:5.2f} s {outcome.peak_mb:5.0f} MB"
                if problems:
                    failures += 1
                    print(f"FAIL {line}  {'; '.join(problems)}")
                    tail = outcome.output.strip().splitlines()[-6:]
                    print("     " + "\n     ".join(t[:160] for t in tail))
                elif args.verbose:
                    print(f"ok   {line}")
                sys.stdout.flush()
                shutil.rmtree(folder, ignore_errors=True)
    print(f"{runs} runs, {failures} failed; slowest {worst_s:.2f} s, most memory {worst_mb:.0f} MB")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
