"""Browse the routine library: grouped by program in step order, with the chosen one in full."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from backtimer.domain.formatting import format_duration
from backtimer.domain.routine import Routine
from backtimer.render.describe import routine_text
from backtimer.services.today import with_current_targets
from backtimer.storage.library import Library, load_library, program_title

if TYPE_CHECKING:
    from backtimer.tui.app import BacktimerApp


class RoutinesScreen(Screen[None]):
    """The routine library: a list on the left, the highlighted routine on the right."""

    BINDINGS = [
        Binding("enter", "start", "Start", id="start", priority=True),
        Binding("escape", "home", "Today", id="home"),
        Binding("q", "app.quit", "Quit", id="quit"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="routine-problems")
        with Horizontal(id="routines-body"):
            yield OptionList(id="routine-list")
            with VerticalScroll(id="routine-detail"):
                yield Static("Loading routines…", id="routine-text")
        yield Footer()

    @property
    def backtimer(self) -> BacktimerApp:
        """The app, typed."""
        return cast("BacktimerApp", self.app)

    affected_leg: str | None = None
    """The leg chosen for diagnosed leg symptoms (program C), shown on that routine."""

    def on_mount(self) -> None:
        self.sub_title = "Routines"
        library = self.backtimer.library
        if library is not None:
            self.show_library(library)
        else:
            self.load()
        self.load_leg()

    @work(thread=True, exclusive=True, group="library-leg")
    def load_leg(self) -> None:
        """Read the affected leg off the event loop, then show it."""
        from backtimer.services.leg_symptoms import chosen_leg

        leg = chosen_leg(self.backtimer.dirs.data)
        self.app.call_from_thread(self._set_leg, leg)

    def _set_leg(self, leg: str | None) -> None:
        self.affected_leg = leg
        routine = self.highlighted_routine()
        if routine is not None and routine.diagnosed_leg_symptoms:
            self._show(routine)

    def _show(self, routine: Routine) -> None:
        library = self.backtimer.library
        following = library.get(routine.next) if library and routine.next else None
        name = following.name if following else None
        text = routine_text(routine, name, affected_leg=self.affected_leg)
        self.query_one("#routine-text", Static).update(text)

    @work(thread=True, exclusive=True, group="library")
    def load(self) -> None:
        """Read the routine files off the event loop."""
        library = load_library(self.backtimer.dirs)
        self.app.call_from_thread(self.show_library, library)

    def show_library(self, library: Library) -> None:
        """Fill the list, grouped by program, and report any broken user files."""
        self.backtimer.library = library
        options: list[Option | None] = []
        program: str | None = None
        for routine in library.routines:
            if routine.program != program:
                if program is not None:
                    options.append(None)
                program = routine.program
                options.append(Option(Content(program_title(program)), disabled=True))
            options.append(Option(self._label(routine), id=routine.id))
        routine_list = self.query_one("#routine-list", OptionList)
        routine_list.clear_options()
        routine_list.add_options(options)
        if library.routines:
            routine_list.highlighted = next(
                index for index, option in enumerate(routine_list.options) if not option.disabled
            )
        else:
            self.query_one("#routine-text", Static).update("No routines found.")
        routine_list.focus()
        self._show_problems(library)

    def _show_problems(self, library: Library) -> None:
        """Broken routine files stay listed above the library until they are fixed."""
        banner = self.query_one("#routine-problems", Static)
        count = len({problem.file for problem in library.problems})
        if not count:
            banner.display = False
            return
        files = "file" if count == 1 else "files"
        lines = [f"{count} routine {files} skipped (run `backtimer check FILE` for details):"]
        lines += [f"  {problem}" for problem in library.problems[:5]]
        if len(library.problems) > 5:
            lines.append(f"  … and {len(library.problems) - 5} more")
        banner.update(Content("\n".join(lines)))
        banner.display = True

    @staticmethod
    def _label(routine: Routine) -> Content:
        step = f"{routine.step}. " if routine.step is not None else ""
        mine = "  (yours)" if routine.source == "user" else ""
        # The name is the user's text, never markup.
        return Content.from_markup(
            "$name  [dim]$how_long[/]",
            name=f"{step}{routine.name}",
            how_long=f"{format_duration(routine.duration_seconds)}{mine}",
        )

    @on(OptionList.OptionHighlighted, "#routine-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        library = self.backtimer.library
        if library is None or event.option.id is None:
            return
        routine = library.get(event.option.id)
        if routine is not None:
            self._show(routine)
            self.query_one("#routine-detail", VerticalScroll).scroll_home(animate=False)

    def highlighted_routine(self) -> Routine | None:
        """The routine under the cursor."""
        routine_list = self.query_one("#routine-list", OptionList)
        library = self.backtimer.library
        if routine_list.highlighted is None or library is None:
            return None
        option = routine_list.get_option_at_index(routine_list.highlighted)
        return library.get(option.id) if option.id is not None else None

    def action_start(self) -> None:
        """Start a session of the highlighted routine, at the user's current targets."""
        routine = self.highlighted_routine()
        if routine is not None:
            self.start_progressed(routine)

    @work(thread=True, exclusive=True, group="start")
    def start_progressed(self, routine: Routine) -> None:
        """Read the accepted targets off the event loop, then start."""
        progressed = with_current_targets(routine, self.backtimer.dirs)
        self.app.call_from_thread(self.backtimer.start_run, progressed)

    def action_home(self) -> None:
        """Back to today's plan."""
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        """Move down the list (vi key)."""
        self.query_one("#routine-list", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move up the list (vi key)."""
        self.query_one("#routine-list", OptionList).action_cursor_up()
