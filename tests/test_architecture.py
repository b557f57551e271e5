"""The layering rules import-linter cannot see (what loads at import time, how tests import), and
the project's set-up staying honest."""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import backtimer

ROOT = Path(__file__).resolve().parent.parent


def domain_modules() -> list[str]:
    """Every backtimer module outside the `tui` package."""
    names = []
    for info in pkgutil.walk_packages(backtimer.__path__, prefix="backtimer."):
        if info.name == "backtimer.tui" or info.name.startswith("backtimer.tui."):
            continue
        if info.name == "backtimer.__main__":
            continue
        names.append(info.name)
    return sorted(names)


def test_domain_modules_import_no_textual() -> None:
    modules = domain_modules()
    assert {
        "backtimer.domain.routine",
        "backtimer.storage.routines",
        "backtimer.storage.library",
        "backtimer.cli.main",
    } <= set(modules)
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", text, re.DOTALL)
    assert block is not None, "README.md must open with a code block of set-up commands"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_setup_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = text.index("```")
    assert text[:first_block].count("\n") <= 3, "the commands must come first"
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[0].endswith("backtimer")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_shipped_routines_are_packaged_into_the_wheel() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"routines" = "backtimer/shipped_routines"' in pyproject


# --- boundaries and sizes that import-linter does not see ----------------------------------------

SRC = ROOT / "src" / "backtimer"
MAX_LINES = 400
PURE_PACKAGES = ("backtimer.domain", "backtimer.engine")
IMPURE = ("textual", "rich", "sqlite3", "_sqlite3", "tomli_w", "platformdirs")


def modules_under(package: str) -> list[str]:
    """`package` and every module below it."""
    found = importlib.import_module(package)
    names = [package]
    for info in pkgutil.walk_packages(found.__path__, prefix=f"{package}."):
        names.append(info.name)
    return sorted(names)


def test_domain_and_engine_load_no_textual_rich_sqlite_or_storage() -> None:
    modules = [name for package in PURE_PACKAGES for name in modules_under(package)]
    assert {"backtimer.domain.routine", "backtimer.domain.progression", "backtimer.engine"} <= set(
        modules
    )
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"impure = {IMPURE!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in impure\n"
        "    or m.startswith(('backtimer.storage', 'backtimer.services', 'backtimer.render',\n"
        "                     'backtimer.cli', 'backtimer.tui')))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def test_no_module_is_over_400_lines() -> None:
    sizes = {
        str(path.relative_to(SRC)): len(path.read_text(encoding="utf-8").splitlines())
        for path in SRC.rglob("*.py")
    }
    assert len(sizes) > 20
    assert {path: lines for path, lines in sizes.items() if lines > MAX_LINES} == {}


def test_tests_import_helpers_from_support_never_from_other_tests() -> None:
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                last = name.split(".")[-1]
                if last.startswith("test_") or last == "conftest":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert offenders == []
