"""The app's theme: the one config.toml names, and one chosen in the command palette kept there."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.theme import Theme

    from backtimer.tui.app import BacktimerApp


def use_config_theme(app: BacktimerApp, *, fsync: bool) -> None:
    """Open on the config's theme (a name Textual does not know is reported), and from then on
    save a theme chosen in the app to config.toml, so the next start opens on it."""
    if app.config.theme in app.available_themes:
        app.theme = app.config.theme
    else:
        known = ", ".join(sorted(app.available_themes))
        app.notify(
            f"config.toml: theme {app.config.theme!r} is not known; themes: {known}",
            severity="warning",
            timeout=10,
        )

    def changed(theme: Theme) -> None:
        if theme.name != app.config.theme:
            app.config = replace(app.config, theme=theme.name)
            save = partial(_save, app, theme.name, fsync)
            app.run_worker(save, thread=True, exclusive=True, group="theme")

    app.theme_changed_signal.subscribe(app, changed)


def _save(app: BacktimerApp, theme: str, fsync: bool) -> None:
    """Write the theme (on a worker thread); say so when it cannot be saved."""
    from backtimer.storage.config import save_theme

    if problem := save_theme(app.dirs.config_file, theme, fsync=fsync):
        app.call_from_thread(app.notify, problem, severity="warning", timeout=10)
