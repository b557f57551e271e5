"""What the settings say and keep: `backtimer config`, `--quiet`, the speech notice said once, and a
theme chosen in the palette that lasts."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from backtimer.cli import main as cli_main
from backtimer.cli.main import main
from backtimer.services import cues
from backtimer.storage.config import Config, load_config, save_theme
from backtimer.storage.paths import Dirs
from backtimer.storage.plan import Plan, save_plan
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.notice import remember_notice
from backtimer.tui.screens.run import RunScreen
from tests.support.clock import FakeClock
from tests.support.waiting import settle, wait_for

SIZE = (100, 32)
NO_SPEECH = ("no-such-speech-program-here",)


@pytest.fixture
def ready(dirs: Dirs) -> Dirs:
    """A data folder where the first-run notice has been seen, following Mobility."""
    assert remember_notice(dirs) is None
    save_plan(dirs.data, Plan(("a1-mobility",)))
    return dirs


# --- backtimer config ----------------------------------------------------------------------------


def test_config_says_voice_rate_comes_from_the_speech_program(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    [rate] = [line for line in out.splitlines() if line.startswith("voice_rate")]
    assert "routine" not in rate  # no routine has a voice rate
    assert "the speech program's own" in rate


def test_config_shows_that_no_speech_program_was_found(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cues, "SPEECH_PROGRAMS", NO_SPEECH)
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "speech: No speech program found" in out


# --- --quiet -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "command"),
    [(["--quiet"], "app"), (["--quiet", "run", "a1-mobility"], "run")],
)
def test_quiet_before_any_command_is_accepted_and_silences_the_sessions(
    argv: list[str], command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/config.md: `backtimer --quiet` turns every sound off."""
    seen: dict[str, Any] = {}

    def fake_run_app(dirs: Dirs, **kwargs: Any) -> int:
        seen.update(kwargs)
        return 0

    monkeypatch.setattr(cli_main, "run_app", fake_run_app)
    assert main(argv) == 0
    if command == "app":
        assert seen["quiet"] is True
    else:
        assert seen["run_options"].quiet is True


async def test_a_quiet_app_starts_its_sessions_without_sound(
    ready: Dirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    real = cues.session_dispatcher

    def recording(config: Config, bell: Any, quiet: bool, data_dir: Path) -> cues.Dispatcher:
        asked.append(quiet)
        return real(config, bell, quiet, data_dir)

    monkeypatch.setattr(cues, "session_dispatcher", recording)
    app = BacktimerApp(dirs=ready, clock=FakeClock(), fsync=False, quiet=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, RunScreen), "the session started")
        assert asked == [True]


# --- the speech notice, once ---------------------------------------------------------------------


async def test_no_speech_program_is_said_once_not_at_every_session(
    ready: Dirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cues, "SPEECH_PROGRAMS", NO_SPEECH)
    said: list[str] = []

    async def one_session() -> list[str]:
        app = BacktimerApp(dirs=ready, clock=FakeClock(), fsync=False)
        app.notify = lambda message, **kwargs: said.append(str(message))  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            before = len(said)
            await pilot.press("n")
            await wait_for(pilot, lambda: isinstance(app.screen, RunScreen), "a session")
            await settle(pilot)
            return said[before:]

    first = await one_session()
    assert any("No speech program found" in message for message in first)
    second = await one_session()  # the next launch
    assert not any("No speech program found" in message for message in second)


# --- the theme -----------------------------------------------------------------------------------


def test_save_theme_changes_only_the_theme_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '# mine\nkeep_going = true  # count past\ntheme = "nord"\n\n[warnings]\nhalfway = false\n'
    )
    assert save_theme(path, "gruvbox", fsync=False) is None
    assert path.read_text() == (
        '# mine\nkeep_going = true  # count past\ntheme = "gruvbox"\n\n[warnings]\nhalfway = false\n'
    )


def test_save_theme_adds_the_line_above_the_first_table_or_makes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("bell = false\n[warnings]\ncountdown = 0")
    assert save_theme(path, "nord", fsync=False) is None
    config, problems = load_config(path)
    assert not problems
    assert (config.theme, config.bell, config.warnings.countdown) == ("nord", False, 0)
    fresh = tmp_path / "new" / "config.toml"
    assert save_theme(fresh, "nord", fsync=False) is None
    assert tomllib.loads(fresh.read_text()) == {"theme": "nord"}


def test_save_theme_leaves_a_broken_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("keep_going = tru\n")
    problem = save_theme(path, "nord", fsync=False)
    assert problem is not None and str(path) in problem
    assert path.read_text() == "keep_going = tru\n"


async def test_a_theme_chosen_in_the_app_is_there_after_a_restart(ready: Dirs) -> None:
    ready.config.mkdir(parents=True, exist_ok=True)
    ready.config_file.write_text("# my settings\nkeep_going = true\n")
    app = BacktimerApp(dirs=ready, config=load_config(ready.config_file)[0], fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert ready.config_file.read_text() == "# my settings\nkeep_going = true\n"
        app.theme = "nord"  # what choosing it in the command palette does
        await settle(pilot)
    config, problems = load_config(ready.config_file)
    assert not problems and config.theme == "nord" and config.keep_going
    assert ready.config_file.read_text().startswith("# my settings\n")
    again = BacktimerApp(dirs=ready, config=config, fsync=False)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_an_unknown_theme_in_the_file_is_reported_not_written_over(ready: Dirs) -> None:
    ready.config.mkdir(parents=True, exist_ok=True)
    ready.config_file.write_text('theme = "no-such-theme"\n')
    app = BacktimerApp(dirs=ready, config=load_config(ready.config_file)[0], fsync=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert ready.config_file.read_text() == 'theme = "no-such-theme"\n'
