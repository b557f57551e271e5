"""The documents say what the program does: the file format's values and the command line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backtimer.cli.main import build_parser
from backtimer.domain.vocabulary import PAIN_CHOICES_READ

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("choice", PAIN_CHOICES_READ)
def test_the_history_format_lists_every_pain_choice_a_file_may_hold(choice: str) -> None:
    assert f'`"{choice}"`' in (DOCS / "history-format.md").read_text(encoding="utf-8")


def test_every_global_option_the_settings_page_names_exists() -> None:
    """docs/config.md once promised a `backtimer --quiet` that the command line refused."""
    text = (DOCS / "config.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`backtimer (--[a-z-]+)", text))
    assert "--quiet" in named
    for option in sorted(named):
        build_parser().parse_args([option, "config"])  # an unknown option exits with an error
