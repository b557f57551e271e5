"""The ways out of a session, none of which loses a set without saying so.

`RunScreen` (in `run`) builds on this. Leaving the summary (Enter, `q`), quitting the app (Ctrl+Q,
Ctrl+C, the palette's quit) and the process being told to stop (SIGTERM, SIGHUP) all come here:

- quitting mid-session asks first, then ends the session as `q` does, the set in progress kept;
- nothing closes while a set is not on disk: the user is told how many would be lost and can
  retry, save the session to a file of their choosing, or leave anyway;
- a signal cannot wait for an answer: the session is written as `interrupted`, to a file of its
  own when the data folder refuses, and `interrupt` says where.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from textual import work

from backtimer.engine import Event, Phase
from backtimer.services.recorder import Recorder
from backtimer.services.unsaved import default_copy_path, exit_note, losing_text
from backtimer.services.workout_text import skip_question
from backtimer.storage.history.writer import HistoryWriteError
from backtimer.tui.dialogs.confirm import ConfirmScreen
from backtimer.tui.dialogs.unsaved import SaveCopyScreen, UnsavedChoice, UnsavedScreen
from backtimer.tui.screens.run_view import RunView

SAVE_WAIT = 10.0
"""How long leaving waits for a save already under way before asking what to do."""

Then = Callable[[], object]


class RunLeave(RunView):
    """Leaving a session: ask, keep what was done, and never drop unsaved sets silently."""

    recorder: Recorder

    def __init__(self) -> None:
        super().__init__()
        self._leaving = False
        """True from the moment a way out starts until it ends or the user stays."""

    def handle(self, events: Sequence[Event]) -> None:
        """Act on what the engine did (`RunScreen` does)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ quitting the app

    def ask_to_quit(self) -> None:
        """Ctrl+Q, Ctrl+C or the palette's quit: ask first, end the session keeping every set
        (the one in progress too), then quit once it is saved."""
        if self._leaving:
            return
        if self.session.status != "in_progress":
            self.leave(self.app.exit)
            return
        self._leaving = True

        def confirmed(yes: bool | None) -> None:
            self._leaving = False
            if yes:
                # Before anything was done there is nothing to keep, and no file is made.
                session = self.session
                if session.records or session.pains or session.phase in (Phase.WORK, Phase.RELAX):
                    self.handle(session.quit())
                self.leave(self.app.exit)

        question = (
            "The session ends here, and every set done so far is kept, the one in progress "
            "included."
        )
        if self._view.phase in (Phase.PAIN_AFTER, Phase.RED_FLAG):
            question = skip_question(self._view)  # the closing check-ins are saved as skipped
        self.app.push_screen(
            ConfirmScreen(f"Quit backtimer? {question}", yes="Quit", no="Keep training"),
            confirmed,
        )

    # ------------------------------------------------------------------ leaving

    def leave(self, then: Then | None = None) -> None:
        """Close the screen (then call `then`) once the session is on disk, or the user chose."""
        if self._leaving:
            return
        self._leaving = True
        self._when_saved(then)

    @work(thread=True, exclusive=True, group="leave")
    def _when_saved(self, then: Then | None) -> None:
        """Wait for a save under way (off the event loop), then decide."""
        self.recorder.wait_saved(SAVE_WAIT)
        self.app.call_from_thread(self._decide, then)

    def _decide(self, then: Then | None) -> None:
        if not self.recorder.pending:
            self._go(then)
            return
        problem = self.recorder.last_result.message or "the session is not on disk yet."
        losing = losing_text(self.recorder.unsaved_sets)

        def chosen(choice: UnsavedChoice | None) -> None:
            if choice == "retry":
                self.recorder.retry()
                self._when_saved(then)
            elif choice == "elsewhere":
                self._ask_path(then)
            elif choice == "leave":
                self._go(then)
            else:
                self._leaving = False

        self.app.push_screen(UnsavedScreen(problem, losing), chosen)

    def _ask_path(self, then: Then | None) -> None:
        def typed(path: str | None) -> None:
            if path:
                self._save_copy(Path(path), then)
            else:
                self._decide(then)

        suggestion = str(default_copy_path(self.recorder.record))
        self.app.push_screen(SaveCopyScreen(suggestion), typed)

    @work(thread=True, exclusive=True, group="leave")
    def _save_copy(self, path: Path, then: Then | None) -> None:
        """Write the session to `path` (off the event loop); leave when it is there."""
        try:
            saved = self.recorder.save_copy(path)
        except HistoryWriteError as error:
            self.app.call_from_thread(self._copy_failed, error.message, then)
            return
        self.app.call_from_thread(self._copied, saved, then)

    def _copy_failed(self, message: str, then: Then | None) -> None:
        self.notify(message, title="Not saved there either", severity="error", timeout=10)
        self._decide(then)

    def _copied(self, saved: Path, then: Then | None) -> None:
        data = self.recorder.data_dir
        note = f"Saved to {saved}. Move it into {data}/sessions/ to have it in your history."
        self.app.notify(note, title="Session saved elsewhere", timeout=15)
        notes: object = getattr(self.app, "exit_notes", None)
        if then is not None and isinstance(notes, list):
            notes.append(f"backtimer: the session was not saved under {data}. {note}")
        self._go(then)

    def _go(self, then: Then | None) -> None:
        if then is None:
            self.dismiss(None)
        else:
            then()

    # ------------------------------------------------------------------ signals

    def interrupt(self) -> str | None:
        """The process must stop now: keep the session, the set in progress included, marked
        interrupted if it had not ended; a line to print on exit when it went elsewhere."""
        running = self.session.status == "in_progress"
        if running:
            self.session.quit()
        flushed = self.recorder.flush(self.session, interrupted=running)
        return exit_note(flushed, self.recorder.data_dir)
