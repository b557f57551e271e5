"""The Textual application: owns the folders and the loaded library, and starts on the home screen."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from backtimer.library import Library
from backtimer.paths import Dirs
from backtimer.tui.screens.notice import NoticeScreen, notice_seen, remember_notice
from backtimer.tui.screens.routines import RoutinesScreen


class BacktimerApp(App[int]):
    """backtimer's full-screen app."""

    CSS_PATH = "backtimer.tcss"
    TITLE = "backtimer"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Keys", show=False),
    ]

    def __init__(self, dirs: Dirs, *, library: Library | None = None) -> None:
        super().__init__()
        self.dirs = dirs
        self.library = library

    def on_mount(self) -> None:
        self.push_screen(RoutinesScreen())
        if not notice_seen(self.dirs):
            self.push_screen(NoticeScreen(), callback=self._notice_closed)

    def _notice_closed(self, _: None) -> None:
        problem = remember_notice(self.dirs)
        if problem:
            self.notify(problem, title="Could not save a setting", severity="warning")

    def action_help(self) -> None:
        """Show the key panel."""
        if self.screen.query("KeyPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
